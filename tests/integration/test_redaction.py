# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""No secret leaks, whatever spelling a provider echoes it in (issue 5).

These tests run their own emulator, whose credential has a security token,
and make it answer with the ``echo`` fault: an error whose message holds
the request (pre-shared key included) and the credential's secret key and
token, in one of the encodings real APIs and gateways use. The module must
fail with the provider's code and show none of the secrets, in any
spelling, in its result or in ansible-playbook's -vvv output.
"""

from __future__ import annotations

import base64
import html
import json
import re
import subprocess
import sys
from urllib.parse import unquote, unquote_plus

import pytest
from cloudvpn_emulator.admin import AdminClient
from cloudvpn_emulator.faults import ECHO_ENCODINGS

from conftest import SECRET_ID, Emulator

MODULE = "tencent_vpn_connection"
INFO = "tencent_vpn_connection_info"
# Symbols that every encoding spells differently. Every secret is visible ASCII: the input rules
# refuse anything else in a key or pre-shared key, so mojibake of a non-ASCII secret is covered by
# the unit tests of the redactor (tests/unit/plugins/module_utils/test_redaction.py) only.
PSK = "Psk/Sup3r+S3cret=Val&ue!1"
SECRET_KEY = "Emu/Secret+Key=42&x"
TOKEN = "Emu-Token/Value+123="
SECRETS = (PSK, SECRET_KEY, TOKEN)

ARGS = {"name": "office", "vpn_gateway_id": "vpngw-emu00001", "vpc_id": "vpc-emu00001",
        "customer_gateway_id": "cgw-emu00001", "pre_shared_key": PSK}


class TokenEmulator(AdminClient):
    """The emulator, as conftest starts it, but with one credential that has a security token."""

    stop = Emulator.stop

    def __init__(self, credentials_file):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cloudvpn_emulator", "--port", "0", "--credentials", str(credentials_file)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("cloudvpn emulator listening on "):
            self.process.kill()
            raise RuntimeError("emulator did not start: %r %s" % (line, self.process.stderr.read()))
        self.url = line.rsplit(" ", 1)[-1]
        super().__init__(self.url)


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    """Overrides conftest's emulator for this module (``ansible`` and the reset fixture use it)."""
    credentials = tmp_path_factory.mktemp("credentials") / "credentials.json"
    credentials.write_text(json.dumps({"tencent": [{"key_id": SECRET_ID, "secret": SECRET_KEY, "token": TOKEN}]}))
    instance = TokenEmulator(credentials)
    yield instance
    instance.stop()


ENV = {"TENCENTCLOUD_SECRET_KEY": SECRET_KEY, "TENCENTCLOUD_SECURITY_TOKEN": TOKEN,
       "ANSIBLE_DISPLAY_TRACEBACK": "always"}


def _unescape_backslashes(text):
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), text)
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text.replace("\\/", "/").replace('\\"', '"').replace("\\\\", "\\")


def _base64_decodings(text):
    for run in re.findall(r"[A-Za-z0-9+/_-]{8,}=*", text):
        run = run.rstrip("=").replace("-", "+").replace("_", "/")
        for skip in range(4):
            chunk = run[skip:][:len(run[skip:]) // 4 * 4]
            if chunk:
                yield base64.b64decode(chunk).decode("utf-8", "replace")


def readings(text):
    """``text`` and every decoding of it an attacker would try."""
    yield text
    yield unquote(text)
    yield unquote_plus(text)
    yield unquote(unquote(text))
    yield html.unescape(text)
    yield _unescape_backslashes(text)
    yield _unescape_backslashes(_unescape_backslashes(text))
    yield text.encode("latin-1", "ignore").decode("utf-8", "ignore")
    yield from _base64_decodings(text)


def assert_no_secret(*texts):
    for text in texts:
        for secret in SECRETS:
            for encoding in ECHO_ENCODINGS.values():
                assert encoding(secret) not in text
            for reading in readings(text):
                assert secret not in reading, "a secret shows in: %s" % reading[:2000]


def strings_of(value):
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_of(item)]
    return [value] if isinstance(value, str) else []


def test_without_a_fault_the_token_is_accepted(ansible, emulator):
    """The scenario is real: this emulator requires the token, and the module sends it."""
    run = ansible(MODULE, ARGS, env=ENV)
    assert run.rc == 0, run.stdout
    refused = ansible(MODULE, ARGS, env=dict(ENV, TENCENTCLOUD_SECURITY_TOKEN="another-token"))
    assert refused.failed and refused.result["error"]["code"] == "AuthFailure.TokenFailure"


@pytest.mark.parametrize("encoding", sorted(ECHO_ENCODINGS))
def test_echoed_secrets_never_shown(ansible, emulator, encoding):
    emulator.fault("echo", 1, encoding=encoding)
    run = ansible(MODULE, ARGS, env=ENV, verbosity=3)
    assert run.rc != 0 and run.failed
    result = run.result
    assert result["error"]["code"] == "AuthFailure.SignatureFailure"
    assert result["error"]["action"] == "CreateVpnConnection"
    assert "The request was:" in result["msg"]
    assert [entry.get("encoding") for entry in emulator.log() if entry.get("fault")] == [encoding]
    assert_no_secret(run.stdout, run.stderr, json.dumps(result), *strings_of(result))
    assert emulator.log_text().count(PSK) == 0


def test_token_with_a_trailing_newline_fails_cleanly_without_showing_it(ansible, emulator):
    run = ansible(MODULE, ARGS, env=dict(ENV, TENCENTCLOUD_SECURITY_TOKEN=TOKEN + "\n"), verbosity=3)
    assert run.failed
    assert "Traceback" not in run.result["msg"]
    assert_no_secret(run.stdout, run.stderr, json.dumps(run.result))
    assert [entry for entry in emulator.log() if entry["kind"] == "write"] == []
