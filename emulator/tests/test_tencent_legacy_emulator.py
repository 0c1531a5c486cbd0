"""The Tencent legacy API 2.0 (``/v2/index.php``) of the emulator, on the same records as API 3.0.

Driven with requests signed by hand through the collection's TencentV1Signer,
and with the API 2.0 signature vectors of Tencent's qcloudapi-sdk-python.
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import urlencode

import pytest

from cloudvpn_emulator import collection
from cloudvpn_emulator.credentials import Credential
from emulator_client import SECRET_ID, SECRET_KEY, LegacyAnswer, LegacyClient, TencentClient, send, start_emulator

PSK = "Legacy-PSK-123"
OTHER_PSK = "Another-Legacy-Secret-Key"
SPD = json.dumps({"10.0.0.0/16": ["192.168.0.0/24", "192.168.1.0/24"]})


@pytest.fixture
def legacy(emulator):
    return LegacyClient(emulator.url)


def add_settled(legacy, **overrides):
    """Add a connection, follow its task to the end; return its row."""
    answer = legacy.add(**overrides).ok()
    polls = [legacy.task(answer["data"]["taskId"]) for poll in range(5)]
    assert polls[-1] == 0, polls  # --pending-reads 1: running once, then succeeded
    name = overrides.get("vpnConnName", "branch")
    return next(row for row in legacy.rows(vpnConnName=name) if row["vpnConnName"] == name)


def ids(row):
    return {"vpcId": row["unVpcId"], "vpnGwId": row["unVpnGwId"], "vpnConnId": row["unVpnConnId"]}


def ike_and_ipsec(row):
    """The IKE and IPsec settings of a row, whichever of the two documented spellings it uses."""
    if "IKEArr" in row:
        return row["IKEArr"], row["IPSECArr"]
    (ike,), (ipsec,) = row["IKESet"], row["IPsecSet"]
    return ike, ipsec


# -- signatures: the SDK's vectors through a real request ------------------------------------

VECTOR_KEY = Credential("AKIDEXAMPLEexampleEXAMPLEexample1234", "ExampleSecretKeyExampleSecretKey")
VECTOR_TIME = 1700000000
L1_PARAMS = [("vpcId", "vpc-03vihbk9"), ("vpnGwId", "vpngw-kfldykuz"), ("vpnConnId", "vpnx-ol6bcqp0"),
             ("userGwCidrBlock.0", "10.100.2.0/24"), ("preSharedKey", "tencenttest"), ("Action", "ModifyVpnConnEx"),
             ("RequestClient", "SDK_PYTHON_2.0.15"), ("Region", "gz"), ("SecretId", VECTOR_KEY.key_id),
             ("Nonce", "11886"), ("Timestamp", str(VECTOR_TIME))]
L2_PARAMS = [("Action", "DescribeVpnConn"), ("Region", "gz"), ("Timestamp", str(VECTOR_TIME)), ("Nonce", "11886"),
             ("SecretId", VECTOR_KEY.key_id), ("vpcId", "vpc-03vihbk9"), ("vpnGwId", "vpngw-kfldykuz"),
             ("offset", "0"), ("limit", "50")]


@pytest.fixture
def vector_emulator():
    """An emulator that knows the vectors' key and whose clock reads the vectors' Timestamp."""
    with start_emulator(credentials={"tencent": {VECTOR_KEY.key_id: VECTOR_KEY}}, clock=lambda: VECTOR_TIME) as server:
        yield server


def send_vector(emulator, method, params, signature_method, signature):
    """The vector's request, sent to the emulator with the vector's Host header."""
    encoded = urlencode(params + [("SignatureMethod", signature_method), ("Signature", signature)])
    headers = {"Host": "vpc.api.qcloud.com"}
    if method == "GET":
        return LegacyAnswer(send("GET", emulator.url + "/v2/index.php?" + encoded, headers))
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return LegacyAnswer(send("POST", emulator.url + "/v2/index.php", headers, encoded.encode()))


@pytest.mark.parametrize("signature_method, signature", [("HmacSHA1", "sr87cvNzZBpjX/jC+ydoZtxN5dQ="),
                                                         ("HmacSHA256", "SeVpC9m0bw8Q9yA3fbJlld8h+ZYyfjUNclSNooFiZNw=")])
def test_vector_l1_is_accepted_and_cannot_be_replayed(vector_emulator, signature_method, signature):
    answer = send_vector(vector_emulator, "GET", L1_PARAMS, signature_method, signature)
    # Past the signature check: the vector's VPC does not exist here.
    assert (answer.status, answer.code, answer.desc) == (200, 4000, "InvalidVpc.NotFound")
    replay = send_vector(vector_emulator, "GET", L1_PARAMS, signature_method, signature)
    assert (replay.code, replay.desc) == (4500, "Replay")
    tampered = [(name, "tencenttest2" if name == "preSharedKey" else value) for name, value in L1_PARAMS]
    wrong = send_vector(vector_emulator, "GET", [(n, "11887" if n == "Nonce" else v) for n, v in tampered],
                        signature_method, signature)
    assert (wrong.code, wrong.desc) == (4100, "AuthFailure")


@pytest.mark.parametrize("method, signature_method, signature", [
    ("GET", "HmacSHA1", "dN+RpE5tXnCTmkd4QskOnZ4A8QU="),
    ("POST", "HmacSHA256", "+9BHGPoPjGRAZqB+DeuL8ZnWnD2O+HOQlnSYar2jz1M="),
])
def test_vector_l2_is_answered(vector_emulator, method, signature_method, signature):
    answer = send_vector(vector_emulator, method, L2_PARAMS, signature_method, signature)
    assert answer.ok() == {"code": 0, "message": "", "codeDesc": "Success", "totalCount": 0, "data": []}
    assert send_vector(vector_emulator, "POST" if method == "GET" else "GET", L2_PARAMS, signature_method,
                       signature).code == 4100  # the method is signed


def test_a_request_signed_by_the_collections_sign_method(emulator):
    """The path the module takes: ``TencentV1Signer.sign`` puts everything in a POST form body."""
    signers = collection.import_module("plugins.module_utils.signers.tencent")
    common = collection.import_module("plugins.module_utils.signers.common")
    wire = common.SignableRequest("POST", emulator.url + "/v2/index.php")
    params = {"Action": "AddVpnConnEx", "Region": "gz", "vpcId": "vpc-emu00001", "vpnGwId": "vpngw-emu00001",
              "userGwId": "cgw-emu00001", "vpnConnName": "signed", "preSharedKey": PSK,
              "spdAcl": '{"10.0.0.0/16":["192.168.0.0/24"]}', "IKESet.0.propoEncryAlgorithm": "aes-cbc-128"}
    credentials = common.Credentials(SECRET_ID, SECRET_KEY)
    signers.TencentV1Signer("HmacSHA256").sign(wire, credentials, params, int(time.time()), 424242)
    answer = LegacyAnswer(send(wire.method, wire.full_url(), wire.headers, wire.body))
    assert answer.ok()["data"]["vpnConnId"] == 0
    assert LegacyClient(emulator.url).rows()[0]["vpnConnName"] == "signed"


# -- signatures: the checks ----------------------------------------------------------------

@pytest.mark.parametrize("method, signature_method", [("GET", "HmacSHA1"), ("POST", "HmacSHA256"), ("POST", None)])
def test_both_methods_and_signature_methods(legacy, method, signature_method):
    """``None``: no SignatureMethod parameter at all, which means HmacSHA1."""
    answer = legacy.call("DescribeVpnConn", {"limit": 5}, method=method, signature_method=signature_method)
    assert answer.ok()["totalCount"] == 0


@pytest.mark.parametrize("client_options, call_options, code, desc", [
    ({"secret_key": "not-the-secret-key"}, {}, 4100, "AuthFailure"),
    ({"secret_id": "AKIDUNKNOWNKEY"}, {}, 4100, "AuthFailure"),
    ({}, {"timestamp": int(time.time()) - 7300}, 4200, "RequestExpired"),
    ({}, {"timestamp": int(time.time()) + 7300}, 4200, "RequestExpired"),
    ({}, {"signature_method": "HmacMD5"}, 4100, "AuthFailure"),
])
def test_signature_refusals(emulator, client_options, call_options, code, desc):
    client = LegacyClient(emulator.url, **client_options)
    answer = client.call("AddVpnConnEx", {"vpcId": "vpc-emu00001", "vpnGwId": "vpngw-emu00001",
                                          "userGwId": "cgw-emu00001", "vpnConnName": "x", "preSharedKey": PSK,
                                          "spdAcl": SPD}, **call_options)
    assert (answer.status, answer.code, answer.desc) == (200, code, desc)
    assert TencentClient(emulator.url).describe().ok()["TotalCount"] == 0


def test_credentials_with_a_token():
    token_key = Credential("AKIDLEGACYTOKENUSER", "legacy-token-secret", "legacy-token-1")
    with start_emulator(credentials={"tencent": {token_key.key_id: token_key}}) as server:
        with_token = LegacyClient(server.url, token_key.key_id, token_key.secret, token=token_key.token)
        assert with_token.call("DescribeVpnConn").ok()
        without = LegacyClient(server.url, token_key.key_id, token_key.secret).call("DescribeVpnConn")
        assert (without.code, without.desc) == (4100, "AuthFailure")
        wrong = LegacyClient(server.url, token_key.key_id, token_key.secret, token="other").call("DescribeVpnConn")
        assert (wrong.code, wrong.desc) == (4100, "AuthFailure")


def test_a_timestamp_within_two_hours_is_accepted(legacy):
    assert legacy.call("DescribeVpnConn", timestamp=int(time.time()) - 7000).ok()


def test_a_replayed_nonce_is_refused_and_a_new_one_accepted(legacy):
    stamp = int(time.time())
    assert legacy.call("DescribeVpnConn", nonce=777, timestamp=stamp).ok()
    replay = legacy.call("DescribeVpnConn", nonce=777, timestamp=stamp)
    assert (replay.code, replay.desc) == (4500, "Replay")
    assert legacy.call("DescribeVpnConn", nonce=778, timestamp=stamp).ok()


# -- the actions ------------------------------------------------------------------------------

def test_add_describe_modify_delete_with_tasks(legacy, admin):
    added = legacy.add(spdAcl=SPD, **{"IKESet.0.propoEncryAlgorithm": "aes-cbc-256",
                                      "IKESet.0.dhGroupName": "group14", "IPsecSet.0.pfsDhGroup": "dh-group2"}).ok()
    data = added["data"]
    assert data == {"vpnGwId": "vpngw-emu00001", "userGwId": "cgw-emu00001", "vpnConnId": 0,
                    "taskId": data["taskId"], "vpnConnStatus": 0, "preSharedKey": PSK,
                    "userGwSubnetList": ["192.168.0.0/24", "192.168.1.0/24"]}
    assert isinstance(data["taskId"], int)
    assert legacy.task(data["taskId"]) == 2  # --pending-reads 1: one poll sees it running
    assert legacy.task(data["taskId"]) == 0
    (row,) = legacy.rows()
    assert row["vpcConnStatus"] == 6 and row["vpnConnName"] == "branch" and row["preSharedKey"] == PSK
    assert re.fullmatch(r"vpnx-[a-z0-9]{8}", row["unVpnConnId"]) and isinstance(row["vpnConnId"], int)
    assert (row["vpcId"], row["unVpcId"], row["vpnGwId"], row["unVpnGwId"], row["userGwId"], row["unUserGwId"]) == (
        "gz_vpc_101", "vpc-emu00001", 201, "vpngw-emu00001", 301, "cgw-emu00001")
    assert row["sourceCidr"] == ["10.0.0.0/16"] and row["destinationCidr"] == ["192.168.0.0/24", "192.168.1.0/24"]
    assert "spdAcl" not in row and "SecurityPolicyDatabaseSet" not in row
    ike, ipsec = ike_and_ipsec(row)
    assert (ike["propoEncryAlgorithm"], ike["dhGroupName"], ike["ikeSaLifetimeSeconds"]) == (
        "aes-cbc-256", "group14", "86400")
    assert (ipsec["pfsDhGroup"], ipsec["ipsecSaLifetimeSeconds"]) == ("dh-group2", "3600")

    modified = legacy.call("ModifyVpnConnEx", dict(ids(row), vpnConnName="renamed", preSharedKey=OTHER_PSK, **{
        "IKESet.0.dhGroupName": "group2", "IPsecSet.0.ipsecSaLifetimeSeconds": "7200",
        "userGwCidrBlock.0": "172.20.0.0/16"})).ok()["data"]
    assert modified == {"vpnGwId": "vpngw-emu00001", "vpcConnId": row["unVpnConnId"], "taskId": modified["taskId"],
                        "vpcConnStatus": 2, "preSharedKey": OTHER_PSK, "userGwSubnetList": ["172.20.0.0/16"],
                        "userGwId": "cgw-emu00001"}
    (shown,) = legacy.rows()
    assert shown["vpcConnStatus"] == 2 and shown["vpnConnName"] == "renamed" and shown["preSharedKey"] == OTHER_PSK
    ike, ipsec = ike_and_ipsec(shown)
    assert (ike["dhGroupName"], ike["propoEncryAlgorithm"]) == ("group2", "aes-cbc-256")  # sent sub-fields merged
    assert (ipsec["ipsecSaLifetimeSeconds"], ipsec["pfsDhGroup"]) == ("7200", "dh-group2")
    assert (shown["sourceCidr"], shown["destinationCidr"]) == (["10.0.0.0/16"], ["172.20.0.0/16"])  # the VPC's CIDR
    assert legacy.task(modified["taskId"]) == 0  # the read above ended the transition

    deleted = legacy.call("DeleteVpnConn", ids(row)).ok()["data"]
    assert deleted == {"vpnGwId": "vpngw-emu00001", "vpcConnId": row["unVpnConnId"], "taskId": deleted["taskId"],
                       "state": 4}
    assert len({data["taskId"], modified["taskId"], deleted["taskId"]}) == 3
    assert legacy.rows()[0]["vpcConnStatus"] == 4
    assert legacy.task(deleted["taskId"]) == 0
    assert legacy.call("DescribeVpnConn").ok() == {"code": 0, "message": "", "codeDesc": "Success", "totalCount": 0,
                                                   "data": []}
    gone = legacy.call("DeleteVpnConn", ids(row))
    assert (gone.code, gone.desc) == (4000, "InvalidVpnConn.NotFound")
    kinds = [(entry["action"], entry["kind"]) for entry in admin.log()]
    assert ("AddVpnConnEx", "write") in kinds and ("DescribeVpcTaskResult", "read") in kinds
    assert ("DescribeVpnConn", "read") in kinds and ("ModifyVpnConnEx", "write") in kinds


def test_create_forms_of_spd_and_sets(legacy):
    """``spdAcl.n`` (merged), ``userGwCidrBlock.n`` (local = the VPC's CIDR), ``IKESet.field`` without an index."""
    legacy.add(vpnConnName="merged", spdAcl=None, **{
        "spdAcl.0": json.dumps({"10.0.1.0/24": ["192.168.0.0/24"]}),
        "spdAcl.1": json.dumps({"10.0.1.0/24": ["192.168.5.0/24"], "10.0.2.0/24": ["192.168.6.0/24"]}),
        "IKESet.exchangeMode": "aggressive", "IPsecSet.encryptAlgorithm": "null"}).ok()
    legacy.add(vpnConnName="peers", spdAcl=None, **{"userGwCidrBlock.0": "192.168.7.0/24",
                                                    "userGwCidrBlock.1": "192.168.8.0/24"}).ok()
    merged, peers = legacy.rows()
    assert merged["sourceCidr"] == ["10.0.1.0/24", "10.0.2.0/24"]
    assert merged["destinationCidr"] == ["192.168.0.0/24", "192.168.5.0/24", "192.168.6.0/24"]
    ike, ipsec = ike_and_ipsec(merged)
    assert ike["exchangeMode"] == "aggressive" and ipsec["encryptAlgorithm"] == "null"
    assert peers["sourceCidr"] == ["10.0.0.0/16"] and peers["destinationCidr"] == ["192.168.7.0/24", "192.168.8.0/24"]


def test_rows_alternate_between_the_two_documented_spellings(legacy, emulator):
    emulator.pending_reads = 0
    for name in ("first", "second", "third"):
        legacy.add(vpnConnName=name).ok()
    rows = legacy.rows()
    assert [row["vpnConnId"] for row in rows] == [1000, 1001, 1002]
    for row in rows:
        if row["vpnConnId"] % 2 == 0:
            assert isinstance(row["IKEArr"], dict) and isinstance(row["IPSECArr"], dict)
            assert not {"IKESet", "IPsecSet"} & set(row)
        else:
            assert len(row["IKESet"]) == 1 and len(row["IPsecSet"]) == 1
            assert not {"IKEArr", "IPSECArr"} & set(row)
        ike, ipsec = ike_and_ipsec(row)
        assert ike["localFqdnName"] is None and ike["remoteFqdnName"] is None
        assert ipsec["pfsDhGroup"] == "null" and ipsec["encapMode"] == "tunnel" and ipsec["securityProto"] == "esp"
        assert all(isinstance(value, str) for value in (ike["ikeSaLifetimeSeconds"], ipsec["ipsecSaLifetimeSeconds"],
                                                        ipsec["ipsecSaLifetimeTraffic"]))


# -- DescribeVpnConn ----------------------------------------------------------------------------

def test_paging_filters_and_order(legacy, emulator):
    emulator.pending_reads = 0
    names = ["alpha-1", "beta-1", "alpha-2", "gamma", "alpha-3"]
    for name in names:
        legacy.add(vpnConnName=name).ok()
    legacy.add(vpnConnName="other-vpc", vpcId="vpc-emu00002", vpnGwId="vpngw-emu00003").ok()
    pages = [legacy.call("DescribeVpnConn", {"offset": offset, "limit": 2}).ok() for offset in (0, 2, 4)]
    assert [page["totalCount"] for page in pages] == [6, 6, 6]
    assert [row["vpnConnName"] for page in pages for row in page["data"]] == names + ["other-vpc"]
    assert len(legacy.rows()) == 6  # default limit 20

    assert [row["vpnConnName"] for row in legacy.rows(vpnConnName="alpha")] == ["alpha-1", "alpha-2", "alpha-3"]
    assert [row["vpnConnName"] for row in legacy.rows(vpnConnName="a-")] == ["alpha-1", "beta-1", "alpha-2", "alpha-3"]
    for vpc in ("vpc-emu00002", "gz_vpc_102", "102"):
        assert [row["vpnConnName"] for row in legacy.rows(vpcId=vpc)] == ["other-vpc"]
    for gateway in ("vpngw-emu00003", "203"):
        assert [row["vpnConnName"] for row in legacy.rows(vpnGwId=gateway)] == ["other-vpc"]
    gamma = legacy.rows(vpnConnName="gamma")[0]
    for connection in (gamma["unVpnConnId"], str(gamma["vpnConnId"])):
        assert [row["unVpnConnId"] for row in legacy.rows(vpnConnId=connection)] == [gamma["unVpnConnId"]]
    unknown = legacy.call("DescribeVpnConn", {"vpnConnId": "vpnx-00000000"}).ok()
    assert (unknown["totalCount"], unknown["data"]) == (0, [])

    by_name = legacy.rows(orderField="vpnConnName", orderDirection="desc")
    assert [row["vpnConnName"] for row in by_name] == sorted(names + ["other-vpc"], reverse=True)
    assert [row["vpnConnName"] for row in legacy.rows(orderDirection="desc")] == ["other-vpc"] + names[::-1]


@pytest.mark.parametrize("params", [{"limit": 51}, {"limit": 0}, {"offset": -1}, {"limit": "x"},
                                    {"orderField": "vpnConnId"}, {"orderDirection": "ASC"}])
def test_describe_refuses(legacy, params):
    answer = legacy.call("DescribeVpnConn", params)
    assert (answer.code, answer.desc) == (4000, "InvalidParameter")


def test_fifty_is_the_largest_page(legacy, emulator):
    emulator.pending_reads = 0
    for number in range(51):
        legacy.add(vpnConnName="c%02d" % number).ok()
    page = legacy.call("DescribeVpnConn", {"limit": 50}).ok()
    assert page["totalCount"] == 51 and len(page["data"]) == 50


# -- one store for both APIs -------------------------------------------------------------------

def test_created_through_api_3_is_read_and_modified_through_api_2(legacy, client):
    created = client.create(VpnConnectionName="from-v3", SecurityPolicyDatabases=[
        {"LocalCidrBlock": "10.0.1.0/24", "RemoteCidrBlock": ["192.168.0.0/24", "192.168.1.0/24"]},
        {"LocalCidrBlock": "10.0.2.0/24", "RemoteCidrBlock": ["192.168.1.0/24", "192.168.2.0/24"]}],
        IKEOptionsSpecification={"PropoAuthenAlgorithm": "SHA", "DhGroupName": "GROUP19", "IKESaLifetimeSeconds": 3600},
        IPSECOptionsSpecification={"IntegrityAlgorith": "SHA1", "EncryptAlgorithm": "SM4"}).ok()["VpnConnection"]
    (row,) = legacy.rows()
    assert row["unVpnConnId"] == created["VpnConnectionId"] and row["vpnConnId"] == 1000
    assert row["vpcConnStatus"] == 0  # PENDING after a create: creating
    assert row["sourceCidr"] == ["10.0.1.0/24", "10.0.2.0/24"]
    assert row["destinationCidr"] == ["192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24"]
    ike, ipsec = ike_and_ipsec(row)
    assert ike == {"propoAuthenAlgorithm": "sha", "propoEncryAlgorithm": "3des-cbc", "exchangeMode": "main",
                   "localIdentity": "address", "remoteIdentity": "address", "localAddress": "203.0.113.10",
                   "remoteAddress": "198.51.100.1", "localFqdnName": None, "remoteFqdnName": None,
                   "dhGroupName": "group19", "ikeSaLifetimeSeconds": "3600"}  # a 3.0-only value, in lower case
    assert ipsec == {"encryptAlgorithm": "sm4", "integrityAlgorith": "sha1", "encapMode": "tunnel",
                     "securityProto": "esp", "pfsDhGroup": "null", "ipsecSaLifetimeSeconds": "3600",
                     "ipsecSaLifetimeTraffic": "1843200"}
    assert (row["preSharedKey"], row["createTime"]) == (created["PreShareKey"], created["CreatedTime"])
    assert legacy.rows()[0]["vpcConnStatus"] == 6

    legacy.call("ModifyVpnConnEx", dict(ids(row), spdAcl=json.dumps({"10.0.3.0/24": ["192.168.9.0/24"]}), **{
        "IPsecSet.0.integrityAlgorith": "md5", "IKESet.0.propoAuthenAlgorithm": "md5"})).ok()
    shown = client.describe(VpnConnectionIds=[created["VpnConnectionId"]]).ok()["VpnConnectionSet"][0]
    assert shown["State"] == "PENDING"  # ModifyVpnConnEx started the API 3.0 transition too
    assert shown["SecurityPolicyDatabaseSet"] == [{"LocalCidrBlock": "10.0.3.0/24", "RemoteCidrBlock": ["192.168.9.0/24"]}]
    assert shown["IKEOptionsSpecification"]["PropoAuthenAlgorithm"] == "MD5"
    assert shown["IKEOptionsSpecification"]["DhGroupName"] == "GROUP19"  # not sent: kept
    assert shown["IPSECOptionsSpecification"]["IntegrityAlgorith"] == "MD5"
    assert shown["IPSECOptionsSpecification"]["EncryptAlgorithm"] == "SM4"


def test_created_through_api_2_is_read_through_api_3_without_new_fields(legacy, client):
    reference = client.create(VpnConnectionName="reference").ok()["VpnConnection"]
    legacy.add(vpnConnName="from-v2", **{
        "IKESet.0.propoAuthenAlgorithm": "sha", "IKESet.0.localIdentity": "fqdn", "IKESet.0.localFqdnName": "me.example",
        "IKESet.0.ikeSaLifetimeSeconds": "28800", "IPsecSet.0.integrityAlgorith": "sha",
        "IPsecSet.0.pfsDhGroup": "dh-group14", "IPsecSet.0.ipsecSaLifetimeTraffic": "2560"}).ok()
    shown = client.describe(Filters=[{"Name": "vpn-connection-name", "Values": ["from-v2"]}]).ok()["VpnConnectionSet"][0]
    assert set(shown) == set(reference)  # the legacy id and task live beside the record, not in it
    assert shown["PreShareKey"] == PSK and shown["State"] == "PENDING"
    assert shown["SecurityPolicyDatabaseSet"] == [{"LocalCidrBlock": "10.0.0.0/16", "RemoteCidrBlock": ["192.168.0.0/24"]}]
    ike, ipsec = shown["IKEOptionsSpecification"], shown["IPSECOptionsSpecification"]
    assert (ike["PropoAuthenAlgorithm"], ike["LocalIdentity"], ike["LocalFqdnName"], ike["IKESaLifetimeSeconds"]) == (
        "SHA", "FQDN", "me.example", 28800)
    assert (ipsec["IntegrityAlgorith"], ipsec["PfsDhGroup"], ipsec["IPSECSaLifetimeTraffic"]) == (
        "SHA1", "DH-GROUP14", 2560)
    legacy_row = legacy.rows(vpnConnName="from-v2")[0]
    assert legacy_row["vpnConnId"] == 1001 and legacy_row["vpcConnStatus"] == 6  # the 3.0 read counted
    assert ike_and_ipsec(legacy_row)[0]["localFqdnName"] == "me.example"


def test_region_codes_address_the_region_ids_store(legacy, emulator):
    legacy.add().ok()
    assert TencentClient(emulator.url, region="ap-guangzhou").describe().ok()["TotalCount"] == 1
    assert LegacyClient(emulator.url, region="sh").rows() == []
    assert TencentClient(emulator.url, region="ap-shanghai").describe().ok()["TotalCount"] == 0
    assert LegacyClient(emulator.url, region="sh").rows(vpnConnName="branch") == []


@pytest.mark.parametrize("region", ["ap-guangzhou", "xx", ""])
def test_unknown_region_codes_are_refused(emulator, region):
    answer = LegacyClient(emulator.url, region=region).call("DescribeVpnConn")
    assert answer.code == 4000 and answer.desc in ("InvalidRegion", "MissingParameter")


# -- tasks and transitions ----------------------------------------------------------------------

def test_pending_fault_makes_the_task_run_for_that_many_polls(legacy, client, admin):
    admin.fault("pending", 3)
    task_id = legacy.add().ok()["data"]["taskId"]
    assert [legacy.task(task_id) for poll in range(4)] == [2, 2, 2, 0]
    assert client.describe().ok()["VpnConnectionSet"][0]["State"] == "AVAILABLE"  # the polls were reads of it
    entry = next(entry for entry in admin.log() if entry["action"] == "AddVpnConnEx")
    assert entry["fault"] == "pending" and entry["pending_reads"] == 3


def test_reads_of_either_kind_advance_the_task(legacy, client, admin):
    admin.fault("pending", 3)
    task_id = legacy.add().ok()["data"]["taskId"]
    assert legacy.rows()[0]["vpcConnStatus"] == 0
    assert client.describe().ok()["VpnConnectionSet"][0]["State"] == "PENDING"
    assert legacy.task(task_id) == 2  # the third read
    assert legacy.task(task_id) == 0


def test_an_api_3_write_leaves_the_earlier_task_done(legacy, client, admin):
    admin.fault("pending", 0)
    task_id = legacy.add().ok()["data"]["taskId"]
    row = legacy.rows()[0]
    client.tc3("ModifyVpnConnectionAttribute", {"VpnConnectionId": row["unVpnConnId"], "VpnConnectionName": "x"}).ok()
    assert legacy.task(task_id) == 0
    assert legacy.rows()[0]["vpcConnStatus"] == 2  # modifying, through API 3.0


def test_writes_on_a_transitional_connection_are_refused(legacy, client):
    legacy.add().ok()
    row = legacy.call("DescribeVpnConn").ok()["data"][0]  # this read ends the (one read) create transition
    legacy.call("ModifyVpnConnEx", dict(ids(row), vpnConnName="first")).ok()
    for action, params in (("ModifyVpnConnEx", dict(ids(row), vpnConnName="second")), ("DeleteVpnConn", ids(row))):
        answer = legacy.call(action, params)
        assert (answer.code, answer.desc) == (5100, "InvalidVpnConnState")
    assert client.describe().ok()["VpnConnectionSet"][0]["VpnConnectionName"] == "first"


def test_unknown_task(legacy):
    answer = legacy.call("DescribeVpcTaskResult", {"taskId": 99})
    assert (answer.code, answer.desc) == (4000, "InvalidTaskId.NotFound")


# -- validation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("overrides, desc", [
    ({"preSharedKey": None}, "MissingParameter"),
    ({"vpnConnName": None}, "MissingParameter"),
    ({"spdAcl": None}, "MissingParameter"),
    ({"spdAcl": "10.0.0.0/16:192.168.0.0/24"}, "InvalidParameter"),
    ({"spdAcl": json.dumps({"10.0.0.0/33": ["192.168.0.0/24"]})}, "InvalidParameter"),
    ({"spdAcl": json.dumps({"10.0.0.0/16": []})}, "InvalidParameter"),
    ({"userGwCidrBlock.0": "192.168.0.0/24"}, "InvalidParameter"),  # and spdAcl: one or the other
    ({"vpnConnName": "n" * 61}, "InvalidVpnConnName"),
    ({"userGwName": "peer"}, "UnknownParameter"),
    ({"IKESet.0.propoEncryAlgorithm": "AES-CBC-128"}, "InvalidParameter"),  # lower case only
    ({"IKESet.0.propoEncryAlgorithm": "sm4"}, "InvalidParameter"),  # not an API 2.0 value
    ({"IKESet.0.dhGroupName": "group19"}, "InvalidParameter"),
    ({"IKESet.0.ikeSaLifetimeSeconds": "59"}, "InvalidParameter"),
    ({"IKESet.0.version": "ikev2"}, "UnknownParameter"),
    ({"IKESet.0.localIdentity": "fqdn"}, "MissingParameter"),  # without localFqdnName
    ({"IKESet.0.exchangeMode": "main", "IKESet.1.exchangeMode": "main"}, "InvalidParameter"),
    ({"IPsecSet.0.integrityAlgorith": "sha1"}, "InvalidParameter"),
    ({"IPsecSet.0.pfsDhGroup": "NULL"}, "InvalidParameter"),
    ({"IPsecSet.0.ipsecSaLifetimeSeconds": "604801"}, "InvalidParameter"),
    ({"IPsecSet.0.ipsecSaLifetimeTraffic": "2559"}, "InvalidParameter"),
    ({"vpcId": "vpc-nothere"}, "InvalidVpc.NotFound"),
    ({"vpnGwId": "vpngw-nothere"}, "InvalidVpnGw.NotFound"),
    ({"vpnGwId": "vpngw-emu00003"}, "InvalidVpnGw.NotFound"),  # in the other VPC
    ({"userGwId": "cgw-nothere"}, "InvalidUserGw.NotFound"),
])
def test_add_refuses(legacy, overrides, desc):
    answer = legacy.add(**overrides)
    assert (answer.status, answer.code, answer.desc) == (200, 4000, desc), answer.text
    assert answer.body["message"]
    assert legacy.rows() == []


def test_add_accepts_numeric_and_legacy_ids(legacy):
    legacy.add(vpcId="gz_vpc_101", vpnGwId="202", userGwId="302").ok()
    (row,) = legacy.rows()
    assert (row["unVpcId"], row["unVpnGwId"], row["unUserGwId"]) == ("vpc-emu00001", "vpngw-emu00002", "cgw-emu00002")
    assert (row["vpnGwAddress"], row["userGwAddress"]) == ("203.0.113.11", "198.51.100.2")


def test_names_are_unique_within_a_vpc(legacy, client):
    row = add_settled(legacy)
    duplicate = legacy.add(vpnGwId="vpngw-emu00002")
    assert (duplicate.code, duplicate.desc) == (4000, "InvalidVpnConnName.InUse")
    legacy.add(vpcId="vpc-emu00002", vpnGwId="vpngw-emu00003").ok()  # another VPC
    client.create(VpnConnectionName="v3-name").ok()  # API 3.0 does not care, API 2.0 sees it
    renamed = legacy.call("ModifyVpnConnEx", dict(ids(row), vpnConnName="v3-name"))
    assert (renamed.code, renamed.desc) == (4000, "InvalidVpnConnName.InUse")
    assert legacy.call("ModifyVpnConnEx", dict(ids(row), vpnConnName="branch")).ok()  # its own name


@pytest.mark.parametrize("change, desc", [
    ({"vpcId": "vpc-emu00002"}, "InvalidVpnGw.NotFound"),
    ({"vpcId": "vpc-nothere"}, "InvalidVpc.NotFound"),
    ({"vpnGwId": "vpngw-emu00002"}, "InvalidVpnConn.NotFound"),
    ({"vpnConnId": "vpnx-00000000"}, "InvalidVpnConn.NotFound"),
    ({"vpnConnId": None}, "MissingParameter"),
    ({"userGwId": "cgw-emu00002"}, "UnknownParameter"),
    ({"IPsecSet.0.encryptAlgorithm": "aes256gcm128"}, "InvalidParameter"),
])
def test_modify_refuses(legacy, change, desc):
    row = add_settled(legacy)
    params = dict(ids(row), vpnConnName="changed", **change)
    answer = legacy.call("ModifyVpnConnEx", {key: value for key, value in params.items() if value is not None})
    assert (answer.code, answer.desc) == (4000, desc)
    assert legacy.rows()[0]["vpnConnName"] == "branch"


def test_modify_and_delete_by_numeric_ids(legacy):
    row = add_settled(legacy)
    numeric = {"vpcId": row["vpcId"], "vpnGwId": str(row["vpnGwId"]), "vpnConnId": str(row["vpnConnId"])}
    legacy.call("ModifyVpnConnEx", dict(numeric, vpnConnName="by-number")).ok()
    assert legacy.rows()[0]["vpnConnName"] == "by-number"
    legacy.call("DeleteVpnConn", numeric).ok()
    assert legacy.rows()[0]["vpcConnStatus"] == 4


@pytest.mark.parametrize("action, desc", [("DescribeVpnConns", "InvalidAction"), ("DescribeVpnConnections", "InvalidAction")])
def test_unknown_actions(legacy, admin, action, desc):
    answer = legacy.call(action)
    assert (answer.code, answer.desc) == (4000, desc)
    assert admin.log()[-1]["kind"] == "unknown"


# -- faults, in the API 2.0 envelope ---------------------------------------------------------------

def test_faults_answer_in_the_api_2_envelope(legacy, admin):
    row = add_settled(legacy)
    admin.fault("throttle", 1)
    admin.fault("busy", 1)
    admin.fault("auth_failure", 1)
    throttled = legacy.call("DescribeVpnConn")
    assert (throttled.status, throttled.body) == (200, {"code": 4400, "message": throttled.body["message"],
                                                        "codeDesc": "RequestLimitExceeded"})
    auth = legacy.call("DescribeVpnConn")  # busy waits for a write: the next read takes auth_failure
    assert (auth.code, auth.desc) == (4100, "AuthFailure")
    busy = legacy.call("ModifyVpnConnEx", dict(ids(row), vpnConnName="x"))
    assert (busy.code, busy.desc) == (5100, "InvalidVpnConnState")
    assert legacy.rows()[0]["vpnConnName"] == "branch"  # not processed
    entries = admin.log()[-4:]
    assert [(entry["action"], entry.get("fault"), entry["error"]) for entry in entries] == [
        ("DescribeVpnConn", "throttle", "RequestLimitExceeded"), ("DescribeVpnConn", "auth_failure", "AuthFailure"),
        ("ModifyVpnConnEx", "busy", "InvalidVpnConnState"), ("DescribeVpnConn", None, None)]


def test_auth_failure_fault(legacy, admin):
    admin.fault("auth_failure", 1)
    failed = legacy.call("DescribeVpnConn")
    assert (failed.code, failed.desc) == (4100, "AuthFailure")
    assert legacy.call("DescribeVpnConn").ok()


def test_echo_fault_answers_4100_and_the_log_stays_clean(legacy, admin):
    admin.fault("echo", 1)
    echoed = legacy.add()
    assert (echoed.code, echoed.desc) == (4100, "AuthFailure") and PSK in echoed.body["message"]
    assert legacy.rows() == []  # not processed
    assert PSK not in admin.log_text() and admin.log()[0]["fault"] == "echo"


def test_internal_error_fault(legacy, client, admin):
    admin.fault("internal_error", 2)
    failed = legacy.add()
    assert (failed.status, failed.code, failed.desc) == (200, 6000, "InternalError")
    assert client.describe().error == "InternalError"  # API 3.0 in its own envelope
    assert legacy.rows() == []  # not processed
    assert [entry.get("fault") for entry in admin.log()] == ["internal_error", "internal_error", None]


def test_server_error_and_lost_response(legacy, admin):
    admin.fault("server_error", 1)
    answer = legacy.add()
    assert answer.status == 503 and answer.body is None
    assert legacy.rows() == []
    admin.fault("lost_response", 1)
    assert legacy.add().status == 502
    assert len(legacy.rows()) == 1  # processed


def test_rate_limit_answers_in_the_api_2_envelope(legacy, admin):
    admin.rate_limit(0.001, 1)
    try:
        assert legacy.call("DescribeVpnConn").ok()
        throttled = legacy.call("DescribeVpnConn")
        assert (throttled.code, throttled.desc) == (4400, "RequestLimitExceeded")
        assert admin.log()[-1]["fault"] == "rate_limit"
    finally:
        admin.rate_limit(None)


# -- the log and the state dump ----------------------------------------------------------------------

def test_log_and_state_mask_the_pre_shared_key(legacy, admin):
    row = add_settled(legacy)
    legacy.call("ModifyVpnConnEx", dict(ids(row), preSharedKey=OTHER_PSK)).ok()
    LegacyClient(legacy.url, secret_key="a-wrong-secret").add(vpnConnName="refused", preSharedKey="Refused-Legacy-PSK")
    entries = admin.log()
    state = admin.call("GET", "state/tencent")[1]
    text = admin.log_text() + json.dumps(state)
    for secret in (PSK, OTHER_PSK, "Refused-Legacy-PSK", SECRET_KEY, "a-wrong-secret"):
        assert secret not in text
    add = entries[0]
    assert add["provider"] == "tencent" and add["path"] == "/v2/index.php" and add["region"] == "gz"
    assert add["params"] == {"vpcId": "vpc-emu00001", "vpnGwId": "vpngw-emu00001", "userGwId": "cgw-emu00001",
                             "vpnConnName": "branch", "preSharedKey": "********",
                             "spdAcl": json.dumps({"10.0.0.0/16": ["192.168.0.0/24"]})}
    modify = next(entry for entry in entries if entry["action"] == "ModifyVpnConnEx")
    assert modify["params"] == dict(ids(row), preSharedKey="********") and modify["kind"] == "write"
    assert entries[-1]["error"] == "AuthFailure"
    (stored,) = state["regions"]["ap-guangzhou"]["vpn_connections"]
    assert stored["PreShareKey"] == "********" and stored["_legacy_id"] == row["vpnConnId"]


# -- the task_failure fault ------------------------------------------------------------------------

def test_a_failed_create_task_leaves_no_connection(legacy, client, admin):
    admin.fault("task_failure", 1)
    client.create(VpnConnectionName="api-3").ok()  # API 3.0 writes start no task: the fault waits
    task_id = legacy.add().ok()["data"]["taskId"]
    assert legacy.rows(vpnConnName="branch")[0]["vpcConnStatus"] == 0  # listed while it runs
    assert legacy.task(task_id) == 1
    assert legacy.task(task_id) == 1
    assert [row["vpnConnName"] for row in legacy.rows()] == ["api-3"]
    assert client.describe().ok()["TotalCount"] == 1
    entry = next(entry for entry in admin.log() if entry["action"] == "AddVpnConnEx")
    assert entry["fault"] == "task_failure" and entry["task_failure"] is True
    assert admin.call("GET", "faults")[1]["faults"] == []


def test_a_failed_modify_task_restores_the_connection(legacy, admin):
    row = add_settled(legacy)
    admin.fault("task_failure", 1)
    task_id = legacy.call("ModifyVpnConnEx", dict(ids(row), vpnConnName="changed", preSharedKey=OTHER_PSK,
                                                  **{"IKESet.0.dhGroupName": "group5"})).ok()["data"]["taskId"]
    assert legacy.task(task_id) == 2
    assert legacy.task(task_id) == 1
    (after,) = legacy.rows()
    assert after == row  # every field as before the write, the status running again


@pytest.mark.parametrize("pending_reads", [0, 2])
def test_a_failed_delete_task_keeps_the_connection(legacy, admin, emulator, pending_reads):
    row = add_settled(legacy)
    emulator.pending_reads = pending_reads
    admin.fault("task_failure", 1)
    task_id = legacy.call("DeleteVpnConn", ids(row)).ok()["data"]["taskId"]
    assert [legacy.task(task_id) for poll in range(pending_reads + 1)] == [2] * pending_reads + [1]
    assert legacy.rows()[0]["vpcConnStatus"] == 6
    assert legacy.call("DeleteVpnConn", ids(row)).ok()  # it can be deleted again
