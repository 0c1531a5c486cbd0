# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.api import TencentVpcClient, is_retryable


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
        self.sent.append((action, request, json.loads(request.body), idempotent))
        return parse(self.answers.pop(0))


def client(answers):
    http = FakeHttp(answers)
    return TencentVpcClient(http, Credentials("AKIDtest", "secret"), "ap-guangzhou", clock=lambda: 1700000000), http


def page(ids, total):
    return FakeResponse({"Response": {"TotalCount": total, "RequestId": "r",
                                      "VpnConnectionSet": [{"VpnConnectionId": i} for i in ids]}})


def test_requests_are_signed_tc3_with_region_and_action_headers():
    api, http = client([page([], 0)])
    api.describe_vpn_connections(ids=["vpnx-1"])
    request, body = http.sent[0][1:3]
    assert request.url == "https://vpc.ap-guangzhou.tencentcloudapi.com/"
    assert request.headers["X-TC-Action"] == "DescribeVpnConnections"
    assert request.headers["X-TC-Version"] == "2017-03-12"
    assert request.headers["X-TC-Region"] == "ap-guangzhou"
    assert request.headers["Authorization"].startswith(
        "TC3-HMAC-SHA256 Credential=AKIDtest/2023-11-14/vpc/tc3_request, SignedHeaders=content-type;host, ")
    assert body == {"VpnConnectionIds": ["vpnx-1"], "Offset": 0, "Limit": 100}


def test_endpoint_override_is_the_host_signed_and_sent():
    http = FakeHttp([page([], 0)])
    api = TencentVpcClient(http, Credentials("a", "b"), "ap-guangzhou", endpoint="http://127.0.0.1:8080")
    api.describe_vpn_connections()
    request = http.sent[0][1]
    assert request.full_url() == "http://127.0.0.1:8080/" and request.headers["Host"] == "127.0.0.1:8080"


def test_every_page_is_gathered():
    api, http = client([page(["a%d" % i for i in range(100)], 150), page(["b%d" % i for i in range(50)], 150)])
    found = api.describe_vpn_connections(filters={"vpn-gateway-id": ["vpngw-1"]})
    assert len(found) == 150
    assert [sent[2]["Offset"] for sent in http.sent] == [0, 100]
    assert http.sent[0][2]["Filters"] == [{"Name": "vpn-gateway-id", "Values": ["vpngw-1"]}]


def test_unknown_id_as_error_reads_as_empty():
    answer = FakeResponse({"Response": {"Error": {"Code": "ResourceNotFound", "Message": "x"}, "RequestId": "r"}})
    api = client([answer])[0]
    assert api.describe_vpn_connections(ids=["vpnx-gone"]) == []


def test_api_error_carries_code_message_and_request_id():
    answer = FakeResponse({"Response": {"Error": {"Code": "InvalidParameterValue.Malformed", "Message": "bad cidr"},
                                        "RequestId": "req-9"}})
    api = client([answer])[0]
    with pytest.raises(ProviderError) as caught:
        api.modify_vpn_connection_attribute({"VpnConnectionId": "vpnx-1"})
    assert (caught.value.code, caught.value.message, caught.value.request_id) == \
        ("InvalidParameterValue.Malformed", "bad cidr", "req-9")


def test_non_200_is_a_transport_error():
    api = client([FakeResponse("<html>bad gateway</html>", status=502)])[0]
    with pytest.raises(ProviderError) as caught:
        api.delete_vpn_connection("vpngw-1", "vpnx-1")
    assert caught.value.http_status == 502 and caught.value.answer_lost
    assert caught.value.code == "HTTP 502" and caught.value.message == "<html>bad gateway</html>"


@pytest.mark.parametrize("body", ["<html>proxy login</html>", json.dumps({"NotResponse": {}})])
def test_a_200_that_is_not_an_api_response_is_an_invalid_response(body):
    api = client([FakeResponse(body)])[0]
    with pytest.raises(ProviderError) as caught:
        api.delete_vpn_connection("vpngw-1", "vpnx-1")
    assert caught.value.code == "InvalidResponse" and caught.value.http_status == 200
    assert caught.value.message == "the answer is not a Tencent Cloud API response: " + body


def test_create_is_not_idempotent():
    api, http = client([FakeResponse({"Response": {"VpnConnection": {"VpnConnectionId": "vpnx-new"},
                                                   "RequestId": "r"}})])
    assert api.create_vpn_connection({"VpnConnectionName": "n"})["VpnConnectionId"] == "vpnx-new"
    assert http.sent[0][3] is False


def test_every_write_is_sent_not_idempotent_and_reads_are():
    ok = FakeResponse({"Response": {"RequestId": "r"}})
    api, http = client([ok, ok, page([], 0)])
    api.modify_vpn_connection_attribute({"VpnConnectionId": "vpnx-1", "VpnConnectionName": "n"})
    api.delete_vpn_connection("vpngw-1", "vpnx-1")
    api.describe_vpn_connections(ids=["vpnx-1"])
    assert [(sent[0], sent[3]) for sent in http.sent] == [
        ("ModifyVpnConnectionAttribute", False), ("DeleteVpnConnection", False), ("DescribeVpnConnections", True)]


@pytest.mark.parametrize("code, retry", [
    ("RequestLimitExceeded", True), ("UnsupportedOperation.InvalidState", True), ("InternalError", True),
    ("AuthFailure.SignatureFailure", False), ("InvalidParameterValue", False), ("ResourceNotFound", False),
])
def test_retryable_codes(code, retry):
    assert is_retryable(ProviderError(code, "m")) is retry


def test_endpoint_is_used_as_parsed_scheme_host_and_port_only():
    http = FakeHttp([page([], 0)])
    api = TencentVpcClient(http, Credentials("AKIDtest", "secret"), "ap-guangzhou",
                           endpoint="HTTP://LocalHost:8080/", clock=lambda: 1700000000)
    api.describe_vpn_connections()
    request = http.sent[0][1]
    assert request.url == "http://localhost:8080/" and request.host == "localhost:8080"


@pytest.mark.parametrize("endpoint", ["vpc.tencentcloudapi.com", "https://evil@vpc.tencentcloudapi.com",
                                      "https://vpc.tencentcloudapi.com/v2?x=1"])
def test_a_bad_endpoint_never_becomes_a_request(endpoint):
    http = FakeHttp([])
    with pytest.raises(ValidationError) as caught:
        TencentVpcClient(http, Credentials("AKIDtest", "secret"), "ap-guangzhou", endpoint=endpoint)
    assert caught.value.option == "endpoint" and http.sent == []


def test_a_hostile_region_cannot_change_the_default_host():
    # The module refuses such a region first; the client refuses it too, naming the region.
    with pytest.raises(ValidationError) as caught:
        TencentVpcClient(FakeHttp([]), Credentials("AKIDtest", "secret"), "x@evil.example:443/")
    assert caught.value.option == "region"


# -- the Tag API ---------------------------------------------------------------

OK = FakeResponse({"Response": {"RequestId": "r"}})


@pytest.mark.parametrize("endpoint, tag_endpoint, expected", [
    (None, None, "https://tag.tencentcloudapi.com/"),
    ("http://127.0.0.1:8080", None, "http://127.0.0.1:8080/"),   # a private endpoint serves both APIs
    ("http://127.0.0.1:8080", "https://tag.intl.tencentcloudapi.com", "https://tag.intl.tencentcloudapi.com/"),
    (None, "http://tag.internal:9000/", "http://tag.internal:9000/"),
])
def test_tag_calls_are_signed_for_service_tag_and_sent_to_the_tag_endpoint(endpoint, tag_endpoint, expected):
    http = FakeHttp([OK])
    api = TencentVpcClient(http, Credentials("AKIDtest", "secret"), "ap-guangzhou", endpoint=endpoint,
                           tag_endpoint=tag_endpoint, clock=lambda: 1700000000)
    api.modify_resource_tags("qcs::vpc:ap-guangzhou:uin/:vpnx/vpnx-1", {"b": "2", "a": "1"}, ["c"])
    action, request, body, idempotent = http.sent[0]
    assert action == "ModifyResourceTags" and idempotent is False
    assert request.url == expected
    assert request.headers["X-TC-Version"] == "2018-08-13"
    assert "/tag/tc3_request" in request.headers["Authorization"]
    assert body == {"Resource": "qcs::vpc:ap-guangzhou:uin/:vpnx/vpnx-1",
                    "ReplaceTags": [{"TagKey": "a", "TagValue": "1"}, {"TagKey": "b", "TagValue": "2"}],
                    "DeleteTags": [{"TagKey": "c"}]}


def test_only_non_empty_tag_lists_are_sent():
    api, http = client([OK])
    api.modify_resource_tags("qcs::vpc:ap-guangzhou:uin/:vpnx/vpnx-1", {}, ["gone"])
    assert http.sent[0][2] == {"Resource": "qcs::vpc:ap-guangzhou:uin/:vpnx/vpnx-1", "DeleteTags": [{"TagKey": "gone"}]}


def test_an_invalid_tag_endpoint_is_refused_naming_the_option():
    with pytest.raises(ValidationError) as raised:
        TencentVpcClient(FakeHttp([]), Credentials("AKIDtest", "secret"), "ap-guangzhou",
                         tag_endpoint="ftp://tag.example")
    assert "tag_endpoint" in str(raised.value)
