# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tencent ``VpnConnection`` objects to and from the modules' snake_case shape."""

from __future__ import annotations

import ipaddress

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import merge
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.fieldmap import Field, FieldMap, get_path

IKE = "IKEOptionsSpecification."
IPSEC = "IPSECOptionsSpecification."


def _spd_to_api(entries):
    return [{"LocalCidrBlock": entry["local_cidr_block"], "RemoteCidrBlock": list(entry["remote_cidr_blocks"])}
            for entry in entries]


def _spd_from_api(entries):
    return [{"local_cidr_block": entry.get("LocalCidrBlock"),
             "remote_cidr_blocks": list(entry.get("RemoteCidrBlock") or [])} for entry in entries]


def _tags_to_api(tags):
    return [{"Key": key, "Value": str(value)} for key, value in sorted(tags.items())]


def _tags_from_api(tags):
    return {tag.get("Key"): tag.get("Value") for tag in tags}


CONNECTION_FIELDS = FieldMap([
    Field("id", "VpnConnectionId", writable=False),
    Field("name", "VpnConnectionName"),
    Field("vpn_gateway_id", "VpnGatewayId"),
    Field("vpc_id", "VpcId"),
    Field("customer_gateway_id", "CustomerGatewayId"),
    Field("pre_shared_key", "PreShareKey"),
    Field("security_policy_databases", "SecurityPolicyDatabases", read_api="SecurityPolicyDatabaseSet",
          to_api=_spd_to_api, from_api=_spd_from_api),
    Field("ike.version", IKE + "IKEVersion"),
    Field("ike.mode", IKE + "ExchangeMode"),
    Field("ike.encryption_algorithm", IKE + "PropoEncryAlgorithm"),
    Field("ike.authentication_algorithm", IKE + "PropoAuthenAlgorithm"),
    Field("ike.dh_group", IKE + "DhGroupName"),
    Field("ike.lifetime_seconds", IKE + "IKESaLifetimeSeconds", from_api=int),
    Field("ike.local_id_type", IKE + "LocalIdentity"),
    Field("ike.remote_id_type", IKE + "RemoteIdentity"),
    # ike.local_id / ike.remote_id live in one of two API fields: see identity_*().
    Field("ipsec.encryption_algorithm", IPSEC + "EncryptAlgorithm"),
    Field("ipsec.authentication_algorithm", IPSEC + "IntegrityAlgorith"),
    Field("ipsec.pfs", IPSEC + "PfsDhGroup"),
    Field("ipsec.lifetime_seconds", IPSEC + "IPSECSaLifetimeSeconds", from_api=int),
    Field("ipsec.lifetime_kilobytes", IPSEC + "IPSECSaLifetimeTraffic", from_api=int),
    Field("enable_health_check", "EnableHealthCheck", from_api=bool),
    Field("health_check_local_ip", "HealthCheckLocalIp"),
    Field("health_check_remote_ip", "HealthCheckRemoteIp"),
    Field("health_check_config.probe_type", "HealthCheckConfig.ProbeType"),
    Field("health_check_config.probe_interval", "HealthCheckConfig.ProbeInterval", from_api=int),
    Field("health_check_config.probe_threshold", "HealthCheckConfig.ProbeThreshold", from_api=int),
    Field("health_check_config.probe_timeout", "HealthCheckConfig.ProbeTimeout", from_api=int),
    Field("route_type", "RouteType"),
    Field("negotiation_type", "NegotiationType"),
    Field("dpd_enable", "DpdEnable", to_api=int, from_api=lambda value: bool(int(value))),
    Field("dpd_timeout", "DpdTimeout", to_api=str, from_api=int),
    Field("dpd_action", "DpdAction"),
    Field("bgp_config.tunnel_cidr", "BgpConfig.TunnelCidr"),
    Field("bgp_config.local_bgp_ip", "BgpConfig.LocalBgpIp"),
    Field("bgp_config.remote_bgp_ip", "BgpConfig.RemoteBgpIp"),
    Field("bgp_config.local_bgp_asn", "BgpConfig.LocalBgpAsn", writable=False),
    Field("bgp_config.remote_bgp_asn", "BgpConfig.RemoteBgpAsn", writable=False),
    Field("route.destination_cidr_block", "Route.DestinationCidrBlock"),
    Field("route.priority", "Route.Priority"),
    Field("route.description", "Route.Description"),
    Field("tags", "Tags", read_api="TagSet", to_api=_tags_to_api, from_api=_tags_from_api),
    Field("state", "State", writable=False),
    Field("net_status", "NetStatus", writable=False),
    Field("health_check_status", "HealthCheckStatus", writable=False),
    Field("created_time", "CreatedTime", writable=False),
    Field("vpn_proto", "VpnProto", writable=False),
    Field("encrypt_proto", "EncryptProto", writable=False),
])

IDENTITY_FIELDS = {"ADDRESS": "%sAddress", "FQDN": "%sFqdnName"}


def connection_shape(raw):
    """A ``VpnConnection`` in module shape (pre-shared key included, for comparison)."""
    shape = CONNECTION_FIELDS.to_module(raw)
    identities = identities_from_api(raw.get("IKEOptionsSpecification") or {})
    if identities:
        shape.setdefault("ike", {}).update(identities)
    return shape


def identities_from_api(ike, key=str):
    """``local_id``/``remote_id`` of an IKE object: each side's value from the field its type names.

    ``key`` gives the object's spelling of an API 3.0 field name (API 2.0
    writes ``localAddress`` for ``LocalAddress``); types read in any case.
    """
    identities = {}
    for side, api_side in (("local", "Local"), ("remote", "Remote")):
        kind = str(ike.get(key(api_side + "Identity")) or "ADDRESS").upper()
        value = ike.get(key(IDENTITY_FIELDS.get(kind, "%sAddress") % api_side))
        if value:
            identities[side + "_id"] = value
    return identities


def identity_params(ike_changes, current_ike):
    """API identity fields for changed ``local_id``/``remote_id`` (or their types).

    The identity type picks the API field (``LocalAddress`` or
    ``LocalFqdnName``), for each side on its own: the Tencent Terraform
    provider chose the remote field by looking at the local type. A type not
    given is the current one, or, for a new connection, ADDRESS for an IP
    and FQDN otherwise.
    """
    merged = merge(current_ike or {}, ike_changes or {})
    params = {}
    for side, api_side in (("local", "Local"), ("remote", "Remote")):
        if not {side + "_id", side + "_id_type"} & set(ike_changes or {}):
            continue
        value = merged.get(side + "_id")
        if value is None:
            continue
        kind = merged.get(side + "_id_type") or ("ADDRESS" if _is_ip(value) else "FQDN")
        params[api_side + "Identity"] = kind.upper()
        params[IDENTITY_FIELDS[kind.upper()] % api_side] = value
    return params


def write_params(options, current=None):
    """API parameters for ``options`` (a full create or only the changes)."""
    params = CONNECTION_FIELDS.to_api(options)
    identity = identity_params(options.get("ike"), (current or {}).get("ike"))
    if identity:
        params.setdefault("IKEOptionsSpecification", {}).update(identity)
    if {"dpd_timeout", "dpd_action"} & set(options) and "dpd_enable" not in options:
        # DpdTimeout and DpdAction are taken only together with DpdEnable=1.
        enabled = get_path(current or {}, "dpd_enable")
        if enabled is not None:
            params["DpdEnable"] = int(enabled)
    return params


def _is_ip(value):
    try:
        ipaddress.ip_address(str(value))
    except ValueError:
        return False
    return True
