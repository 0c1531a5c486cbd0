"""Tencent Cloud's legacy VPC API 2.0 (``/v2/index.php``) on the API 3.0 handler's connection records.

Five actions: DescribeVpnConn, AddVpnConnEx, ModifyVpnConnEx, DeleteVpnConn
and DescribeVpcTaskResult, as Tencent's API 2.0 pages describe them (the
documentation sources in github.com/tencentyun/qcloud-documents,
``api/计算与网络/私有网络/VPN网关相关接口/VPN通道相关接口/``, and
https://intl.cloud.tencent.com/document/api/215/5113) and the official CLI
SDK sends them (github.com/QcloudApi/qcloudcli ``qcloudsdkvpc/*Request.py``).

This is a translation layer: a write is checked in API 2.0 terms, turned
into the API 3.0 handler's parameters (upper-case values, ``SecurityPolicyDatabases``)
and performed by that handler, so both APIs see one store. Reads turn a
record back into an API 2.0 row (lower-case values, string lifetimes,
numeric legacy ids, the SPD flattened into ``sourceCidr``/``destinationCidr``).
Every write answers a ``taskId`` that DescribeVpcTaskResult follows.

The API 3.0 handler (tencent.py) routes a request here when its path is
``/v2/index.php``; it keeps the request log, credentials, faults and admin
API under the provider name ``tencent``.
"""

from __future__ import annotations

import hmac
import json

from cloudvpn_emulator import collection
from cloudvpn_emulator.providers.base import Call
from cloudvpn_emulator.replay import NonceLedger
from cloudvpn_emulator.schema import Cidr, Enum, Int, Invalid, Ip, Obj, Str
from cloudvpn_emulator.wire import ApiError, Reply, unflatten

LEGACY_PATH = "/v2/index.php"
# Parameters of the request that are not the action's own (``RequestClient``: added and signed by the SDK).
COMMON_PARAMS = frozenset(["Action", "Region", "Timestamp", "Nonce", "SecretId", "Signature", "SignatureMethod",
                           "Token", "RequestClient"])
# "Timestamp within 2 hours of server time" (API 2.0 common parameters).
TIMESTAMP_WINDOW_SECONDS = 2 * 3600
FIRST_TASK_ID = 12600
MAX_LIMIT = 50

READ_ACTIONS = frozenset(["DescribeVpnConn", "DescribeVpcTaskResult"])
WRITE_ACTIONS = frozenset(["AddVpnConnEx", "ModifyVpnConnEx", "DeleteVpnConn"])

# Numeric ids and names API 2.0 shows for the API 3.0 handler's fixtures (the same in every region).
FIXTURE_LEGACY = {
    "vpcs": {"vpc-emu00001": (101, "emu-vpc-1"), "vpc-emu00002": (102, "emu-vpc-2")},
    "vpn_gateways": {"vpngw-emu00001": (201, "emu-vpngw-1"), "vpngw-emu00002": (202, "emu-vpngw-2"),
                     "vpngw-emu00003": (203, "emu-vpngw-3")},
    "customer_gateways": {"cgw-emu00001": (301, "emu-cgw-1"), "cgw-emu00002": (302, "emu-cgw-2")},
}

# -- request schemas (the reference tables' lower-case values) -------------------------

IKE_SET = Obj({
    "propoEncryAlgorithm": Enum(("3des-cbc", "aes-cbc-128", "aes-cbc-192", "aes-cbc-256", "des-cbc")),
    "propoAuthenAlgorithm": Enum(("md5", "sha")),
    "exchangeMode": Enum(("main", "aggressive")),
    "localIdentity": Enum(("address", "fqdn")),
    "remoteIdentity": Enum(("address", "fqdn")),
    "localAddress": Ip(),
    "remoteAddress": Ip(),
    "localFqdnName": Str(),
    "remoteFqdnName": Str(),
    "dhGroupName": Enum(("group1", "group2", "group5", "group14", "group24")),
    "ikeSaLifetimeSeconds": Int(minimum=60, maximum=604800),
})

IPSEC_SET = Obj({
    "encryptAlgorithm": Enum(("3des-cbc", "aes-cbc-128", "aes-cbc-192", "aes-cbc-256", "des-cbc", "null")),
    "integrityAlgorith": Enum(("md5", "sha")),
    "ipsecSaLifetimeSeconds": Int(minimum=180, maximum=604800),
    # The page prints 2560-604800 KB, below its own default 1843200: the API 3.0 bound is used.
    "ipsecSaLifetimeTraffic": Int(minimum=2560, maximum=4294967295),
    "pfsDhGroup": Enum(("null", "dh-group1", "dh-group2", "dh-group5", "dh-group14", "dh-group24")),
})

SCHEMAS = {
    "DescribeVpnConn": Obj({
        "vpcId": Str(), "vpnGwId": Str(), "vpnConnId": Str(), "vpnConnName": Str(),
        "offset": Int(minimum=0), "limit": Int(minimum=1, maximum=MAX_LIMIT),
        "orderField": Enum(("createTime", "vpnConnName")), "orderDirection": Enum(("asc", "desc")),
    }),
    "AddVpnConnEx": Obj({
        "vpcId": Str(required=True), "vpnGwId": Str(required=True), "userGwId": Str(required=True),
        "vpnConnName": Str(required=True, max_length=60), "preSharedKey": Str(required=True),
    }),
    "ModifyVpnConnEx": Obj({
        "vpcId": Str(required=True), "vpnGwId": Str(required=True), "vpnConnId": Str(required=True),
        "vpnConnName": Str(max_length=60), "preSharedKey": Str(),
    }),
    "DeleteVpnConn": Obj({"vpcId": Str(required=True), "vpnGwId": Str(required=True),
                          "vpnConnId": Str(required=True)}),
    "DescribeVpcTaskResult": Obj({"taskId": Int(required=True, minimum=0)}),
}
# Parameters of the writes checked by hand, not by the schemas above: the SPD (a JSON string, or a
# list of them), the peer CIDRs and the IKE/IPsec sets (an object or a one-element list).
STRUCTURED = {"AddVpnConnEx": ("spdAcl", "userGwCidrBlock", "IKESet", "IPsecSet"),
              "ModifyVpnConnEx": ("spdAcl", "userGwCidrBlock", "IKESet", "IPsecSet")}

# API 2.0 field -> API 3.0 field, and how a value is spelt in API 3.0 (default: upper case).
IKE_FIELDS = {
    "propoEncryAlgorithm": "PropoEncryAlgorithm", "propoAuthenAlgorithm": "PropoAuthenAlgorithm",
    "exchangeMode": "ExchangeMode", "localIdentity": "LocalIdentity", "remoteIdentity": "RemoteIdentity",
    "localAddress": "LocalAddress", "remoteAddress": "RemoteAddress", "localFqdnName": "LocalFqdnName",
    "remoteFqdnName": "RemoteFqdnName", "dhGroupName": "DhGroupName", "ikeSaLifetimeSeconds": "IKESaLifetimeSeconds",
}
IPSEC_FIELDS = {
    "encryptAlgorithm": "EncryptAlgorithm", "integrityAlgorith": "IntegrityAlgorith",
    "ipsecSaLifetimeSeconds": "IPSECSaLifetimeSeconds", "ipsecSaLifetimeTraffic": "IPSECSaLifetimeTraffic",
    "pfsDhGroup": "PfsDhGroup",
}
# Values kept as sent (addresses, names, numbers); the others are enumerations.
VERBATIM = frozenset(["localAddress", "remoteAddress", "localFqdnName", "remoteFqdnName", "ikeSaLifetimeSeconds",
                      "ipsecSaLifetimeSeconds", "ipsecSaLifetimeTraffic"])
# IPsec integrity ``sha`` is API 3.0's ``SHA1`` (and reads back as ``sha1``).
IPSEC_INTEGRITY_TO_3 = {"sha": "SHA1", "md5": "MD5"}

# vpcConnStatus: (operation, transition running) -> status; a settled connection is 6 (running).
CONNECTION_STATUS = {("create", True): 0, ("modify", True): 2, ("delete", True): 4}
RUNNING = 6

TASK_SUCCEEDED, TASK_FAILED, TASK_RUNNING = 0, 1, 2


class LegacyError(ApiError):
    """An API 2.0 error: the numeric ``code`` and the ``codeDesc`` name (``ApiError.code``, what the log shows)."""

    def __init__(self, number, code_desc, message):
        super().__init__(code_desc, message, 200)
        self.number = number


def invalid(code_desc, message):
    return LegacyError(4000, code_desc, message)


# The answers to the error-type faults, and their numeric codes.
FAULT_ERRORS = {
    "throttle": ("RequestLimitExceeded", "Request quota exceeded (emulated fault).", 200),
    "busy": ("InvalidVpnConnState", "The VPN connection is busy, try again later (emulated fault).", 200),
    "auth_failure": ("AuthFailure", "Signature authentication failed (emulated fault).", 200),
    "internal_error": ("InternalError", "Internal server error (emulated fault).", 200),
}
FAULT_NUMBERS = {"RequestLimitExceeded": 4400, "InvalidVpnConnState": 5100, "AuthFailure": 4100, "InternalError": 6000}


class Task:
    """What DescribeVpcTaskResult reports on: one write's transition of one record."""

    def __init__(self, task_id, region, record):
        self.task_id = task_id
        self.region = region
        self.record = record
        self.fails = False
        self.result = None

    def status(self):
        """Running while the record is in this task's transition (each call counts as a read of it)."""
        if self.result is None:
            record = self.record
            if record.task is self and record.transitional:
                self.region.observe([record])
                return TASK_RUNNING
            self.result = TASK_FAILED if self.fails else TASK_SUCCEEDED
        return self.result


class LegacyApi:
    """The API 2.0 side of the Tencent handler (``handler``: the API 3.0 ``TencentHandler``)."""

    fault_errors = FAULT_ERRORS

    def __init__(self, handler):
        self.handler = handler
        self._regions = collection.import_module("plugins.module_utils.tencent.regions")
        self._nonces = NonceLedger(2 * TIMESTAMP_WINDOW_SECONDS)
        self._tasks = {}
        self._next_task_id = FIRST_TASK_ID

    def reset(self):
        self._nonces.clear()
        self._tasks = {}
        self._next_task_id = FIRST_TASK_ID

    @staticmethod
    def classify(action):
        if action in READ_ACTIONS:
            return "read"
        return "write" if action in WRITE_ACTIONS else "unknown"

    @staticmethod
    def parse(request, pairs):
        """Everything is in the query (GET) or the form body (POST); lists are ``name.n``, 0-based."""
        signed = dict(pairs)
        call = Call(signed.get("Action"), signed.get("Region"), scheme="legacy", signed_params=signed)
        try:
            if len(signed) != len(pairs):
                raise ValueError("a parameter is given twice")
            call.params = unflatten([(name, value) for name, value in pairs if name not in COMMON_PARAMS])
        except ValueError as error:
            call.problem = invalid("InvalidParameter", "The request parameters could not be parsed: %s" % error)
        return call

    # -- signature ------------------------------------------------------------------------
    def authenticate(self, request, call, keys, now):
        """The HmacSHA1 (default) / HmacSHA256 signature over ``METHOD host /v2/index.php ? sorted params``."""
        params = call.details["signed_params"]
        method = params.get("SignatureMethod", "HmacSHA1")
        if method not in ("HmacSHA1", "HmacSHA256"):
            raise LegacyError(4100, "AuthFailure", "SignatureMethod must be HmacSHA1 or HmacSHA256.")
        if not params.get("Timestamp", "").isdigit():
            raise invalid("MissingParameter", "The request is missing a valid `Timestamp` (unix seconds).")
        timestamp = int(params["Timestamp"])
        if abs(now - timestamp) > TIMESTAMP_WINDOW_SECONDS:
            raise LegacyError(4200, "RequestExpired", "The request expired: Timestamp %d is more than %d seconds "
                              "away from the server time %d." % (timestamp, TIMESTAMP_WINDOW_SECONDS, int(now)))
        credential = keys.get(params.get("SecretId") or "")
        if credential is None:
            raise LegacyError(4100, "AuthFailure", "Signature authentication failed: the SecretId is not found.")
        nonce = params.get("Nonce", "")
        if not nonce.isdigit() or int(nonce) == 0:
            raise invalid("MissingParameter", "The request is missing a required parameter `Nonce` "
                                              "(a positive integer).")
        signer = self.handler._v1_signer(method)  # pylint: disable=protected-access
        expected = signer.signature(credential.secret, signer.string_to_sign(
            request.method, request.header("Host") or "", request.path, params))
        if not hmac.compare_digest(expected.encode(), params.get("Signature", "").encode()):
            raise LegacyError(4100, "AuthFailure", "Signature authentication failed: the signature does not match.")
        if not hmac.compare_digest((credential.token or "").encode(), (params.get("Token") or "").encode()):
            raise LegacyError(4100, "AuthFailure", "Signature authentication failed: the Token is missing, "
                                                   "invalid or does not match the SecretId.")
        # A (key, Nonce) pair seen while its Timestamp could still be valid: a replayed request.
        if not self._nonces.first_use(credential.key_id, nonce, now):
            raise LegacyError(4500, "Replay", "The Nonce %s was already used: replayed request." % nonce)

    # -- answers ----------------------------------------------------------------------------
    @staticmethod
    def error_reply(error, request_id):  # pylint: disable=unused-argument
        """``{"code", "message", "codeDesc"}`` with HTTP 200 (API 2.0 has no request id)."""
        number = getattr(error, "number", None) or FAULT_NUMBERS.get(error.code, 4000)
        return Reply.json({"code": number, "message": error.message, "codeDesc": error.code}, status=error.status)

    @staticmethod
    def success(**fields):
        return Reply.json(dict({"code": 0, "message": "", "codeDesc": "Success"}, **fields))

    def handle(self, call, context):
        if call.problem:
            raise call.problem
        if call.action not in SCHEMAS:
            raise invalid("InvalidAction", "The action `%s` is not found (the emulator implements %s)."
                          % (call.action, ", ".join(SCHEMAS)))
        if not call.region:
            raise invalid("MissingParameter", "The request is missing a required parameter `Region`.")
        region_id = self._regions.REGION_IDS.get(call.region)
        if region_id is None:
            raise invalid("InvalidRegion", "The region `%s` is not an API 2.0 region code (%s)."
                          % (call.region, ", ".join(sorted(self._regions.REGION_IDS))))
        structured = {name: call.params[name] for name in STRUCTURED.get(call.action, ()) if name in call.params}
        plain = {name: value for name, value in call.params.items() if name not in structured}
        try:
            params = SCHEMAS[call.action].check(plain, "", True)
        except Invalid as problem:
            code = {"unknown": "UnknownParameter", "missing": "MissingParameter"}.get(problem.kind, "InvalidParameter")
            if problem.path == "vpnConnName" and problem.kind == "length":
                code = "InvalidVpnConnName"
            raise invalid(code, problem.message) from None
        params.update(structured)
        scope = Scope(self.handler.store.region(region_id), call.region)
        action = {
            "DescribeVpnConn": self._describe,
            "AddVpnConnEx": self._add,
            "ModifyVpnConnEx": self._modify,
            "DeleteVpnConn": self._delete,
            "DescribeVpcTaskResult": self._task_result,
        }[call.action]
        try:
            return self.success(**action(scope, params, context))
        except LegacyError:
            raise
        except ApiError as error:  # the API 3.0 handler's own checks (an FQDN identity without its name, ...)
            raise invalid(error.code, error.message) from None

    # -- actions -------------------------------------------------------------------------------
    def _describe(self, scope, params, context):  # pylint: disable=unused-argument
        matched = scope.region.live()
        if "vpcId" in params:
            matched = [record for record in matched if record.data["VpcId"] == scope.fixture_id("vpcs", params["vpcId"])]
        if "vpnGwId" in params:
            wanted = scope.fixture_id("vpn_gateways", params["vpnGwId"])
            matched = [record for record in matched if record.data["VpnGatewayId"] == wanted]
        if "vpnConnId" in params:
            matched = [record for record in matched if known_as(record, params["vpnConnId"])]
        if "vpnConnName" in params:  # a substring ("fuzzy") match
            matched = [record for record in matched if params["vpnConnName"] in record.data["VpnConnectionName"]]
        if params.get("orderField") == "vpnConnName":
            matched = sorted(matched, key=lambda record: record.data["VpnConnectionName"])
        if params.get("orderDirection") == "desc":
            matched = matched[::-1]
        offset = params.get("offset", 0)
        page = matched[offset:offset + params.get("limit", 20)]
        rows = [scope.row(record) for record in page]
        scope.region.observe(page)
        return {"totalCount": len(matched), "data": rows}

    def _add(self, scope, params, context):
        vpc_id, gateway_id = scope.vpc_and_gateway(params["vpcId"], params["vpnGwId"])
        customer_gateway_id = scope.fixture_id("customer_gateways", params["userGwId"])
        if customer_gateway_id is None:
            raise invalid("InvalidUserGw.NotFound", "The customer gateway `%s` is not found." % params["userGwId"])
        scope.check_name_free(vpc_id, params["vpnConnName"])
        spd = scope.spd(vpc_id, params, required=True)
        api3 = {"VpcId": vpc_id, "VpnGatewayId": gateway_id, "CustomerGatewayId": customer_gateway_id,
                "VpnConnectionName": params["vpnConnName"], "PreShareKey": params["preSharedKey"],
                "SecurityPolicyDatabases": spd}
        api3.update(settings(params))
        created = self.handler._create(scope.region, api3, context)  # pylint: disable=protected-access
        record = scope.region.records[created["VpnConnection"]["VpnConnectionId"]]
        task = self._start_task(scope, record, context, None)
        return {"data": {"vpnGwId": gateway_id, "userGwId": customer_gateway_id, "vpnConnId": 0,
                         "taskId": task.task_id, "vpnConnStatus": 0, "preSharedKey": params["preSharedKey"],
                         "userGwSubnetList": remote_cidrs(spd)}}

    def _modify(self, scope, params, context):
        record = scope.connection(params)
        if record.transitional:
            raise busy(record)
        if "vpnConnName" in params:
            scope.check_name_free(record.data["VpcId"], params["vpnConnName"], record)
        api3 = {"VpnConnectionId": record.data["VpnConnectionId"]}
        if "vpnConnName" in params:
            api3["VpnConnectionName"] = params["vpnConnName"]
        if "preSharedKey" in params:
            api3["PreShareKey"] = params["preSharedKey"]
        spd = scope.spd(record.data["VpcId"], params, required=False)
        if spd is not None:
            api3["SecurityPolicyDatabases"] = spd
        api3.update(settings(params))
        previous = record.view()
        self.handler._modify(scope.region, api3, context)  # pylint: disable=protected-access
        task = self._start_task(scope, record, context, previous)
        data = record.data
        return {"data": {"vpnGwId": data["VpnGatewayId"], "vpcConnId": data["VpnConnectionId"],
                         "taskId": task.task_id, "vpcConnStatus": 2, "preSharedKey": data["PreShareKey"],
                         "userGwSubnetList": remote_cidrs(data["SecurityPolicyDatabaseSet"]),
                         "userGwId": data["CustomerGatewayId"]}}

    def _delete(self, scope, params, context):
        record = scope.connection(params)
        if record.transitional:
            raise busy(record)
        self.handler._delete(scope.region, {"VpnGatewayId": record.data["VpnGatewayId"],  # pylint: disable=protected-access
                                            "VpnConnectionId": record.data["VpnConnectionId"]}, context)
        task = self._start_task(scope, record, context, None)
        return {"data": {"vpnGwId": record.data["VpnGatewayId"], "vpcConnId": record.data["VpnConnectionId"],
                         "taskId": task.task_id, "state": 4}}

    def _task_result(self, scope, params, context):  # pylint: disable=unused-argument
        task = self._tasks.get(params["taskId"])
        if task is None:
            raise invalid("InvalidTaskId.NotFound", "The task `%s` is not found." % params["taskId"])
        return {"data": {"status": task.status()}}

    def _start_task(self, scope, record, context, previous_data):
        """A task that follows the transition the write just started on ``record``.

        With a ``task_failure`` fault queued, the task fails and the write is
        undone (``previous_data``: the record before a modify).
        """
        task = Task(self._next_task_id, scope.region, record)
        self._next_task_id += 1
        self._tasks[task.task_id] = task
        record.task = task
        if context.task_fails():
            task.fails = True
            record.fail(previous_data)
        return task


def known_as(record, connection_id):
    """True when ``connection_id`` names ``record``: its ``vpnx-`` ID or its numeric legacy ID."""
    return connection_id in (record.data["VpnConnectionId"], str(record.legacy_id))


def busy(record):
    return LegacyError(5100, "InvalidVpnConnState", "The VPN connection `%s` is %s; try again when it is running."
                       % (record.data["VpnConnectionId"], record.status))


class Scope:
    """One request's region: id lookups in any API 2.0 spelling, SPD parsing, rows."""

    def __init__(self, region, code):
        self.region = region
        self.code = code

    def fixture_id(self, kind, value):
        """The ``un...`` id of a fixture given as that id, its number or (VPCs) ``<code>_vpc_<number>``; or None."""
        if value in self.region.fixtures[kind]:
            return value
        for un_id, (number, _name) in FIXTURE_LEGACY[kind].items():
            if value == str(number) or (kind == "vpcs" and value == "%s_vpc_%d" % (self.code, number)):
                return un_id
        return None

    def vpc_and_gateway(self, vpc, gateway):
        vpc_id = self.fixture_id("vpcs", vpc)
        if vpc_id is None:
            raise invalid("InvalidVpc.NotFound", "The VPC `%s` is not found." % vpc)
        gateway_id = self.fixture_id("vpn_gateways", gateway)
        if gateway_id is None or self.region.fixtures["vpn_gateways"][gateway_id]["VpcId"] != vpc_id:
            raise invalid("InvalidVpnGw.NotFound", "The VPN gateway `%s` is not found in VPC `%s`." % (gateway, vpc))
        return vpc_id, gateway_id

    def connection(self, params):
        """The live connection ``vpnConnId`` (either id) on gateway ``vpnGwId`` in VPC ``vpcId``."""
        _vpc_id, gateway_id = self.vpc_and_gateway(params["vpcId"], params["vpnGwId"])
        for record in self.region.live():
            if known_as(record, params["vpnConnId"]) and record.data["VpnGatewayId"] == gateway_id:
                return record
        raise invalid("InvalidVpnConn.NotFound", "The VPN connection `%s` is not found on VPN gateway `%s`."
                      % (params["vpnConnId"], params["vpnGwId"]))

    def check_name_free(self, vpc_id, name, itself=None):
        """API 2.0 keeps connection names unique within a VPC."""
        for record in self.region.live():
            if record is not itself and record.data["VpcId"] == vpc_id and record.data["VpnConnectionName"] == name:
                raise invalid("InvalidVpnConnName.InUse", "The VPN connection name `%s` is already used in VPC `%s`."
                              % (name, vpc_id))

    def spd(self, vpc_id, params, required):
        """``SecurityPolicyDatabases`` from ``spdAcl`` (a JSON object string, or ``spdAcl.n`` of them, merged)
        or ``userGwCidrBlock.n`` (remote CIDRs; the local side is the VPC's CIDR); None when neither is sent."""
        if "spdAcl" in params and "userGwCidrBlock" in params:
            raise invalid("InvalidParameter", "Give spdAcl or userGwCidrBlock, not both.")
        if "spdAcl" in params:
            sent = params["spdAcl"]
            documents = sent if isinstance(sent, list) else [sent]
            rules = {}
            for position, document in enumerate(documents):
                for local, remotes in spd_document(document, "spdAcl" if isinstance(sent, str) else
                                                   "spdAcl.%d" % position).items():
                    merged = rules.setdefault(local, [])
                    merged.extend(remote for remote in remotes if remote not in merged)
        elif "userGwCidrBlock" in params:
            remotes = params["userGwCidrBlock"]
            if not isinstance(remotes, list) or not remotes or not all(isinstance(item, str) for item in remotes):
                raise invalid("InvalidParameter", "userGwCidrBlock must be sent as userGwCidrBlock.0, .1, ...")
            for position, remote in enumerate(remotes):
                check_cidr(remote, "userGwCidrBlock.%d" % position)
            rules = {self.region.fixtures["vpcs"][vpc_id]["CidrBlock"]: list(dict.fromkeys(remotes))}
        elif required:
            raise invalid("MissingParameter", "The request is missing a required parameter `spdAcl` "
                                              "(or `userGwCidrBlock.n`).")
        else:
            return None
        return [{"LocalCidrBlock": local, "RemoteCidrBlock": remotes} for local, remotes in rules.items()]

    def row(self, record):
        """The connection as a DescribeVpnConn row."""
        data = record.data
        fixtures = self.region.fixtures
        vpc_number, vpc_name = FIXTURE_LEGACY["vpcs"][data["VpcId"]]
        gateway_number, gateway_name = FIXTURE_LEGACY["vpn_gateways"][data["VpnGatewayId"]]
        customer_number, customer_name = FIXTURE_LEGACY["customer_gateways"][data["CustomerGatewayId"]]
        rules = data["SecurityPolicyDatabaseSet"]
        row = {
            "vpcId": "%s_vpc_%d" % (self.code, vpc_number), "unVpcId": data["VpcId"], "vpcName": vpc_name,
            "vpcCidrBlock": fixtures["vpcs"][data["VpcId"]]["CidrBlock"],
            "vpnGwId": gateway_number, "unVpnGwId": data["VpnGatewayId"], "vpnGwName": gateway_name,
            "vpnGwAddress": fixtures["vpn_gateways"][data["VpnGatewayId"]]["PublicIpAddress"],
            "vpnConnId": record.legacy_id, "unVpnConnId": data["VpnConnectionId"],
            "vpnConnName": data["VpnConnectionName"],
            "userGwId": customer_number, "unUserGwId": data["CustomerGatewayId"], "userGwName": customer_name,
            "userGwAddress": fixtures["customer_gateways"][data["CustomerGatewayId"]]["IpAddress"],
            "vpcConnStatus": CONNECTION_STATUS.get((record.operation, record.transitional), RUNNING),
            "netStatus": data["NetStatus"].lower(),
            "preSharedKey": data["PreShareKey"],
            "remoteSlaIp": data["HealthCheckRemoteIp"],
            "sourceCidr": [rule["LocalCidrBlock"] for rule in rules],
            "destinationCidr": remote_cidrs(rules),
            "vpnProto": "ip-sec",
            "createTime": data["CreatedTime"],
        }
        ike, ipsec = ike_row(data["IKEOptionsSpecification"]), ipsec_row(data["IPSECOptionsSpecification"])
        if record.legacy_id % 2 == 0:  # both spellings of the documentation, so clients meet both
            row.update(IKEArr=ike, IPSECArr=ipsec)
        else:
            row.update(IKESet=[ike], IPsecSet=[ipsec])
        return row


def spd_document(document, name):
    """One ``spdAcl`` JSON object string: ``{"local CIDR": ["remote CIDR", ...]}``."""
    try:
        rules = json.loads(document) if isinstance(document, str) else None
    except ValueError:
        rules = None
    if not isinstance(rules, dict) or not rules:
        raise invalid("InvalidParameter", "%s must be a JSON object string {\"local CIDR\": [\"remote CIDR\", ...]}."
                      % name)
    for local, remotes in rules.items():
        check_cidr(local, name)
        if not isinstance(remotes, list) or not remotes:
            raise invalid("InvalidParameter", "%s: the remote CIDRs of %s must be a non-empty list." % (name, local))
        for remote in remotes:
            check_cidr(remote, name)
    return rules


def check_cidr(value, name):
    try:
        Cidr().check(value, name, True)
    except Invalid as problem:
        raise invalid("InvalidParameter", problem.message) from None


def one_set(params, name, schema):
    """``IKESet``/``IPsecSet``: ``name.0.field`` (a one-element list) or ``name.field`` (an object)."""
    sent = params[name]
    if isinstance(sent, list):
        if len(sent) != 1:
            raise invalid("InvalidParameter", "%s must hold exactly one element (%s.0.*)." % (name, name))
        sent, path = sent[0], name + ".0"
    else:
        path = name
    if not isinstance(sent, dict):
        raise invalid("InvalidParameter", "%s must be sent as %s.0.<field> or %s.<field>." % (name, name, name))
    try:
        return schema.check(sent, path, True)
    except Invalid as problem:
        code = {"unknown": "UnknownParameter", "missing": "MissingParameter"}.get(problem.kind, "InvalidParameter")
        raise invalid(code, problem.message) from None


def settings(params):
    """The sent IKE and IPsec sets as API 3.0 ``IKEOptionsSpecification``/``IPSECOptionsSpecification``."""
    converted = {}
    if "IKESet" in params:
        converted["IKEOptionsSpecification"] = {
            IKE_FIELDS[name]: value if name in VERBATIM else value.upper()
            for name, value in one_set(params, "IKESet", IKE_SET).items()}
    if "IPsecSet" in params:
        converted["IPSECOptionsSpecification"] = {
            IPSEC_FIELDS[name]: value if name in VERBATIM else
            IPSEC_INTEGRITY_TO_3[value] if name == "integrityAlgorith" else value.upper()
            for name, value in one_set(params, "IPsecSet", IPSEC_SET).items()}
    return converted


def remote_cidrs(rules):
    """Every remote CIDR of the SPD rules, once, in order."""
    return list(dict.fromkeys(remote for rule in rules for remote in rule["RemoteCidrBlock"]))


def ike_row(ike):
    """API 3.0 IKE settings as an API 2.0 row shows them: lower case, the lifetime as a string."""
    return {
        "propoAuthenAlgorithm": ike["PropoAuthenAlgorithm"].lower(),
        "propoEncryAlgorithm": ike["PropoEncryAlgorithm"].lower(),
        "exchangeMode": ike["ExchangeMode"].lower(),
        "localIdentity": ike["LocalIdentity"].lower(),
        "remoteIdentity": ike["RemoteIdentity"].lower(),
        "localAddress": ike.get("LocalAddress"),
        "remoteAddress": ike.get("RemoteAddress"),
        "localFqdnName": ike.get("LocalFqdnName"),
        "remoteFqdnName": ike.get("RemoteFqdnName"),
        "dhGroupName": ike["DhGroupName"].lower(),
        "ikeSaLifetimeSeconds": str(ike["IKESaLifetimeSeconds"]),
    }


def ipsec_row(ipsec):
    """API 3.0 IPsec settings as an API 2.0 row shows them (``pfsDhGroup`` ``"null"`` for none)."""
    return {
        "encryptAlgorithm": ipsec["EncryptAlgorithm"].lower(),
        "integrityAlgorith": ipsec["IntegrityAlgorith"].lower(),
        "encapMode": "tunnel",
        "securityProto": "esp",
        "pfsDhGroup": ipsec["PfsDhGroup"].lower(),
        "ipsecSaLifetimeSeconds": str(ipsec["IPSECSaLifetimeSeconds"]),
        "ipsecSaLifetimeTraffic": str(ipsec["IPSECSaLifetimeTraffic"]),
    }
