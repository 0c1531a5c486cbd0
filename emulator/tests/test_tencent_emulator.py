"""The Tencent VPC API 3.0 emulator, driven with hand-signed requests.

Run: ``PYTHONPATH=<dir containing ansible_collections> python -m pytest emulator/tests``
(from a checkout, the collection is also found without PYTHONPATH).
"""

from __future__ import annotations

import base64
import html
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from urllib.parse import unquote, unquote_plus

import pytest

from cloudvpn_emulator.faults import ECHO_ENCODINGS
from emulator_client import EMULATOR_ROOT, SECRET_KEY, Admin, TencentClient, send, start_emulator

PSK = "Emu-Test-PSK-123"
OTHER_PSK = "Second-Secret-Pre-Shared-Key"


def create_settled(client, **overrides):
    """Create a connection and read it until it is AVAILABLE; return its id."""
    connection_id = client.create(**overrides).ok()["VpnConnection"]["VpnConnectionId"]
    while client.state_of(connection_id) != "AVAILABLE":
        pass
    return connection_id


# -- lifecycle ---------------------------------------------------------------------

def test_create_describe_modify_delete(client):
    created = client.create(IKEOptionsSpecification={"PropoEncryAlgorithm": "aes-cbc-256", "IKEVersion": "IKEV2"})
    connection = created.ok()["VpnConnection"]
    connection_id = connection["VpnConnectionId"]
    assert re.fullmatch(r"vpnx-[a-z0-9]{8}", connection_id)
    assert connection["State"] == "PENDING" and connection["PreShareKey"] == PSK
    assert connection["IKEOptionsSpecification"]["PropoEncryAlgorithm"] == "AES-CBC-256"  # read back upper case

    assert client.state_of(connection_id) == "PENDING"  # --pending-reads 1: one read sees PENDING
    assert client.state_of(connection_id) == "AVAILABLE"

    assert client.tc3("ModifyVpnConnectionAttribute", {
        "VpnConnectionId": connection_id, "VpnConnectionName": "renamed",
        "IKEOptionsSpecification": {"DhGroupName": "group14"}}).ok().keys() == {"RequestId"}
    shown = client.describe(VpnConnectionIds=[connection_id]).ok()["VpnConnectionSet"][0]
    assert shown["State"] == "PENDING" and shown["VpnConnectionName"] == "renamed"
    assert shown["IKEOptionsSpecification"]["DhGroupName"] == "GROUP14"
    assert shown["IKEOptionsSpecification"]["PropoEncryAlgorithm"] == "AES-CBC-256"  # merged, not replaced
    assert shown["IKEOptionsSpecification"]["IKEVersion"] == "IKEV2"
    assert client.state_of(connection_id) == "AVAILABLE"

    client.tc3("DeleteVpnConnection", {"VpnGatewayId": "vpngw-emu00001", "VpnConnectionId": connection_id}).ok()
    assert client.state_of(connection_id) == "DELETING"
    assert client.state_of(connection_id) is None
    missing = client.tc3("DeleteVpnConnection", {"VpnGatewayId": "vpngw-emu00001", "VpnConnectionId": connection_id})
    assert missing.error == "ResourceNotFound"


def test_create_fills_the_server_defaults(client):
    connection = client.create().ok()["VpnConnection"]
    assert connection["IKEOptionsSpecification"] == {
        "PropoEncryAlgorithm": "3DES-CBC", "PropoAuthenAlgorithm": "MD5", "ExchangeMode": "MAIN",
        "LocalIdentity": "ADDRESS", "RemoteIdentity": "ADDRESS", "LocalAddress": "203.0.113.10",
        "RemoteAddress": "198.51.100.1", "DhGroupName": "GROUP1", "IKESaLifetimeSeconds": 86400, "IKEVersion": "IKEV1"}
    assert connection["IPSECOptionsSpecification"] == {
        "EncryptAlgorithm": "3DES-CBC", "IntegrityAlgorith": "MD5", "IPSECSaLifetimeSeconds": 3600,
        "PfsDhGroup": "NULL", "IPSECSaLifetimeTraffic": 1843200}
    expected = {"EnableHealthCheck": False, "NegotiationType": "active", "DpdEnable": 0, "DpdTimeout": "30",
                "DpdAction": "restart", "RouteType": "STATIC", "NetStatus": "UNAVAILABLE", "VpnProto": "IKE",
                "EncryptProto": "IPSEC", "TagSet": []}
    assert {key: connection[key] for key in expected} == expected
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", connection["CreatedTime"])
    network = ipaddress.ip_network("169.254.128.0/17")
    local, remote = connection["HealthCheckLocalIp"], connection["HealthCheckRemoteIp"]
    assert local != remote and ipaddress.ip_address(local) in network and ipaddress.ip_address(remote) in network


def test_two_connections_may_share_a_name_on_one_gateway(client):
    first = create_settled(client)
    second = create_settled(client, CustomerGatewayId="cgw-emu00002")
    found = client.describe(Filters=[{"Name": "vpn-connection-name", "Values": ["office"]},
                                     {"Name": "vpn-gateway-id", "Values": ["vpngw-emu00001"]}]).ok()
    assert found["TotalCount"] == 2
    assert {c["VpnConnectionId"] for c in found["VpnConnectionSet"]} == {first, second}


def test_writes_refused_while_pending(client):
    connection_id = client.create().ok()["VpnConnection"]["VpnConnectionId"]
    modify = client.tc3("ModifyVpnConnectionAttribute", {"VpnConnectionId": connection_id, "VpnConnectionName": "x"})
    delete = client.tc3("DeleteVpnConnection", {"VpnGatewayId": "vpngw-emu00001", "VpnConnectionId": connection_id})
    assert modify.error == delete.error == "UnsupportedOperation.InvalidState"


def test_modify_customer_gateway_moves_the_remote_address(client):
    connection_id = create_settled(client)
    client.tc3("ModifyVpnConnectionAttribute", {"VpnConnectionId": connection_id,
                                                "CustomerGatewayId": "cgw-emu00002"}).ok()
    shown = client.describe(VpnConnectionIds=[connection_id]).ok()["VpnConnectionSet"][0]
    assert shown["CustomerGatewayId"] == "cgw-emu00002"
    assert shown["IKEOptionsSpecification"]["RemoteAddress"] == "198.51.100.2"


# -- DescribeVpnConnections ----------------------------------------------------------

def test_pagination_and_filters(emulator):
    client = TencentClient(emulator.url)
    emulator.pending_reads = 0
    ids = [client.create(VpnConnectionName="c%d" % n).ok()["VpnConnection"]["VpnConnectionId"] for n in range(5)]
    pages = [client.describe(Offset=offset, Limit=2).ok() for offset in (0, 2, 4)]
    assert [page["TotalCount"] for page in pages] == [5, 5, 5]
    assert [c["VpnConnectionId"] for page in pages for c in page["VpnConnectionSet"]] == ids
    assert len(client.describe().ok()["VpnConnectionSet"]) == 5  # default Limit 20

    by_name = client.describe(Filters=[{"Name": "vpn-connection-name", "Values": ["c3", "c"]}]).ok()
    assert [c["VpnConnectionId"] for c in by_name["VpnConnectionSet"]] == [ids[3]]  # exact match only
    assert client.describe(Filters=[{"Name": "vpc-id", "Values": ["vpc-emu00002"]}]).ok()["TotalCount"] == 0
    by_ids = client.describe(VpnConnectionIds=[ids[1], "vpnx-unknown0"]).ok()
    assert [c["VpnConnectionId"] for c in by_ids["VpnConnectionSet"]] == [ids[1]]
    unknown = client.describe(VpnConnectionIds=["vpnx-unknown0"]).ok()  # not an error
    assert unknown["TotalCount"] == 0 and unknown["VpnConnectionSet"] == []


@pytest.mark.parametrize("params, code", [
    ({"VpnConnectionIds": ["vpnx-a"], "Filters": [{"Name": "vpc-id", "Values": ["vpc-emu00001"]}]},
     "InvalidParameter.Coexist"),
    ({"Filters": [{"Name": "state", "Values": ["AVAILABLE"]}]}, "InvalidParameter.FilterInvalidKey"),
    ({"VpnConnectionIds": ["vpnx-a", "vpnx-a"]}, "InvalidParameterValue.Duplicate"),
    ({"VpnConnectionIds": ["vpnx-%08d" % n for n in range(101)]}, "InvalidParameterValue.LimitExceeded"),
    ({"Limit": 101}, "InvalidParameterValue.Range"),
    ({"Limit": "20"}, "InvalidParameter"),  # JSON is typed
])
def test_describe_rejects(client, params, code):
    assert client.describe(**params).error == code


# -- validation ----------------------------------------------------------------------

@pytest.mark.parametrize("overrides, code, fragment", [
    ({"Foo": 1}, "UnknownParameter", "Foo"),
    ({"IKEOptionsSpecification": {"Encryption": "AES-CBC-128"}}, "UnknownParameter",
     "IKEOptionsSpecification.Encryption"),
    ({"PreShareKey": None}, "InvalidParameter", "PreShareKey"),
    ({"VpcId": ""}, "MissingParameter", "VpcId"),
    ({"NegotiationType": "Active"}, "InvalidParameterValue", "NegotiationType"),
    ({"IKEOptionsSpecification": {"DhGroupName": "GROUP3"}}, "InvalidParameterValue", "DhGroupName"),
    ({"IKEOptionsSpecification": {"IKESaLifetimeSeconds": 59}}, "InvalidParameterValue.Range", "IKESaLifetimeSeconds"),
    ({"IPSECOptionsSpecification": {"IPSECSaLifetimeSeconds": 604801}}, "InvalidParameterValue.Range", ""),
    ({"IPSECOptionsSpecification": {"IPSECSaLifetimeTraffic": 2559}}, "InvalidParameterValue.Range", ""),
    ({"DpdTimeout": "61"}, "InvalidParameterValue.Range", "DpdTimeout"),
    ({"DpdTimeout": 40}, "InvalidParameter", "DpdTimeout"),  # a String in the API
    ({"SecurityPolicyDatabases": [{"LocalCidrBlock": "10.0.0.0/33", "RemoteCidrBlock": []}]},
     "InvalidParameterValue.Malformed", "SecurityPolicyDatabases.0.LocalCidrBlock"),
    ({"VpnConnectionName": "n" * 61}, "InvalidParameterValue.LimitExceeded", "VpnConnectionName"),
    ({"VpnGatewayId": "vpngw-nothere"}, "ResourceNotFound", "vpngw-nothere"),
    ({"CustomerGatewayId": "cgw-nothere"}, "ResourceNotFound", "cgw-nothere"),
    ({"VpcId": "vpc-emu00002"}, "InvalidParameterValue", "vpc-emu00002"),
    ({"IKEOptionsSpecification": {"LocalIdentity": "FQDN"}}, "MissingParameter", "LocalFqdnName"),
])
def test_create_rejects(client, overrides, code, fragment):
    answer = client.create(**overrides)
    assert answer.status == 200 and answer.error == code
    assert fragment in answer.response["Error"]["Message"] and answer.response["RequestId"]


def test_missing_required_parameter(client):
    answer = client.tc3("CreateVpnConnection", {"VpnGatewayId": "vpngw-emu00001"})
    assert answer.error == "MissingParameter"


@pytest.mark.parametrize("field", ["VpnGatewayId", "VpcId", "RouteType", "Tags"])
def test_modify_refuses_create_only_fields(client, field):
    connection_id = create_settled(client)
    answer = client.tc3("ModifyVpnConnectionAttribute", {"VpnConnectionId": connection_id, field: "x"})
    assert answer.error == "UnknownParameter" and field in answer.response["Error"]["Message"]


@pytest.mark.parametrize("call, code", [
    ({"action": "DescribeVpnConnections", "region": None}, "MissingParameter"),
    ({"action": "DescribeVpnConnections", "region": "Guangzhou"}, "UnsupportedRegion"),
    ({"action": "ResetVpnConnection"}, "InvalidAction"),
    ({"action": "DescribeVpnConnections", "version": "2020-01-01"}, "UnsupportedOperation"),
])
def test_request_level_errors(client, call, code):
    assert client.tc3(call.pop("action"), {}, **call).error == code


def test_regions_are_separate(client):
    create_settled(client)
    other = TencentClient(client.url, region="ap-singapore")
    assert other.describe().ok()["TotalCount"] == 0


# -- signatures ----------------------------------------------------------------------

def test_tc3_get_with_flattened_query(client):
    connection_id = create_settled(client)
    answer = client.tc3("DescribeVpnConnections", {"VpnConnectionIds": [connection_id], "Limit": 10}, method="GET")
    assert answer.ok()["VpnConnectionSet"][0]["VpnConnectionId"] == connection_id


@pytest.mark.parametrize("client_options, call_options, code", [
    ({"secret_key": "wrong-secret-key-123"}, {}, "AuthFailure.SignatureFailure"),
    ({"secret_id": "AKIDUNKNOWN"}, {}, "AuthFailure.SecretIdNotFound"),
    ({}, {"timestamp": int(time.time()) - 400}, "AuthFailure.SignatureExpire"),
    ({}, {"tamper": lambda wire: setattr(wire, "body", wire.body.replace(b"office", b"offics"))},
     "AuthFailure.SignatureFailure"),
    ({}, {"tamper": lambda wire: wire.set_header("Authorization", "Bearer x")}, "AuthFailure.InvalidAuthorization"),
    ({"token": "unexpected-token"}, {}, "AuthFailure.TokenFailure"),
])
def test_tc3_signature_checks(emulator, client_options, call_options, code):
    client = TencentClient(emulator.url, **client_options)
    params = {"VpnGatewayId": "vpngw-emu00001", "VpcId": "vpc-emu00001", "CustomerGatewayId": "cgw-emu00001",
              "VpnConnectionName": "office", "PreShareKey": PSK}
    assert client.tc3("CreateVpnConnection", params, **call_options).error == code
    assert TencentClient(emulator.url).describe().ok()["TotalCount"] == 0


def test_credentials_with_a_token(tmp_path):
    table = tmp_path / "credentials.json"
    table.write_text(json.dumps({"tencent": [{"key_id": "AKIDTOKENUSER", "secret": "s3cret-key", "token": "tok-1"}]}))
    from cloudvpn_emulator.credentials import load_table
    with start_emulator(credentials=load_table(str(table), ["tencent"])) as emulator:
        assert TencentClient(emulator.url, "AKIDTOKENUSER", "s3cret-key", "tok-1").describe().ok()
        assert TencentClient(emulator.url, "AKIDTOKENUSER", "s3cret-key").describe().error == "AuthFailure.TokenFailure"
        assert TencentClient(emulator.url).describe().error == "AuthFailure.SecretIdNotFound"


@pytest.mark.parametrize("method, signature_method", [("GET", "HmacSHA256"), ("POST", "HmacSHA1")])
def test_v1_signature(client, method, signature_method):
    created = client.v1("CreateVpnConnection", {
        "VpnGatewayId": "vpngw-emu00001", "VpcId": "vpc-emu00001", "CustomerGatewayId": "cgw-emu00001",
        "VpnConnectionName": "legacy signed", "PreShareKey": PSK, "EnableHealthCheck": True,
        "SecurityPolicyDatabases": [{"LocalCidrBlock": "10.0.0.0/16", "RemoteCidrBlock": ["192.168.0.0/24"]}],
        "IKEOptionsSpecification": {"IKESaLifetimeSeconds": 3600}}, method=method, signature_method=signature_method)
    connection = created.ok()["VpnConnection"]
    assert connection["IKEOptionsSpecification"]["IKESaLifetimeSeconds"] == 3600  # form string -> Integer
    assert connection["EnableHealthCheck"] is True and connection["VpnConnectionName"] == "legacy signed"
    assert client.v1("DescribeVpnConnections", {"Limit": 5}, method=method).ok()["TotalCount"] == 1
    wrong = client.v1("DescribeVpnConnections", {}, method=method, secret_key="not-the-key")
    assert wrong.error == "AuthFailure.SignatureFailure"


def test_v1_nonce_cannot_be_replayed(client):
    stamp = int(time.time())
    assert client.v1("DescribeVpnConnections", nonce=4242, timestamp=stamp).ok()
    replay = client.v1("DescribeVpnConnections", nonce=4242, timestamp=stamp)
    assert replay.error == "AuthFailure.SignatureFailure" and "Nonce" in replay.response["Error"]["Message"]


def test_unrecognised_requests_are_a_400_json_error(emulator, admin):
    answer = send("POST", emulator.url + "/", {"Content-Type": "application/json"}, b"{}")
    assert answer.status == 400 and json.loads(answer.text)["error"]["code"] == "UnknownProvider"
    assert admin.log()[-1]["error"] == "UnknownProvider"


# -- faults --------------------------------------------------------------------------

def test_throttle_then_busy_are_taken_in_order(client, admin):
    connection_id = create_settled(client)
    admin.fault("throttle", 2)
    admin.fault("busy", 1)
    assert admin.call("GET", "faults")[1]["faults"][0]["fault"] == "throttle"
    assert client.describe().error == "RequestLimitExceeded"
    assert client.describe().error == "RequestLimitExceeded"
    assert client.describe().ok()  # busy waits for a write
    modify = {"VpnConnectionId": connection_id, "VpnConnectionName": "x"}
    assert client.tc3("ModifyVpnConnectionAttribute", modify).error == "UnsupportedOperation.InvalidState"
    assert client.describe().ok()["VpnConnectionSet"][0]["VpnConnectionName"] == "office"  # not processed
    assert client.tc3("ModifyVpnConnectionAttribute", modify).ok()
    faults = [entry.get("fault") for entry in admin.log()]
    assert faults.count("throttle") == 2 and faults.count("busy") == 1
    assert admin.call("GET", "faults")[1]["faults"] == []


def test_server_error_is_an_unprocessed_html_503(client, admin):
    admin.fault("server_error", 1)
    answer = client.create()
    assert answer.status == 503 and answer.content_type.startswith("text/html") and answer.response is None
    assert client.describe().ok()["TotalCount"] == 0
    assert admin.log()[0]["fault"] == "server_error" and admin.log()[0]["status"] == 503


def test_lost_response_is_processed_but_answered_502(client, admin):
    admin.fault("lost_response", 1)
    assert client.describe().ok()  # reads are not affected
    answer = client.create()
    assert answer.status == 502 and answer.response is None
    assert client.describe().ok()["TotalCount"] == 1
    assert [entry.get("fault") for entry in admin.log()] == [None, "lost_response", None]


def test_drop_is_processed_and_closes_without_an_answer(client, admin):
    admin.fault("drop", 1)
    with pytest.raises(Exception) as caught:  # urllib: RemoteDisconnected / connection reset
        client.create()
    assert not isinstance(caught.value, AssertionError)
    assert client.describe().ok()["TotalCount"] == 1
    assert [entry.get("fault") for entry in admin.log()] == ["drop", None]


def test_slow_is_processed_and_answered_late_without_blocking_others(client, admin):
    admin.fault("slow", 2)
    started = time.monotonic()
    answers = []
    writer = threading.Thread(target=lambda: answers.append(client.create()))
    writer.start()
    while not admin.log():  # the write is processed (and logged) before its answer is held
        time.sleep(0.01)
    assert client.describe().ok()["TotalCount"] == 1  # not blocked by the held answer
    writer.join()
    assert time.monotonic() - started >= 2
    assert answers[0].ok()["VpnConnection"]["VpnConnectionId"].startswith("vpnx-")
    assert admin.log()[0]["fault"] == "slow"


def test_a_fault_narrowed_to_one_kind_spares_the_other(client, admin):
    admin.fault("throttle", 1, kind="read")
    admin.fault("server_error", 1, kind="write")
    assert client.describe().error == "RequestLimitExceeded"
    assert client.describe().ok()["TotalCount"] == 0
    assert client.create().status == 503
    assert client.describe().ok()["TotalCount"] == 0
    status, answer = admin.call("POST", "faults", {"fault": "busy", "count": 1, "kind": "read"})
    assert status == 400 and "not to kind" in answer["error"]


def test_a_fault_after_k_requests(client, admin):
    admin.fault("throttle", 1, kind="read", after=2)
    assert client.describe().ok() and client.create().ok() and client.describe().ok()
    assert client.describe().error == "RequestLimitExceeded"
    assert client.describe().ok()


def test_auth_failure_fault(client, admin):
    admin.fault("auth_failure", 1)
    assert client.describe().error == "AuthFailure.SignatureFailure"
    assert client.describe().ok()


def test_pending_fault_lengthens_one_transition(client, admin):
    admin.fault("pending", 3)
    connection_id = client.create().ok()["VpnConnection"]["VpnConnectionId"]
    assert [client.state_of(connection_id) for read in range(4)] == ["PENDING"] * 3 + ["AVAILABLE"]
    client.tc3("DeleteVpnConnection", {"VpnGatewayId": "vpngw-emu00001", "VpnConnectionId": connection_id}).ok()
    assert [client.state_of(connection_id) for read in range(2)] == ["DELETING", None]  # back to the default
    assert admin.log()[0]["fault"] == "pending" and admin.log()[0]["pending_reads"] == 3


DECODERS = {
    "plain": lambda text: text,
    "pct-upper": unquote,
    "pct-lower": unquote,
    "plus": unquote_plus,
    "double": lambda text: unquote(unquote(text)),
    "base64": lambda text: base64.b64decode(text).decode("utf-8"),
    "json-slash": json.loads,
    "json-unicode": lambda text: json.loads('"%s"' % text),
    "html": html.unescape,
    "latin1": lambda text: text.encode("latin-1").decode("utf-8"),
}


@pytest.mark.parametrize("encoding", sorted(ECHO_ENCODINGS))
def test_echo_fault_echoes_the_request_and_secrets_but_the_log_does_not(client, admin, encoding):
    admin.fault("echo", 1, encoding=encoding)
    answer = client.create()
    assert answer.error == "AuthFailure.SignatureFailure"
    message = answer.response["Error"]["Message"]
    assert message.startswith("The request was: ")
    echoed = DECODERS[encoding](message[len("The request was: "):])
    assert PSK in echoed and SECRET_KEY in echoed
    assert client.describe().ok()["TotalCount"] == 0  # not processed
    entry = admin.log()[0]
    assert entry["fault"] == "echo" and entry["encoding"] == encoding and entry["error"] == "AuthFailure.SignatureFailure"
    assert PSK not in admin.log_text() and SECRET_KEY not in admin.log_text()


@pytest.mark.parametrize("body", [{"fault": "echo", "count": 1, "encoding": "rot13"},
                                  {"fault": "throttle", "count": 1, "encoding": "plain"}])
def test_bad_echo_encodings_are_refused(admin, body):
    status, answer = admin.call("POST", "faults", body)
    assert status == 400 and "encoding" in answer["error"]


@pytest.mark.parametrize("body", [{"fault": "meteor", "count": 1}, {"fault": "throttle", "count": 0},
                                  {"fault": "throttle", "count": 1, "provider": "aws"},
                                  {"fault": "throttle", "count": 1, "extra": True}])
def test_bad_fault_requests_are_refused(admin, body):
    status, answer = admin.call("POST", "faults", body)
    assert status == 400 and "error" in answer


# -- log, admin API ----------------------------------------------------------------------

def test_log_masks_secrets_everywhere(tmp_path):
    log_file = tmp_path / "requests.jsonl"
    with start_emulator(log_file=str(log_file)) as emulator:
        client, admin = TencentClient(emulator.url), Admin(emulator.url)
        connection_id = create_settled(client)
        client.tc3("ModifyVpnConnectionAttribute", {"VpnConnectionId": connection_id, "PreShareKey": OTHER_PSK,
                                                    "IKEOptionsSpecification": {"DhGroupName": "GROUP2"}}).ok()
        client.v1("DescribeVpnConnections", {"VpnConnectionIds": [connection_id]}).ok()
        TencentClient(emulator.url, secret_key="a-wrong-secret-key").create(PreShareKey="Refused-Request-PSK")
        entries = admin.log()
        state = admin.call("GET", "state/tencent")[1]
        log_text = json.dumps(entries) + log_file.read_text() + json.dumps(state)

    for secret in (PSK, OTHER_PSK, "Refused-Request-PSK", SECRET_KEY, "a-wrong-secret-key"):
        assert secret not in log_text
    create, modify = entries[0], next(e for e in entries if e["action"] == "ModifyVpnConnectionAttribute")
    assert create["params"]["PreShareKey"] == "********" and create["kind"] == "write"
    assert modify["params"] == {"VpnConnectionId": connection_id, "PreShareKey": "********",
                                "IKEOptionsSpecification": {"DhGroupName": "GROUP2"}}
    v1_entry = entries[-2]
    assert v1_entry["params"] == {"VpnConnectionIds": [connection_id]} and v1_entry["kind"] == "read"
    assert entries[-1]["error"] == "AuthFailure.SignatureFailure"
    assert set(entries[0]) == {"seq", "time", "provider", "action", "kind", "method", "path", "region", "params",
                               "status", "error", "request_id"}
    assert [json.loads(line)["seq"] for line in log_file.read_text().splitlines()] == [e["seq"] for e in entries]
    stored = state["regions"]["ap-guangzhou"]["vpn_connections"][0]
    assert stored["PreShareKey"] == "********" and stored["VpnConnectionId"] == connection_id


def test_admin_reset_log_and_health(client, admin):
    create_settled(client)
    assert admin.call("GET", "health") == (200, {"ok": True})
    assert admin.call("DELETE", "log") == (200, {"ok": True}) and admin.log() == []
    admin.fault("throttle", 5)
    assert admin.call("POST", "reset") == (200, {"ok": True})
    assert admin.call("GET", "faults")[1] == {"faults": []}
    assert client.describe().ok()["TotalCount"] == 0
    assert admin.log()[0]["seq"] == 1
    assert admin.call("GET", "nope")[0] == 404 and admin.call("PUT", "log")[0] == 405
    assert admin.call("GET", "state/aws")[0] == 404


# -- command line --------------------------------------------------------------------------

def test_command_line_prints_its_url_first_and_stops_on_sigterm(tmp_path):
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([EMULATOR_ROOT] + sys.path))
    process = subprocess.Popen([sys.executable, "-m", "cloudvpn_emulator", "--port", "0", "--pending-reads", "0",
                                "--log-file", str(tmp_path / "log.jsonl")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    try:
        line = process.stdout.readline()
        assert re.fullmatch(r"cloudvpn emulator listening on http://127\.0\.0\.1:\d+\n", line), line
        client = TencentClient(line.split()[-1])
        connection_id = client.create().ok()["VpnConnection"]["VpnConnectionId"]
        assert client.state_of(connection_id) == "AVAILABLE"  # --pending-reads 0
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        process.stdout.close()
        process.stderr.close()
    assert len((tmp_path / "log.jsonl").read_text().splitlines()) == 2


# -- Tag API: ModifyResourceTags ----------------------------------------------------

def modify_tags(client, resource, service="tag", version="2018-08-13", **params):
    return client.tc3("ModifyResourceTags", dict(params, Resource=resource), service=service, version=version)


def tags_of(client, connection_id):
    shown = client.describe(VpnConnectionIds=[connection_id]).ok()["VpnConnectionSet"][0]
    return {tag["Key"]: tag["Value"] for tag in shown["TagSet"]}


def test_modify_resource_tags_replaces_and_deletes_on_the_connection_record(client):
    connection_id = create_settled(client, Tags=[{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "net"}])
    resource = "qcs::vpc:%s:uin/:vpnx/%s" % (client.region, connection_id)
    answer = modify_tags(client, resource, ReplaceTags=[{"TagKey": "env", "TagValue": "prod"},
                                                        {"TagKey": "owner", "TagValue": "ops"}],
                         DeleteTags=[{"TagKey": "team"}]).ok()
    assert answer.keys() == {"RequestId"}
    assert tags_of(client, connection_id) == {"env": "prod", "owner": "ops"}
    assert client.state_of(connection_id) == "AVAILABLE"  # tags do not put the tunnel through PENDING
    # The account UIN form names the same connection; deleting a key it lacks is no error.
    modify_tags(client, "qcs::vpc:%s:uin/100000000001:vpnx/%s" % (client.region, connection_id),
                DeleteTags=[{"TagKey": "owner"}, {"TagKey": "absent"}]).ok()
    assert tags_of(client, connection_id) == {"env": "prod"}


def test_modify_resource_tags_checks_the_tag_service_in_the_signature(client):
    connection_id = create_settled(client)
    resource = "qcs::vpc:%s:uin/:vpnx/%s" % (client.region, connection_id)
    signed_for_vpc = modify_tags(client, resource, service="vpc", ReplaceTags=[{"TagKey": "a", "TagValue": "b"}])
    assert signed_for_vpc.error == "AuthFailure.SignatureFailure"
    wrong_version = modify_tags(client, resource, version="2017-03-12", ReplaceTags=[{"TagKey": "a", "TagValue": "b"}])
    assert wrong_version.error == "UnsupportedOperation"
    assert tags_of(client, connection_id) == {}


@pytest.mark.parametrize("resource, params, code", [
    ("vpnx-xxxxxxxx", {"ReplaceTags": [{"TagKey": "a", "TagValue": "b"}]},
     "InvalidParameterValue.ResourceDescriptionError"),
    ("qcs::cvm:{region}:uin/:instance/{id}", {"ReplaceTags": [{"TagKey": "a", "TagValue": "b"}]},
     "InvalidParameterValue.ResourceDescriptionError"),
    ("qcs::vpc:{region}:uin/:vpnx/vpnx-00000000", {"ReplaceTags": [{"TagKey": "a", "TagValue": "b"}]},
     "ResourceNotFound"),
    ("qcs::vpc:{region}:uin/:vpnx/{id}", {}, "MissingParameter"),
    ("qcs::vpc:{region}:uin/:vpnx/{id}", {"ReplaceTags": [{"TagKey": "a", "TagValue": "b"}],
                                          "DeleteTags": [{"TagKey": "a"}]}, "InvalidParameterValue.DeleteTagsParamError"),
    ("qcs::vpc:{region}:uin/:vpnx/{id}", {"ReplaceTags": [{"TagKey": "qcs:x", "TagValue": "b"}]},
     "InvalidParameter.ReservedTagKey"),
    ("qcs::vpc:{region}:uin/:vpnx/{id}", {"ReplaceTags": [{"TagKey": "k" * 128, "TagValue": "b"}]},
     "InvalidParameterValue.TagKeyLengthExceeded"),
    ("qcs::vpc:{region}:uin/:vpnx/{id}", {"ReplaceTags": [{"TagKey": "a", "TagValue": ""}]},
     "InvalidParameterValue.TagValueLengthExceeded"),
])
def test_modify_resource_tags_refusals(client, resource, params, code):
    connection_id = create_settled(client, Tags=[{"Key": "keep", "Value": "me"}])
    answer = modify_tags(client, resource.format(region=client.region, id=connection_id), **params)
    assert answer.error == code
    assert tags_of(client, connection_id) == {"keep": "me"}


def test_modify_resource_tags_limit_of_fifty(client):
    connection_id = create_settled(client)
    resource = "qcs::vpc:%s:uin/:vpnx/%s" % (client.region, connection_id)
    fifty = [{"TagKey": "k%02d" % n, "TagValue": "v"} for n in range(50)]
    modify_tags(client, resource, ReplaceTags=fifty).ok()
    over = modify_tags(client, resource, ReplaceTags=[{"TagKey": "one-more", "TagValue": "v"}])
    assert over.error == "LimitExceeded.ResourceAttachedTags"
    assert len(tags_of(client, connection_id)) == 50
