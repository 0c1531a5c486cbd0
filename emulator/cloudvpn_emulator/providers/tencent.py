"""Tencent Cloud VPC API 3.0 (version 2017-03-12): the four VPN connection actions, and the Tag API's
``ModifyResourceTags`` (version 2018-08-13, TC3 service ``tag``) on the same connection records.

Behaviour follows the VPC API 3.0 reference (tencentcloud.com/document/api/215): the ``{"Response": ...}``
envelope with HTTP 200 for API errors, ``UnknownParameter`` for anything
undocumented, IKE/IPsec enumerations accepted in any case and read back in
upper case, the pre-shared key returned in clear, asynchronous writes
(``PENDING``/``DELETING`` until read enough times), no client token, and two
connections allowed to share a name on one gateway.

Both signature schemes of API 3.0 are checked with the collection's signers:
TC3-HMAC-SHA256 (``X-TC-*`` headers, JSON body or query) and the older
HmacSHA1/HmacSHA256 "v1" (every parameter in the query or a form body).

The legacy API 2.0 (``/v2/index.php``) is served by tencent_legacy.py on the
same connection records, through this handler, so that the request log,
credentials, faults and the admin API treat both as provider ``tencent``.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
import time

from cloudvpn_emulator import collection
from cloudvpn_emulator.providers.base import Call, ProviderHandler
from cloudvpn_emulator.providers.tencent_legacy import LEGACY_PATH, LegacyApi
from cloudvpn_emulator.replay import NonceLedger
from cloudvpn_emulator.schema import Bool, Cidr, Enum, Int, Invalid, Ip, ListOf, NumericStr, Obj, Str
from cloudvpn_emulator.state import Record, RegionalStore, random_id
from cloudvpn_emulator.wire import ApiError, Reply, unflatten

VERSION = "2017-03-12"
SERVICE = "vpc"
TAG_VERSION = "2018-08-13"
TAG_SERVICE = "tag"
TAG_ACTIONS = frozenset(["ModifyResourceTags"])
# Tag API limits (https://www.tencentcloud.com/document/product/651/13354).
MAX_TAGS = 50
RESERVED_TAG_PREFIXES = ("qcs:", "project:")
# qcs::vpc:<region>:uin/<uin, may be empty>:vpnx/<id>
RESOURCE_NAME = re.compile(r"^qcs::vpc:(?P<region>[^:]+):uin/(?P<uin>\d*):vpnx/(?P<id>[^:/]+)$")
CLOCK_SKEW_SECONDS = 300
BEIJING_OFFSET_SECONDS = 8 * 3600  # CreatedTime is shown in China Standard Time
HEALTH_CHECK_NETWORK = ipaddress.IPv4Network("169.254.128.0/17")

TC3_AUTHORIZATION = re.compile(
    r"^TC3-HMAC-SHA256 Credential=(?P<key_id>[^/\s]+)/(?P<date>\d{4}-\d{2}-\d{2})/(?P<service>[^/\s]+)/tc3_request,"
    r"\s*SignedHeaders=(?P<headers>[a-z0-9;-]+),\s*Signature=(?P<signature>[0-9a-f]{64})$")

# Parameters of the v1 signature scheme that are not the action's own.
V1_COMMON_PARAMS = frozenset([
    "Action", "Version", "Region", "Timestamp", "Nonce", "SecretId", "Signature", "SignatureMethod",
    "Token", "Language", "RequestClient"])

# Seed data, the same in every region (documented in docs/emulator.md).
FIXTURES = {
    "vpcs": {
        "vpc-emu00001": {"CidrBlock": "10.0.0.0/16"},
        "vpc-emu00002": {"CidrBlock": "172.16.0.0/16"},
    },
    "vpn_gateways": {
        "vpngw-emu00001": {"VpcId": "vpc-emu00001", "PublicIpAddress": "203.0.113.10", "BgpAsn": "64551"},
        "vpngw-emu00002": {"VpcId": "vpc-emu00001", "PublicIpAddress": "203.0.113.11", "BgpAsn": "64551"},
        "vpngw-emu00003": {"VpcId": "vpc-emu00002", "PublicIpAddress": "203.0.113.12", "BgpAsn": "64551"},
    },
    "customer_gateways": {
        "cgw-emu00001": {"IpAddress": "198.51.100.1", "BgpAsn": "65001"},
        "cgw-emu00002": {"IpAddress": "198.51.100.2", "BgpAsn": "65002"},
    },
}

# -- request schemas (field names exactly as the API spells them) -----------

IKE = Obj({
    "PropoEncryAlgorithm": Enum(("3DES-CBC", "AES-CBC-128", "AES-CBC-192", "AES-CBC-256", "DES-CBC", "SM4",
                                 "AES128GCM128", "AES192GCM128", "AES256GCM128"), fold_case=True),
    "PropoAuthenAlgorithm": Enum(("MD5", "SHA", "SHA-256", "SHA-512"), fold_case=True),
    "ExchangeMode": Enum(("MAIN", "AGGRESSIVE"), fold_case=True),
    "LocalIdentity": Enum(("ADDRESS", "FQDN"), fold_case=True),
    "RemoteIdentity": Enum(("ADDRESS", "FQDN"), fold_case=True),
    "LocalAddress": Ip(),
    "RemoteAddress": Ip(),
    "LocalFqdnName": Str(),
    "RemoteFqdnName": Str(),
    "DhGroupName": Enum(("GROUP1", "GROUP2", "GROUP5", "GROUP14", "GROUP15", "GROUP16", "GROUP19", "GROUP20",
                         "GROUP21", "GROUP24"), fold_case=True),
    "IKESaLifetimeSeconds": Int(minimum=60, maximum=604800),
    "IKEVersion": Enum(("IKEV1", "IKEV2"), fold_case=True),
})

IPSEC = Obj({
    "EncryptAlgorithm": Enum(("3DES-CBC", "AES-CBC-128", "AES-CBC-192", "AES-CBC-256", "DES-CBC", "SM4", "NULL",
                              "AES128GCM128", "AES192GCM128", "AES256GCM128"), fold_case=True),
    "IntegrityAlgorith": Enum(("MD5", "SHA1", "SHA-256", "SHA-512", "SHA-384", "SM3"), fold_case=True),
    # The model's newer duplicate of IntegrityAlgorith (sic); stored as IntegrityAlgorith.
    "IntegrityAlgorithm": Enum(("MD5", "SHA1", "SHA-256"), fold_case=True),
    "IPSECSaLifetimeSeconds": Int(minimum=180, maximum=604800),
    "PfsDhGroup": Enum(("NULL", "DH-GROUP1", "DH-GROUP2", "DH-GROUP5", "DH-GROUP14", "DH-GROUP15", "DH-GROUP16",
                        "DH-GROUP19", "DH-GROUP20", "DH-GROUP21", "DH-GROUP24"), fold_case=True),
    "IPSECSaLifetimeTraffic": Int(minimum=2560, maximum=4294967295),
})

MODIFIABLE = {
    "VpnConnectionName": Str(max_length=60),
    "PreShareKey": Str(),
    "SecurityPolicyDatabases": ListOf(Obj({"LocalCidrBlock": Cidr(required=True),
                                           "RemoteCidrBlock": ListOf(Cidr(), required=True)})),
    "IKEOptionsSpecification": IKE,
    "IPSECOptionsSpecification": IPSEC,
    "EnableHealthCheck": Bool(),
    "HealthCheckLocalIp": Ip(),
    "HealthCheckRemoteIp": Ip(),
    "NegotiationType": Enum(("active", "passive", "flowTrigger")),
    "DpdEnable": Int(choices=(0, 1)),
    "DpdTimeout": NumericStr(minimum=30, maximum=60),
    "DpdAction": Enum(("clear", "restart")),
    "HealthCheckConfig": Obj({"ProbeType": Enum(("NQA",)), "ProbeInterval": Int(minimum=1000, maximum=5000),
                              "ProbeThreshold": Int(minimum=3, maximum=8), "ProbeTimeout": Int(minimum=10, maximum=5000)}),
    "BgpConfig": Obj({"TunnelCidr": Cidr(required=True), "LocalBgpIp": Ip(required=True),
                      "RemoteBgpIp": Ip(required=True)}),
}

SCHEMAS = {
    "CreateVpnConnection": Obj(dict(
        MODIFIABLE,
        VpcId=Str(),
        VpnGatewayId=Str(required=True),
        CustomerGatewayId=Str(required=True),
        VpnConnectionName=Str(required=True, max_length=60),
        PreShareKey=Str(required=True),
        Tags=ListOf(Obj({"Key": Str(required=True), "Value": Str(required=True)})),
        RouteType=Enum(("STATIC", "StaticRoute", "Policy", "Bgp")),
        Route=Obj({"DestinationCidrBlock": Cidr(required=True), "Priority": Int(choices=(0, 100)),
                   "Description": Str()}),
    )),
    "DescribeVpnConnections": Obj({
        "VpnConnectionIds": ListOf(Str(), max_items=100, unique=True),
        "Filters": ListOf(Obj({"Name": Str(required=True), "Values": ListOf(Str(), required=True, max_items=5)}),
                          max_items=10),
        "Offset": Int(minimum=0),
        "Limit": Int(minimum=1, maximum=100),
    }),
    "ModifyVpnConnectionAttribute": Obj(dict(MODIFIABLE, VpnConnectionId=Str(required=True),
                                             CustomerGatewayId=Str())),
    "DeleteVpnConnection": Obj({"VpnGatewayId": Str(required=True), "VpnConnectionId": Str(required=True)}),
    "ModifyResourceTags": Obj({
        "Resource": Str(required=True),
        "ReplaceTags": ListOf(Obj({"TagKey": Str(required=True), "TagValue": Str(required=True)})),
        "DeleteTags": ListOf(Obj({"TagKey": Str(required=True)})),
    }),
}

READ_ACTIONS = frozenset(["DescribeVpnConnections"])

# schema.Invalid kinds -> Tencent error codes
INVALID_CODES = {
    "unknown": "UnknownParameter",
    "missing": "MissingParameter",
    "type": "InvalidParameter",
    "enum": "InvalidParameterValue",
    "range": "InvalidParameterValue.Range",
    "malformed": "InvalidParameterValue.Malformed",
    "length": "InvalidParameterValue.LimitExceeded",
    "duplicate": "InvalidParameterValue.Duplicate",
}

# DescribeVpnConnections filter name -> VpnConnection field
FILTER_FIELDS = {
    "vpc-id": "VpcId",
    "vpn-gateway-id": "VpnGatewayId",
    "customer-gateway-id": "CustomerGatewayId",
    "vpn-connection-name": "VpnConnectionName",
    "vpn-connection-id": "VpnConnectionId",
}

IKE_DEFAULTS = {
    "PropoEncryAlgorithm": "3DES-CBC",
    "PropoAuthenAlgorithm": "MD5",
    "ExchangeMode": "MAIN",
    "LocalIdentity": "ADDRESS",
    "RemoteIdentity": "ADDRESS",
    "DhGroupName": "GROUP1",
    "IKESaLifetimeSeconds": 86400,
    "IKEVersion": "IKEV1",
}

IPSEC_DEFAULTS = {
    "EncryptAlgorithm": "3DES-CBC",
    "IntegrityAlgorith": "MD5",
    "IPSECSaLifetimeSeconds": 3600,
    "PfsDhGroup": "NULL",
    "IPSECSaLifetimeTraffic": 1843200,
}

# Nested settings that a Modify merges into the stored ones (sent sub-fields only).
MERGED_ON_MODIFY = ("IKEOptionsSpecification", "IPSECOptionsSpecification", "HealthCheckConfig")


class ConnectionRecord(Record):
    """A connection: its API 3.0 fields in ``data``, and beside them what only API 2.0 shows.

    ``legacy_id`` is the numeric id API 2.0 shows as ``vpnConnId`` (every
    connection gets one, whichever API created it); ``operation`` is the write
    whose transition runs or last ran (``create``, ``modify``, ``delete``;
    API 2.0 shows it in ``vpcConnStatus``); ``task`` is the API 2.0 task that
    follows that transition, if an API 2.0 write started it. None of this is
    in ``data``, so API 3.0 answers stay exactly as documented.
    """

    TRANSITIONS = {"create": ("PENDING", "AVAILABLE"), "modify": ("PENDING", "AVAILABLE"), "delete": ("DELETING", None)}

    def __init__(self, data, legacy_id):
        super().__init__(data, "State")
        self.legacy_id = legacy_id
        self.operation = None
        self.task = None
        self._restore = None

    def start(self, operation, reads):
        """Begin the transition of ``operation`` for ``reads`` reads."""
        self.operation = operation
        self.task = None
        self._restore = None
        status, settled = self.TRANSITIONS[operation]
        self.begin(status, reads, settled)

    def fail(self, previous_data):
        """Make the write whose transition runs fail when it ends: the write is undone.

        A failed create vanishes, a failed modify returns to ``previous_data``,
        a failed delete leaves the connection ``AVAILABLE``. A transition that
        already ended (zero reads) is undone at once.
        """
        self.settled = None if self.operation == "create" else "AVAILABLE"
        self._restore = previous_data if self.operation == "modify" else None
        if not self.transitional:
            self._settle()

    def _settle(self):
        if self._restore is not None:
            self.data, self._restore = self._restore, None
        super()._settle()


API3_FAULT_ERRORS = {
    "throttle": ("RequestLimitExceeded", "Your current request times exceed the limit (emulated fault).", 200),
    "busy": ("UnsupportedOperation.InvalidState", "The resource is busy, try again later (emulated fault).", 200),
    "auth_failure": ("AuthFailure.SignatureFailure",
                     "The provided credentials could not be validated (emulated fault).", 200),
    "internal_error": ("InternalError", "An internal error occurred (emulated fault).", 200),
}
# The numeric API 2.0 id of the first connection after a reset; each new connection takes the next.
FIRST_CONNECTION_LEGACY_ID = 1000


def invalid_state(record):
    return ApiError("UnsupportedOperation.InvalidState", "The VPN connection `%s` is %s; try again when it is AVAILABLE."
                    % (record.data["VpnConnectionId"], record.status))


class TencentHandler(ProviderHandler):
    name = "tencent"
    default_credentials = ({"key_id": "AKIDEMULATOREXAMPLE00000000000000000",
                            "secret": "emulator-tencent-secret-key", "token": None},)
    # API 2.0 spells the pre-shared key preSharedKey, which the global fragments miss.
    secret_key_fragments = ("presharedkey",)
    fault_errors = API3_FAULT_ERRORS  # API 2.0 calls: LegacyApi.fault_errors (dialect)

    def __init__(self):
        signers = collection.import_module("plugins.module_utils.signers.tencent")
        self._wire_request = collection.import_module("plugins.module_utils.signers.common").SignableRequest
        self._tc3 = signers.TC3Signer()
        self._v1_signer = signers.TencentV1Signer
        self._nonces = NonceLedger(2 * CLOCK_SKEW_SECONDS)
        self.store = None
        self.next_legacy_id = FIRST_CONNECTION_LEGACY_ID
        self.legacy = LegacyApi(self)
        self.reset()

    def dialect(self, call):
        """API 2.0 calls (``/v2/index.php``) are classified, checked, answered and refused by ``LegacyApi``."""
        return self.legacy if call.details.get("scheme") == "legacy" else self

    # -- routing ----------------------------------------------------------
    def matches(self, request):
        if self._is_tc3(request):
            return True
        names = {pair[0] for pair in self._v1_pairs(request)}
        return {"SecretId", "Signature"} <= names

    def classify(self, action):
        if action in READ_ACTIONS:
            return "read"
        return "write" if action in SCHEMAS else "unknown"

    @staticmethod
    def _is_tc3(request):
        return (request.header("Authorization") or "").startswith("TC3-HMAC-SHA256") or bool(request.header("X-TC-Action"))

    @staticmethod
    def _v1_pairs(request):
        return request.query_params() + request.form_params()

    def parse(self, request):
        """TC3: action in headers, params in the JSON body or the query. v1 and API 2.0: everything in the params."""
        if request.path == LEGACY_PATH and not self._is_tc3(request):
            return self.legacy.parse(request, self._v1_pairs(request))
        if self._is_tc3(request):
            call = Call(request.header("X-TC-Action"), request.header("X-TC-Region"),
                        version=request.header("X-TC-Version"), scheme="tc3")
            json_body = request.method == "POST" and request.content_type == "application/json"
            call.details["from_form"] = not json_body
            try:
                call.params = request.json_body() if json_body else unflatten(self._v1_pairs(request))
            except ValueError as error:
                call.problem = ApiError("InvalidParameter", "The request parameters could not be parsed: %s" % error)
            return call
        pairs = self._v1_pairs(request)
        signed = dict(pairs)
        call = Call(signed.get("Action"), signed.get("Region"), version=signed.get("Version"), scheme="v1",
                    signed_params=signed, from_form=True)
        try:
            if len(signed) != len(pairs):
                raise ValueError("a parameter is given twice")
            call.params = unflatten([(name, value) for name, value in pairs if name not in V1_COMMON_PARAMS])
        except ValueError as error:
            call.problem = ApiError("InvalidParameter", "The request parameters could not be parsed: %s" % error)
        return call

    # -- signatures ---------------------------------------------------------
    def authenticate(self, request, call, keys, now):
        if call.details["scheme"] == "tc3":
            self._check_tc3(request, call, keys, now)
        else:
            self._check_v1(request, call.details["signed_params"], keys, now)

    def _check_tc3(self, request, call, keys, now):
        """Rebuild the canonical request from what was received and compare signatures.

        The credential scope names the API's own service: ``tag`` for the
        Tag API's actions, ``vpc`` for the others.
        """
        service = TAG_SERVICE if call.action in TAG_ACTIONS else SERVICE
        match = TC3_AUTHORIZATION.match(request.header("Authorization") or "")
        if not match:
            raise ApiError("AuthFailure.InvalidAuthorization",
                           "The Authorization header is missing or not a TC3-HMAC-SHA256 authorization.")
        timestamp = self._fresh_timestamp(request.header("X-TC-Timestamp"), "X-TC-Timestamp", now)
        credential = self._credential(keys, match["key_id"])
        signed_headers = match["headers"].split(";")
        if not {"content-type", "host"} <= set(signed_headers):
            raise ApiError("AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host.")
        if match["service"] != service:
            raise ApiError("AuthFailure.SignatureFailure", "The credential scope names service `%s`, expected `%s`."
                           % (match["service"], service))
        if match["date"] != time.strftime("%Y-%m-%d", time.gmtime(timestamp)):
            raise ApiError("AuthFailure.SignatureFailure",
                           "The date in the credential scope is not the UTC date of X-TC-Timestamp.")
        try:
            received = self._wire_request(request.method, "http://%s%s" % (request.header("Host") or "", request.path),
                                          query=request.query, headers=request.headers, body=request.body)
        except ValueError:
            raise ApiError("AuthFailure.SignatureFailure", "The Host header or the path is malformed.") from None
        canonical = self._tc3.canonical_request(received, signed_headers=signed_headers)
        expected = self._tc3.signature(credential.secret, timestamp, service,
                                       self._tc3.string_to_sign(canonical, timestamp, service))
        if not hmac.compare_digest(expected, match["signature"]):
            raise ApiError("AuthFailure.SignatureFailure",
                           "The provided credentials could not be validated. Please check your signature is correct.")
        self._check_token(credential, request.header("X-TC-Token"))

    def _check_v1(self, request, params, keys, now):
        method = params.get("SignatureMethod", "HmacSHA1")
        if method not in ("HmacSHA1", "HmacSHA256"):
            raise ApiError("AuthFailure.SignatureFailure", "SignatureMethod must be HmacSHA1 or HmacSHA256.")
        timestamp = self._fresh_timestamp(params.get("Timestamp"), "Timestamp", now)
        credential = self._credential(keys, params.get("SecretId"))
        nonce = params.get("Nonce", "")
        if not nonce.isdigit():
            raise ApiError("MissingParameter", "The request is missing a required parameter `Nonce` (a positive integer).")
        signer = self._v1_signer(method)
        unsigned = {name: value for name, value in params.items() if name != "Signature"}
        expected = signer.signature(credential.secret, signer.string_to_sign(
            request.method, request.header("Host") or "", request.path, unsigned))
        if not hmac.compare_digest(expected.encode(), params.get("Signature", "").encode()):
            raise ApiError("AuthFailure.SignatureFailure",
                           "The provided credentials could not be validated. Please check your signature is correct.")
        self._check_token(credential, params.get("Token"))
        self._use_nonce(credential.key_id, nonce, timestamp, now)

    @staticmethod
    def _fresh_timestamp(value, name, now):
        if not (value or "").isdigit():
            raise ApiError("MissingParameter", "The request is missing a valid `%s` (unix seconds)." % name)
        timestamp = int(value)
        if abs(now - timestamp) > CLOCK_SKEW_SECONDS:
            raise ApiError("AuthFailure.SignatureExpire",
                           "Signature expired. Timestamp %d is more than %d seconds away from the server time %d."
                           % (timestamp, CLOCK_SKEW_SECONDS, int(now)))
        return timestamp

    @staticmethod
    def _credential(keys, key_id):
        credential = keys.get(key_id or "")
        if credential is None:
            raise ApiError("AuthFailure.SecretIdNotFound",
                           "The SecretId is not found, please ensure that your SecretId is correct.")
        return credential

    @staticmethod
    def _check_token(credential, sent):
        if not hmac.compare_digest((credential.token or "").encode(), (sent or "").encode()):
            raise ApiError("AuthFailure.TokenFailure", "The token is missing, invalid or does not match the SecretId.")

    def _use_nonce(self, key_id, nonce, timestamp, now):
        """Refuse a (key, nonce) pair seen within the validity window: a replayed request."""
        if not self._nonces.first_use(key_id, nonce, now, seen_at=timestamp):
            raise ApiError("AuthFailure.SignatureFailure",
                           "The Nonce %s was already used within the last %d seconds (replayed request)."
                           % (nonce, 2 * CLOCK_SKEW_SECONDS))

    # -- dispatch -------------------------------------------------------------
    def handle(self, call, context):
        if call.problem:
            raise call.problem
        if call.action not in SCHEMAS:
            raise ApiError("InvalidAction", "The action `%s` is not found (the emulator implements %s)."
                           % (call.action, ", ".join(SCHEMAS)))
        version = TAG_VERSION if call.action in TAG_ACTIONS else VERSION
        if call.version != version:
            raise ApiError("UnsupportedOperation", "The API version `%s` is not supported; use %s."
                           % (call.version, version))
        if call.action in TAG_ACTIONS and call.details["scheme"] != "tc3":
            raise ApiError("AuthFailure.SignatureFailure", "The emulator serves the Tag API with TC3-HMAC-SHA256 only.")
        if not call.region:
            raise ApiError("MissingParameter", "The request is missing a required parameter `Region`.")
        if not self.store.valid_name(call.region):
            raise ApiError("UnsupportedRegion", "The region `%s` is not supported." % call.region)
        try:
            params = SCHEMAS[call.action].check(call.params, "", call.details["from_form"])
        except Invalid as problem:
            raise ApiError(INVALID_CODES[problem.kind], problem.message) from None
        if call.action == "ModifyResourceTags":
            self._modify_tags(params)
            return Reply.json({"Response": {"RequestId": context.request_id}})
        action = {
            "CreateVpnConnection": self._create,
            "DescribeVpnConnections": self._describe,
            "ModifyVpnConnectionAttribute": self._modify,
            "DeleteVpnConnection": self._delete,
        }[call.action]
        result = action(self.store.region(call.region), params, context)
        return Reply.json({"Response": dict(result, RequestId=context.request_id)})

    def error_reply(self, error, request_id):
        envelope = {"Response": {"Error": {"Code": error.code, "Message": error.message}, "RequestId": request_id}}
        return Reply.json(envelope, status=error.status)

    # -- lookups --------------------------------------------------------------
    @staticmethod
    def _fixture(region, kind, resource_id):
        found = region.fixtures[kind].get(resource_id)
        if found is None:
            raise ApiError("ResourceNotFound", "The specified resource `%s` is not found." % resource_id)
        return found

    @staticmethod
    def _connection(region, connection_id):
        record = region.get(connection_id)
        if record is None:
            raise ApiError("ResourceNotFound", "The specified resource `%s` is not found." % connection_id)
        return record

    # -- actions --------------------------------------------------------------
    def _create(self, region, params, context):
        gateway = self._fixture(region, "vpn_gateways", params["VpnGatewayId"])
        customer_gateway = self._fixture(region, "customer_gateways", params["CustomerGatewayId"])
        if not params.get("VpcId"):
            raise ApiError("MissingParameter", "The request is missing a required parameter `VpcId` "
                                               "(required for a VPC-type VPN gateway).")
        self._fixture(region, "vpcs", params["VpcId"])
        if gateway["VpcId"] != params["VpcId"]:
            raise ApiError("InvalidParameterValue", "The VPN gateway `%s` does not belong to VPC `%s`."
                           % (params["VpnGatewayId"], params["VpcId"]))
        ike = dict(IKE_DEFAULTS, LocalAddress=gateway["PublicIpAddress"], RemoteAddress=customer_gateway["IpAddress"])
        ike.update(params.get("IKEOptionsSpecification", {}))
        check_identities(ike)
        connection_id = random_id("vpnx-")
        while connection_id in region.records:
            connection_id = random_id("vpnx-")
        local_ip, remote_ip = random_health_check_ips()
        data = {
            "VpnConnectionId": connection_id,
            "VpnConnectionName": params["VpnConnectionName"],
            "VpcId": params["VpcId"],
            "VpnGatewayId": params["VpnGatewayId"],
            "CustomerGatewayId": params["CustomerGatewayId"],
            "PreShareKey": params["PreShareKey"],
            "VpnProto": "IKE",
            "EncryptProto": "IPSEC",
            "RouteType": params.get("RouteType", "STATIC"),
            "CreatedTime": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(context.now + BEIJING_OFFSET_SECONDS)),
            "State": "PENDING",
            "NetStatus": "UNAVAILABLE",
            "SecurityPolicyDatabaseSet": params.get("SecurityPolicyDatabases", []),
            "IKEOptionsSpecification": ike,
            "IPSECOptionsSpecification": dict(IPSEC_DEFAULTS, **ipsec_fields(params.get("IPSECOptionsSpecification", {}))),
            "EnableHealthCheck": False,
            "HealthCheckLocalIp": local_ip,
            "HealthCheckRemoteIp": remote_ip,
            "DpdEnable": 0,
            "DpdTimeout": "30",
            "DpdAction": "restart",
            "TagSet": params.get("Tags", []),
            "NegotiationType": "active",
        }
        for name in ("EnableHealthCheck", "HealthCheckLocalIp", "HealthCheckRemoteIp", "DpdEnable", "DpdTimeout",
                     "DpdAction", "NegotiationType", "HealthCheckConfig"):
            if name in params:
                data[name] = params[name]
        if "BgpConfig" in params:
            data["BgpConfig"] = bgp_config(region, data, params["BgpConfig"])
        set_health_check_status(data)
        record = region.add(connection_id, ConnectionRecord(data, self.next_legacy_id))
        self.next_legacy_id += 1
        record.start("create", context.transition_reads())
        return {"VpnConnection": record.view()}

    def _describe(self, region, params, context):
        if "VpnConnectionIds" in params and "Filters" in params:
            raise ApiError("InvalidParameter.Coexist", "VpnConnectionIds and Filters cannot be specified together.")
        matched = region.live()
        if "VpnConnectionIds" in params:
            matched = [record for record in matched if record.data["VpnConnectionId"] in params["VpnConnectionIds"]]
        for condition in params.get("Filters", []):
            if condition["Name"] not in FILTER_FIELDS:
                raise ApiError("InvalidParameter.FilterInvalidKey", "The filter `%s` is not supported; valid filters: %s."
                               % (condition["Name"], ", ".join(FILTER_FIELDS)))
            field = FILTER_FIELDS[condition["Name"]]
            matched = [record for record in matched if record.data[field] in condition["Values"]]
        offset = params.get("Offset", 0)
        page = matched[offset:offset + params.get("Limit", 20)]
        shown = [record.view() for record in page]
        region.observe(page)
        return {"TotalCount": len(matched), "VpnConnectionSet": shown}

    def _modify(self, region, params, context):
        record = self._connection(region, params.pop("VpnConnectionId"))
        if record.transitional:
            raise invalid_state(record)
        data = record.view()
        if "CustomerGatewayId" in params:
            customer_gateway = self._fixture(region, "customer_gateways", params["CustomerGatewayId"])
            data["IKEOptionsSpecification"]["RemoteAddress"] = customer_gateway["IpAddress"]
        if "SecurityPolicyDatabases" in params:
            data["SecurityPolicyDatabaseSet"] = params.pop("SecurityPolicyDatabases")
        if "IPSECOptionsSpecification" in params:
            params["IPSECOptionsSpecification"] = ipsec_fields(params["IPSECOptionsSpecification"])
        for name, value in params.items():
            data[name] = dict(data.get(name, {}), **value) if name in MERGED_ON_MODIFY else value
        if "BgpConfig" in params or ("CustomerGatewayId" in params and "BgpConfig" in data):
            data["BgpConfig"] = bgp_config(region, data, data["BgpConfig"])
        check_identities(data["IKEOptionsSpecification"])
        set_health_check_status(data)
        record.data = data
        record.start("modify", context.transition_reads())
        return {}

    def _modify_tags(self, params):
        """Replace and delete tags on the connection the resource name points at (stored as its ``TagSet``).

        The region comes from the resource name (the Tag API is global). The
        tunnel's state does not change: tags are not part of its configuration.
        """
        match = RESOURCE_NAME.match(params["Resource"])
        if not match or not self.store.valid_name(match["region"]):
            raise ApiError("InvalidParameterValue.ResourceDescriptionError",
                           "The resource description `%s` is not qcs::vpc:<region>:uin/<uin>:vpnx/<id>."
                           % params["Resource"])
        replace = {tag["TagKey"]: tag["TagValue"] for tag in params.get("ReplaceTags", [])}
        delete = [tag["TagKey"] for tag in params.get("DeleteTags", [])]
        if not replace and not delete:
            raise ApiError("MissingParameter", "ReplaceTags or DeleteTags must be given.")
        if set(replace) & set(delete):
            raise ApiError("InvalidParameterValue.DeleteTagsParamError",
                           "ReplaceTags and DeleteTags share the keys %s." % ", ".join(sorted(set(replace) & set(delete))))
        for key, value in replace.items():
            check_tag(key, value)
        record = self._connection(self.store.region(match["region"]), match["id"])
        tags = {tag["Key"]: tag["Value"] for tag in record.data.get("TagSet", [])}
        tags.update(replace)
        for key in delete:
            tags.pop(key, None)  # deleting a key the resource does not have is not an error
        if len(tags) > MAX_TAGS:
            raise ApiError("LimitExceeded.ResourceAttachedTags", "A resource can have at most %d tags." % MAX_TAGS)
        record.data["TagSet"] = [{"Key": key, "Value": value} for key, value in tags.items()]

    def _delete(self, region, params, context):
        self._fixture(region, "vpn_gateways", params["VpnGatewayId"])
        record = self._connection(region, params["VpnConnectionId"])
        if record.data["VpnGatewayId"] != params["VpnGatewayId"]:
            raise ApiError("ResourceNotFound", "The VPN connection `%s` is not on VPN gateway `%s`."
                           % (params["VpnConnectionId"], params["VpnGatewayId"]))
        if record.transitional:
            raise invalid_state(record)
        record.start("delete", context.transition_reads())
        return {}

    # -- admin ----------------------------------------------------------------
    def reset(self):
        self.store = RegionalStore(lambda name: FIXTURES)
        self._nonces.clear()
        self.next_legacy_id = FIRST_CONNECTION_LEGACY_ID
        self.legacy.reset()

    def snapshot(self):
        return {"fixtures": FIXTURES, "regions": {
            name: {"vpn_connections": [dict(record.view(), _reads_left=record.reads_left, _legacy_id=record.legacy_id)
                                       for record in region.live()]}
            for name, region in self.store.regions().items()}}


def check_tag(key, value):
    """The Tag API's key and value rules: lengths, no outer spaces, no reserved prefix."""
    if not 1 <= len(key) <= 127:
        raise ApiError("InvalidParameterValue.TagKeyLengthExceeded", "A tag key has 1 to 127 characters.")
    if not 1 <= len(value) <= 255:
        raise ApiError("InvalidParameterValue.TagValueLengthExceeded", "A tag value has 1 to 255 characters.")
    if key != key.strip() or value != value.strip():
        raise ApiError("InvalidParameterValue.TagKeyCharacterIllegal", "Tags may not start or end with a space.")
    if key.lower().startswith(RESERVED_TAG_PREFIXES):
        raise ApiError("InvalidParameter.ReservedTagKey", "The tag key `%s` uses a reserved prefix." % key)


def ipsec_fields(sent):
    """IPsec settings as stored: the newer ``IntegrityAlgorithm`` spelling becomes ``IntegrityAlgorith``."""
    fields = dict(sent)
    alias = fields.pop("IntegrityAlgorithm", None)
    if alias is not None:
        fields.setdefault("IntegrityAlgorith", alias)
    return fields


def bgp_config(region, data, sent):
    """BGP settings as read back (``BgpConfigAndAsn``): the sent ones plus both sides' ASNs."""
    return dict(sent, LocalBgpAsn=region.fixtures["vpn_gateways"][data["VpnGatewayId"]]["BgpAsn"],
                RemoteBgpAsn=region.fixtures["customer_gateways"][data["CustomerGatewayId"]]["BgpAsn"])


def check_identities(ike):
    """An FQDN identity needs its FQDN name, as the API documents."""
    for side in ("Local", "Remote"):
        if ike.get(side + "Identity") == "FQDN" and not ike.get(side + "FqdnName"):
            raise ApiError("MissingParameter", "The request is missing a required parameter "
                                               "`IKEOptionsSpecification.%sFqdnName` (%sIdentity is FQDN)." % (side, side))


def set_health_check_status(data):
    """``HealthCheckStatus`` exists only while the health check is on (no peer answers here)."""
    if data.get("EnableHealthCheck"):
        data["HealthCheckStatus"] = "UNAVAILABLE"
    else:
        data.pop("HealthCheckStatus", None)


def random_health_check_ips():
    """Two distinct addresses in 169.254.128.0/17, as the API picks when none are given."""
    first = int(HEALTH_CHECK_NETWORK.network_address) + 1
    count = HEALTH_CHECK_NETWORK.num_addresses - 2
    local = secrets.randbelow(count)
    remote = (local + 1 + secrets.randbelow(count - 1)) % count
    return str(ipaddress.IPv4Address(first + local)), str(ipaddress.IPv4Address(first + remote))
