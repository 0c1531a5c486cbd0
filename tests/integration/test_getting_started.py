# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a new user meets first: the README's playbook, a forgotten credential, a value in the wrong case."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from conftest import COLLECTION_ROOT, REGION, SECRET_ID, SECRET_KEY, collections_path

PLAYBOOK = COLLECTION_ROOT / "docs" / "examples" / "first_playbook.yml"
EMULATOR_IDS = {"vpn_gateway_id": "vpngw-emu00001", "vpc_id": "vpc-emu00001", "customer_gateway_id": "cgw-emu00001"}
PSK = "First-Playbook-Key-42"


def run_playbook(emulator, tmp_path, *arguments, **environment):
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps(dict(EMULATOR_IDS, vault_office_psk=PSK)), encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if not name.startswith("TENCENTCLOUD_")}
    env.update({"ANSIBLE_COLLECTIONS_PATH": collections_path(), "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
                "ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCALHOST_WARNING": "false",
                "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false", "TENCENTCLOUD_ENDPOINT": emulator.url})
    env.update(environment)
    return subprocess.run(["ansible-playbook", str(PLAYBOOK), "-e", "@%s" % extra, *arguments], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_the_readme_shows_the_example_playbook_verbatim():
    readme = (COLLECTION_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.S)
    assert PLAYBOOK.read_text(encoding="utf-8") in blocks


def test_the_first_playbook_creates_then_changes_nothing(emulator, tmp_path):
    credentials = {"TENCENTCLOUD_SECRET_ID": SECRET_ID, "TENCENTCLOUD_SECRET_KEY": SECRET_KEY,
                   "TENCENTCLOUD_REGION": REGION}
    first = run_playbook(emulator, tmp_path, **credentials)
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"localhost\s*: ok=2\s+changed=1\s", first.stdout)
    assert re.search(r'"msg": "vpnx-\w+ is (PENDING|AVAILABLE)"', first.stdout)
    emulator.clear_log()
    second = run_playbook(emulator, tmp_path, **credentials)
    assert second.returncode == 0 and re.search(r"localhost\s*: ok=2\s+changed=0\s", second.stdout)
    assert [entry["kind"] for entry in emulator.log()] == ["read"]
    assert PSK not in first.stdout + second.stdout


def test_a_forgotten_credential_names_its_environment_variable(emulator, tmp_path):
    run = run_playbook(emulator, tmp_path, TENCENTCLOUD_SECRET_ID=SECRET_ID, TENCENTCLOUD_REGION=REGION)
    assert run.returncode == 2
    assert ("missing required arguments: secret_key (set them in the task, in module_defaults, or in the "
            "environment: secret_key: TENCENTCLOUD_SECRET_KEY)") in run.stdout
    assert emulator.log() == []


def test_enumerations_take_the_documented_spelling_only(ansible, emulator):
    """``choices`` are exact, as everywhere in Ansible: ``ikev2`` fails before any request, listing the spellings."""
    run = ansible("tencent_vpn_connection", {
        "name": "office", "vpn_gateway_id": "vpngw-emu00001", "vpc_id": "vpc-emu00001",
        "customer_gateway_id": "cgw-emu00001", "pre_shared_key": PSK, "ike": {"version": "ikev2"}})
    assert run.failed
    assert "ikev2" in run.result["msg"] and "IKEV1, IKEV2" in run.result["msg"]
    assert emulator.log() == []
