# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""huawei_vpn_connection(_info) end to end: ansible-playbook against the emulator.

Every scenario asserts on the module's result and on the emulator's request
log: what was read, what was written, and that nothing secret was logged.
The IAM project lookup is a read in that log too (``KeystoneListProjects``).
"""

from __future__ import annotations

import hashlib

import pytest

MODULE = "huawei_vpn_connection"
INFO = "huawei_vpn_connection_info"
PSK = "Psk-Sup3r-S3cret-Value"
OTHER_PSK = "Another-Secret-Key-9"
HW_SECRET_KEY = "emulator-huawei-secret-key"
GATEWAY = "5e1f0000-0000-4000-8000-00000000a001"
GATEWAY_EIP = "5e1f0000-0000-4000-8000-00000000e001"
OTHER_GATEWAY = "5e1f0000-0000-4000-8000-00000000a002"
OTHER_GATEWAY_EIP = "5e1f0000-0000-4000-8000-00000000e003"
CUSTOMER_GATEWAY = "5e1f0000-0000-4000-8000-00000000c001"
OTHER_CUSTOMER_GATEWAY = "5e1f0000-0000-4000-8000-00000000c002"
PROJECT_ID = hashlib.sha256(b"cloudvpn-emulator-project:cn-north-4").hexdigest()[:32]
LOOKUP = "KeystoneListProjects"

BASE = {
    "name": "office",
    "vpn_gateway_id": GATEWAY,
    "vpn_gateway_ip": GATEWAY_EIP,
    "customer_gateway_id": CUSTOMER_GATEWAY,
    "style": "policy",
    "pre_shared_key": PSK,
    "peer_subnets": ["192.168.1.0/24", "192.168.0.0/24"],
    "policy_rules": [{"source": "10.0.0.0/24", "destination": ["192.168.1.0/24", "192.168.0.0/24"]}],
    "ike": {"version": "v2", "encryption_algorithm": "aes-256", "authentication_algorithm": "sha2-256",
            "dh_group": "group14", "lifetime_seconds": 28800, "dpd": {"timeout": 15, "interval": 30}},
    "ipsec": {"encryption_algorithm": "aes-256", "authentication_algorithm": "sha2-256", "pfs": "group14",
              "lifetime_seconds": 3600},
    "tags": {"team": "network", "env": "test"},
}


def args(**overrides):
    merged = dict(BASE)
    merged.update(overrides)
    return merged


def writes(entries):
    return [entry for entry in entries if entry["kind"] == "write"]


def actions(entries):
    return [entry["action"] for entry in entries]


def vpn_reads(entries):
    return [entry for entry in entries if entry["kind"] == "read" and entry["action"] != LOOKUP]


@pytest.fixture
def created(applied):
    return applied(MODULE, args())


def test_create_then_identical_rerun_only_reads(ansible, emulator):
    run = ansible(MODULE, args())
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    connection = run.result["vpn_connection"]
    assert len(connection["id"]) == 36 and connection["status"] == "ACTIVE"
    assert connection["style"] == "POLICY"  # read back upper case
    assert connection["ike"]["encryption_algorithm"] == "aes-256"
    assert connection["tags"] == {"team": "network", "env": "test"}
    assert "pre_shared_key" not in connection
    sent = writes(emulator.log())
    assert actions(sent) == ["CreateVpnConnection"]
    assert sent[0]["params"]["vpn_connection"]["psk"] == "********"
    assert sent[0]["params"]["vpn_connection"]["style"] == "policy"

    emulator.clear_log()
    again = ansible(MODULE, args())
    assert again.rc == 0 and again.result["changed"] is False
    assert again.result["vpn_connection"]["id"] == connection["id"]
    entries = emulator.log()
    assert entries and writes(entries) == []
    assert actions(entries) == [LOOKUP, "ListVpnConnections"]


def test_reordered_lists_are_not_a_change(ansible, emulator, created):
    reordered = args(peer_subnets=["192.168.0.0/24", "192.168.1.0/24"],
                     policy_rules=[{"rule_index": 1, "source": "10.0.0.0/24",
                                    "destination": ["192.168.0.0/24", "192.168.1.0/24"]}])
    run = ansible(MODULE, reordered)
    assert run.rc == 0 and run.result["changed"] is False
    assert writes(emulator.log()) == []


def test_change_one_field_sends_only_that_field(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "ipsec": {"lifetime_seconds": 7200}, "ike": {"dh_group": "group14"}})
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["ipsec"]["lifetime_seconds"] == 7200
    sent = writes(emulator.log())
    assert actions(sent) == ["UpdateVpnConnection"]
    assert sent[0]["params"] == {"vpn_connection": {"ipsecpolicy": {"lifetime_seconds": 7200}}}
    assert sent[0]["path"] == "/v5/%s/vpn-connection/%s" % (PROJECT_ID, created["id"])


def test_one_dpd_field_is_sent_alone(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "ike": {"dpd": {"interval": 60}}})
    assert run.rc == 0 and run.result["vpn_connection"]["ike"]["dpd"] == {
        "timeout": 15, "interval": 60, "msg": "seq-hash-notify"}
    assert writes(emulator.log())[0]["params"] == {"vpn_connection": {"ikepolicy": {"dpd": {"interval": 60}}}}


def test_check_mode_predicts_and_writes_nothing(ansible, emulator, created):
    change = args(ike={"lifetime_seconds": 3600}, enable_hub=True)
    run = ansible(MODULE, change, check=True, diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    diff = run.result["diff"]
    assert diff["before"]["ike"]["lifetime_seconds"] == 28800
    assert diff["after"]["ike"]["lifetime_seconds"] == 3600
    assert diff["after"]["enable_hub"] is True
    assert writes(emulator.log()) == []

    real = ansible(MODULE, change, diff=True)
    assert real.result["changed"] is True
    assert real.result["diff"]["after"]["ike"] == diff["after"]["ike"]


def test_check_mode_diff_with_purge_tags_shows_the_tags_removed(ansible, emulator, created):
    change = {"id": created["id"], "tags": {"team": "network", "owner": "ops"}}
    run = ansible(MODULE, change, check=True, diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["diff"]["before"]["tags"] == {"team": "network", "env": "test"}
    assert run.result["diff"]["after"]["tags"] == {"team": "network", "owner": "ops"}
    assert run.result["vpn_connection"]["tags"] == {"team": "network", "owner": "ops"}
    assert writes(emulator.log()) == []
    real = ansible(MODULE, change, diff=True)
    assert real.result["vpn_connection"]["tags"] == run.result["vpn_connection"]["tags"]


def test_check_mode_create_writes_nothing(ansible, emulator):
    run = ansible(MODULE, args(), check=True)
    assert run.rc == 0 and run.result["changed"] is True
    assert writes(emulator.log()) == []


def test_diff_hides_the_key_and_always_sends_it(ansible, emulator, created):
    run = ansible(MODULE, args(pre_shared_key=OTHER_PSK, update_pre_shared_key="always"), diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    assert "<hidden, changed>" in run.stdout
    for secret in (PSK, OTHER_PSK):
        assert secret not in run.stdout
    sent = writes(emulator.log())
    assert actions(sent) == ["UpdateVpnConnection"]
    assert sent[0]["params"] == {"vpn_connection": {"psk": "********"}}


def test_on_create_never_sends_the_key_again(ansible, emulator, created):
    run = ansible(MODULE, args(pre_shared_key=OTHER_PSK))
    assert run.rc == 0 and run.result["changed"] is False
    assert writes(emulator.log()) == []


def test_lookup_by_name_and_rename_by_id(ansible, emulator, created):
    found = ansible(MODULE, {"name": "office", "vpn_gateway_id": GATEWAY, "enable_hub": True})
    assert found.result["vpn_connection"]["id"] == created["id"]
    renamed = ansible(MODULE, {"id": created["id"], "name": "office-2"})
    assert renamed.result["changed"] is True and renamed.result["vpn_connection"]["name"] == "office-2"
    assert writes(emulator.log())[-1]["params"] == {"vpn_connection": {"name": "office-2"}}


def test_two_connections_with_one_name_fail_listing_both(ansible, emulator, created):
    second = ansible(MODULE, args(customer_gateway_id=OTHER_CUSTOMER_GATEWAY, name="other"))
    other_id = second.result["vpn_connection"]["id"]
    ansible(MODULE, {"id": other_id, "name": "office"})
    emulator.clear_log()
    run = ansible(MODULE, args())
    assert run.rc != 0 and run.failed
    assert created["id"] in run.result["msg"] and other_id in run.result["msg"]
    assert writes(emulator.log()) == []


def test_absent_then_absent_again(ansible, emulator, created):
    run = ansible(MODULE, {"name": "office", "vpn_gateway_id": GATEWAY, "state": "absent"})
    assert run.rc == 0 and run.result["changed"] is True and run.result["vpn_connection"] == {}
    assert actions(writes(emulator.log())) == ["DeleteVpnConnection"]
    emulator.clear_log()
    again = ansible(MODULE, {"id": created["id"], "state": "absent"})
    assert again.rc == 0 and again.result["changed"] is False
    assert writes(emulator.log()) == []


def test_absent_in_check_mode_keeps_the_connection(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "state": "absent"}, check=True)
    assert run.result["changed"] is True and writes(emulator.log()) == []
    assert ansible(INFO, {"ids": [created["id"]]}).result["vpn_connections"][0]["id"] == created["id"]


@pytest.mark.parametrize("bad, fragment", [
    ({"peer_subnets": ["10.0.0.0/33"]}, "peer_subnets[0]"),
    ({"ike": {"lifetime_seconds": 10}}, "ike.lifetime_seconds"),
    ({"ike": {"encryption_algorithm": "ROT13"}}, "encryption_algorithm"),
    ({"pre_shared_key": "alllowercase"}, "pre_shared_key"),
    ({"tunnel_local_address": "10.0.0.1/30"}, "tunnel_local_address"),
    ({"region": "north-4"}, "region"),
])
def test_invalid_input_fails_before_any_request(ansible, emulator, bad, fragment):
    run = ansible(MODULE, args(**bad))
    assert run.rc != 0 and run.failed
    assert fragment in run.result["msg"]
    assert emulator.log() == []


def test_a_sixth_policy_rule_fails_before_any_request(ansible, emulator):
    rules = [{"source": "10.0.%d.0/24" % n, "destination": ["192.168.%d.0/24" % n]} for n in range(6)]
    run = ansible(MODULE, args(policy_rules=rules))
    assert run.rc != 0 and run.failed
    assert "policy_rules" in run.result["msg"] and "at most 5" in run.result["msg"]
    assert emulator.log() == []
    five = ansible(MODULE, args(policy_rules=rules[:5]))
    assert five.rc == 0, five.stdout
    assert len(five.result["vpn_connection"]["policy_rules"]) == 5


def test_project_is_looked_up_once_per_run(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "ike": {"lifetime_seconds": 7200}})
    assert run.rc == 0 and run.result["changed"] is True
    entries = emulator.log()
    assert actions(entries).count(LOOKUP) == 1 and actions(entries)[0] == LOOKUP
    assert len(vpn_reads(entries)) >= 2  # the read before the update and the read(s) after it
    assert entries[0]["params"] == {"name": "cn-north-4"}


def test_no_lookup_when_project_id_is_given(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "ike": {"lifetime_seconds": 7200}, "project_id": PROJECT_ID})
    assert run.rc == 0 and run.result["changed"] is True
    assert LOOKUP not in actions(emulator.log())
    emulator.clear_log()
    from_env = ansible(INFO, {}, env={"HW_PROJECT_ID": PROJECT_ID})
    assert [c["id"] for c in from_env.result["vpn_connections"]] == [created["id"]]
    assert actions(emulator.log()) == ["ListVpnConnections"]


@pytest.mark.parametrize("region, fragment", [("cn-north-9", "no project named cn-north-9"),
                                              ("la-north-2", "2 projects named la-north-2")])
def test_zero_or_several_projects_fail_clearly(ansible, emulator, region, fragment):
    run = ansible(MODULE, args(region=region))
    assert run.rc != 0 and fragment in run.result["msg"] and "project_id" in run.result["msg"]
    assert actions(emulator.log()) == [LOOKUP]


def test_changed_tag_sends_only_the_tag_calls(ansible, emulator, created):
    run = ansible(MODULE, args(tags={"team": "security", "env": "test", "owner": "ops"}))
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["tags"] == {"team": "security", "env": "test", "owner": "ops"}
    sent = writes(emulator.log())
    assert actions(sent) == ["BatchDeleteResourceTags", "BatchCreateResourceTags"]
    assert sent[0]["path"].endswith("/vpn-connection/%s/tags/delete" % created["id"])
    assert sent[0]["params"] == {"tags": [{"key": "team", "value": "network"}]}
    assert sent[1]["params"] == {"tags": [{"key": "owner", "value": "ops"}, {"key": "team", "value": "security"}]}


def test_purge_tags_false_keeps_other_tags(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "tags": {"owner": "ops"}, "purge_tags": False}, diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["tags"] == {"team": "network", "env": "test", "owner": "ops"}
    assert actions(writes(emulator.log())) == ["BatchCreateResourceTags"]
    emulator.clear_log()
    again = ansible(MODULE, {"id": created["id"], "tags": {"owner": "ops"}, "purge_tags": False})
    assert again.result["changed"] is False and writes(emulator.log()) == []
    purged = ansible(MODULE, {"id": created["id"], "tags": {"owner": "ops"}})
    assert purged.result["vpn_connection"]["tags"] == {"owner": "ops"}
    assert actions(writes(emulator.log())) == ["BatchDeleteResourceTags"]


def test_throttling_and_busy_answers_are_retried(ansible, emulator, created):
    emulator.fault("throttle", 2, provider="huawei")
    emulator.fault("busy", 1, provider="huawei")
    run = ansible(MODULE, {"id": created["id"], "ipsec": {"lifetime_seconds": 7200}})
    assert run.rc == 0 and run.result["changed"] is True
    entries = emulator.log()
    faults = [entry.get("fault") for entry in entries if entry.get("fault")]
    assert faults.count("throttle") == 2 and faults.count("busy") == 1
    updates = [e for e in writes(entries) if not e.get("fault")]
    assert actions(updates) == ["UpdateVpnConnection"]


def test_server_errors_are_retried(ansible, emulator, created):
    emulator.fault("server_error", 2, provider="huawei")
    run = ansible(MODULE, {"id": created["id"], "enable_hub": True})
    assert run.rc == 0 and run.result["vpn_connection"]["enable_hub"] is True


def test_persistent_throttling_fails_when_the_time_budget_is_spent_saying_how_many_attempts(
        ansible, emulator, created):
    emulator.fault("throttle", 500, provider="huawei")
    run = ansible(MODULE, {"id": created["id"], "name": "x"},
                  env={"CLOUDVPN_RETRY_MAX_ATTEMPTS": "3", "CLOUDVPN_RETRY_MAX_TOTAL": "3"})
    assert run.rc != 0
    error = run.result["error"]
    assert error["code"] == "APIG.0308" and error["http_status"] == 429
    # Throttling is retried while the call's time budget lasts, not bounded by the attempt count.
    assert error["attempts"] > 3 and "after %d attempts" % error["attempts"] in run.result["msg"]
    assert len(emulator.log()) == error["attempts"]
    assert error["request_id"]  # from the X-Request-Id header


def test_lost_create_answer_does_not_create_twice(ansible, emulator):
    emulator.fault("lost_response", 1, provider="huawei")
    run = ansible(MODULE, args())
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    assert actions(writes(emulator.log())) == ["CreateVpnConnection"]
    listed = ansible(INFO, {"vpn_gateway_id": GATEWAY}).result["vpn_connections"]
    assert [c["id"] for c in listed] == [run.result["vpn_connection"]["id"]]


def test_lost_update_answer_is_checked_not_blindly_resent(ansible, emulator, created):
    emulator.fault("lost_response", 1, provider="huawei")
    run = ansible(MODULE, {"id": created["id"], "ipsec": {"lifetime_seconds": 7200}})
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True and run.result["vpn_connection"]["ipsec"]["lifetime_seconds"] == 7200
    assert actions(writes(emulator.log())) == ["UpdateVpnConnection"]


def test_lost_delete_answer_counts_as_deleted(ansible, emulator, created):
    emulator.fault("lost_response", 1, provider="huawei")
    run = ansible(MODULE, {"id": created["id"], "state": "absent"})
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    assert actions(writes(emulator.log())) == ["DeleteVpnConnection"]


def test_wrong_secret_key_fails_with_the_providers_auth_code(ansible, emulator):
    run = ansible(MODULE, args(), env={"HW_SECRET_KEY": "wrong-secret-key-123"})
    assert run.rc != 0
    assert run.result["error"]["code"] == "APIG.0301" and run.result["error"]["http_status"] == 401
    assert run.result["error"]["request_id"]
    assert "wrong-secret-key-123" not in run.stdout + run.stderr
    assert writes(emulator.log()) == []


def test_parameter_errors_in_the_code_message_format(ansible, emulator):
    # The emulator answers VPN.0001 as {"code", "message"}: the module reads that format too.
    run = ansible(MODULE, args(customer_gateway_id="5e1f0000-0000-4000-8000-0000000000ff"))
    assert run.rc != 0
    assert run.result["error"]["code"] == "VPN.0001" and "cgw_id" in run.result["error"]["message"]
    assert run.result["error"]["request_id"]


def test_immutable_change_needs_recreate(ansible, emulator, created):
    moved = {"id": created["id"], "vpn_gateway_id": OTHER_GATEWAY, "vpn_gateway_ip": OTHER_GATEWAY_EIP}
    run = ansible(MODULE, moved)
    assert run.rc != 0 and "vpn_gateway_id" in run.result["msg"] and "recreate" in run.result["msg"]
    assert writes(emulator.log()) == []
    emulator.clear_log()
    recreated = ansible(MODULE, dict(moved, recreate=True, pre_shared_key=PSK), diff=True)
    assert recreated.rc == 0, recreated.stdout
    connection = recreated.result["vpn_connection"]
    assert connection["recreated"] is True and connection["vpn_gateway_id"] == OTHER_GATEWAY
    assert connection["id"] != created["id"] and connection["ike"]["dh_group"] == "group14"
    assert connection["tags"] == BASE["tags"]
    assert actions(writes(emulator.log())) == ["DeleteVpnConnection", "CreateVpnConnection"]


def test_no_secret_anywhere_in_verbose_output_or_log(ansible, emulator):
    runs = [ansible(MODULE, args(), verbosity=3),
            ansible(MODULE, args(pre_shared_key=OTHER_PSK, update_pre_shared_key="always"), verbosity=3, diff=True),
            ansible(INFO, {"vpn_gateway_id": GATEWAY}, verbosity=3)]
    log_text = emulator.log_text()
    for run in runs:
        assert run.rc == 0
        for secret in (PSK, OTHER_PSK, HW_SECRET_KEY):
            assert secret not in run.stdout and secret not in run.stderr
            assert secret not in log_text


def test_info_filters(ansible, emulator, created):
    ansible(MODULE, args(name="second", customer_gateway_id=OTHER_CUSTOMER_GATEWAY))
    ansible(MODULE, args(name="third", vpn_gateway_id=OTHER_GATEWAY, vpn_gateway_ip=OTHER_GATEWAY_EIP))
    emulator.clear_log()
    everything = ansible(INFO, {}).result["vpn_connections"]
    assert sorted(c["name"] for c in everything) == ["office", "second", "third"]
    assert all("pre_shared_key" not in c for c in everything)
    assert actions(emulator.log()) == [LOOKUP, "ListVpnConnections"]
    by_name = ansible(INFO, {"name": "second"}).result["vpn_connections"]
    assert [c["name"] for c in by_name] == ["second"]
    by_gateway = ansible(INFO, {"vpn_gateway_id": OTHER_GATEWAY}).result["vpn_connections"]
    assert [c["name"] for c in by_gateway] == ["third"]
    by_id = ansible(INFO, {"ids": [created["id"], "00000000-0000-4000-8000-000000000000"]}).result["vpn_connections"]
    assert [c["id"] for c in by_id] == [created["id"]]


def test_wait_polls_through_pending_until_active(ansible, emulator, created):
    emulator.fault("pending", 3, provider="huawei")
    run = ansible(MODULE, {"id": created["id"], "enable_hub": True})
    assert run.rc == 0 and run.result["vpn_connection"]["status"] == "ACTIVE"
    entries = emulator.log()
    update_at = actions(entries).index("UpdateVpnConnection")
    polls = [e for e in entries[update_at + 1:] if e["action"] == "ShowVpnConnection"]
    assert len(polls) == 4  # three reads still PENDING_UPDATE, the fourth ACTIVE


def test_no_wait_returns_while_pending(ansible, emulator, created):
    emulator.fault("pending", 3, provider="huawei")
    run = ansible(MODULE, {"id": created["id"], "enable_hub": True, "wait": False})
    assert run.rc == 0 and run.result["vpn_connection"]["status"] == "PENDING_UPDATE"
