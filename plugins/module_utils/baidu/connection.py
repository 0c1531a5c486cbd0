# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Baidu's answers to the reconcile engine's questions (``ConnectionAdapter``).

Baidu reads tunnels only as the list of one VPN gateway (``GET
/v1/vpn/vpnconn/{vpnId}``): there is no get-by-id, so every lookup, by
``id`` or by ``name``, searches the gateway given in ``vpn_gateway_id``.
"""

from __future__ import annotations

import uuid

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.api import is_not_found
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.transformations import (
    connection_shape,
    create_body,
    update_body,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import ConnectionAdapter

# No tunnel-level status list is published; the gateway's (Go SDK VpnStatusType)
# has building/configuring as its transitional values, and a tunnel being
# deleted stays listed until it is gone.
TRANSITIONAL_STATUSES = ("building", "configuring", "deleting")

# (first_delay, interval) of the polls after a write, for PollSchedule (the lead
# wires it). No transition times are published; Terraform's baiducloud_vpn_conn
# allows 20 minutes, and tunnels are configured in seconds to a minute, so the
# Tencent values fit: the first look after 2 s, then every 5 s.
POLL_SCHEDULE = (2.0, 5.0)

# Sub-options the create call needs (ikeConfig and ipsecConfig are required
# objects whose fields the SDKs always send).
CREATE_SUB_OPTIONS = {
    "ike": ("version", "mode", "encryption_algorithm", "authentication_algorithm", "dh_group", "lifetime_seconds"),
    "ipsec": ("encryption_algorithm", "authentication_algorithm", "pfs", "lifetime_seconds"),
}

# Sends of one write when its answer is lost and the engine gives no token
# (the engine before contract v2): the clientToken makes a resend safe.
LOST_ANSWER_ATTEMPTS = 3


def new_client_token():
    """One token per logical write: ASCII, 32 characters (the API allows 64)."""
    return uuid.uuid4().hex


class BaiduConnectionAdapter(ConnectionAdapter):
    provider = "Baidu AI Cloud"
    psk_readable = True      # the tunnel list returns secretKey in clear
    # vpnId scopes every lookup, so a tunnel is never found in another gateway;
    # cgwId is not a field of the update call.
    immutable = ("customer_gateway_id",)
    write_once = ()
    create_required = ("name", "vpn_gateway_id", "pre_shared_key", "local_subnets", "remote_subnets",
                       "remote_ip", "ike", "ipsec")

    def __init__(self, client, params):
        self.client = client
        self.params = params
        # The gateway of every tunnel seen, so a read by ID lists the right one.
        self.gateways = {}

    # -- lookups ------------------------------------------------------------
    def find(self):
        """By ``id`` when given, else by exact ``name``; both within ``vpn_gateway_id``."""
        gateway = self.params.get("vpn_gateway_id")
        if not gateway:
            raise ResourceConflictError("vpn_gateway_id is required: Baidu AI Cloud lists the tunnels of one VPN "
                                        "gateway and cannot read a tunnel by its ID alone")
        tunnels = self._list(gateway)
        if self.params.get("id"):
            return next((raw for raw in tunnels if raw.get("vpnConnId") == self.params["id"]), None)
        name = self.params.get("name")
        matches = [raw for raw in tunnels if raw.get("vpnConnName") == name]
        if len(matches) > 1:
            raise ResourceConflictError(
                "%d tunnels are named %r in VPN gateway %s: %s. Give id to choose one."
                % (len(matches), name, gateway, ", ".join(sorted(raw["vpnConnId"] for raw in matches))))
        return matches[0] if matches else None

    def read(self, connection_id):
        gateway = self.gateways.get(connection_id, self.params.get("vpn_gateway_id"))
        return next((raw for raw in self._list(gateway) if raw.get("vpnConnId") == connection_id), None)

    def _list(self, gateway):
        tunnels = self.client.list_vpn_connections(gateway)
        for raw in tunnels:
            self.gateways[raw.get("vpnConnId")] = raw.get("vpnId") or gateway
        return tunnels

    def shape(self, raw):
        return connection_shape(raw)

    def identity(self, raw):
        return raw.get("vpnConnId")

    def is_settled(self, raw):
        """A status outside the transitional ones; no status (the create answer) is not settled."""
        status = str(raw.get("status") or "").lower()
        return bool(status) and status not in TRANSITIONAL_STATUSES

    def is_failed(self, raw):
        return False

    # -- writes -------------------------------------------------------------
    def create(self, desired, token=None):
        missing = ["%s.%s" % (group, name) for group, names in CREATE_SUB_OPTIONS.items()
                   for name in names if (desired.get(group) or {}).get(name) is None]
        if missing:
            raise ResourceConflictError("the tunnel does not exist, and creating it needs %s" % ", ".join(missing))
        gateway = desired["vpn_gateway_id"]
        answer = self._write(lambda client_token: self.client.create_vpn_connection(
            gateway, create_body(desired), client_token), token)
        if answer.get("vpnConnId"):
            self.gateways[answer["vpnConnId"]] = gateway
        return dict(answer, vpnId=gateway)

    def update(self, raw, changes, token=None):
        """One PUT carrying the whole tunnel: the current state with the changes laid over it."""
        body = update_body(connection_shape(raw), changes)
        return self._write(lambda client_token: self.client.update_vpn_connection(
            raw["vpnConnId"], body, client_token), token)

    def delete(self, raw, token=None):
        try:
            self._write(lambda client_token: self.client.delete_vpn_connection(raw["vpnConnId"], client_token),
                        token)
        except ProviderError as error:
            if not is_not_found(error):  # deleted meanwhile: the goal is met
                raise

    def _write(self, send, token):
        """Send one logical write under one clientToken.

        With a token from the engine (contract v2), send once: the engine
        handles a lost answer. Without one, make the token here and resend
        the same request when its answer is lost (time-out, reset, 5xx):
        Baidu treats a repeated clientToken as the same request, so the
        write is applied at most once.
        """
        if token is not None:
            return send(token)
        token = new_client_token()
        http = self.client.http
        for attempt in range(1, LOST_ANSWER_ATTEMPTS + 1):
            try:
                return send(token)
            except ProviderError as error:
                if not error.answer_lost or attempt == LOST_ANSWER_ATTEMPTS:
                    raise
                http.sleep(http.retry_policy.delay(attempt))
        return None  # not reached: the loop returns or raises
