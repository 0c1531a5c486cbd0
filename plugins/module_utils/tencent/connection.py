# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tencent's answers to the reconcile engine's questions (``ConnectionAdapter``)."""

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import ConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.transformations import (
    connection_shape,
    write_params,
)

SETTLED_STATES = ("AVAILABLE",)
CREATE_ATTEMPTS = 3


class TencentConnectionAdapter(ConnectionAdapter):
    provider = "Tencent Cloud"
    psk_readable = True      # DescribeVpnConnections returns PreShareKey in clear
    immutable = ("vpn_gateway_id", "vpc_id", "route_type", "tags")
    write_once = ("route",)  # sent on create, never read back
    create_required = ("name", "vpn_gateway_id", "customer_gateway_id", "pre_shared_key")

    def __init__(self, client, params):
        self.client = client
        self.params = params

    # -- lookups ------------------------------------------------------------
    def find(self):
        """By ``id`` when given, else by exact ``name`` within ``vpn_gateway_id``."""
        if self.params.get("id"):
            return self.read(self.params["id"])
        name, gateway = self.params.get("name"), self.params.get("vpn_gateway_id")
        if not name or not gateway:
            raise ResourceConflictError("to find a connection without id, give both name and vpn_gateway_id")
        return self.find_by_name(gateway, name)

    def find_by_name(self, gateway, name):
        # The API's name filter is not documented as exact: compare names here.
        matches = [raw for raw in self.client.describe_vpn_connections(
            filters={"vpn-gateway-id": [gateway], "vpn-connection-name": [name]})
            if raw.get("VpnConnectionName") == name]
        if len(matches) > 1:
            raise ResourceConflictError(
                "%d connections are named %r in VPN gateway %s: %s. Give id to choose one."
                % (len(matches), name, gateway, ", ".join(sorted(raw["VpnConnectionId"] for raw in matches))))
        return matches[0] if matches else None

    def read(self, connection_id):
        found = self.client.describe_vpn_connections(ids=[connection_id])
        return found[0] if found else None

    def shape(self, raw):
        return connection_shape(raw)

    def identity(self, raw):
        return raw.get("VpnConnectionId")

    def is_settled(self, raw):
        return raw.get("State") in SETTLED_STATES

    # -- writes -------------------------------------------------------------
    def create(self, desired):
        """Create, without ever creating twice.

        The API has no client token. When the answer is lost, or comes back
        without an ID, the new connection is looked up by gateway and name
        before anything is sent again.
        """
        params = write_params(desired)
        if desired.get("vpc_id") is None:
            params["VpcId"] = ""  # CCN-type gateways take an empty VpcId
        for attempt in range(1, CREATE_ATTEMPTS + 1):
            try:
                raw = self.client.create_vpn_connection(params)
            except ProviderError as error:
                if not error.answer_lost or attempt == CREATE_ATTEMPTS:
                    raise
                found = self.find_by_name(desired["vpn_gateway_id"], desired["name"])
                if found:
                    return found
                continue
            if raw.get("VpnConnectionId"):
                return raw
            found = self.find_by_name(desired["vpn_gateway_id"], desired["name"])
            if found:
                return found
            raise ResourceConflictError("CreateVpnConnection answered without an ID and the new connection "
                                        "%r cannot be found in %s" % (desired["name"], desired["vpn_gateway_id"]))
        return None  # not reached: the loop returns or raises

    def update(self, raw, changes):
        params = write_params(changes, current=connection_shape(raw))
        params["VpnConnectionId"] = raw["VpnConnectionId"]
        self.client.modify_vpn_connection_attribute(params)

    def delete(self, raw):
        try:
            self.client.delete_vpn_connection(raw["VpnGatewayId"], raw["VpnConnectionId"])
        except ProviderError as error:
            if error.code != "ResourceNotFound":  # deleted meanwhile: the goal is met
                raise
