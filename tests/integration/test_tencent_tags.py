# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""tencent_vpn_connection: tags change in place through the Tag API (``ModifyResourceTags``).

Each scenario asserts on the result and on the emulator's request log: one
tag call per change, no recreate, no other write, nothing written in check
mode, only reads when nothing changes.
"""

from __future__ import annotations

import pytest

MODULE = "tencent_vpn_connection"
TAGS = {"team": "network", "env": "test", "owner": "ops"}
BASE = {
    "name": "tagged",
    "vpn_gateway_id": "vpngw-emu00001",
    "vpc_id": "vpc-emu00001",
    "customer_gateway_id": "cgw-emu00001",
    "pre_shared_key": "Tag-Test-Pre-Shared-Key-1",
    "tags": TAGS,
}
# Fast polls: a tag change with wait: true reads the connection once after the write.
FAST = {"CLOUDVPN_POLL_FIRST_DELAY": "0.1", "CLOUDVPN_POLL_INTERVAL": "0.1"}


def writes(entries):
    return [entry for entry in entries if entry["kind"] == "write"]


def actions(entries):
    return [entry["action"] for entry in entries]


@pytest.fixture
def created(ansible, emulator):
    run = ansible(MODULE, dict(BASE))
    assert run.rc == 0, run.stdout
    sent = writes(emulator.log())
    assert actions(sent) == ["CreateVpnConnection"]  # tags go in the create call
    assert {tag["Key"]: tag["Value"] for tag in sent[0]["params"]["Tags"]} == TAGS
    emulator.clear_log()
    return run.result["vpn_connection"]


def resource(connection_id):
    return "qcs::vpc:ap-guangzhou:uin/:vpnx/%s" % connection_id


def test_a_tag_change_is_one_modify_resource_tags_and_nothing_else(ansible, emulator, created):
    wanted = {"team": "security", "env": "test", "cost": "42"}
    run = ansible(MODULE, {"id": created["id"], "tags": wanted}, env=FAST, diff=True)
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True and "recreated" not in run.result["vpn_connection"]
    assert run.result["vpn_connection"]["id"] == created["id"]
    assert run.result["vpn_connection"]["tags"] == wanted  # read back after the write
    assert run.result["diff"]["before"]["tags"] == TAGS and run.result["diff"]["after"]["tags"] == wanted
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyResourceTags"]
    assert sent[0]["params"] == {
        "Resource": resource(created["id"]),
        "ReplaceTags": [{"TagKey": "cost", "TagValue": "42"}, {"TagKey": "team", "TagValue": "security"}],
        "DeleteTags": [{"TagKey": "owner"}],
    }
    # Tags live on the connection record: an unchanged re-run only reads.
    emulator.clear_log()
    again = ansible(MODULE, {"id": created["id"], "tags": wanted})
    assert again.rc == 0 and again.result["changed"] is False
    assert writes(emulator.log()) == [] and set(actions(emulator.log())) == {"DescribeVpnConnections"}


def test_tags_and_another_option_send_the_tag_call_then_the_modify(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "tags": dict(TAGS, env="prod"), "negotiation_type": "passive"},
                  env=FAST)
    assert run.rc == 0, run.stdout
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyResourceTags", "ModifyVpnConnectionAttribute"]
    assert sent[0]["params"]["ReplaceTags"] == [{"TagKey": "env", "TagValue": "prod"}]
    assert "DeleteTags" not in sent[0]["params"]
    assert sent[1]["params"] == {"VpnConnectionId": created["id"], "NegotiationType": "passive"}
    assert run.result["vpn_connection"]["tags"]["env"] == "prod"


def test_purge_tags_false_keeps_unlisted_tags(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "tags": {"env": "prod", "cost": 42}, "purge_tags": False},
                  env=FAST, diff=True)
    assert run.rc == 0, run.stdout
    expected = dict(TAGS, env="prod", cost="42")
    assert run.result["vpn_connection"]["tags"] == expected
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyResourceTags"]
    assert sent[0]["params"] == {"Resource": resource(created["id"]),
                                 "ReplaceTags": [{"TagKey": "cost", "TagValue": "42"},
                                                 {"TagKey": "env", "TagValue": "prod"}]}
    # Listed tags already present: no change, only reads.
    emulator.clear_log()
    again = ansible(MODULE, {"id": created["id"], "tags": {"cost": "42"}, "purge_tags": False})
    assert again.rc == 0 and again.result["changed"] is False
    assert writes(emulator.log()) == []


def test_empty_tags_with_purge_remove_every_tag(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "tags": {}}, env=FAST)
    assert run.rc == 0 and run.result["vpn_connection"]["tags"] == {}
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyResourceTags"]
    assert sent[0]["params"]["DeleteTags"] == [{"TagKey": "env"}, {"TagKey": "owner"}, {"TagKey": "team"}]


def test_check_mode_predicts_the_tags_and_writes_nothing(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "tags": {"team": "security"}}, check=True, diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    # purge_tags: true, so the removed tags are gone from the prediction.
    assert run.result["diff"]["after"]["tags"] == {"team": "security"}
    assert run.result["vpn_connection"]["tags"] == {"team": "security"}
    assert writes(emulator.log()) == [] and actions(emulator.log()) == ["DescribeVpnConnections"]

    kept = ansible(MODULE, {"id": created["id"], "tags": {"team": "security"}, "purge_tags": False},
                   check=True, diff=True)
    assert kept.result["diff"]["after"]["tags"] == dict(TAGS, team="security")
    assert writes(emulator.log()) == []


def test_without_wait_the_tag_change_reads_nothing_after_the_write(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "tags": {"team": "security"}, "wait": False})
    assert run.rc == 0 and run.result["vpn_connection"]["tags"] == {"team": "security"}
    assert actions(emulator.log()) == ["DescribeVpnConnections", "ModifyResourceTags"]


def test_a_lost_tag_answer_is_read_before_any_resend(ansible, emulator, created):
    emulator.fault("lost_response", 1, kind="write")
    run = ansible(MODULE, {"id": created["id"], "tags": {"team": "security"}}, env=FAST)
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True and run.result["vpn_connection"]["tags"] == {"team": "security"}
    # The write was applied although its answer was lost: the read shows it, so it is not sent again.
    assert actions(writes(emulator.log())) == ["ModifyResourceTags"]


def test_tag_endpoint_is_where_the_tag_call_goes(ansible, emulator, created):
    # Nothing listens on port 9: the tag call fails there, and the VPC calls still reach the emulator.
    run = ansible(MODULE, {"id": created["id"], "tags": {"team": "security"}, "tag_endpoint": "http://127.0.0.1:9"},
                  env=dict(FAST, CLOUDVPN_RETRY_MAX_ATTEMPTS="1"))
    assert run.rc != 0
    assert actions(emulator.log()) and set(actions(emulator.log())) == {"DescribeVpnConnections"}


def test_an_invalid_tag_endpoint_fails_before_any_request(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "tags": {"team": "security"}, "tag_endpoint": "ftp://tag.example"})
    assert run.rc != 0 and "tag_endpoint" in run.result["msg"]
    assert emulator.log() == []
