"""Huawei Cloud VPN API v5: VPN connections, their tags, and the IAM project lookup.

Behaviour follows the VPN v5 API pages and the official SDK models
(huaweicloudsdkvpn v5): REST paths under ``/v5/{project_id}/vpn-connection``,
bodies under ``vpn_connection``, ``style`` read back in upper case, no
pre-shared key in any answer, ``PENDING_CREATE``/``PENDING_UPDATE``/
``PENDING_DELETE`` until read enough times, marker pagination (the marker
is the ``created_at`` of the last connection of a page), ``204`` for
delete and the tag calls, ``X-Request-Id`` on every answer, and no client
token (two creates make two connections, and two connections may share a
name).

Requests are checked with the collection's SDK-HMAC-SHA256 signer. Errors
use the two body formats of the API: ``{"error_code", "error_msg",
"request_id"}`` (API gateway and most VPN errors) and ``{"code", "message"}``
(parameter validation, ``VPN.0001``, as on the API's error-code page).
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import re
import time
import uuid
from urllib.parse import parse_qsl

from cloudvpn_emulator import collection
from cloudvpn_emulator.providers.base import Call, ProviderHandler
from cloudvpn_emulator.schema import Bool, Cidr, Enum, Int, Invalid, ListOf, Obj, Str
from cloudvpn_emulator.state import Record, RegionalStore
from cloudvpn_emulator.wire import ApiError, Reply

CLOCK_SKEW_SECONDS = 15 * 60  # the API gateway accepts X-Sdk-Date within 15 minutes
MAX_PAGE_SIZE = 200
MAX_TAGS_PER_CALL = 20

AUTHORIZATION = re.compile(
    r"^SDK-HMAC-SHA256\s+Access=(?P<key_id>[^,\s]+),\s*SignedHeaders=(?P<headers>[a-z0-9;_-]+),"
    r"\s*Signature=(?P<signature>[0-9a-f]{64})$")
CONNECTION_PATH = re.compile(
    r"^/v5/(?P<project>[^/]+)/vpn-connection(?:/(?P<id>[^/]+)(?:/tags/(?P<tag_verb>create|delete))?)?/?$")
PROJECTS_PATH = "/v3/projects"


def project_id_of(region):
    """The emulated project ID of a region: 32 hex digits, stable across runs."""
    return hashlib.sha256(("cloudvpn-emulator-project:" + region).encode()).hexdigest()[:32]


# Regions whose IAM lookup lists two projects (to exercise "several projects").
AMBIGUOUS_REGIONS = ("la-north-2",)
# Regions with a project (the lookup finds none for others).
PROJECT_REGIONS = ("cn-north-4", "cn-north-1", "cn-east-3", "cn-south-1", "ap-southeast-1", "ap-southeast-3",
                   "eu-west-101", "af-south-1")

# Seed data, the same in every project (documented in docs/emulator.md).
FIXTURES = {
    "vpn_gateways": {
        "5e1f0000-0000-4000-8000-00000000a001": {
            "eips": {"5e1f0000-0000-4000-8000-00000000e001": "203.0.113.20",
                     "5e1f0000-0000-4000-8000-00000000e002": "203.0.113.21"},
            "private_ips": ["172.16.0.10"]},
        "5e1f0000-0000-4000-8000-00000000a002": {
            "eips": {"5e1f0000-0000-4000-8000-00000000e003": "203.0.113.22"},
            "private_ips": ["172.16.1.10"]},
    },
    "customer_gateways": {
        "5e1f0000-0000-4000-8000-00000000c001": {"ip": "198.51.100.10"},
        "5e1f0000-0000-4000-8000-00000000c002": {"ip": "198.51.100.11"},
    },
}

# -- request schemas (field names as in the SDK models) ----------------------

ENCRYPTION = ("aes-256-gcm-16", "aes-128-gcm-16", "aes-256-gcm-128", "aes-128-gcm-128", "aes-256", "aes-192",
              "aes-128", "3des", "sm4")
AUTHENTICATION = ("sha2-512", "sha2-384", "sha2-256", "sha1", "md5", "sm3")
DH_GROUPS = ("group1", "group2", "group5", "group14", "group15", "group16", "group19", "group20", "group21")

DPD = Obj({"timeout": Int(minimum=2, maximum=60), "interval": Int(minimum=10, maximum=3600),
           "msg": Enum(("seq-hash-notify", "seq-notify-hash"))})
IKE_FIELDS = {
    "ike_version": Enum(("v1", "v2")),
    "phase1_negotiation_mode": Enum(("main", "aggressive")),
    "authentication_algorithm": Enum(AUTHENTICATION),
    "encryption_algorithm": Enum(ENCRYPTION),
    "dh_group": Enum(DH_GROUPS),
    "lifetime_seconds": Int(minimum=60, maximum=604800),
    "local_id_type": Enum(("ip", "fqdn")),
    "local_id": Str(),
    "peer_id_type": Enum(("ip", "fqdn", "any")),
    "peer_id": Str(),
    "dpd": DPD,
}
IPSEC = Obj({
    "authentication_algorithm": Enum(AUTHENTICATION),
    "encryption_algorithm": Enum(ENCRYPTION),
    "pfs": Enum(("disable",) + DH_GROUPS),
    "transform_protocol": Enum(("esp",)),
    "lifetime_seconds": Int(minimum=30, maximum=604800),
    "encapsulation_mode": Enum(("tunnel",)),
})
POLICY_RULES = ListOf(Obj({"rule_index": Int(minimum=0), "source": Cidr(),
                           "destination": ListOf(Cidr(), max_items=50)}), max_items=5)
TAGS = ListOf(Obj({"key": Str(required=True), "value": Str()}), max_items=MAX_TAGS_PER_CALL)

UPDATABLE = {
    "name": Str(max_length=64),
    "cgw_id": Str(),
    "peer_subnets": ListOf(Cidr()),
    "tunnel_local_address": Str(),
    "tunnel_peer_address": Str(),
    "enable_hub": Bool(),
    "psk": Str(),
    "policy_rules": POLICY_RULES,
    "ikepolicy": Obj(IKE_FIELDS),
    "ipsecpolicy": IPSEC,
}
CREATE = Obj({"vpn_connection": Obj(dict(
    UPDATABLE,
    vgw_id=Str(required=True),
    vgw_ip=Str(required=True),
    cgw_id=Str(required=True),
    style=Enum(("policy", "static", "bgp", "policy-template")),
    enable_nqa=Bool(),
    enable_health_check=Bool(),
    ha_role=Enum(("master", "slave")),
    ikepolicy=Obj(dict(IKE_FIELDS, authentication_method=Enum(("pre-share",)))),
    tags=ListOf(Obj({"key": Str(required=True), "value": Str()})),
), required=True)})
UPDATE = Obj({"vpn_connection": Obj(UPDATABLE, required=True)})
TAG_BODY = Obj({"tags": ListOf(Obj({"key": Str(required=True), "value": Str()}), required=True,
                               max_items=MAX_TAGS_PER_CALL)})

IKE_DEFAULTS = {
    "ike_version": "v2", "phase1_negotiation_mode": "main", "authentication_algorithm": "sha2-256",
    "encryption_algorithm": "aes-128", "dh_group": "group15", "authentication_method": "pre-share",
    "lifetime_seconds": 86400, "local_id_type": "ip", "peer_id_type": "ip",
    "dpd": {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"},
}
IPSEC_DEFAULTS = {
    "authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128", "pfs": "group15",
    "transform_protocol": "esp", "lifetime_seconds": 3600, "encapsulation_mode": "tunnel",
}
PSK_SPECIALS = "~!@#$%^()-_+={ },./:;"

ACTIONS = {
    ("GET", "projects"): ("KeystoneListProjects", "read"),
    ("GET", "collection"): ("ListVpnConnections", "read"),
    ("POST", "collection"): ("CreateVpnConnection", "write"),
    ("GET", "item"): ("ShowVpnConnection", "read"),
    ("PUT", "item"): ("UpdateVpnConnection", "write"),
    ("DELETE", "item"): ("DeleteVpnConnection", "write"),
    ("POST", "tags/create"): ("BatchCreateResourceTags", "write"),
    ("POST", "tags/delete"): ("BatchDeleteResourceTags", "write"),
}
KINDS = dict(ACTIONS.values())


def invalid(message):
    """A parameter error: ``VPN.0001`` in the ``code``/``message`` body format."""
    error = ApiError("VPN.0001", "invalid request: %s" % message, status=400)
    error.body_format = "code"
    return error


def not_found(connection_id):
    return ApiError("VPN.0004", "resource not found: vpn connection %s" % connection_id, status=404)


def busy(record):
    return ApiError("VPN.0030", "The system is busy, please try later. (the VPN connection %s is %s)"
                    % (record.data["id"], record.status), status=400)


def auth_error(detail):
    return ApiError("APIG.0301", "Incorrect IAM authentication information: %s" % detail, status=401)


class HuaweiHandler(ProviderHandler):
    name = "huawei"
    default_credentials = ({"key_id": "HWEMULATORACCESSKEY0", "secret": "emulator-huawei-secret-key",
                            "token": None},)
    fault_errors = {
        "throttle": ("APIG.0308", "The throttling threshold has been reached: policy user over ratelimit "
                                  "(emulated fault).", 429),
        "busy": ("VPN.0030", "The system is busy, please try later. (emulated fault)", 400),
        "auth_failure": ("APIG.0301", "Incorrect IAM authentication information: verify aksk signature fail "
                                      "(emulated fault)", 401),
    }

    def __init__(self):
        self._signer = collection.import_module("plugins.module_utils.signers.huawei").HuaweiSigner()
        self._wire_request = collection.import_module("plugins.module_utils.signers.common").SignableRequest
        self.store = None
        self._last_created = 0.0
        self.reset()

    # -- routing ----------------------------------------------------------
    def matches(self, request):
        if (request.header("Authorization") or "").startswith("SDK-HMAC-SHA256"):
            return True
        path = request.path
        return path.rstrip("/") == PROJECTS_PATH or bool(CONNECTION_PATH.match(path))

    def classify(self, action):
        return KINDS.get(action, "unknown")

    def parse(self, request):
        route, details = self._route(request.path)
        action = ACTIONS.get((request.method, route), (None,))[0]
        call = Call(action, None, route=route, **details)
        try:
            if request.body:
                call.params = request.json_body()
            else:
                call.params = dict(parse_qsl(request.query, keep_blank_values=True))
        except ValueError as error:
            call.problem = invalid("the body is not a JSON object: %s" % error)
        if details.get("project"):
            call.region = self._projects.get(details["project"])
        return call

    @staticmethod
    def _route(path):
        if path.rstrip("/") == PROJECTS_PATH:
            return "projects", {}
        match = CONNECTION_PATH.match(path)
        if not match:
            return None, {}
        details = {"project": match["project"], "connection_id": match["id"]}
        if match["tag_verb"]:
            return "tags/" + match["tag_verb"], details
        return ("item" if match["id"] else "collection"), details

    # -- signatures ---------------------------------------------------------
    def authenticate(self, request, call, keys, now):
        """Rebuild the canonical request from what was received and compare signatures."""
        match = AUTHORIZATION.match(request.header("Authorization") or "")
        if not match:
            raise auth_error("the Authorization header is missing or not an SDK-HMAC-SHA256 authorization")
        date = request.header("X-Sdk-Date") or ""
        try:
            signed_at = calendar.timegm(time.strptime(date, "%Y%m%dT%H%M%SZ"))
        except ValueError:
            raise auth_error("X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ") from None
        if abs(now - signed_at) > CLOCK_SKEW_SECONDS:
            raise auth_error("the request expired: X-Sdk-Date %s is more than %d seconds away from the server time"
                             % (date, CLOCK_SKEW_SECONDS))
        credential = keys.get(match["key_id"])
        if credential is None:
            raise auth_error("the access key does not exist")
        signed_headers = match["headers"].split(";")
        if not {"host", "x-sdk-date"} <= set(signed_headers):
            raise auth_error("SignedHeaders must include host and x-sdk-date")
        try:
            received = self._wire_request(request.method, "http://%s%s" % (request.header("Host") or "", request.path),
                                          query=request.query, headers=request.headers, body=request.body)
        except ValueError:
            raise auth_error("the Host header or the path is malformed") from None
        canonical = self._signer.canonical_request(received, signed_headers)
        expected = self._signer.signature(credential.secret, self._signer.string_to_sign(canonical, date))
        if not hmac.compare_digest(expected, match["signature"]):
            raise auth_error("verify aksk signature fail")
        if not hmac.compare_digest((credential.token or "").encode(),
                                   (request.header("X-Security-Token") or "").encode()):
            raise auth_error("the security token is missing, invalid or does not match the access key")
        sent_project = request.header("X-Project-Id")
        if sent_project is not None and sent_project != call.details.get("project"):
            raise auth_error("X-Project-Id does not match the project of the path")

    # -- dispatch -------------------------------------------------------------
    def handle(self, call, context):
        if call.problem:
            raise call.problem
        if call.action is None:
            raise ApiError("APIG.0101", "The API does not exist or has not been published in the environment "
                                        "(the emulator implements %s)." % ", ".join(sorted(KINDS)), status=404)
        if call.action == "KeystoneListProjects":
            return self._json(self._list_projects(call.params), context)
        if call.region is None:
            raise ApiError("VPN.0003", "Authentication failed: project %s is not a project of this account."
                           % call.details["project"], status=403)
        region = self.store.region(call.region)
        handler = {
            "ListVpnConnections": self._list,
            "CreateVpnConnection": self._create,
            "ShowVpnConnection": self._show,
            "UpdateVpnConnection": self._update,
            "DeleteVpnConnection": self._delete,
            "BatchCreateResourceTags": self._create_tags,
            "BatchDeleteResourceTags": self._delete_tags,
        }[call.action]
        result = handler(region, call, context)
        if result is None:
            return Reply(204, b"", headers={"X-Request-Id": context.request_id})
        return self._json(result, context)

    @staticmethod
    def _json(payload, context, status=200):
        reply = Reply.json(dict(payload, request_id=context.request_id), status=status)
        reply.headers["X-Request-Id"] = context.request_id
        return reply

    def error_reply(self, error, request_id):
        if getattr(error, "body_format", None) == "code":
            payload = {"code": error.code, "message": error.message}
        else:
            payload = {"error_code": error.code, "error_msg": error.message, "request_id": request_id}
        reply = Reply.json(payload, status=error.status if error.status >= 400 else 400)
        reply.headers["X-Request-Id"] = request_id
        return reply

    @staticmethod
    def _checked(schema, params):
        try:
            return schema.check(params, "", False)
        except Invalid as problem:
            raise invalid(problem.message) from None

    # -- IAM --------------------------------------------------------------------
    def _list_projects(self, query):
        name = query.get("name")
        regions = [name] if name else sorted(PROJECT_REGIONS + AMBIGUOUS_REGIONS)
        projects = []
        for region in regions:
            if region in PROJECT_REGIONS or region in AMBIGUOUS_REGIONS:
                projects.append({"id": project_id_of(region), "name": region, "domain_id": "0" * 32,
                                 "enabled": True, "is_domain": False, "parent_id": "0" * 32})
            if region in AMBIGUOUS_REGIONS:
                projects.append({"id": project_id_of(region + "/second"), "name": region, "domain_id": "0" * 32,
                                 "enabled": True, "is_domain": False, "parent_id": "0" * 32})
        return {"projects": projects, "links": {"self": "https://iam.emulator/v3/projects", "next": None,
                                                "previous": None}}

    # -- lookups ----------------------------------------------------------------
    @staticmethod
    def _connection(region, connection_id):
        record = region.get(connection_id)
        if record is None:
            raise not_found(connection_id)
        return record

    @staticmethod
    def _shown(record):
        """The connection as the API shows it: never the pre-shared key."""
        view = record.view()
        view.pop("psk", None)
        return view

    # -- actions ------------------------------------------------------------------
    def _create(self, region, call, context):
        fields = self._checked(CREATE, call.params)["vpn_connection"]
        gateway = region.fixtures["vpn_gateways"].get(fields["vgw_id"])
        if gateway is None:
            raise invalid("vgw_id %s does not exist" % fields["vgw_id"])
        if fields["vgw_ip"] not in gateway["eips"] and fields["vgw_ip"] not in gateway["private_ips"]:
            raise invalid("vgw_ip %s is neither an EIP ID nor a private IP of VPN gateway %s"
                          % (fields["vgw_ip"], fields["vgw_id"]))
        customer_gateway = self._customer_gateway(region, fields["cgw_id"])
        if "psk" not in fields:
            raise invalid("psk is required")
        check_psk(fields["psk"])
        style = fields.get("style", "static")
        check_tags(fields.get("tags", []))
        local_ip = gateway["eips"].get(fields["vgw_ip"], fields["vgw_ip"])
        ike = dict(IKE_DEFAULTS, local_id=local_ip, peer_id=customer_gateway["ip"])
        ike = merge_ike(ike, fields.get("ikepolicy", {}))
        connection_id = str(uuid.uuid4())
        created_at = self._timestamp(context.now)
        data = {
            "id": connection_id,
            "name": fields.get("name") or "vpn-%s" % connection_id[:4],
            "status": "PENDING_CREATE",
            "vgw_id": fields["vgw_id"],
            "vgw_ip": fields["vgw_ip"],
            "style": style.upper(),
            "cgw_id": fields["cgw_id"],
            "peer_subnets": fields.get("peer_subnets", []),
            "tunnel_local_address": fields.get("tunnel_local_address", ""),
            "tunnel_peer_address": fields.get("tunnel_peer_address", ""),
            "enable_nqa": fields.get("enable_nqa", False),
            "enable_hub": fields.get("enable_hub", False),
            "psk": fields["psk"],
            "policy_rules": number_rules(fields.get("policy_rules", [])),
            "ikepolicy": ike,
            "ipsecpolicy": dict(IPSEC_DEFAULTS, **fields.get("ipsecpolicy", {})),
            "created_at": created_at,
            "updated_at": created_at,
            "enterprise_project_id": "0",
            "ha_role": fields.get("ha_role", "master"),
            "tags": fields.get("tags", []),
        }
        if data["enable_nqa"] and data["style"] != "STATIC":
            raise invalid("enable_nqa is allowed only when style is static")
        record = region.add(connection_id, Record(data, "status"))
        record.begin("PENDING_CREATE", context.transition_reads(), "ACTIVE")
        return {"vpn_connection": self._shown(record)}

    def _list(self, region, call, context):
        query = call.params
        unknown = set(query) - {"vgw_id", "vgw_ip", "vpn_id", "eip_id", "enterprise_project_id", "limit", "marker"}
        if unknown:
            raise invalid("unknown query parameter %s" % ", ".join(sorted(unknown)))
        try:
            limit = int(query.get("limit", MAX_PAGE_SIZE))
        except ValueError:
            raise invalid("limit must be an integer") from None
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise invalid("limit must be between 1 and %d" % MAX_PAGE_SIZE)
        matched = sorted(region.live(), key=lambda record: record.data["created_at"])
        for name in ("vgw_id", "vgw_ip"):
            if query.get(name):
                matched = [record for record in matched if record.data[name] == query[name]]
        if query.get("marker"):
            matched = [record for record in matched if record.data["created_at"] > query["marker"]]
        page = matched[:limit]
        shown = [self._shown(record) for record in page]
        region.observe(page)
        page_info = {"current_count": len(page)}
        if len(matched) > limit:
            page_info["next_marker"] = page[-1].data["created_at"]
        return {"vpn_connections": shown, "page_info": page_info, "total_count": len(region.live())}

    def _show(self, region, call, context):
        record = self._connection(region, call.details["connection_id"])
        shown = self._shown(record)
        region.observe([record])
        return {"vpn_connection": shown}

    def _update(self, region, call, context):
        record = self._connection(region, call.details["connection_id"])
        fields = self._checked(UPDATE, call.params)["vpn_connection"]
        if record.transitional:
            raise busy(record)
        data = record.view()
        if "cgw_id" in fields:
            customer_gateway = self._customer_gateway(region, fields["cgw_id"])
            if "peer_id" not in fields.get("ikepolicy", {}) and data["ikepolicy"]["peer_id_type"] == "ip":
                data["ikepolicy"]["peer_id"] = customer_gateway["ip"]
        if "psk" in fields:
            check_psk(fields["psk"])
        if "ikepolicy" in fields:
            data["ikepolicy"] = merge_ike(data["ikepolicy"], fields.pop("ikepolicy"))
        if "ipsecpolicy" in fields:
            data["ipsecpolicy"] = dict(data["ipsecpolicy"], **fields.pop("ipsecpolicy"))
        if "policy_rules" in fields:
            fields["policy_rules"] = number_rules(fields["policy_rules"])
        data.update(fields)
        data["updated_at"] = self._timestamp(context.now, unique=False)
        record.data = data
        record.begin("PENDING_UPDATE", context.transition_reads(), "ACTIVE")
        return {"vpn_connection": self._shown(record)}

    def _delete(self, region, call, context):
        record = self._connection(region, call.details["connection_id"])
        if record.transitional:
            raise busy(record)
        record.begin("PENDING_DELETE", context.transition_reads(), None)
        return None

    def _create_tags(self, region, call, context):
        record = self._connection(region, call.details["connection_id"])
        tags = self._checked(TAG_BODY, call.params)["tags"]
        check_tags(tags)
        kept = [tag for tag in record.data["tags"] if tag["key"] not in {tag["key"] for tag in tags}]
        record.data["tags"] = kept + [{"key": tag["key"], "value": tag.get("value", "")} for tag in tags]
        return None

    def _delete_tags(self, region, call, context):
        record = self._connection(region, call.details["connection_id"])
        keys = {tag["key"] for tag in self._checked(TAG_BODY, call.params)["tags"]}
        record.data["tags"] = [tag for tag in record.data["tags"] if tag["key"] not in keys]
        return None

    @staticmethod
    def _customer_gateway(region, customer_gateway_id):
        found = region.fixtures["customer_gateways"].get(customer_gateway_id)
        if found is None:
            raise invalid("cgw_id %s does not exist" % customer_gateway_id)
        return found

    def _timestamp(self, now, unique=True):
        """``2025-06-26T13:41:34.626Z``; creation times are made unique, since they are the list's markers."""
        if unique:
            now = max(now, self._last_created + 0.001)
            self._last_created = now
        millis = int(round(now * 1000))
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(millis // 1000)) + ".%03dZ" % (millis % 1000)

    # -- admin ----------------------------------------------------------------
    def reset(self):
        self.store = RegionalStore(lambda name: FIXTURES)
        self._projects = {project_id_of(region): region for region in PROJECT_REGIONS + AMBIGUOUS_REGIONS}
        self._last_created = 0.0

    def snapshot(self):
        return {"fixtures": FIXTURES,
                "projects": {region: project_id_of(region) for region in PROJECT_REGIONS},
                "regions": {name: {"vpn_connections": [dict(record.view(), _reads_left=record.reads_left)
                                                       for record in region.live()]}
                            for name, region in self.store.regions().items()}}


def merge_ike(current, sent):
    """IKE settings after a write: sent fields replace, ``dpd`` merges field by field."""
    merged = dict(current)
    for name, value in sent.items():
        merged[name] = dict(current.get("dpd", {}), **value) if name == "dpd" else value
    return merged


def number_rules(rules):
    """Policy rules as stored: ``rule_index`` by position where it was not sent."""
    return [{"rule_index": rule.get("rule_index") or position, "source": rule.get("source"),
             "destination": rule.get("destination", [])} for position, rule in enumerate(rules, start=1)]


def check_psk(psk):
    """The create page's rules: 8 to 128 characters, three of the four classes (the key is never echoed)."""
    if not 8 <= len(psk) <= 128:
        raise invalid("psk must be 8 to 128 characters long")
    if any(not (c.isascii() and (c.isalnum() or c in PSK_SPECIALS)) for c in psk):
        raise invalid("psk may contain only letters, digits and %s" % PSK_SPECIALS)
    classes = [any(c.islower() for c in psk), any(c.isupper() for c in psk), any(c.isdigit() for c in psk),
               any(c in PSK_SPECIALS for c in psk)]
    if sum(classes) < 3:
        raise invalid("psk must contain at least three of: lower-case letters, upper-case letters, digits, "
                      "special characters")


def check_tags(tags):
    allowed = re.compile(r"^[\w .:=+\-@]*$")
    for tag in tags:
        key, value = tag["key"], tag.get("value", "")
        if not 1 <= len(key) <= 128 or not allowed.match(key):
            raise invalid("tag key %r must be 1 to 128 letters, digits, spaces or _ . : = + - @" % key)
        if len(value) > 255 or not allowed.match(value):
            raise invalid("tag value of %r must be at most 255 letters, digits, spaces or _ . : = + - @" % key)
