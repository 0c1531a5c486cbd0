"""Rate-limit mode: a token bucket per credential, answered with the provider's throttling error."""

from __future__ import annotations

import json
import socket

import pytest

from cloudvpn_emulator.__main__ import parse_args
from cloudvpn_emulator.credentials import load_table
from cloudvpn_emulator.ratelimit import RateLimiter, parse_limit
from emulator_client import TencentClient, start_emulator


class Clock:
    now = 100.0

    def __call__(self):
        return self.now


def test_token_bucket_refills_at_the_rate_up_to_the_burst():
    clock = Clock()
    limiter = RateLimiter(2.0, 3, clock=clock)
    assert [limiter.allow("a") for _round in range(4)] == [True, True, True, False]
    assert limiter.allow("b")  # another credential has its own bucket
    clock.now += 0.5  # one token back
    assert [limiter.allow("a"), limiter.allow("a")] == [True, False]
    clock.now += 100  # never more than the burst
    assert [limiter.allow("a") for _round in range(4)] == [True, True, True, False]
    limiter.off()
    assert all(limiter.allow("a") for _round in range(50))


def test_limit_syntax():
    assert parse_limit("5") == (5.0, 5.0)
    assert parse_limit("0.5") == (0.5, 1.0)
    assert parse_limit("5:2") == (5.0, 2.0)
    for bad in ("0", "-1", "nan", "inf", "5:0", "x", "5:y"):
        with pytest.raises(ValueError):
            parse_limit(bad)
    assert parse_args(["--rate-limit", "5:10"]).rate_limit == (5.0, 10.0)
    with pytest.raises(SystemExit):
        parse_args(["--rate-limit", "0"])


def test_requests_beyond_the_limit_get_the_providers_throttling_error_unprocessed(tmp_path):
    table = tmp_path / "credentials.json"
    table.write_text(json.dumps({"tencent": [
        {"key_id": "AKIDFIRSTUSER", "secret": "first-secret", "token": None},
        {"key_id": "AKIDSECONDUSER", "secret": "second-secret", "token": None}]}))
    # One token per 1000 s: the test does not depend on timing.
    with start_emulator(credentials=load_table(str(table), ["tencent"]), rate_limit=(0.001, 2)) as emulator:
        first = TencentClient(emulator.url, "AKIDFIRSTUSER", "first-secret")
        assert first.create().ok()
        assert first.describe().ok()["TotalCount"] == 1
        throttled = first.create()
        assert throttled.status == 200 and throttled.error == "RequestLimitExceeded"
        second = TencentClient(emulator.url, "AKIDSECONDUSER", "second-secret")
        assert second.describe().ok()["TotalCount"] == 1  # its own bucket; the throttled create was not made
        log = emulator.log.entries()
        assert [entry.get("fault") for entry in log] == [None, None, "rate_limit", None]
        assert log[2]["error"] == "RequestLimitExceeded" and log[2]["action"] == "CreateVpnConnection"


def test_admin_api_sets_reads_and_clears_the_limit_and_reset_restores_the_command_line_one(emulator, admin, client):
    assert admin.call("GET", "rate-limit")[1]["rate_limit"] == {"rate": None, "burst": None}
    assert admin.rate_limit(0.001, 1)["rate_limit"] == {"rate": 0.001, "burst": 1.0}
    assert client.describe().ok()
    assert client.describe().error == "RequestLimitExceeded"
    assert admin.call("GET", "health")[0] == 200  # the admin API is never limited
    admin.rate_limit(None)
    assert client.describe().ok()
    for bad in ({"rate": 0}, {"rate": "5"}, {"rate": 5, "burst": 0}, {"rate": 5, "when": 1}, {}):
        assert admin.call("POST", "rate-limit", bad)[0] == 400
    admin.rate_limit(0.001, 1)
    emulator.reset()
    assert admin.call("GET", "rate-limit")[1]["rate_limit"]["rate"] is None


def test_headers_and_body_leave_in_one_write(emulator):
    """Guards the Nagle fix by its mechanism, not by timing: each answer arrives whole in one read.

    Written separately, the body of every answer after a connection's first
    was held back until the client's delayed ACK, so a read got the headers only.
    """
    host, port = emulator.url.split("//")[1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        for _round in range(4):
            sock.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n")
            head, _blank, body = sock.recv(65536).partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200") and json.loads(body) == {"ok": True}
