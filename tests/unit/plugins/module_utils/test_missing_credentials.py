# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The "missing required arguments" failure names the environment variables the options fall back to."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudvpn.ipsec.plugins.module_utils import module as module_utils
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.common import TENCENT_OPTIONS
from ansible_collections.cloudvpn.ipsec.tests.unit.module_args import patch_module_args

TENCENT_VARIABLES = ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN",
                     "TENCENTCLOUD_REGION", "TENCENTCLOUD_ENDPOINT")


def start(spec, args, capsys):
    """Build a CloudVpnModule; return (exit code, result) when it fails, or (None, module)."""
    with patch_module_args(args):
        try:
            return None, module_utils.CloudVpnModule(spec, supports_check_mode=True)
        except SystemExit as exited:
            return exited.code, json.loads(capsys.readouterr().out)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in TENCENT_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_tencent_missing_credentials_name_the_variables(capsys):
    code, result = start(TENCENT_OPTIONS, {}, capsys)
    assert code == 1
    assert result["msg"] == (
        "missing required arguments: region, secret_id, secret_key (set them in the task, in module_defaults, "
        "or in the environment: region: TENCENTCLOUD_REGION, secret_id: TENCENTCLOUD_SECRET_ID, "
        "secret_key: TENCENTCLOUD_SECRET_KEY)")


def test_only_the_missing_ones_are_named(capsys, monkeypatch):
    monkeypatch.setenv("TENCENTCLOUD_SECRET_ID", "AKIDEXAMPLE")
    code, result = start(TENCENT_OPTIONS, {"region": "ap-guangzhou"}, capsys)
    assert code == 1
    assert result["msg"] == ("missing required arguments: secret_key (set them in the task, in module_defaults, "
                             "or in the environment: secret_key: TENCENTCLOUD_SECRET_KEY)")


def test_every_fallback_variable_is_named(capsys):
    spec = dict(key=dict(type="str", required=True, fallback=(env_fallback, ["NEW_NAME_KEY", "OLD_NAME_KEY"])))
    code, result = start(spec, {}, capsys)
    assert code == 1 and result["msg"].endswith("environment: key: NEW_NAME_KEY or OLD_NAME_KEY)")


def test_required_options_without_a_variable_keep_ansibles_message(capsys):
    spec = dict(name=dict(type="str", required=True))
    code, result = start(spec, {}, capsys)
    assert code == 1 and result["msg"] == "missing required arguments: name"


def test_nested_missing_options_keep_ansibles_message(capsys, monkeypatch):
    monkeypatch.setenv("TENCENTCLOUD_SECRET_ID", "AKIDEXAMPLE")
    spec = dict(TENCENT_OPTIONS, rules=dict(type="list", elements="dict", options=dict(cidr=dict(required=True))))
    code, result = start(spec, {"region": "ap-guangzhou", "secret_key": "k", "rules": [{}]}, capsys)
    assert code == 1 and "environment" not in result["msg"] and "cidr" in result["msg"]


def test_credentials_from_the_environment_start_the_module(capsys, monkeypatch):
    monkeypatch.setenv("TENCENTCLOUD_SECRET_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("TENCENTCLOUD_SECRET_KEY", "example-key")
    monkeypatch.setenv("TENCENTCLOUD_REGION", "ap-guangzhou")
    code, module = start(TENCENT_OPTIONS, {}, capsys)
    assert code is None and module.params["region"] == "ap-guangzhou"


def test_empty_variables_count_as_unset(capsys, monkeypatch):
    """AWX credential types inject optional fields left empty as empty variables."""
    monkeypatch.setenv("TENCENTCLOUD_SECRET_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("TENCENTCLOUD_SECRET_KEY", "")
    monkeypatch.setenv("TENCENTCLOUD_REGION", "ap-guangzhou")
    monkeypatch.setenv("TENCENTCLOUD_ENDPOINT", "")
    monkeypatch.setenv("TENCENTCLOUD_SECURITY_TOKEN", "")
    code, result = start(TENCENT_OPTIONS, {}, capsys)
    assert code == 1 and result["msg"].startswith("missing required arguments: secret_key (")
    monkeypatch.setenv("TENCENTCLOUD_SECRET_KEY", "example-key")
    code, module = start(TENCENT_OPTIONS, {}, capsys)
    assert code is None
    assert module.params["endpoint"] is None and module.params["security_token"] is None
