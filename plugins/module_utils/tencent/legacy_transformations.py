# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tencent API 2.0 ``DescribeVpnConn`` rows and write parameters to and from the modules' shape.

The option shape is the API 3.0 one (``transformations.py``): upper-case
values (``AES-CBC-128``, ``SHA1``, ``DH-GROUP2``), integer lifetimes, SPD
rules. API 2.0 spells values in lower case, reads lifetimes back as strings,
``pfsDhGroup`` as the string ``"null"`` for none, IPsec integrity ``sha`` as
``sha1``, and carries IKE/IPsec under ``IKEArr``/``IPSECArr`` (objects) or
``IKESet``/``IPsecSet`` (one-element lists), depending on the page and the
row: every form is read. It has no SPD field: rules come back flattened into
``sourceCidr`` (local CIDRs) and ``destinationCidr`` (every remote CIDR),
and are written as one ``spdAcl`` JSON object ``{"local": ["remote", ...]}``.

API 2.0 also lacks options and values API 3.0 has: ``legacy_problems``
lists them so the module fails before any request, naming each.
"""

from __future__ import annotations

import json

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.fieldmap import Field, FieldMap, get_path
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.transformations import (
    identities_from_api,
    identity_params,
)

# vpcConnStatus (sic) of a row: 0 creating, 1 create failed, 2 modifying, 3 modify
# failed, 4 deleting, 5 delete failed, 6 running; as the API 3.0 State names.
STATES = {0: "PENDING", 1: "CREATE_FAILED", 2: "PENDING", 3: "MODIFY_FAILED", 4: "DELETING",
          5: "DELETE_FAILED", 6: "AVAILABLE"}
FAILED_STATUSES = frozenset([1, 3, 5])
SETTLED_STATUSES = FAILED_STATUSES | {6}

# Where the normalised row (``normalized_row``) keeps what the API spells in several ways.
ROW_IKE = "_ike"
ROW_IPSEC = "_ipsec"
ROW_SPD = "_spd"


def lower(value):
    return str(value).lower()


def upper(value):
    return str(value).upper()


def integer(value):
    """Lifetimes read back as strings (``"86400"``)."""
    try:
        return int(str(value).strip())
    except ValueError:
        return value


def state_name(value):
    status = integer(value)
    return STATES.get(status, "UNKNOWN_%s" % status)


def integrity_to_api(value):
    """API 3.0 ``SHA1`` is API 2.0 ``sha``; ``MD5`` is ``md5``."""
    return "sha" if upper(value) == "SHA1" else lower(value)


def integrity_from_api(value):
    """``sha`` as sent, ``sha1`` as some rows read it: both ``SHA1``."""
    return "SHA1" if lower(value) in ("sha", "sha1") else upper(value)


def pfs_from_api(value):
    """The string ``"null"`` (or a JSON null, see ``normalized_row``) is ``NULL``: no PFS."""
    return "NULL" if value is None or lower(value) == "null" else upper(value)


def spd_acl(entries):
    """The ``spdAcl`` parameter: one compact JSON object, local CIDR -> remote CIDRs (rules merged by local)."""
    acl = {}
    for entry in entries:
        remotes = acl.setdefault(entry["local_cidr_block"], [])
        remotes.extend(remote for remote in entry["remote_cidr_blocks"] if remote not in remotes)
    return json.dumps(acl, separators=(",", ":"), sort_keys=True)


def spd_from_row(row):
    """SPD rules as a row reads them: one per ``sourceCidr`` element, each with ALL of ``destinationCidr``.

    Which remote CIDRs belong to which local one cannot be read back; None
    when the row has no ``sourceCidr``.
    """
    sources = row.get("sourceCidr")
    if sources is None:
        return None
    sources = [sources] if isinstance(sources, str) else sources
    remotes = row.get("destinationCidr") or []
    remotes = sorted(set([remotes] if isinstance(remotes, str) else remotes))
    return [{"local_cidr_block": source, "remote_cidr_blocks": list(remotes)} for source in sorted(set(sources))]


def flattened_spd(entries):
    """What API 2.0 can read of SPD rules: the set of local CIDRs and the set of all remote CIDRs."""
    entries = entries or []
    return (frozenset(entry["local_cidr_block"] for entry in entries),
            frozenset(remote for entry in entries for remote in entry["remote_cidr_blocks"]))


def _one_block(value):
    """An IKE/IPsec block as one object: rows carry an object or a one-element list."""
    if isinstance(value, list):
        value = value[0] if value else None
    return dict(value) if isinstance(value, dict) else {}


def normalized_row(raw):
    """``raw`` plus its IKE and IPsec objects and SPD rules, each under one key whatever the spelling."""
    row = dict(raw)
    row[ROW_IKE] = _one_block(raw.get("IKEArr") if raw.get("IKEArr") is not None else raw.get("IKESet"))
    ipsec = _one_block(raw.get("IPSECArr") if raw.get("IPSECArr") is not None else raw.get("IPsecSet"))
    if "pfsDhGroup" in ipsec and ipsec["pfsDhGroup"] is None:
        ipsec["pfsDhGroup"] = "null"  # a JSON null reads as no PFS too
    row[ROW_IPSEC] = ipsec
    row[ROW_SPD] = spd_from_row(raw)
    return row


def _ike(field, option, **kwargs):
    return Field("ike." + option, "IKESet." + field, read_api="%s.%s" % (ROW_IKE, field), **kwargs)


def _ipsec(field, option, **kwargs):
    return Field("ipsec." + option, "IPsecSet." + field, read_api="%s.%s" % (ROW_IPSEC, field), **kwargs)


# Write paths are the request parameters (``IKESet``/``IPsecSet`` objects become
# one-element lists in ``write_params``); read paths are those of ``normalized_row``.
# The ``un...`` fields of a row are the IDs API 3.0 shows; the plain ones are numbers.
CONNECTION_FIELDS = FieldMap([
    Field("id", "vpnConnId", read_api="unVpnConnId", writable=False),
    Field("name", "vpnConnName"),
    Field("vpn_gateway_id", "vpnGwId", read_api="unVpnGwId"),
    Field("vpc_id", "vpcId", read_api="unVpcId"),
    Field("customer_gateway_id", "userGwId", read_api="unUserGwId"),
    Field("pre_shared_key", "preSharedKey"),
    Field("security_policy_databases", "spdAcl", read_api=ROW_SPD, to_api=spd_acl),
    _ike("exchangeMode", "mode", to_api=lower, from_api=upper),
    _ike("propoEncryAlgorithm", "encryption_algorithm", to_api=lower, from_api=upper),
    _ike("propoAuthenAlgorithm", "authentication_algorithm", to_api=lower, from_api=upper),
    _ike("dhGroupName", "dh_group", to_api=lower, from_api=upper),
    _ike("ikeSaLifetimeSeconds", "lifetime_seconds", from_api=integer),
    _ike("localIdentity", "local_id_type", to_api=lower, from_api=upper),
    _ike("remoteIdentity", "remote_id_type", to_api=lower, from_api=upper),
    # ike.local_id / ike.remote_id: in the field the identity type names (identities_from_api).
    _ipsec("encryptAlgorithm", "encryption_algorithm", to_api=lower, from_api=upper),
    _ipsec("integrityAlgorith", "authentication_algorithm", to_api=integrity_to_api, from_api=integrity_from_api),
    _ipsec("pfsDhGroup", "pfs", to_api=lower, from_api=pfs_from_api),
    _ipsec("ipsecSaLifetimeSeconds", "lifetime_seconds", from_api=integer),
    _ipsec("ipsecSaLifetimeTraffic", "lifetime_kilobytes", from_api=integer),
    Field("state", "vpcConnStatus", writable=False, from_api=state_name),
    Field("net_status", "netStatus", writable=False, from_api=upper),
    Field("created_time", "createTime", writable=False),
    Field("vpn_proto", "vpnProto", writable=False),
])


def lower_first(name):
    """API 3.0 ``LocalAddress`` is API 2.0 ``localAddress``."""
    return name[:1].lower() + name[1:]


def connection_shape(raw):
    """A ``DescribeVpnConn`` row in module shape (pre-shared key included, for comparison)."""
    row = normalized_row(raw)
    shape = CONNECTION_FIELDS.to_module(row)
    identities = identities_from_api(row[ROW_IKE], key=lower_first)
    if identities:
        shape.setdefault("ike", {}).update(identities)
    return shape


def status_of(raw):
    return integer(raw.get("vpcConnStatus"))


def write_params(options, current=None):
    """API 2.0 parameters for ``options`` (module shape): a whole create, or what a modify sends.

    Identities go to ``localAddress``/``localFqdnName`` by their type, as
    API 3.0's do (``transformations.identity_params``), in API 2.0 spelling.
    """
    params = CONNECTION_FIELDS.to_api(options)
    identity = identity_params(options.get("ike"), (current or {}).get("ike"))
    if identity:
        params.setdefault("IKESet", {}).update(
            (lower_first(key), lower(value) if key.endswith("Identity") else value) for key, value in identity.items())
    for name in ("IKESet", "IPsecSet"):
        if name in params:
            params[name] = [params[name]]  # sent as IKESet.0.<field>
    return params


# -- what API 2.0 lacks -------------------------------------------------------------------------
# Options API 3.0 has and API 2.0 does not (ModifyVpnConnEx / AddVpnConnEx parameters).
UNSUPPORTED_OPTIONS = ("ike.version", "enable_health_check", "health_check_local_ip", "health_check_remote_ip",
                       "health_check_config", "route_type", "negotiation_type", "dpd_enable", "dpd_timeout",
                       "dpd_action", "bgp_config", "route", "tags", "tag_endpoint")
ENCRYPTION = ("3DES-CBC", "AES-CBC-128", "AES-CBC-192", "AES-CBC-256", "DES-CBC")
DH_GROUPS = ("GROUP1", "GROUP2", "GROUP5", "GROUP14", "GROUP24")
# The values the API 2.0 parameter tables list, in the options' (API 3.0) spelling.
SUPPORTED_VALUES = {
    "ike.encryption_algorithm": ENCRYPTION,
    "ike.authentication_algorithm": ("MD5", "SHA"),
    "ike.dh_group": DH_GROUPS,
    "ipsec.encryption_algorithm": ENCRYPTION + ("NULL",),
    "ipsec.authentication_algorithm": ("MD5", "SHA1"),
    "ipsec.pfs": ("NULL",) + tuple("DH-" + group for group in DH_GROUPS),
}


def legacy_problems(params):
    """What ``params`` (the module's options) asks that API 2.0 cannot do: one text per option, or []."""
    problems = ["%s (API 2.0 has no such setting; leave it out)" % option
                for option in UNSUPPORTED_OPTIONS if get_path(params, option) is not None]
    return problems + unsendable_values(params)


def check_legacy_options(params):
    """Raise ``ValidationError`` (before any request) when ``params`` asks what API 2.0 lacks."""
    problems = legacy_problems(params)
    if problems:
        raise ValidationError("api_version", "legacy (Tencent API 2.0) cannot manage %s. Leave them out, "
                              "or use api_version 2017-03-12" % "; ".join(problems))
    if params.get("recreate") and params.get("state", "present") == "present" \
            and not params.get("security_policy_databases"):
        # A recreate fills what is left out from the connection as read, and API 2.0
        # reads the rules only flattened: every local CIDR with every remote one.
        raise ValidationError("security_policy_databases", "required with recreate: true and api_version legacy: "
                              "API 2.0 reads SPD rules back only flattened, so a recreate from the rules as read "
                              "would pair every local CIDR with every remote CIDR")


def unsendable_values(settings):
    """The IKE and IPsec values in ``settings`` (module shape) that API 2.0 cannot take, as texts.

    Checked on the options before any request, and on the whole group a
    modify resends: a connection set up through API 3.0 may hold such a
    value (``SM4``, ``GROUP19``), which reads back fine but cannot be sent.
    """
    return ["%s %s (allowed with API 2.0: %s)" % (option, value, ", ".join(allowed))
            for option, allowed in SUPPORTED_VALUES.items()
            for value in [get_path(settings, option)] if value is not None and upper(value) not in allowed]
