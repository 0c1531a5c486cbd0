# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import random

import pytest
import requests

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.transport import HttpClient, RetryPolicy, retry_policy_from_env
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import SignableRequest


class FakeResponse:
    def __init__(self, status, code=None):
        self.status_code = status
        self.code = code


class FakeSession:
    """Plays back answers (FakeResponse) or raises exceptions, recording each request."""

    def __init__(self, script):
        self.script = list(script)
        self.requests = []
        self.headers = {}

    def request(self, method, url, **kwargs):
        self.requests.append((method, url, kwargs))
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


def parse(response):
    if response.status_code != 200:
        raise ProviderError("HTTP %d" % response.status_code, "bad", http_status=response.status_code)
    if response.code:
        raise ProviderError(response.code, "refused", http_status=200, request_id="req-1")
    return "ok"


def busy(error):
    return error.code in ("Throttled", "Busy")


def make_client(script, **policy):
    sleeps = []
    client = HttpClient("Test", retry_policy=RetryPolicy(rng=random.Random(1), **policy),
                        sleep=sleeps.append, clock=lambda: sum(sleeps))
    client.session = FakeSession(script)
    return client, sleeps


def prepare_counter():
    made = []

    def prepare():
        request = SignableRequest("POST", "https://api.example.test/", headers={"N": str(len(made))})
        made.append(request)
        return request
    return prepare, made


def test_success_first_time():
    client, sleeps = make_client([FakeResponse(200)])
    prepare, made = prepare_counter()
    assert client.call("Act", prepare, parse, busy) == "ok"
    assert sleeps == [] and len(made) == 1


def test_throttling_and_busy_are_retried_with_a_fresh_signature_each_time():
    client, sleeps = make_client([FakeResponse(200, "Throttled"), FakeResponse(200, "Busy"), FakeResponse(200)])
    prepare, made = prepare_counter()
    assert client.call("Act", prepare, parse, busy) == "ok"
    assert len(sleeps) == 2 and len(made) == 3
    assert [r[2]["headers"]["N"] for r in client.session.requests] == ["0", "1", "2"]


def test_backoff_is_exponential_with_full_jitter():
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0, rng=random.Random(7))
    for retry in range(1, 7):
        ceiling = min(8.0, 2 ** (retry - 1))
        delays = [policy.delay(retry) for _sample in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # jitter spans the range


def test_non_retryable_error_fails_at_once():
    client, sleeps = make_client([FakeResponse(200, "InvalidParameter")])
    with pytest.raises(ProviderError) as caught:
        client.call("Act", prepare_counter()[0], parse, busy)
    assert caught.value.code == "InvalidParameter" and caught.value.attempts == 1 and sleeps == []
    assert caught.value.action == "Act"


def test_gives_up_after_max_attempts_and_says_how_many():
    client, sleeps = make_client([FakeResponse(503)] * 4, max_attempts=4)
    with pytest.raises(ProviderError) as caught:
        client.call("Act", prepare_counter()[0], parse, busy)
    assert caught.value.attempts == 4 and len(sleeps) == 3
    assert "after 4 attempts" in str(caught.value)


def test_total_time_bound():
    client, sleeps = make_client([FakeResponse(200, "Busy")] * 10, max_attempts=10, base_delay=10,
                                 max_delay=10, max_total=15)
    with pytest.raises(ProviderError) as caught:
        client.call("Act", prepare_counter()[0], parse, busy)
    assert sum(sleeps) <= 15 and caught.value.attempts < 10


def test_connection_errors_are_retried():
    client = make_client([requests.exceptions.ConnectionError("reset"), FakeResponse(200)])[0]
    assert client.call("Act", prepare_counter()[0], parse, busy) == "ok"


def test_lost_answer_of_a_non_idempotent_write_is_not_resent():
    client, sleeps = make_client([requests.exceptions.ReadTimeout("slow"), FakeResponse(200)])
    with pytest.raises(ProviderError) as caught:
        client.call("Create", prepare_counter()[0], parse, busy, idempotent=False)
    assert caught.value.code == "Timeout" and caught.value.answer_lost and sleeps == []


def test_refusals_of_a_non_idempotent_write_are_retried():
    client = make_client([FakeResponse(200, "Throttled"),
                          requests.exceptions.ConnectTimeout("no route"), FakeResponse(200)])[0]
    assert client.call("Create", prepare_counter()[0], parse, busy, idempotent=False) == "ok"


def test_error_text_has_code_message_status_and_request_id():
    error = ProviderError("ResourceNotFound", "no such tunnel", http_status=200, request_id="abc",
                          action="DescribeVpnConnections")
    text = str(error)
    for part in ("DescribeVpnConnections", "ResourceNotFound", "no such tunnel", "HTTP 200", "abc"):
        assert part in text


def test_tls_and_timeouts_reach_requests_and_environment_settings_are_honoured():
    client = HttpClient("Test", timeout=45, validate_certs=False)
    assert client.session.trust_env  # HTTPS_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE
    client.session = FakeSession([FakeResponse(200)])
    client.call("Act", prepare_counter()[0], parse, busy)
    kwargs = client.session.requests[0][2]
    assert kwargs["verify"] is False and kwargs["timeout"] == (10, 45)
    assert kwargs["allow_redirects"] is False


def test_retry_policy_from_environment():
    policy = retry_policy_from_env({"CLOUDVPN_RETRY_MAX_ATTEMPTS": "3", "CLOUDVPN_RETRY_BASE_DELAY": "0.5"})
    assert (policy.max_attempts, policy.base_delay, policy.max_total) == (3, 0.5, 180.0)
    with pytest.raises(ValidationError):
        retry_policy_from_env({"CLOUDVPN_RETRY_MAX_TOTAL": "soon"})
