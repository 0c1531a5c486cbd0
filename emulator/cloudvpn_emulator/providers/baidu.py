"""Baidu AI Cloud (BCE) VPC API v1: the four VPN tunnel ("vpnconn") calls.

Behaviour follows the BCE VPC API v1 pages for VPN tunnels (create, query, update)
and bce-sdk-python's ``vpn_client.py`` (delete): REST paths under ``/v1/vpn``,
JSON bodies with the documented camelCase keys, errors as
``{"code", "message", "requestId"}`` with a 4xx/5xx status, the tunnel list
of one gateway as the only read (no get-by-id, no paging), the pre-shared
key (``secretKey``) read back in clear, lifetimes read back with a unit
suffix (``"28800s"``), updates that replace the whole tunnel, and
``clientToken`` idempotence (the same token and request give the same
answer without a second write). Signatures are bce-auth-v1, checked with
the collection's signer.
"""

from __future__ import annotations

import calendar
import hmac
import json
import re
import time

from cloudvpn_emulator import collection
from cloudvpn_emulator.providers.base import Call, ProviderHandler
from cloudvpn_emulator.schema import Cidr, Enum, Int, Invalid, Ip, ListOf, Obj, Str
from cloudvpn_emulator.state import Record, RegionalStore, random_id
from cloudvpn_emulator.wire import ApiError, Reply

CLOCK_SKEW_SECONDS = 300
DEFAULT_REGION = "bj"  # requests to the emulator's own address carry no region
REGION_HOST = re.compile(r"^bcc\.(?P<region>[a-z]+)\.baidubce\.com(:\d+)?$")
AUTHORIZATION = re.compile(
    r"^bce-auth-v1/(?P<key_id>[^/]+)/(?P<timestamp>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)/(?P<expiration>\d+)/"
    r"(?P<headers>[a-z0-9;-]*)/(?P<signature>[0-9a-f]{64})$")

CREATE_PATH = re.compile(r"^/v1/vpn/(?P<vpnId>[^/]+)/vpnconn$")
TUNNEL_PATH = re.compile(r"^/v1/vpn/vpnconn/(?P<id>[^/]+)$")

FIXTURES = {
    "vpn_gateways": {
        "vpn-emu00001": {"eip": "203.0.113.20"},
        "vpn-emu00002": {"eip": "203.0.113.21"},
    },
    "customer_gateways": {
        "cgw-emu00001": {"ip": "198.51.100.1"},
        "cgw-emu00002": {"ip": "198.51.100.2"},
    },
}

ALGORITHMS = ("aes", "aes192", "aes256", "3des")
AUTH_ALGORITHMS = ("sha1", "md5", "sha2_256", "sha2_384", "sha2_512")
DH_GROUPS = ("group2", "group5", "group14", "group24")
PSK_SYMBOLS = "!@#$%^*()_"
TUNNEL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_./-]{0,64}")

IKE = Obj({
    "ikeVersion": Enum(("v1", "v2"), required=True),
    "ikeMode": Enum(("main", "aggressive"), required=True),
    "ikeEncAlg": Enum(ALGORITHMS, required=True),
    "ikeAuthAlg": Enum(AUTH_ALGORITHMS, required=True),
    "ikePfs": Enum(DH_GROUPS, required=True),
    "ikeLifeTime": Int(minimum=60, maximum=86400, required=True),
}, required=True)

IPSEC = Obj({
    "ipsecEncAlg": Enum(ALGORITHMS, required=True),
    "ipsecAuthAlg": Enum(AUTH_ALGORITHMS, required=True),
    "ipsecPfs": Enum(DH_GROUPS + ("disabled",), required=True),
    "ipsecLifetime": Int(minimum=180, maximum=86400, required=True),
}, required=True)

TUNNEL_FIELDS = {
    "secretKey": Str(required=True),
    "localSubnets": ListOf(Cidr(), required=True),
    "remoteIp": Ip(required=True),
    "remoteSubnets": ListOf(Cidr(), required=True),
    "description": Str(),
    "vpnConnName": Str(required=True),
    "ikeConfig": IKE,
    "ipsecConfig": IPSEC,
}

SCHEMAS = {
    "CreateVpnConn": Obj(dict(TUNNEL_FIELDS, cgwId=Str())),
    "UpdateVpnConn": Obj(dict(TUNNEL_FIELDS, vpnId=Str(required=True))),
}

ACTIONS = ("CreateVpnConn", "ListVpnConn", "UpdateVpnConn", "DeleteVpnConn")


class BaiduHandler(ProviderHandler):
    name = "baidu"
    default_credentials = ({"key_id": "emulatorbaiduaccesskey0000000001",
                            "secret": "emulator-baidu-secret-key", "token": None},)
    fault_errors = {
        "throttle": ("RequestLimitExceeded", "Request rate limit exceeded (emulated fault).", 429),
        "busy": ("ServiceUnavailable", "Please reduce your request rate or try again (emulated fault).", 503),
        "auth_failure": ("SignatureDoesNotMatch", "The request signature we calculated does not match the "
                                                  "signature you provided (emulated fault).", 400),
    }

    def __init__(self):
        self._signer = collection.import_module("plugins.module_utils.signers.baidu").BceV1Signer()
        self._wire_request = collection.import_module("plugins.module_utils.signers.common").SignableRequest
        self.store = None
        self.tokens = {}
        self.reset()

    # -- routing ----------------------------------------------------------
    def matches(self, request):
        return (request.header("Authorization") or "").startswith("bce-auth-v1/")

    def classify(self, action):
        if action == "ListVpnConn":
            return "read"
        return "write" if action in ACTIONS else "unknown"

    def parse(self, request):
        """The action from method and path; ``params`` are the path IDs, ``clientToken`` and the body."""
        host = request.header("Host") or ""
        region_match = REGION_HOST.match(host)
        call = Call(region=region_match["region"] if region_match else DEFAULT_REGION, path=request.path)
        query = dict(request.query_params())
        create, tunnel = CREATE_PATH.match(request.path), TUNNEL_PATH.match(request.path)
        if create and request.method == "POST":
            call.action, path_params = "CreateVpnConn", {"vpnId": create["vpnId"]}
        elif tunnel and request.method in ("GET", "PUT", "DELETE"):
            call.action = {"GET": "ListVpnConn", "PUT": "UpdateVpnConn", "DELETE": "DeleteVpnConn"}[request.method]
            path_params = {"vpnId" if request.method == "GET" else "vpnConnId": tunnel["id"]}
        else:
            call.problem = ApiError("InvalidURI", "The emulator knows no %s %s (VPN tunnel calls only)."
                                    % (request.method, request.path), 400)
            return call
        call.details["path_params"] = path_params
        call.details["token"] = query.get("clientToken")
        body = {}
        if request.method in ("POST", "PUT"):
            try:
                body = request.json_body()
            except ValueError as error:
                call.problem = ApiError("MalformedJSON", "The JSON you provided was not well-formed: %s" % error, 400)
        call.details["body"] = body
        call.params = dict(path_params, **body)
        if call.details["token"] is not None:
            call.params["clientToken"] = call.details["token"]
        return call

    # -- signatures ---------------------------------------------------------
    def authenticate(self, request, call, keys, now):
        match = AUTHORIZATION.match(request.header("Authorization") or "")
        if not match:
            raise ApiError("InvalidHTTPAuthHeader", "The Authorization header you provided is invalid.", 400)
        credential = keys.get(match["key_id"])
        if credential is None:
            raise ApiError("InvalidAccessKeyId", "The Access Key ID you provided does not exist in our records.", 403)
        timestamp = calendar.timegm(time.strptime(match["timestamp"], "%Y-%m-%dT%H:%M:%SZ"))
        if now > timestamp + int(match["expiration"]) or timestamp > now + CLOCK_SKEW_SECONDS:
            raise ApiError("RequestExpired", "Request has expired. Timestamp date is %s." % match["timestamp"], 400)
        signed = [name for name in match["headers"].split(";") if name] or None
        if signed is not None and "host" not in signed:
            raise ApiError("InvalidHTTPAuthHeader", "The signed headers must include host.", 400)
        try:
            received = self._wire_request(request.method, "http://%s%s" % (request.header("Host") or "", request.path),
                                          query=request.query, headers=request.headers, body=request.body)
        except ValueError:
            raise ApiError("InvalidHTTPAuthHeader", "The Host header or the path is malformed.", 400) from None
        prefix = "bce-auth-v1/%s/%s/%s" % (match["key_id"], match["timestamp"], match["expiration"])
        expected = self._signer.signature(credential.secret, prefix, self._signer.canonical_request(received, signed))
        if not hmac.compare_digest(expected, match["signature"]):
            raise ApiError("SignatureDoesNotMatch", "The request signature we calculated does not match the "
                                                    "signature you provided. Check your Secret Access Key.", 400)
        if not hmac.compare_digest((credential.token or "").encode(),
                                   (request.header("x-bce-security-token") or "").encode()):
            raise ApiError("AccessDenied", "The security token is missing, invalid or not for this access key.", 403)

    # -- dispatch -------------------------------------------------------------
    def handle(self, call, context):
        if call.problem:
            raise call.problem
        token = call.details["token"]
        fingerprint = json.dumps([call.action, call.details["path"], call.details["body"]], sort_keys=True)
        if token is not None and call.action != "ListVpnConn":
            if len(token) > 64 or not token.isascii():
                raise ApiError("InappropriateJSON", "clientToken must be an ASCII string of at most 64 characters.",
                               400)
            seen = self.tokens.get(token)
            if seen is not None:
                if seen[0] != fingerprint:
                    raise ApiError("IdempotentParameterMismatch", "The clientToken was used before with another "
                                                                  "request.", 400)
                return Reply.json(seen[1])  # the same request again: the same answer, nothing done twice
        region = self.store.region(call.region)
        action = {"CreateVpnConn": self._create, "ListVpnConn": self._list,
                  "UpdateVpnConn": self._update, "DeleteVpnConn": self._delete}[call.action]
        payload = action(region, call.details["path_params"], call.details["body"], context)
        if token is not None and call.action != "ListVpnConn":
            self.tokens[token] = (fingerprint, payload)
        return Reply.json(payload)

    def error_reply(self, error, request_id):
        return Reply.json({"requestId": request_id, "code": error.code, "message": error.message},
                          status=error.status if error.status >= 400 else 400)

    # -- lookups --------------------------------------------------------------
    @staticmethod
    def _gateway(region, gateway_id):
        gateway = region.fixtures["vpn_gateways"].get(gateway_id)
        if gateway is None:
            raise ApiError("NoSuchObject", "The VPN gateway %s does not exist." % gateway_id, 404)
        return gateway

    @staticmethod
    def _tunnel(region, connection_id):
        record = region.get(connection_id)
        if record is None:
            raise ApiError("NoSuchObject", "The VPN tunnel %s does not exist." % connection_id, 404)
        return record

    # -- actions --------------------------------------------------------------
    def _create(self, region, path_params, body, context):
        gateway = self._gateway(region, path_params["vpnId"])
        fields = check(SCHEMAS["CreateVpnConn"], body)
        if "cgwId" in fields and fields["cgwId"] not in region.fixtures["customer_gateways"]:
            raise ApiError("NoSuchObject", "The customer gateway %s does not exist." % fields["cgwId"], 404)
        connection_id = random_id("vpnconn-", 12)
        while connection_id in region.records:
            connection_id = random_id("vpnconn-", 12)
        data = dict(fields, vpnId=path_params["vpnId"], vpnConnId=connection_id, localIp=gateway["eip"],
                    description=fields.get("description", ""),
                    createdTime=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(context.now)), status="building")
        record = region.add(connection_id, Record(data, "status"))
        record.begin("building", context.transition_reads(), "active")
        return {"vpnConnId": connection_id}

    def _list(self, region, path_params, body, context):
        self._gateway(region, path_params["vpnId"])
        records = [record for record in region.live() if record.data["vpnId"] == path_params["vpnId"]]
        shown = [tunnel_view(record) for record in records]
        region.observe(records)
        return {"vpnConns": shown}

    def _update(self, region, path_params, body, context):
        record = self._tunnel(region, path_params["vpnConnId"])
        fields = check(SCHEMAS["UpdateVpnConn"], body)
        if fields["vpnId"] != record.data["vpnId"]:
            raise ApiError("InappropriateJSON", "The VPN tunnel %s belongs to VPN gateway %s, not %s."
                           % (path_params["vpnConnId"], record.data["vpnId"], fields["vpnId"]), 400)
        if record.transitional:
            raise busy(record)
        # A full replacement: what the body leaves out (description) is not kept.
        kept = {key: record.data[key] for key in ("vpnId", "vpnConnId", "localIp", "createdTime", "cgwId")
                if key in record.data}
        record.data = dict(fields, description=fields.get("description", ""), status=record.status, **kept)
        record.begin("configuring", context.transition_reads(), "active")
        return {}

    def _delete(self, region, path_params, body, context):
        record = self._tunnel(region, path_params["vpnConnId"])
        if record.transitional:
            raise busy(record)
        record.begin("deleting", context.transition_reads(), None)
        return {}

    # -- admin ----------------------------------------------------------------
    def reset(self):
        self.store = RegionalStore(lambda name: FIXTURES, region_pattern=r"^[a-z]{2,8}$")
        self.tokens = {}

    def snapshot(self):
        return {"fixtures": FIXTURES, "regions": {
            name: {"vpn_connections": [dict(record.view(), _reads_left=record.reads_left) for record in region.live()]}
            for name, region in self.store.regions().items()}}


def check(schema, body):
    """The body checked against ``schema`` and the documented value rules."""
    try:
        fields = schema.check(body, "", False)
    except Invalid as problem:
        raise ApiError("InappropriateJSON", problem.message, 400) from None
    if not TUNNEL_NAME.fullmatch(fields["vpnConnName"]):
        raise ApiError("InappropriateJSON", "vpnConnName must be 1-65 letters, digits and -_/., starting with a "
                                            "letter.", 400)
    key = fields["secretKey"]
    if not (8 <= len(key) <= 17 and all((c.isascii() and c.isalnum()) or c in PSK_SYMBOLS for c in key)
            and any(c.isalpha() for c in key) and any(c.isdigit() for c in key)
            and any(c in PSK_SYMBOLS for c in key)):
        raise ApiError("InappropriateJSON", "secretKey must be 8-17 characters with letters, digits and symbols "
                                            "(only %s) all present." % PSK_SYMBOLS, 400)
    return fields


def tunnel_view(record):
    """A tunnel as the list shows it: lifetimes read back as strings with a unit suffix."""
    view = record.view()
    view["ikeConfig"]["ikeLifeTime"] = "%ds" % view["ikeConfig"]["ikeLifeTime"]
    view["ipsecConfig"]["ipsecLifetime"] = "%ds" % view["ipsecConfig"]["ipsecLifetime"]
    return view


def busy(record):
    return ApiError("ServiceUnavailable", "The VPN tunnel %s is %s; try again when it is active."
                    % (record.data["vpnConnId"], record.status), 503)
