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

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.api import is_not_found, is_retryable
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.transformations import (
    connection_shape,
    create_body,
    update_body,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import ConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.waiters import PollSchedule

# No tunnel-level status list is published; the gateway's (Go SDK VpnStatusType)
# has building/configuring as its transitional values, and a tunnel being
# deleted stays listed until it is gone.
TRANSITIONAL_STATUSES = ("building", "configuring", "deleting")

# Sub-options the create call needs (ikeConfig and ipsecConfig are required
# objects whose fields the SDKs always send).
CREATE_SUB_OPTIONS = {
    "ike": ("version", "mode", "encryption_algorithm", "authentication_algorithm", "dh_group", "lifetime_seconds"),
    "ipsec": ("encryption_algorithm", "authentication_algorithm", "pfs", "lifetime_seconds"),
}


class BaiduConnectionAdapter(ConnectionAdapter):
    provider = "Baidu AI Cloud"
    psk_readable = True      # the tunnel list returns secretKey in clear
    # vpnId scopes every lookup, so a tunnel is never found in another gateway;
    # cgwId is not a field of the update call.
    immutable = ("customer_gateway_id",)
    write_once = ()
    create_required = ("name", "vpn_gateway_id", "pre_shared_key", "local_subnets", "remote_subnets",
                       "remote_ip", "ike", "ipsec")
    # No transition times are published; Terraform's baiducloud_vpn_conn
    # allows 20 minutes, and tunnels are configured in seconds to a minute,
    # so the Tencent values fit: the first look after 2 s, then every 5 s.
    poll = PollSchedule(first_delay=2.0, interval=5.0)

    def __init__(self, client, params):
        super().__init__(client, params)
        # The gateway of every tunnel seen, so a read by ID lists the right one.
        self.gateways = {}

    # -- lookups ------------------------------------------------------------
    def find(self):
        """By ``id`` when given, else by exact ``name``; both within ``vpn_gateway_id``."""
        gateway = self.params.get("vpn_gateway_id")
        if not gateway:
            raise ResourceConflictError("vpn_gateway_id is required: Baidu AI Cloud lists the tunnels of one VPN "
                                        "gateway and cannot read a tunnel by its ID alone")
        if self.params.get("id"):
            return next((raw for raw in self._list(gateway) if raw.get("vpnConnId") == self.params["id"]), None)
        return self.find_by_name(gateway, self.params.get("name"))

    def find_by_name(self, gateway, name):
        matches = [raw for raw in self._list(gateway) if raw.get("vpnConnName") == name]
        return self.only_match(matches, name, gateway, noun="tunnels")

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

    # No failure status is published for tunnels (nor for gateways): is_failed
    # keeps the engine's default (False).

    def is_retryable(self, error):
        """Throttling (429, ``*LimitExceeded*``, ``Throttl*``), busy and transient codes, or a lost answer."""
        return error.answer_lost or error.http_status == 429 or is_retryable(error)

    # -- writes -------------------------------------------------------------
    # One API call per write, each with the engine's token as ``clientToken``
    # (32 hex characters; the API allows 64). The engine passes the same
    # token when it resends a write after a lost answer, and only after a
    # read showed the write had not taken effect (reconcile.py): Baidu
    # treats a repeated clientToken with the same request as that request.
    def create(self, desired, token):
        missing = ["%s.%s" % (group, name) for group, names in CREATE_SUB_OPTIONS.items()
                   for name in names if (desired.get(group) or {}).get(name) is None]
        if missing:
            raise ResourceConflictError("the tunnel does not exist, and creating it needs %s" % ", ".join(missing))
        gateway = desired["vpn_gateway_id"]
        answer = self.client.create_vpn_connection(gateway, create_body(desired), token)
        if answer.get("vpnConnId"):
            self.gateways[answer["vpnConnId"]] = gateway
        return dict(answer, vpnId=gateway)

    def update(self, raw, changes, token):
        """One PUT carrying the whole tunnel: the current state with the changes laid over it."""
        self.client.update_vpn_connection(raw["vpnConnId"], update_body(connection_shape(raw), changes), token)
        # The answer has no body. The tunnel is reconfigured after the PUT
        # (the gateway shows "configuring" meanwhile): say so, rather than let
        # a run with wait: false report the status read before the write.
        return {"vpnConnId": raw["vpnConnId"], "status": "configuring"}

    def delete(self, raw, token):
        try:
            self.client.delete_vpn_connection(raw["vpnConnId"], token)
        except ProviderError as error:
            if not is_not_found(error):  # deleted meanwhile: the goal is met
                raise
