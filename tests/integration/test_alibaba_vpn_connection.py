# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""alibaba_vpn_connection(_info) end to end: ansible-playbook against the emulator.

Every scenario asserts on the module's result and on the emulator's request
log: what was read, what was written, and that nothing secret was logged.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

MODULE = "alibaba_vpn_connection"
INFO = "alibaba_vpn_connection_info"
SECRET = "emulator-alibaba-access-key-secret"
PSK = "Psk-Sup3r-S3cret-Value"
OTHER_PSK = "Another-Secret-Key-9"
MASTER_PSK = "Master-Tunnel-Key-1"
SLAVE_PSK = "Slave-Tunnel-Key-2"
SINGLE_GATEWAY = "vpn-emu00001"
DUAL_GATEWAY = "vpn-emu00002"
MASKING_SINGLE_GATEWAY = "vpn-emu00003"
MASKING_DUAL_GATEWAY = "vpn-emu00004"

BASE = {
    "name": "office",
    "vpn_gateway_id": SINGLE_GATEWAY,
    "customer_gateway_id": "cgw-emu00001",
    "local_subnets": ["10.0.0.0/16"],
    "remote_subnets": ["192.168.1.0/24", "192.168.0.0/24"],
    "pre_shared_key": PSK,
    "effect_immediately": True,
    "ike": {"version": "ikev2", "encryption_algorithm": "aes256", "authentication_algorithm": "sha256",
            "dh_group": "group14", "lifetime_seconds": 28800},
    "ipsec": {"encryption_algorithm": "aes256", "authentication_algorithm": "sha256", "pfs": "group14",
              "lifetime_seconds": 3600},
    "enable_dpd": True,
    "tags": {"team": "network"},
}

TUNNEL_IKE = {"version": "ikev2", "encryption_algorithm": "aes256", "authentication_algorithm": "sha256",
              "dh_group": "group14", "lifetime_seconds": 28800}
DUAL = {
    "name": "office-ha",
    "vpn_gateway_id": DUAL_GATEWAY,
    "local_subnets": ["10.0.0.0/16"],
    "remote_subnets": ["192.168.0.0/24"],
    "tunnels": [
        {"role": "master", "customer_gateway_id": "cgw-emu00001", "pre_shared_key": MASTER_PSK,
         "ike": TUNNEL_IKE, "ipsec": {"encryption_algorithm": "aes256", "pfs": "group14"}},
        {"role": "slave", "customer_gateway_id": "cgw-emu00002", "pre_shared_key": SLAVE_PSK,
         "ike": TUNNEL_IKE, "ipsec": {"encryption_algorithm": "aes256", "pfs": "group14"}},
    ],
    "tags": {"team": "network", "env": "prod"},
}

# Overrides that leave out every single-tunnel option of BASE (for tunnels cases).
NO_SINGLE = {"customer_gateway_id": None, "ike": None, "ipsec": None, "enable_dpd": None, "pre_shared_key": None}
BAD_CERTIFICATE = "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"


def args(**overrides):
    """BASE with overrides; an override of None leaves the option out."""
    merged = dict(BASE)
    merged.update(overrides)
    return {key: value for key, value in merged.items() if value is not None}


def dual(**overrides):
    merged = dict(DUAL)
    merged.update(overrides)
    return merged


def writes(entries):
    return [entry for entry in entries if entry["kind"] == "write"]


def actions(entries):
    return [entry["action"] for entry in entries]


def fault(emulator, kind, count):
    return emulator.fault(kind, count, provider="alibaba")


def encoded_forms(secret):
    """The secret as the string to sign carries it (encoded twice), and encoded once."""
    once = quote(secret, safe="-_.~")
    return [secret, once, quote(once, safe="-_.~")]


@pytest.fixture
def created(applied):
    return applied(MODULE, args())


@pytest.fixture
def created_dual(applied):
    return applied(MODULE, dual())


# -- single-tunnel -------------------------------------------------------------------

def test_create_then_identical_rerun_only_reads(ansible, emulator):
    run = ansible(MODULE, args())
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    connection = run.result["vpn_connection"]
    assert connection["id"].startswith("vco-") and connection["state"] == "active"
    assert connection["ike"]["encryption_algorithm"] == "aes256" and connection["ike"]["lifetime_seconds"] == 28800
    assert sorted(connection["remote_subnets"]) == ["192.168.0.0/24", "192.168.1.0/24"]
    assert connection["tags"] == {"team": "network"}
    assert "pre_shared_key" not in connection
    sent = writes(emulator.log())
    assert actions(sent) == ["CreateVpnConnection"]
    assert sent[0]["params"]["IkeConfig"]["Psk"] == "********"
    assert sent[0]["params"]["IkeConfig"]["IkePfs"] == "group14"
    assert sent[0]["params"]["Tags"] == [{"Key": "team", "Value": "network"}]

    emulator.clear_log()
    again = ansible(MODULE, args())
    assert again.rc == 0 and again.result["changed"] is False
    assert again.result["vpn_connection"]["id"] == connection["id"]
    entries = emulator.log()
    assert entries and writes(entries) == []
    assert actions(entries) == ["DescribeVpnConnections"]


def test_reordered_subnets_are_not_a_change(ansible, emulator, created):
    run = ansible(MODULE, args(remote_subnets=["192.168.0.0/24", "192.168.1.0/24"]))
    assert run.rc == 0 and run.result["changed"] is False
    assert writes(emulator.log()) == []


def test_change_one_ike_field_sends_the_whole_ike_group_once(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "ike": {"dh_group": "group5"}})
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["ike"]["dh_group"] == "group5"
    assert run.result["vpn_connection"]["ike"]["lifetime_seconds"] == 28800
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyVpnConnectionAttribute"]
    params = sent[0]["params"]
    assert set(params) == {"VpnConnectionId", "IkeConfig", "ClientToken"}
    assert params["IkeConfig"] == {
        "IkeVersion": "ikev2", "IkeMode": "main", "IkeEncAlg": "aes256", "IkeAuthAlg": "sha256", "IkePfs": "group5",
        "IkeLifetime": 28800, "LocalId": "203.0.113.20", "RemoteId": "198.51.100.1", "Psk": "********"}


def test_check_mode_predicts_and_writes_nothing(ansible, emulator, created):
    changed = args(ike={"lifetime_seconds": 3600}, effect_immediately=False)
    run = ansible(MODULE, changed, check=True, diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    diff = run.result["diff"]
    assert diff["before"]["ike"]["lifetime_seconds"] == 28800
    assert diff["after"]["ike"]["lifetime_seconds"] == 3600
    assert diff["after"]["effect_immediately"] is False
    assert writes(emulator.log()) == []

    real = ansible(MODULE, changed, diff=True)
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
    assert actions(sent) == ["ModifyVpnConnectionAttribute"]
    assert sent[0]["params"]["IkeConfig"]["Psk"] == "********"
    assert sent[0]["params"]["IkeConfig"]["IkeMode"] == "aggressive"
    emulator.clear_log()
    assert ansible(MODULE, args(pre_shared_key=OTHER_PSK, ike={"mode": "aggressive"})).result["changed"] is False


def test_same_key_is_not_sent_again(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "pre_shared_key": PSK})
    assert run.result["changed"] is False and writes(emulator.log()) == []


def test_lookup_by_name_and_rename_by_id(ansible, emulator, created):
    found = ansible(MODULE, {"name": "office", "vpn_gateway_id": SINGLE_GATEWAY, "enable_nat_traversal": False})
    assert found.result["vpn_connection"]["id"] == created["id"]
    assert found.result["vpn_connection"]["enable_nat_traversal"] is False
    renamed = ansible(MODULE, {"id": created["id"], "name": "office-2"})
    assert renamed.result["changed"] is True and renamed.result["vpn_connection"]["name"] == "office-2"
    last = writes(emulator.log())[-1]
    assert set(last["params"]) == {"VpnConnectionId", "Name", "ClientToken"} and last["params"]["Name"] == "office-2"


def test_two_connections_with_one_name_fail_listing_both(ansible, emulator, created):
    second = ansible(MODULE, args(customer_gateway_id="cgw-emu00002", name="other",
                                  remote_subnets=["192.168.5.0/24"]))
    other_id = second.result["vpn_connection"]["id"]
    ansible(MODULE, {"id": other_id, "name": "office"})
    emulator.clear_log()
    run = ansible(MODULE, args())
    assert run.rc != 0 and run.failed
    assert created["id"] in run.result["msg"] and other_id in run.result["msg"]
    assert writes(emulator.log()) == []


def test_absent_then_absent_again(ansible, emulator, created):
    run = ansible(MODULE, {"name": "office", "vpn_gateway_id": SINGLE_GATEWAY, "state": "absent"})
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
    ({"local_subnets": ["10.0.0.0/33"]}, "local_subnets[0]"),
    ({"ike": {"lifetime_seconds": 90000}}, "ike.lifetime_seconds"),
    ({"ike": {"encryption_algorithm": "ROT13"}}, "encryption_algorithm"),
    ({"pre_shared_key": "has a space"}, "pre_shared_key"),
    ({"bgp": {"tunnel_cidr": "10.0.0.0/30"}}, "bgp.tunnel_cidr"),
    ({"tags": {"aliyun-owned": "x"}}, "tags"),
    ({"remote_ca_certificate": BAD_CERTIFICATE}, "remote_ca_certificate"),
    (dict(NO_SINGLE, tunnels=[{"role": "master", "remote_ca_certificate": "not a PEM at all"}]),
     "tunnels[0].remote_ca_certificate"),
    ({"tunnels": [{"role": "master"}]}, "mutually exclusive"),
    (dict(NO_SINGLE, tunnels=[{"role": "slave"}, {"role": "slave"}]), "role slave is given more than once"),
])
def test_invalid_input_fails_before_any_request(ansible, emulator, bad, fragment):
    run = ansible(MODULE, args(**bad))
    assert run.rc != 0 and run.failed
    assert fragment in run.result["msg"]
    assert emulator.log() == []


def test_malformed_ca_certificate_fails_naming_the_option(ansible, emulator):
    run = ansible(MODULE, args(remote_ca_certificate=BAD_CERTIFICATE))
    assert run.rc != 0
    assert "remote_ca_certificate: is not a valid PEM certificate" in run.result["msg"]
    assert emulator.log() == []


def test_throttling_and_busy_answers_are_retried(ansible, emulator, created):
    fault(emulator, "throttle", 2)
    fault(emulator, "busy", 1)
    run = ansible(MODULE, {"id": created["id"], "ipsec": {"lifetime_seconds": 7200}})
    assert run.rc == 0 and run.result["changed"] is True
    entries = emulator.log()
    faults = [entry.get("fault") for entry in entries if entry.get("fault")]
    assert faults.count("throttle") == 2 and faults.count("busy") == 1
    modifies = [e for e in writes(entries) if not e.get("fault")]
    assert actions(modifies) == ["ModifyVpnConnectionAttribute"]
    assert run.result["vpn_connection"]["ipsec"]["lifetime_seconds"] == 7200


def test_server_errors_are_retried(ansible, emulator, created):
    fault(emulator, "server_error", 2)
    run = ansible(MODULE, {"id": created["id"], "enable_dpd": False})
    assert run.rc == 0 and run.result["vpn_connection"]["enable_dpd"] is False


def test_lost_create_answer_does_not_create_twice(ansible, emulator):
    fault(emulator, "lost_response", 1)
    run = ansible(MODULE, args())
    assert run.rc == 0 and run.result["changed"] is True
    listed = ansible(INFO, {"vpn_gateway_id": SINGLE_GATEWAY}).result["vpn_connections"]
    assert [c["id"] for c in listed] == [run.result["vpn_connection"]["id"]]


def test_lost_update_answer_is_not_applied_twice(ansible, emulator, created):
    fault(emulator, "lost_response", 1)
    run = ansible(MODULE, {"id": created["id"], "ike": {"dh_group": "group5"}})
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["ike"]["dh_group"] == "group5"
    assert run.result["vpn_connection"]["state"] == "active"


def test_lost_update_answer_is_read_back_before_any_resend(ansible, emulator, created):
    # The HTTP layer does not resend the write (idempotent=False); the engine reads, sees
    # the change applied, and sends nothing more.
    fault(emulator, "lost_response", 1)
    run = ansible(MODULE, {"id": created["id"], "enable_dpd": False})
    assert run.rc == 0 and run.result["changed"] is True
    entries = emulator.log()
    modifies = [entry for entry in entries if entry["action"] == "ModifyVpnConnectionAttribute"]
    assert len(modifies) == 1
    after_write = actions(entries[entries.index(modifies[0]) + 1:])
    assert after_write and set(after_write) == {"DescribeVpnConnection"}


def test_lost_delete_answer_still_deletes(ansible, emulator, created):
    fault(emulator, "lost_response", 1)
    run = ansible(MODULE, {"id": created["id"], "state": "absent"})
    assert run.rc == 0 and run.result["changed"] is True
    assert ansible(INFO, {"vpn_gateway_id": SINGLE_GATEWAY}).result["vpn_connections"] == []


def test_persistent_throttling_fails_when_the_time_budget_is_spent_saying_how_many_attempts(
        ansible, emulator, created):
    fault(emulator, "throttle", 500)
    run = ansible(MODULE, {"id": created["id"], "name": "x"},
                  env={"CLOUDVPN_RETRY_MAX_ATTEMPTS": "4", "CLOUDVPN_RETRY_MAX_TOTAL": "3"})
    assert run.rc != 0
    assert run.result["error"]["code"] == "Throttling.User"
    # Throttling is bounded by time (CLOUDVPN_RETRY_MAX_TOTAL), not by the attempt count.
    attempts = run.result["error"]["attempts"]
    assert attempts > 4 and "after %d attempts" % attempts in run.result["msg"]


def test_wrong_secret_fails_with_the_providers_code_and_no_secret(ansible, emulator):
    wrong = "wrong-access-key-secret-123"
    run = ansible(MODULE, args(), env={"ALIBABA_CLOUD_ACCESS_KEY_SECRET": wrong})
    assert run.rc != 0
    assert run.result["error"]["code"] == "SignatureDoesNotMatch"
    assert run.result["error"]["request_id"]
    # The answer echoes the string to sign; the module shows it only redacted.
    assert "string to sign" in run.result["msg"]
    output = run.stdout + run.stderr
    for secret in [wrong] + encoded_forms(PSK):
        assert secret not in output


def test_immutable_change_needs_recreate(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": MASKING_SINGLE_GATEWAY})
    assert run.rc != 0 and "vpn_gateway_id" in run.result["msg"] and "recreate" in run.result["msg"]
    assert writes(emulator.log()) == []
    recreated = ansible(MODULE, {"id": created["id"], "vpn_gateway_id": MASKING_SINGLE_GATEWAY, "recreate": True,
                                 "pre_shared_key": PSK})
    assert recreated.rc == 0, recreated.stdout
    connection = recreated.result["vpn_connection"]
    assert connection["recreated"] is True and connection["vpn_gateway_id"] == MASKING_SINGLE_GATEWAY
    assert connection["id"] != created["id"] and connection["ike"]["dh_group"] == "group14"
    assert actions(writes(emulator.log())) == ["DeleteVpnConnection", "CreateVpnConnection"]


def test_no_secret_anywhere_in_verbose_output_or_log(ansible, emulator):
    runs = [ansible(MODULE, args(), verbosity=3),
            ansible(MODULE, args(pre_shared_key=OTHER_PSK), verbosity=3, diff=True),
            ansible(MODULE, dual(), verbosity=3),
            ansible(MODULE, dual(tunnels=[dict(DUAL["tunnels"][1], pre_shared_key=OTHER_PSK)]), verbosity=3,
                    diff=True),
            ansible(INFO, {}, verbosity=3)]
    log_text = emulator.log_text()
    for run in runs:
        assert run.rc == 0, run.stdout
        for secret in (PSK, OTHER_PSK, MASTER_PSK, SLAVE_PSK, SECRET):
            assert secret not in run.stdout and secret not in run.stderr
            assert secret not in log_text


def test_wait_polls_through_updating_until_active(ansible, emulator, created):
    fault(emulator, "pending", 3)
    run = ansible(MODULE, {"id": created["id"], "effect_immediately": False})
    assert run.rc == 0 and run.result["vpn_connection"]["state"] == "active"
    entries = emulator.log()
    modify_at = actions(entries).index("ModifyVpnConnectionAttribute")
    polls = [e for e in entries[modify_at + 1:] if e["action"] == "DescribeVpnConnection"]
    assert len(polls) == 4  # three reads still updating, the fourth active


def test_wait_timeout_fails_clearly(ansible, emulator, created):
    fault(emulator, "pending", 1000)
    run = ansible(MODULE, {"id": created["id"], "effect_immediately": False, "wait_timeout": 2})
    assert run.rc != 0 and "timed out after 2 seconds" in run.result["msg"]
    assert created["id"] in run.result["msg"]


# -- tags ------------------------------------------------------------------------------

def test_changed_tag_sends_only_the_tag_calls(ansible, emulator, created):
    predicted = ansible(MODULE, args(tags={"cost": "42"}), check=True, diff=True)
    assert predicted.result["changed"] is True and writes(emulator.log()) == []
    assert predicted.result["diff"]["after"]["tags"] == {"cost": "42"}
    assert predicted.result["diff"]["before"]["tags"] == {"team": "network"}
    run = ansible(MODULE, args(tags={"team": "platform", "cost": "42"}))
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["tags"] == {"team": "platform", "cost": "42"}
    sent = writes(emulator.log())
    assert actions(sent) == ["UnTagResources", "TagResources"]
    assert sent[0]["params"] == {"ResourceType": "VPNCONNECTION", "ResourceId": [created["id"]],
                                 "TagKey": ["team"]}
    assert sent[1]["params"] == {"ResourceType": "VPNCONNECTION", "ResourceId": [created["id"]],
                                 "Tag": [{"Key": "cost", "Value": "42"}, {"Key": "team", "Value": "platform"}]}


def test_check_mode_predicts_exactly_what_a_run_without_wait_returns(ansible, emulator, created):
    # purge_tags (default): the removed tag is gone from the predicted "after" too.
    wanted = {"id": created["id"], "tags": {"cost": "42"}, "enable_dpd": False}
    predicted = ansible(MODULE, wanted, check=True, diff=True)
    assert writes(emulator.log()) == []
    assert predicted.result["diff"]["after"]["tags"] == {"cost": "42"}
    run = ansible(MODULE, dict(wanted, wait=False), diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    # Only the provisioning state differs: the write's answer says the connection is updating.
    assert run.result["vpn_connection"]["state"] == "updating"

    def settings(view):
        return {key: value for key, value in view.items() if key != "state"}
    assert run.result["diff"]["before"] == predicted.result["diff"]["before"]
    assert settings(run.result["diff"]["after"]) == settings(predicted.result["diff"]["after"])
    assert settings(run.result["vpn_connection"]) == settings(predicted.result["vpn_connection"])


@pytest.mark.parametrize("purge, tags, expected", [
    (True, {"cost": "42"}, {"cost": "42"}),                                           # one added, one removed
    (True, {}, {}),                                                                   # all removed
    (False, {"team": "platform", "cost": "42"}, {"team": "platform", "cost": "42"}),  # one changed, one added
    (False, {"cost": "42"}, {"team": "network", "cost": "42"}),                       # one added, others kept
])
@pytest.mark.parametrize("also", [{}, {"enable_dpd": False}], ids=["tags-only", "with-a-connection-change"])
def test_predicted_tags_are_the_tags_the_connection_ends_with(ansible, emulator, created, purge, tags, expected,
                                                              also):
    """Check mode and wait: false predict the tags (no read after the write); a read afterwards agrees."""
    wanted = dict({"id": created["id"], "tags": tags, "purge_tags": purge}, **also)
    predicted = ansible(MODULE, wanted, check=True, diff=True)
    assert predicted.rc == 0 and predicted.result["changed"] is True and writes(emulator.log()) == []
    assert predicted.result["vpn_connection"]["tags"] == expected
    assert predicted.result["diff"]["after"]["tags"] == expected
    emulator.clear_log()
    run = ansible(MODULE, dict(wanted, wait=False), diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    assert [entry["kind"] for entry in emulator.log()][-1] == "write"  # nothing read after the write
    assert run.result["vpn_connection"]["tags"] == expected
    assert run.result["diff"]["after"]["tags"] == expected
    read = ansible(INFO, {"ids": [created["id"]]}).result["vpn_connections"]
    assert read[0]["tags"] == expected


def test_create_without_wait_returns_the_tags_sent(ansible, emulator):
    run = ansible(MODULE, args(tags={"team": "network", "cost": "42"}, wait=False))
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["tags"] == {"team": "network", "cost": "42"}
    assert actions(writes(emulator.log())) == ["CreateVpnConnection"]
    assert emulator.log()[-1]["action"] == "CreateVpnConnection"  # nothing read after the write


def test_purge_tags_false_keeps_other_tags(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "tags": {"cost": "42"}, "purge_tags": False})
    assert run.rc == 0 and run.result["changed"] is True
    assert run.result["vpn_connection"]["tags"] == {"team": "network", "cost": "42"}
    assert actions(writes(emulator.log())) == ["TagResources"]
    emulator.clear_log()
    again = ansible(MODULE, {"id": created["id"], "tags": {"cost": "42"}, "purge_tags": False})
    assert again.result["changed"] is False and writes(emulator.log()) == []
    purged = ansible(MODULE, {"id": created["id"], "tags": {"cost": "42"}})
    assert purged.result["vpn_connection"]["tags"] == {"cost": "42"}
    assert actions(writes(emulator.log())) == ["UnTagResources"]


# -- dual-tunnel -----------------------------------------------------------------------

def test_dual_tunnel_create_then_rerun_only_reads(ansible, emulator):
    run = ansible(MODULE, dual())
    assert run.rc == 0, run.stdout
    connection = run.result["vpn_connection"]
    assert [tunnel["role"] for tunnel in connection["tunnels"]] == ["master", "slave"]
    master, slave = connection["tunnels"]
    assert master["tunnel_id"].startswith("tun-") and slave["tunnel_id"] != master["tunnel_id"]
    assert slave["customer_gateway_id"] == "cgw-emu00002"
    assert master["ike"]["dh_group"] == "group14" and slave["ike"]["lifetime_seconds"] == 28800
    assert slave["enable_dpd"] is True and master["state"] == "active"
    assert "customer_gateway_id" not in connection and "ike" not in connection
    assert all("pre_shared_key" not in tunnel for tunnel in connection["tunnels"])
    sent = writes(emulator.log())
    assert actions(sent) == ["CreateVpnConnection"]
    specification = sent[0]["params"]["TunnelOptionsSpecification"]
    assert [item["Role"] for item in specification] == ["master", "slave"]
    assert specification[1]["TunnelIkeConfig"]["Psk"] == "********"
    assert "IkeConfig" not in sent[0]["params"] and "CustomerGatewayId" not in sent[0]["params"]

    emulator.clear_log()
    again = ansible(MODULE, dual())
    assert again.rc == 0 and again.result["changed"] is False
    assert actions(emulator.log()) == ["DescribeVpnConnections"]


def test_one_slave_field_sends_one_modify_tunnel_call_for_the_slave_only(ansible, emulator, created_dual):
    slave = created_dual["tunnels"][1]
    run = ansible(MODULE, {"id": created_dual["id"], "tunnels": [{"role": "slave", "ike": {"lifetime_seconds": 3600}}]},
                  diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    entries = emulator.log()
    sent = writes(entries)
    assert actions(sent) == ["ModifyTunnelAttribute"]
    params = sent[0]["params"]
    assert params["VpnConnectionId"] == created_dual["id"] and params["TunnelId"] == slave["tunnel_id"]
    assert params["TunnelOptionsSpecification"] == {"TunnelIkeConfig": {
        "IkeVersion": "ikev2", "IkeMode": "main", "IkeEncAlg": "aes256", "IkeAuthAlg": "sha256", "IkePfs": "group14",
        "IkeLifetime": "3600", "LocalId": "203.0.113.22", "RemoteId": "198.51.100.2", "Psk": "********"}}
    assert set(actions(entries)) == {"DescribeVpnConnection", "ModifyTunnelAttribute"}
    tunnels = run.result["vpn_connection"]["tunnels"]
    assert tunnels[1]["ike"]["lifetime_seconds"] == 3600 and tunnels[0]["ike"]["lifetime_seconds"] == 28800
    assert run.result["diff"]["after"]["tunnels"][1]["ike"]["lifetime_seconds"] == 3600


def test_slave_key_change_is_sent_to_the_slave_and_hidden(ansible, emulator, created_dual):
    run = ansible(MODULE, dual(tunnels=[dict(DUAL["tunnels"][1], pre_shared_key=OTHER_PSK)]), diff=True)
    assert run.rc == 0 and run.result["changed"] is True
    assert "<hidden, changed>" in run.stdout and OTHER_PSK not in run.stdout
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyTunnelAttribute"]
    assert sent[0]["params"]["TunnelId"] == created_dual["tunnels"][1]["tunnel_id"]
    emulator.clear_log()
    again = ansible(MODULE, dual(tunnels=[dict(DUAL["tunnels"][1], pre_shared_key=OTHER_PSK)]))
    assert again.result["changed"] is False and writes(emulator.log()) == []


def test_connection_level_and_tunnel_changes_go_to_their_own_calls(ansible, emulator, created_dual):
    run = ansible(MODULE, {"id": created_dual["id"], "remote_subnets": ["192.168.0.0/24", "192.168.9.0/24"],
                           "tunnels": [{"role": "master", "enable_nat_traversal": False}]})
    assert run.rc == 0 and run.result["changed"] is True
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyVpnConnectionAttribute", "ModifyTunnelAttribute"]
    assert set(sent[0]["params"]) == {"VpnConnectionId", "RemoteSubnet", "ClientToken"}
    assert sent[1]["params"]["TunnelId"] == created_dual["tunnels"][0]["tunnel_id"]
    assert sent[1]["params"]["TunnelOptionsSpecification"] == {"EnableNatTraversal": "false"}


def test_tunnels_on_a_single_tunnel_connection_fail_before_any_write(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "tunnels": [{"role": "slave", "enable_dpd": False}]})
    assert run.rc != 0 and "single-tunnel connection" in run.result["msg"] and "tunnels" in run.result["msg"]
    assert writes(emulator.log()) == []


def test_connection_level_ike_on_a_dual_tunnel_connection_fails(ansible, emulator, created_dual):
    run = ansible(MODULE, {"id": created_dual["id"], "ike": {"dh_group": "group5"}})
    assert run.rc != 0 and "dual-tunnel connection" in run.result["msg"] and "ike" in run.result["msg"]
    assert writes(emulator.log()) == []


def test_tunnels_on_a_single_tunnel_gateway_fail_clearly(ansible, emulator):
    run = ansible(MODULE, dual(vpn_gateway_id=SINGLE_GATEWAY))
    assert run.rc != 0
    assert run.result["error"]["code"] == "InvalidParameter"
    assert "single-tunnel connections only" in run.result["msg"]


def test_dual_tunnel_create_needs_both_tunnels(ansible, emulator):
    run = ansible(MODULE, dual(tunnels=[DUAL["tunnels"][0]]))
    assert run.rc != 0 and "slave" in run.result["msg"]
    assert writes(emulator.log()) == []


# -- keys read back masked -------------------------------------------------------------

def test_masked_key_is_not_sent_with_on_create_and_sent_with_always(ansible, emulator):
    single = args(vpn_gateway_id=MASKING_SINGLE_GATEWAY)
    assert ansible(MODULE, single).rc == 0
    emulator.clear_log()
    again = ansible(MODULE, single)
    assert again.result["changed"] is False and writes(emulator.log()) == []
    forced = ansible(MODULE, dict(single, update_pre_shared_key="always"), diff=True)
    assert forced.result["changed"] is True and "<hidden, changed>" in forced.stdout
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyVpnConnectionAttribute"]
    assert sent[0]["params"]["IkeConfig"]["Psk"] == "********"


def test_masked_tunnel_key_follows_update_pre_shared_key(ansible, emulator):
    masked = dual(vpn_gateway_id=MASKING_DUAL_GATEWAY)
    assert ansible(MODULE, masked).rc == 0
    emulator.clear_log()
    again = ansible(MODULE, dict(masked, tunnels=[{"role": "slave", "pre_shared_key": OTHER_PSK}]))
    assert again.result["changed"] is False and writes(emulator.log()) == []
    forced = ansible(MODULE, dict(masked, update_pre_shared_key="always",
                                  tunnels=[{"role": "slave", "pre_shared_key": OTHER_PSK, "ike": {"mode": "main"}}]))
    assert forced.result["changed"] is True
    sent = writes(emulator.log())
    assert actions(sent) == ["ModifyTunnelAttribute"]
    group = sent[0]["params"]["TunnelOptionsSpecification"]["TunnelIkeConfig"]
    assert group["Psk"] == "********" and group["IkeMode"] == "main"
    assert OTHER_PSK not in json.dumps(sent)


# -- _info -----------------------------------------------------------------------------

def test_info_filters_and_pages(ansible, emulator, created):
    ansible(MODULE, dual())
    everything = ansible(INFO, {}).result["vpn_connections"]
    assert sorted(c["name"] for c in everything) == ["office", "office-ha"]
    assert all("pre_shared_key" not in c for c in everything)
    assert all("pre_shared_key" not in t for c in everything for t in c.get("tunnels", []))
    by_name = ansible(INFO, {"name": "office-ha"}).result["vpn_connections"]
    assert [c["name"] for c in by_name] == ["office-ha"] and len(by_name[0]["tunnels"]) == 2
    by_id = ansible(INFO, {"ids": [created["id"], "vco-unknown0000000000"]}).result["vpn_connections"]
    assert [c["id"] for c in by_id] == [created["id"]]
    by_gateway = ansible(INFO, {"vpn_gateway_id": MASKING_SINGLE_GATEWAY}).result["vpn_connections"]
    assert by_gateway == []
    pages = [e for e in emulator.log() if e["action"] == "DescribeVpnConnections"]
    assert all(e["params"]["PageSize"] == "50" for e in pages)
