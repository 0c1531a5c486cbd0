"""Rate-limit mode: a token bucket per credential, as the clouds' API gateways keep.

With a limit set (``--rate-limit RATE[:BURST]`` or ``POST /_emulator/rate-limit``),
every API request spends one token of its credential's bucket; a request
that finds the bucket empty is answered with the provider's own throttling
error (the handler's ``fault_errors["throttle"]``), unprocessed, and logged
with ``"fault": "rate_limit"``. Buckets hold ``burst`` tokens (default: one
second's worth) and refill at ``rate`` tokens per second. This lets a
benchmark measure a fleet under a quota, with and without client pacing.
"""

from __future__ import annotations

import math
import time


def parse_limit(text):
    """``"RATE[:BURST]"`` -> ``(rate, burst)``; raises ``ValueError``."""
    rate_text, colon, burst_text = str(text).partition(":")
    return check_limit(float(rate_text), float(burst_text) if colon else None)


def check_limit(rate, burst=None):
    """Validated ``(rate, burst)``: rate > 0 requests per second, burst >= 1 (default max(1, rate))."""
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not math.isfinite(rate) or rate <= 0:
        raise ValueError("rate must be a number of requests per second > 0, got %r" % (rate,))
    if burst is None:
        burst = max(1.0, float(rate))
    if isinstance(burst, bool) or not isinstance(burst, (int, float)) or not math.isfinite(burst) or burst < 1:
        raise ValueError("burst must be a number >= 1, got %r" % (burst,))
    return float(rate), float(burst)


class RateLimiter:
    def __init__(self, rate=None, burst=None, clock=time.monotonic):
        self.clock = clock
        self.rate = self.burst = None
        self._buckets = {}
        if rate is not None:
            self.set(rate, burst)

    def set(self, rate, burst=None):
        self.rate, self.burst = check_limit(rate, burst)
        self._buckets = {}

    def off(self):
        self.rate = self.burst = None
        self._buckets = {}

    def settings(self):
        return {"rate": self.rate, "burst": self.burst}

    def allow(self, key):
        """Spend one token of ``key``'s bucket; ``False`` when it is empty (or no limit: always ``True``)."""
        if self.rate is None:
            return True
        now = self.clock()
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        allowed = tokens >= 1
        self._buckets[key] = (tokens - 1 if allowed else tokens, now)
        return allowed


def credential_key(request, key_ids):
    """The known key ID that the request carries (every provider sends it in clear), else ``None``.

    Provider-neutral: it looks for each configured key ID in the headers
    (``Authorization``), the query and the body, so a handler added later
    needs nothing to take part.
    """
    haystack = " ".join([request.path, request.query] + [str(value) for value in request.headers.values()]
                        + [request.body.decode("latin-1") if request.body else ""])
    for key_id in sorted(key_ids, key=len, reverse=True):
        if key_id and key_id in haystack:
            return key_id
    return None
