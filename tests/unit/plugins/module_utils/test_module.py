# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
from unittest import mock

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils import module as module_utils
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import int_range
from ansible_collections.cloudvpn.ipsec.tests.unit.module_args import patch_module_args

SPEC = dict(psk=dict(type="str", no_log=True), ike=dict(type="dict", options=dict(lifetime=dict(type="int"))),
            **module_utils.HTTP_OPTIONS)


def run_module(args, body, rules=None, capsys=None):
    with patch_module_args(args), pytest.raises(SystemExit) as exited:
        module = module_utils.CloudVpnModule(SPEC, rules, supports_check_mode=True)
        module.run(lambda: body(module))
    return exited.value.code, json.loads(capsys.readouterr().out)


def test_missing_requests_fails_cleanly(capsys):
    with mock.patch.object(module_utils, "HAS_REQUESTS", False):
        code, result = run_module({}, lambda module: {"changed": False}, capsys=capsys)
    assert code == 1 and result["failed"]
    assert "requests" in result["msg"] and "Python" in result["msg"]


def test_validation_fails_naming_the_option(capsys):
    code, result = run_module({"ike": {"lifetime": 5}}, lambda module: {"changed": False},
                              rules={"ike.lifetime": [int_range(60, 100)]}, capsys=capsys)
    assert code == 1 and result["msg"] == "ike.lifetime: 5 is out of range (allowed: 60 to 100)"


def test_provider_error_is_redacted_and_structured(capsys):
    def body(module):
        raise ProviderError("SignatureDoesNotMatch", "string to sign: Psk%253DTopSecret-1%2526",
                            http_status=400, request_id="req-1", action="CreateVpnConnection")
    code, result = run_module({"psk": "TopSecret-1&"}, body, capsys=capsys)
    assert code == 1
    assert "TopSecret" not in json.dumps(result)
    assert result["error"]["code"] == "SignatureDoesNotMatch" and result["error"]["request_id"] == "req-1"
    assert "CreateVpnConnection failed: SignatureDoesNotMatch" in result["msg"]


def test_results_are_masked_by_content(capsys):
    code, result = run_module({"psk": "TopSecret-2"}, lambda module: {"changed": True, "note": "key TopSecret-2",
                                                                      "diff": {"after": {"pre_shared_key": "<hidden>"}}},
                              capsys=capsys)
    assert code == 0 and "TopSecret-2" not in json.dumps(result)
    assert result["diff"]["after"]["pre_shared_key"] == "<hidden>"


def test_bad_retry_environment_fails_clearly(capsys, monkeypatch):
    monkeypatch.setenv("CLOUDVPN_RETRY_MAX_ATTEMPTS", "many")
    code, result = run_module({}, lambda module: module.http_client("X") and {}, capsys=capsys)
    assert code == 1 and "CLOUDVPN_RETRY_MAX_ATTEMPTS" in result["msg"]
