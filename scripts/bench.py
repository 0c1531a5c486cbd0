# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The figures of docs/performance.md, measured on this machine against the emulator.

Run it through ``scripts/bench`` (which builds .venv-test and the .build copy
of the collection, as scripts/test does). Figures, not pass/fail: the tests
assert call counts; this measures time. Parts:

calls      API calls per scenario, from the emulator's request log, against the floor
task-time  per-task wall time of the modules against ansible.builtin.uri (one HTTP call), paired runs
info-time  the _info module process at N = 1 and N = 1000 connections
fleet      N creates with F forks under an emulator rate limit, without and with rate_limit pacing (minutes)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cloudvpn_emulator.admin import AdminClient

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.api import PAGE_SIZE, TencentVpcClient
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.transport import HttpClient

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("calls", "task-time", "info-time", "fleet")
SECRET_ID = "AKIDEMULATOREXAMPLE00000000000000000"
SECRET_KEY = "emulator-tencent-secret-key"
REGION = "ap-guangzhou"
GATEWAY = "vpngw-emu00001"
MODULE = "cloudvpn.ipsec.tencent_vpn_connection"
INFO = "cloudvpn.ipsec.tencent_vpn_connection_info"
CONNECTION = {
    "name": "bench", "vpn_gateway_id": GATEWAY, "vpc_id": "vpc-emu00001", "customer_gateway_id": "cgw-emu00001",
    "pre_shared_key": "Bench-Psk-Value-1234",
    "security_policy_databases": [{"local_cidr_block": "10.0.0.0/16", "remote_cidr_blocks": ["192.168.0.0/24"]}],
    "dpd_enable": True, "dpd_timeout": 40, "dpd_action": "restart",
}


class Emulator(AdminClient):
    """The emulator as its own process, as a user runs it."""

    def __init__(self, pending_reads):
        self.pending_reads = pending_reads
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, "-m", "cloudvpn_emulator", "--port", "0", "--pending-reads", str(pending_reads)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("cloudvpn emulator listening on "):
            self.process.kill()
            raise SystemExit("the emulator did not start: %r" % line)
        self.url = line.rsplit(" ", 1)[-1]
        super().__init__(self.url)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def api(self):
        """The collection's own Tencent client, to seed and settle connections quickly (not measured)."""
        return TencentVpcClient(HttpClient("Tencent Cloud"), Credentials(SECRET_ID, SECRET_KEY), REGION,
                                endpoint=self.url)


class Ansible:
    """Runs generated playbooks (JSON is YAML) with the bench_record callback."""

    def __init__(self, emulator, workdir):
        self.emulator = emulator
        self.workdir = Path(workdir)
        self.count = 0

    def run(self, plays, check=False, env=None, forks=None):
        """``(records, wall seconds)`` of one ansible-playbook run."""
        self.count += 1
        playbook = self.workdir / ("play-%d.yml" % self.count)
        record = self.workdir / ("record-%d.jsonl" % self.count)
        playbook.write_text(json.dumps(plays, indent=1))
        command = ["ansible-playbook", str(playbook)] + (["--check"] if check else [])
        if forks:
            command += ["--forks", str(forks)]
        environment = dict(os.environ)
        environment.update({
            "ANSIBLE_CALLBACK_PLUGINS": str(ROOT / "scripts" / "bench_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "bench_record",
            "ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false", "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "CLOUDVPN_BENCH_RECORD": str(record),
            "TENCENTCLOUD_ENDPOINT": self.emulator.url, "TENCENTCLOUD_SECRET_ID": SECRET_ID,
            "TENCENTCLOUD_SECRET_KEY": SECRET_KEY, "TENCENTCLOUD_REGION": REGION,
        })
        environment.update(env or {})
        started = time.monotonic()
        completed = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
        wall = time.monotonic() - started
        records = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
        if not records:
            raise SystemExit("ansible-playbook recorded nothing:\n%s\n%s" % (completed.stdout, completed.stderr))
        return records, wall


def local_play(tasks, name="bench"):
    return {"name": name, "hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}


def task(name, module, args):
    return {"name": name, module: args}


def count(entries):
    entries = list(entries)
    reads = sum(1 for entry in entries if entry["kind"] == "read")
    writes = sum(1 for entry in entries if entry["kind"] == "write")
    return reads, writes


def settle(emulator):
    """Read until every connection is settled (these reads are cleared from the log)."""
    api = emulator.api()
    for _read in range(emulator.pending_reads + 2):
        api.describe_vpn_connections(filters={"vpn-gateway-id": [GATEWAY]})
    emulator.clear_log()


def seed(emulator, number):
    api = emulator.api()
    for index in range(number):
        api.create_vpn_connection({
            "VpnGatewayId": GATEWAY, "VpcId": "vpc-emu00001", "CustomerGatewayId": "cgw-emu00001",
            "VpnConnectionName": "seed-%04d" % index, "PreShareKey": "Seed-Psk-Value-1234",
            "SecurityPolicyDatabases": [{"LocalCidrBlock": "10.0.0.0/16", "RemoteCidrBlock": ["192.168.0.0/24"]}]})
    settle(emulator)


# -- calls per scenario --------------------------------------------------------------
def part_calls(emulator, ansible):
    polls = emulator.pending_reads + 1  # a transition lasts --pending-reads reads, then one read sees it settled
    rows = []

    def scenario(label, tasks, floor, check=False, reset=False):
        if reset:
            emulator.reset()
        else:
            settle(emulator)
        records, _wall = ansible.run([local_play(tasks)], check=check)
        failed = [record for record in records if record["status"] == "failed"]
        reads, writes = count(entry for entry in emulator.log() if not entry.get("fault"))
        rows.append((label, reads, writes, floor, "FAILED" if failed else ""))

    def connection(**overrides):
        return [task("connection", MODULE, dict(CONNECTION, **overrides))]

    scenario("create (wait)", connection(), 1 + 1 + polls, reset=True)
    scenario("no-op (identical re-run)", connection(), 1)
    scenario("check mode (a change)", connection(dpd_timeout=45), 1, check=True)
    scenario("change (wait)", connection(dpd_timeout=45), 1 + 1 + polls)
    scenario("change, wait: false", connection(dpd_timeout=50, wait=False), 1 + 1)
    scenario("delete, wait: false", connection(state="absent", wait=False), 1 + 1)
    scenario("create, wait: false", connection(wait=False), 1 + 1, reset=True)
    scenario("delete (wait)", connection(state="absent"), 1 + 1 + polls)
    for number in (1, 1000):
        emulator.reset()
        seed(emulator, number)
        records, _wall = ansible.run([local_play([task("info", INFO, {"vpn_gateway_id": GATEWAY})])])
        reads, writes = count(emulator.log())
        rows.append(("_info, N = %d" % number, reads, writes, math.ceil(number / PAGE_SIZE),
                     "FAILED" if records[-1]["status"] == "failed" else ""))
    print("\n## API calls per scenario (Tencent, emulator --pending-reads %d)\n" % emulator.pending_reads)
    print("| scenario | reads | writes | calls | floor | over the floor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, reads, writes, floor, note in rows:
        calls = reads + writes
        print("| %s | %d | %d | %d | %d | %+d %s|" % (
            label, reads, writes, calls, floor, calls - floor, note + " " if note else ""))


# -- per-task wall time against ansible.builtin.uri -----------------------------------
def part_task_time(emulator, ansible, rounds):
    emulator.reset()
    ansible.run([local_play([task("create", MODULE, CONNECTION)])])
    settle(emulator)
    tasks = []
    for index in range(rounds):
        tasks += [task("uri %d" % index, "ansible.builtin.uri", {"url": emulator.url + "/_emulator/health"}),
                  task("module %d" % index, MODULE, CONNECTION),
                  task("info %d" % index, INFO, {"vpn_gateway_id": GATEWAY})]
    records, _wall = ansible.run([local_play(tasks)])
    seconds = {record["task"]: record["seconds"] for record in records}
    uri = [seconds["uri %d" % index] for index in range(rounds)]
    print("\n## Per-task wall time against ansible.builtin.uri (one GET to the same emulator), %d paired rounds\n"
          % rounds)
    print("| task | median | min | max | median ratio to uri (paired) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print("| ansible.builtin.uri | %.0f ms | %.0f ms | %.0f ms | 1.00 |" % (
        statistics.median(uri) * 1000, min(uri) * 1000, max(uri) * 1000))
    for label, prefix in (("tencent_vpn_connection (no-op)", "module"), ("tencent_vpn_connection_info (N = 1)", "info")):
        values = [seconds["%s %d" % (prefix, index)] for index in range(rounds)]
        ratios = [value / base for value, base in zip(values, uri)]
        print("| %s | %.0f ms | %.0f ms | %.0f ms | %.2f |" % (
            label, statistics.median(values) * 1000, min(values) * 1000, max(values) * 1000,
            statistics.median(ratios)))


# -- the _info module process at N = 1 and N = 1000 ------------------------------------
def part_info_time(emulator, repeats):
    module_path = Path(sys.modules[TencentVpcClient.__module__].__file__).resolve().parents[2] / "modules" / \
        "tencent_vpn_connection_info.py"
    arguments = {"ANSIBLE_MODULE_ARGS": {
        "vpn_gateway_id": GATEWAY, "secret_id": SECRET_ID, "secret_key": SECRET_KEY, "region": REGION,
        "endpoint": emulator.url}}
    results = {}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(arguments, handle)
        args_file = handle.name
    try:
        for number in (1, 1000):
            emulator.reset()
            seed(emulator, number)
            times = []
            for _run in range(repeats):
                started = time.monotonic()
                completed = subprocess.run([sys.executable, str(module_path), args_file], capture_output=True,
                                           text=True, check=False)
                times.append(time.monotonic() - started)
                listed = len(json.loads(completed.stdout).get("vpn_connections", []))
                if listed != number:
                    raise SystemExit("the _info module listed %d connections, expected %d: %s"
                                     % (listed, number, completed.stdout[-500:]))
            results[number] = times
    finally:
        os.unlink(args_file)
    print("\n## The _info module process (python module.py args.json: start, import, list, shape, print), "
          "%d runs each\n" % repeats)
    print("| connections | median | min | max |")
    print("| ---: | ---: | ---: | ---: |")
    for number, times in results.items():
        print("| %d | %.0f ms | %.0f ms | %.0f ms |" % (
            number, statistics.median(times) * 1000, min(times) * 1000, max(times) * 1000))
    print("\nN = 1000 / N = 1 (medians): %.2f" % (statistics.median(results[1000]) / statistics.median(results[1])))


# -- a fleet under a rate limit -------------------------------------------------------
def part_fleet(emulator, ansible, size, forks, rate):
    rows = []
    for label, env in (("without pacing", {}), ("rate_limit %g" % rate, {"CLOUDVPN_RATE_LIMIT": "%g" % rate})):
        emulator.reset()
        emulator.rate_limit(rate)
        with tempfile.TemporaryDirectory() as runtime:
            plays = [
                local_play([{"name": "add the fleet", "ansible.builtin.add_host": {
                    "name": "fleet-{{ item }}", "groups": "fleet", "ansible_connection": "local",
                    "ansible_python_interpreter": sys.executable}, "loop": "{{ range(%d) | list }}" % size}]),
                {"name": "fleet", "hosts": "fleet", "gather_facts": False, "tasks": [
                    task("create", MODULE, dict(CONNECTION, name="{{ inventory_hostname }}"))]},
            ]
            records, wall = ansible.run(plays, env=dict(env, XDG_RUNTIME_DIR=runtime), forks=forks)
        entries = emulator.log()
        emulator.rate_limit(None)
        throttled = sum(1 for entry in entries if entry.get("fault") == "rate_limit")
        accepted = len(entries) - throttled
        creates = sum(1 for entry in entries if entry["action"] == "CreateVpnConnection" and not entry.get("fault"))
        failed = sum(1 for record in records if record["task"] == "create" and record["status"] == "failed")
        floor = accepted / rate
        rows.append((label, wall, floor, accepted, throttled, creates, failed))
    print("\n## %d creates, forks %d, emulator limit %g requests/s per credential (burst %g)\n"
          % (size, forks, rate, max(1.0, rate)))
    print("| run | wall | floor (accepted / rate) | wall / floor | accepted requests | throttled answers "
          "| throttled / accepted | creates sent | failed tasks |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, wall, floor, accepted, throttled, creates, failed in rows:
        print("| %s | %.1f s | %.1f s | %.2f | %d | %d | %.1f %% | %d | %d |" % (
            label, wall, floor, wall / floor, accepted, throttled, 100.0 * throttled / accepted, creates, failed))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default=",".join(PARTS),
                        help="comma-separated parts to run (default: all: %s)" % ",".join(PARTS))
    parser.add_argument("--skip", default="", help="comma-separated parts to skip, e.g. --skip fleet")
    parser.add_argument("--rounds", type=int, default=7, help="paired rounds for task-time (default 7)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per N for info-time (default 5)")
    parser.add_argument("--fleet-size", type=int, default=200, help="connections the fleet creates (default 200)")
    parser.add_argument("--fleet-forks", type=int, default=10, help="forks of the fleet run (default 10)")
    parser.add_argument("--fleet-rate", type=float, default=5.0,
                        help="the emulator's limit and the rate_limit, requests/s (default 5)")
    parser.add_argument("--pending-reads", type=int, default=1,
                        help="the emulator's --pending-reads (default 1)")
    args = parser.parse_args(argv)
    wanted = [part.strip() for part in args.parts.split(",") if part.strip()]
    skipped = {part.strip() for part in args.skip.split(",") if part.strip()}
    unknown = (set(wanted) | skipped) - set(PARTS)
    if unknown:
        parser.error("unknown part(s) %s; parts: %s" % (", ".join(sorted(unknown)), ", ".join(PARTS)))
    selected = [part for part in PARTS if part in wanted and part not in skipped]

    print("# cloudvpn.ipsec benchmark")
    not_run = [part for part in PARTS if part not in selected]
    print("\nparts run: %s; not run: %s" % (", ".join(selected) or "none", ", ".join(not_run) or "none"))
    print("machine: %d CPUs, Python %s, %s" % (os.cpu_count() or 0, sys.version.split()[0],
                                               time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))
    emulator = Emulator(args.pending_reads)
    try:
        with tempfile.TemporaryDirectory() as workdir:
            ansible = Ansible(emulator, workdir)
            for part in selected:
                started = time.monotonic()
                if part == "calls":
                    part_calls(emulator, ansible)
                elif part == "task-time":
                    part_task_time(emulator, ansible, args.rounds)
                elif part == "info-time":
                    part_info_time(emulator, args.repeats)
                else:
                    part_fleet(emulator, ansible, args.fleet_size, args.fleet_forks, args.fleet_rate)
                print("\n(%s took %.0f s)" % (part, time.monotonic() - started))
                sys.stdout.flush()
    finally:
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
