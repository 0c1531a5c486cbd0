# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tencent's answers to the reconcile engine's questions (``ConnectionAdapter``)."""

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import tag_changes
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import ConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.api import (
    NOT_FOUND_CODES,
    connection_resource_name,
    is_retryable,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.transformations import (
    connection_shape,
    write_params,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.waiters import PollSchedule

SETTLED_STATES = ("AVAILABLE",)


class TencentConnectionAdapter(ConnectionAdapter):
    provider = "Tencent Cloud"
    psk_readable = True      # DescribeVpnConnections returns PreShareKey in clear
    immutable = ("vpn_gateway_id", "vpc_id", "route_type")
    write_once = ("route",)  # sent on create, never read back
    create_required = ("name", "vpn_gateway_id", "customer_gateway_id", "pre_shared_key")
    # The API reference gives no typical duration for PENDING/DELETING, and
    # the Terraform provider polls with the plugin SDK's resource.Retry
    # (from 0.5 s, doubling to a 10 s cap; it even sleeps three minutes
    # after a modify). Short transitions are over within a couple of
    # seconds, so the first poll comes after 2 s; then every 5 s, half of
    # Terraform's cap: a connection that settles at t is seen by t + 5 s,
    # for 12 reads a minute against the documented 100 requests/s.
    poll = PollSchedule(first_delay=2.0, interval=5.0)

    # -- lookups ------------------------------------------------------------
    def find_by_name(self, gateway, name):
        # The API's name filter is not documented as exact: compare names here.
        matches = [raw for raw in self.client.describe_vpn_connections(
            filters={"vpn-gateway-id": [gateway], "vpn-connection-name": [name]})
            if raw.get("VpnConnectionName") == name]
        return self.only_match(matches, name, gateway)

    def read(self, connection_id):
        found = self.client.describe_vpn_connections(ids=[connection_id])
        return found[0] if found else None

    def shape(self, raw):
        return connection_shape(raw)

    def identity(self, raw):
        return raw.get("VpnConnectionId")

    def is_settled(self, raw):
        return raw.get("State") in SETTLED_STATES

    def is_retryable(self, error):
        return error.answer_lost or is_retryable(error)

    # -- writes -------------------------------------------------------------
    # The VPN actions have no client token: ``token`` is not sent. The engine
    # looks before it sends a write again (reconcile.py).
    def create(self, desired, token):
        params = write_params(desired)
        if desired.get("vpc_id") is None:
            params["VpcId"] = ""  # CCN-type gateways take an empty VpcId
        return self.client.create_vpn_connection(params)

    def update(self, raw, changes, token):
        """Tags through the Tag API, then the rest through ``ModifyVpnConnectionAttribute``.

        Tags go first: if the modify's answer is then lost, the engine's read
        shows PENDING (our modify at work) with the tags already set; if the
        tag call's answer is lost, nothing else was sent, and a resend of the
        whole update sends the same tags again, which changes nothing.
        """
        changes = dict(changes)
        tags = changes.pop("tags", None)
        connection_id = raw["VpnConnectionId"]
        if tags is not None:
            replace, delete = tag_changes(connection_shape(raw).get("tags"), tags)
            if replace or delete:  # {} against a connection read without TagSet: nothing to send
                self.client.modify_resource_tags(connection_resource_name(self.client.region, connection_id),
                                                 replace, delete)
        if not changes:
            # The Tag API does not put the connection through PENDING.
            return {"VpnConnectionId": connection_id, "State": raw.get("State")}
        params = write_params(changes, current=connection_shape(raw))
        params["VpnConnectionId"] = connection_id
        self.client.modify_vpn_connection_attribute(params)
        # The answer holds only a RequestId. The API applies a modify
        # asynchronously, through PENDING: say so, rather than let a run
        # with wait: false report the AVAILABLE read before the write.
        return {"VpnConnectionId": connection_id, "State": "PENDING"}

    def delete(self, raw, token):
        try:
            self.client.delete_vpn_connection(raw["VpnGatewayId"], raw["VpnConnectionId"])
        except ProviderError as error:
            if error.code not in NOT_FOUND_CODES:  # deleted meanwhile: the goal is met
                raise
