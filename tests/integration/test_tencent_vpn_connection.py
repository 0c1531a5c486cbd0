# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""tencent_vpn_connection(_info) end to end: ansible-playbook against the emulator.

Every scenario asserts on the module's result and on the emulator's request
log: what was read, what was written, and that nothing secret was logged.
"""

from __future__ import annotations

import pytest

from conftest import SECRET_KEY

MODULE = "tencent_vpn_connection"
INFO = "tencent_vpn_connection_info"
PSK = "Psk-Sup3r-S3cret-Value"
OTHER_PSK = "Another-Secret-Key-9"
GATEWAY = "vpngw-emu00001"

BASE = {
    "name": "office",
    "vpn_gateway_id": GATEWAY,
    "vpc_id": "vpc-emu00001",
    "customer_gateway_id": "cgw-emu00001",
    "pre_shared_key": PSK,
    "security_policy_databases": [
        {"local_cidr_block": "10.0.0.0/16", "remote_cidr_blocks": ["192.168.1.0/24", "192.168.0.0/24"]}],
    "ike": {"version": "IKEV2", "encryption_algorithm": "AES-CBC-256", "authentication_algorithm": "SHA-256",
            "dh_group": "GROUP14", "lifetime_seconds": 28800},
    "ipsec": {"encryption_algorithm": "AES-CBC-256", "authentication_algorithm": "SHA-256",
              "pfs": "DH-GROUP14", "lifetime_seconds": 3600},
    "dpd_enable": True,
    "dpd_timeout": 40,
    "dpd_action": "restart",
    "tags": {"team": "network"},
}


def args(**overrides):
    merged = dict(BASE)
    merged.update(overrides)
    return merged


def writes(entries):
    return [entry for entry in entries if entry["kind"] == "write"]


def actions(entries):
    return [entry["action"] for entry in entries]


@pytest.fixture
def created(applied):
    return applied(MODULE, args())


def test_create_then_identical_rerun_only_reads(ansible, emulator):
    run = ansible(MODULE, args())
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    connection = run.result["vpn_connection"]
    assert connection["id"].startswith("vpnx-") and connection["state"] == "AVAILABLE"
    assert connection["ike"]["encryption_algorithm"] == "AES-CBC-256"
    assert "pre_shared_key" not in connection
    assert actions(writes(emulator.log())) == ["CreateVpnConnection"]

    emulator.clear_log()
    again = ansible(MODULE, args())
    assert again.rc == 0 and again.result["changed"] is False
    assert again.result["vpn_connection"]["id"] == connection["id"]
    entries = emulator.log()
    assert entries and writes(entries) == []
    assert set(actions(entries)) == {"DescribeVpnConnections"}


def test_reordered_lists_are_not_a_change(ansible, emulator, created):
    reordered = args(security_policy_databases=[{"local_cidr_block": "10.0.0.0/16",
                                                 "remote_cidr_blocks": ["192.168.0.0/24", "192.168.1.0/24"]}])
    assert reordered["security_policy_databases"] != BASE["security_policy_databases"]
    run = ansible(MODULE, reordered)
    assert run.rc == 0 and run.result["changed"] is False
    assert writes(emulator.log()) == []


def test_change_one_ike_field_sends_only_that_field(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "ike": {"dh_group": "GROUP19"}})
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["ike"]["dh_group"] == "GROUP19"
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyVpnConnectionAttribute"]
    assert sent[0]["params"] == {"VpnConnectionId": created["id"],
                                 "IKEOptionsSpecification": {"DhGroupName": "GROUP19"}}


def test_check_mode_predicts_and_writes_nothing(ansible, emulator, created):
    run = ansible(MODULE, args(ike={"lifetime_seconds": 3600}, negotiation_type="passive"), check=True, diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    diff = run.result["diff"]
    assert diff["before"]["ike"]["lifetime_seconds"] == 28800
    assert diff["after"]["ike"]["lifetime_seconds"] == 3600
    assert diff["after"]["negotiation_type"] == "passive"
    assert writes(emulator.log()) == []

    real = ansible(MODULE, args(ike={"lifetime_seconds": 3600}, negotiation_type="passive"), diff=True)
    assert real.result["changed"] is True
    assert real.result["diff"]["after"]["ike"] == diff["after"]["ike"]


def test_check_mode_create_writes_nothing(ansible, emulator):
    run = ansible(MODULE, args(), check=True)
    assert run.rc == 0 and run.result["changed"] is True
    assert writes(emulator.log()) == []


def test_diff_output_hides_the_pre_shared_key(ansible, emulator, created):
    run = ansible(MODULE, args(pre_shared_key=OTHER_PSK, ike={"mode": "AGGRESSIVE"}), diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    assert '"mode": "MAIN"' in run.stdout and '"mode": "AGGRESSIVE"' in run.stdout
    assert "<hidden, changed>" in run.stdout
    for secret in (PSK, OTHER_PSK):
        assert secret not in run.stdout
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyVpnConnectionAttribute"]
    assert sent[0]["params"]["PreShareKey"] == "********"
    assert sent[0]["params"]["IKEOptionsSpecification"] == {"ExchangeMode": "AGGRESSIVE"}


def test_same_key_is_not_sent_again(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "pre_shared_key": PSK})
    assert run.result["changed"] is False and writes(emulator.log()) == []


def test_lookup_by_name_and_rename_by_id(ansible, emulator, created):
    found = ansible(MODULE, {"name": "office", "vpn_gateway_id": GATEWAY, "negotiation_type": "passive"})
    assert found.result["vpn_connection"]["id"] == created["id"]
    renamed = ansible(MODULE, {"id": created["id"], "name": "office-2"})
    assert renamed.result["changed"] is True and renamed.result["vpn_connection"]["name"] == "office-2"
    assert writes(emulator.log())[-1]["params"] == {"VpnConnectionId": created["id"], "VpnConnectionName": "office-2"}


def test_two_connections_with_one_name_fail_listing_both(ansible, emulator, created):
    second = ansible(MODULE, args(customer_gateway_id="cgw-emu00002", name="other"))
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
    ({"security_policy_databases": [{"local_cidr_block": "10.0.0.0/33", "remote_cidr_blocks": ["1.0.0.0/8"]}]},
     "security_policy_databases[0].local_cidr_block"),
    ({"ike": {"lifetime_seconds": 10}}, "ike.lifetime_seconds"),
    ({"ike": {"encryption_algorithm": "ROT13"}}, "encryption_algorithm"),
])
def test_invalid_input_fails_before_any_request(ansible, emulator, bad, fragment):
    run = ansible(MODULE, args(**bad))
    assert run.rc != 0 and run.failed
    assert fragment in run.result["msg"]
    assert emulator.log() == []


def test_throttling_and_busy_answers_are_retried(ansible, emulator, created):
    emulator.fault("throttle", 2)
    emulator.fault("busy", 1)
    run = ansible(MODULE, {"id": created["id"], "ipsec": {"lifetime_seconds": 7200}})
    assert run.rc == 0 and run.result["changed"] is True
    entries = emulator.log()
    faults = [entry.get("fault") for entry in entries if entry.get("fault")]
    assert faults.count("throttle") == 2 and faults.count("busy") == 1
    modifies = [e for e in writes(entries) if not e.get("fault")]
    assert actions(modifies) == ["ModifyVpnConnectionAttribute"]


def test_server_errors_are_retried(ansible, emulator, created):
    emulator.fault("server_error", 2)
    run = ansible(MODULE, {"id": created["id"], "dpd_action": "clear"})
    assert run.rc == 0 and run.result["vpn_connection"]["dpd_action"] == "clear"


def test_lost_create_answer_does_not_create_twice(ansible, emulator):
    emulator.fault("lost_response", 1)
    run = ansible(MODULE, args())
    assert run.rc == 0 and run.result["changed"] is True
    assert actions(writes(emulator.log())) == ["CreateVpnConnection"]
    listed = ansible(INFO, {"vpn_gateway_id": GATEWAY}).result["vpn_connections"]
    assert [c["id"] for c in listed] == [run.result["vpn_connection"]["id"]]


def test_persistent_throttling_fails_when_the_time_budget_is_spent_saying_how_many_attempts(ansible, emulator, created):
    emulator.fault("throttle", 500)
    run = ansible(MODULE, {"id": created["id"], "name": "x"},
                  env={"CLOUDVPN_RETRY_MAX_ATTEMPTS": "4", "CLOUDVPN_RETRY_MAX_TOTAL": "3"})
    assert run.rc != 0
    assert "RequestLimitExceeded" in run.result["msg"] and "attempts" in run.result["msg"]
    assert run.result["error"]["code"] == "RequestLimitExceeded"
    # Throttling is bounded by time, not by the attempt count.
    attempts = run.result["error"]["attempts"]
    assert attempts > 4 and "after %d attempts" % attempts in run.result["msg"]
    assert len(emulator.log()) == attempts


def test_wrong_secret_key_fails_with_the_providers_auth_code(ansible, emulator):
    run = ansible(MODULE, args(), env={"TENCENTCLOUD_SECRET_KEY": "wrong-secret-key-123"})
    assert run.rc != 0
    assert run.result["error"]["code"] == "AuthFailure.SignatureFailure"
    assert run.result["error"]["request_id"]
    assert "wrong-secret-key-123" not in run.stdout + run.stderr


def test_immutable_change_needs_recreate(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": "vpngw-emu00002"})
    assert run.rc != 0 and "vpn_gateway_id" in run.result["msg"] and "recreate" in run.result["msg"]
    emulator.clear_log()
    recreated = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": "vpngw-emu00002", "recreate": True,
                                 "pre_shared_key": PSK}, diff=True)
    assert recreated.rc == 0, recreated.stdout
    connection = recreated.result["vpn_connection"]
    assert connection["recreated"] is True and connection["vpn_gateway_id"] == "vpngw-emu00002"
    assert connection["id"] != created["id"] and connection["ike"]["dh_group"] == "GROUP14"
    assert actions(writes(emulator.log())) == ["DeleteVpnConnection", "CreateVpnConnection"]


def test_no_secret_anywhere_in_verbose_output_or_log(ansible, emulator):
    runs = [ansible(MODULE, args(), verbosity=3),
            ansible(MODULE, args(pre_shared_key=OTHER_PSK), verbosity=3, diff=True),
            ansible(INFO, {"vpn_gateway_id": GATEWAY}, verbosity=3)]
    log_text = emulator.log_text()
    for run in runs:
        assert run.rc == 0
        for secret in (PSK, OTHER_PSK, SECRET_KEY):
            assert secret not in run.stdout and secret not in run.stderr
            assert secret not in log_text


def test_info_filters(ansible, emulator, created):
    ansible(MODULE, args(name="second", customer_gateway_id="cgw-emu00002"))
    everything = ansible(INFO, {}).result["vpn_connections"]
    assert sorted(c["name"] for c in everything) == ["office", "second"]
    assert all("pre_shared_key" not in c for c in everything)
    by_name = ansible(INFO, {"name": "second"}).result["vpn_connections"]
    assert [c["name"] for c in by_name] == ["second"]
    by_id = ansible(INFO, {"ids": [created["id"], "vpnx-unknown0"]}).result["vpn_connections"]
    assert [c["id"] for c in by_id] == [created["id"]]
    by_vpc = ansible(INFO, {"vpc_id": "vpc-emu00002"}).result["vpn_connections"]
    assert by_vpc == []


def test_wait_polls_through_pending_until_available(ansible, emulator, created):
    emulator.fault("pending", 3)
    run = ansible(MODULE, {"id": created["id"], "negotiation_type": "passive"})
    assert run.rc == 0 and run.result["vpn_connection"]["state"] == "AVAILABLE"
    entries = emulator.log()
    modify_at = actions(entries).index("ModifyVpnConnectionAttribute")
    polls = [e for e in entries[modify_at + 1:] if e["action"] == "DescribeVpnConnections"]
    assert len(polls) == 4  # three reads still PENDING, the fourth AVAILABLE


def test_no_wait_returns_while_pending(ansible, emulator, created):
    emulator.fault("pending", 3)
    run = ansible(MODULE, {"id": created["id"], "negotiation_type": "passive", "wait": False})
    assert run.rc == 0 and run.result["vpn_connection"]["state"] == "PENDING"


def test_wait_timeout_fails_clearly(ansible, emulator, created):
    emulator.fault("pending", 1000)
    run = ansible(MODULE, {"id": created["id"], "negotiation_type": "passive", "wait_timeout": 2})
    assert run.rc != 0 and "timed out after 2 seconds" in run.result["msg"]
    assert created["id"] in run.result["msg"]
