# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Known-answer tests for the request signers.

Every known-answer vector of the project's signing notes (T1, T2, V1, V2, L1, L2, A1, A2,
S1, S2, S3, H1, H2, B1(a), B1(b), B2) is checked here: the intermediate values
the notes give (canonical request, string to sign, signing key) and the
final signature or header. The vectors were produced by the official SDKs
with clock and nonce pinned; the values marked "computed with the SDK" in the
pitfall section below were produced the same way (see test_sdk_crosscheck.py,
which recomputes them live) because signing.md gives no number for them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from urllib.parse import parse_qsl

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.alibaba import (
    AlibabaAcs3Signer,
    AlibabaRpcSigner,
    encode_pairs,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.baidu import BceV1Signer, normalize
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials, SignableRequest
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.huawei import HuaweiSigner
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.tencent import TC3Signer, TencentV1Signer

TS = 1700000000  # 2023-11-14T22:13:20Z
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

TENCENT = Credentials("AKIDEXAMPLEexampleEXAMPLEexample1234", "ExampleSecretKeyExampleSecretKey")
ALIBABA = Credentials("testid", "testsecret")
HUAWEI = Credentials("HPUAEXAMPLEAKEXAMPLE", "ExampleSecretKeyExampleSecretKeyExample1")
BAIDU = Credentials("a" * 32, "b" * 32)


def form(text):
    """A query string or form body as a dict (every name appears once here)."""
    pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
    result = dict(pairs)
    assert len(result) == len(pairs)
    return result


# ---------------------------------------------------------------------------
# 1. Tencent TC3-HMAC-SHA256
# ---------------------------------------------------------------------------

T1_BODY = (b'{"VpnConnectionId": "vpnx-f49l6u0z", "VpnConnectionName": "test-abc", '
           b'"PreShareKey": "Example-Key-1"}')
T1_HASH = "a62581af9849095c37b5dd410607a8bb89126febfcdacc630a8da20387f1de6c"
T2_QUERY = "VpnConnectionIds.0=vpnx-f49l6u0z&Limit=100&Offset=0"

TC3_VECTORS = {
    "T1": dict(
        method="POST", query="", content_type="application/json", body=T1_BODY,
        action="ModifyVpnConnectionAttribute",
        canonical=("POST\n/\n\n"
                   "content-type:application/json\n"
                   "host:vpc.tencentcloudapi.com\n\n"
                   "content-type;host\n" + T1_HASH),
        string_to_sign=("TC3-HMAC-SHA256\n1700000000\n2023-11-14/vpc/tc3_request\n"
                        "8dfe0e8223b796667484c44571ce75eb3bca89ef31a634ae0ad809d62b62be5f"),
        signature="bf4bf72d356479ee8b3233df2dd60eaeef79f23bbcc8db9c74b078c852678d00",
    ),
    "T2": dict(
        method="GET", query=T2_QUERY, content_type="application/x-www-form-urlencoded", body=b"",
        action="DescribeVpnConnections",
        canonical=("GET\n/\n" + T2_QUERY + "\n"
                   "content-type:application/x-www-form-urlencoded\n"
                   "host:vpc.tencentcloudapi.com\n\n"
                   "content-type;host\n" + EMPTY_SHA256),
        string_to_sign=None,  # not given by signing.md; derived from the canonical request below
        signature="9201d2bf0d00d546c72f8e04dd8cd3b56ed5d9a6d7f3a54263f0c55f57028516",
    ),
}


def tc3_request(vector, url="https://vpc.tencentcloudapi.com/"):
    return SignableRequest(vector["method"], url, query=vector["query"], body=vector["body"], headers={
        "Content-Type": vector["content_type"],
        "X-TC-Action": vector["action"],
        "X-TC-Version": "2017-03-12",
        "X-TC-Region": "ap-guangzhou",
    })


@pytest.mark.parametrize("name", sorted(TC3_VECTORS))
def test_tc3_vector(name):
    vector = TC3_VECTORS[name]
    signer = TC3Signer()
    request = tc3_request(vector)
    signer.sign(request, TENCENT, TS)

    canonical = signer.canonical_request(request)
    assert canonical == vector["canonical"]
    string_to_sign = signer.string_to_sign(canonical, TS, "vpc")
    expected_sts = vector["string_to_sign"] or (
        "TC3-HMAC-SHA256\n1700000000\n2023-11-14/vpc/tc3_request\n"
        + hashlib.sha256(vector["canonical"].encode()).hexdigest())
    assert string_to_sign == expected_sts
    assert signer.signature(TENCENT.secret, TS, "vpc", string_to_sign) == vector["signature"]
    assert request.headers["Authorization"] == (
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLEexampleEXAMPLEexample1234/2023-11-14/vpc/tc3_request, "
        "SignedHeaders=content-type;host, Signature=" + vector["signature"])
    assert request.header("Host") == "vpc.tencentcloudapi.com"
    assert request.header("X-TC-Timestamp") == "1700000000"
    assert request.header("Content-Type") == vector["content_type"]
    assert request.header("X-TC-Action") == vector["action"]
    assert request.header("X-TC-Token") is None
    assert request.body == vector["body"] and request.query == vector["query"]


def test_tc3_default_content_type_matches_vectors():
    """Without a Content-Type the signer picks the SDK's: JSON for POST, form for GET."""
    for name, vector in TC3_VECTORS.items():
        request = tc3_request(vector)
        del request.headers["Content-Type"]
        TC3Signer().sign(request, TENCENT, TS)
        assert request.headers["Authorization"].endswith("Signature=" + vector["signature"]), name


def test_tc3_sts_token_is_sent_but_not_signed():
    request = tc3_request(TC3_VECTORS["T1"])
    TC3Signer().sign(request, Credentials(TENCENT.key_id, TENCENT.secret, "sts-token/+="), TS)
    assert request.header("X-TC-Token") == "sts-token/+="
    assert request.headers["Authorization"].endswith("Signature=" + TC3_VECTORS["T1"]["signature"])


# ---------------------------------------------------------------------------
# 2. Tencent v1 (API 3.0 HmacSHA1/HmacSHA256) and legacy API 2.0
# ---------------------------------------------------------------------------

V1_STRING = ("GETvpc.tencentcloudapi.com/?Action=DescribeVpnConnections&Limit=20&Nonce=11886&Region=ap-guangzhou"
             "&SecretId=AKIDEXAMPLEexampleEXAMPLEexample1234&SignatureMethod=HmacSHA256&Timestamp=1700000000"
             "&Version=2017-03-12&VpnConnectionIds.0=vpnx-f49l6u0z")


def test_v1_sign_string_and_signature():
    signer = TencentV1Signer("HmacSHA256")
    params = {
        "Action": "DescribeVpnConnections", "Limit": 20, "Nonce": 11886, "Region": "ap-guangzhou",
        "SecretId": TENCENT.key_id, "SignatureMethod": "HmacSHA256", "Timestamp": TS,
        "Version": "2017-03-12", "VpnConnectionIds.0": "vpnx-f49l6u0z",
    }
    assert signer.string_to_sign("GET", "vpc.tencentcloudapi.com", "/", params) == V1_STRING
    assert signer.signature(TENCENT.secret, V1_STRING) == "3y9IKuE4/y12WukUHinyXJOvc3gKpgnzb8pUy2L8grY="


V2_PARAMS = {
    "Action": "DescribeVpnConnections", "Version": "2017-03-12", "Region": "ap-guangzhou",
    "VpnConnectionIds.0": "vpnx-f49l6u0z", "Limit": "20",
    "RequestClient": "SDK_PYTHON_3.1.193", "Language": "zh-CN",
}


@pytest.mark.parametrize("method, signature_method, signature", [
    ("POST", "HmacSHA256", "KZKmoVB1+yhozNQh2oUeHK1nCFEdJX2BLAT2lJYWqT4="),
    ("GET", "HmacSHA1", "7LNJJxxOrM9RrP069cdnf9cYB+k="),
], ids=["V2-POST-HmacSHA256", "V2-GET-HmacSHA1"])
def test_v2_full_path(method, signature_method, signature):
    signer = TencentV1Signer(signature_method)
    request = SignableRequest(method, "https://vpc.tencentcloudapi.com/")
    signer.sign(request, TENCENT, V2_PARAMS, TS, 11886)

    sent = form(request.body.decode() if method == "POST" else request.query)
    assert sent.pop("Signature") == signature
    assert sent == dict(V2_PARAMS, SecretId=TENCENT.key_id, Timestamp="1700000000", Nonce="11886",
                        SignatureMethod=signature_method)
    string_to_sign = signer.string_to_sign(method, request.host, request.path, sent)
    assert string_to_sign == (
        method + "vpc.tencentcloudapi.com/?Action=DescribeVpnConnections&Language=zh-CN&Limit=20&Nonce=11886"
        "&Region=ap-guangzhou&RequestClient=SDK_PYTHON_3.1.193&SecretId=AKIDEXAMPLEexampleEXAMPLEexample1234"
        "&SignatureMethod=" + signature_method + "&Timestamp=1700000000&Version=2017-03-12"
        "&VpnConnectionIds.0=vpnx-f49l6u0z")
    if method == "POST":
        assert request.query == ""
        assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    else:
        assert request.body == b""


L1_PARAMS = {
    "vpcId": "vpc-03vihbk9", "vpnGwId": "vpngw-kfldykuz", "vpnConnId": "vpnx-ol6bcqp0",
    "userGwCidrBlock.0": "10.100.2.0/24", "preSharedKey": "tencenttest",
    "Action": "ModifyVpnConnEx", "RequestClient": "SDK_PYTHON_2.0.15", "Region": "gz",
}
L1_URL = ("https://vpc.api.qcloud.com/v2/index.php?vpcId=vpc-03vihbk9&vpnGwId=vpngw-kfldykuz"
          "&vpnConnId=vpnx-ol6bcqp0&userGwCidrBlock.0=10.100.2.0%2F24&preSharedKey=tencenttest&Action=ModifyVpnConnEx"
          "&RequestClient=SDK_PYTHON_2.0.15&Region=gz&SecretId=AKIDEXAMPLEexampleEXAMPLEexample1234&Nonce=11886"
          "&Timestamp=1700000000&SignatureMethod=HmacSHA1&Signature=sr87cvNzZBpjX%2FjC%2BydoZtxN5dQ%3D")


@pytest.mark.parametrize("signature_method, signature", [
    ("HmacSHA1", "sr87cvNzZBpjX/jC+ydoZtxN5dQ="),
    ("HmacSHA256", "SeVpC9m0bw8Q9yA3fbJlld8h+ZYyfjUNclSNooFiZNw="),
], ids=["L1-HmacSHA1", "L1-HmacSHA256"])
def test_l1_legacy_api2(signature_method, signature):
    signer = TencentV1Signer(signature_method)
    request = SignableRequest("GET", "https://vpc.api.qcloud.com/v2/index.php")
    signer.sign(request, TENCENT, L1_PARAMS, TS, 11886)
    sent = form(request.query)
    assert sent["Signature"] == signature
    assert signer.string_to_sign("GET", request.host, request.path, sent) == (
        "GETvpc.api.qcloud.com/v2/index.php?Action=ModifyVpnConnEx&Nonce=11886&Region=gz"
        "&RequestClient=SDK_PYTHON_2.0.15&SecretId=AKIDEXAMPLEexampleEXAMPLEexample1234"
        "&SignatureMethod=" + signature_method + "&Timestamp=1700000000&preSharedKey=tencenttest"
        "&userGwCidrBlock.0=10.100.2.0/24&vpcId=vpc-03vihbk9&vpnConnId=vpnx-ol6bcqp0&vpnGwId=vpngw-kfldykuz")
    # The values travel URL-encoded (the CIDR's "/" as %2F, the signature's "+/=" encoded).
    assert "userGwCidrBlock.0=10.100.2.0%2F24" in request.query.split("&")
    if signature_method == "HmacSHA1":
        # The same parameter set as the SDK's URL (the order on the wire is free).
        base, query = L1_URL.split("?", 1)
        assert sorted(parse_qsl(request.query)) == sorted(parse_qsl(query))
        assert "Signature=sr87cvNzZBpjX%2FjC%2BydoZtxN5dQ%3D" in request.query.split("&")
        assert request.url == base


L2_JOINED = ("Action=DescribeVpnConn&Nonce=11886&Region=gz&SecretId=AKIDEXAMPLEexampleEXAMPLEexample1234"
             "&SignatureMethod={method}&Timestamp=1700000000&limit=50&offset=0&vpcId=vpc-03vihbk9"
             "&vpnGwId=vpngw-kfldykuz")


@pytest.mark.parametrize("http_method, signature_method, signature", [
    ("GET", "HmacSHA1", "dN+RpE5tXnCTmkd4QskOnZ4A8QU="),
    ("POST", "HmacSHA256", "+9BHGPoPjGRAZqB+DeuL8ZnWnD2O+HOQlnSYar2jz1M="),
], ids=["L2-GET-HmacSHA1", "L2-POST-HmacSHA256"])
def test_l2_legacy_api2_minimal(http_method, signature_method, signature):
    signer = TencentV1Signer(signature_method)
    params = {"Action": "DescribeVpnConn", "Region": "gz", "vpcId": "vpc-03vihbk9",
              "vpnGwId": "vpngw-kfldykuz", "offset": 0, "limit": 50}
    request = SignableRequest(http_method, "https://vpc.api.qcloud.com/v2/index.php")
    signer.sign(request, TENCENT, params, TS, 11886)
    sent = form(request.query if http_method == "GET" else request.body.decode())
    expected_string = "%svpc.api.qcloud.com/v2/index.php?%s" % (
        http_method, L2_JOINED.format(method=signature_method))
    assert signer.string_to_sign(http_method, request.host, request.path, sent) == expected_string
    assert signer.signature(TENCENT.secret, expected_string) == signature
    assert sent["Signature"] == signature


def test_v1_rejects_unknown_signature_method():
    with pytest.raises(ValueError):
        TencentV1Signer("HmacMD5")


def test_v1_underscore_names_signed_as_dots_but_sent_unchanged():
    """Both SDKs write ``_`` as ``.`` in the sign string only."""
    signer = TencentV1Signer("HmacSHA1")
    assert signer.string_to_sign("GET", "h", "/", {"a_b": "1", "Signature": "x"}) == "GETh/?a.b=1"
    request = SignableRequest("GET", "https://vpc.api.qcloud.com/v2/index.php")
    signer.sign(request, TENCENT, {"Action": "X", "user_gw": "1"}, TS, 1)
    assert "user_gw" in form(request.query)


# ---------------------------------------------------------------------------
# 3. Alibaba RPC v1
# ---------------------------------------------------------------------------

def test_a1_public_doc_example():
    signer = AlibabaRpcSigner()
    params = {"Timestamp": "2016-02-23T12:46:24Z", "Format": "XML", "AccessKeyId": "testid",
              "Action": "DescribeRegions", "SignatureMethod": "HMAC-SHA1",
              "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "Version": "2014-05-26",
              "SignatureVersion": "1.0"}
    string_to_sign = signer.string_to_sign("GET", params)
    assert string_to_sign == (
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
        "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
        "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26")
    assert signer.signature("testsecret", string_to_sign) == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


A2_PARAMS = {
    "Action": "ModifyVpnConnectionAttribute", "Version": "2016-04-28", "RegionId": "cn-hangzhou",
    "VpnConnectionId": "vco-bp1bbi27hojx80nck****", "Name": "my conn",
    "IkeConfig": '{"IkeVersion":"ikev2","Psk":"Ab1~*x y"}',
    "ClientToken": "02fb3da4-130e-11e9-8e44-0016e04115b", "Format": "JSON",
}
A2_STRING = (
    "POST&%2F&AccessKeyId%3Dtestid%26Action%3DModifyVpnConnectionAttribute"
    "%26ClientToken%3D02fb3da4-130e-11e9-8e44-0016e04115b%26Format%3DJSON"
    "%26IkeConfig%3D%257B%2522IkeVersion%2522%253A%2522ikev2%2522%252C%2522Psk%2522%253A%2522Ab1~%252Ax%2520y%2522%257D"
    "%26Name%3Dmy%2520conn%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1"
    "%26SignatureNonce%3D3ee8c1b883d344afa94f4e0ad82fd6cf%26SignatureType%3D%26SignatureVersion%3D1.0"
    "%26Timestamp%3D2023-11-14T22%253A13%253A20Z%26Version%3D2016-04-28"
    "%26VpnConnectionId%3Dvco-bp1bbi27hojx80nck%252A%252A%252A%252A")


@pytest.mark.parametrize("with_signature_type, signature", [
    (True, "gtWju4RCL4F8HNA4mm0Qfy6i3eE="),
    (False, "9UktWKNpQfeQHsR/Px9svyA033k="),
], ids=["A2-aliyunsdkcore", "A2-tea-without-SignatureType"])
def test_a2_encoding_edge_cases(with_signature_type, signature):
    signer = AlibabaRpcSigner()
    params = dict(A2_PARAMS, SignatureType="") if with_signature_type else dict(A2_PARAMS)
    request = SignableRequest("POST", "https://vpc.aliyuncs.com/")
    signer.sign(request, ALIBABA, params, TS, "3ee8c1b883d344afa94f4e0ad82fd6cf")

    body = request.body.decode()
    sent = form(body)
    assert sent.pop("Signature") == signature
    assert sent == dict(params, AccessKeyId="testid", SignatureMethod="HMAC-SHA1", SignatureVersion="1.0",
                        SignatureNonce="3ee8c1b883d344afa94f4e0ad82fd6cf", Timestamp="2023-11-14T22:13:20Z")
    expected_string = A2_STRING if with_signature_type else A2_STRING.replace("%26SignatureType%3D", "")
    assert signer.string_to_sign("POST", sent) == expected_string
    assert signer.signature("testsecret", expected_string) == signature
    # Sent form: RFC 3986 (space %20, * %2A, ~ kept, the signature's + / = encoded).
    fields = body.split("&")
    assert "Name=my%20conn" in fields
    assert "VpnConnectionId=vco-bp1bbi27hojx80nck%2A%2A%2A%2A" in fields
    assert "Timestamp=2023-11-14T22%3A13%3A20Z" in fields
    assert "Signature=" + signature.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D") in fields
    assert request.query == "" and request.header("Content-Type") == "application/x-www-form-urlencoded"


def test_alibaba_rpc_sts_token_is_signed():
    signer = AlibabaRpcSigner()
    request = SignableRequest("GET", "https://vpc.aliyuncs.com/")
    signer.sign(request, Credentials("testid", "testsecret", "tok+/="), dict(A2_PARAMS), TS, "n")
    sent = form(request.query)
    assert sent["SecurityToken"] == "tok+/="
    assert "SecurityToken%3Dtok%252B%252F%253D" in signer.string_to_sign("GET", sent)
    assert request.body == b""


# ---------------------------------------------------------------------------
# 4. Alibaba ACS3-HMAC-SHA256
# ---------------------------------------------------------------------------

ACS3_SIGNED = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
S2_PAIRS = [
    ("RegionId", "cn-hangzhou"), ("VpnConnectionId", "vco-p0w2jpkhi2eeop6q6****"),
    ("TunnelId", "tun-opsqc4d97wni27****"), ("TunnelOptionsSpecification.TunnelIkeConfig.IkeVersion", "ikev2"),
    ("TunnelOptionsSpecification.TunnelIkeConfig.Psk", "Ab1~*x y"), ("TunnelOptionsSpecification.EnableDpd", "true"),
]
S2_CANONICAL = (
    "POST\n/\n"
    "RegionId=cn-hangzhou&TunnelId=tun-opsqc4d97wni27%2A%2A%2A%2A&TunnelOptionsSpecification.EnableDpd=true"
    "&TunnelOptionsSpecification.TunnelIkeConfig.IkeVersion=ikev2"
    "&TunnelOptionsSpecification.TunnelIkeConfig.Psk=Ab1~%2Ax%20y&VpnConnectionId=vco-p0w2jpkhi2eeop6q6%2A%2A%2A%2A\n"
    "host:vpc.cn-hangzhou.aliyuncs.com\n"
    "x-acs-action:ModifyTunnelAttribute\n"
    "x-acs-content-sha256:" + EMPTY_SHA256 + "\n"
    "x-acs-date:2023-11-14T22:13:20Z\n"
    "x-acs-signature-nonce:3ee8c1b883d344afa94f4e0ad82fd6cf\n"
    "x-acs-version:2016-04-28\n\n" + ACS3_SIGNED + "\n" + EMPTY_SHA256)

ACS3_VECTORS = {
    "S1": dict(
        host="ecs.cn-shanghai.aliyuncs.com", ts=1698315752, nonce="3156853299f313e23d1673dc12e1703d",
        credentials=Credentials("YourAccessKeyId", "YourAccessKeySecret"),
        query="ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
        headers={"x-acs-action": "RunInstances", "x-acs-version": "2014-05-26"}, body=b"",
        date="2023-10-26T10:22:32Z", payload_hash=EMPTY_SHA256, canonical=None, string_to_sign=None,
        authorization=("ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=" + ACS3_SIGNED
                       + ",Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"),
    ),
    "S2": dict(
        host="vpc.cn-hangzhou.aliyuncs.com", ts=TS, nonce="3ee8c1b883d344afa94f4e0ad82fd6cf", credentials=ALIBABA,
        query=encode_pairs(S2_PAIRS),
        headers={"x-acs-action": "ModifyTunnelAttribute", "x-acs-version": "2016-04-28"}, body=b"",
        date="2023-11-14T22:13:20Z", payload_hash=EMPTY_SHA256, canonical=S2_CANONICAL,
        string_to_sign="ACS3-HMAC-SHA256\n379f23c68aef4318e8e317190ba02770c70447408964ef08f50d64dcb88a718e",
        authorization=("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=" + ACS3_SIGNED
                       + ",Signature=812249541278fea4d34875b4f2ce51fee8cd39ca026c42baad49345c90e58e6e"),
    ),
    "S3": dict(
        host="vpc.cn-hangzhou.aliyuncs.com", ts=TS, nonce="3ee8c1b883d344afa94f4e0ad82fd6cf", credentials=ALIBABA,
        query="", body=b"RegionId=cn-hangzhou&VpnConnectionId=vco-1",
        headers={"x-acs-action": "DescribeVpnConnection", "x-acs-version": "2016-04-28",
                 "content-type": "application/x-www-form-urlencoded"},
        date="2023-11-14T22:13:20Z", canonical=None, string_to_sign=None,
        payload_hash="28dc483cd4fd04b7964091373e1b337a6377af304c4cb960e84a2a7cc2a432b2",
        authorization=("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;" + ACS3_SIGNED
                       + ",Signature=74ec7bbc527660c7fbefc0fd059c45d9f59442bb53f24e6705bce68b5ee57263"),
    ),
}


@pytest.mark.parametrize("name", sorted(ACS3_VECTORS))
def test_acs3_vector(name):
    vector = ACS3_VECTORS[name]
    signer = AlibabaAcs3Signer()
    request = SignableRequest("POST", "https://%s/" % vector["host"], query=vector["query"],
                              headers=dict(vector["headers"]), body=vector["body"])
    signer.sign(request, vector["credentials"], vector["ts"], vector["nonce"])

    assert request.header("x-acs-date") == vector["date"]
    assert request.header("x-acs-signature-nonce") == vector["nonce"]
    assert request.header("x-acs-content-sha256") == vector["payload_hash"]
    assert request.header("host") == vector["host"]
    assert request.header("x-acs-security-token") is None and request.header("x-acs-accesskey-id") is None
    names = signer.signed_header_names(request)
    canonical = signer.canonical_request(request, names)
    if vector["canonical"] is not None:
        assert canonical == vector["canonical"]
    if vector["string_to_sign"] is not None:
        assert signer.string_to_sign(canonical) == vector["string_to_sign"]
    assert request.headers["Authorization"] == vector["authorization"]
    assert request.query == vector["query"] and request.body == vector["body"]


def test_acs3_secret_is_used_without_ampersand():
    """ACS3 keys the HMAC with the plain secret; RPC v1 appends ``&``."""
    assert AlibabaAcs3Signer().signature("testsecret", "x") == hmac.new(b"testsecret", b"x", "sha256").hexdigest()
    assert AlibabaRpcSigner().signature("testsecret", "x") == base64.b64encode(
        hmac.new(b"testsecret&", b"x", "sha1").digest()).decode()


def test_acs3_sts_adds_token_and_key_id_headers_signed():
    request = SignableRequest("POST", "https://vpc.cn-hangzhou.aliyuncs.com/",
                              headers={"x-acs-action": "DescribeVpnConnection", "x-acs-version": "2016-04-28"})
    AlibabaAcs3Signer().sign(request, Credentials("testid", "testsecret", "sts-tok"), TS, "n")
    assert request.header("x-acs-security-token") == "sts-tok"
    assert request.header("x-acs-accesskey-id") == "testid"
    assert ("SignedHeaders=host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;"
            "x-acs-security-token;x-acs-signature-nonce;x-acs-version,") in request.headers["Authorization"]


# ---------------------------------------------------------------------------
# 5. Huawei SDK-HMAC-SHA256
# ---------------------------------------------------------------------------

H1_PATH = "/v5/0123456789abcdef0123456789abcdef/vpn-connection/98c5af8a-demo-a8df-va86-ae2280a6f4c3"
H1_BODY = b'{"vpn_connection": {"name": "vpn-1655", "ikepolicy": {"lifetime_seconds": 3600}}}'
H1_HASH = "e590466f0937212b3b1f56b00425246be7c3218e256c623784264be38643a3eb"

HUAWEI_VECTORS = {
    "H1": dict(
        method="PUT", url="https://vpn.cn-north-4.myhuaweicloud.com" + H1_PATH, query="", body=H1_BODY,
        headers={"Content-Type": "application/json", "X-Project-Id": "0123456789abcdef0123456789abcdef"},
        canonical=("PUT\n" + H1_PATH + "/\n\n"
                   "content-type:application/json\n"
                   "host:vpn.cn-north-4.myhuaweicloud.com\n"
                   "x-project-id:0123456789abcdef0123456789abcdef\n"
                   "x-sdk-date:20231114T221320Z\n\n"
                   "content-type;host;x-project-id;x-sdk-date\n" + H1_HASH),
        string_to_sign="SDK-HMAC-SHA256\n20231114T221320Z\nb1f0691e6e44e98b20022d9e57111cc063b82f5af0ddb0a9424864a688585b6d",
        signed="content-type;host;x-project-id;x-sdk-date",
        signature="ef56cdcf3f3d6e68cafebb5374fd4eaf1f1a32171e4a2c0f2268834df36c3d92",
    ),
    "H1-user-agent": dict(
        method="PUT", url="https://vpn.cn-north-4.myhuaweicloud.com" + H1_PATH, query="", body=H1_BODY,
        headers={"Content-Type": "application/json", "X-Project-Id": "0123456789abcdef0123456789abcdef",
                 "User-Agent": "huaweicloud-usdk-python/3.0"},
        canonical=None, string_to_sign=None,
        signed="content-type;host;user-agent;x-project-id;x-sdk-date",
        signature="0447ea769ca29044b983d62ec917aa113f04ff9f92040464629779e34a117eec",
    ),
    "H2": dict(
        method="GET", url="https://iam.cn-north-4.myhuaweicloud.com/v3/projects", query="name=cn-north-4", body=b"",
        headers={},
        canonical=("GET\n/v3/projects/\nname=cn-north-4\n"
                   "host:iam.cn-north-4.myhuaweicloud.com\n"
                   "x-sdk-date:20231114T221320Z\n\n"
                   "host;x-sdk-date\n" + EMPTY_SHA256),
        string_to_sign="SDK-HMAC-SHA256\n20231114T221320Z\n4404da7ce10ee925208ea2085d825f1a42b6dd00fab143a3db97defbb4b04f3b",
        signed="host;x-sdk-date",
        signature="4973d5c57e1029fd62223f2193f5dd5548137a0233ce581be5ef06a123bb741b",
    ),
}


@pytest.mark.parametrize("name", sorted(HUAWEI_VECTORS))
def test_huawei_vector(name):
    vector = HUAWEI_VECTORS[name]
    signer = HuaweiSigner()
    request = SignableRequest(vector["method"], vector["url"], query=vector["query"],
                              headers=dict(vector["headers"]), body=vector["body"])
    signer.sign(request, HUAWEI, TS)

    assert request.header("X-Sdk-Date") == "20231114T221320Z"
    assert request.header("Host") == request.host
    # Every header present at signing time is signed (Authorization is added afterwards).
    names = [name for name in signer.signed_header_names(request) if name != "authorization"]
    assert ";".join(names) == vector["signed"]
    canonical = signer.canonical_request(request, names)
    if vector["canonical"] is not None:
        assert canonical == vector["canonical"]
        assert signer.string_to_sign(canonical, "20231114T221320Z") == vector["string_to_sign"]
    assert request.headers["Authorization"] == (
        "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAKEXAMPLE, SignedHeaders=%s, Signature=%s" % (
            vector["signed"], vector["signature"]))
    assert request.url == vector["url"]  # the trailing "/" is only in the canonical form


def test_huawei_sts_token_header_is_signed():
    request = SignableRequest("GET", "https://iam.cn-north-4.myhuaweicloud.com/v3/projects", query="name=cn-north-4")
    HuaweiSigner().sign(request, Credentials(HUAWEI.key_id, HUAWEI.secret, "sts"), TS)
    assert request.header("X-Security-Token") == "sts"
    assert "SignedHeaders=host;x-sdk-date;x-security-token," in request.headers["Authorization"]


def test_huawei_headers_with_underscore_are_not_signed():
    request = SignableRequest("GET", "https://iam.cn-north-4.myhuaweicloud.com/v3/projects", query="name=cn-north-4",
                              headers={"X_Custom": "1"})
    HuaweiSigner().sign(request, HUAWEI, TS)
    assert request.headers["Authorization"].endswith(
        "SignedHeaders=host;x-sdk-date, Signature=" + HUAWEI_VECTORS["H2"]["signature"])


# ---------------------------------------------------------------------------
# 6. Baidu bce-auth-v1
# ---------------------------------------------------------------------------

B1_PREFIX = "bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2023-11-14T22:13:20Z/1800"
B1_SIGNING_KEY = "ae89b6c0f6a8505a36ba1cf8c45af27c8e8b13ee5a91d022f0941d7792ac8098"


def b1_request():
    return SignableRequest(
        "PUT", "http://bcc.bj.baidubce.com/v1/vpn/vpnconn/vpnconn-ku4cxya6nisq",
        query="clientToken=1849ef6b-f73c-4f5d-b88b-259ca47af849",
        headers={"Host": "bcc.bj.baidubce.com", "Content-Type": "application/json;charset=utf-8",
                 "Content-Length": "80", "x-bce-date": "2023-11-14T22:13:20Z"},
        body=b'{"vpnId": "vpn-s1bpb19cmd8n", "secretKey": "ddd22@www", "vpnConnName": "vpncon"}')


def test_b1_signing_key():
    signer = BceV1Signer()
    assert signer.auth_prefix(BAIDU.key_id, TS) == B1_PREFIX
    assert hmac.new(b"b" * 32, B1_PREFIX.encode(), "sha256").hexdigest() == B1_SIGNING_KEY
    assert len(b1_request().body) == 80


def test_b1a_default_signed_headers():
    signer = BceV1Signer()
    request = b1_request()
    canonical = signer.canonical_request(request, None)
    assert canonical == (
        "PUT\n/v1/vpn/vpnconn/vpnconn-ku4cxya6nisq\nclientToken=1849ef6b-f73c-4f5d-b88b-259ca47af849\n"
        "content-length:80\ncontent-type:application%2Fjson%3Bcharset%3Dutf-8\nhost:bcc.bj.baidubce.com\n"
        "x-bce-date:2023-11-14T22%3A13%3A20Z")
    signature = signer.signature(BAIDU.secret, signer.auth_prefix(BAIDU.key_id, TS), canonical)
    assert signature == "921d1dbfcbb3676a62c0e8033f7b2ff82aa964b35f69a7775e2d7dc617e66377"
    assert "%s//%s" % (B1_PREFIX, signature) == (
        "bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2023-11-14T22:13:20Z/1800//"
        "921d1dbfcbb3676a62c0e8033f7b2ff82aa964b35f69a7775e2d7dc617e66377")


@pytest.mark.parametrize("explicit", [True, False], ids=["B1b-explicit-list", "B1b-default-list"])
def test_b1b_host_and_date(explicit):
    signer = BceV1Signer()
    request = b1_request()
    signer.sign(request, BAIDU, TS, ["host", "x-bce-date"] if explicit else None)
    assert signer.canonical_request(request, ["host", "x-bce-date"]) == (
        "PUT\n/v1/vpn/vpnconn/vpnconn-ku4cxya6nisq\nclientToken=1849ef6b-f73c-4f5d-b88b-259ca47af849\n"
        "host:bcc.bj.baidubce.com\nx-bce-date:2023-11-14T22%3A13%3A20Z")
    assert request.headers["Authorization"] == (
        B1_PREFIX + "/host;x-bce-date/2597919955929645958927f5059b13eaadd00f08e55f606b58f584c31373feec")
    assert request.header("x-bce-date") == "2023-11-14T22:13:20Z"


def test_b2_get_without_query():
    signer = BceV1Signer()
    request = SignableRequest("GET", "http://bcc.bj.baidubce.com/v1/vpn/vpnconn/vpn-119bd69b")
    signer.sign(request, BAIDU, TS)
    assert signer.canonical_request(request, ["host", "x-bce-date"]) == (
        "GET\n/v1/vpn/vpnconn/vpn-119bd69b\n\nhost:bcc.bj.baidubce.com\nx-bce-date:2023-11-14T22%3A13%3A20Z")
    assert request.headers["Authorization"] == (
        B1_PREFIX + "/host;x-bce-date/785665b4d95f209d500b328ce000b66d01846d9a5b159f53b1ccac956e13af4b")
    assert request.header("Host") == "bcc.bj.baidubce.com"


def test_baidu_sts_token_header_is_listed_and_signed():
    signer = BceV1Signer()
    request = SignableRequest("GET", "http://bcc.bj.baidubce.com/v1/vpn/vpnconn/vpn-119bd69b")
    signer.sign(request, Credentials(BAIDU.key_id, BAIDU.secret, "sts/tok"), TS)
    assert request.header("x-bce-security-token") == "sts/tok"
    assert "/1800/host;x-bce-date;x-bce-security-token/" in request.headers["Authorization"]
    assert "x-bce-security-token:sts%2Ftok" in signer.canonical_request(request, ["host"]).split("\n")


def test_baidu_authorization_query_parameter_is_not_signed():
    """signing.md step 4: every query parameter except ``authorization``.

    (The SDK's own check is dead code - ``k.lower != ...`` compares the bound
    method - so it would sign such a parameter; it never passes one.)
    """
    signer = BceV1Signer()
    request = SignableRequest("GET", "http://bcc.bj.baidubce.com/v1/x", query="b=2&authorization=zzz&a=1")
    assert signer.canonical_query(request.query) == "a=1&b=2"


# ---------------------------------------------------------------------------
# Pitfalls (end of signing.md)
# ---------------------------------------------------------------------------

@pytest.fixture
def shanghai_local_time(monkeypatch):
    """Run with a local time zone 8 hours ahead of UTC, to catch a local-date bug."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# (timestamp, UTC date, signature) - signatures computed with the SDK
# (AbstractClient._build_req_with_tc3_signature, POST {"Limit": 20}, pinned clock).
TC3_MIDNIGHT = [
    (1700006399, "2023-11-14", "11d068f7931042c2548080a13a185477a5bf9a0b642cbdd8f60911a65703fb44"),
    (1700006400, "2023-11-15", "fe7bed000a8b2a3fe49e86afdca1757faaad0ab3e610f4d67f2768a1f8785e00"),
    (1699977600, "2023-11-14", "f58f6b4011e775fb5114880f2b40a9a796e99913d1d5af36ef587d04befebb35"),
]


@pytest.mark.parametrize("timestamp, utc_date, signature", TC3_MIDNIGHT,
                         ids=["23:59:59Z", "00:00:00Z", "local-midnight-16:00Z"])
def test_tc3_scope_uses_utc_date(shanghai_local_time, timestamp, utc_date, signature):
    assert time.strftime("%Y-%m-%d", time.localtime(1700006399)) == "2023-11-15"  # the fixture took effect
    request = SignableRequest("POST", "https://vpc.tencentcloudapi.com/", body=b'{"Limit": 20}',
                              headers={"X-TC-Action": "DescribeVpnConnections"})
    TC3Signer().sign(request, TENCENT, timestamp)
    assert request.headers["Authorization"] == (
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLEexampleEXAMPLEexample1234/%s/vpc/tc3_request, "
        "SignedHeaders=content-type;host, Signature=%s" % (utc_date, signature))
    assert request.header("X-TC-Timestamp") == str(timestamp)


def test_sorting_is_byte_order():
    # Tencent: upper case sorts before lower case (Timestamp < limit).
    string = TencentV1Signer().string_to_sign("GET", "h", "/", {
        "limit": "1", "Timestamp": "2", "offset": "3", "Action": "4", "Zone": "5", "aZ": "6", "a.b": "7"})
    assert string == "GETh/?Action=4&Timestamp=2&Zone=5&a.b=7&aZ=6&limit=1&offset=3"
    # Alibaba RPC: sorted by the encoded name, so upper case first as well.
    assert AlibabaRpcSigner().canonicalized_query({"name": "x", "Name": "y", "RegionId": "z", "Version": "v"}) == (
        "Name=y&RegionId=z&Version=v&name=x")
    # ACS3 / Huawei / Baidu canonical queries: byte order of the names.
    query = "b=1&B=2&a=3&A.1=4"
    assert AlibabaAcs3Signer().canonical_query(query) == "A.1=4&B=2&a=3&b=1"
    assert HuaweiSigner().canonical_query(query) == "A.1=4&B=2&a=3&b=1"
    assert BceV1Signer().canonical_query(query) == "A.1=4&B=2&a=3&b=1"


def test_huawei_trailing_slash_on_canonical_uri_only():
    signer = HuaweiSigner()
    assert signer.canonical_uri("/v3/projects") == "/v3/projects/"
    assert signer.canonical_uri("/v3/projects/") == "/v3/projects/"
    assert signer.canonical_uri("/") == "/"
    request = SignableRequest("GET", "https://iam.cn-north-4.myhuaweicloud.com/v3/projects", query="name=cn-north-4")
    signer.sign(request, HUAWEI, TS)
    assert request.path == "/v3/projects"
    assert request.full_url() == "https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4"


def test_baidu_header_values_are_percent_encoded():
    assert normalize("application/json;charset=utf-8") == "application%2Fjson%3Bcharset%3Dutf-8"
    assert normalize("a b~c-d_e.f*g+h=i&j:k") == "a%20b~c-d_e.f%2Ag%2Bh%3Di%26j%3Ak"
    assert normalize("\u4e2d") == "%E4%B8%AD"
    request = SignableRequest("GET", "http://bcc.bj.baidubce.com/v1/x",
                              headers={"x-bce-meta": "  a b/c  ", "x-bce-empty": " ", "Content-Type": "text/plain"})
    assert BceV1Signer().canonical_headers(request, ["host"]) == "x-bce-meta:a%20b%2Fc"


# Host with a non-default port is signed (and sent) as host:port. The port-bearing signatures
# below were computed with each SDK (bce_v1_signer.sign, Signer.sign, get_authorization,
# _build_req_with_tc3_signature) given that host; test_sdk_crosscheck.py recomputes them.
def test_baidu_signs_host_with_non_default_port():
    signer = BceV1Signer()
    request = SignableRequest("GET", "http://bcc.bj.baidubce.com:8080/v1/vpn/vpnconn/vpn-119bd69b")
    signer.sign(request, BAIDU, TS)
    assert request.header("Host") == "bcc.bj.baidubce.com:8080"
    assert "host:bcc.bj.baidubce.com%3A8080" in signer.canonical_request(request, ["host"]).split("\n")
    assert request.headers["Authorization"] == (
        B1_PREFIX + "/host;x-bce-date/c7bcf826d3ee05a9445869a3f2f7114b2ba5ad8bb7b7eb5df8abef307d9c0f25")


@pytest.mark.parametrize("url, host", [
    ("http://bcc.bj.baidubce.com:80/v1/vpn/vpnconn/vpn-119bd69b", "bcc.bj.baidubce.com"),
    ("https://bcc.bj.baidubce.com:443/v1/vpn/vpnconn/vpn-119bd69b", "bcc.bj.baidubce.com"),
    ("https://bcc.bj.baidubce.com:80/v1/vpn/vpnconn/vpn-119bd69b", "bcc.bj.baidubce.com:80"),
    ("http://[2001:db8::1]:8080/v1/vpn/vpnconn/vpn-119bd69b", "[2001:db8::1]:8080"),
])
def test_default_port_is_dropped_other_ports_kept(url, host):
    request = SignableRequest("GET", url)
    BceV1Signer().sign(request, BAIDU, TS)
    assert request.header("Host") == host
    if host == "bcc.bj.baidubce.com":
        assert request.headers["Authorization"].endswith(
            "/785665b4d95f209d500b328ce000b66d01846d9a5b159f53b1ccac956e13af4b")


def test_tc3_signs_host_with_port():
    request = SignableRequest("POST", "https://vpc.tencentcloudapi.com:8443/", body=b'{"Limit": 20}',
                              headers={"X-TC-Action": "DescribeVpnConnections"})
    signer = TC3Signer()
    signer.sign(request, TENCENT, TS)
    assert request.header("Host") == "vpc.tencentcloudapi.com:8443"
    assert "host:vpc.tencentcloudapi.com:8443" in signer.canonical_request(request).split("\n")
    assert request.headers["Authorization"].endswith(
        "Signature=c7be66cccaa5b0a53d090fab468adf8a5b7c3252e9ffd209bd4a8ff234e19705")


def test_huawei_signs_host_with_port():
    request = SignableRequest("GET", "https://iam.cn-north-4.myhuaweicloud.com:8443/v3/projects",
                              query="name=cn-north-4")
    signer = HuaweiSigner()
    signer.sign(request, HUAWEI, TS)
    assert request.header("Host") == "iam.cn-north-4.myhuaweicloud.com:8443"
    assert request.headers["Authorization"].endswith(
        "SignedHeaders=host;x-sdk-date, Signature=d26f1bc657f490159fc0d0d1697380c4c88074e43663c3cddd3384e8c4c9e125")


def test_acs3_signs_host_with_port():
    request = SignableRequest("POST", "https://vpc.cn-hangzhou.aliyuncs.com:8443/", query="RegionId=cn-hangzhou",
                              headers={"x-acs-action": "DescribeVpnConnection", "x-acs-version": "2016-04-28"})
    AlibabaAcs3Signer().sign(request, ALIBABA, TS, "3ee8c1b883d344afa94f4e0ad82fd6cf")
    assert request.header("host") == "vpc.cn-hangzhou.aliyuncs.com:8443"
    assert request.headers["Authorization"].endswith(
        ",Signature=27989ace2769da554601f1ea03c1fd91ac6f9afdff5e6169296274a36a6ee055")


def test_tencent_v1_signs_host_with_port():
    request = SignableRequest("GET", "https://vpc.tencentcloudapi.com:8443/")
    signer = TencentV1Signer()
    signer.sign(request, TENCENT, {"Action": "X"}, TS, 1)
    assert signer.string_to_sign("GET", request.host, request.path, form(request.query)).startswith(
        "GETvpc.tencentcloudapi.com:8443/?Action=X&")


def _tc3_body_case(data):
    request = tc3_request(dict(TC3_VECTORS["T1"], body=data))
    TC3Signer().sign(request, TENCENT, TS)
    return request


def _huawei_body_case(data):
    vector = HUAWEI_VECTORS["H1"]
    request = SignableRequest("PUT", vector["url"], headers=dict(vector["headers"]), body=data)
    HuaweiSigner().sign(request, HUAWEI, TS)
    return request


@pytest.mark.parametrize("signed_request, body, expected_hash, expected_signature", [
    (_tc3_body_case, T1_BODY, T1_HASH, TC3_VECTORS["T1"]["signature"]),
    (_huawei_body_case, H1_BODY, H1_HASH, HUAWEI_VECTORS["H1"]["signature"]),
], ids=["tc3", "huawei"])
def test_exact_body_bytes_are_signed(signed_request, body, expected_hash, expected_signature):
    """Re-serialising the JSON (other spacing or key order) changes the signature."""
    compact = json.dumps(json.loads(body), separators=(",", ":"), sort_keys=True).encode()
    assert compact != body and json.loads(compact) == json.loads(body)
    assert hashlib.sha256(body).hexdigest() == expected_hash

    exact = signed_request(body)
    assert exact.headers["Authorization"].endswith("Signature=" + expected_signature)
    assert exact.body == body

    reserialised = signed_request(compact)
    assert reserialised.body == compact
    assert not reserialised.headers["Authorization"].endswith("Signature=" + expected_signature)

    # A str body is signed as its UTF-8 bytes, exactly as it is sent.
    as_text = signed_request(body.decode("utf-8"))
    assert as_text.body == body
    assert as_text.headers["Authorization"] == exact.headers["Authorization"]


def test_signable_request_rejects_query_in_url():
    with pytest.raises(ValueError):
        SignableRequest("GET", "https://h/?a=1")
