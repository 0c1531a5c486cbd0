"""The Alibaba Cloud VPC API emulator, driven with requests signed by the collection's RPC v1 signer.

Run: ``PYTHONPATH=<dir containing ansible_collections> python -m pytest emulator/tests``.
"""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlencode

import pytest

from emulator_client import send
from cloudvpn_emulator import collection

SIGNER = collection.import_module("plugins.module_utils.signers.alibaba").AlibabaRpcSigner()
FLATTEN = collection.import_module("plugins.module_utils.alibaba.api").flatten
KEY_ID = "LTAIEMULATOREXAMPLE000000"
SECRET = "emulator-alibaba-access-key-secret"
PSK = "Emu-Alibaba-PSK-1"


class Answer:
    def __init__(self, raw):
        self.status = raw.status
        self.body = json.loads(raw.text)

    @property
    def error(self):
        return self.body.get("Code")

    def ok(self):
        assert self.status == 200 and self.error is None, self.body
        return self.body


class AlibabaClient:
    def __init__(self, url, secret=SECRET, region="cn-beijing"):
        self.url = url.rstrip("/") + "/"
        self.secret = secret
        self.region = region

    def call(self, action, params=None, timestamp=None, nonce=None):
        signed = {"Action": action, "Version": "2016-04-28", "Format": "JSON", "RegionId": self.region,
                  "AccessKeyId": KEY_ID, "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
                  "SignatureNonce": nonce or uuid.uuid4().hex,
                  "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp or time.time()))}
        signed.update(FLATTEN(params or {}))
        signed["Signature"] = SIGNER.signature(self.secret, SIGNER.string_to_sign("POST", signed))
        return Answer(send("POST", self.url, {"Content-Type": "application/x-www-form-urlencoded"},
                           urlencode(signed).encode()))

    def create_single(self, **overrides):
        params = {"VpnGatewayId": "vpn-emu00001", "CustomerGatewayId": "cgw-emu00001", "Name": "office",
                  "LocalSubnet": "10.0.0.0/16", "RemoteSubnet": "192.168.0.0/24",
                  "IkeConfig": json.dumps({"IkeVersion": "ikev2", "Psk": PSK, "IkeLifetime": 3600})}
        params.update(overrides)
        return self.call("CreateVpnConnection", params)

    def create_dual(self, **overrides):
        params = {"VpnGatewayId": "vpn-emu00002", "Name": "ha", "LocalSubnet": "10.0.0.0/16",
                  "RemoteSubnet": "192.168.0.0/24", "TunnelOptionsSpecification": [
                      {"Role": "master", "CustomerGatewayId": "cgw-emu00001",
                       "TunnelIkeConfig": {"Psk": "master-" + PSK, "IkeVersion": "ikev2"}},
                      {"Role": "slave", "CustomerGatewayId": "cgw-emu00002", "EnableDpd": False,
                       "TunnelIkeConfig": {"Psk": "slave-" + PSK}}]}
        params.update(overrides)
        return self.call("CreateVpnConnection", params)

    def read(self, connection_id):
        return self.call("DescribeVpnConnection", {"VpnConnectionId": connection_id})

    def settled(self, connection_id):
        """Read until active; return the connection."""
        for _attempt in range(10):
            shown = self.read(connection_id).ok()
            if shown["State"] == "active":
                return shown
        raise AssertionError("never active")


@pytest.fixture
def alibaba(emulator):
    return AlibabaClient(emulator.url)


def test_single_tunnel_lifecycle(alibaba):
    connection_id = alibaba.create_single().ok()["VpnConnectionId"]
    assert connection_id.startswith("vco-")
    first = alibaba.read(connection_id).ok()
    assert first["State"] == "init"
    shown = alibaba.settled(connection_id)
    assert shown["IkeConfig"] == {"IkeVersion": "ikev2", "IkeMode": "main", "IkeEncAlg": "aes", "IkeAuthAlg": "md5",
                                  "IkePfs": "group2", "IkeLifetime": 3600, "LocalId": "203.0.113.20",
                                  "RemoteId": "198.51.100.1", "Psk": PSK}
    assert shown["VpnBgpConfig"]["EnableBgp"] == "false" and shown["VcoHealthCheck"]["Enable"] == "false"
    assert "TunnelOptionsSpecification" not in shown

    # A changed group replaces the stored one: omitted keys go back to defaults, the key stays.
    alibaba.call("ModifyVpnConnectionAttribute", {"VpnConnectionId": connection_id,
                                                  "IkeConfig": json.dumps({"IkePfs": "group14"})}).ok()
    assert alibaba.read(connection_id).ok()["State"] == "updating"
    ike = alibaba.settled(connection_id)["IkeConfig"]
    assert ike["IkePfs"] == "group14" and ike["IkeVersion"] == "ikev1" and ike["Psk"] == PSK

    alibaba.call("DeleteVpnConnection", {"VpnConnectionId": connection_id}).ok()
    assert alibaba.read(connection_id).ok()["State"] == "deleting"
    gone = alibaba.read(connection_id)
    assert gone.status == 404 and gone.error == "InvalidVpnConnectionInstanceId.NotFound"


def test_dual_tunnel_connection_reads_tunnel_values_as_strings(alibaba):
    connection_id = alibaba.create_dual().ok()["VpnConnectionId"]
    shown = alibaba.settled(connection_id)
    master, slave = shown["TunnelOptionsSpecification"]["TunnelOptions"]
    assert (master["Role"], slave["Role"]) == ("master", "slave")
    assert slave["EnableDpd"] == "false" and master["EnableDpd"] == "true"
    assert master["TunnelIkeConfig"]["IkeLifetime"] == "86400" and master["TunnelIkeConfig"]["IkeVersion"] == "ikev2"
    assert slave["TunnelIkeConfig"]["Psk"] == "slave-" + PSK and slave["InternetIp"] == "203.0.113.22"
    assert "IkeConfig" not in shown and "CustomerGatewayId" not in shown

    changed = alibaba.call("ModifyTunnelAttribute", {"VpnConnectionId": connection_id, "TunnelId": slave["TunnelId"],
                                                     "TunnelOptionsSpecification": {"EnableNatTraversal": False}})
    assert changed.ok()["TunnelId"] == slave["TunnelId"]
    after = alibaba.settled(connection_id)["TunnelOptionsSpecification"]["TunnelOptions"]
    assert after[1]["EnableNatTraversal"] == "false" and after[0]["EnableNatTraversal"] == "true"


@pytest.mark.parametrize("create", [
    lambda client: client.create_single(VpnGatewayId="vpn-emu00002"),
    lambda client: client.create_dual(VpnGatewayId="vpn-emu00001"),
    lambda client: client.create_dual(TunnelOptionsSpecification=[
        {"Role": "master", "CustomerGatewayId": "cgw-emu00001"}]),
])
def test_each_gateway_takes_its_own_tunnel_mode_only(alibaba, create):
    answer = create(alibaba)
    assert answer.status == 400 and answer.error == "InvalidParameter"


def test_client_token_makes_a_resent_create_harmless(alibaba):
    first = alibaba.create_single(ClientToken="token-1").ok()["VpnConnectionId"]
    again = alibaba.create_single(ClientToken="token-1").ok()["VpnConnectionId"]
    assert again == first
    listed = alibaba.call("DescribeVpnConnections", {"VpnGatewayId": "vpn-emu00001"}).ok()
    assert listed["TotalCount"] == 1
    other = alibaba.create_single(ClientToken="token-1", Name="different")
    assert other.error == "IdempotentParameterMismatch"


def test_masking_gateways_read_keys_back_masked(alibaba):
    connection_id = alibaba.create_single(VpnGatewayId="vpn-emu00003").ok()["VpnConnectionId"]
    assert alibaba.settled(connection_id)["IkeConfig"]["Psk"] == "******"
    dual_id = alibaba.create_dual(VpnGatewayId="vpn-emu00004").ok()["VpnConnectionId"]
    tunnels = alibaba.settled(dual_id)["TunnelOptionsSpecification"]["TunnelOptions"]
    assert {tunnel["TunnelIkeConfig"]["Psk"] for tunnel in tunnels} == {"******"}


def test_one_task_per_gateway(alibaba):
    connection_id = alibaba.create_single().ok()["VpnConnectionId"]
    busy = alibaba.create_single(Name="second", RemoteSubnet="192.168.9.0/24")
    assert busy.status == 400 and busy.error == "VpnGateway.Configuring"
    modify = alibaba.call("ModifyVpnConnectionAttribute", {"VpnConnectionId": connection_id, "Name": "x"})
    assert modify.error == "VpnGateway.Configuring"


def test_wrong_signature_echoes_the_string_to_sign_and_the_log_masks_keys(alibaba, admin):
    answer = AlibabaClient(alibaba.url, secret="wrong-secret").create_single()
    assert answer.status == 400 and answer.error == "SignatureDoesNotMatch"
    assert "server string to sign is:POST&%2F&" in answer.body["Message"]
    assert answer.body["RequestId"] and answer.body["HostId"]
    alibaba.create_dual()
    log_text = admin.log_text()
    assert PSK not in log_text and SECRET not in log_text
    entries = admin.log()
    assert entries[0]["params"]["IkeConfig"]["Psk"] == "********"
    assert entries[1]["params"]["TunnelOptionsSpecification"][0]["TunnelIkeConfig"]["Psk"] == "********"


def test_pages_and_filters(alibaba, emulator):
    emulator.pending_reads = 0
    ids = [alibaba.create_single(Name="c%d" % n, RemoteSubnet="192.168.%d.0/24" % n).ok()["VpnConnectionId"]
           for n in range(3)]
    pages = [alibaba.call("DescribeVpnConnections", {"PageNumber": n, "PageSize": 2}).ok() for n in (1, 2)]
    assert [page["TotalCount"] for page in pages] == [3, 3]
    assert [c["VpnConnectionId"] for page in pages for c in page["VpnConnections"]["VpnConnection"]] == ids
    one = alibaba.call("DescribeVpnConnections", {"VpnConnectionId": ids[1]}).ok()
    assert [c["VpnConnectionId"] for c in one["VpnConnections"]["VpnConnection"]] == [ids[1]]
    assert alibaba.call("DescribeVpnConnections", {"PageSize": 51}).error == "InvalidParameter"


def test_tags_in_place(alibaba, emulator):
    emulator.pending_reads = 0
    connection_id = alibaba.create_single(Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]).ok()[
        "VpnConnectionId"]
    alibaba.call("UnTagResources", {"ResourceType": "VPNCONNECTION", "ResourceId": [connection_id],
                                    "TagKey": ["a"]}).ok()
    alibaba.call("TagResources", {"ResourceType": "VPNCONNECTION", "ResourceId": [connection_id],
                                  "Tag": [{"Key": "b", "Value": "3"}, {"Key": "c", "Value": ""}]}).ok()
    assert alibaba.read(connection_id).ok()["Tags"]["Tag"] == [{"Key": "b", "Value": "3"}, {"Key": "c", "Value": ""}]
    by_tag = alibaba.call("DescribeVpnConnections", {"Tag": [{"Key": "b", "Value": "3"}]}).ok()
    assert [c["VpnConnectionId"] for c in by_tag["VpnConnections"]["VpnConnection"]] == [connection_id]
    assert alibaba.call("DescribeVpnConnections", {"Tag": [{"Key": "a"}]}).ok()["TotalCount"] == 0


def test_undocumented_parameters_and_bad_json_are_refused(alibaba):
    assert alibaba.create_single(Bogus="1").error == "InvalidParameter"
    assert alibaba.create_single(IkeConfig="{not json").error == "InvalidParameter"
    assert alibaba.create_single(IkeConfig=json.dumps({"IkePfs": "group99"})).error == "InvalidParameter"


def test_replayed_nonce_and_stale_timestamp_are_refused(alibaba):
    assert alibaba.call("DescribeVpnConnections", nonce="n-1").status == 200
    assert alibaba.call("DescribeVpnConnections", nonce="n-1").error == "SignatureNonceUsed"
    assert alibaba.call("DescribeVpnConnections", timestamp=time.time() - 3600).error == "InvalidTimeStamp.Expired"


def test_faults_answer_in_alibaba_terms(alibaba, admin):
    admin.fault("throttle", 1, provider="alibaba")
    admin.fault("busy", 1, provider="alibaba")
    throttled = alibaba.call("DescribeVpnConnections")
    assert throttled.status == 400 and throttled.error == "Throttling.User"
    assert alibaba.create_single().error == "VpnGateway.Configuring"
