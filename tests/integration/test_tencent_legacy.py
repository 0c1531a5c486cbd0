# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""tencent_vpn_connection(_info) with ``api_version: legacy`` (API 2.0) end to end.

The Tencent scenario list of test_tencent_vpn_connection.py, adapted to what
API 2.0 has (no IKE version, DPD, health check, BGP or tags; ``vpc_id``
always given), plus what only API 2.0 has: tasks followed with
``DescribeVpcTaskResult``, SPD rules read back flattened, the switch between
the two APIs on one connection, legacy region codes and the API 2.0 error
envelope. Every scenario asserts on the module's result and on the
emulator's request log (API 2.0 action names).
"""

from __future__ import annotations

import json

import pytest

from conftest import SECRET_KEY

MODULE = "tencent_vpn_connection"
INFO = "tencent_vpn_connection_info"
PSK = "Psk-Legacy-S3cret-Value"
OTHER_PSK = "Another-Legacy-Key-7"
GATEWAY = "vpngw-emu00001"
VPC = "vpc-emu00001"
DESCRIBE, TASK = "DescribeVpnConn", "DescribeVpcTaskResult"
ADD, MODIFY, DELETE = "AddVpnConnEx", "ModifyVpnConnEx", "DeleteVpnConn"
REMOTES = ["192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24"]

# Valid with both API versions: what API 2.0 lacks is left out, vpc_id is given.
BASE = {
    "name": "office",
    "vpn_gateway_id": GATEWAY,
    "vpc_id": VPC,
    "customer_gateway_id": "cgw-emu00001",
    "pre_shared_key": PSK,
    "security_policy_databases": [
        {"local_cidr_block": "10.0.0.0/24", "remote_cidr_blocks": ["192.168.1.0/24", "192.168.0.0/24"]},
        {"local_cidr_block": "10.0.1.0/24", "remote_cidr_blocks": ["192.168.2.0/24"]}],
    "ike": {"mode": "MAIN", "encryption_algorithm": "AES-CBC-256", "authentication_algorithm": "SHA",
            "dh_group": "GROUP14", "lifetime_seconds": 28800},
    "ipsec": {"encryption_algorithm": "AES-CBC-256", "authentication_algorithm": "SHA1",
              "pfs": "DH-GROUP14", "lifetime_seconds": 3600},
}
# The API 2.0 spellings of BASE's IKE and IPsec settings.
IKE_SENT = {"propoEncryAlgorithm": "aes-cbc-256", "propoAuthenAlgorithm": "sha", "exchangeMode": "main",
            "dhGroupName": "group14", "ikeSaLifetimeSeconds": "28800"}
IPSEC_SENT = {"encryptAlgorithm": "aes-cbc-256", "integrityAlgorith": "sha", "pfsDhGroup": "dh-group14",
              "ipsecSaLifetimeSeconds": "3600"}


def args(**overrides):
    merged = dict(BASE, api_version="legacy")
    merged.update(overrides)
    return merged


def by_id(connection_id, **options):
    """Arguments that address a connection by ID in legacy mode (vpc_id is required there)."""
    return dict(options, api_version="legacy", id=connection_id, vpc_id=VPC)


def writes(entries):
    return [entry for entry in entries if entry["kind"] == "write"]


def actions(entries):
    return [entry["action"] for entry in entries]


def faulted(entries, fault):
    return [entry for entry in entries if entry.get("fault") == fault]


def one_set(params, name):
    """The ``IKESet`` / ``IPsecSet`` sent, as the log gives the indexed form ``IKESet.0.*``: a one-element list."""
    value = params[name]
    assert isinstance(value, list) and len(value) == 1, params
    return {key: str(item) for key, item in value[0].items()}


def acl(params):
    """The ``spdAcl`` sent (a JSON object string), remote CIDRs sorted."""
    return {local: sorted(remotes) for local, remotes in json.loads(params["spdAcl"]).items()}


def subset(sent, expected):
    return {key: sent.get(key) for key in expected}


def spd(rules):
    """SPD rules as a comparable value (order of rules and of CIDRs ignored)."""
    return sorted((rule["local_cidr_block"], sorted(rule["remote_cidr_blocks"])) for rule in rules)


@pytest.fixture
def created(applied):
    return applied(MODULE, args())


# -- create, idempotency, check mode, diff ----------------------------------------------------
def test_create_follows_the_task_then_an_identical_rerun_only_reads(ansible, emulator):
    run = ansible(MODULE, args())
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    connection = run.result["vpn_connection"]
    assert connection["id"].startswith("vpnx-") and connection["state"] == "AVAILABLE"
    assert connection["vpn_gateway_id"] == GATEWAY and connection["vpc_id"] == VPC
    assert connection["customer_gateway_id"] == "cgw-emu00001"
    assert connection["ike"]["encryption_algorithm"] == "AES-CBC-256" and connection["ike"]["lifetime_seconds"] == 28800
    assert connection["ipsec"]["authentication_algorithm"] == "SHA1" and connection["ipsec"]["pfs"] == "DH-GROUP14"
    # Read back flattened: every local CIDR with every remote CIDR.
    assert spd(connection["security_policy_databases"]) == [("10.0.0.0/24", REMOTES), ("10.0.1.0/24", REMOTES)]
    assert "pre_shared_key" not in connection
    entries = emulator.log()
    names = actions(entries)
    # POSTed as a form (the pre-shared key is never in a URL), the region ID of the environment
    # (ap-guangzhou) sent as its legacy code.
    assert {(entry["method"], entry["path"]) for entry in entries} == {("POST", "/v2/index.php")}
    assert {entry["region"] for entry in entries} == {"gz"}
    # Look up by name, create, follow the task, then find the new tunnel (the answer has no ID).
    assert names[:2] == [DESCRIBE, ADD] and names[-1] == DESCRIBE
    assert set(names[2:-1]) == {TASK}
    sent = writes(entries)[0]["params"]
    assert sent["vpcId"] == VPC and sent["vpnGwId"] == GATEWAY and sent["userGwId"] == "cgw-emu00001"
    assert sent["vpnConnName"] == "office" and sent["preSharedKey"] == "********"
    assert acl(sent) == {"10.0.0.0/24": ["192.168.0.0/24", "192.168.1.0/24"], "10.0.1.0/24": ["192.168.2.0/24"]}
    assert subset(one_set(sent, "IKESet"), IKE_SENT) == IKE_SENT
    assert subset(one_set(sent, "IPsecSet"), IPSEC_SENT) == IPSEC_SENT

    emulator.clear_log()
    again = ansible(MODULE, args())
    assert again.rc == 0 and again.result["changed"] is False
    assert again.result["vpn_connection"]["id"] == connection["id"]
    assert actions(emulator.log()) == [DESCRIBE]


def test_spd_is_compared_flattened(ansible, emulator, created):
    # Same local CIDRs, same union of remote CIDRs, regrouped and reordered: what API 2.0 reads back is
    # the same, so this is no change.
    regrouped = [{"local_cidr_block": "10.0.1.0/24", "remote_cidr_blocks": ["192.168.1.0/24"]},
                 {"local_cidr_block": "10.0.0.0/24", "remote_cidr_blocks": ["192.168.2.0/24", "192.168.0.0/24"]}]
    run = ansible(MODULE, args(security_policy_databases=regrouped))
    assert run.rc == 0 and run.result["changed"] is False, run.stdout
    assert actions(emulator.log()) == [DESCRIBE]

    # A new remote CIDR is a change: the whole desired SPD is sent as one JSON string.
    wider = [{"local_cidr_block": "10.0.0.0/24", "remote_cidr_blocks": REMOTES + ["192.168.3.0/24"]},
             {"local_cidr_block": "10.0.1.0/24", "remote_cidr_blocks": ["192.168.2.0/24"]}]
    changed = ansible(MODULE, by_id(created["id"], security_policy_databases=wider))
    assert changed.rc == 0 and changed.result["changed"] is True, changed.stdout
    sent = writes(emulator.log())
    assert actions(sent) == [MODIFY]
    assert acl(sent[0]["params"]) == {"10.0.0.0/24": REMOTES + ["192.168.3.0/24"], "10.0.1.0/24": ["192.168.2.0/24"]}
    assert set(sent[0]["params"]) == {"vpcId", "vpnGwId", "vpnConnId", "spdAcl"}
    read = spd(changed.result["vpn_connection"]["security_policy_databases"])
    assert read == [("10.0.0.0/24", REMOTES + ["192.168.3.0/24"]), ("10.0.1.0/24", REMOTES + ["192.168.3.0/24"])]


def test_one_ike_field_sends_the_whole_ike_set_and_one_ipsec_field_the_whole_ipsec_set(ansible, emulator, created):
    run = ansible(MODULE, by_id(created["id"], ike={"dh_group": "GROUP2"}))
    assert run.rc == 0 and run.result["changed"] is True, run.stdout
    assert run.result["vpn_connection"]["ike"]["dh_group"] == "GROUP2"
    sent = writes(emulator.log())
    assert actions(sent) == [MODIFY]
    params = sent[0]["params"]
    assert set(params) == {"vpcId", "vpnGwId", "vpnConnId", "IKESet"}
    assert params["vpcId"] == VPC and params["vpnGwId"] == GATEWAY and params["vpnConnId"] == created["id"]
    assert subset(one_set(params, "IKESet"), IKE_SENT) == dict(IKE_SENT, dhGroupName="group2")

    emulator.clear_log()
    ipsec = ansible(MODULE, by_id(created["id"], ipsec={"pfs": "NULL"}))
    assert ipsec.rc == 0 and ipsec.result["vpn_connection"]["ipsec"]["pfs"] == "NULL", ipsec.stdout
    params = writes(emulator.log())[0]["params"]
    assert set(params) == {"vpcId", "vpnGwId", "vpnConnId", "IPsecSet"}
    assert subset(one_set(params, "IPsecSet"), IPSEC_SENT) == dict(IPSEC_SENT, pfsDhGroup="null")


def test_check_mode_predicts_and_writes_nothing(ansible, emulator, created):
    changed = args(ike=dict(BASE["ike"], lifetime_seconds=3600))
    run = ansible(MODULE, changed, check=True, diff=True)
    assert run.rc == 0 and run.result["changed"] is True, run.stdout
    diff = run.result["diff"]
    assert diff["before"]["ike"]["lifetime_seconds"] == 28800
    assert diff["after"]["ike"]["lifetime_seconds"] == 3600
    assert actions(emulator.log()) == [DESCRIBE]

    real = ansible(MODULE, changed, diff=True)
    assert real.result["changed"] is True
    assert real.result["diff"]["after"]["ike"] == diff["after"]["ike"]


def test_check_mode_create_writes_nothing(ansible, emulator):
    run = ansible(MODULE, args(), check=True)
    assert run.rc == 0 and run.result["changed"] is True, run.stdout
    assert actions(emulator.log()) == [DESCRIBE]


def test_diff_hides_the_pre_shared_key_which_is_sent_masked_in_the_log(ansible, emulator, created):
    run = ansible(MODULE, args(pre_shared_key=OTHER_PSK, ike=dict(BASE["ike"], mode="AGGRESSIVE")), diff=True)
    assert run.rc == 0 and run.result["changed"] is True, run.stdout
    assert '"mode": "MAIN"' in run.stdout and '"mode": "AGGRESSIVE"' in run.stdout
    assert "<hidden, changed>" in run.stdout
    for secret in (PSK, OTHER_PSK):
        assert secret not in run.stdout
    sent = writes(emulator.log())
    assert actions(sent) == [MODIFY]
    assert sent[0]["params"]["preSharedKey"] == "********"
    assert one_set(sent[0]["params"], "IKESet")["exchangeMode"] == "aggressive"


def test_same_key_is_not_sent_again(ansible, emulator, created):
    run = ansible(MODULE, by_id(created["id"], pre_shared_key=PSK))
    assert run.rc == 0 and run.result["changed"] is False, run.stdout
    assert actions(emulator.log()) == [DESCRIBE]


def test_lookup_by_name_and_rename_by_id(ansible, emulator, created):
    found = ansible(MODULE, {"api_version": "legacy", "name": "office", "vpn_gateway_id": GATEWAY, "vpc_id": VPC})
    assert found.rc == 0 and found.result["vpn_connection"]["id"] == created["id"], found.stdout
    renamed = ansible(MODULE, by_id(created["id"], name="office-2"))
    assert renamed.result["changed"] is True and renamed.result["vpn_connection"]["name"] == "office-2"
    assert writes(emulator.log())[-1]["params"] == {"vpcId": VPC, "vpnGwId": GATEWAY, "vpnConnId": created["id"],
                                                    "vpnConnName": "office-2"}


def test_two_connections_with_one_name_fail_listing_both(ansible, emulator, created):
    # API 3.0 allows a second "office" on the gateway; API 2.0 then finds both and guesses neither.
    second = ansible(MODULE, dict(BASE, customer_gateway_id="cgw-emu00002"))
    assert second.rc == 0, second.stdout
    other_id = second.result["vpn_connection"]["id"]
    emulator.clear_log()
    run = ansible(MODULE, args())
    assert run.rc != 0 and run.failed
    assert created["id"] in run.result["msg"] and other_id in run.result["msg"]
    assert writes(emulator.log()) == []


def test_a_name_is_unique_within_the_vpc(ansible, emulator, created):
    # vpngw-emu00002 is in the same VPC: the lookup within that gateway finds nothing, API 2.0 refuses the name.
    run = ansible(MODULE, args(vpn_gateway_id="vpngw-emu00002"))
    assert run.rc != 0 and run.failed
    assert "InvalidVpnConnName.InUse" in run.result["msg"]
    assert actions(writes(emulator.log())) == [ADD]


def test_absent_then_absent_again(ansible, emulator, created):
    run = ansible(MODULE, {"api_version": "legacy", "name": "office", "vpn_gateway_id": GATEWAY, "vpc_id": VPC,
                           "state": "absent"})
    assert run.rc == 0 and run.result["changed"] is True and run.result["vpn_connection"] == {}, run.stdout
    entries = emulator.log()
    sent = writes(entries)
    assert actions(sent) == [DELETE]
    assert sent[0]["params"] == {"vpcId": VPC, "vpnGwId": GATEWAY, "vpnConnId": created["id"]}
    assert TASK in actions(entries[actions(entries).index(DELETE):])
    emulator.clear_log()
    again = ansible(MODULE, by_id(created["id"], state="absent"))
    assert again.rc == 0 and again.result["changed"] is False
    assert writes(emulator.log()) == []


def test_absent_in_check_mode_keeps_the_connection(ansible, emulator, created):
    run = ansible(MODULE, by_id(created["id"], state="absent"), check=True)
    assert run.result["changed"] is True and actions(emulator.log()) == [DESCRIBE]
    listed = ansible(INFO, {"api_version": "legacy", "ids": [created["id"]]}).result["vpn_connections"]
    assert [c["id"] for c in listed] == [created["id"]]


def test_immutable_change_needs_recreate(ansible, emulator, created):
    # ModifyVpnConnEx has no userGwId: in legacy mode the customer gateway cannot change in place.
    run = ansible(MODULE, by_id(created["id"], customer_gateway_id="cgw-emu00002"))
    assert run.rc != 0 and "customer_gateway_id" in run.result["msg"] and "recreate" in run.result["msg"]
    assert writes(emulator.log()) == []
    recreated = ansible(MODULE, by_id(created["id"], vpn_gateway_id="vpngw-emu00002", recreate=True,
                                      pre_shared_key=PSK,
                                      security_policy_databases=BASE["security_policy_databases"]), diff=True)
    assert recreated.rc == 0, recreated.stdout
    connection = recreated.result["vpn_connection"]
    assert connection["recreated"] is True and connection["vpn_gateway_id"] == "vpngw-emu00002"
    assert connection["id"] != created["id"] and connection["ike"]["dh_group"] == "GROUP14"
    sent = writes(emulator.log())
    assert actions(sent) == [DELETE, ADD]
    # The rules as given, not as read back (every local CIDR with every remote one).
    assert acl(sent[1]["params"]) == {"10.0.0.0/24": ["192.168.0.0/24", "192.168.1.0/24"],
                                      "10.0.1.0/24": ["192.168.2.0/24"]}


# -- input API 2.0 cannot take -----------------------------------------------------------------
@pytest.mark.parametrize("bad, fragments", [
    ({"security_policy_databases": [{"local_cidr_block": "10.0.0.0/33", "remote_cidr_blocks": ["1.0.0.0/8"]}]},
     ["security_policy_databases[0].local_cidr_block"]),
    ({"vpc_id": None}, ["vpc_id"]),
    ({"ike": {"version": "IKEV2"}, "dpd_enable": True, "tags": {"team": "network"}, "negotiation_type": "passive",
      "route_type": "STATIC", "enable_health_check": True},
     ["ike.version", "dpd_enable", "tags", "negotiation_type", "route_type", "enable_health_check"]),
    ({"ike": {"encryption_algorithm": "SM4"}}, ["encryption_algorithm", "SM4"]),
    ({"ike": {"dh_group": "GROUP19"}}, ["dh_group", "GROUP19"]),
    ({"ipsec": {"authentication_algorithm": "SHA-256"}}, ["authentication_algorithm", "SHA-256"]),
    ({"ipsec": {"pfs": "DH-GROUP19"}}, ["pfs", "DH-GROUP19"]),
    ({"region": "ap-nowhere"}, ["region", "ap-nowhere"]),
    ({"recreate": True, "security_policy_databases": None}, ["security_policy_databases", "recreate"]),
], ids=["cidr", "no-vpc", "options-api-2-lacks", "ike-sm4", "ike-group19", "ipsec-sha256", "pfs-group19",
        "region-without-code", "recreate-without-spd"])
def test_what_api_2_cannot_take_fails_before_any_request(ansible, emulator, bad, fragments):
    module_args = {key: value for key, value in args(**bad).items() if value is not None}
    run = ansible(MODULE, module_args)
    assert run.rc != 0 and run.failed
    for fragment in fragments:
        assert fragment in run.result["msg"]
    assert emulator.log() == []


# -- one connection, two APIs, legacy region codes -----------------------------------------------
def test_switching_api_version_alone_is_no_change_in_either_direction(ansible, emulator):
    # Created with API 3.0 (region as the legacy code), re-run with API 2.0: nothing to do.
    created = ansible(MODULE, dict(BASE, region="gz"))
    assert created.rc == 0 and created.result["changed"] is True, created.stdout
    assert actions(writes(emulator.log())) == ["CreateVpnConnection"]
    assert {entry["region"] for entry in emulator.log()} == {"ap-guangzhou"}
    emulator.clear_log()
    legacy = ansible(MODULE, args())
    assert legacy.rc == 0 and legacy.result["changed"] is False, legacy.stdout
    assert legacy.result["vpn_connection"]["id"] == created.result["vpn_connection"]["id"]
    assert actions(emulator.log()) == [DESCRIBE]

    # Created with API 2.0 (region as the legacy code), re-run with API 3.0: nothing to do.
    other = dict(BASE, name="branch", customer_gateway_id="cgw-emu00002")
    emulator.clear_log()
    made = ansible(MODULE, dict(other, api_version="legacy", region="gz"))
    assert made.rc == 0 and made.result["changed"] is True, made.stdout
    assert actions(writes(emulator.log())) == [ADD]
    emulator.clear_log()
    modern = ansible(MODULE, other)
    assert modern.rc == 0 and modern.result["changed"] is False, modern.stdout
    assert modern.result["vpn_connection"]["id"] == made.result["vpn_connection"]["id"]
    assert actions(emulator.log()) == ["DescribeVpnConnections"]


def test_a_legacy_change_that_would_resend_a_value_only_api_3_0_has_fails_before_writing(ansible, emulator):
    # GROUP19 set through API 3.0 reads back through API 2.0; a change to another IKE setting
    # would resend the whole IKE set with it, which API 2.0 cannot take.
    created = ansible(MODULE, dict(BASE, ike=dict(BASE["ike"], dh_group="GROUP19")))
    assert created.rc == 0, created.stdout
    emulator.clear_log()
    run = ansible(MODULE, by_id(created.result["vpn_connection"]["id"], ike={"lifetime_seconds": 3600}))
    assert run.rc != 0 and "ike.dh_group GROUP19" in run.result["msg"]
    assert actions(emulator.log()) == [DESCRIBE]


# -- tasks and waiting ---------------------------------------------------------------------------
def test_a_create_whose_task_runs_for_several_polls_waits_for_it(ansible, emulator):
    emulator.fault("pending", 3)
    run = ansible(MODULE, args())
    assert run.rc == 0, run.stdout
    assert run.result["vpn_connection"]["state"] == "AVAILABLE"
    names = actions(emulator.log())
    after_add = names[names.index(ADD) + 1:]
    # Three polls see the task running, the fourth sees it done; then the new tunnel is looked up.
    assert after_add == [TASK] * 4 + [DESCRIBE]


def test_without_wait_no_task_is_followed(ansible, emulator):
    emulator.fault("pending", 3)
    run = ansible(MODULE, args(wait=False))
    assert run.rc == 0, run.stdout
    assert run.result["vpn_connection"]["id"].startswith("vpnx-")
    assert run.result["vpn_connection"]["state"] == "PENDING"
    assert actions(emulator.log()) == [DESCRIBE, ADD, DESCRIBE]


def test_a_failed_task_fails_clearly(ansible, emulator, created):
    emulator.fault("task_failure", 1)
    run = ansible(MODULE, by_id(created["id"], name="renamed"))
    assert run.rc != 0 and run.failed
    message = run.result["msg"]
    assert "task" in message and "failed" in message and created["id"] in message
    assert actions(writes(emulator.log())) == [MODIFY]
    # The cloud undid the write: the connection keeps its name.
    listed = ansible(INFO, {"api_version": "legacy", "ids": [created["id"]]}).result["vpn_connections"]
    assert [c["name"] for c in listed] == ["office"]


def test_wait_timeout_fails_clearly(ansible, emulator, created):
    emulator.fault("pending", 1000)
    run = ansible(MODULE, by_id(created["id"], name="renamed", wait_timeout=2))
    assert run.rc != 0 and "timed out after 2 seconds" in run.result["msg"]
    assert TASK in actions(emulator.log())


# -- errors and retries in the API 2.0 envelope -------------------------------------------------
def test_throttling_and_busy_answers_are_retried(ansible, emulator, created):
    emulator.fault("throttle", 2)
    emulator.fault("internal_error", 1)
    emulator.fault("busy", 1)
    run = ansible(MODULE, by_id(created["id"], ipsec={"lifetime_seconds": 7200}))
    assert run.rc == 0 and run.result["changed"] is True, run.stdout
    entries = emulator.log()
    # Answered in the API 2.0 envelope: codes 4400, 6000 and 5100.
    assert [entry["error"] for entry in faulted(entries, "throttle")] == ["RequestLimitExceeded"] * 2
    assert [entry["error"] for entry in faulted(entries, "internal_error")] == ["InternalError"]
    assert [entry["error"] for entry in faulted(entries, "busy")] == ["InvalidVpnConnState"]
    assert actions(writes(entry for entry in entries if not entry.get("fault"))) == [MODIFY]


def test_server_errors_are_retried_and_no_nonce_is_used_twice(ansible, emulator, created):
    # The emulator refuses a Nonce it has seen (4500 Replay); every request of the run must carry a new one.
    # (A 503 fault is answered before the signature check, so this cannot tell whether the resend of that
    # very request got a new Nonce: the unit tests of the API 2.0 client check that.)
    emulator.fault("server_error", 2, kind="read")
    run = ansible(MODULE, by_id(created["id"], name="renamed"))
    assert run.rc == 0 and run.result["vpn_connection"]["name"] == "renamed", run.stdout
    entries = emulator.log()
    assert len(faulted(entries, "server_error")) == 2
    assert not [entry for entry in entries if entry["error"] in ("Replay", 4500, "4500")]
    assert actions(writes(entries)) == [MODIFY]


def test_lost_create_answer_does_not_create_twice(ansible, emulator):
    emulator.fault("lost_response", 1)
    run = ansible(MODULE, args())
    assert run.rc == 0 and run.result["changed"] is True, run.stdout
    assert actions(writes(emulator.log())) == [ADD]
    listed = ansible(INFO, {"api_version": "legacy", "vpn_gateway_id": GATEWAY}).result["vpn_connections"]
    assert [c["id"] for c in listed] == [run.result["vpn_connection"]["id"]]


def test_persistent_throttling_fails_when_the_time_budget_is_spent(ansible, emulator, created):
    emulator.fault("throttle", 500)
    run = ansible(MODULE, by_id(created["id"], name="x"),
                  env={"CLOUDVPN_RETRY_MAX_ATTEMPTS": "4", "CLOUDVPN_RETRY_MAX_TOTAL": "3"})
    assert run.rc != 0
    assert "RequestLimitExceeded" in run.result["msg"] and "attempts" in run.result["msg"]
    attempts = run.result["error"]["attempts"]
    assert attempts > 4 and len(emulator.log()) == attempts


def test_wrong_secret_key_fails_with_the_auth_error(ansible, emulator):
    run = ansible(MODULE, args(), env={"TENCENTCLOUD_SECRET_KEY": "wrong-secret-key-123"})
    assert run.rc != 0
    assert "AuthFailure" in run.result["msg"]
    assert "wrong-secret-key-123" not in run.stdout + run.stderr
    assert writes(emulator.log()) == []


def test_no_secret_anywhere_in_verbose_output_or_log(ansible, emulator):
    runs = [ansible(MODULE, args(), verbosity=3),
            ansible(MODULE, args(pre_shared_key=OTHER_PSK), verbosity=3, diff=True),
            ansible(INFO, {"api_version": "legacy", "vpn_gateway_id": GATEWAY}, verbosity=3)]
    log_text = emulator.log_text()
    for run in runs:
        assert run.rc == 0, run.stdout
        for secret in (PSK, OTHER_PSK, SECRET_KEY):
            assert secret not in run.stdout and secret not in run.stderr
            assert secret not in log_text


# -- the _info module ---------------------------------------------------------------------------
def test_info_filters(ansible, emulator, created):
    second = ansible(MODULE, args(name="office-2", customer_gateway_id="cgw-emu00002"))
    assert second.rc == 0, second.stdout
    emulator.clear_log()
    legacy = {"api_version": "legacy"}
    everything = ansible(INFO, dict(legacy, region="gz")).result["vpn_connections"]
    assert sorted(c["name"] for c in everything) == ["office", "office-2"]
    assert all("pre_shared_key" not in c for c in everything)
    # API 2.0 matches names by substring: the exact match is made by the module.
    exact = ansible(INFO, dict(legacy, name="office")).result["vpn_connections"]
    assert [c["id"] for c in exact] == [created["id"]]
    by_id_ = ansible(INFO, dict(legacy, ids=[created["id"], "vpnx-unknown0"])).result["vpn_connections"]
    assert [c["id"] for c in by_id_] == [created["id"]]
    assert ansible(INFO, dict(legacy, vpc_id="vpc-emu00002")).result["vpn_connections"] == []
    assert set(actions(emulator.log())) == {DESCRIBE}
    assert all(int(entry["params"].get("limit", 50)) <= 50 for entry in emulator.log())
