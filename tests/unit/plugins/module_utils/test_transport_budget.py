# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The retry loop's time budget, deadlines, throttling and Retry-After, on a fake clock.

Every answer and every sleep advances the fake clock; a time-out advances it
by the attempt's full (connect + read) time-out, as a silent server would.
"""

from __future__ import annotations

import random
from email.utils import formatdate

import pytest
import requests

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import SignableRequest
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.transport import (
    MIN_ATTEMPT_SECONDS,
    HttpClient,
    RetryPolicy,
    is_throttling,
    retry_after_seconds,
    retry_policy_from_env,
)


class Clock:
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class Answer:
    def __init__(self, status=200, code=None, headers=None, takes=0.1):
        self.status_code = status
        self.code = code
        self.headers = headers or {}
        self.takes = takes


class TimedSession:
    """Plays back a script; ``"timeout"`` burns the attempt's whole time-out, then raises."""

    def __init__(self, clock, script):
        self.clock = clock
        self.script = list(script)
        self.timeouts = []
        self.headers = {}

    def request(self, method, url, timeout=None, **kwargs):
        self.timeouts.append(timeout)
        item = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if item == "timeout":
            self.clock.now += timeout[0] + timeout[1]
            raise requests.exceptions.ConnectTimeout("silent")
        self.clock.now += item.takes
        return item


def parse(response):
    if response.status_code != 200:
        raise ProviderError("HTTP %d" % response.status_code, "bad", http_status=response.status_code)
    if response.code:
        raise ProviderError(response.code, "refused", http_status=200)
    return "ok"


def retryable(error):
    return error.code in ("RequestLimitExceeded", "Busy")


def prepare():
    return SignableRequest("POST", "https://api.example.test/")


def client_for(script, timeout=30, **policy):
    clock = Clock()
    client = HttpClient("Test", timeout=timeout, retry_policy=RetryPolicy(rng=random.Random(3), **policy),
                        sleep=clock.sleep, clock=clock)
    client.session = TimedSession(clock, script)
    return client, clock


def test_a_call_never_outlives_its_budget_counting_the_next_attempts_time_out():
    # A 20 s budget, attempts of 4 s connect + 4 s read, against a silent server.
    client, clock = client_for(["timeout"], timeout=4, max_total=20, base_delay=0.5, max_attempts=8)
    with pytest.raises(ProviderError) as caught:
        client.call("Act", prepare, parse, retryable)
    assert clock.now - 1000.0 <= 20.0 + 1e-9
    assert caught.value.code == "Timeout" and caught.value.attempts >= 2
    # The last attempt was shortened to what remained, never the full 8 + 8 s.
    first, last = client.session.timeouts[0], client.session.timeouts[-1]
    assert sum(first) == 8 and sum(last) < sum(first) and caught.value.attempts == 3


def test_an_attempt_that_would_get_less_than_the_minimum_is_not_started():
    client, clock = client_for(["timeout"], timeout=4, max_total=10, base_delay=0.0)
    with pytest.raises(ProviderError):
        client.call("Act", prepare, parse, retryable)
    # Attempts of 4 + 4 s: the first uses 8 s, the second gets the 2 s left, no third.
    assert [sum(timeout) for timeout in client.session.timeouts] == [8, pytest.approx(2.0)]
    assert clock.now - 1000.0 <= 10.0 + 1e-9


def test_deadline_bounds_every_attempt_and_sleep_inside_it():
    client, clock = client_for([Answer(code="Busy")], timeout=30, max_total=180, base_delay=1, max_attempts=100)
    with client.deadline(clock() + 5):
        with pytest.raises(ProviderError) as caught:
            client.call("Describe", prepare, parse, retryable)
    assert clock.now - 1000.0 <= 5.0 + 1e-9
    assert all(sum(timeout) <= 5.0 for timeout in client.session.timeouts)
    assert caught.value.code == "Busy"
    assert client._deadline is None  # restored on leaving


def test_deadline_nests_and_restores_the_outer_one():
    client, clock = client_for([Answer()])
    with client.deadline(clock() + 50):
        with client.deadline(clock() + 5):
            assert client._deadline == clock() + 5
        assert client._deadline == clock() + 50


def test_the_first_attempt_is_made_even_at_the_deadline_with_a_short_time_out():
    client, clock = client_for([Answer()], timeout=30)
    with client.deadline(clock()):
        assert client.call("Describe", prepare, parse, retryable) == "ok"
    assert sum(client.session.timeouts[0]) == pytest.approx(MIN_ATTEMPT_SECONDS)


def test_throttling_is_retried_past_the_attempt_bound_while_time_remains():
    script = [Answer(code="RequestLimitExceeded")] * 20 + [Answer()]
    client, clock = client_for(script, max_attempts=3, base_delay=0.1, max_delay=0.5, max_total=60)
    assert client.call("Describe", prepare, parse, retryable) == "ok"
    assert len(client.session.timeouts) == 21


def test_throttling_gives_up_when_the_budget_is_spent_and_says_how_many_attempts():
    client, clock = client_for([Answer(code="RequestLimitExceeded")], max_attempts=3, base_delay=1,
                               max_delay=2, max_total=20)
    with pytest.raises(ProviderError) as caught:
        client.call("Describe", prepare, parse, retryable)
    assert caught.value.attempts > 3 and clock.now - 1000.0 <= 20.0
    assert "after %d attempts" % caught.value.attempts in str(caught.value)


def test_busy_answers_keep_the_attempt_bound():
    client, clock = client_for([Answer(code="Busy")], max_attempts=3, base_delay=0.1, max_total=600)
    with pytest.raises(ProviderError) as caught:
        client.call("Modify", prepare, parse, retryable)
    assert caught.value.attempts == 3 and len(clock.sleeps) == 2


def test_http_429_counts_as_throttling_without_a_provider_code():
    client, clock = client_for([Answer(status=429)] * 12 + [Answer()], max_attempts=2, base_delay=0.01,
                               max_total=60)
    assert client.call("Describe", prepare, parse, lambda error: False) == "ok"


def test_throttled_write_is_resent_until_accepted():
    script = [Answer(code="RequestLimitExceeded")] * 10 + [Answer()]
    client, clock = client_for(script, max_attempts=2, base_delay=0.01, max_total=60)
    assert client.call("Create", prepare, parse, retryable, idempotent=False) == "ok"


def test_retry_after_seconds_is_honoured():
    script = [Answer(status=429, headers={"Retry-After": "7"}), Answer()]
    client, clock = client_for(script, base_delay=0.01)
    assert client.call("Describe", prepare, parse, retryable) == "ok"
    assert clock.sleeps == [7.0]


def test_alibaba_retry_after_is_in_milliseconds():
    script = [Answer(code="Throttling.User", headers={"x-acs-retry-after": "1500"}), Answer()]
    client, clock = client_for(script, base_delay=0.01)
    assert client.call("DescribeVpnConnections", prepare, parse, is_throttling) == "ok"
    assert clock.sleeps == [1.5]


def test_retry_after_longer_than_the_budget_ends_the_call_without_sleeping():
    client, clock = client_for([Answer(status=429, headers={"Retry-After": "1000"}), Answer()], max_total=30)
    with pytest.raises(ProviderError) as caught:
        client.call("Describe", prepare, parse, retryable)
    assert caught.value.http_status == 429 and clock.sleeps == []


def test_retry_after_under_a_deadline_is_capped_by_it():
    client, clock = client_for([Answer(status=429, headers={"Retry-After": "8"}), Answer()], max_total=180)
    with client.deadline(clock() + 5):
        with pytest.raises(ProviderError):
            client.call("Describe", prepare, parse, retryable)
    assert clock.sleeps == []


def test_retry_after_parsing():
    now = 1_700_000_000.0
    assert retry_after_seconds({"Retry-After": "3"}) == 3.0
    assert retry_after_seconds({"Retry-After": formatdate(now + 12, usegmt=True)}, now=now) == pytest.approx(12)
    assert retry_after_seconds({"x-acs-retry-after": "250"}) == 0.25
    assert retry_after_seconds({"Retry-After": "2", "x-acs-retry-after": "4000"}) == 4.0
    for bad in ("", "soon", "-3", "0", "nan", "inf"):
        assert retry_after_seconds({"Retry-After": bad, "x-acs-retry-after": bad}) is None
    assert retry_after_seconds(None) is None
    # A date in the past asks for no wait.
    assert retry_after_seconds({"Retry-After": formatdate(now - 60, usegmt=True)}, now=now) is None


def test_requests_headers_are_case_insensitive():
    headers = requests.structures.CaseInsensitiveDict({"X-Acs-Retry-After": "2000"})
    assert retry_after_seconds(headers) == 2.0


def test_throttling_codes_of_every_provider():
    def error(code, status=200):
        return ProviderError(code, "m", http_status=status)
    for code in ("RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded", "Throttling", "Throttling.User",
                 "Rejected.Throttling", "APIG.0308"):
        assert is_throttling(error(code))
    assert is_throttling(error("Whatever", 429))
    for code in ("InvalidParameterValue.LimitExceeded", "VPN.0030", "InternalError", "HTTP 503"):
        assert not is_throttling(error(code))


@pytest.mark.parametrize("name, value", [
    ("CLOUDVPN_RETRY_MAX_ATTEMPTS", "0"),
    ("CLOUDVPN_RETRY_MAX_ATTEMPTS", "-2"),
    ("CLOUDVPN_RETRY_MAX_ATTEMPTS", "2.5"),
    ("CLOUDVPN_RETRY_MAX_ATTEMPTS", "many"),
    ("CLOUDVPN_RETRY_BASE_DELAY", "-1"),
    ("CLOUDVPN_RETRY_BASE_DELAY", "nan"),
    ("CLOUDVPN_RETRY_BASE_DELAY", "inf"),
    ("CLOUDVPN_RETRY_MAX_TOTAL", "0"),
    ("CLOUDVPN_RETRY_MAX_TOTAL", "-10"),
    ("CLOUDVPN_RETRY_MAX_TOTAL", "NaN"),
    ("CLOUDVPN_RETRY_MAX_TOTAL", "1e999"),
    ("CLOUDVPN_RETRY_MAX_TOTAL", "ten"),
])
def test_invalid_retry_settings_fail_naming_the_variable(name, value):
    with pytest.raises(ValidationError) as caught:
        retry_policy_from_env({name: value})
    assert str(caught.value).startswith(name + ": must be ") and repr(value) in str(caught.value)


def test_valid_retry_settings_and_empty_ones():
    policy = retry_policy_from_env({"CLOUDVPN_RETRY_MAX_ATTEMPTS": " 1 ", "CLOUDVPN_RETRY_BASE_DELAY": "0",
                                    "CLOUDVPN_RETRY_MAX_TOTAL": "2.5"})
    assert (policy.max_attempts, policy.base_delay, policy.max_total) == (1, 0.0, 2.5)
    policy = retry_policy_from_env({"CLOUDVPN_RETRY_MAX_ATTEMPTS": ""})
    assert policy.max_attempts == 8
