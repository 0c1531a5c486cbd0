"""A signing client for the emulator's own tests (the admin API client is the package's ``AdminClient``).

The client signs with the collection's signers (found like the emulator
finds them: PYTHONPATH, $CLOUDVPN_COLLECTION, or a checkout above the
current directory) and sends with urllib, so these tests need nothing
beyond the standard library and pytest.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlencode

EMULATOR_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if EMULATOR_ROOT not in sys.path:
    sys.path.insert(0, EMULATOR_ROOT)

from cloudvpn_emulator import collection  # noqa: E402  pylint: disable=wrong-import-position
from cloudvpn_emulator.admin import AdminClient as Admin  # noqa: E402  pylint: disable=wrong-import-position
from cloudvpn_emulator.server import start_emulator  # noqa: E402  pylint: disable=wrong-import-position

__all__ = ["Admin", "Answer", "EMULATOR_ROOT", "LegacyAnswer", "LegacyClient", "SECRET_ID", "SECRET_KEY", "TencentClient",
           "flatten", "send", "start_emulator"]

SIGNERS = collection.import_module("plugins.module_utils.signers.tencent")
COMMON = collection.import_module("plugins.module_utils.signers.common")

SECRET_ID = "AKIDEMULATOREXAMPLE00000000000000000"
SECRET_KEY = "emulator-tencent-secret-key"
REGION = "ap-guangzhou"
VERSION = "2017-03-12"


class Answer:
    """An HTTP answer: status, content type, raw text, and the Tencent ``Response`` if it is one."""

    def __init__(self, status, content_type, text):
        self.status = status
        self.content_type = content_type
        self.text = text
        try:
            self.response = json.loads(text).get("Response")
        except ValueError:
            self.response = None

    @property
    def error(self):
        """The error code, or ``None`` on success."""
        return ((self.response or {}).get("Error") or {}).get("Code")

    def ok(self):
        assert self.status == 200 and self.error is None, self.text
        return self.response


def send(method, url, headers=None, body=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Answer(response.status, response.headers.get("Content-Type", ""), response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get("Content-Type", ""), error.read().decode())


class TencentClient:
    """Builds and signs VPC API 3.0 requests the way a client on the wire would."""

    def __init__(self, url, secret_id=SECRET_ID, secret_key=SECRET_KEY, token=None, region=REGION):
        self.url = url
        self.credentials = COMMON.Credentials(secret_id, secret_key, token)
        self.region = region

    def tc3(self, action, params=None, method="POST", timestamp=None, version=VERSION, region="default",
            tamper=None, service="vpc"):
        """TC3-HMAC-SHA256: JSON body (POST) or flattened query (GET). ``tamper(request)`` runs after signing."""
        headers = {"X-TC-Action": action, "X-TC-Version": version}
        region = self.region if region == "default" else region
        if region is not None:
            headers["X-TC-Region"] = region
        if method == "POST":
            wire = COMMON.SignableRequest("POST", self.url + "/", headers=dict(headers, **{
                "Content-Type": "application/json"}), body=json.dumps(params or {}).encode())
        else:
            wire = COMMON.SignableRequest("GET", self.url + "/", query=urlencode(flatten(params or {})),
                                          headers=headers)
        SIGNERS.TC3Signer(service=service).sign(wire, self.credentials, int(time.time()) if timestamp is None else timestamp)
        if tamper:
            tamper(wire)
        return send(wire.method, wire.full_url(), wire.headers, wire.body if method == "POST" else None)

    def v1(self, action, params=None, method="GET", signature_method="HmacSHA256", nonce=None, timestamp=None,
           secret_key=None):
        """The HmacSHA1/HmacSHA256 scheme: every parameter, common ones included, in the query or form."""
        signed = dict(flatten(params or {}), Action=action, Version=VERSION, Region=self.region,
                      SecretId=self.credentials.key_id, SignatureMethod=signature_method,
                      Timestamp=str(int(time.time()) if timestamp is None else timestamp),
                      Nonce=str(nonce or uuid.uuid4().int % 10 ** 9 + 1))
        host = self.url.split("://", 1)[1]
        signer = SIGNERS.TencentV1Signer(signature_method)
        signed["Signature"] = signer.signature(secret_key or self.credentials.secret,
                                               signer.string_to_sign(method, host, "/", signed))
        encoded = urlencode(signed)
        if method == "GET":
            return send("GET", self.url + "/?" + encoded)
        return send("POST", self.url + "/", {"Content-Type": "application/x-www-form-urlencoded"}, encoded.encode())

    # Shortcuts for the tests' most common calls.
    def create(self, **overrides):
        params = {
            "VpnGatewayId": "vpngw-emu00001", "VpcId": "vpc-emu00001", "CustomerGatewayId": "cgw-emu00001",
            "VpnConnectionName": "office", "PreShareKey": "Emu-Test-PSK-123",
            "SecurityPolicyDatabases": [{"LocalCidrBlock": "10.0.0.0/16", "RemoteCidrBlock": ["192.168.0.0/24"]}],
        }
        params.update(overrides)
        return self.tc3("CreateVpnConnection", params)

    def describe(self, **params):
        return self.tc3("DescribeVpnConnections", params)

    def state_of(self, connection_id):
        found = self.describe(VpnConnectionIds=[connection_id]).ok()["VpnConnectionSet"]
        return found[0]["State"] if found else None


class LegacyAnswer:
    """An API 2.0 answer: HTTP status and the JSON body (``code`` 0 on success)."""

    def __init__(self, answer):
        self.status = answer.status
        self.text = answer.text
        try:
            self.body = json.loads(answer.text)
        except ValueError:
            self.body = None

    @property
    def code(self):
        return (self.body or {}).get("code")

    @property
    def desc(self):
        return (self.body or {}).get("codeDesc")

    def ok(self):
        assert self.status == 200 and self.code == 0 and self.desc == "Success", self.text
        return self.body


class LegacyClient:
    """Builds and signs legacy API 2.0 requests (``/v2/index.php``) the way a client on the wire would."""

    PATH = "/v2/index.php"

    def __init__(self, url, secret_id=SECRET_ID, secret_key=SECRET_KEY, region="gz", token=None):
        self.url = url
        self.secret_id = secret_id
        self.secret_key = secret_key
        self.region = region
        self.token = token

    def call(self, action, params=None, method="POST", signature_method="HmacSHA256", nonce=None, timestamp=None,
             secret_key=None):
        """``params``: flat names (``IKESet.0.dhGroupName``) or nested values, flattened 0-based.
        ``signature_method`` ``None`` sends no ``SignatureMethod`` (the API then uses HmacSHA1)."""
        signed = dict(flatten(params or {}), Action=action, Region=self.region, SecretId=self.secret_id,
                      Timestamp=str(int(time.time()) if timestamp is None else timestamp),
                      Nonce=str(nonce or uuid.uuid4().int % 10 ** 9 + 1))
        if signature_method:
            signed["SignatureMethod"] = signature_method
        if self.token:
            signed["Token"] = self.token
        # A SignatureMethod the signer lacks (to test its refusal) is declared, and the request signed with HmacSHA1.
        signer = SIGNERS.TencentV1Signer(signature_method if signature_method in ("HmacSHA1", "HmacSHA256") else "HmacSHA1")
        host = self.url.split("://", 1)[1]
        signed["Signature"] = signer.signature(secret_key or self.secret_key,
                                               signer.string_to_sign(method, host, self.PATH, signed))
        encoded = urlencode(signed)
        if method == "GET":
            return LegacyAnswer(send("GET", self.url + self.PATH + "?" + encoded))
        return LegacyAnswer(send("POST", self.url + self.PATH, {"Content-Type": "application/x-www-form-urlencoded"},
                                 encoded.encode()))

    # Shortcuts for the tests' most common calls.
    def add(self, **overrides):
        params = {"vpcId": "vpc-emu00001", "vpnGwId": "vpngw-emu00001", "userGwId": "cgw-emu00001",
                  "vpnConnName": "branch", "preSharedKey": "Legacy-PSK-123",
                  "spdAcl": json.dumps({"10.0.0.0/16": ["192.168.0.0/24"]})}
        params.update(overrides)
        return self.call("AddVpnConnEx", {key: value for key, value in params.items() if value is not None})

    def rows(self, **filters):
        return self.call("DescribeVpnConn", filters).ok()["data"]

    def task(self, task_id):
        return self.call("DescribeVpcTaskResult", {"taskId": task_id}).ok()["data"]["status"]


def flatten(params, prefix=""):
    """Nested parameters as ``Name.0.Sub`` pairs, as the SDK's ``_format_params`` does."""
    pairs = []
    items = enumerate(params) if isinstance(params, list) else params.items()
    for key, value in items:
        name = "%s%s" % (prefix, key)
        if isinstance(value, (dict, list)):
            pairs.extend(flatten(value, name + "."))
        else:
            pairs.append((name, str(value).lower() if isinstance(value, bool) else str(value)))
    return pairs
