"""A client for the emulator's admin API (``/_emulator/...``).

Tests and scripts that drive the emulator (reset it, inject faults, read
the request log) share this one client instead of each writing their own.
Standard library only, like the emulator.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request


class AdminClient:
    def __init__(self, url, timeout=10):
        self.base = url.rstrip("/") + "/_emulator/"
        self.timeout = timeout

    def raw(self, method, path, body=None):
        """``(status, text)`` of one admin request; error statuses are answers, not exceptions."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def call(self, method, path, body=None):
        """``(status, decoded JSON body)``."""
        status, text = self.raw(method, path, body)
        return status, json.loads(text) if text else None

    def expect_ok(self, method, path, body=None):
        status, answer = self.call(method, path, body)
        if status != 200:
            raise RuntimeError("emulator admin %s %s answered %s: %s" % (method, path, status, answer))
        return answer

    def log(self):
        return self.expect_ok("GET", "log")["entries"]

    def log_text(self):
        """The log exactly as served, for searching it for secrets."""
        return self.raw("GET", "log")[1]

    def clear_log(self):
        self.expect_ok("DELETE", "log")

    def reset(self):
        self.expect_ok("POST", "reset", {})

    def fault(self, fault, count, provider="tencent", encoding=None, kind=None, after=0):
        spec = {"provider": provider, "fault": fault, "count": count}
        if encoding is not None:
            spec["encoding"] = encoding  # fault ``echo`` only
        if kind:
            spec["kind"] = kind  # only reads, or only writes
        if after:
            spec["after"] = after  # let that many requests pass first
        return self.expect_ok("POST", "faults", spec)

    def rate_limit(self, rate, burst=None):
        """Throttle beyond ``rate`` requests per second per credential (``None``: no limit)."""
        if rate is None:
            return self.expect_ok("DELETE", "rate-limit")
        return self.expect_ok("POST", "rate-limit", {"rate": rate, "burst": burst})
