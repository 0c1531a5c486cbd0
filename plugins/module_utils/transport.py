# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one HTTP client of the collection, with the one retry policy.

Each attempt builds and signs a fresh request (a new timestamp and nonce:
Tencent API 2.0 rejects a reused nonce as a replay, and every provider
rejects stale timestamps), sends it with ``requests``, and lets the
provider's codec turn the answer into data or a ``ProviderError``.

What is retried, and for how long:

- Every call has a time budget: ``CLOUDVPN_RETRY_MAX_TOTAL`` seconds (180)
  from its start, or less inside ``HttpClient.deadline()`` (a wait's polls).
  An attempt starts only when its time-outs fit in what remains of the
  budget after the backoff sleep; otherwise its time-outs are shortened to
  what remains, and when less than ``MIN_ATTEMPT_SECONDS`` would remain the
  call gives up instead. The first attempt is always made, with at least
  ``MIN_ATTEMPT_SECONDS``. So a call never outlives its budget by more than
  that and the time ``requests`` needs to notice a time-out.
- Throttling (HTTP 429 and the providers' throttling codes) is retried
  until the budget is spent, whatever the number of attempts: a fleet that
  exceeds its quota slows down instead of failing. ``Retry-After`` (seconds
  or an HTTP date) and Alibaba's ``x-acs-retry-after`` (milliseconds) set
  the sleep when present; a hint longer than the budget ends the call.
- The provider's busy codes, HTTP 5xx and connection failures are retried
  with exponential backoff and full jitter, at most
  ``CLOUDVPN_RETRY_MAX_ATTEMPTS`` times (8), within the same budget.
- A write whose answer was lost (read time-out, reset connection, 5xx) may
  have been applied: it is retried only when the caller says the call is
  idempotent; otherwise the error goes back to the caller, which looks
  before it writes again.

With ``rate_limit`` the client also paces its requests through a state file
shared by every module process of the user (``pacing.py``).
"""

from __future__ import annotations

import contextlib
import math
import os
import random
import time
from email.utils import parsedate_to_datetime

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the module wrapper
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ValidationError

USER_AGENT = "cloudvpn.ipsec/0.1.0"

# The shortest attempt worth making: a retry that would get less time than
# this (connect and read together) is not started.
MIN_ATTEMPT_SECONDS = 1.0

# Throttling answers, whatever the provider: Tencent ``RequestLimitExceeded*``
# (tencentcloud-sdk-python StandardRetryer), Alibaba ``Throttling*`` and
# ``Rejected.Throttling`` (terraform-provider-alicloud NeedRetry), Huawei's API
# gateway ``APIG.0308`` with HTTP 429, Baidu HTTP 429. A provider can pass its
# own ``is_throttled`` to ``HttpClient.call``.
THROTTLING_CODE_PREFIXES = ("RequestLimitExceeded", "Throttling", "Rejected.Throttling", "APIG.0308",
                            "TooManyRequests")


class RetryPolicy:
    """Exponential backoff with full jitter, bounded by attempts and total time.

    The delay before retry ``n`` (1-based) is uniform in
    ``[0, min(max_delay, base_delay * 2 ** (n - 1))]``; full jitter spreads
    out clients that were throttled together. ``max_attempts`` bounds the
    answers that are not throttling; ``max_total`` (seconds) bounds the call.
    """

    def __init__(self, max_attempts=8, base_delay=1.0, max_delay=20.0, max_total=180.0,
                 rng=None):
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_total = max_total
        self.rng = rng or random.Random()

    def delay(self, retry_number):
        ceiling = min(self.max_delay, self.base_delay * (2 ** min(retry_number - 1, 30)))
        return self.rng.uniform(0, ceiling)


# (environment variable suffix, RetryPolicy argument, type, smallest allowed, is the smallest allowed?)
RETRY_SETTINGS = (
    ("MAX_ATTEMPTS", "max_attempts", int, 1, True),
    ("BASE_DELAY", "base_delay", float, 0.0, True),
    ("MAX_TOTAL", "max_total", float, 0.0, False),
)


def retry_policy_from_env(environ=None):
    """The default policy, tuned by ``CLOUDVPN_RETRY_MAX_ATTEMPTS``, ``_BASE_DELAY``, ``_MAX_TOTAL``.

    Operators with strict job time limits (AWX) can bound retries without
    editing playbooks; tests use it to keep failing runs short. A value that
    is not a finite number in range raises ``ValidationError`` naming the
    variable: a typo must not silently mean "retry forever" or "never".
    An empty variable counts as unset.
    """
    environ = os.environ if environ is None else environ
    settings = {}
    for suffix, key, kind, lowest, inclusive in RETRY_SETTINGS:
        name = "CLOUDVPN_RETRY_" + suffix
        text = environ.get(name)
        if text is None or not text.strip():
            continue
        wanted = "an integer >= %d" % lowest if kind is int else (
            "a number of seconds %s %g" % (">=" if inclusive else ">", lowest))
        try:
            value = kind(text.strip())
        except ValueError:
            raise ValidationError(name, "must be %s, got %r" % (wanted, text)) from None
        if not math.isfinite(value) or value < lowest or (value == lowest and not inclusive):
            raise ValidationError(name, "must be %s, got %r" % (wanted, text))
        settings[key] = value
    return RetryPolicy(**settings)


def is_transport_retryable(error):
    """Generic transient failures, whatever the provider: 429, 5xx, no answer."""
    status = error.http_status
    return error.code in ("ConnectionError", "Timeout") or status == 429 or (
        status is not None and 500 <= status < 600)


def is_throttling(error):
    """True for a throttling answer: retried for as long as the call's time budget lasts."""
    return error.http_status == 429 or str(error.code or "").startswith(THROTTLING_CODE_PREFIXES)


def retry_after_seconds(headers, now=None):
    """The wait the server asks for, in seconds, or ``None``.

    ``Retry-After`` is seconds or an HTTP date (RFC 9110 section 10.2.3);
    Alibaba's ``x-acs-retry-after`` is milliseconds (the Alibaba Cloud OpenAPI
    runtime, github.com/aliyun/darabonba-openapi, sleeps that many ms).
    Unparsable, negative or zero values are ignored.
    """
    if not headers:
        return None
    found = []
    value = (headers.get("Retry-After") or "").strip()
    if value:
        try:
            found.append(float(value))
        except ValueError:
            try:
                when = parsedate_to_datetime(value)
                found.append(when.timestamp() - (time.time() if now is None else now))
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
    value = (headers.get("x-acs-retry-after") or "").strip()
    if value:
        try:
            found.append(float(value) / 1000.0)
        except ValueError:
            pass
    found = [seconds for seconds in found if math.isfinite(seconds) and seconds > 0]
    return max(found) if found else None


class HttpClient:
    """A ``requests`` session with time-outs, TLS settings, pacing and the retry loop.

    Proxies and CA bundles from the environment (``HTTPS_PROXY``,
    ``NO_PROXY``, ``REQUESTS_CA_BUNDLE``) are honoured, as ``requests`` does.
    ``pacer`` (a ``pacing.SharedPacer`` or ``None``) spaces out requests
    across processes.
    """

    def __init__(self, provider, timeout=30, validate_certs=True, retry_policy=None,
                 sleep=time.sleep, clock=time.monotonic, log=None, pacer=None):
        self.provider = provider
        self.timeout = (min(10, timeout), timeout)
        self.validate_certs = validate_certs
        self.retry_policy = retry_policy or RetryPolicy()
        self.sleep = sleep
        self.clock = clock
        self.log = log or (lambda message: None)
        self.pacer = pacer
        self._deadline = None
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        # The audit of this client's API calls (report_api_calls): action, attempts, outcome.
        self.api_calls = []
        self._attempts_sent = 0

    @contextlib.contextmanager
    def deadline(self, when):
        """Bound every call made inside: no attempt or backoff sleep goes past ``when`` (a ``clock()`` value)."""
        previous, self._deadline = self._deadline, when
        try:
            yield
        finally:
            self._deadline = previous

    def call(self, action, prepare, parse, is_retryable, idempotent=True, is_throttled=is_throttling):
        """``_call``, recorded in ``api_calls``: the action, the attempts it took, ``ok`` or the error code."""
        attempts_before = self._attempts_sent
        outcome = "ok"
        try:
            return self._call(action, prepare, parse, is_retryable, idempotent, is_throttled)
        except ProviderError as error:
            outcome = error.code
            raise
        finally:
            self.api_calls.append(
                {"action": action, "attempts": self._attempts_sent - attempts_before, "outcome": outcome})

    def _call(self, action, prepare, parse, is_retryable, idempotent=True, is_throttled=is_throttling):
        """Send until an answer that is not retryable, or until the policy gives up.

        ``prepare()`` returns a freshly signed ``SignableRequest``;
        ``parse(response)`` returns the data or raises ``ProviderError``;
        ``is_retryable(error)`` adds the provider's throttling and busy codes;
        ``is_throttled(error)`` tells throttling (retried while time remains)
        from other retryable errors (retried at most ``max_attempts`` times).
        The last error carries the number of attempts made.
        """
        policy = self.retry_policy
        started = self.clock()
        end = started + policy.max_total
        if self._deadline is not None:
            end = min(end, self._deadline)
        attempts = failures = 0
        while True:
            attempts += 1
            response = None
            try:
                request = self._paced(prepare, end)
                response = self._send(action, request, self._attempt_timeout(end))
                return parse(response)
            except ProviderError as error:
                error.action = error.action or action
                error.attempts = attempts
                if not self._may_retry(error, is_retryable, idempotent):
                    raise
                throttled = is_throttled(error)
                if not throttled:
                    failures += 1
                    if failures >= policy.max_attempts:
                        raise
                hint = retry_after_seconds(getattr(response, "headers", None))
                delay = hint if hint is not None else policy.delay(attempts)
                if end - (self.clock() + delay) < MIN_ATTEMPT_SECONDS:
                    self.log("%s: %s; no retry: the time budget (%.1fs) is spent"
                             % (action, error.code, end - started))
                    raise
                self.log("%s: %s; retry %d in %.1fs" % (action, error.code, attempts, delay))
                self.sleep(delay)

    def _attempt_timeout(self, end):
        """``(connect, read)`` time-outs: the configured ones, shortened so the attempt ends by ``end``.

        The first attempt of a call is always made, with at least
        ``MIN_ATTEMPT_SECONDS``; retries are only started with that much left.
        """
        connect, read = self.timeout
        remaining = max(end - self.clock(), MIN_ATTEMPT_SECONDS)
        if remaining >= connect + read:
            return self.timeout
        scale = remaining / float(connect + read)
        return (connect * scale, read * scale)

    def _paced(self, prepare, end):
        """A signed request, sent no sooner than the shared pacer allows (``rate_limit``).

        The pacer's wait is cut so that the attempt still fits the budget; a
        request signed before a wait is signed again (fresh timestamp).
        """
        request = prepare()
        if self.pacer is None:
            return request
        wait = self.pacer.reserve(request.host)
        wait = min(wait, max(0.0, end - self.clock() - MIN_ATTEMPT_SECONDS))
        if wait <= 0:
            return request
        self.sleep(wait)
        return prepare()

    def _may_retry(self, error, is_retryable, idempotent):
        if not (is_retryable(error) or is_transport_retryable(error)):
            return False
        # An error answer means the server refused the request; a lost answer
        # means it may have applied it.
        return idempotent or not error.answer_lost

    def _send(self, action, request, timeout=None):
        timeout = timeout or self.timeout
        self._attempts_sent += 1
        self.log("%s %s (%s)" % (request.method, request.url, action))
        try:
            return self.session.request(
                request.method, request.full_url(), headers=request.headers, data=request.body or None,
                timeout=timeout, verify=self.validate_certs, allow_redirects=False)
        except requests.exceptions.Timeout as exc:
            sent = not isinstance(exc, requests.exceptions.ConnectTimeout)
            raise ProviderError("Timeout", "no answer from %s within %g seconds" % (request.host, timeout[1]),
                                provider=self.provider, action=action, sent=sent) from None
        except requests.exceptions.SSLError as exc:
            raise ProviderError("SSLError", "TLS failure talking to %s: %s (see validate_certs)"
                                % (request.host, exc.__class__.__name__), provider=self.provider,
                                action=action, sent=False) from None
        except requests.exceptions.ConnectionError as exc:
            raise ProviderError("ConnectionError", "cannot reach %s: %s" % (request.host, _root_cause(exc)),
                                provider=self.provider, action=action, sent=_maybe_sent(exc)) from None


def _root_cause(exc):
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    return str(exc) or exc.__class__.__name__


def _maybe_sent(exc):
    """A refused or unresolvable connection never carried the request."""
    text = repr(exc)
    return not any(marker in text for marker in (
        "NewConnectionError", "NameResolutionError", "Connection refused"))
