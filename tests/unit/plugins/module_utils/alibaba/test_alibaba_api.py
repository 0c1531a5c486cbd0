# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.api import (
    AlibabaVpcClient,
    call_token,
    default_endpoint,
    flatten,
    is_retryable,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.alibaba import AlibabaRpcSigner
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials


class FakeResponse:
    def __init__(self, payload, status=200):
        self.status_code = status
        self.text = payload if isinstance(payload, str) else json.dumps(payload)

    def json(self):
        return json.loads(self.text)


class FakeHttp:
    """Signs each request through the real client code and answers from a script."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.sent = []

    def call(self, action, prepare, parse, retryable, idempotent=True):
        request = prepare()
        self.sent.append((action, request, dict(parse_qsl(request.body.decode(), keep_blank_values=True)),
                          idempotent))
        return parse(self.answers.pop(0))


def client(answers, endpoint=None):
    http = FakeHttp(answers)
    api = AlibabaVpcClient(http, Credentials("testid", "testsecret"), "cn-beijing", endpoint=endpoint,
                           clock=lambda: 1700000000, nonce=lambda: "nonce-1")
    return api, http


def page(ids, total, number=1):
    return FakeResponse({"RequestId": "r", "TotalCount": total, "PageNumber": number, "PageSize": 50,
                         "VpnConnections": {"VpnConnection": [{"VpnConnectionId": i} for i in ids]}})


def test_flatten_uses_one_based_lists_dotted_objects_and_lower_case_booleans():
    tunnel = {"Role": "master", "EnableDpd": True, "TunnelIkeConfig": {"IkeLifetime": 3600}}
    assert flatten({"TunnelOptionsSpecification": [tunnel],
                    "Tags": [{"Key": "a", "Value": "b"}], "ResourceId": ["vco-1"], "Skip": None,
                    "EffectImmediately": False}) == {
        "TunnelOptionsSpecification.1.Role": "master",
        "TunnelOptionsSpecification.1.EnableDpd": "true",
        "TunnelOptionsSpecification.1.TunnelIkeConfig.IkeLifetime": "3600",
        "Tags.1.Key": "a", "Tags.1.Value": "b", "ResourceId.1": "vco-1", "EffectImmediately": "false"}


@pytest.mark.parametrize("region, url", [
    ("cn-beijing", "https://vpc.cn-beijing.aliyuncs.com"),
    ("ap-southeast-1", "https://vpc.ap-southeast-1.aliyuncs.com"),
    ("cn-hangzhou", "https://vpc.aliyuncs.com"),
    ("cn-shanghai-finance-1", "https://vpc.aliyuncs.com"),
])
def test_endpoint_from_region(region, url):
    assert default_endpoint(region) == url


def test_requests_are_rpc_v1_signed_form_posts():
    api, http = client([FakeResponse({"RequestId": "r", "VpnConnectionId": "vco-1", "State": "active"})])
    assert api.describe_vpn_connection("vco-1") == {"VpnConnectionId": "vco-1", "State": "active"}
    action, request, form, _idempotent = http.sent[0]
    assert action == "DescribeVpnConnection"
    assert request.method == "POST" and request.url == "https://vpc.cn-beijing.aliyuncs.com/"
    assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert {key: form[key] for key in ("Action", "Version", "Format", "RegionId", "VpnConnectionId",
                                       "SignatureMethod", "SignatureNonce", "Timestamp")} == {
        "Action": "DescribeVpnConnection", "Version": "2016-04-28", "Format": "JSON", "RegionId": "cn-beijing",
        "VpnConnectionId": "vco-1", "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "nonce-1",
        "Timestamp": "2023-11-14T22:13:20Z"}
    signer = AlibabaRpcSigner()
    unsigned = {key: value for key, value in form.items() if key != "Signature"}
    assert form["Signature"] == signer.signature("testsecret", signer.string_to_sign("POST", unsigned))


def test_endpoint_override_is_the_url_sent():
    api, http = client([FakeResponse({"RequestId": "r"})], endpoint="http://127.0.0.1:8080")
    api.untag_resources("vco-1", ["a"])
    assert http.sent[0][1].url == "http://127.0.0.1:8080/"
    assert http.sent[0][2]["ResourceType"] == "VPNCONNECTION" and http.sent[0][2]["TagKey.1"] == "a"


def test_describe_gathers_every_page_at_the_largest_page_size():
    api, http = client([page(["vco-%d" % n for n in range(50)], 51), page(["vco-50"], 51, 2)])
    found = api.describe_vpn_connections(vpn_gateway_id="vpn-1")
    assert len(found) == 51
    assert [(sent[2]["PageNumber"], sent[2]["PageSize"]) for sent in http.sent] == [("1", "50"), ("2", "50")]
    assert all(sent[2]["VpnGatewayId"] == "vpn-1" for sent in http.sent)


def test_not_found_reads_as_none_and_delete_of_a_gone_connection_is_done():
    gone = FakeResponse({"RequestId": "r", "Code": "InvalidVpnConnectionInstanceId.NotFound", "Message": "x"}, 404)
    api, _http = client([gone, gone])
    assert api.describe_vpn_connection("vco-1") is None
    assert api.delete_vpn_connection("vco-1", "token-1") is False


def test_error_answer_keeps_the_whole_message_code_and_request_id():
    message = "Specified signature is not matched with our calculation. server string to sign is:" + "A" * 5000
    api, _http = client([FakeResponse({"RequestId": "req-9", "HostId": "vpc.aliyuncs.com",
                                       "Code": "SignatureDoesNotMatch", "Message": message}, 400)])
    with pytest.raises(ProviderError) as caught:
        api.describe_vpn_connection("vco-1")
    assert caught.value.code == "SignatureDoesNotMatch"
    assert caught.value.message == message
    assert caught.value.request_id == "req-9" and caught.value.http_status == 400


def test_html_error_page_becomes_an_http_error():
    api, _http = client([FakeResponse("<html>502 Bad Gateway</html>", 502)])
    with pytest.raises(ProviderError) as caught:
        api.describe_vpn_connection("vco-1")
    assert caught.value.code == "HTTP 502" and "502 Bad Gateway" in caught.value.message


def test_a_success_status_without_a_json_object_is_an_invalid_response():
    api, _http = client([FakeResponse("<html>portal login</html>", 200)])
    with pytest.raises(ProviderError) as caught:
        api.describe_vpn_connection("vco-1")
    assert caught.value.code == "InvalidResponse" and caught.value.http_status == 200
    assert caught.value.message == "the answer is not an Alibaba Cloud API response: <html>portal login</html>"


@pytest.mark.parametrize("code, message, retry", [
    ("Throttling.User", "", True),
    ("Throttling", "", True),
    ("Rejected.Throttling", "", True),
    ("VpnGateway.Configuring", "", True),
    ("VpnTask.CONFLICT", "", True),
    ("VpnGateway.task.conflict", "", True),
    ("IncorrectStatus", "The current status of the resource does not support this operation, please retry again.",
     True),
    ("InvalidParameter", "", False),
    ("SignatureDoesNotMatch", "", False),
])
def test_retryable_codes(code, message, retry):
    assert is_retryable(ProviderError(code, message)) is retry


def test_writes_carry_their_client_token_and_are_never_resent_by_the_http_layer():
    # idempotent=False: after a lost answer the engine reads before any resend (contract v2).
    api, http = client([FakeResponse({"RequestId": "r", "VpnConnectionId": "vco-1"})]
                       + [FakeResponse({"RequestId": "r"})] * 5)
    api.create_vpn_connection({"Name": "x"}, "tok")
    api.modify_vpn_connection_attribute("vco-1", {"Name": "y"}, call_token("tok", 1))
    api.modify_tunnel_attribute("vco-1", "tun-1", {"EnableDpd": False}, call_token("tok", 3))
    api.delete_vpn_connection("vco-1", "tok-del")
    api.untag_resources("vco-1", ["a"])
    api.tag_resources("vco-1", {"b": "1"})
    assert [(sent[2].get("ClientToken"), sent[3]) for sent in http.sent] == [
        ("tok", False), ("tok-1", False), ("tok-3", False), ("tok-del", False), (None, False), (None, False)]
    assert http.sent[2][2]["TunnelOptionsSpecification.EnableDpd"] == "false"
    assert http.sent[2][2]["TunnelId"] == "tun-1"


def test_call_tokens_are_deterministic_and_within_the_limit():
    token = "f" * 64
    assert call_token(token, 2) == call_token(token, 2)
    assert len(call_token(token, 2)) == 64
    assert call_token(token, 2) != call_token(token, 3)
    assert call_token("abc", 1) == "abc-1"
