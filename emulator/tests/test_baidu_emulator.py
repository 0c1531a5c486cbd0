"""The Baidu AI Cloud (BCE VPC API v1) emulator, driven with hand-signed requests.

Run: ``PYTHONPATH=<dir containing ansible_collections> python -m pytest emulator/tests``
(from a checkout, the collection is also found without PYTHONPATH).
"""

from __future__ import annotations

import json
import re
import time
import uuid
from urllib.parse import urlencode

import pytest

from cloudvpn_emulator import collection
from emulator_client import send

SIGNER = collection.import_module("plugins.module_utils.signers.baidu")
COMMON = collection.import_module("plugins.module_utils.signers.common")

ACCESS_KEY = "emulatorbaiduaccesskey0000000001"
SECRET_KEY = "emulator-baidu-secret-key"
GATEWAY = "vpn-emu00001"
PSK = "ddd22@www"

TUNNEL = {
    "secretKey": PSK, "localSubnets": ["192.168.0.0/20"], "remoteIp": "10.107.245.188",
    "remoteSubnets": ["192.168.100.0/24"], "description": "111", "vpnConnName": "vpncon",
    "ikeConfig": {"ikeVersion": "v1", "ikeMode": "main", "ikeEncAlg": "aes", "ikeAuthAlg": "sha1",
                  "ikePfs": "group2", "ikeLifeTime": 200},
    "ipsecConfig": {"ipsecEncAlg": "aes", "ipsecAuthAlg": "sha1", "ipsecPfs": "group2", "ipsecLifetime": 28800},
}


class BaiduClient:
    """Signs requests with the collection's bce-auth-v1 signer, as a client on the wire would."""

    def __init__(self, url, access_key=ACCESS_KEY, secret_key=SECRET_KEY, token=None):
        self.url = url
        self.credentials = COMMON.Credentials(access_key, secret_key, token)

    def request(self, method, path, body=None, client_token=None, timestamp=None, tamper=None):
        query = urlencode({"clientToken": client_token}) if client_token else ""
        headers = {"Content-Type": "application/json;charset=utf-8"} if body is not None else {}
        payload = b"" if body is None else json.dumps(body).encode()
        wire = COMMON.SignableRequest(method, self.url + path, query=query, headers=headers, body=payload)
        SIGNER.BceV1Signer().sign(wire, self.credentials, int(time.time()) if timestamp is None else timestamp)
        if tamper:
            tamper(wire)
        answer = send(method, wire.full_url(), wire.headers, payload if body is not None else None)
        answer.data = json.loads(answer.text) if answer.text and "json" in answer.content_type else {}
        return answer

    def create(self, token=None, gateway=GATEWAY, **overrides):
        return self.request("POST", "/v1/vpn/%s/vpnconn" % gateway, dict(TUNNEL, **overrides),
                            client_token=token or uuid.uuid4().hex)

    def tunnels(self, gateway=GATEWAY):
        answer = self.request("GET", "/v1/vpn/vpnconn/%s" % gateway)
        assert answer.status == 200, answer.text
        return answer.data["vpnConns"]

    def status_of(self, connection_id):
        found = [tunnel for tunnel in self.tunnels() if tunnel["vpnConnId"] == connection_id]
        return found[0]["status"] if found else None

    def update(self, connection_id, token=None, **overrides):
        body = dict(dict(TUNNEL, vpnId=GATEWAY), **overrides)
        return self.request("PUT", "/v1/vpn/vpnconn/%s" % connection_id, body, client_token=token or uuid.uuid4().hex)

    def delete(self, connection_id, token=None):
        return self.request("DELETE", "/v1/vpn/vpnconn/%s" % connection_id, client_token=token or uuid.uuid4().hex)


def create_settled(client, **overrides):
    """Create a tunnel and read the list until it is active; return its id."""
    connection_id = client.create(**overrides).data["vpnConnId"]
    while client.status_of(connection_id) != "active":
        pass
    return connection_id


@pytest.fixture
def baidu(emulator):
    return BaiduClient(emulator.url)


def test_create_list_update_delete(baidu):
    created = baidu.create()
    assert created.status == 200, created.text
    connection_id = created.data["vpnConnId"]
    assert re.fullmatch(r"vpnconn-[a-z0-9]{12}", connection_id)
    assert baidu.status_of(connection_id) == "building"
    shown = baidu.tunnels()[0]
    assert shown["status"] == "active" and shown["secretKey"] == PSK  # read back in clear
    assert shown["ikeConfig"]["ikeLifeTime"] == "200s" and shown["ipsecConfig"]["ipsecLifetime"] == "28800s"
    assert shown["vpnId"] == GATEWAY and shown["localIp"] == "203.0.113.20"

    changed = baidu.update(connection_id, description="222", ikeConfig=dict(TUNNEL["ikeConfig"], ikePfs="group14"))
    assert changed.status == 200 and changed.data == {}
    assert baidu.status_of(connection_id) == "configuring"
    shown = baidu.tunnels()[0]
    assert shown["status"] == "active" and shown["description"] == "222" and shown["ikeConfig"]["ikePfs"] == "group14"

    assert baidu.delete(connection_id).status == 200
    assert baidu.status_of(connection_id) == "deleting"
    assert baidu.tunnels() == []
    missing = baidu.delete(connection_id)
    assert missing.status == 404 and missing.data["code"] == "NoSuchObject" and missing.data["requestId"]


def test_update_is_a_full_replacement(baidu):
    connection_id = create_settled(baidu)
    body = dict(TUNNEL, vpnId=GATEWAY)
    del body["description"]
    assert baidu.request("PUT", "/v1/vpn/vpnconn/%s" % connection_id, body, client_token="t1").status == 200
    assert baidu.tunnels()[0]["description"] == ""  # left out = not kept
    baidu.tunnels()
    del body["remoteIp"]
    missing = baidu.request("PUT", "/v1/vpn/vpnconn/%s" % connection_id, body, client_token="t2")
    assert missing.status == 400 and missing.data["code"] == "InappropriateJSON" and "remoteIp" in missing.data["message"]


def test_update_refuses_snake_case_keys_and_another_gateway(baidu):
    connection_id = create_settled(baidu)
    snake = baidu.update(connection_id, ikeConfig={"ike_version": "v1"})
    assert snake.status == 400 and "ike_version" in snake.data["message"]
    moved = baidu.update(connection_id, vpnId="vpn-emu00002")
    assert moved.status == 400 and "vpn-emu00001" in moved.data["message"]
    assert baidu.update(connection_id, cgwId="cgw-emu00001").status == 400  # not an update field


def test_same_client_token_is_the_same_request(baidu):
    first = baidu.create(token="token-one")
    again = baidu.create(token="token-one")
    assert again.status == 200 and again.data == first.data
    assert len(baidu.tunnels()) == 1
    other = baidu.create(token="token-one", vpnConnName="different")
    assert other.status == 400 and other.data["code"] == "IdempotentParameterMismatch"
    assert len(baidu.create(token="token-two").data["vpnConnId"]) == len("vpnconn-") + 12
    assert len(baidu.tunnels()) == 2


def test_lost_response_then_resend_with_the_token_creates_once(baidu, admin):
    admin.fault("lost_response", 1, provider="baidu")
    lost = baidu.create(token="lost-create")
    assert lost.status == 502
    again = baidu.create(token="lost-create")
    assert again.status == 200
    assert [tunnel["vpnConnId"] for tunnel in baidu.tunnels()] == [again.data["vpnConnId"]]


@pytest.mark.parametrize("override, fragment", [
    ({"secretKey": "Ab1_xyz"}, "secretKey"),
    ({"secretKey": "Abcdefgh12"}, "secretKey"),
    ({"vpnConnName": "1abc"}, "vpnConnName"),
    ({"localSubnets": ["10.0.0.1/8"]}, "localSubnets.0"),
    ({"ikeConfig": dict(TUNNEL["ikeConfig"], ikeLifeTime=59)}, "ikeConfig.ikeLifeTime"),
    ({"ipsecConfig": dict(TUNNEL["ipsecConfig"], ipsecPfs="group1")}, "ipsecConfig.ipsecPfs"),
    ({"tags": []}, "tags"),
])
def test_create_validation(baidu, override, fragment):
    answer = baidu.create(**override)
    assert answer.status == 400 and answer.data["code"] == "InappropriateJSON"
    assert fragment in answer.data["message"]
    assert baidu.tunnels() == []


def test_unknown_gateway_and_path(baidu):
    missing = baidu.create(gateway="vpn-nothere")
    assert missing.status == 404 and missing.data["code"] == "NoSuchObject"
    assert baidu.request("GET", "/v1/vpn/vpnconn/vpn-nothere").data["code"] == "NoSuchObject"
    assert baidu.request("GET", "/v1/vpn/other").data["code"] == "InvalidURI"


def test_busy_while_configuring(baidu, admin):
    connection_id = baidu.create().data["vpnConnId"]
    baidu.tunnels()
    admin.fault("pending", 2, provider="baidu")
    assert baidu.update(connection_id, description="x").status == 200
    busy = baidu.update(connection_id, description="y")
    assert busy.status == 503 and busy.data["code"] == "ServiceUnavailable"
    assert baidu.delete(connection_id).status == 503


def test_signature_checks(baidu, emulator):
    assert BaiduClient(emulator.url, secret_key="wrong").request("GET", "/v1/vpn/vpnconn/%s" % GATEWAY).data[
        "code"] == "SignatureDoesNotMatch"
    assert BaiduClient(emulator.url, access_key="nobody").request("GET", "/v1/vpn/vpnconn/%s" % GATEWAY).data[
        "code"] == "InvalidAccessKeyId"
    stale = baidu.request("GET", "/v1/vpn/vpnconn/%s" % GATEWAY, timestamp=int(time.time()) - 4000)
    assert stale.status == 400 and stale.data["code"] == "RequestExpired"

    def change_path(wire):
        wire.path = "/v1/vpn/vpnconn/vpn-emu00002"
    assert baidu.request("GET", "/v1/vpn/vpnconn/%s" % GATEWAY, tamper=change_path).data[
        "code"] == "SignatureDoesNotMatch"

    def change_token(wire):
        wire.query = "clientToken=other"
    tampered = baidu.request("DELETE", "/v1/vpn/vpnconn/vpnconn-000000000000", client_token="abc", tamper=change_token)
    assert tampered.data["code"] == "SignatureDoesNotMatch"  # the query is signed
    with_token = BaiduClient(emulator.url, token="unexpected").request("GET", "/v1/vpn/vpnconn/%s" % GATEWAY)
    assert with_token.status == 403 and with_token.data["code"] == "AccessDenied"


@pytest.mark.parametrize("fault, code, status", [
    ("throttle", "RequestLimitExceeded", 429),
    ("busy", "ServiceUnavailable", 503),
    ("auth_failure", "SignatureDoesNotMatch", 400),
])
def test_error_faults_answer_in_baidu_terms(baidu, admin, fault, code, status):
    admin.fault(fault, 1, provider="baidu")
    answer = baidu.create()
    assert answer.status == status and answer.data["code"] == code and answer.data["requestId"]
    assert baidu.tunnels() == []  # not processed


def test_log_masks_the_key_and_records_the_call(baidu, admin):
    connection_id = create_settled(baidu, token="log-token")
    admin.clear_log()
    baidu.create(token="log-token")
    baidu.update(connection_id, description="logged")
    entries = admin.log()
    assert [(e["provider"], e["action"], e["kind"]) for e in entries] == [
        ("baidu", "CreateVpnConn", "write"), ("baidu", "UpdateVpnConn", "write")]
    assert entries[0]["params"]["vpnId"] == GATEWAY and entries[1]["params"]["vpnConnId"] == connection_id
    assert entries[1]["status"] == 200 and entries[1]["error"] is None
    assert entries[0]["params"]["secretKey"] == "********" and entries[0]["params"]["clientToken"] == "********"
    assert entries[1]["params"]["description"] == "logged"
    text = admin.log_text()
    assert PSK not in text and SECRET_KEY not in text
    status, state = admin.call("GET", "state/baidu")
    assert status == 200 and PSK not in json.dumps(state)
    assert state["regions"]["bj"]["vpn_connections"][0]["vpnConnId"] == connection_id
