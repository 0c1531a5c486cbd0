"""The Huawei Cloud VPN API v5 emulator, driven with hand-signed requests.

Run: ``PYTHONPATH=<dir containing ansible_collections> python -m pytest emulator/tests``.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import pytest

from emulator_client import Admin, start_emulator
from cloudvpn_emulator import collection

COMMON = collection.import_module("plugins.module_utils.signers.common")
HUAWEI = collection.import_module("plugins.module_utils.signers.huawei")

ACCESS_KEY = "HWEMULATORACCESSKEY0"
SECRET = "emulator-huawei-secret-key"
PROJECT = hashlib.sha256(b"cloudvpn-emulator-project:cn-north-4").hexdigest()[:32]
GATEWAY = "5e1f0000-0000-4000-8000-00000000a001"
GATEWAY_EIP = "5e1f0000-0000-4000-8000-00000000e001"
CUSTOMER_GATEWAY = "5e1f0000-0000-4000-8000-00000000c001"
PSK = "Emu-Test-PSK-123"


class Answer:
    def __init__(self, status, headers, text):
        self.status = status
        self.headers = headers
        self.text = text
        try:
            self.body = json.loads(text) if text.strip() else {}
        except ValueError:  # an HTML page (lost_response, server_error)
            self.body = {}

    @property
    def code(self):
        return self.body.get("error_code") or self.body.get("code")


class HuaweiClient:
    """Signs VPN v5 requests with the collection's SDK-HMAC-SHA256 signer and sends them with urllib."""

    def __init__(self, url, secret=SECRET, project=PROJECT):
        self.url = url
        self.credentials = COMMON.Credentials(ACCESS_KEY, secret)
        self.project = project

    def send(self, method, path, body=None, query=None, project_header=True, timestamp=None, tamper=None):
        payload = b"" if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if project_header and self.project:
            headers["X-Project-Id"] = self.project
        wire = COMMON.SignableRequest(method, self.url + path, query=urlencode(query or {}, quote_via=quote),
                                      headers=headers, body=payload)
        HUAWEI.HuaweiSigner().sign(wire, self.credentials, int(time.time()) if timestamp is None else timestamp)
        if tamper:
            tamper(wire)
        request = urllib.request.Request(wire.full_url(), data=wire.body or None, method=method, headers=wire.headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read().decode())

    def path(self, *parts):
        return "/".join(("/v5", self.project, "vpn-connection") + parts)

    def create(self, **fields):
        body = {"vgw_id": GATEWAY, "vgw_ip": GATEWAY_EIP, "cgw_id": CUSTOMER_GATEWAY, "psk": PSK, "name": "office",
                "style": "policy", "peer_subnets": ["192.168.1.0/24"],
                "policy_rules": [{"source": "10.0.0.0/24", "destination": ["192.168.1.0/24"]}]}
        body.update(fields)
        return self.send("POST", self.path(), {"vpn_connection": body})

    def show(self, connection_id):
        return self.send("GET", self.path(connection_id))

    def status_of(self, connection_id):
        answer = self.show(connection_id)
        return None if answer.status == 404 else answer.body["vpn_connection"]["status"]


@pytest.fixture(scope="module")
def server():
    instance = start_emulator()
    yield instance
    instance.stop()


@pytest.fixture
def emulator(server):
    server.reset()
    server.pending_reads = 1
    return server


@pytest.fixture
def client(emulator):
    return HuaweiClient(emulator.url)


@pytest.fixture
def admin(emulator):
    return Admin(emulator.url)


def created_id(client, **fields):
    answer = client.create(**fields)
    assert answer.status == 200, answer.text
    connection_id = answer.body["vpn_connection"]["id"]
    while client.status_of(connection_id) != "ACTIVE":
        pass
    return connection_id


def test_create_show_update_delete(client):
    answer = client.create(ikepolicy={"dh_group": "group14"})
    connection = answer.body["vpn_connection"]
    assert answer.status == 200 and answer.headers["X-Request-Id"] == answer.body["request_id"]
    assert connection["status"] == "PENDING_CREATE" and connection["style"] == "POLICY"
    assert "psk" not in connection and len(connection["id"]) == 36
    assert connection["ikepolicy"]["dh_group"] == "group14"
    assert connection["ikepolicy"]["local_id"] == "203.0.113.20"  # the EIP's address when not set
    assert connection["policy_rules"] == [{"rule_index": 1, "source": "10.0.0.0/24",
                                           "destination": ["192.168.1.0/24"]}]
    connection_id = connection["id"]
    assert client.status_of(connection_id) == "PENDING_CREATE"
    assert client.status_of(connection_id) == "ACTIVE"

    updated = client.send("PUT", client.path(connection_id), {"vpn_connection": {
        "name": "renamed", "ikepolicy": {"dpd": {"interval": 60}}, "psk": "Other-PSK-456"}})
    shown = updated.body["vpn_connection"]
    assert updated.status == 200 and shown["status"] == "PENDING_UPDATE" and shown["name"] == "renamed"
    assert shown["ikepolicy"]["dpd"] == {"timeout": 15, "interval": 60, "msg": "seq-hash-notify"}
    assert shown["ikepolicy"]["dh_group"] == "group14" and "psk" not in shown
    assert client.status_of(connection_id) == "PENDING_UPDATE"
    assert client.status_of(connection_id) == "ACTIVE"

    deleted = client.send("DELETE", client.path(connection_id))
    assert deleted.status == 204 and deleted.text == "" and deleted.headers["X-Request-Id"]
    assert client.status_of(connection_id) == "PENDING_DELETE"
    assert client.status_of(connection_id) is None
    gone = client.send("DELETE", client.path(connection_id))
    assert gone.status == 404 and gone.body["error_code"] == "VPN.0004"


def test_writes_refused_while_pending(client):
    connection_id = client.create().body["vpn_connection"]["id"]
    answer = client.send("PUT", client.path(connection_id), {"vpn_connection": {"name": "x"}})
    assert answer.status == 400 and answer.body["error_code"] == "VPN.0030"


def test_list_pages_by_marker_and_filters_by_gateway(client):
    ids = [created_id(client, name="c%d" % n) for n in range(5)]
    other = created_id(client, vgw_id="5e1f0000-0000-4000-8000-00000000a002",
                       vgw_ip="5e1f0000-0000-4000-8000-00000000e003")
    seen, query = [], {"limit": 2, "vgw_id": GATEWAY}
    while True:
        page = client.send("GET", client.path(), query=query).body
        seen += [connection["id"] for connection in page["vpn_connections"]]
        assert page["page_info"]["current_count"] == len(page["vpn_connections"])
        if "next_marker" not in page["page_info"]:
            break
        query = dict(query, marker=page["page_info"]["next_marker"])
    assert seen == ids and other not in seen
    assert client.send("GET", client.path(), query={"limit": 201}).body["code"] == "VPN.0001"


def test_tags_are_created_and_deleted_in_place(client):
    connection_id = created_id(client, tags=[{"key": "team", "value": "net"}])
    answer = client.send("POST", client.path(connection_id, "tags", "create"),
                         {"tags": [{"key": "env", "value": "prod"}]})
    assert answer.status == 204
    client.send("POST", client.path(connection_id, "tags", "delete"), {"tags": [{"key": "team", "value": "net"}]})
    shown = client.show(connection_id).body["vpn_connection"]
    assert shown["tags"] == [{"key": "env", "value": "prod"}] and shown["status"] == "ACTIVE"
    too_many = client.send("POST", client.path(connection_id, "tags", "create"),
                           {"tags": [{"key": "k%d" % n, "value": ""} for n in range(21)]})
    assert too_many.status == 400 and too_many.body["code"] == "VPN.0001"


@pytest.mark.parametrize("fields, fragment", [
    ({"psk": "short"}, "psk"),
    ({"psk": "alllowercaseletters"}, "psk"),
    ({"style": "POLICY"}, "style"),
    ({"cgw_id": "nope"}, "cgw_id"),
    ({"vgw_ip": "5e1f0000-0000-4000-8000-00000000e003"}, "vgw_ip"),
    ({"policy_rules": [{"source": "10.0.%d.0/24" % n, "destination": []} for n in range(6)]}, "policy_rules"),
    ({"enable_nqa": True}, "enable_nqa"),
    ({"unknown_field": 1}, "unknown_field"),
])
def test_create_rejects_in_the_code_message_format(client, fields, fragment):
    answer = client.create(**fields)
    assert answer.status == 400 and answer.body["code"] == "VPN.0001" and fragment in answer.body["message"]
    assert "Emu-Test" not in answer.text


def test_update_refuses_create_only_fields(client):
    connection_id = created_id(client)
    answer = client.send("PUT", client.path(connection_id), {"vpn_connection": {"vgw_id": GATEWAY}})
    assert answer.status == 400 and answer.body["code"] == "VPN.0001"


def test_iam_project_lookup(client):
    found = client.send("GET", "/v3/projects", query={"name": "cn-north-4"}, project_header=False).body
    assert [project["id"] for project in found["projects"]] == [PROJECT]
    assert client.send("GET", "/v3/projects", query={"name": "cn-north-9"}, project_header=False).body[
        "projects"] == []
    assert len(client.send("GET", "/v3/projects", query={"name": "la-north-2"}, project_header=False).body[
        "projects"]) == 2


def test_unknown_project_and_mismatched_project_header(emulator):
    stranger = HuaweiClient(emulator.url, project="f" * 32)
    assert stranger.send("GET", stranger.path()).body["error_code"] == "VPN.0003"
    client = HuaweiClient(emulator.url)
    answer = client.send("GET", client.path(), tamper=lambda wire: None, project_header=False)
    assert answer.status == 200

    def other_project(wire):
        wire.headers["X-Project-Id"] = "0" * 32
    assert client.send("GET", client.path(), tamper=other_project).body["error_code"] == "APIG.0301"


@pytest.mark.parametrize("options, fragment", [
    ({"secret": "wrong-secret"}, "signature"),
    ({"timestamp": 1700000000}, "expired"),
])
def test_signature_checks(emulator, options, fragment):
    client = HuaweiClient(emulator.url, **{k: v for k, v in options.items() if k == "secret"})
    answer = client.send("GET", client.path(), timestamp=options.get("timestamp"))
    assert answer.status == 401 and answer.body["error_code"] == "APIG.0301" and fragment in answer.body["error_msg"]
    assert answer.headers["X-Request-Id"] == answer.body["request_id"]


def test_a_changed_body_breaks_the_signature(client):
    def tamper(wire):
        wire.body = wire.body.replace(b"office", b"office2")
    payload = {"vpn_connection": {"name": "office"}}
    connection_id = created_id(client)
    answer = client.send("PUT", client.path(connection_id), payload, tamper=tamper)
    assert answer.body.get("error_code") == "APIG.0301"


def test_faults_use_huaweis_codes(client, admin):
    admin.fault("throttle", 1, provider="huawei")
    admin.fault("busy", 1, provider="huawei")
    admin.fault("auth_failure", 1, provider="huawei")
    throttled = client.send("GET", client.path())
    assert throttled.status == 429 and throttled.body["error_code"] == "APIG.0308"
    failed = client.send("GET", client.path())
    assert failed.status == 401 and failed.body["error_code"] == "APIG.0301"
    busy = client.create()
    assert busy.status == 400 and busy.body["error_code"] == "VPN.0030"
    assert client.send("GET", client.path()).body["vpn_connections"] == []  # the busy create was not processed


def test_lost_response_is_processed(client, admin):
    admin.fault("lost_response", 1, provider="huawei")
    answer = client.create()
    assert answer.status == 502
    assert len(client.send("GET", client.path()).body["vpn_connections"]) == 1


def test_log_masks_the_psk_and_names_the_actions(client, admin):
    connection_id = created_id(client)
    client.send("PUT", client.path(connection_id), {"vpn_connection": {"psk": "Other-PSK-456"}})
    entries = admin.log()
    assert [entry["action"] for entry in entries][:2] == ["CreateVpnConnection", "ShowVpnConnection"]
    assert entries[0]["params"]["vpn_connection"]["psk"] == "********"
    text = admin.log_text()
    assert PSK not in text and "Other-PSK-456" not in text
    assert all(entry["provider"] == "huawei" for entry in entries)
