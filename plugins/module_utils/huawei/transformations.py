# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Huawei ``vpn_connection`` objects to and from the modules' snake_case shape.

Field names follow the SDK models (``huaweicloudsdkvpn/v5/model/
create_vpn_connection_request_body_content.py``,
``update_vpn_connection_request_body_content.py``,
``response_vpn_connection.py``).
"""

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.fieldmap import Field, FieldMap

IKE = "ikepolicy."
IPSEC = "ipsecpolicy."

# Options that the update body (UpdateVpnConnectionRequestBodyContent) takes;
# tags change through the tag API instead.
UPDATABLE = frozenset(["name", "customer_gateway_id", "peer_subnets", "tunnel_local_address",
                       "tunnel_peer_address", "enable_hub", "pre_shared_key", "policy_rules", "ike", "ipsec"])


def indexed_rules(rules):
    """Policy rules with ``rule_index`` filled in by position (1, 2, ...) where it is left out.

    The API numbers rules itself; giving every rule its index on both sides
    (what is asked and what is read) keeps the set comparison stable.
    """
    return [dict(rule, rule_index=rule.get("rule_index") or position)
            for position, rule in enumerate(rules or [], start=1)]


def _rules_to_api(rules):
    return [{"rule_index": rule["rule_index"], "source": rule["source"], "destination": list(rule["destination"])}
            for rule in indexed_rules(rules)]


def _rules_from_api(rules):
    return indexed_rules([{"rule_index": rule.get("rule_index"), "source": rule.get("source"),
                           "destination": list(rule.get("destination") or [])} for rule in rules])


def tags_to_api(tags):
    return [{"key": key, "value": value} for key, value in sorted(tags.items())]


def tags_from_api(tags):
    return {tag.get("key"): tag.get("value") or "" for tag in tags or []}


CONNECTION_FIELDS = FieldMap([
    Field("id", "id", writable=False),
    Field("name", "name"),
    Field("vpn_gateway_id", "vgw_id"),
    Field("vpn_gateway_ip", "vgw_ip"),
    Field("customer_gateway_id", "cgw_id"),
    Field("style", "style", to_api=str.lower),  # read back upper case, accepted in lower case
    Field("peer_subnets", "peer_subnets", to_api=list, from_api=list),
    Field("tunnel_local_address", "tunnel_local_address"),
    Field("tunnel_peer_address", "tunnel_peer_address"),
    Field("enable_nqa", "enable_nqa", from_api=bool),
    Field("enable_hub", "enable_hub", from_api=bool),
    Field("enable_health_check", "enable_health_check", from_api=bool),
    Field("ha_role", "ha_role"),
    Field("pre_shared_key", "psk"),  # write-only: the API never returns it
    Field("policy_rules", "policy_rules", to_api=_rules_to_api, from_api=_rules_from_api),
    Field("ike.version", IKE + "ike_version"),
    Field("ike.mode", IKE + "phase1_negotiation_mode"),
    Field("ike.encryption_algorithm", IKE + "encryption_algorithm"),
    Field("ike.authentication_algorithm", IKE + "authentication_algorithm"),
    Field("ike.authentication_method", IKE + "authentication_method", writable=False),
    Field("ike.dh_group", IKE + "dh_group"),
    Field("ike.lifetime_seconds", IKE + "lifetime_seconds", from_api=int),
    Field("ike.local_id_type", IKE + "local_id_type"),
    Field("ike.local_id", IKE + "local_id"),
    Field("ike.remote_id_type", IKE + "peer_id_type"),
    Field("ike.remote_id", IKE + "peer_id"),
    Field("ike.dpd.timeout", IKE + "dpd.timeout", from_api=int),
    Field("ike.dpd.interval", IKE + "dpd.interval", from_api=int),
    Field("ike.dpd.msg", IKE + "dpd.msg"),
    Field("ipsec.encryption_algorithm", IPSEC + "encryption_algorithm"),
    Field("ipsec.authentication_algorithm", IPSEC + "authentication_algorithm"),
    Field("ipsec.pfs", IPSEC + "pfs"),
    Field("ipsec.transform_protocol", IPSEC + "transform_protocol"),
    Field("ipsec.lifetime_seconds", IPSEC + "lifetime_seconds", from_api=int),
    Field("ipsec.encapsulation_mode", IPSEC + "encapsulation_mode"),
    Field("tags", "tags", to_api=tags_to_api, from_api=tags_from_api),
    Field("status", "status", writable=False),
    Field("created_at", "created_at", writable=False),
    Field("updated_at", "updated_at", writable=False),
    Field("enterprise_project_id", "enterprise_project_id", writable=False),
    Field("connection_monitor_id", "connection_monitor_id", writable=False),
])


def connection_shape(raw):
    """A ``ResponseVpnConnection`` in module shape; ``tags`` is always a dict."""
    shape = CONNECTION_FIELDS.to_module(raw)
    shape.setdefault("tags", {})
    return shape


def create_body(desired):
    """The ``vpn_connection`` object of a create, from the options given."""
    return CONNECTION_FIELDS.to_api(desired)


def update_body(changes):
    """The ``vpn_connection`` object of an update: only the changed fields the update takes."""
    return CONNECTION_FIELDS.to_api({name: value for name, value in changes.items() if name in UPDATABLE})
