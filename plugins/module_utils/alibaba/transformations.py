# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Alibaba ``VpnConnection`` objects to and from the modules' snake_case shape.

Two encodings meet here (API pages of CreateVpnConnection, DescribeVpnConnection
and ModifyTunnelAttribute):

* single-tunnel connections carry their IKE, IPsec, BGP and health-check
  settings as JSON strings (``IkeConfig={"IkeVersion":"ikev2",...}``) and read
  them back as objects (``IkeConfig``, ``IpsecConfig``, ``VpnBgpConfig``,
  ``VcoHealthCheck``);
* dual-tunnel connections carry them per tunnel (``TunnelIkeConfig``, ...),
  sent as flattened parameters and read back under
  ``TunnelOptionsSpecification.TunnelOptions``, with values as strings.

In the module's shape, ``tunnels`` is a dict keyed by role (``master``,
``slave``): the comparison then works per tunnel and per field, and a change
inside one tunnel is found as exactly that. The modules turn it back into a
list for the user (``tunnels_as_list``).
"""

from __future__ import annotations

import json

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import merge
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.fieldmap import Field, FieldMap

ROLES = ("master", "slave")
MASK_MARK = "****"
# Tag keys the cloud itself sets; they are not the user's and are never touched.
SYSTEM_TAG_PREFIXES = ("aliyun", "acs:")


def to_bool(value):
    """Booleans are read back as ``true``/``false`` strings in places (``VpnBgpConfig.EnableBgp``)."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def split_subnets(value):
    return [item.strip() for item in str(value).split(",") if item.strip()]


def join_subnets(value):
    return ",".join(value)


IKE_FIELDS = FieldMap([
    Field("version", "IkeVersion"),
    Field("mode", "IkeMode"),
    Field("encryption_algorithm", "IkeEncAlg"),
    Field("authentication_algorithm", "IkeAuthAlg"),
    Field("dh_group", "IkePfs"),
    Field("lifetime_seconds", "IkeLifetime", from_api=int),
    Field("local_id", "LocalId"),
    Field("remote_id", "RemoteId"),
])

IPSEC_FIELDS = FieldMap([
    Field("encryption_algorithm", "IpsecEncAlg"),
    Field("authentication_algorithm", "IpsecAuthAlg"),
    Field("pfs", "IpsecPfs"),
    Field("lifetime_seconds", "IpsecLifetime", from_api=int),
])

BGP_FIELDS = FieldMap([
    Field("enabled", "EnableBgp", from_api=to_bool),
    Field("local_asn", "LocalAsn", from_api=int),
    Field("tunnel_cidr", "TunnelCidr"),
    Field("local_bgp_ip", "LocalBgpIp"),
])

TUNNEL_BGP_FIELDS = FieldMap([
    Field("local_asn", "LocalAsn", from_api=int),
    Field("tunnel_cidr", "TunnelCidr"),
    Field("local_bgp_ip", "LocalBgpIp"),
])

# HealthCheckConfig is sent with the lower-case keys of the CreateVpnConnection
# page and read back as VcoHealthCheck with capitalised ones.
HEALTH_CHECK_WRITE = FieldMap([
    Field("enabled", "enable"),
    Field("destination_ip", "dip"),
    Field("source_ip", "sip"),
    Field("interval", "interval"),
    Field("retry", "retry"),
])
HEALTH_CHECK_READ = FieldMap([
    Field("enabled", "Enable", from_api=to_bool),
    Field("destination_ip", "Dip"),
    Field("source_ip", "Sip"),
    Field("interval", "Interval", from_api=int),
    Field("retry", "Retry", from_api=int),
])

CONNECTION_FIELDS = FieldMap([
    Field("id", "VpnConnectionId", writable=False),
    Field("name", "Name"),
    Field("vpn_gateway_id", "VpnGatewayId"),
    Field("local_subnets", "LocalSubnet", to_api=join_subnets, from_api=split_subnets),
    Field("remote_subnets", "RemoteSubnet", to_api=join_subnets, from_api=split_subnets),
    Field("effect_immediately", "EffectImmediately", from_api=to_bool),
    Field("auto_config_route", "AutoConfigRoute", from_api=to_bool),
    Field("network_type", "NetworkType"),
    Field("enable_tunnels_bgp", "EnableTunnelsBgp", from_api=to_bool),
    Field("state", "State", writable=False),
    Field("status", "Status", writable=False),
    Field("create_time", "CreateTime", writable=False),
])

# Settings a single-tunnel connection has at its own level (a dual-tunnel one per tunnel).
SINGLE_TUNNEL_FIELDS = FieldMap([
    Field("customer_gateway_id", "CustomerGatewayId"),
    Field("enable_dpd", "EnableDpd", from_api=to_bool),
    Field("enable_nat_traversal", "EnableNatTraversal", from_api=to_bool),
    Field("remote_ca_certificate", "RemoteCaCertificate"),
])

TUNNEL_FIELDS = FieldMap([
    Field("tunnel_id", "TunnelId", writable=False),
    Field("customer_gateway_id", "CustomerGatewayId"),
    Field("enable_dpd", "EnableDpd", from_api=to_bool),
    Field("enable_nat_traversal", "EnableNatTraversal", from_api=to_bool),
    Field("remote_ca_certificate", "RemoteCaCertificate"),
    Field("state", "State", writable=False),
    Field("status", "Status", writable=False),
    Field("internet_ip", "InternetIp", writable=False),
])

# Options of a single-tunnel connection, with their JSON-string parameter,
# read-back object and field map.
SINGLE_GROUPS = (
    ("ike", "IkeConfig", "IkeConfig", IKE_FIELDS, IKE_FIELDS),
    ("ipsec", "IpsecConfig", "IpsecConfig", IPSEC_FIELDS, IPSEC_FIELDS),
    ("bgp", "BgpConfig", "VpnBgpConfig", BGP_FIELDS, BGP_FIELDS),
    ("health_check", "HealthCheckConfig", "VcoHealthCheck", HEALTH_CHECK_WRITE, HEALTH_CHECK_READ),
)
# The same per tunnel (sent and read under the same names).
TUNNEL_GROUPS = (
    ("ike", "TunnelIkeConfig", IKE_FIELDS),
    ("ipsec", "TunnelIpsecConfig", IPSEC_FIELDS),
    ("bgp", "TunnelBgpConfig", TUNNEL_BGP_FIELDS),
)


# -- reading ------------------------------------------------------------------
def is_dual_tunnel(raw):
    return bool(raw_tunnels(raw))


def raw_tunnels(raw):
    return ((raw or {}).get("TunnelOptionsSpecification") or {}).get("TunnelOptions") or []


def raw_tunnel(raw, role):
    return next((tunnel for tunnel in raw_tunnels(raw) if tunnel.get("Role") == role), None)


def readable_psk(group):
    """The key read back in clear, or ``None`` when absent or masked (``123456****``)."""
    psk = (group or {}).get("Psk")
    if not psk or MASK_MARK in psk:
        return None
    return psk


def user_tags(raw):
    """Tags as ``{key: value}``, without the cloud's own (``aliyun...``, ``acs:...``)."""
    tags = ((raw or {}).get("Tags") or {}).get("Tag") or []
    return {tag.get("Key"): tag.get("Value") or "" for tag in tags
            if tag.get("Key") and not tag["Key"].lower().startswith(SYSTEM_TAG_PREFIXES)}


def without_empty(values):
    """Fields read back as empty strings are not set (``TunnelCidr: ""`` while BGP is off)."""
    return {key: value for key, value in values.items() if value != ""}


def connection_shape(raw):
    """A connection in module shape; readable pre-shared keys included (for comparison only).

    ``tags`` only when ``raw`` carries ``Tags``: a create's answer (ID, name,
    time) says nothing about them, so the engine keeps the tags it sent.
    """
    shape = without_empty(CONNECTION_FIELDS.to_module(raw))
    if is_dual_tunnel(raw):
        shape["tunnels"] = {tunnel["Role"]: tunnel_shape(tunnel) for tunnel in raw_tunnels(raw)
                            if tunnel.get("Role") in ROLES}
    else:
        shape.update(without_empty(SINGLE_TUNNEL_FIELDS.to_module(raw)))
        for option, _param, read_key, _write_map, read_map in SINGLE_GROUPS:
            group = without_empty(read_map.to_module(raw.get(read_key) or {}))
            if group:
                shape[option] = group
        psk = readable_psk(raw.get("IkeConfig"))
        if psk:
            shape["pre_shared_key"] = psk
    if "Tags" in raw:
        shape["tags"] = user_tags(raw)
    return shape


def tunnel_shape(tunnel):
    shape = without_empty(TUNNEL_FIELDS.to_module(tunnel))
    for option, key, fields in TUNNEL_GROUPS:
        group = without_empty(fields.to_module(tunnel.get(key) or {}))
        if group:
            shape[option] = group
    psk = readable_psk(tunnel.get("TunnelIkeConfig"))
    if psk:
        shape["pre_shared_key"] = psk
    return shape


def tunnels_as_list(shape, hide_keys=True):
    """``tunnels`` as the user writes it: a list of dicts with ``role``, master first."""
    if not isinstance((shape or {}).get("tunnels"), dict):
        return shape
    listed = []
    for role in ROLES:
        tunnel = shape["tunnels"].get(role)
        if tunnel is not None:
            item = dict(tunnel, role=role)
            if hide_keys:
                item.pop("pre_shared_key", None)
            listed.append(item)
    return dict(shape, tunnels=listed)


# -- writing ------------------------------------------------------------------
def group_params(fields, current_group, changes, psk=None):
    """A whole config group: the current values with the changed ones applied.

    Partial-object semantics of these groups are not documented; the whole
    group is correct under either reading (merge or replace). ``psk`` is put
    in only when given: a key that was read back masked is never sent back.
    """
    merged = merge(current_group or {}, changes or {})
    params = fields.to_api(merged)
    if psk is not None:
        params["Psk"] = psk
    return params


def create_params(desired):
    """CreateVpnConnection parameters (JSON strings for single-tunnel groups, a list for tunnels)."""
    params = CONNECTION_FIELDS.to_api(desired)
    if desired.get("tunnels"):
        params["TunnelOptionsSpecification"] = [
            dict(tunnel_params({}, tunnel, tunnel.get("pre_shared_key")), Role=role)
            for role, tunnel in sorted(desired["tunnels"].items(), key=lambda item: ROLES.index(item[0]))]
    else:
        params.update(SINGLE_TUNNEL_FIELDS.to_api(desired))
        for option, param, _read_key, write_map, _read_map in SINGLE_GROUPS:
            psk = desired.get("pre_shared_key") if option == "ike" else None
            group = group_params(write_map, {}, desired.get(option), psk)
            if group:
                params[param] = to_json(group)
    if desired.get("tags"):
        params["Tags"] = [{"Key": key, "Value": value} for key, value in sorted(desired["tags"].items())]
    return params


def connection_update_params(raw, changes):
    """ModifyVpnConnectionAttribute parameters for the connection-level changes (tunnels and tags aside)."""
    scalars = {key: value for key, value in changes.items() if key not in ("tunnels", "tags")}
    params = CONNECTION_FIELDS.to_api(scalars)
    params.update(SINGLE_TUNNEL_FIELDS.to_api(scalars))
    current = connection_shape(raw)
    for option, param, read_key, write_map, _read_map in SINGLE_GROUPS:
        psk = None
        if option == "ike":
            psk = changes.get("pre_shared_key") or readable_psk(raw.get(read_key))
            if "ike" not in changes and "pre_shared_key" not in changes:
                continue
        elif option not in changes:
            continue
        params[param] = to_json(group_params(write_map, current.get(option), changes.get(option), psk))
    return params


def tunnel_params(current, changes, psk=None):
    """``TunnelOptionsSpecification`` fields for one tunnel: changed scalars and whole changed groups.

    ``current`` is the tunnel in module shape (``{}`` for a new one).
    """
    params = TUNNEL_FIELDS.to_api({key: value for key, value in changes.items() if key != "pre_shared_key"})
    for option, key, fields in TUNNEL_GROUPS:
        group_psk = psk if option == "ike" else None
        if option in changes or group_psk is not None:
            group = group_params(fields, current.get(option), changes.get(option), group_psk)
            if group:
                params[key] = group
    return params


def tunnel_update_params(raw_tunnel_data, changes):
    """ModifyTunnelAttribute options for the changes of one tunnel."""
    psk = changes.get("pre_shared_key")
    if psk is None and ("ike" in changes):
        psk = readable_psk(raw_tunnel_data.get("TunnelIkeConfig"))
    return tunnel_params(tunnel_shape(raw_tunnel_data), changes, psk)


def to_json(group):
    return json.dumps(group, separators=(",", ":"), sort_keys=True)
