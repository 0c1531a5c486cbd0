# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Integration fixtures: a real emulator process and real ansible-playbook runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cloudvpn_emulator.admin import AdminClient

HERE = Path(__file__).resolve().parent
COLLECTION_ROOT = HERE.parent.parent
SECRET_ID = "AKIDEMULATOREXAMPLE00000000000000000"
SECRET_KEY = "emulator-tencent-secret-key"
REGION = "ap-guangzhou"
BAIDU_ACCESS_KEY = "emulatorbaiduaccesskey0000000001"
BAIDU_SECRET_KEY = "emulator-baidu-secret-key"
BAIDU_REGION = "bj"


def collections_path():
    """Where ansible finds cloudvpn.ipsec: set by scripts/test, else derived from this checkout."""
    if os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        return os.environ["ANSIBLE_COLLECTIONS_PATH"]
    return str(COLLECTION_ROOT.parent.parent.parent)


class Emulator(AdminClient):
    """The emulator as a separate process, as a user runs it, with the admin API's calls."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cloudvpn_emulator", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("cloudvpn emulator listening on "):
            self.process.kill()
            raise RuntimeError("emulator did not start: %r %s" % (line, self.process.stderr.read()))
        self.url = line.rsplit(" ", 1)[-1]
        super().__init__(self.url)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Run:
    def __init__(self, completed, records):
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.records = records

    @property
    def result(self):
        """The result of the (last) module task."""
        return self.records[-1]["result"]

    @property
    def failed(self):
        return self.records[-1]["status"] == "failed"


@pytest.fixture(scope="session")
def emulator():
    instance = Emulator()
    yield instance
    instance.stop()


@pytest.fixture(autouse=True)
def fresh_emulator(emulator):
    emulator.reset()


@pytest.fixture
def ansible(emulator, tmp_path):
    """``ansible(module, args, check=, diff=, verbosity=, env=)`` runs ansible-playbook once."""
    counter = {"n": 0}

    def run(module, module_args, check=False, diff=False, verbosity=0, env=None, playbook=None):
        counter["n"] += 1
        record = tmp_path / ("record-%d.jsonl" % counter["n"])
        extra = tmp_path / ("vars-%d.json" % counter["n"])
        extra.write_text(json.dumps({"module_args": module_args}))
        command = ["ansible-playbook", str(playbook or HERE / "playbooks" / (module + ".yml")), "-e", "@%s" % extra]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)
        environment = dict(os.environ)
        environment.update({
            "ANSIBLE_COLLECTIONS_PATH": collections_path(),
            "ANSIBLE_CALLBACK_PLUGINS": str(HERE / "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "record_results",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "CLOUDVPN_RECORD": str(record),
            "TENCENTCLOUD_ENDPOINT": emulator.url,
            "TENCENTCLOUD_SECRET_ID": SECRET_ID,
            "TENCENTCLOUD_SECRET_KEY": SECRET_KEY,
            "TENCENTCLOUD_REGION": REGION,
            "HW_VPN_ENDPOINT": emulator.url,
            "HW_IAM_ENDPOINT": emulator.url,
            "HW_ACCESS_KEY": "HWEMULATORACCESSKEY0",
            "HW_SECRET_KEY": "emulator-huawei-secret-key",
            "HW_REGION_NAME": "cn-north-4",
            "BAIDUCLOUD_ENDPOINT": emulator.url,
            "BAIDUCLOUD_ACCESS_KEY": BAIDU_ACCESS_KEY,
            "BAIDUCLOUD_SECRET_KEY": BAIDU_SECRET_KEY,
            "BAIDUCLOUD_REGION": BAIDU_REGION,
            "ALIBABA_CLOUD_ENDPOINT": emulator.url,
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIEMULATOREXAMPLE000000",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "emulator-alibaba-access-key-secret",
            "ALIBABA_CLOUD_REGION_ID": "cn-beijing",
            # Real backoff, scaled down so retry scenarios stay quick.
            "CLOUDVPN_RETRY_BASE_DELAY": "0.05",
            # The provider's poll schedule, scaled down likewise (the unit tests check the real one).
            "CLOUDVPN_POLL_FIRST_DELAY": "0.05",
            "CLOUDVPN_POLL_INTERVAL": "0.1",
        })
        environment.update(env or {})
        completed = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300,
                                   check=False)
        records = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
        if not records:
            raise AssertionError("ansible-playbook recorded no task result:\n%s\n%s"
                                 % (completed.stdout, completed.stderr))
        return Run(completed, records)

    return run


@pytest.fixture
def applied(ansible, emulator):
    """``applied(module, args)`` runs a module that must succeed, then empties the request log, and
    returns the ``vpn_connection`` it reported: the provider suites' ``created`` fixtures start
    from it, so a test's log holds only its own calls."""

    def apply(module, module_args):
        run = ansible(module, module_args)
        assert run.rc == 0, run.stdout
        emulator.clear_log()
        return run.result["vpn_connection"]

    return apply
