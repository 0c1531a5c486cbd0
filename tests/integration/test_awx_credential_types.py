# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AWX credential types (extensions/awx/credential_types/): what they inject, and a job run with it.

AWX renders each injector with Jinja2's ImmutableSandboxedEnvironment and the credential's inputs;
fields left empty render as empty strings. The job run goes through ansible-runner, as AWX runs
jobs, with no variables but the injected ones (and where the collection is installed).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from conftest import COLLECTION_ROOT, REGION, SECRET_ID, SECRET_KEY, collections_path

TYPES = COLLECTION_ROOT / "extensions" / "awx" / "credential_types"
PLAYBOOK = COLLECTION_ROOT / "docs" / "examples" / "first_playbook.yml"

# docs/interface.md, "Credentials and endpoints": option -> the variable the modules read first.
CONTRACT = {
    "tencent": {"secret_id": "TENCENTCLOUD_SECRET_ID", "secret_key": "TENCENTCLOUD_SECRET_KEY",
                "security_token": "TENCENTCLOUD_SECURITY_TOKEN", "region": "TENCENTCLOUD_REGION",
                "endpoint": "TENCENTCLOUD_ENDPOINT"},
    "alibaba": {"access_key_id": "ALIBABA_CLOUD_ACCESS_KEY_ID", "access_key_secret": "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                "security_token": "ALIBABA_CLOUD_SECURITY_TOKEN", "region": "ALIBABA_CLOUD_REGION_ID",
                "endpoint": "ALIBABA_CLOUD_ENDPOINT"},
    "huawei": {"access_key": "HW_ACCESS_KEY", "secret_key": "HW_SECRET_KEY", "security_token": "HW_SECURITY_TOKEN",
               "region": "HW_REGION_NAME", "project_id": "HW_PROJECT_ID", "endpoint": "HW_VPN_ENDPOINT",
               "iam_endpoint": "HW_IAM_ENDPOINT"},
    "baidu": {"access_key": "BAIDUCLOUD_ACCESS_KEY", "secret_key": "BAIDUCLOUD_SECRET_KEY",
              "security_token": "BAIDUCLOUD_SESSION_TOKEN", "region": "BAIDUCLOUD_REGION",
              "endpoint": "BAIDUCLOUD_ENDPOINT"},
}
SECRET_FIELDS = {"secret_key", "access_key_secret", "security_token"}


def load(provider):
    return yaml.safe_load((TYPES / ("%s.yml" % provider)).read_text(encoding="utf-8"))


def render(credential_type, inputs):
    """The environment AWX injects for a credential with these inputs."""
    sandbox = ImmutableSandboxedEnvironment()
    return {name: sandbox.from_string(template).render(**inputs)
            for name, template in credential_type["injectors"]["env"].items()}


def variables_in_code(provider):
    """option -> first fallback variable, from the provider's argument specs (``{}`` while it has none)."""
    try:
        common = importlib.import_module("ansible_collections.cloudvpn.ipsec.plugins.module_utils.%s.common" % provider)
    except ModuleNotFoundError:
        return {}
    found = {}
    for value in vars(common).values():
        if isinstance(value, dict):
            for name, option in value.items():
                fallback = option.get("fallback") if isinstance(option, dict) else None
                if fallback and len(fallback) == 2 and fallback[1]:
                    found[name] = fallback[1][0]
    return found


def test_there_is_one_type_per_provider():
    assert sorted(path.stem for path in TYPES.glob("*.yml")) == sorted(CONTRACT)


@pytest.mark.parametrize("provider", sorted(CONTRACT))
def test_injectors_set_the_variables_the_modules_read(provider):
    credential_type = load(provider)
    assert credential_type["kind"] == "cloud"
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    assert set(fields) == set(CONTRACT[provider])
    assert {name for name, field in fields.items() if field.get("secret")} == SECRET_FIELDS & set(fields)
    assert all(fields[name]["type"] == "string" for name in fields)
    assert set(credential_type["inputs"]["required"]) < set(fields)

    inputs = {name: "value-of-%s" % name for name in fields}
    injected = render(credential_type, inputs)
    assert injected == {variable: "value-of-%s" % name for name, variable in CONTRACT[provider].items()}

    in_code = variables_in_code(provider)
    for name, variable in in_code.items():
        if name in fields:
            assert CONTRACT[provider][name] == variable, "%s: the module reads %s first" % (name, variable)


@pytest.mark.parametrize("provider", sorted(CONTRACT))
def test_optional_fields_left_empty_render_empty(provider):
    credential_type = load(provider)
    required = credential_type["inputs"]["required"]
    injected = render(credential_type, {name: "x" for name in required})
    assert {name for name, value in injected.items() if value} == {CONTRACT[provider][name] for name in required}


def test_an_awx_job_runs_with_exactly_the_injected_environment(emulator, tmp_path):
    """ansible-runner runs the README's first playbook with the Tencent credential's environment only."""
    psk = "Awx-Job-Pre-Shared-Key-7"
    inputs = {"secret_id": SECRET_ID, "secret_key": SECRET_KEY, "region": REGION, "endpoint": emulator.url}
    injected = render(load("tencent"), inputs)
    assert injected["TENCENTCLOUD_SECURITY_TOKEN"] == ""  # left empty, as most users do

    job = tmp_path / "job"
    (job / "project").mkdir(parents=True)
    (job / "project" / PLAYBOOK.name).write_text(PLAYBOOK.read_text(encoding="utf-8"), encoding="utf-8")
    (job / "inventory").mkdir()
    (job / "inventory" / "hosts").write_text(
        "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable, encoding="utf-8")
    (job / "env").mkdir()
    envvars = dict(injected, ANSIBLE_COLLECTIONS_PATH=collections_path())
    (job / "env" / "envvars").write_text(json.dumps(envvars), encoding="utf-8")
    (job / "env" / "extravars").write_text(json.dumps({
        "vpn_gateway_id": "vpngw-emu00001", "vpc_id": "vpc-emu00001", "customer_gateway_id": "cgw-emu00001",
        "vault_office_psk": psk}), encoding="utf-8")

    # Nothing of the test's own environment but what finds programs and a home.
    process_env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "VIRTUAL_ENV") if name in os.environ}
    completed = subprocess.run(
        ["ansible-runner", "run", str(job), "-p", PLAYBOOK.name, "--ident", "job1"],
        env=process_env, capture_output=True, text=True, timeout=300, check=False)
    artifacts = job / "artifacts" / "job1"
    stdout = (artifacts / "stdout").read_text(encoding="utf-8") if (artifacts / "stdout").exists() else ""
    assert completed.returncode == 0, completed.stdout + completed.stderr + stdout
    assert (artifacts / "status").read_text(encoding="utf-8") == "successful"

    events = [json.loads(path.read_text(encoding="utf-8")) for path in (artifacts / "job_events").glob("*.json")]
    results = [event["event_data"]["res"] for event in events
               if event.get("event") == "runner_on_ok" and "vpn_connection" in event["event_data"].get("res", {})]
    assert len(results) == 1 and results[0]["changed"] is True
    assert results[0]["vpn_connection"]["name"] == "office"

    log = emulator.log()
    assert "CreateVpnConnection" in [entry["action"] for entry in log]
    assert all(entry["status"] == 200 and entry["region"] == REGION for entry in log)
    for path in [artifacts / "stdout", *(artifacts / "job_events").glob("*.json")]:
        text = path.read_text(encoding="utf-8")
        assert SECRET_KEY not in text and psk not in text, path.name
