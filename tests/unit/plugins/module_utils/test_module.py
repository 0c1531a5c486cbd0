# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
from unittest import mock

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils import module as module_utils
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import int_range
from ansible_collections.cloudvpn.ipsec.tests.unit.plugins.module_utils.test_reconcile import (
    EXISTING,
    FakeAdapter,
    reconciler,
)
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


COMMON_SPEC = dict(region=dict(type="str"), endpoint=dict(type="str"), secret_key=dict(type="str", no_log=True),
                   name=dict(type="str"), **module_utils.HTTP_OPTIONS)


@pytest.mark.parametrize("args, message", [
    ({"region": "x@evil.example:443/"}, "region: 'x@evil.example:443/' is not a valid region"),
    ({"region": "ap-guangzhou", "http_timeout": 0}, "http_timeout: 0 is out of range (allowed: 1 to 600)"),
    ({"region": "ap-guangzhou", "endpoint": "https://host/path"}, "endpoint: 'https://host/path' has a path"),
    ({"region": "ap-guangzhou", "name": "a\u202eb"}, "name: contains control or bidirectional override"),
])
def test_common_rules_apply_without_module_rules(capsys, args, message):
    body = mock.Mock(return_value={"changed": False})
    with patch_module_args(args), pytest.raises(SystemExit) as exited:
        module = module_utils.CloudVpnModule(COMMON_SPEC, region_pattern=r"[a-z]{2}-[a-z]+")
        module.run(body)
    result = json.loads(capsys.readouterr().out)
    assert exited.value.code == 1 and result["msg"].startswith(message)
    body.assert_not_called()


def test_a_bad_secret_fails_without_showing_it(capsys):
    with patch_module_args({"secret_key": "Zq7-TopSecret\n"}), pytest.raises(SystemExit):
        module_utils.CloudVpnModule(COMMON_SPEC)
    output = capsys.readouterr().out
    result = json.loads(output)
    assert result["msg"] == ("secret_key: has whitespace at the start or end "
                             "(allowed: no leading or trailing whitespace)")
    assert "TopSecret" not in output


def test_any_exception_fails_cleanly_and_masked(capsys):
    token = "Tok3n-Secret-Value"

    def body(module):
        # What requests raises for a header value ending in a newline: the value, repr'd, in the message.
        # (The input rules now refuse such a token before any request; this is the second line of defence.)
        raise ValueError("Invalid leading whitespace, reserved character(s), or return character(s) in header "
                         "value: %r" % (token + "\n"))
    code, result = run_module({"psk": token}, body, capsys=capsys)
    assert code == 1 and result["failed"]
    assert result["msg"].startswith("unexpected error (ValueError): Invalid leading whitespace")
    assert "Tok3n" not in json.dumps(result)


def test_traceback_is_returned_masked_when_ansible_asks_for_it(capsys, monkeypatch):
    try:
        from ansible.module_utils._internal import _traceback
    except ImportError:  # ansible-core < 2.19 always returns ``exception`` when it is given
        pass
    else:
        monkeypatch.setattr(_traceback, "_is_traceback_enabled", lambda event: True)

    def body(module):
        try:
            {}["Tok3n-Secret-Value"]
        except KeyError as error:
            raise RuntimeError("lookup failed") from error
    code, result = run_module({"psk": "Tok3n-Secret-Value"}, body, capsys=capsys)
    assert code == 1
    assert "Traceback" in result["exception"] and "KeyError" in result["exception"]
    assert "Tok3n" not in json.dumps(result)


def test_provider_message_is_masked_then_cut(capsys):
    secret = "TopSecret-Value-3"
    body_text = "<html>" + "x" * 795 + secret + "y" * 5000 + "</html>"

    def body(module):
        raise ProviderError("HTTP 502", body_text, http_status=502, action="DescribeVpnConnections")
    code, result = run_module({"psk": secret}, body, capsys=capsys)
    assert code == 1 and "TopS" not in json.dumps(result)
    assert result["error"]["message"].endswith("more characters)")
    assert len(result["error"]["message"]) < 1000 and len(result["msg"]) < 1100


def test_warnings_are_masked(capsys):
    def body(module):
        module.warn("the key TopSecret-4 looks weak")
        return {"changed": False}
    code, result = run_module({"psk": "TopSecret-4"}, body, capsys=capsys)
    assert code == 0 and "TopSecret-4" not in json.dumps(result)
    assert "the key ******** looks weak" in json.dumps(result["warnings"])


def test_shaped_keys_are_returned_as_built(capsys):
    listing = [{"id": "vpnx-1", "name": "office"}]
    with patch_module_args({"psk": "TopSecret-5"}), pytest.raises(SystemExit):
        module = module_utils.CloudVpnModule(SPEC, supports_check_mode=True)
        module.run(lambda: {"changed": False, "vpn_connections": listing, "note": "TopSecret-5"},
                   shaped=("vpn_connections",))
    result = json.loads(capsys.readouterr().out)
    assert result["vpn_connections"] == listing and "TopSecret-5" not in json.dumps(result)


# -- the managing modules' run (desired_options, manage) ---------------------------------

def test_desired_options_are_the_connection_options_and_the_common_ones():
    params = {"state": "present", "id": None, "name": "t", "pre_shared_key": "k-123", "gateway": "g1",
              "ike": None, "wait": True, "region": "r1"}
    assert module_utils.desired_options(params, {"gateway": {}, "ike": {}}) == {
        "gateway": "g1", "ike": None, "id": None, "name": "t", "pre_shared_key": "k-123"}


@pytest.mark.parametrize("state, writes, connection", [
    ("present", [("update", {"ike": {"lifetime": 200}})], dict(EXISTING, ike={"mode": "MAIN", "lifetime": 200})),
    ("absent", [("delete", "c-1")], {}),
])
def test_manage_runs_the_state_asked_for(state, writes, connection):
    adapter = FakeAdapter([EXISTING])
    params = {"state": state, "id": None, "name": "t", "pre_shared_key": None, "ike": {"lifetime": 200}}
    result = module_utils.manage(reconciler(adapter), params, module_utils.desired_options(params, {"ike": {}}))
    assert result["changed"] is True and adapter.writes == writes
    shown = {key: value for key, value in result["vpn_connection"].items() if key != "state"}
    assert shown == {key: value for key, value in connection.items() if key != "pre_shared_key"}
