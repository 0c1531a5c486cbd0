# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""report_api_calls: HttpClient records each call's action, attempts and outcome; modules return them on request."""

from __future__ import annotations

import json

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils import module as module_utils
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import SignableRequest
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.transport import HttpClient, RetryPolicy
from ansible_collections.cloudvpn.ipsec.tests.unit.module_args import patch_module_args


class Answer:
    def __init__(self, code=None):
        self.status_code = 200
        self.code = code


class ScriptedSession:
    """Answers requests from a script, in order."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.headers = {}

    def request(self, method, url, **kwargs):
        return self.answers.pop(0)


def parse(answer):
    if answer.code:
        raise ProviderError(answer.code, "refused with key TopSecret-9", http_status=200)
    return {"ok": True}


def retryable(error):
    return error.code == "Throttled"


def client_with(answers):
    client = HttpClient("Test", retry_policy=RetryPolicy(max_attempts=3), sleep=lambda seconds: None)
    client.session = ScriptedSession(answers)
    return client


def prepare():
    return SignableRequest("POST", "https://api.example.test/", headers={})


def test_each_call_is_recorded_with_its_attempts_and_outcome():
    client = client_with([Answer(), Answer("Throttled"), Answer(), Answer("Throttled"), Answer("Throttled"),
                          Answer("Throttled"), Answer("InvalidParameter")])
    client.call("Describe", prepare, parse, retryable)
    client.call("Create", prepare, parse, retryable, idempotent=False)
    with pytest.raises(ProviderError):
        client.call("Modify", prepare, parse, retryable)
    with pytest.raises(ProviderError):
        client.call("Delete", prepare, parse, retryable)
    assert client.api_calls == [
        {"action": "Describe", "attempts": 1, "outcome": "ok"},
        {"action": "Create", "attempts": 2, "outcome": "ok"},
        {"action": "Modify", "attempts": 3, "outcome": "Throttled"},
        {"action": "Delete", "attempts": 1, "outcome": "InvalidParameter"},
    ]


SPEC = dict(psk=dict(type="str", no_log=True), **module_utils.HTTP_OPTIONS)


def run_module(args, capsys, answers, fail=False):
    def body(module):
        client = module.http_client("Test")
        client.session = ScriptedSession(answers)
        client.call("Describe", prepare, parse, retryable)
        return {"changed": False}

    with patch_module_args(args), pytest.raises(SystemExit):
        module = module_utils.CloudVpnModule(SPEC, supports_check_mode=True)
        module.run(lambda: body(module))
    return json.loads(capsys.readouterr().out)


def test_modules_return_the_calls_only_when_asked(capsys):
    assert "api_calls" not in run_module({}, capsys, [Answer()])
    result = run_module({"report_api_calls": True}, capsys, [Answer()])
    assert result["api_calls"] == [{"action": "Describe", "attempts": 1, "outcome": "ok"}]


def test_failures_return_the_calls_too_without_secrets(capsys):
    result = run_module({"report_api_calls": True, "psk": "TopSecret-9"}, capsys, [Answer("InvalidParameter")])
    assert result["failed"] and result["api_calls"] == [
        {"action": "Describe", "attempts": 1, "outcome": "InvalidParameter"}]
    assert "TopSecret-9" not in json.dumps(result)
