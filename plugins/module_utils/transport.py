# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one HTTP client of the collection, with the one retry policy.

Each attempt builds and signs a fresh request (a new timestamp and nonce:
Tencent API 2.0 rejects a reused nonce as a replay, and every provider
rejects stale timestamps), sends it with ``requests``, and lets the
provider's codec turn the answer into data or a ``ProviderError``.

What is retried: throttling, the provider's busy codes, HTTP 5xx and
connection failures, with exponential backoff and full jitter, bounded in
attempts and in total time. A write whose answer was lost (read time-out,
reset connection, 5xx) may have been applied: it is retried only when the
caller says the call is idempotent; otherwise the error goes back to the
caller, which looks before it writes again.
"""

from __future__ import annotations

import os
import random
import time

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the module wrapper
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError

USER_AGENT = "cloudvpn.ipsec/0.1.0"


class RetryPolicy:
    """Exponential backoff with full jitter, bounded by attempts and total time.

    The delay before retry ``n`` (1-based) is uniform in
    ``[0, min(max_delay, base_delay * 2 ** (n - 1))]``; full jitter spreads
    out clients that were throttled together.
    """

    def __init__(self, max_attempts=8, base_delay=1.0, max_delay=20.0, max_total=180.0,
                 rng=None):
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_total = max_total
        self.rng = rng or random.Random()

    def delay(self, retry_number):
        ceiling = min(self.max_delay, self.base_delay * (2 ** (retry_number - 1)))
        return self.rng.uniform(0, ceiling)

    def should_retry(self, attempts, elapsed, next_delay):
        return attempts < self.max_attempts and elapsed + next_delay <= self.max_total


def retry_policy_from_env(environ=None):
    """The default policy, tuned by ``CLOUDVPN_RETRY_MAX_ATTEMPTS``, ``_BASE_DELAY``, ``_MAX_TOTAL``.

    Operators with strict job time limits (AWX) can bound retries without
    editing playbooks; tests use it to keep failing runs short.
    """
    environ = os.environ if environ is None else environ
    settings = {}
    for name, key, kind in (("MAX_ATTEMPTS", "max_attempts", int), ("BASE_DELAY", "base_delay", float),
                            ("MAX_TOTAL", "max_total", float)):
        value = environ.get("CLOUDVPN_RETRY_" + name)
        if value:
            try:
                settings[key] = kind(value)
            except ValueError:
                raise ValueError("CLOUDVPN_RETRY_%s must be a number, got %r" % (name, value)) from None
    return RetryPolicy(**settings)


def is_transport_retryable(error):
    """Generic transient failures, whatever the provider: 429, 5xx, no answer."""
    status = error.http_status
    return error.code in ("ConnectionError", "Timeout") or status == 429 or (
        status is not None and 500 <= status < 600)


class HttpClient:
    """A ``requests`` session with time-outs, TLS settings and the retry loop.

    Proxies and CA bundles from the environment (``HTTPS_PROXY``,
    ``NO_PROXY``, ``REQUESTS_CA_BUNDLE``) are honoured, as ``requests`` does.
    """

    def __init__(self, provider, timeout=30, validate_certs=True, retry_policy=None,
                 sleep=time.sleep, clock=time.monotonic, log=None):
        self.provider = provider
        self.timeout = (min(10, timeout), timeout)
        self.validate_certs = validate_certs
        self.retry_policy = retry_policy or RetryPolicy()
        self.sleep = sleep
        self.clock = clock
        self.log = log or (lambda message: None)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        # The audit of this client's API calls (report_api_calls): action, attempts, outcome.
        self.api_calls = []
        self._attempts_sent = 0

    def call(self, action, prepare, parse, is_retryable, idempotent=True):
        """``_call``, recorded in ``api_calls``: the action, the attempts it took, ``ok`` or the error code."""
        attempts_before = self._attempts_sent
        outcome = "ok"
        try:
            return self._call(action, prepare, parse, is_retryable, idempotent)
        except ProviderError as error:
            outcome = error.code
            raise
        finally:
            self.api_calls.append(
                {"action": action, "attempts": self._attempts_sent - attempts_before, "outcome": outcome})

    def _call(self, action, prepare, parse, is_retryable, idempotent=True):
        """Send until an answer that is not retryable, or until the policy gives up.

        ``prepare()`` returns a freshly signed ``SignableRequest``;
        ``parse(response)`` returns the data or raises ``ProviderError``;
        ``is_retryable(error)`` adds the provider's throttling and busy codes.
        The last error carries the number of attempts made.
        """
        started = self.clock()
        attempts = 0
        while True:
            attempts += 1
            try:
                return parse(self._send(action, prepare()))
            except ProviderError as error:
                error.action = error.action or action
                error.attempts = attempts
                if not self._may_retry(error, is_retryable, idempotent):
                    raise
                delay = self.retry_policy.delay(attempts)
                if not self.retry_policy.should_retry(attempts, self.clock() - started, delay):
                    raise
                self.log("%s: %s; retry %d in %.1fs" % (action, error.code, attempts, delay))
                self.sleep(delay)

    def _may_retry(self, error, is_retryable, idempotent):
        if not (is_retryable(error) or is_transport_retryable(error)):
            return False
        # An error answer means the server refused the request; a lost answer
        # means it may have applied it.
        return idempotent or not error.answer_lost

    def _send(self, action, request):
        self._attempts_sent += 1
        self.log("%s %s (%s)" % (request.method, request.url, action))
        try:
            return self.session.request(
                request.method, request.full_url(), headers=request.headers, data=request.body or None,
                timeout=self.timeout, verify=self.validate_certs, allow_redirects=False)
        except requests.exceptions.Timeout as exc:
            sent = not isinstance(exc, requests.exceptions.ConnectTimeout)
            raise ProviderError("Timeout", "no answer from %s within %s seconds" % (request.host, self.timeout[1]),
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
