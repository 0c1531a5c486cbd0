"""Alibaba Cloud VPC API 2016-04-28: IPsec-VPN connections, single- and dual-tunnel.

Behaviour follows the API pages of CreateVpnConnection, DescribeVpnConnection(s),
ModifyVpnConnectionAttribute, ModifyTunnelAttribute, DeleteVpnConnection,
TagResources and UnTagResources:

* RPC style: every parameter in the query or a form body, signed with the
  RPC signature v1 (HMAC-SHA1), checked with the collection's own signer;
  a wrong signature answers ``SignatureDoesNotMatch`` with the server's string
  to sign in the message, as Alibaba does (it holds every parameter, keys too);
* JSON-string parameters (``IkeConfig``, ``IpsecConfig``, ``BgpConfig``,
  ``HealthCheckConfig``) for single-tunnel connections; flattened lists with
  1-based indexes (``TunnelOptionsSpecification.1.*``, ``Tags.1.Key``);
* two kinds of VPN gateway in the seed data: single-tunnel ones refuse
  ``TunnelOptionsSpecification``, dual-tunnel ones need it and refuse the
  connection-level settings;
* a changed settings group replaces the stored one (omitted keys go back to
  their defaults, an omitted ``Psk`` is kept): the strict reading of the
  undocumented partial-object semantics, so a client that sends part of a
  group is caught;
* pre-shared keys read back in clear, except on the gateways marked
  ``MaskPsk`` in the seed data, which read them back masked (``******``);
* ``ClientToken``: the same token with the same request answers as the first
  time without doing anything again; with another request it is refused;
* asynchronous writes: ``State`` is ``init``/``updating``/``deleting`` for a
  number of reads, then ``active`` (or gone); a write while another write on
  the same gateway is running answers ``VpnGateway.Configuring``.
"""

from __future__ import annotations

import calendar
import hmac
import json
import secrets
import time

from cloudvpn_emulator import collection
from cloudvpn_emulator.providers.base import Call, ProviderHandler
from cloudvpn_emulator.replay import NonceLedger
from cloudvpn_emulator.schema import Bool, Cidr, Enum, Int, Invalid, Ip, ListOf, Obj, Str
from cloudvpn_emulator.state import Record, RegionalStore, random_id
from cloudvpn_emulator.wire import ApiError, Reply, unflatten

VERSION = "2016-04-28"
CLOCK_SKEW_SECONDS = 900
HOST_ID = "vpc.aliyuncs.com"
MASKED_PSK = "******"
SETTLED = "active"

# Parameters of the RPC signature, not the action's own.
COMMON_PARAMS = frozenset([
    "Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce",
    "SignatureType", "Timestamp", "Signature", "SecurityToken", "RegionId"])
JSON_STRING_PARAMS = ("IkeConfig", "IpsecConfig", "BgpConfig", "HealthCheckConfig")

# Seed data, the same in every region (documented in docs/emulator.md).
FIXTURES = {
    "vpn_gateways": {
        "vpn-emu00001": {"InternetIp": "203.0.113.20", "DualTunnel": False, "MaskPsk": False},
        "vpn-emu00002": {"InternetIp": "203.0.113.21", "DisasterRecoveryInternetIp": "203.0.113.22",
                         "DualTunnel": True, "MaskPsk": False},
        "vpn-emu00003": {"InternetIp": "203.0.113.23", "DualTunnel": False, "MaskPsk": True},
        "vpn-emu00004": {"InternetIp": "203.0.113.24", "DisasterRecoveryInternetIp": "203.0.113.25",
                         "DualTunnel": True, "MaskPsk": True},
    },
    "customer_gateways": {
        "cgw-emu00001": {"IpAddress": "198.51.100.1"},
        "cgw-emu00002": {"IpAddress": "198.51.100.2"},
        "cgw-emu00003": {"IpAddress": "198.51.100.3"},
    },
}

# -- request schemas (names exactly as the API spells them) -------------------
ENCRYPTION = ("aes", "aes192", "aes256", "des", "3des", "sm4")
AUTHENTICATION = ("md5", "sha1", "sha256", "sha384", "sha512", "sm3")
DH_GROUPS = ("group1", "group2", "group5", "group14")

IKE = Obj({
    "Psk": Str(max_length=100),
    "IkeVersion": Enum(("ikev1", "ikev2")),
    "IkeMode": Enum(("main", "aggressive")),
    "IkeEncAlg": Enum(ENCRYPTION),
    "IkeAuthAlg": Enum(AUTHENTICATION),
    "IkePfs": Enum(DH_GROUPS),
    "IkeLifetime": Int(minimum=0, maximum=86400),
    "LocalId": Str(max_length=100),
    "RemoteId": Str(max_length=100),
})
IPSEC = Obj({
    "IpsecEncAlg": Enum(ENCRYPTION),
    "IpsecAuthAlg": Enum(AUTHENTICATION),
    "IpsecPfs": Enum(("disabled",) + DH_GROUPS),
    "IpsecLifetime": Int(minimum=0, maximum=86400),
})
BGP = Obj({"EnableBgp": Bool(), "LocalAsn": Int(minimum=1, maximum=4294967295), "TunnelCidr": Cidr(),
           "LocalBgpIp": Ip()})
TUNNEL_BGP = Obj({"LocalAsn": Int(minimum=1, maximum=4294967295), "TunnelCidr": Cidr(), "LocalBgpIp": Ip()})
HEALTH_CHECK = Obj({"enable": Bool(), "dip": Ip(), "sip": Ip(), "interval": Int(minimum=1),
                    "retry": Int(minimum=1)})
TUNNEL_FIELDS = {
    "CustomerGatewayId": Str(),
    "EnableDpd": Bool(),
    "EnableNatTraversal": Bool(),
    "RemoteCaCertificate": Str(),
    "TunnelIkeConfig": IKE,
    "TunnelIpsecConfig": IPSEC,
    "TunnelBgpConfig": TUNNEL_BGP,
}
SINGLE_TUNNEL = {
    "IkeConfig": IKE, "IpsecConfig": IPSEC, "BgpConfig": BGP, "HealthCheckConfig": HEALTH_CHECK,
    "EnableDpd": Bool(), "EnableNatTraversal": Bool(), "RemoteCaCertificate": Str(),
}
MODIFIABLE = dict(SINGLE_TUNNEL, Name=Str(max_length=100), LocalSubnet=Str(), RemoteSubnet=Str(),
                  EffectImmediately=Bool(), AutoConfigRoute=Bool(), ClientToken=Str(max_length=64),
                  EnableTunnelsBgp=Bool())
TAGS = ListOf(Obj({"Key": Str(required=True, max_length=128), "Value": Str(max_length=128)}), max_items=20)

SCHEMAS = {
    "CreateVpnConnection": Obj(dict(
        MODIFIABLE, VpnGatewayId=Str(required=True), LocalSubnet=Str(required=True), RemoteSubnet=Str(required=True),
        CustomerGatewayId=Str(), NetworkType=Enum(("public", "private")), DryRun=Bool(), Tags=TAGS,
        TunnelOptionsSpecification=ListOf(Obj(dict(TUNNEL_FIELDS, Role=Enum(("master", "slave"), required=True))),
                                          max_items=2))),
    "DescribeVpnConnection": Obj({"VpnConnectionId": Str(required=True)}),
    "DescribeVpnConnections": Obj({
        "VpnGatewayId": Str(), "CustomerGatewayId": Str(), "VpnConnectionId": Str(),
        "PageNumber": Int(minimum=1), "PageSize": Int(minimum=1, maximum=50),
        "Tag": ListOf(Obj({"Key": Str(), "Value": Str()}), max_items=20)}),
    "ModifyVpnConnectionAttribute": Obj(dict(
        MODIFIABLE, VpnConnectionId=Str(required=True),
        TunnelOptionsSpecification=ListOf(Obj(dict(TUNNEL_FIELDS, TunnelId=Str(required=True),
                                                   Role=Enum(("master", "slave")))), max_items=2))),
    "ModifyTunnelAttribute": Obj({"VpnConnectionId": Str(required=True), "TunnelId": Str(required=True),
                                  "ClientToken": Str(max_length=64),
                                  "TunnelOptionsSpecification": Obj(TUNNEL_FIELDS)}),
    "DeleteVpnConnection": Obj({"VpnConnectionId": Str(required=True), "ClientToken": Str(max_length=64)}),
    "TagResources": Obj({"ResourceType": Str(required=True), "ResourceId": ListOf(Str(), required=True, max_items=50),
                         "Tag": ListOf(Obj({"Key": Str(required=True, max_length=128),
                                            "Value": Str(max_length=128)}), required=True, max_items=20)}),
    "UnTagResources": Obj({"ResourceType": Str(required=True),
                           "ResourceId": ListOf(Str(), required=True, max_items=50),
                           "TagKey": ListOf(Str(), max_items=20), "All": Bool()}),
}
READ_ACTIONS = frozenset(["DescribeVpnConnection", "DescribeVpnConnections"])

INVALID_CODES = {
    "unknown": "InvalidParameter",
    "missing": "MissingParameter",
    "type": "InvalidParameter",
    "enum": "InvalidParameter",
    "range": "InvalidParameter",
    "malformed": "InvalidParameter",
    "length": "InvalidParameter",
    "duplicate": "InvalidParameter",
}

IKE_DEFAULTS = {"IkeVersion": "ikev1", "IkeMode": "main", "IkeEncAlg": "aes", "IkeAuthAlg": "md5",
                "IkePfs": "group2", "IkeLifetime": 86400}
IPSEC_DEFAULTS = {"IpsecEncAlg": "aes", "IpsecAuthAlg": "md5", "IpsecPfs": "group2", "IpsecLifetime": 86400}
BGP_DEFAULTS = {"EnableBgp": False, "LocalAsn": 45104, "TunnelCidr": "", "LocalBgpIp": ""}
HEALTH_DEFAULTS = {"enable": False, "dip": "", "sip": "", "interval": 3, "retry": 3}


def busy(gateway_id):
    return ApiError("VpnGateway.Configuring", "The specified service is configuring. (VPN gateway %s)" % gateway_id,
                    400)


def not_found(connection_id):
    return ApiError("InvalidVpnConnectionInstanceId.NotFound",
                    "The specified vpn connection instance id does not exist. (%s)" % connection_id, 404)


def invalid(message):
    return ApiError("InvalidParameter", message, 400)


class AlibabaHandler(ProviderHandler):
    name = "alibaba"
    default_credentials = ({"key_id": "LTAIEMULATOREXAMPLE000000",
                            "secret": "emulator-alibaba-access-key-secret", "token": None},)
    fault_errors = {
        "throttle": ("Throttling.User", "Request was denied due to user flow control. (emulated fault)", 400),
        "busy": ("VpnGateway.Configuring", "The specified service is configuring. (emulated fault)", 400),
        "auth_failure": ("SignatureDoesNotMatch",
                         "Specified signature is not matched with our calculation. (emulated fault)", 400),
    }

    def __init__(self):
        self._signer = collection.import_module("plugins.module_utils.signers.alibaba").AlibabaRpcSigner()
        self._nonces = NonceLedger(2 * CLOCK_SKEW_SECONDS)
        self._tokens = {}
        self.store = None
        self.reset()

    # -- routing ----------------------------------------------------------
    @staticmethod
    def _pairs(request):
        return request.query_params() + request.form_params()

    def matches(self, request):
        names = {name for name, _value in self._pairs(request)}
        return {"AccessKeyId", "SignatureNonce", "Signature"} <= names

    def classify(self, action):
        if action in READ_ACTIONS:
            return "read"
        return "write" if action in SCHEMAS else "unknown"

    def parse(self, request):
        pairs = self._pairs(request)
        signed = dict(pairs)
        call = Call(signed.get("Action"), signed.get("RegionId"), version=signed.get("Version"),
                    signed_params=signed, method=request.method)
        try:
            if len(signed) != len(pairs):
                raise ValueError("a parameter is given twice")
            params = unflatten([(name, value) for name, value in pairs if name not in COMMON_PARAMS], base=1)
            for name in JSON_STRING_PARAMS:
                if name in params:
                    params[name] = decode_json_object(name, params[name])
            call.params = params
        except ValueError as error:
            call.problem = invalid("The request parameters could not be parsed: %s" % error)
        return call

    # -- signature ----------------------------------------------------------
    def authenticate(self, request, call, keys, now):
        params = call.details["signed_params"]
        if params.get("SignatureMethod") != "HMAC-SHA1" or params.get("SignatureVersion") != "1.0":
            raise ApiError("IncompleteSignature", "SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0.", 400)
        timestamp = parse_timestamp(params.get("Timestamp"))
        if timestamp is None:
            raise ApiError("MissingParameter", "The input parameter Timestamp that is mandatory for processing this "
                                               "request is not supplied or malformed.", 400)
        if abs(now - timestamp) > CLOCK_SKEW_SECONDS:
            raise ApiError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400)
        credential = keys.get(params.get("AccessKeyId") or "")
        if credential is None:
            raise ApiError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404)
        unsigned = {name: value for name, value in params.items() if name != "Signature"}
        string_to_sign = self._signer.string_to_sign(call.details["method"], unsigned)
        expected = self._signer.signature(credential.secret, string_to_sign)
        if not hmac.compare_digest(expected.encode(), (params.get("Signature") or "").encode()):
            # As the real service: the message echoes the string to sign, every parameter included.
            raise ApiError("SignatureDoesNotMatch", "Specified signature is not matched with our calculation. "
                                                    "server string to sign is:%s" % string_to_sign, 400)
        if not hmac.compare_digest((credential.token or "").encode(), (params.get("SecurityToken") or "").encode()):
            raise ApiError("InvalidSecurityToken.Mismatch", "Specified SecurityToken is missing, invalid or does "
                                                            "not match the AccessKeyId.", 400)
        nonce = params.get("SignatureNonce") or ""
        if not self._nonces.first_use(credential.key_id, nonce, now):
            raise ApiError("SignatureNonceUsed", "Specified signature nonce was used already.", 400)

    # -- dispatch -------------------------------------------------------------
    def handle(self, call, context):
        if call.problem:
            raise call.problem
        if call.action not in SCHEMAS:
            raise ApiError("InvalidAction.NotFound", "Specified api is not found, please check your url and method. "
                                                     "(the emulator implements %s)" % ", ".join(SCHEMAS), 404)
        if call.version != VERSION:
            raise ApiError("InvalidVersion", "Specified parameter Version is not valid; use %s." % VERSION, 400)
        if not call.region:
            raise ApiError("MissingParameter", "The input parameter RegionId that is mandatory for processing this "
                                               "request is not supplied.", 400)
        if not self.store.valid_name(call.region):
            raise ApiError("InvalidRegionId.NotFound", "The specified region %s does not exist." % call.region, 404)
        try:
            params = SCHEMAS[call.action].check(call.params, "", True)
        except Invalid as problem:
            raise ApiError(INVALID_CODES[problem.kind], problem.message, 400) from None
        region = self.store.region(call.region)
        token = params.pop("ClientToken", None)
        if token is not None:
            key = (call.region, call.action, token)
            fingerprint = json.dumps(params, sort_keys=True)
            if key in self._tokens:
                seen, result = self._tokens[key]
                if seen != fingerprint:
                    raise ApiError("IdempotentParameterMismatch", "The request uses the same client token as a "
                                                                  "previous, but non-identical request.", 400)
                return Reply.json(dict(result, RequestId=context.request_id))
        action = {
            "CreateVpnConnection": self._create,
            "DescribeVpnConnection": self._describe_one,
            "DescribeVpnConnections": self._describe,
            "ModifyVpnConnectionAttribute": self._modify,
            "ModifyTunnelAttribute": self._modify_tunnel,
            "DeleteVpnConnection": self._delete,
            "TagResources": self._tag,
            "UnTagResources": self._untag,
        }[call.action]
        result = action(region, params, context)
        if token is not None:
            self._tokens[(call.region, call.action, token)] = (fingerprint, result)
        return Reply.json(dict(result, RequestId=context.request_id))

    def error_reply(self, error, request_id):
        body = {"RequestId": request_id, "HostId": HOST_ID, "Code": error.code, "Message": error.message,
                "Recommend": "https://api.aliyun.com/troubleshoot?q=%s" % error.code}
        return Reply.json(body, status=error.status if error.status >= 400 else 400)

    # -- lookups --------------------------------------------------------------
    @staticmethod
    def _gateway(region, gateway_id):
        gateway = region.fixtures["vpn_gateways"].get(gateway_id)
        if gateway is None:
            raise ApiError("InvalidVpnGatewayInstanceId.NotFound",
                           "The specified vpn gateway instance id does not exist. (%s)" % gateway_id, 404)
        return gateway

    @staticmethod
    def _customer_gateway(region, customer_gateway_id):
        found = region.fixtures["customer_gateways"].get(customer_gateway_id)
        if found is None:
            raise ApiError("InvalidCustomerGatewayInstanceId.NotFound",
                           "The specified customer gateway instance id does not exist. (%s)" % customer_gateway_id,
                           404)
        return found

    @staticmethod
    def _connection(region, connection_id):
        record = region.get(connection_id)
        if record is None:
            raise not_found(connection_id)
        return record

    @staticmethod
    def _gateway_idle(region, gateway_id):
        """One task per VPN gateway at a time: a write while another runs is refused."""
        if any(record.transitional and record.data["VpnGatewayId"] == gateway_id for record in region.live()):
            raise busy(gateway_id)

    # -- actions --------------------------------------------------------------
    def _create(self, region, params, context):
        gateway = self._gateway(region, params["VpnGatewayId"])
        check_subnets(params)
        tunnels = params.get("TunnelOptionsSpecification")
        if gateway["DualTunnel"]:
            wrong = sorted(set(params) & (set(SINGLE_TUNNEL) | {"CustomerGatewayId"}))
            if wrong or not tunnels:
                refused = ", ".join(wrong) or "connection-level settings"
                raise invalid("The VPN gateway %s creates dual-tunnel connections: give TunnelOptionsSpecification "
                              "(roles master and slave) and not %s." % (params["VpnGatewayId"], refused))
            if sorted(tunnel["Role"] for tunnel in tunnels) != ["master", "slave"]:
                raise invalid("TunnelOptionsSpecification needs one tunnel with Role master and one with Role slave.")
        else:
            if tunnels is not None or "EnableTunnelsBgp" in params:
                raise invalid("The VPN gateway %s supports single-tunnel connections only: "
                              "TunnelOptionsSpecification and EnableTunnelsBgp are not supported."
                              % params["VpnGatewayId"])
            if not params.get("CustomerGatewayId"):
                raise ApiError("MissingParameter", "The input parameter CustomerGatewayId that is mandatory for "
                                                   "processing this request is not supplied.", 400)
        if params.get("DryRun"):
            raise ApiError("DryRunOperation", "Request validation has been passed with DryRun flag set.", 400)
        self._gateway_idle(region, params["VpnGatewayId"])
        connection_id = random_id("vco-", 16)
        data = {
            "VpnConnectionId": connection_id,
            "Name": params.get("Name", connection_id),
            "VpnGatewayId": params["VpnGatewayId"],
            "LocalSubnet": params["LocalSubnet"],
            "RemoteSubnet": params["RemoteSubnet"],
            "CreateTime": int(context.now * 1000),
            "EffectImmediately": params.get("EffectImmediately", False),
            "NetworkType": params.get("NetworkType", "public"),
            "AttachType": "VPN",
            "Tags": {"Tag": [dict(tag, Value=tag.get("Value", "")) for tag in params.get("Tags", [])]},
        }
        if gateway["DualTunnel"]:
            data["EnableTunnelsBgp"] = params.get("EnableTunnelsBgp", False)
            data["TunnelOptionsSpecification"] = {"TunnelOptions": [
                self._new_tunnel(region, gateway, tunnel) for tunnel in sorted(tunnels, key=lambda t: t["Role"])]}
        else:
            customer_gateway = self._customer_gateway(region, params["CustomerGatewayId"])
            data.update({
                "CustomerGatewayId": params["CustomerGatewayId"],
                "EnableDpd": params.get("EnableDpd", True),
                "EnableNatTraversal": params.get("EnableNatTraversal", True),
                "RemoteCaCertificate": params.get("RemoteCaCertificate", ""),
                "Status": "ike_sa_not_established",
                "IkeConfig": ike_config(params.get("IkeConfig", {}), {}, gateway["InternetIp"],
                                        customer_gateway["IpAddress"]),
                "IpsecConfig": dict(IPSEC_DEFAULTS, **params.get("IpsecConfig", {})),
                "VpnBgpConfig": bgp_view(dict(BGP_DEFAULTS, **params.get("BgpConfig", {}))),
                "VcoHealthCheck": health_view(dict(HEALTH_DEFAULTS, **params.get("HealthCheckConfig", {}))),
            })
        record = region.add(connection_id, Record(data, "State"))
        record.begin("init", context.transition_reads(), SETTLED)
        return {"VpnConnectionId": connection_id, "Name": data["Name"], "CreateTime": data["CreateTime"]}

    def _new_tunnel(self, region, gateway, sent):
        customer_gateway = self._customer_gateway(region, sent.get("CustomerGatewayId", ""))
        internet_ip = gateway["InternetIp"] if sent["Role"] == "master" else gateway["DisasterRecoveryInternetIp"]
        tunnel = {
            "TunnelId": random_id("tun-", 16),
            "Role": sent["Role"],
            "TunnelIndex": 1 if sent["Role"] == "master" else 2,
            "CustomerGatewayId": sent["CustomerGatewayId"],
            "EnableDpd": sent.get("EnableDpd", True),
            "EnableNatTraversal": sent.get("EnableNatTraversal", True),
            "RemoteCaCertificate": sent.get("RemoteCaCertificate", ""),
            "InternetIp": internet_ip,
            "Status": "ike_sa_not_established",
            "TunnelIkeConfig": ike_config(sent.get("TunnelIkeConfig", {}), {}, internet_ip,
                                          customer_gateway["IpAddress"]),
            "TunnelIpsecConfig": dict(IPSEC_DEFAULTS, **sent.get("TunnelIpsecConfig", {})),
            "TunnelBgpConfig": dict(sent.get("TunnelBgpConfig", {})),
        }
        return tunnel

    def _describe_one(self, region, params, context):
        record = self._connection(region, params["VpnConnectionId"])
        shown = self._render(region, record)
        region.observe([record])
        return shown

    def _describe(self, region, params, context):
        matched = region.live()
        for name in ("VpnGatewayId", "CustomerGatewayId", "VpnConnectionId"):
            if name in params:
                matched = [record for record in matched if record.data.get(name) == params[name]
                           or (name == "CustomerGatewayId" and params[name] in tunnel_customer_gateways(record))]
        for wanted in params.get("Tag", []):
            matched = [record for record in matched if any(
                tag["Key"] == wanted.get("Key") and ("Value" not in wanted or tag["Value"] == wanted["Value"])
                for tag in record.data["Tags"]["Tag"])]
        number, size = params.get("PageNumber", 1), params.get("PageSize", 10)
        page = matched[(number - 1) * size:number * size]
        shown = [self._render(region, record) for record in page]
        region.observe(page)
        return {"TotalCount": len(matched), "PageNumber": number, "PageSize": size,
                "VpnConnections": {"VpnConnection": shown}}

    def _render(self, region, record):
        """The connection as the API shows it: tunnel values as strings, keys masked on MaskPsk gateways."""
        shown = record.view()
        shown["State"] = record.status
        tunnels = (shown.get("TunnelOptionsSpecification") or {}).get("TunnelOptions") or []
        for tunnel in tunnels:
            tunnel["State"] = record.status
            tunnel.update(as_strings(tunnel))
        if region.fixtures["vpn_gateways"][shown["VpnGatewayId"]]["MaskPsk"]:
            for group in [shown.get("IkeConfig")] + [tunnel.get("TunnelIkeConfig") for tunnel in tunnels]:
                if group and group.get("Psk"):
                    group["Psk"] = MASKED_PSK
        return shown

    def _writable(self, region, connection_id):
        record = self._connection(region, connection_id)
        if record.transitional:
            raise busy(record.data["VpnGatewayId"])
        self._gateway_idle(region, record.data["VpnGatewayId"])
        return record

    def _modify(self, region, params, context):
        record = self._writable(region, params.pop("VpnConnectionId"))
        data = record.view()
        gateway = region.fixtures["vpn_gateways"][data["VpnGatewayId"]]
        check_subnets(params)
        if gateway["DualTunnel"]:
            wrong = sorted(set(params) & set(SINGLE_TUNNEL))
            if wrong:
                raise invalid("The connection %s is dual-tunnel: %s must be set per tunnel."
                              % (data["VpnConnectionId"], ", ".join(wrong)))
            for sent in params.pop("TunnelOptionsSpecification", []):
                tunnel = find_tunnel(data, sent.pop("TunnelId"))
                sent.pop("Role", None)
                apply_tunnel(region, tunnel, sent)
        else:
            if "TunnelOptionsSpecification" in params or "EnableTunnelsBgp" in params:
                raise invalid("The connection %s is single-tunnel: TunnelOptionsSpecification and EnableTunnelsBgp "
                              "are not supported." % data["VpnConnectionId"])
            customer_ip = region.fixtures["customer_gateways"][data["CustomerGatewayId"]]["IpAddress"]
            if "IkeConfig" in params:
                data["IkeConfig"] = ike_config(params.pop("IkeConfig"), data["IkeConfig"], gateway["InternetIp"],
                                               customer_ip)
            if "IpsecConfig" in params:
                data["IpsecConfig"] = dict(IPSEC_DEFAULTS, **params.pop("IpsecConfig"))
            if "BgpConfig" in params:
                data["VpnBgpConfig"] = bgp_view(dict(BGP_DEFAULTS, **params.pop("BgpConfig")))
            if "HealthCheckConfig" in params:
                data["VcoHealthCheck"] = health_view(dict(HEALTH_DEFAULTS, **params.pop("HealthCheckConfig")))
        params.pop("AutoConfigRoute", None)  # accepted, not read back
        data.update(params)
        record.data = data
        record.begin("updating", context.transition_reads(), SETTLED)
        return self._render(region, record)

    def _modify_tunnel(self, region, params, context):
        record = self._writable(region, params["VpnConnectionId"])
        data = record.view()
        tunnel = find_tunnel(data, params["TunnelId"])
        apply_tunnel(region, tunnel, params.get("TunnelOptionsSpecification", {}))
        record.data = data
        record.begin("updating", context.transition_reads(), SETTLED)
        shown = next(item for item in self._render(region, record)["TunnelOptionsSpecification"]["TunnelOptions"]
                     if item["TunnelId"] == params["TunnelId"])
        return shown

    def _delete(self, region, params, context):
        record = self._writable(region, params["VpnConnectionId"])
        record.begin("deleting", context.transition_reads(), None)
        return {}

    def _tag_targets(self, region, params):
        if params["ResourceType"].upper() != "VPNCONNECTION":
            raise invalid("The emulator tags resource type VPNCONNECTION only, not %s." % params["ResourceType"])
        return [self._connection(region, resource_id) for resource_id in params["ResourceId"]]

    def _tag(self, region, params, context):
        for record in self._tag_targets(region, params):
            tags = {tag["Key"]: tag["Value"] for tag in record.data["Tags"]["Tag"]}
            tags.update({tag["Key"]: tag.get("Value", "") for tag in params["Tag"]})
            if len(tags) > 20:
                raise ApiError("QuotaExceeded.TagNum", "A resource can have at most 20 tags.", 400)
            record.data["Tags"]["Tag"] = [{"Key": key, "Value": value} for key, value in tags.items()]
        return {}

    def _untag(self, region, params, context):
        for record in self._tag_targets(region, params):
            drop = set(params.get("TagKey", []))
            record.data["Tags"]["Tag"] = [tag for tag in record.data["Tags"]["Tag"]
                                          if not (params.get("All") or tag["Key"] in drop)]
        return {}

    # -- admin ----------------------------------------------------------------
    def reset(self):
        self.store = RegionalStore(lambda name: FIXTURES, region_pattern=r"^[a-z]{2,4}(-[a-z0-9]+)+$")
        self._nonces.clear()
        self._tokens = {}

    def snapshot(self):
        return {"fixtures": FIXTURES, "regions": {
            name: {"vpn_connections": [dict(record.view(), _reads_left=record.reads_left) for record in region.live()]}
            for name, region in self.store.regions().items()}}


# -- helpers ------------------------------------------------------------------
def decode_json_object(name, value):
    if not isinstance(value, str):
        raise ValueError("%s must be a JSON string" % name)
    try:
        decoded = json.loads(value)
    except ValueError:
        raise ValueError("%s is not valid JSON" % name) from None
    if not isinstance(decoded, dict):
        raise ValueError("%s must hold a JSON object" % name)
    return decoded


def parse_timestamp(value):
    try:
        return calendar.timegm(time.strptime(value or "", "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return None


def check_subnets(params):
    for name in ("LocalSubnet", "RemoteSubnet"):
        if name in params:
            for block in params[name].split(","):
                Cidr().check(block.strip(), name, True)


def ike_config(sent, stored, local_ip, remote_ip):
    """A sent IKE group replaces the stored one; defaults fill the gaps, an omitted Psk is kept (or made up)."""
    config = dict(IKE_DEFAULTS, LocalId=local_ip, RemoteId=remote_ip)
    config.update(sent)
    config.setdefault("Psk", stored.get("Psk") or secrets.token_urlsafe(12))
    return config


def bgp_view(config):
    """VpnBgpConfig reads EnableBgp back as a string."""
    return dict(config, EnableBgp="true" if config["EnableBgp"] else "false")


def health_view(config):
    """VcoHealthCheck: capitalised keys, Enable as a string."""
    return {"Enable": "true" if config["enable"] else "false", "Dip": config["dip"], "Sip": config["sip"],
            "Interval": config["interval"], "Retry": config["retry"], "Policy": "revoke_route",
            "Status": "failed" if config["enable"] else ""}


def as_strings(value):
    """Tunnel values are read back as strings (``"true"``, ``"86400"``)."""
    if isinstance(value, dict):
        return {key: as_strings(item) for key, item in value.items()}
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return value


def find_tunnel(data, tunnel_id):
    for tunnel in (data.get("TunnelOptionsSpecification") or {}).get("TunnelOptions") or []:
        if tunnel["TunnelId"] == tunnel_id:
            return tunnel
    raise ApiError("InvalidTunnelId.NotFound", "The specified tunnel %s does not exist in connection %s."
                   % (tunnel_id, data["VpnConnectionId"]), 404)


def tunnel_customer_gateways(record):
    return {tunnel.get("CustomerGatewayId")
            for tunnel in (record.data.get("TunnelOptionsSpecification") or {}).get("TunnelOptions") or []}


def apply_tunnel(region, tunnel, sent):
    """Apply ModifyTunnelAttribute fields; a sent group replaces the stored one."""
    if "CustomerGatewayId" in sent:
        AlibabaHandler._customer_gateway(region, sent["CustomerGatewayId"])
    customer_ip = region.fixtures["customer_gateways"][sent.get("CustomerGatewayId", tunnel["CustomerGatewayId"])][
        "IpAddress"]
    if "TunnelIkeConfig" in sent:
        tunnel["TunnelIkeConfig"] = ike_config(sent.pop("TunnelIkeConfig"), tunnel["TunnelIkeConfig"],
                                               tunnel["InternetIp"], customer_ip)
    if "TunnelIpsecConfig" in sent:
        tunnel["TunnelIpsecConfig"] = dict(IPSEC_DEFAULTS, **sent.pop("TunnelIpsecConfig"))
    if "TunnelBgpConfig" in sent:
        tunnel["TunnelBgpConfig"] = dict(sent.pop("TunnelBgpConfig"))
    tunnel.update(sent)
