# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.api import BaiduVpnClient, is_retryable
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.baidu import BceV1Signer
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials

CREDENTIALS = Credentials("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")


class FakeResponse:
    def __init__(self, payload, status=200, headers=None):
        self.status_code = status
        self.text = payload if isinstance(payload, str) else json.dumps(payload)
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


def client(answers, endpoint=None):
    http = FakeHttp(answers)
    return BaiduVpnClient(http, CREDENTIALS, "bj", endpoint=endpoint, clock=lambda: 1700000000), http


def test_list_is_a_signed_get_of_the_gateway():
    api, http = client([FakeResponse({"vpnConns": [{"vpnConnId": "vpnconn-1"}]})])
    assert api.list_vpn_connections("vpn-119bd69b") == [{"vpnConnId": "vpnconn-1"}]
    action, request, idempotent = http.sent[0]
    assert (action, request.method, request.full_url(), idempotent) == (
        "ListVpnConn", "GET", "https://bcc.bj.baidubce.com/v1/vpn/vpnconn/vpn-119bd69b", True)
    assert request.body == b""
    # signing.md vector B2: the same request signs to the SDK's signature.
    assert request.headers["Authorization"] == (
        "bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2023-11-14T22:13:20Z/1800/host;x-bce-date/"
        "785665b4d95f209d500b328ce000b66d01846d9a5b159f53b1ccac956e13af4b")


def test_update_is_a_put_with_the_token_in_the_signed_query():
    api, http = client([FakeResponse("")])
    body = {"vpnId": "vpn-s1bpb19cmd8n", "secretKey": "ddd22@www", "vpnConnName": "vpncon"}
    assert api.update_vpn_connection("vpnconn-ku4cxya6nisq", body, "1849ef6b-f73c-4f5d-b88b-259ca47af849") == {}
    action, request, idempotent = http.sent[0]
    assert action == "UpdateVpnConn" and request.method == "PUT" and idempotent is False
    assert request.full_url() == ("https://bcc.bj.baidubce.com/v1/vpn/vpnconn/vpnconn-ku4cxya6nisq"
                                  "?clientToken=1849ef6b-f73c-4f5d-b88b-259ca47af849")
    assert request.headers["Content-Type"] == "application/json;charset=utf-8"
    assert json.loads(request.body) == body
    canonical = BceV1Signer().canonical_request(request, ["host", "x-bce-date"])
    assert canonical.split("\n")[2] == "clientToken=1849ef6b-f73c-4f5d-b88b-259ca47af849"


def test_create_and_delete_are_writes_under_their_paths():
    api, http = client([FakeResponse({"vpnConnId": "vpnconn-new"}), FakeResponse("")])
    assert api.create_vpn_connection("vpn-1", {"vpnConnName": "a"}, "tok")["vpnConnId"] == "vpnconn-new"
    api.delete_vpn_connection("vpnconn-new", "tok2")
    assert [(s[0], s[1].method, s[1].path, s[1].query, s[2]) for s in http.sent] == [
        ("CreateVpnConn", "POST", "/v1/vpn/vpn-1/vpnconn", "clientToken=tok", False),
        ("DeleteVpnConn", "DELETE", "/v1/vpn/vpnconn/vpnconn-new", "clientToken=tok2", False)]


def test_ids_cannot_add_path_segments():
    api, http = client([FakeResponse({"vpnConns": []})])
    api.list_vpn_connections("../vpn-1")
    assert http.sent[0][1].path == "/v1/vpn/vpnconn/..%2Fvpn-1"


def test_endpoint_override_is_the_host_signed_and_sent():
    api, http = client([FakeResponse({"vpnConns": []})], endpoint="http://127.0.0.1:8080/")
    api.list_vpn_connections("vpn-1")
    request = http.sent[0][1]
    assert request.full_url() == "http://127.0.0.1:8080/v1/vpn/vpnconn/vpn-1"
    assert request.headers["Host"] == "127.0.0.1:8080"


def test_security_token_is_sent_and_signed():
    http = FakeHttp([FakeResponse({"vpnConns": []})])
    BaiduVpnClient(http, Credentials("ak", "sk", "sts-token"), "gz", clock=lambda: 1700000000).list_vpn_connections("v")
    request = http.sent[0][1]
    assert request.headers["x-bce-security-token"] == "sts-token"
    assert "/host;x-bce-date;x-bce-security-token/" in request.headers["Authorization"]
    assert request.host == "bcc.gz.baidubce.com"


def test_error_body_gives_code_message_and_request_id():
    answer = FakeResponse({"requestId": "req-9", "code": "InappropriateJSON", "message": "bad cidr"}, status=400)
    api = client([answer])[0]
    with pytest.raises(ProviderError) as caught:
        api.delete_vpn_connection("vpnconn-1", "t")
    error = caught.value
    assert (error.code, error.message, error.request_id, error.http_status) == (
        "InappropriateJSON", "bad cidr", "req-9", 400)
    assert not error.answer_lost


def test_non_json_error_keeps_the_whole_text_and_the_header_request_id():
    text = "<html>" + "x" * 500 + "</html>"
    api = client([FakeResponse(text, status=502, headers={"x-bce-request-id": "hdr-1"})])[0]
    with pytest.raises(ProviderError) as caught:
        api.list_vpn_connections("vpn-1")
    assert caught.value.code == "HTTP 502" and caught.value.message == text  # never cut here
    assert caught.value.request_id == "hdr-1" and caught.value.answer_lost


def test_success_that_is_not_json_is_an_error():
    api = client([FakeResponse("<html>ok</html>")])[0]
    with pytest.raises(ProviderError) as caught:
        api.list_vpn_connections("vpn-1")
    assert caught.value.code == "InvalidResponse"


@pytest.mark.parametrize("code, retry", [
    ("RequestLimitExceeded", True), ("QpsLimitExceeded", True), ("ThrottlingException", True),
    ("InternalError", True), ("ServiceUnavailable", True), ("RequestExpired", True),
    ("SignatureDoesNotMatch", False), ("InappropriateJSON", False), ("NoSuchObject", False),
    ("AccessDenied", False),
])
def test_retryable_codes(code, retry):
    assert is_retryable(ProviderError(code, "m")) is retry
