# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""TencentLegacyClient (API 2.0) through the real HttpClient, with a fake HTTP session."""

from __future__ import annotations

import itertools
import json
import random
from urllib.parse import parse_qsl

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.tencent import TencentV1Signer
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.legacy_api import (
    LegacyApiError,
    TencentLegacyClient,
    flatten,
    is_not_found,
    is_retryable,
    is_throttled,
    random_nonce,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.transport import HttpClient, RetryPolicy

CREDENTIALS = Credentials("AKIDEXAMPLEexampleEXAMPLEexample1234", "ExampleSecretKeyExampleSecretKey")


class FakeResponse:
    def __init__(self, payload, status=200):
        self.status_code = status
        self.text = payload if isinstance(payload, str) else json.dumps(payload)
        self.headers = {}

    def json(self):
        return json.loads(self.text)


class FakeSession:
    """Answers from a script; records each request's method, URL, headers and decoded form."""

    def __init__(self, script):
        self.script = list(script)
        self.sent = []
        self.headers = {}

    def request(self, method, url, headers=None, data=None, **kwargs):
        self.sent.append({"method": method, "url": url, "headers": dict(headers or {}),
                          "form": dict(parse_qsl(data.decode("utf-8"), keep_blank_values=True)) if data else {}})
        return self.script.pop(0)


def ok(**fields):
    return FakeResponse(dict({"code": 0, "message": "", "codeDesc": "Success"}, **fields))


def error(number, name, message="refused"):
    return FakeResponse({"code": number, "message": message, "codeDesc": name})


def make_client(script, endpoint=None, nonce=None, **policy):
    sleeps = []
    http = HttpClient("Tencent Cloud", retry_policy=RetryPolicy(rng=random.Random(1), **policy),
                      sleep=sleeps.append, clock=lambda: sum(sleeps))
    http.session = FakeSession(script)
    counter = itertools.count(11886)
    client = TencentLegacyClient(http, CREDENTIALS, "gz", endpoint=endpoint, clock=lambda: 1700000000,
                                 nonce=nonce or (lambda: next(counter)))
    return client, http.session, sleeps


def forms(session):
    return [sent["form"] for sent in session.sent]


# -- the request -------------------------------------------------------------------------------
def test_a_request_is_a_signed_form_post_to_v2_index_php():
    client, session = make_client([ok(totalCount=0, data=[])])[:2]
    client.describe_vpn_conn({"vpcId": "vpc-03vihbk9", "vpnGwId": "vpngw-kfldykuz"})
    sent = session.sent[0]
    assert sent["method"] == "POST" and sent["url"] == "https://vpc.api.qcloud.com/v2/index.php"
    assert sent["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    form = dict(sent["form"])
    signature = form.pop("Signature")
    # Vector L2 (POST, HmacSHA256): the same parameters give the published signature.
    assert form == {"Action": "DescribeVpnConn", "Region": "gz", "vpcId": "vpc-03vihbk9",
                    "vpnGwId": "vpngw-kfldykuz", "offset": "0", "limit": "50", "Nonce": "11886",
                    "Timestamp": "1700000000", "SecretId": CREDENTIALS.key_id, "SignatureMethod": "HmacSHA256"}
    assert signature == "+9BHGPoPjGRAZqB+DeuL8ZnWnD2O+HOQlnSYar2jz1M="
    assert "Version" not in form


def test_the_signature_verifies_by_recomputation_with_lists_and_a_token():
    client, session = make_client([ok(data={"taskId": 5})])[:2]
    client.credentials = Credentials(CREDENTIALS.key_id, CREDENTIALS.secret, "sts-token")
    client.modify_vpn_conn_ex({"vpcId": "vpc-1", "vpnGwId": "vpngw-1", "vpnConnId": "vpnx-1",
                               "spdAcl": '{"10.0.0.0/16":["192.168.0.0/24"]}',
                               "IKESet": [{"propoEncryAlgorithm": "aes-cbc-128", "ikeSaLifetimeSeconds": 86400}]})
    form = dict(session.sent[0]["form"])
    signature = form.pop("Signature")
    assert form["IKESet.0.propoEncryAlgorithm"] == "aes-cbc-128" and form["IKESet.0.ikeSaLifetimeSeconds"] == "86400"
    assert form["spdAcl"] == '{"10.0.0.0/16":["192.168.0.0/24"]}' and form["Token"] == "sts-token"
    signer = TencentV1Signer("HmacSHA256")
    expected = signer.signature(CREDENTIALS.secret,
                                signer.string_to_sign("POST", "vpc.api.qcloud.com", "/v2/index.php", form))
    assert signature == expected


def test_endpoint_gives_scheme_host_and_port_and_the_path_is_fixed():
    client, session = make_client([ok(totalCount=0, data=[])], endpoint="HTTP://127.0.0.1:8080/")[:2]
    client.describe_vpn_conn()
    assert session.sent[0]["url"] == "http://127.0.0.1:8080/v2/index.php"


def test_a_bad_endpoint_never_becomes_a_request():
    with pytest.raises(ValidationError) as caught:
        make_client([], endpoint="https://vpc.api.qcloud.com/v2/index.php")
    assert caught.value.option == "endpoint"


def test_flatten_lists_and_objects_with_zero_based_indexes():
    assert flatten({"userGwCidrBlock": ["10.0.0.0/24", "10.0.1.0/24"], "IPsecSet": [{"pfsDhGroup": "null"}],
                    "vpnConnName": "n", "preSharedKey": None}) == {
        "userGwCidrBlock.0": "10.0.0.0/24", "userGwCidrBlock.1": "10.0.1.0/24",
        "IPsecSet.0.pfsDhGroup": "null", "vpnConnName": "n"}


def test_the_default_nonce_is_a_positive_int():
    assert all(1 <= random_nonce() < 2 ** 31 for _attempt in range(100))


# -- paging ------------------------------------------------------------------------------------
def rows(prefix, count):
    return [{"unVpnConnId": "%s%d" % (prefix, i)} for i in range(count)]


def test_describe_pages_by_50_until_total_count():
    client, session = make_client([ok(totalCount=120, data=rows("a", 50)), ok(totalCount=120, data=rows("b", 50)),
                                   ok(totalCount=120, data=rows("c", 20))])[:2]
    found = client.describe_vpn_conn({"vpnGwId": "vpngw-1"})
    assert len(found) == 120
    assert [(form["offset"], form["limit"], form["vpnGwId"]) for form in forms(session)] == [
        ("0", "50", "vpngw-1"), ("50", "50", "vpngw-1"), ("100", "50", "vpngw-1")]


def test_an_empty_page_ends_the_listing():
    client, session = make_client([ok(totalCount=80, data=rows("a", 50)), ok(totalCount=80, data=[])])[:2]
    assert len(client.describe_vpn_conn()) == 50 and len(session.sent) == 2


def test_one_page_when_all_fit():
    client, session = make_client([ok(totalCount=1, data=rows("a", 1))])[:2]
    assert client.describe_vpn_conn({"vpnConnId": "vpnx-1"}) == [{"unVpnConnId": "a0"}]
    assert len(session.sent) == 1


# -- errors ------------------------------------------------------------------------------------
def test_an_error_answer_carries_the_name_and_the_number():
    client = make_client([error(4000, "InvalidVpnGw.NotFound", "the gateway does not exist")])[0]
    with pytest.raises(ProviderError) as caught:
        client.delete_vpn_conn("vpc-1", "vpngw-9", "vpnx-1")
    assert caught.value.code == "InvalidVpnGw.NotFound" and caught.value.number == 4000
    assert caught.value.message == "the gateway does not exist (API 2.0 code 4000)"
    assert caught.value.action == "DeleteVpnConn" and caught.value.http_status == 200
    assert is_not_found(caught.value)


@pytest.mark.parametrize("name", [None, "", "4100", "Success"])
def test_without_a_meaningful_name_the_code_is_the_number(name):
    client = make_client([error(4100, name, "signature mismatch")])[0]
    with pytest.raises(ProviderError) as caught:
        client.describe_vpn_conn()
    assert caught.value.code == "4100" and "API 2.0 code 4100" in caught.value.message


def test_auth_failure_is_not_retried():
    client, session = make_client([error(4100, "AuthFailure")])[:2]
    with pytest.raises(ProviderError):
        client.describe_vpn_conn()
    assert len(session.sent) == 1


def test_a_non_200_answer_is_a_transport_error():
    client = make_client([FakeResponse("<html>bad gateway</html>", status=502)], max_attempts=1)[0]
    with pytest.raises(ProviderError) as caught:
        client.add_vpn_conn_ex({"vpnConnName": "n"})
    assert caught.value.code == "HTTP 502" and caught.value.answer_lost


def test_an_answer_without_code_is_invalid():
    client = make_client([FakeResponse({"Response": {"RequestId": "r"}})])[0]
    with pytest.raises(ProviderError) as caught:
        client.describe_vpn_conn()
    assert caught.value.code == "InvalidResponse"


@pytest.mark.parametrize("number, name, retry", [
    (4400, "RequestLimitExceeded", True), (4500, "Replay", True), (5100, "InvalidVpnConnState", True),
    (6000, "InternalError", True), (6200, "ServiceUnavailable", True), (4000, "InvalidVpnConnState", True),
    (4000, "InvalidParameter", False), (4100, "AuthFailure", False), (4200, "RequestExpired", False),
    (4000, "InvalidVpnGw.NotFound", False),
])
def test_retryable_codes(number, name, retry):
    assert is_retryable(LegacyApiError(number, name, "m")) is retry
    assert is_throttled(LegacyApiError(number, name, "m")) is (number == 4400 or name == "RequestLimitExceeded")


def test_busy_and_replay_are_retried_each_with_a_fresh_nonce_and_signature():
    client, session, sleeps = make_client([error(5100, "InvalidVpnConnState"), error(4500, "Replay"),
                                           ok(data={"taskId": 7})], nonce=random_nonce)
    assert client.modify_vpn_conn_ex({"vpcId": "vpc-1", "vpnGwId": "vpngw-1", "vpnConnId": "vpnx-1"}) == {
        "taskId": 7}
    nonces = [form["Nonce"] for form in forms(session)]
    signatures = [form["Signature"] for form in forms(session)]
    assert len(set(nonces)) == 3 and len(set(signatures)) == 3 and len(sleeps) == 2


def test_throttling_is_retried_beyond_max_attempts_within_the_time_budget():
    script = [error(4400, "RequestLimitExceeded")] * 4 + [ok(totalCount=0, data=[])]
    client, session = make_client(script, max_attempts=2)[:2]
    assert client.describe_vpn_conn() == []
    assert len(session.sent) == 5


def test_busy_is_retried_at_most_max_attempts():
    client, session = make_client([error(6000, "InternalError")] * 5, max_attempts=3)[:2]
    with pytest.raises(ProviderError) as caught:
        client.describe_vpn_conn()
    assert len(session.sent) == 3 and caught.value.attempts == 3


def test_a_write_whose_answer_was_lost_is_not_resent_by_the_client():
    client, session = make_client([FakeResponse("gateway time-out", status=504)])[:2]
    with pytest.raises(ProviderError) as caught:
        client.add_vpn_conn_ex({"vpnConnName": "n"})
    assert caught.value.answer_lost and len(session.sent) == 1


# -- the actions -------------------------------------------------------------------------------
def test_add_returns_the_data_with_the_task_and_no_id():
    data = {"vpnGwId": "vpngw-1", "userGwId": "cgw-1", "vpnConnId": 0, "taskId": 12613, "vpnConnStatus": 0}
    client, session = make_client([ok(data=data)])[:2]
    assert client.add_vpn_conn_ex({"vpcId": "vpc-1", "vpnConnName": "n"}) == data
    assert session.sent[0]["form"]["Action"] == "AddVpnConnEx"


def test_delete_sends_the_three_ids():
    client, session = make_client([ok(data={"taskId": 3, "state": 4})])[:2]
    assert client.delete_vpn_conn("vpc-1", "vpngw-1", "vpnx-1")["taskId"] == 3
    form = session.sent[0]["form"]
    assert (form["Action"], form["vpcId"], form["vpnGwId"], form["vpnConnId"]) == (
        "DeleteVpnConn", "vpc-1", "vpngw-1", "vpnx-1")


@pytest.mark.parametrize("status, expected", [(0, "done"), (1, "failed"), (2, "running"), ("2", "running")])
def test_task_status(status, expected):
    client, session = make_client([ok(data={"status": status})])[:2]
    assert client.describe_vpc_task_result(12613) == expected
    assert session.sent[0]["form"]["taskId"] == "12613"


@pytest.mark.parametrize("data", [{}, {"status": 9}, None])
def test_an_unknown_task_status_is_an_error(data):
    client = make_client([ok(data=data)])[0]
    with pytest.raises(ProviderError) as caught:
        client.describe_vpc_task_result(1)
    assert caught.value.code == "InvalidResponse"


def test_an_unknown_task_is_an_error_not_done():
    client = make_client([error(4000, "InvalidTaskId.NotFound")])[0]
    with pytest.raises(ProviderError) as caught:
        client.describe_vpc_task_result(1)
    assert caught.value.code == "InvalidTaskId.NotFound"
