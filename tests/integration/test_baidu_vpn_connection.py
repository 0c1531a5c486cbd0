# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""baidu_vpn_connection(_info) end to end: ansible-playbook against the emulator.

Every scenario asserts on the module's result and on the emulator's request
log: what was read, what was written, and that nothing secret was logged.
"""

from __future__ import annotations

import pytest

from conftest import BAIDU_SECRET_KEY

MODULE = "baidu_vpn_connection"
INFO = "baidu_vpn_connection_info"
PSK = "Psk_S3cret(1)"
OTHER_PSK = "An0ther^Key!"
GATEWAY = "vpn-emu00001"
MASK = "********"

BASE = {
    "name": "office",
    "vpn_gateway_id": GATEWAY,
    "pre_shared_key": PSK,
    "local_subnets": ["10.0.0.0/16", "10.1.0.0/16"],
    "remote_ip": "198.51.100.1",
    "remote_subnets": ["192.168.1.0/24", "192.168.0.0/24"],
    "description": "office tunnel",
    "ike": {"version": "v2", "mode": "main", "encryption_algorithm": "aes256",
            "authentication_algorithm": "sha2_256", "dh_group": "group14", "lifetime_seconds": 28800},
    "ipsec": {"encryption_algorithm": "aes256", "authentication_algorithm": "sha2_256", "pfs": "group14",
              "lifetime_seconds": 3600},
}


def args(**overrides):
    merged = dict(BASE)
    merged.update(overrides)
    return merged


def writes(entries):
    return [entry for entry in entries if entry["kind"] == "write"]


def applied(entries):
    """Writes that reached the handler (not answered by an injected error fault)."""
    return [entry for entry in writes(entries) if entry.get("fault") in (None, "lost_response", "pending")]


def actions(entries):
    return [entry["action"] for entry in entries]


def put_body(entry):
    """A logged PUT's body: its parameters without the path ID and the clientToken."""
    return {key: value for key, value in entry["params"].items() if key not in ("vpnConnId", "clientToken")}


def state_body(connection, **changes):
    """The full PUT body that keeps ``connection`` (a module result) as it is, with ``changes``."""
    body = {
        "vpnId": connection["vpn_gateway_id"], "secretKey": MASK, "vpnConnName": connection["name"],
        "localSubnets": connection["local_subnets"], "remoteIp": connection["remote_ip"],
        "remoteSubnets": connection["remote_subnets"], "description": connection["description"],
        "ikeConfig": {"ikeVersion": connection["ike"]["version"], "ikeMode": connection["ike"]["mode"],
                      "ikeEncAlg": connection["ike"]["encryption_algorithm"],
                      "ikeAuthAlg": connection["ike"]["authentication_algorithm"],
                      "ikePfs": connection["ike"]["dh_group"], "ikeLifeTime": connection["ike"]["lifetime_seconds"]},
        "ipsecConfig": {"ipsecEncAlg": connection["ipsec"]["encryption_algorithm"],
                        "ipsecAuthAlg": connection["ipsec"]["authentication_algorithm"],
                        "ipsecPfs": connection["ipsec"]["pfs"],
                        "ipsecLifetime": connection["ipsec"]["lifetime_seconds"]},
    }
    for key, value in changes.items():
        if isinstance(value, dict):
            body[key] = dict(body[key], **value)
        else:
            body[key] = value
    return body


def listed(ansible, **filters):
    run = ansible(INFO, dict({"vpn_gateway_id": GATEWAY}, **filters))
    assert run.rc == 0, run.stdout
    return run.result["vpn_connections"]


@pytest.fixture
def created(applied):
    return applied(MODULE, args())


def test_create_then_identical_rerun_only_reads(ansible, emulator):
    run = ansible(MODULE, args())
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    connection = run.result["vpn_connection"]
    assert connection["id"].startswith("vpnconn-") and connection["status"] == "active"
    assert connection["ike"]["lifetime_seconds"] == 28800  # read back as "28800s"
    assert connection["ipsec"]["lifetime_seconds"] == 3600
    assert connection["local_ip"] == "203.0.113.20"
    assert "pre_shared_key" not in connection
    sent = writes(emulator.log())
    assert actions(sent) == ["CreateVpnConn"]
    assert sent[0]["params"]["clientToken"] == MASK  # a token is sent (masked in the log, as any *token*)
    assert sent[0]["params"]["ikeConfig"] == {"ikeVersion": "v2", "ikeMode": "main", "ikeEncAlg": "aes256",
                                              "ikeAuthAlg": "sha2_256", "ikePfs": "group14", "ikeLifeTime": 28800}

    emulator.clear_log()
    again = ansible(MODULE, args())
    assert again.rc == 0 and again.result["changed"] is False
    assert again.result["vpn_connection"]["id"] == connection["id"]
    entries = emulator.log()
    assert actions(entries) == ["ListVpnConn"]


def test_reordered_subnets_are_not_a_change(ansible, emulator, created):
    run = ansible(MODULE, args(local_subnets=["10.1.0.0/16", "10.0.0.0/16"],
                               remote_subnets=["192.168.0.0/24", "192.168.1.0/24"]))
    assert run.rc == 0 and run.result["changed"] is False
    assert writes(emulator.log()) == []


def test_description_only_sends_one_put_with_the_current_state(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "description": "second floor"})
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["description"] == "second floor"
    sent = writes(emulator.log())
    assert actions(sent) == ["UpdateVpnConn"]
    assert sent[0]["params"]["vpnConnId"] == created["id"]
    assert put_body(sent[0]) == state_body(created, description="second floor")
    after = run.result["vpn_connection"]
    for field in ("name", "local_subnets", "remote_subnets", "remote_ip", "ike", "ipsec"):
        assert after[field] == created[field]
    # The key was resent as read back: the old one still holds (the same key is no change).
    assert ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "pre_shared_key": PSK}).result[
        "changed"] is False


def test_one_ike_field_changes_and_the_rest_is_kept(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "ike": {"dh_group": "group24"}})
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["ike"] == dict(created["ike"], dh_group="group24")
    sent = writes(emulator.log())
    assert actions(sent) == ["UpdateVpnConn"]
    assert put_body(sent[0]) == state_body(created, ikeConfig={"ikePfs": "group24"})


def test_check_mode_predicts_and_writes_nothing(ansible, emulator, created):
    change = args(ike={"lifetime_seconds": 3600}, remote_ip="198.51.100.9")
    run = ansible(MODULE, change, check=True, diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    diff = run.result["diff"]
    assert diff["before"]["ike"]["lifetime_seconds"] == 28800
    assert diff["after"]["ike"]["lifetime_seconds"] == 3600 and diff["after"]["remote_ip"] == "198.51.100.9"
    assert writes(emulator.log()) == []

    real = ansible(MODULE, change, diff=True)
    assert real.result["changed"] is True
    assert real.result["diff"]["after"]["ike"] == diff["after"]["ike"]


def test_check_mode_create_writes_nothing(ansible, emulator):
    run = ansible(MODULE, args(), check=True)
    assert run.rc == 0 and run.result["changed"] is True
    assert writes(emulator.log()) == []


def test_diff_output_hides_the_pre_shared_key(ansible, emulator, created):
    run = ansible(MODULE, args(pre_shared_key=OTHER_PSK, ike={"mode": "aggressive"}), diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    assert '"mode": "main"' in run.stdout and '"mode": "aggressive"' in run.stdout
    assert "<hidden, changed>" in run.stdout
    for secret in (PSK, OTHER_PSK):
        assert secret not in run.stdout
    sent = writes(emulator.log())
    assert actions(sent) == ["UpdateVpnConn"]
    assert sent[0]["params"]["secretKey"] == MASK
    assert sent[0]["params"]["ikeConfig"]["ikeMode"] == "aggressive"
    emulator.clear_log()
    assert ansible(MODULE, args(pre_shared_key=OTHER_PSK, ike={"mode": "aggressive"})).result["changed"] is False
    assert writes(emulator.log()) == []


def test_lookup_by_name_and_rename_by_id(ansible, emulator, created):
    found = ansible(MODULE, {"name": "office", "vpn_gateway_id": GATEWAY, "description": "found by name"})
    assert found.result["vpn_connection"]["id"] == created["id"]
    renamed = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "name": "office-2"})
    assert renamed.result["changed"] is True and renamed.result["vpn_connection"]["name"] == "office-2"
    assert writes(emulator.log())[-1]["params"]["vpnConnName"] == "office-2"


def test_two_tunnels_with_one_name_fail_listing_both(ansible, emulator, created):
    second = ansible(MODULE, args(name="other", remote_ip="198.51.100.2"))
    other_id = second.result["vpn_connection"]["id"]
    ansible(MODULE, {"id": other_id, "vpn_gateway_id": GATEWAY, "name": "office"})
    emulator.clear_log()
    run = ansible(MODULE, args())
    assert run.rc != 0 and run.failed
    assert created["id"] in run.result["msg"] and other_id in run.result["msg"]
    assert writes(emulator.log()) == []


def test_absent_then_absent_again(ansible, emulator, created):
    run = ansible(MODULE, {"name": "office", "vpn_gateway_id": GATEWAY, "state": "absent"})
    assert run.rc == 0 and run.result["changed"] is True and run.result["vpn_connection"] == {}
    assert actions(writes(emulator.log())) == ["DeleteVpnConn"]
    assert listed(ansible) == []
    emulator.clear_log()
    again = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "state": "absent"})
    assert again.rc == 0 and again.result["changed"] is False
    assert writes(emulator.log()) == []


def test_absent_in_check_mode_keeps_the_tunnel(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "state": "absent"}, check=True)
    assert run.result["changed"] is True and writes(emulator.log()) == []
    assert [c["id"] for c in listed(ansible)] == [created["id"]]


@pytest.mark.parametrize("bad, fragment", [
    ({"pre_shared_key": "Ab1_xyz"}, "pre_shared_key: length 7"),               # 7 characters
    ({"pre_shared_key": "Ab1_xyzAb1_xyzAb1"[:17] + "X"}, "pre_shared_key: length 18"),  # 18 characters
    ({"pre_shared_key": "Abcdefgh12"}, "pre_shared_key: has no a symbol"),    # no symbol
    ({"pre_shared_key": "Abcdefgh_!"}, "pre_shared_key: has no a digit"),     # no digit
    ({"pre_shared_key": "Abc-defg_12"}, "pre_shared_key: contains characters"),  # '-' is not an allowed symbol
    ({"name": "1office"}, "name"),
    ({"name": "o" * 66}, "name"),
    ({"name": "office tunnel"}, "name"),
    ({"local_subnets": ["10.0.0.0/33"]}, "local_subnets[0]"),
    ({"remote_subnets": ["192.168.0.0/24", "192.168.1.1/24"]}, "remote_subnets[1]"),
    ({"remote_ip": "198.51.100.300"}, "remote_ip"),
    ({"ike": dict(BASE["ike"], lifetime_seconds=59)}, "ike.lifetime_seconds"),
    ({"ipsec": dict(BASE["ipsec"], lifetime_seconds=86401)}, "ipsec.lifetime_seconds"),
    ({"ike": dict(BASE["ike"], encryption_algorithm="aes128")}, "encryption_algorithm"),
    ({"ipsec": dict(BASE["ipsec"], pfs="group1")}, "pfs"),
])
def test_invalid_input_fails_before_any_request(ansible, emulator, bad, fragment):
    run = ansible(MODULE, args(**bad))
    assert run.rc != 0 and run.failed
    assert fragment in run.result["msg"]
    assert emulator.log() == []
    for value in bad.values():
        if isinstance(value, str) and "pre_shared_key" in bad:
            assert value not in run.stdout + run.stderr


def test_a_gateway_is_required_even_with_an_id(ansible, emulator):
    run = ansible(MODULE, {"id": "vpnconn-000000000001", "description": "x"})
    assert run.rc != 0 and "vpn_gateway_id" in run.result["msg"]
    assert emulator.log() == []
    info = ansible(INFO, {"ids": ["vpnconn-000000000001"]})
    assert info.rc != 0 and "vpn_gateway_id" in info.result["msg"]
    assert emulator.log() == []


def test_create_needs_every_ike_and_ipsec_setting(ansible, emulator):
    run = ansible(MODULE, args(ike={"version": "v2"}))
    assert run.rc != 0 and "ike.mode" in run.result["msg"] and "ike.lifetime_seconds" in run.result["msg"]
    assert writes(emulator.log()) == []


def test_throttling_and_busy_answers_are_retried(ansible, emulator, created):
    emulator.fault("throttle", 2, provider="baidu")
    emulator.fault("busy", 1, provider="baidu")
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "ipsec": {"lifetime_seconds": 7200}})
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True and run.result["vpn_connection"]["ipsec"]["lifetime_seconds"] == 7200
    entries = emulator.log()
    faults = [entry.get("fault") for entry in entries if entry.get("fault")]
    assert faults.count("throttle") == 2 and faults.count("busy") == 1
    assert actions(applied(entries)) == ["UpdateVpnConn"]


def test_a_busy_write_is_read_before_it_is_sent_again(ansible, emulator, created):
    # HTTP 503 to a write may mean it was applied: the engine reads, sees the change missing, resends.
    emulator.fault("busy", 1, provider="baidu")
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "description": "after busy"})
    assert run.rc == 0, run.stdout
    assert run.result["vpn_connection"]["description"] == "after busy"
    entries = emulator.log()
    sends = [index for index, entry in enumerate(entries) if entry["action"] == "UpdateVpnConn"]
    assert [entries[index].get("fault") for index in sends] == ["busy", None]
    assert "ListVpnConn" in actions(entries[sends[0] + 1:sends[1]])


def test_server_errors_are_retried(ansible, emulator, created):
    emulator.fault("server_error", 2, provider="baidu")
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "remote_ip": "198.51.100.7"})
    assert run.rc == 0 and run.result["vpn_connection"]["remote_ip"] == "198.51.100.7"


def test_lost_create_answer_makes_exactly_one_tunnel(ansible, emulator):
    emulator.fault("lost_response", 1, provider="baidu")
    run = ansible(MODULE, args())
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    entries = emulator.log()
    # Sent once: the engine read the gateway's list, found the tunnel by name and did not resend.
    assert actions(writes(entries)) == ["CreateVpnConn"]
    assert entries[actions(entries).index("CreateVpnConn") + 1]["action"] == "ListVpnConn"
    assert [c["id"] for c in listed(ansible)] == [run.result["vpn_connection"]["id"]]


def test_lost_update_answer_is_applied_once(ansible, emulator, created):
    emulator.fault("lost_response", 1, provider="baidu")
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "description": "after a lost answer"})
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    assert run.result["vpn_connection"]["description"] == "after a lost answer"
    assert actions(writes(emulator.log())) == ["UpdateVpnConn"]  # read back, seen applied: not resent


def test_lost_delete_answer_still_deletes(ansible, emulator, created):
    emulator.fault("lost_response", 1, provider="baidu")
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "state": "absent"})
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    assert actions(writes(emulator.log())) == ["DeleteVpnConn"]  # read back deleting or gone: not resent
    assert listed(ansible) == []


def test_persistent_throttling_fails_when_the_time_budget_is_spent_saying_how_many_attempts(
        ansible, emulator, created):
    emulator.fault("throttle", 500, provider="baidu")
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "name": "x"},
                  env={"CLOUDVPN_RETRY_MAX_ATTEMPTS": "4", "CLOUDVPN_RETRY_MAX_TOTAL": "3"})
    assert run.rc != 0
    assert run.result["error"]["code"] == "RequestLimitExceeded" and run.result["error"]["http_status"] == 429
    # Throttling is bounded by time, not by the attempt count.
    attempts = run.result["error"]["attempts"]
    assert attempts > 4 and "after %d attempts" % attempts in run.result["msg"]
    assert len(emulator.log()) == attempts
    assert writes(emulator.log()) == []  # the first read was throttled: nothing was written


def test_wrong_secret_key_fails_with_the_providers_code(ansible, emulator):
    run = ansible(MODULE, args(), env={"BAIDUCLOUD_SECRET_KEY": "wrong-secret-key-123"})
    assert run.rc != 0
    assert run.result["error"]["code"] == "SignatureDoesNotMatch"
    assert run.result["error"]["http_status"] == 400
    assert run.result["error"]["request_id"]
    assert "wrong-secret-key-123" not in run.stdout + run.stderr


def test_unknown_gateway_fails_with_the_providers_code(ansible, emulator):
    run = ansible(MODULE, args(vpn_gateway_id="vpn-missing0001"))
    assert run.rc != 0 and run.result["error"]["code"] == "NoSuchObject"
    assert writes(emulator.log()) == []


def test_customer_gateway_change_needs_recreate(ansible, emulator):
    first = ansible(MODULE, args(customer_gateway_id="cgw-emu00001"))
    assert first.rc == 0, first.stdout
    assert first.result["vpn_connection"]["customer_gateway_id"] == "cgw-emu00001"
    emulator.clear_log()
    run = ansible(MODULE, args(customer_gateway_id="cgw-emu00002"))
    assert run.rc != 0 and "customer_gateway_id" in run.result["msg"] and "recreate" in run.result["msg"]
    assert writes(emulator.log()) == []
    recreated = ansible(MODULE, args(customer_gateway_id="cgw-emu00002", recreate=True), diff=True)
    assert recreated.rc == 0, recreated.stdout
    connection = recreated.result["vpn_connection"]
    assert connection["recreated"] is True and connection["customer_gateway_id"] == "cgw-emu00002"
    assert connection["id"] != first.result["vpn_connection"]["id"]
    assert actions(writes(emulator.log())) == ["DeleteVpnConn", "CreateVpnConn"]
    assert [c["id"] for c in listed(ansible)] == [connection["id"]]


def test_no_secret_anywhere_in_verbose_output_or_log(ansible, emulator):
    runs = [ansible(MODULE, args(), verbosity=3),
            ansible(MODULE, args(pre_shared_key=OTHER_PSK), verbosity=3, diff=True),
            ansible(INFO, {"vpn_gateway_id": GATEWAY}, verbosity=3)]
    log_text = emulator.log_text()
    for run in runs:
        assert run.rc == 0
        for secret in (PSK, OTHER_PSK, BAIDU_SECRET_KEY):
            assert secret not in run.stdout and secret not in run.stderr
            assert secret not in log_text


def test_info_filters(ansible, emulator, created):
    ansible(MODULE, args(name="second", remote_ip="198.51.100.2"))
    everything = listed(ansible)
    assert sorted(c["name"] for c in everything) == ["office", "second"]
    assert all("pre_shared_key" not in c for c in everything)
    assert [c["name"] for c in listed(ansible, name="second")] == ["second"]
    assert [c["id"] for c in listed(ansible, ids=[created["id"], "vpnconn-unknown00000"])] == [created["id"]]
    emulator.clear_log()
    assert listed(ansible, name="nothing") == []
    assert actions(emulator.log()) == ["ListVpnConn"]


def test_wait_polls_through_configuring_until_active(ansible, emulator, created):
    emulator.fault("pending", 3, provider="baidu")
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "description": "waited"})
    assert run.rc == 0 and run.result["vpn_connection"]["status"] == "active"
    entries = emulator.log()
    update_at = actions(entries).index("UpdateVpnConn")
    polls = [e for e in entries[update_at + 1:] if e["action"] == "ListVpnConn"]
    assert len(polls) == 4  # three reads still configuring, the fourth active


def test_no_wait_returns_while_configuring(ansible, emulator, created):
    emulator.fault("pending", 3, provider="baidu")
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": GATEWAY, "description": "later", "wait": False})
    assert run.rc == 0 and run.result["vpn_connection"]["status"] == "configuring"


def test_a_change_to_a_tunnel_still_being_built_is_applied(ansible, emulator):
    # The tunnel is "building" when the update is sent: Baidu (here the emulator) refuses the PUT with
    # 503. That transitional status is not the update at work: the engine must send it again, not
    # report a change it did not make.
    emulator.fault("pending", 2, provider="baidu")
    first = ansible(MODULE, args(wait=False))
    assert first.rc == 0, first.stdout
    emulator.clear_log()
    run = ansible(MODULE, args(description="changed while building"))
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    assert run.result["vpn_connection"]["description"] == "changed while building"
    assert listed(ansible)[0]["description"] == "changed while building"
    applied_updates = [entry for entry in writes(emulator.log()) if entry["action"] == "UpdateVpnConn"
                       and entry.get("status") == 200]
    assert len(applied_updates) == 1
