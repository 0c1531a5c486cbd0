# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Our signers against the official SDKs' own signing code, on generated inputs.

For every scheme, hypothesis draws realistic requests (unicode, spaces, ``*``,
``~``, ``/``, ``+``, ``=``, ``&``, empty values, JSON bodies, special path
segments, repeated query keys, STS tokens, hosts with ports, timestamps near
UTC midnight) and the same request is signed by our signer and by the SDK,
with the clock and the nonce pinned by ``unittest.mock``. The SDKs are
test-only dependencies (tests/requirements.txt); nothing here is imported by
the collection at run time.

Where an SDK signs a header set we do not send (user-agent, accept, ...), it
is given exactly the header set we send and sign; nothing else is relaxed.
Deliberate, documented differences are pinned by their own tests at the end.
"""

from __future__ import annotations

import datetime
import json
import string
import time
from types import SimpleNamespace
from unittest import mock
from urllib.parse import parse_qsl, quote

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

# --- the official SDKs -------------------------------------------------------
import QcloudApi.modules.base as qcloud_base
import aliyunsdkcore.utils.parameter_helper as aliyun_helper
import alibabacloud_openapi_util.client as openapi_util
import huaweicloudsdkcore.signer.signer as huawei_signer_module
import tencentcloud.common.abstract_client as tc_abstract_client
from QcloudApi.common.request import RequestInternal as QcloudRequestInternal
from QcloudApi.common.sign import Sign as QcloudSign
from aliyunsdkcore.auth.composer import rpc_signature_composer
from alibabacloud_tea_openapi.utils import Utils as TeaUtils
from baidubce import utils as bce_utils
from baidubce.auth import bce_v1_signer
from baidubce.auth.bce_credentials import BceCredentials
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from tencentcloud.common.credential import Credential as TencentCredential
from tencentcloud.common.http.request import RequestInternal as TencentRequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.common.sign import Sign as TencentSign

# --- ours --------------------------------------------------------------------
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.alibaba import (
    AlibabaAcs3Signer,
    AlibabaRpcSigner,
    encode_pairs,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.baidu import BceV1Signer
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials, SignableRequest
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.huawei import HuaweiSigner
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.tencent import TC3Signer, TencentV1Signer

CROSSCHECK = settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    # No "explain" phase: it re-runs a failing case many times and doubles the time to report it.
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

ACS3 = "ACS3-HMAC-SHA256"


# =============================================================================
# Strategies
# =============================================================================

SPECIAL = " *~/+=&%@#?:;,!'()[]{}$\"\\|<>^`"
UNICODE = "\u4e2d\u6587\u00c4\u00e9\u00f1\u00df\u03a9\u20ac\U0001F600\u00a0\u3000"
VALUE_ALPHABET = string.ascii_letters + string.digits + "-_." + SPECIAL + UNICODE
REALISTIC_VALUES = [
    "", " ", "vpnx-f49l6u0z", "10.100.2.0/24", "Ab1~*x y", "ikev2", "aes-256", "sha1", "group14",
    "true", "false", "0", "100", "my conn", "a+b=c&d", "@starts-with-at", "~tilde", "50%", "a%20b",
    "\u4e2d\u6587\u540d\u79f0", "2023-11-14T22:13:20Z", "vco-bp1bbi27hojx80nck****", "x" * 300,
    '{"IkeVersion":"ikev2","Psk":"Ab1~*x y"}', "line1\nline2", "tab\there",
]

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-2 ** 40, 2 ** 40),
    st.text(VALUE_ALPHABET, max_size=16), st.sampled_from(REALISTIC_VALUES))
json_documents = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(VALUE_ALPHABET, min_size=1, max_size=8), children, max_size=3)),
    max_leaves=8)
json_text = st.builds(lambda doc, ascii_only: json.dumps(doc, ensure_ascii=ascii_only), json_documents, st.booleans())

values = st.one_of(
    st.sampled_from(REALISTIC_VALUES),
    st.text(VALUE_ALPHABET, max_size=24),
    # Any code point but surrogates and C0/C1 controls (built without hypothesis' unicode tables,
    # which cost seconds to build in a fresh checkout).
    st.text(st.one_of(st.integers(0x20, 0x7E), st.integers(0xA0, 0xD7FF), st.integers(0xE000, 0xFFFD),
                      st.integers(0x10000, 0x10FFFF)).map(chr), max_size=12),
    json_text,
)

# Parameter names as the APIs spell them: identifiers, dotted paths, list indexes.
NAME_SAMPLES = [
    "VpnConnectionIds.0", "Filters.0.Name", "Filters.0.Values.1", "Limit", "Offset", "vpcId", "limit", "offset",
    "userGwCidrBlock.0", "preSharedKey", "IKEOptionsSpecification.PropoEncryAlgorithm", "Tags.0.Key",
    "SecurityPolicyDatabases.0.RemoteCidrBlock.1", "TunnelOptionsSpecification.TunnelIkeConfig.Psk",
    "ClientToken", "Name", "name", "IkeConfig", "VpnGatewayId", "marker", "a", "A", "Z", "z",
]
ALNUM = string.ascii_letters + string.digits
letter = st.sampled_from(string.ascii_letters)
# [A-Za-z][A-Za-z0-9]{0,10}(\.([0-9]|[A-Za-z][A-Za-z0-9-]{0,8})){0,3}, built without from_regex (slow to start).
name_part = st.one_of(st.integers(0, 9).map(str), st.builds(str.__add__, letter, st.text(ALNUM + "-", max_size=8)))
generated_names = st.builds(lambda head, tail, parts: head + tail + "".join("." + part for part in parts),
                            letter, st.text(ALNUM, max_size=10), st.lists(name_part, max_size=3))
names = st.one_of(st.sampled_from(NAME_SAMPLES), generated_names)

# Timestamps, with extra weight on the seconds around UTC midnight.
midnight = st.builds(lambda day, offset: day * 86400 + offset,
                     st.integers(17000, 21000), st.sampled_from([-28800, -1, 0, 1, 57599, 57600]))
timestamps = st.one_of(st.integers(1_500_000_000, 2_000_000_000), midnight,
                       st.sampled_from([1700000000, 1700006399, 1700006400]))

tokens = st.one_of(st.none(), st.text(string.ascii_letters + string.digits + "+/=-_.", min_size=1, max_size=120))
header_values = st.text(string.ascii_letters + string.digits + " -_.~/:;,=+*&%()", max_size=24)
path_segment_text = st.one_of(
    st.sampled_from(["vpn-connection", "98c5af8a-demo-a8df-va86-ae2280a6f4c3", "a b", "x*y", "~u", "50%",
                     "\u4e2d\u6587", "a+b", "a=b", "a&b", "a;b", "a:b", "a@b", "v1.0", "-", "_"]),
    st.text(VALUE_ALPHABET.replace("/", ""), min_size=1, max_size=10),
)


def unique_by(key):
    """A dict strategy whose keys are distinct under ``key`` (e.g. lower case)."""
    def pick(pairs):
        result, seen = {}, set()
        for name, value in pairs:
            if key(name) not in seen:
                seen.add(key(name))
                result[name] = value
        return result
    return pick


def param_dicts(reserved, key=lambda name: name, value_strategy=values, max_size=8):
    return st.lists(st.tuples(names.filter(lambda n: key(n) not in reserved), value_strategy),
                    max_size=max_size).map(unique_by(key))


def form(text):
    return dict(parse_qsl(text, keep_blank_values=True))


def utc(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).replace(tzinfo=None)


def fake_datetime_module(ts):
    """Stands in for the ``datetime`` module in an SDK module: utcnow() is pinned."""
    class PinnedDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return utc(ts)
    return SimpleNamespace(datetime=PinnedDatetime)


# =============================================================================
# Tencent TC3-HMAC-SHA256: AbstractClient._build_req_with_tc3_signature / _get_tc3_signature
# =============================================================================

TENCENT_KEY = ("AKIDEXAMPLEexampleEXAMPLEexample1234", "ExampleSecretKeyExampleSecretKey")
TENCENT_RESERVED = {"Action", "Nonce", "Timestamp", "Region", "SecretId", "SignatureMethod", "Version", "Token",
                    "Signature", "RequestClient", "Language"}

# (host in our URL, the endpoint the SDK is given, the Host both must send)
TENCENT_HOSTS = [
    ("vpc.tencentcloudapi.com", "vpc.tencentcloudapi.com", "vpc.tencentcloudapi.com"),
    ("vpc.ap-guangzhou.tencentcloudapi.com", "vpc.ap-guangzhou.tencentcloudapi.com",
     "vpc.ap-guangzhou.tencentcloudapi.com"),
    ("vpc.tencentcloudapi.com:443", "vpc.tencentcloudapi.com", "vpc.tencentcloudapi.com"),
    ("vpc.tencentcloudapi.com:8443", "vpc.tencentcloudapi.com:8443", "vpc.tencentcloudapi.com:8443"),
    ("cvm.internal.tencentcloudapi.com:10443", "cvm.internal.tencentcloudapi.com:10443",
     "cvm.internal.tencentcloudapi.com:10443"),
]


class _TencentClient(tc_abstract_client.AbstractClient):
    _apiVersion = "2017-03-12"


def tencent_client(endpoint, method, sign_method, region, token, language):
    profile = ClientProfile(signMethod=sign_method, httpProfile=HttpProfile(endpoint=endpoint, reqMethod=method))
    profile.language = language  # None: the SDK then sends no language at all
    client = _TencentClient(TencentCredential(TENCENT_KEY[0], TENCENT_KEY[1], token), region, profile)
    client._service = endpoint.split(".")[0]
    return client


def pinned_tencent(ts, nonce=1):
    return mock.patch.multiple(tc_abstract_client, time=SimpleNamespace(time=lambda: ts),
                               random=SimpleNamespace(randint=lambda low, high: nonce))


@CROSSCHECK
@given(method=st.sampled_from(["GET", "POST"]), hosts=st.sampled_from(TENCENT_HOSTS),
       params=param_dicts(set(), value_strategy=json_documents), ts=timestamps, token=tokens,
       region=st.sampled_from(["ap-guangzhou", "ap-shanghai", "na-siliconvalley", ""]),
       language=st.sampled_from(["zh-CN", "en-US", None]), set_content_type=st.booleans(),
       action=st.sampled_from(["DescribeVpnConnections", "ModifyVpnConnectionAttribute", "CreateVpnGateway"]))
def test_tc3_matches_sdk_client(method, hosts, params, ts, token, region, language, set_content_type, action):
    url_host, endpoint, wire_host = hosts
    client = tencent_client(endpoint, method, "TC3-HMAC-SHA256", region, token, language)
    sdk = TencentRequestInternal(endpoint, method, "/")
    with pinned_tencent(ts):
        client._build_req_with_tc3_signature(action, params, sdk)

    headers = {"X-TC-Action": action, "X-TC-Version": "2017-03-12"}
    if region:
        headers["X-TC-Region"] = region
    if language:
        headers["X-TC-Language"] = language
    if set_content_type:
        headers["Content-Type"] = sdk.header["Content-Type"]
    ours = SignableRequest(method, "https://%s/" % url_host, headers=headers,
                           query=sdk.data if method == "GET" else "",
                           body=sdk.data.encode("utf-8") if method == "POST" else b"")
    TC3Signer(service=client._service).sign(ours, Credentials(*TENCENT_KEY, token=token), ts)

    assert ours.headers["Authorization"] == sdk.header["Authorization"]
    for name in ("Host", "Content-Type", "X-TC-Timestamp", "X-TC-Action", "X-TC-Version", "X-TC-Region",
                 "X-TC-Token", "X-TC-Language"):
        assert ours.header(name) == sdk.header.get(name), name
    assert ours.host == wire_host


def raw_query(pairs, plus_for_space):
    encode = (lambda s: quote(s, safe="").replace("%20", "+")) if plus_for_space else (lambda s: quote(s, safe="~"))
    return "&".join("%s=%s" % (encode(k), encode(v)) for k, v in pairs)


repeated_pairs = st.lists(st.tuples(st.sampled_from(["Ids.0", "limit", "a", "A", "x.y"]) | names, values), max_size=8)
encoded_paths = st.one_of(
    st.just("/"),
    st.lists(path_segment_text, min_size=1, max_size=4).map(lambda segs: "/" + "/".join(quote(s, safe="") for s in segs)),
    st.lists(path_segment_text, min_size=1, max_size=3).map(lambda segs: "/" + "/".join(quote(s, safe="") for s in segs) + "/"),
)


@CROSSCHECK
@given(method=st.sampled_from(["GET", "POST"]), hosts=st.sampled_from(TENCENT_HOSTS), path=encoded_paths,
       pairs=repeated_pairs, plus=st.booleans(), ts=timestamps,
       body=st.one_of(json_text.map(lambda t: t.encode("utf-8")), st.binary(max_size=64)),
       content_type=st.sampled_from(["application/json", "application/x-www-form-urlencoded",
                                     "application/json; charset=utf-8", "application/octet-stream"]))
def test_tc3_matches_sdk_canonical_request(method, hosts, path, pairs, plus, ts, body, content_type):
    """The SDK's _get_tc3_signature on raw wire pieces: any path, repeated keys, exact body bytes."""
    url_host, endpoint = hosts[:2]
    query = raw_query(pairs, plus) if method == "GET" else ""
    data = query if method == "GET" else body
    sdk = TencentRequestInternal(endpoint, method, path, header={
        "Content-Type": content_type, "Host": endpoint, "X-TC-Timestamp": str(ts)}, data=data)
    service = endpoint.split(".")[0]
    date = utc(ts).strftime("%Y-%m-%d")  # as _build_req_with_tc3_signature derives it
    expected = tc_abstract_client.AbstractClient._get_tc3_signature(None, None, sdk, date, service, TENCENT_KEY[1])

    ours = SignableRequest(method, "https://%s%s" % (url_host, path), query=query,
                           headers={"Content-Type": content_type}, body=body if method == "POST" else b"")
    TC3Signer(service=service).sign(ours, Credentials(*TENCENT_KEY), ts)
    assert ours.headers["Authorization"] == (
        "TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, SignedHeaders=content-type;host, Signature=%s" % (
            TENCENT_KEY[0], date, service, expected))
    assert ours.path == path and ours.query == query


# =============================================================================
# Tencent v1 (API 3.0): AbstractClient._build_req_with_old_signature (+ _format_sign_string, Sign.sign)
# =============================================================================

def dotted(name):
    return name.replace("_", ".")


underscore_names = st.sampled_from(["user_gw", "Ike_Options.0", "a_b"])
v1_params = st.lists(st.tuples(names | underscore_names, values), max_size=8).map(
    lambda pairs: [(n, v) for n, v in pairs if dotted(n) not in TENCENT_RESERVED]).map(unique_by(dotted))


@CROSSCHECK
@given(method=st.sampled_from(["GET", "POST"]), sign_method=st.sampled_from(["HmacSHA1", "HmacSHA256"]),
       hosts=st.sampled_from(TENCENT_HOSTS), params=v1_params, ts=timestamps,
       nonce=st.integers(1, 2 ** 63 - 1), token=tokens, region=st.sampled_from(["ap-guangzhou", "ap-beijing", ""]),
       language=st.sampled_from(["zh-CN", "en-US", None]))
def test_tencent_v1_matches_sdk_client(method, sign_method, hosts, params, ts, nonce, token, region, language):
    url_host, endpoint = hosts[:2]
    client = tencent_client(endpoint, method, sign_method, region, token, language)
    action = "DescribeVpnConnections"
    sdk = TencentRequestInternal(endpoint, method, "/")
    with pinned_tencent(ts, nonce):
        client._build_req_with_old_signature(action, dict(params), sdk, {})
    sdk_sent = form(sdk.data)

    ours_params = dict(params, Action=action, Version="2017-03-12", RequestClient=client.request_client)
    if region:
        ours_params["Region"] = region
    if language:
        ours_params["Language"] = language
    ours = SignableRequest(method, "https://%s/" % url_host)
    signer = TencentV1Signer(sign_method)
    signer.sign(ours, Credentials(*TENCENT_KEY, token=token), ours_params, ts, nonce)
    ours_sent = form(ours.query if method == "GET" else ours.body.decode("ascii"))

    assert ours_sent == sdk_sent
    # The sign string itself, from the SDK's own _format_sign_string.
    sdk_string = client._format_sign_string({k: v for k, v in sdk_sent.items() if k != "Signature"})
    assert signer.string_to_sign(method, ours.host, ours.path, ours_sent) == sdk_string
    assert TencentSign.sign(TENCENT_KEY[1], sdk_string, sign_method) == ours_sent["Signature"]


# =============================================================================
# Tencent legacy API 2.0: QcloudApi Base._build_req_inter (+ Sign.make)
# =============================================================================

LEGACY_HOSTS = [("vpc.api.qcloud.com", "vpc.api.qcloud.com"), ("vpc.api.qcloud.com:8080", "vpc.api.qcloud.com:8080"),
                ("vpc.api.qcloud.com:443", "vpc.api.qcloud.com")]


class _LegacyVpc(qcloud_base.Base):
    requestHost = ""


def legacy_sdk_request(host, method, sign_method, region, token, action, params, ts, nonce):
    config = {"secretId": TENCENT_KEY[0], "secretKey": TENCENT_KEY[1], "Region": region, "method": method,
              "SignatureMethod": sign_method, "endpoint": host, "Token": token or ""}
    sdk = QcloudRequestInternal(host, method, "/v2/index.php")
    # ApiRequest only opens the (unused) HTTPS connection; building its TLS context is slow.
    with mock.patch.multiple(qcloud_base, time=SimpleNamespace(time=lambda: ts),
                             random=SimpleNamespace(randint=lambda low, high: nonce),
                             ApiRequest=lambda host: SimpleNamespace(is_keep_alive=lambda: False)):
        _LegacyVpc(config)._build_req_inter(action, dict(params), sdk)
    return sdk


def legacy_case(method):
    # The legacy SDK leaves values starting with "@" out of a POST signature (a
    # PHP-style file-upload marker); see test_legacy_api2_at_values_on_post below.
    value_strategy = values.filter(lambda v: not v.startswith("@")) if method == "POST" else values
    return st.fixed_dictionaries({
        "method": st.just(method),
        "params": st.lists(st.tuples(names | underscore_names, value_strategy), max_size=8).map(
            lambda pairs: [(n, v) for n, v in pairs if dotted(n) not in TENCENT_RESERVED]).map(unique_by(dotted)),
    })


@CROSSCHECK
@given(case=st.sampled_from(["GET", "POST"]).flatmap(legacy_case), sign_method=st.sampled_from(["HmacSHA1", "HmacSHA256"]),
       hosts=st.sampled_from(LEGACY_HOSTS), ts=timestamps, nonce=st.integers(1, 2 ** 63 - 1), token=tokens,
       region=st.sampled_from(["gz", "sh", "bj"]), action=st.sampled_from(["ModifyVpnConnEx", "DescribeVpnConn"]))
def test_legacy_api2_matches_sdk(case, sign_method, hosts, ts, nonce, token, region, action):
    method, params = case["method"], case["params"]
    url_host, endpoint = hosts
    sdk = legacy_sdk_request(endpoint, method, sign_method, region, token, action, params, ts, nonce)
    sdk_sent = form(sdk.data)

    ours_params = dict(params, Action=action, RequestClient=qcloud_base.Base.version, Region=region)
    ours = SignableRequest(method, "https://%s/v2/index.php" % url_host)
    signer = TencentV1Signer(sign_method)
    signer.sign(ours, Credentials(*TENCENT_KEY, token=token), ours_params, ts, nonce)
    ours_sent = form(ours.query if method == "GET" else ours.body.decode("ascii"))

    assert ours_sent == sdk_sent
    unsigned = {k: v for k, v in sdk_sent.items() if k != "Signature"}
    assert QcloudSign(*TENCENT_KEY).make(endpoint, "/v2/index.php", unsigned, method, sign_method) == ours_sent["Signature"]
    if method == "POST":
        assert ours.header("Content-Type") == "application/x-www-form-urlencoded"


# =============================================================================
# Alibaba RPC v1: aliyunsdkcore rpc_signature_composer.get_signed_url and Tea get_rpcsignature
# =============================================================================

ALIBABA_KEY = ("testid", "testsecret")
ALIBABA_RESERVED = {"Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion",
                    "SignatureNonce", "SignatureType", "Timestamp", "SecurityToken", "Signature", "RegionId"}
nonces = st.one_of(st.text("0123456789abcdef", min_size=32, max_size=32), st.uuids().map(str))
alibaba_params = param_dicts(ALIBABA_RESERVED)


def pinned_aliyun(ts, nonce):
    clock = SimpleNamespace(gmtime=lambda *when: time.gmtime(*(when or (ts,))), strftime=time.strftime,
                            time=lambda: ts)
    return mock.patch.multiple(aliyun_helper, time=clock, get_uuid=lambda: nonce)


@CROSSCHECK
@given(method=st.sampled_from(["GET", "POST"]), params=alibaba_params, in_body=st.lists(st.booleans(), max_size=8),
       fmt=st.sampled_from(["JSON", "XML"]), ts=timestamps, nonce=nonces, token=tokens,
       region=st.sampled_from(["cn-hangzhou", "cn-shanghai", "ap-southeast-1"]),
       action=st.sampled_from(["ModifyVpnConnectionAttribute", "DescribeVpnConnection", "CreateVpnGateway"]))
def test_alibaba_rpc_matches_aliyunsdkcore(method, params, in_body, fmt, ts, nonce, token, region, action):
    common = {"Action": action, "Version": "2016-04-28", "RegionId": region}
    url_params, body_params = dict(common), {}
    for index, (name, value) in enumerate(params.items()):
        goes_in_body = method == "POST" and index < len(in_body) and in_body[index]
        (body_params if goes_in_body else url_params)[name] = value
    if token:
        url_params["SecurityToken"] = token  # as aliyunsdkcore's StsTokenSigner adds it
    with pinned_aliyun(ts, nonce):
        url, sdk_string = rpc_signature_composer.get_signed_url(
            dict(url_params), ALIBABA_KEY[0], ALIBABA_KEY[1], fmt, method, dict(body_params))
    sdk_sent = dict(form(url.split("?", 1)[1]), **body_params)

    ours = SignableRequest(method, "https://vpc.aliyuncs.com/")
    signer = AlibabaRpcSigner()
    signer.sign(ours, Credentials(*ALIBABA_KEY, token=token), dict(params, Format=fmt, SignatureType="", **common),
                ts, nonce)
    ours_sent = form(ours.query if method == "GET" else ours.body.decode("ascii"))

    assert ours_sent == sdk_sent
    assert signer.string_to_sign(method, ours_sent) == sdk_string


@CROSSCHECK
@given(method=st.sampled_from(["GET", "POST"]), params=alibaba_params, fmt=st.sampled_from(["JSON", "json", "XML"]),
       ts=timestamps, nonce=nonces, token=tokens, region=st.sampled_from(["cn-hangzhou", "eu-central-1"]))
def test_alibaba_rpc_matches_tea_get_rpcsignature(method, params, fmt, ts, nonce, token, region):
    with mock.patch.object(openapi_util, "datetime", fake_datetime_module(ts)):
        timestamp = openapi_util.Client.get_timestamp()
    expected = dict(params, Action="DescribeVpnConnection", Version="2016-04-28", RegionId=region, Format=fmt,
                    Timestamp=timestamp, SignatureNonce=nonce, SignatureMethod="HMAC-SHA1", SignatureVersion="1.0",
                    AccessKeyId=ALIBABA_KEY[0])
    if token:
        expected["SecurityToken"] = token

    ours = SignableRequest(method, "https://vpc.cn-hangzhou.aliyuncs.com/")
    AlibabaRpcSigner().sign(ours, Credentials(*ALIBABA_KEY, token=token),
                            dict(params, Action="DescribeVpnConnection", Version="2016-04-28", RegionId=region,
                                 Format=fmt), ts, nonce)
    ours_sent = form(ours.query if method == "GET" else ours.body.decode("ascii"))
    signature = ours_sent.pop("Signature")

    assert ours_sent == expected
    assert signature == openapi_util.Client.get_rpcsignature(expected, method, ALIBABA_KEY[1])
    assert signature == TeaUtils.get_rpcsignature(expected, method, ALIBABA_KEY[1])


# =============================================================================
# Alibaba ACS3-HMAC-SHA256: alibabacloud_openapi_util Client.get_authorization
# =============================================================================

ALIBABA_HOSTS = [
    ("vpc.cn-hangzhou.aliyuncs.com", "vpc.cn-hangzhou.aliyuncs.com"),
    ("vpc.aliyuncs.com:443", "vpc.aliyuncs.com"),
    ("vpc-vpc.cn-hangzhou.aliyuncs.com:8443", "vpc-vpc.cn-hangzhou.aliyuncs.com:8443"),
]
acs3_query_names = st.one_of(st.sampled_from(NAME_SAMPLES),
                             st.builds(str.__add__, letter, st.text(ALNUM + "._-", max_size=20)))
acs3_bodies = st.one_of(
    st.just(("none", None)),
    st.dictionaries(acs3_query_names, st.text(VALUE_ALPHABET, max_size=12), min_size=1, max_size=4).map(
        lambda m: ("form", m)),
    json_documents.map(lambda doc: ("json", doc)),
    st.binary(min_size=1, max_size=40).map(lambda data: ("bytes", data)),
)


def acs3_body(kind, content):
    """Body bytes and content type as alibabacloud_tea_openapi's do_request builds them."""
    if kind == "none":
        return b"", None
    if kind == "form":
        return openapi_util.Client.to_form(content).encode("utf-8"), "application/x-www-form-urlencoded"
    if kind == "json":
        return json.dumps(content, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8"
    return content, "application/octet-stream"


@CROSSCHECK
@given(method=st.sampled_from(["POST", "GET", "PUT", "DELETE"]), hosts=st.sampled_from(ALIBABA_HOSTS),
       path=st.one_of(st.just("/"), st.lists(path_segment_text, min_size=1, max_size=3).map(
           lambda segs: "/" + "/".join(openapi_util.Client.get_encode_param(s) for s in segs))),
       query=st.dictionaries(acs3_query_names, values, max_size=8), body=acs3_bodies, ts=timestamps, nonce=nonces,
       token=tokens, action=st.sampled_from(["ModifyTunnelAttribute", "DescribeVpnConnection"]),
       version=st.sampled_from(["2016-04-28", "2014-05-26"]))
def test_acs3_matches_sdk(method, hosts, path, query, body, ts, nonce, token, action, version):
    url_host, wire_host = hosts
    data, content_type = acs3_body(*body)
    headers = {"x-acs-action": action, "x-acs-version": version}
    if content_type:
        headers["content-type"] = content_type
    ours = SignableRequest(method, "https://%s%s" % (url_host, path), query=encode_pairs(query.items()),
                           headers=dict(headers), body=data)
    AlibabaAcs3Signer().sign(ours, Credentials(*ALIBABA_KEY, token=token), ts, nonce)

    with mock.patch.object(openapi_util, "datetime", fake_datetime_module(ts)):
        date = openapi_util.Client.get_timestamp()
    payload = openapi_util.Client.hash(data, ACS3).hex()
    sdk_headers = dict(headers, **{"host": wire_host, "x-acs-date": date, "x-acs-signature-nonce": nonce,
                                   "x-acs-content-sha256": payload})
    if token:
        sdk_headers.update({"x-acs-accesskey-id": ALIBABA_KEY[0], "x-acs-security-token": token})
    sdk = SimpleNamespace(method=method, pathname=path, query=dict(query), headers=sdk_headers)
    expected = openapi_util.Client.get_authorization(sdk, ACS3, payload, *ALIBABA_KEY)

    assert ours.headers["Authorization"] == expected
    assert TeaUtils.get_authorization(sdk, ACS3, payload, *ALIBABA_KEY) == expected
    for name, value in sdk_headers.items():
        assert ours.header(name) == value, name
    assert ours.body == data


# =============================================================================
# Huawei SDK-HMAC-SHA256: BasicCredentials.sign_request -> Signer.sign
# =============================================================================

HUAWEI_KEY = ("HPUAEXAMPLEAKEXAMPLE", "ExampleSecretKeyExampleSecretKeyExample1")
HUAWEI_HOSTS = [
    ("vpn.cn-north-4.myhuaweicloud.com", "vpn.cn-north-4.myhuaweicloud.com"),
    ("iam.cn-north-4.myhuaweicloud.com:443", "iam.cn-north-4.myhuaweicloud.com"),
    ("vpn.ap-southeast-1.myhuaweicloud.com:8443", "vpn.ap-southeast-1.myhuaweicloud.com:8443"),
]
HUAWEI_EXTRA_HEADERS = ["User-Agent", "Accept", "X-Client-Token", "X-Language", "X_Custom_Underscore", "x-custom"]
json_content_types = st.sampled_from([None, "application/json", "application/json;charset=UTF-8", "application/bson"])
other_content_types = st.sampled_from(["application/x-www-form-urlencoded", "application/xml", "text/plain",
                                       "application/octet-stream", "multipart/form-data; boundary=abc"])


def huawei_query(pairs, plus_for_space):
    return raw_query(pairs, plus_for_space)


def huawei_path(segments, trailing_slash):
    # Path parameters are quoted with safe="" by huaweicloudsdkcore's client.
    return "/" + "/".join(quote(segment, safe="") for segment in segments) + ("/" if trailing_slash else "")


def huawei_compare(method, wire_host, url_host, path, pairs, plus, headers, body, ts, token, project_id):
    """Sign with the SDK (given exactly our header set) and with ours; return both requests."""
    sdk = SdkRequest(method=method, schema="https", host=wire_host, resource_path=path, query_params=list(pairs),
                     header_params=dict(headers), body=body)
    credentials = BasicCredentials(HUAWEI_KEY[0], HUAWEI_KEY[1], project_id)
    if token:
        credentials.with_security_token(token)
    with mock.patch.object(huawei_signer_module, "datetime", fake_datetime_module(ts).datetime):
        credentials.sign_request(sdk)

    ours_headers = dict(headers)
    if project_id:
        ours_headers["X-Project-Id"] = project_id
    # The SDK adds X-Sdk-Content-Sha256 for content types other than JSON/BSON; send the same set.
    if "X-Sdk-Content-Sha256" in sdk.header_params:
        ours_headers["X-Sdk-Content-Sha256"] = sdk.header_params["X-Sdk-Content-Sha256"]
    ours = SignableRequest(method, "https://%s%s" % (url_host, path), query=huawei_query(pairs, plus),
                           headers=ours_headers, body=body)
    HuaweiSigner().sign(ours, Credentials(*HUAWEI_KEY, token=token), ts)
    return sdk, ours


def assert_huawei_equal(sdk, ours, path):
    assert ours.headers["Authorization"] == sdk.header_params["Authorization"]
    for name in ("X-Sdk-Date", "Host", "X-Security-Token", "X-Project-Id"):
        assert ours.header(name) == sdk.header_params.get(name), name
    assert ours.path == path  # the canonical URI's trailing "/" is never sent


huawei_pairs = st.lists(st.tuples(st.sampled_from(["limit", "marker", "name", "vpn_gateway_id", "Name"]) | names, values),
                        max_size=8)
huawei_headers = st.dictionaries(st.sampled_from(HUAWEI_EXTRA_HEADERS), header_values, max_size=3)
huawei_common = dict(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]), hosts=st.sampled_from(HUAWEI_HOSTS),
    pairs=huawei_pairs, plus=st.booleans(), extra=huawei_headers, ts=timestamps, token=tokens,
    project_id=st.one_of(st.none(), st.text("0123456789abcdef", min_size=32, max_size=32)),
)


@CROSSCHECK
@given(segments=st.lists(path_segment_text, max_size=4), trailing=st.booleans(), content_type=json_content_types,
       body=st.one_of(st.just(b""), json_text.map(lambda t: t.encode("utf-8"))), **huawei_common)
def test_huawei_matches_sdk(method, hosts, segments, trailing, pairs, plus, extra, content_type, body, ts, token,
                            project_id):
    url_host, wire_host = hosts
    path = huawei_path(segments, trailing)
    headers = dict(extra)
    if content_type:
        headers["Content-Type"] = content_type
    sdk, ours = huawei_compare(method, wire_host, url_host, path, pairs, plus, headers, body, ts, token, project_id)
    assert_huawei_equal(sdk, ours, path)


@CROSSCHECK
@given(segments=st.lists(st.text(VALUE_ALPHABET, min_size=1, max_size=10), min_size=1, max_size=3),
       **huawei_common)
def test_huawei_special_path_segments_match_sdk(method, hosts, segments, pairs, plus, extra, ts, token, project_id):
    """Path parameters holding any character, "/" included (sent as %2F, as the SDK quotes them)."""
    url_host, wire_host = hosts
    path = huawei_path(["v5", "0123456789abcdef0123456789abcdef", "vpn-connection"] + segments, False)
    headers = dict(extra, **{"Content-Type": "application/json"})
    sdk, ours = huawei_compare(method, wire_host, url_host, path, pairs, plus, headers, b"", ts, token, project_id)
    assert_huawei_equal(sdk, ours, path)


@CROSSCHECK
@given(content_type=other_content_types, body=st.one_of(st.just(b""), st.binary(max_size=48)), **huawei_common)
def test_huawei_unsigned_payload_matches_sdk(method, hosts, pairs, plus, extra, content_type, body, ts, token,
                                             project_id):
    """Non-JSON content types: the SDK sends and signs X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD."""
    url_host, wire_host = hosts
    headers = dict(extra, **{"Content-Type": content_type})
    sdk, ours = huawei_compare(method, wire_host, url_host, "/v3/projects", pairs, plus, headers, body, ts, token,
                               project_id)
    assert sdk.header_params["X-Sdk-Content-Sha256"] == "UNSIGNED-PAYLOAD"
    assert_huawei_equal(sdk, ours, "/v3/projects")


# =============================================================================
# Baidu bce-auth-v1: baidubce.auth.bce_v1_signer.sign
# =============================================================================

BAIDU_KEY = ("a" * 32, "b" * 32)
# (scheme, host in our URL, Host sent - as bce_http_client.send_request builds it)
BAIDU_HOSTS = [
    ("http", "bcc.bj.baidubce.com", "bcc.bj.baidubce.com"),
    ("https", "bcc.bj.baidubce.com", "bcc.bj.baidubce.com"),
    ("http", "bcc.bj.baidubce.com:8080", "bcc.bj.baidubce.com:8080"),
    ("https", "bcc.gz.baidubce.com:443", "bcc.gz.baidubce.com"),
    ("https", "bcc.gz.baidubce.com:8443", "bcc.gz.baidubce.com:8443"),
    ("http", "10.0.0.5:8080", "10.0.0.5:8080"),
]
BAIDU_X_HEADERS = ["x-bce-client-token", "X-Bce-Request-Id", "x-bce-meta-note", "x-bce-content-sha256"]


@CROSSCHECK
@given(method=st.sampled_from(["GET", "PUT", "POST", "DELETE"]), hosts=st.sampled_from(BAIDU_HOSTS),
       segments=st.lists(path_segment_text | st.text(VALUE_ALPHABET, min_size=1, max_size=8), max_size=3),
       query=param_dicts({"authorization"}, key=str.lower), body=st.one_of(st.just(b""), json_text.map(str.encode)),
       content_type=st.sampled_from([None, "application/json;charset=utf-8", "text/plain; a=b"]),
       send_length=st.booleans(),
       extra=st.dictionaries(st.sampled_from(BAIDU_X_HEADERS + ["User-Agent", "Accept"]), header_values, max_size=3),
       ts=timestamps, token=tokens, expiration=st.sampled_from([1800, 60, 3600]),
       also_sign=st.sampled_from([(), ("content-type",), ("content-length", "content-type")]))
def test_baidu_matches_sdk(method, hosts, segments, query, body, content_type, send_length, extra, ts, token,
                           expiration, also_sign):
    scheme, url_host, wire_host = hosts
    path = bce_utils.append_uri(b"/v1/vpn/vpnconn", *[s.encode("utf-8") for s in segments]).decode("ascii")
    wire_query = bce_utils.get_canonical_querystring(
        {k.encode("utf-8"): v.encode("utf-8") for k, v in query.items()}, False).decode("ascii")
    headers = dict(extra)
    if content_type:
        headers["Content-Type"] = content_type
    if send_length:
        headers["Content-Length"] = str(len(body))

    explicit = ["host"] + list(also_sign) if also_sign else None
    ours = SignableRequest(method, "%s://%s%s" % (scheme, url_host, path), query=wire_query, headers=headers,
                           body=body)
    signer = BceV1Signer(expiration)
    signer.sign(ours, Credentials(*BAIDU_KEY, token=token), ts,
                explicit + sorted(n.lower() for n in headers if n.lower().startswith("x-bce-")) + ["x-bce-date"]
                + (["x-bce-security-token"] if token else []) if explicit else None)

    sdk_headers = {k.encode(): v.encode() for k, v in headers.items()}
    sdk_headers[b"Host"] = wire_host.encode()
    sdk_headers[b"x-bce-date"] = bce_utils.get_canonical_time(ts)
    if token:
        sdk_headers[b"x-bce-security-token"] = token.encode()
    to_sign = sorted({b"host", *[k.lower() for k in sdk_headers if k.lower().startswith(b"x-bce-")],
                      *[n.encode() for n in also_sign]})
    sdk_params = {k.encode("utf-8"): v.encode("utf-8") for k, v in query.items()}
    expected = bce_v1_signer.sign(BceCredentials(*BAIDU_KEY), method.encode(), path.encode(), sdk_headers,
                                  sdk_params, ts, expiration, to_sign).decode("ascii")

    assert ours.headers["Authorization"] == expected
    assert ours.header("Host") == wire_host
    assert ours.header("x-bce-date") == sdk_headers[b"x-bce-date"].decode()
    assert ours.header("x-bce-security-token") == token

    # The default header set (SDK: headers_to_sign=None, "…/1800//signature").
    default = bce_v1_signer.sign(BceCredentials(*BAIDU_KEY), method.encode(), path.encode(), sdk_headers,
                                 sdk_params, ts, expiration, None).decode("ascii")
    prefix = signer.auth_prefix(BAIDU_KEY[0], ts)
    assert default == "%s//%s" % (prefix, signer.signature(BAIDU_KEY[1], prefix, signer.canonical_request(ours, None)))


# =============================================================================
# Targeted cases (known edges) and pinned, deliberate differences
# =============================================================================

def test_huawei_encoded_slash_in_path_parameter_matches_sdk():
    """A path parameter containing "/" is sent as %2F (huaweicloudsdkcore quotes with safe="").

    Signer.sign (and signing.md step 3) URL-decode the whole path first, then
    split on "/": the canonical URI is /v1/a/b/. Splitting before decoding
    gives /v1/a%2Fb/ and a signature the server rejects.
    """
    sdk, ours = huawei_compare("GET", "vpn.cn-north-4.myhuaweicloud.com", "vpn.cn-north-4.myhuaweicloud.com",
                               "/v1/a%2Fb", [], False, {}, b"", 1700000000, None, None)
    assert HuaweiSigner().canonical_uri("/v1/a%2Fb") == "/v1/a/b/"
    assert_huawei_equal(sdk, ours, "/v1/a%2Fb")


def test_huawei_unsigned_payload_with_empty_body_matches_sdk():
    """With X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD and no body, the SDK hashes the empty body.

    Signer._process_hash_payload returns the empty-string SHA-256 whenever the
    body is empty, before it looks at X-Sdk-Content-Sha256.
    """
    sdk, ours = huawei_compare("DELETE", "vpn.cn-north-4.myhuaweicloud.com", "vpn.cn-north-4.myhuaweicloud.com",
                               "/v5/p/vpn-connection/x", [], False,
                               {"Content-Type": "application/x-www-form-urlencoded"}, b"", 1700000000, None, None)
    assert ours.header("X-Sdk-Content-Sha256") == "UNSIGNED-PAYLOAD"
    canonical = HuaweiSigner().canonical_request(ours, ["content-type", "host", "x-sdk-content-sha256", "x-sdk-date"])
    assert canonical.endswith("\n" + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert_huawei_equal(sdk, ours, "/v5/p/vpn-connection/x")


def test_legacy_api2_at_values_on_post():
    """Pinned difference: QcloudApi's Sign.make skips POST values starting with "@".

    That is the PHP SDK's file-upload marker; the Python SDK still sends the
    value as an ordinary form field, so the server sees a parameter the SDK did
    not sign. Our signer signs every parameter it sends. GET is unaffected, and
    the API 3.0 SDK (tencentcloud) has no such rule.
    """
    params = {"preSharedKey": "@secret", "vpnConnId": "vpnx-1"}
    sdk = legacy_sdk_request("vpc.api.qcloud.com", "POST", "HmacSHA1", "gz", None, "ModifyVpnConnEx", params,
                             1700000000, 11886)
    sdk_sent = form(sdk.data)
    ours = SignableRequest("POST", "https://vpc.api.qcloud.com/v2/index.php")
    TencentV1Signer("HmacSHA1").sign(ours, Credentials(*TENCENT_KEY), dict(
        params, Action="ModifyVpnConnEx", RequestClient=qcloud_base.Base.version, Region="gz"), 1700000000, 11886)
    ours_sent = form(ours.body.decode("ascii"))

    assert {k: v for k, v in ours_sent.items() if k != "Signature"} == {
        k: v for k, v in sdk_sent.items() if k != "Signature"}
    unsigned = {k: v for k, v in sdk_sent.items() if k != "Signature"}
    without_at = {k: v for k, v in unsigned.items() if k != "preSharedKey"}
    sign = QcloudSign(*TENCENT_KEY)
    assert sdk_sent["Signature"] == sign.make("vpc.api.qcloud.com", "/v2/index.php", without_at, "POST", "HmacSHA1")
    # Ours signs the "@" value too: the SDK's own Sign.sign over the full sign string.
    full_string = TencentV1Signer("HmacSHA1").string_to_sign("POST", "vpc.api.qcloud.com", "/v2/index.php", unsigned)
    assert "preSharedKey=@secret" in full_string
    assert ours_sent["Signature"] == TencentSign.sign(TENCENT_KEY[1], full_string, "HmacSHA1")
    assert ours_sent["Signature"] != sdk_sent["Signature"]
    # The same request by GET signs "@" values on both sides.
    get = legacy_sdk_request("vpc.api.qcloud.com", "GET", "HmacSHA1", "gz", None, "ModifyVpnConnEx", params,
                             1700000000, 11886)
    ours_get = SignableRequest("GET", "https://vpc.api.qcloud.com/v2/index.php")
    TencentV1Signer("HmacSHA1").sign(ours_get, Credentials(*TENCENT_KEY), dict(
        params, Action="ModifyVpnConnEx", RequestClient=qcloud_base.Base.version, Region="gz"), 1700000000, 11886)
    assert form(ours_get.query) == form(get.data)


def test_known_answer_vectors_reproduced_by_the_sdks():
    """The pitfall values hard-coded in test_known_answers.py, recomputed by the SDKs."""
    client = tencent_client("vpc.tencentcloudapi.com:8443", "POST", "TC3-HMAC-SHA256", "ap-guangzhou", None, "zh-CN")
    sdk = TencentRequestInternal("vpc.tencentcloudapi.com:8443", "POST", "/")
    with pinned_tencent(1700000000):
        client._build_req_with_tc3_signature("DescribeVpnConnections", {"Limit": 20}, sdk)
    assert sdk.header["Authorization"].endswith("c7be66cccaa5b0a53d090fab468adf8a5b7c3252e9ffd209bd4a8ff234e19705")
    for ts, signature in [(1700006399, "11d068f7931042c2548080a13a185477a5bf9a0b642cbdd8f60911a65703fb44"),
                          (1700006400, "fe7bed000a8b2a3fe49e86afdca1757faaad0ab3e610f4d67f2768a1f8785e00"),
                          (1699977600, "f58f6b4011e775fb5114880f2b40a9a796e99913d1d5af36ef587d04befebb35")]:
        client = tencent_client("vpc.tencentcloudapi.com", "POST", "TC3-HMAC-SHA256", "ap-guangzhou", None, "zh-CN")
        sdk = TencentRequestInternal("vpc.tencentcloudapi.com", "POST", "/")
        with pinned_tencent(ts):
            client._build_req_with_tc3_signature("DescribeVpnConnections", {"Limit": 20}, sdk)
        assert sdk.header["Authorization"].endswith("Signature=" + signature)
    baidu = bce_v1_signer.sign(BceCredentials(*BAIDU_KEY), b"GET", b"/v1/vpn/vpnconn/vpn-119bd69b",
                               {b"Host": b"bcc.bj.baidubce.com:8080", b"x-bce-date": b"2023-11-14T22:13:20Z"}, {},
                               1700000000, 1800, [b"host", b"x-bce-date"])
    assert baidu.endswith(b"/c7bcf826d3ee05a9445869a3f2f7114b2ba5ad8bb7b7eb5df8abef307d9c0f25")
    huawei = SdkRequest(method="GET", schema="https", host="iam.cn-north-4.myhuaweicloud.com:8443",
                        resource_path="/v3/projects", query_params=[("name", "cn-north-4")],
                        header_params={"X-Sdk-Date": "20231114T221320Z"}, body="")
    BasicCredentials(*HUAWEI_KEY).sign_request(huawei)
    assert huawei.header_params["Authorization"].endswith(
        "d26f1bc657f490159fc0d0d1697380c4c88074e43663c3cddd3384e8c4c9e125")
    headers = {"host": "vpc.cn-hangzhou.aliyuncs.com:8443", "x-acs-action": "DescribeVpnConnection",
               "x-acs-version": "2016-04-28", "x-acs-date": "2023-11-14T22:13:20Z",
               "x-acs-signature-nonce": "3ee8c1b883d344afa94f4e0ad82fd6cf",
               "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}
    acs3 = openapi_util.Client.get_authorization(
        SimpleNamespace(method="POST", pathname="/", query={"RegionId": "cn-hangzhou"}, headers=headers), ACS3,
        headers["x-acs-content-sha256"], *ALIBABA_KEY)
    assert acs3.endswith("27989ace2769da554601f1ea03c1fd91ac6f9afdff5e6169296274a36a6ee055")
