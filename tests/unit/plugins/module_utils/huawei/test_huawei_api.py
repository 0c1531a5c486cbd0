# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.api import (
    PAGE_SIZE,
    HuaweiVpnClient,
    ProjectLookupError,
    default_iam_endpoint,
    error_from_response,
    is_retryable,
    parse_response,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.huawei import HuaweiSigner

PROJECT = "0123456789abcdef0123456789abcdef"


class FakeResponse:
    def __init__(self, payload=None, status=200, headers=None, text=None):
        self.status_code = status
        self.text = text if text is not None else ("" if payload is None else json.dumps(payload))
        self.content = self.text.encode()
        self.headers = headers or {}

    def json(self):
        return json.loads(self.text)


class FakeHttp:
    """Signs each request through the real client code and answers from a script."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.sent = []

    def call(self, action, prepare, parse, retryable, idempotent=True):
        request = prepare()
        self.sent.append((action, request, idempotent))
        return parse(self.answers.pop(0))


def client(answers, project_id=PROJECT, **options):
    http = FakeHttp(answers)
    api = HuaweiVpnClient(http, Credentials("HPUAEXAMPLEAKEXAMPLE", "ExampleSecretKeyExampleSecretKeyExample1"),
                          "cn-north-4", project_id=project_id, clock=lambda: 1700000000, **options)
    return api, http


def test_update_is_signed_as_the_sdk_signs_it():
    """The request of signing vector H1 (seed 004) signs to the SDK's signature."""
    api, http = client([FakeResponse({"vpn_connection": {"id": "x"}})])
    api.call("UpdateVpnConnection", "PUT", api.endpoint,
             "/v5/%s/vpn-connection/98c5af8a-demo-a8df-va86-ae2280a6f4c3" % PROJECT,
             body={"vpn_connection": {"name": "vpn-1655"}}, idempotent=False)
    request = http.sent[0][1]
    assert request.full_url() == ("https://vpn.cn-north-4.myhuaweicloud.com/v5/%s/vpn-connection/"
                                  "98c5af8a-demo-a8df-va86-ae2280a6f4c3" % PROJECT)
    assert request.headers["X-Project-Id"] == PROJECT and request.headers["X-Sdk-Date"] == "20231114T221320Z"
    assert request.headers["Authorization"].startswith(
        "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAKEXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date, ")
    assert json.loads(request.body) == {"vpn_connection": {"name": "vpn-1655"}}
    signer = HuaweiSigner()
    names = ["content-type", "host", "x-project-id", "x-sdk-date"]
    expected = signer.signature("ExampleSecretKeyExampleSecretKeyExample1", signer.string_to_sign(
        signer.canonical_request(request, names), "20231114T221320Z"))
    assert request.headers["Authorization"].endswith("Signature=" + expected)


def test_project_lookup_is_signed_without_project_header_and_done_once():
    projects = FakeResponse({"projects": [{"id": PROJECT, "name": "cn-north-4"}]})
    empty = FakeResponse({"vpn_connections": [], "page_info": {"current_count": 0}})
    api, http = client([projects, empty, empty], project_id=None)
    api.list_connections()
    api.list_connections()
    lookup = http.sent[0][1]
    assert lookup.full_url() == "https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4"
    assert "X-Project-Id" not in lookup.headers and "Content-Type" not in lookup.headers
    # Vector H2 of the signing reference.
    assert lookup.headers["Authorization"] == (
        "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAKEXAMPLE, SignedHeaders=host;x-sdk-date, "
        "Signature=4973d5c57e1029fd62223f2193f5dd5548137a0233ce581be5ef06a123bb741b")
    assert [sent[0] for sent in http.sent] == ["KeystoneListProjects", "ListVpnConnections", "ListVpnConnections"]
    assert http.sent[1][1].path == "/v5/%s/vpn-connection" % PROJECT


@pytest.mark.parametrize("projects, fragment", [
    ([], "no project named cn-north-4"),
    ([{"id": "b"}, {"id": "a"}], "2 projects named cn-north-4 (a, b)"),
])
def test_zero_or_several_projects_fail_naming_project_id(projects, fragment):
    api, http = client([FakeResponse({"projects": projects})], project_id=None)
    with pytest.raises(ProjectLookupError) as caught:
        api.show_connection("x")
    assert fragment in str(caught.value) and "project_id" in str(caught.value)
    assert len(http.sent) == 1


def test_iam_endpoint_per_region_and_override():
    assert default_iam_endpoint("ap-southeast-1") == "https://iam.ap-southeast-1.myhuaweicloud.com"
    assert default_iam_endpoint("xx-new-1") == "https://iam.myhuaweicloud.com"
    api, http = client([FakeResponse({"projects": [{"id": PROJECT}]})], project_id=None,
                       iam_endpoint="http://127.0.0.1:9/", endpoint="http://127.0.0.1:8")
    assert api.project_id == PROJECT
    assert http.sent[0][1].full_url() == "http://127.0.0.1:9/v3/projects?name=cn-north-4"
    assert http.sent[0][1].headers["Host"] == "127.0.0.1:9"


def test_every_page_is_gathered_by_marker():
    first = FakeResponse({"vpn_connections": [{"id": str(n)} for n in range(PAGE_SIZE)],
                          "page_info": {"next_marker": "2025-06-26T13:41:34.626Z", "current_count": PAGE_SIZE}})
    last = FakeResponse({"vpn_connections": [{"id": "last"}], "page_info": {"current_count": 1}})
    api, http = client([first, last])
    found = api.list_connections(vpn_gateway_id="gw")
    assert len(found) == PAGE_SIZE + 1
    assert http.sent[0][1].query == "limit=200&vgw_id=gw"
    assert http.sent[1][1].query == "limit=200&marker=2025-06-26T13%3A41%3A34.626Z&vgw_id=gw"


def test_not_found_reads_as_none_and_delete_of_a_gone_connection_is_done():
    gone = {"error_code": "VPN.0004", "error_msg": "resource not found", "request_id": "r"}
    api, http = client([FakeResponse(gone, 404), FakeResponse(gone, 404)])
    assert api.show_connection("x") is None
    api.delete_connection("x")
    assert [sent[2] for sent in http.sent] == [True, False]  # reads idempotent, writes not


def test_writes_are_not_idempotent_and_tags_go_twenty_a_call():
    api, http = client([FakeResponse(status=204)] * 2)
    api.create_tags("c", {"k%02d" % n: "v" for n in range(21)})
    assert [len(json.loads(sent[1].body)["tags"]) for sent in http.sent] == [20, 1]
    assert http.sent[0][1].path == "/v5/%s/vpn-connection/c/tags/create" % PROJECT
    assert all(sent[2] is False for sent in http.sent)


@pytest.mark.parametrize("body, code, message", [
    ({"error_code": "VPN.0001", "error_msg": "invalid request: x", "request_id": "body-id"}, "VPN.0001",
     "invalid request: x"),
    ({"errorCode": "APIG.0308", "errorMsg": "throttled"}, "APIG.0308", "throttled"),
    ({"code": "VPN.0030", "message": "The system is busy"}, "VPN.0030", "The system is busy"),
    ({"error": {"code": 401, "message": "The request you have made requires authentication.",
                "title": "Unauthorized"}}, "401", "The request you have made requires authentication."),
])
def test_every_error_body_format(body, code, message):
    error = error_from_response(FakeResponse(body, 400, headers={"X-Request-Id": "header-id"}))
    assert (error.code, error.message, error.request_id, error.http_status) == (code, message, "header-id", 400)


def test_request_id_from_the_body_when_the_header_is_missing():
    error = error_from_response(FakeResponse({"error_code": "VPN.0001", "error_msg": "x", "request_id": "b"}, 400))
    assert error.request_id == "b"


def test_a_non_json_error_keeps_the_whole_body():
    page = "<html>" + "x" * 1000 + "</html>"
    error = error_from_response(FakeResponse(status=502, text=page))
    assert error.code == "HTTP 502" and error.message == page and error.answer_lost


def test_204_parses_as_empty_and_non_json_success_fails():
    assert parse_response(FakeResponse(status=204)) == {}
    with pytest.raises(ProviderError) as caught:
        parse_response(FakeResponse(status=200, text="not json"))
    assert caught.value.code == "InvalidResponse"


@pytest.mark.parametrize("code, retry", [("APIG.0308", True), ("VPN.0030", True), ("VPN.0031", True),
                                         ("VPN.0002", True), ("VPN.0001", False), ("APIG.0301", False)])
def test_retryable_codes(code, retry):
    assert is_retryable(ProviderError(code, "m")) is retry
