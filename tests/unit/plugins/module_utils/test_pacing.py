# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The shared pacing state file (option ``rate_limit``)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading

import json

import pytest
from ansible_collections.cloudvpn.ipsec.tests.unit.module_args import patch_module_args

from ansible_collections.cloudvpn.ipsec.plugins.module_utils import module as module_utils
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import CloudVpnError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.pacing import STALE_AHEAD_SECONDS, SharedPacer, state_directory
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import SignableRequest
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.transport import HttpClient

KEY_ID = "AKIDpacingtestkey0001"
HOST = "vpc.ap-guangzhou.tencentcloudapi.com"


class FixedClock:
    def __init__(self, now=5000.0):
        self.now = now

    def __call__(self):
        return self.now


def pacer(directory, rate=5.0, clock=None, account=KEY_ID, region="ap-guangzhou"):
    return SharedPacer(rate, account, region, directory=str(directory), clock=clock or FixedClock())


def test_consecutive_reservations_are_spaced_by_the_interval(tmp_path):
    clock = FixedClock()
    first, second = pacer(tmp_path, clock=clock), pacer(tmp_path, clock=clock)
    assert [first.reserve(HOST), second.reserve(HOST), first.reserve(HOST)] == [0.0, pytest.approx(0.2),
                                                                                pytest.approx(0.4)]
    clock.now += 10  # idle: the next request goes at once
    assert second.reserve(HOST) == 0.0


def test_keys_regions_and_hosts_have_separate_state(tmp_path):
    clock = FixedClock()
    assert pacer(tmp_path, clock=clock).reserve(HOST) == 0.0
    assert pacer(tmp_path, clock=clock, account="AKIDother").reserve(HOST) == 0.0
    assert pacer(tmp_path, clock=clock, region="ap-beijing").reserve(HOST) == 0.0
    assert pacer(tmp_path, clock=clock).reserve("other.example.test") == 0.0
    assert pacer(tmp_path, clock=clock).reserve(HOST) == pytest.approx(0.2)


def test_threads_share_the_file_and_never_get_the_same_slot(tmp_path):
    """A clock that stands still makes every slot exact: the waits must be 0, 1, 2, ... intervals."""
    waits, rate = [], 50.0
    lock = threading.Lock()

    def worker():
        limiter = SharedPacer(rate, KEY_ID, "r", directory=str(tmp_path), clock=FixedClock())
        for _round in range(10):
            wait = limiter.reserve(HOST)
            with lock:
                waits.append(wait)
    threads = [threading.Thread(target=worker) for _round in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == [pytest.approx(index / rate) for index in range(80)]


def test_processes_share_the_file(tmp_path):
    code = ("import sys; sys.path.insert(0, %r)\n"
            "from ansible_collections.cloudvpn.ipsec.plugins.module_utils.pacing import SharedPacer\n"
            "p = SharedPacer(20.0, %r, 'r', directory=%r, clock=lambda: 5000.0)\n"
            "print('\\n'.join(repr(p.reserve(%r)) for _round in range(5)))\n"
            % (_collections_root(), KEY_ID, str(tmp_path), HOST))
    children = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _round in range(3)]
    waits = sorted(float(line) for child in children for line in child.communicate(timeout=60)[0].split())
    assert waits == [pytest.approx(index / 20.0) for index in range(15)]


def test_a_killed_lock_holder_does_not_wedge_the_others(tmp_path):
    limiter = pacer(tmp_path)
    path = limiter.path(HOST)
    limiter.reserve(HOST)  # creates the file
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        "fd = os.open(%r, os.O_RDWR)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "os.ftruncate(fd, 0); os.write(fd, b'half-writ')\n"
        "print('locked', flush=True)\n"
        "time.sleep(600)\n") % path], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        holder.kill()
        holder.wait(timeout=10)
        # The kernel released the lock; the half-written state is reset.
        assert pacer(tmp_path, clock=FixedClock(9000.0)).reserve(HOST) == 0.0
    finally:
        holder.kill()
        holder.wait(timeout=10)


@pytest.mark.parametrize("content", [b"", b"garbage\n", b"nan\n", b"inf\n", b"\xff\xfe", b"1e999\n"])
def test_corrupt_state_is_reset(tmp_path, content):
    limiter = pacer(tmp_path)
    os.makedirs(str(tmp_path), exist_ok=True)
    with open(limiter.path(HOST), "wb") as state:
        state.write(content)
    assert limiter.reserve(HOST) == 0.0
    assert limiter.reserve(HOST) == pytest.approx(0.2)


def test_state_far_in_the_future_is_stale_and_reset(tmp_path):
    clock = FixedClock()
    limiter = pacer(tmp_path, clock=clock)
    with open(limiter.path(HOST), "w", encoding="ascii") as state:
        state.write("%f\n" % (clock.now + STALE_AHEAD_SECONDS + 1))
    assert limiter.reserve(HOST) == 0.0


def test_the_state_file_holds_only_a_time_is_private_and_its_name_hides_the_key(tmp_path):
    limiter = pacer(tmp_path)
    limiter.reserve(HOST)
    path = limiter.path(HOST)
    content = open(path, "rb").read()
    float(content.decode("ascii"))
    for secret_part in (KEY_ID.encode(), b"AKID", b"ap-guangzhou", HOST.encode()):
        assert secret_part not in content and secret_part.decode() not in path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_directory_writable_by_others_is_refused(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(CloudVpnError) as caught:
        pacer(shared).reserve(HOST)
    assert "rate_limit" in str(caught.value)


def test_the_directory_is_created_private(tmp_path):
    limiter = pacer(tmp_path / "new")
    limiter.reserve(HOST)
    assert stat.S_IMODE(os.stat(str(tmp_path / "new")).st_mode) == 0o700


def test_state_directory_prefers_the_runtime_dir(tmp_path):
    assert state_directory({"XDG_RUNTIME_DIR": str(tmp_path)}) == str(tmp_path / "cloudvpn-ipsec")
    assert state_directory({}).endswith("cloudvpn-ipsec-%d" % os.getuid())


@pytest.mark.parametrize("rate", [0, -1, float("nan"), float("inf"), "5"])
def test_bad_rates_are_refused(tmp_path, rate):
    with pytest.raises(ValueError):
        SharedPacer(rate, KEY_ID, "r", directory=str(tmp_path))


def test_http_client_waits_for_its_slot_and_signs_again_after_waiting(tmp_path):
    clock, sleeps, signed = FixedClock(), [], []

    class Session:
        headers = {}

        def request(self, *args, **kwargs):
            return type("Response", (), {"status_code": 200, "headers": {}})()

    def prepare():
        signed.append(clock.now)
        return SignableRequest("POST", "https://%s/" % HOST)

    def sleep(seconds):
        sleeps.append(seconds)
        clock.now += seconds

    client = HttpClient("Test", sleep=sleep, clock=clock, pacer=pacer(tmp_path, rate=2.0, clock=clock))
    client.session = Session()
    for _round in range(3):
        client.call("Describe", prepare, lambda response: "ok", lambda error: False)
    assert sleeps == [pytest.approx(0.5), pytest.approx(0.5)]
    assert len(signed) == 5  # the two requests that waited were signed again after the wait


def test_the_pacing_wait_is_cut_to_fit_a_deadline(tmp_path):
    clock, sleeps = FixedClock(), []
    limiter = pacer(tmp_path, rate=0.1, clock=clock)
    limiter.reserve(HOST)  # the next slot is 10 s away

    class Session:
        headers = {}

        def request(self, *args, **kwargs):
            return type("Response", (), {"status_code": 200, "headers": {}})()

    def sleep(seconds):
        sleeps.append(seconds)
        clock.now += seconds

    client = HttpClient("Test", sleep=sleep, clock=clock, pacer=limiter)
    client.session = Session()
    with client.deadline(clock.now + 4):
        client.call("Describe", lambda: SignableRequest("POST", "https://%s/" % HOST), lambda r: "ok",
                    lambda error: False)
    assert sleeps == [pytest.approx(3.0)]


def module_client(args, capsys):
    """``(exit code or None, result or client)`` of ``http_client`` in a module with ``args``."""
    with patch_module_args(args):
        module = module_utils.CloudVpnModule(dict(module_utils.HTTP_OPTIONS))
        try:
            return None, module.http_client("Test", account=KEY_ID, region="ap-guangzhou")
        except SystemExit as exited:
            return exited.code, json.loads(capsys.readouterr().out)


def test_rate_limit_option_and_environment_variable(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert module_client({}, capsys)[1].pacer is None
    assert module_client({"rate_limit": 0}, capsys)[1].pacer is None
    client = module_client({"rate_limit": 4}, capsys)[1]
    assert client.pacer.interval == 0.25 and client.pacer.directory == str(tmp_path / "cloudvpn-ipsec")
    monkeypatch.setenv("CLOUDVPN_RATE_LIMIT", "2")
    assert module_client({}, capsys)[1].pacer.interval == 0.5
    assert module_client({"rate_limit": 10}, capsys)[1].pacer.interval == 0.1  # the option wins


@pytest.mark.parametrize("args, env", [({"rate_limit": -1}, None), ({}, "nan"), ({}, "inf"), ({}, "-0.5")])
def test_bad_rate_limit_fails_naming_the_option(capsys, monkeypatch, args, env):
    if env is not None:
        monkeypatch.setenv("CLOUDVPN_RATE_LIMIT", env)
    code, result = module_client(args, capsys)
    assert code == 1 and result["msg"].startswith("rate_limit: must be") and "CLOUDVPN_RATE_LIMIT" in result["msg"]


def _collections_root():
    import ansible_collections.cloudvpn.ipsec.plugins.module_utils.pacing as module
    return os.path.abspath(os.path.join(os.path.dirname(module.__file__), *[".."] * 5))
