# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Huawei's answers to the reconcile engine's questions (``ConnectionAdapter``)."""

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.transformations import (
    connection_shape,
    create_body,
    tag_changes,
    update_body,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import ConnectionAdapter

SETTLED_STATES = ("ACTIVE", "DOWN")
FAILED_STATES = ("ERROR",)
TRANSITIONAL_PREFIX = "PENDING_"  # PENDING_CREATE, PENDING_UPDATE, PENDING_DELETE

# (first_delay, interval) in seconds for the engine's PollSchedule: the
# Terraform provider waits 10 s before its first read of a connection and
# then reads every 5 s (resource_huaweicloud_vpn_connection.go,
# createConnectionWaitingForStateCompleted: Delay 10 s, PollInterval 5 s).
POLL_SCHEDULE = (10.0, 5.0)


class HuaweiConnectionAdapter(ConnectionAdapter):
    provider = "Huawei Cloud"
    psk_readable = False  # ResponseVpnConnection has no psk
    immutable = ("vpn_gateway_id", "vpn_gateway_ip", "style", "ha_role", "enable_nqa", "enable_health_check")
    # enable_health_check is not part of ResponseVpnConnection: it can only be
    # sent on create and never compared (so its immutability never triggers).
    write_once = ("enable_health_check",)
    create_required = ("vpn_gateway_id", "vpn_gateway_ip", "customer_gateway_id", "pre_shared_key")

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
        # The list API has no name filter: list the gateway's connections and match names exactly.
        matches = [raw for raw in self.client.list_connections(vpn_gateway_id=gateway) if raw.get("name") == name]
        if len(matches) > 1:
            raise ResourceConflictError(
                "%d connections are named %r in VPN gateway %s: %s. Give id to choose one."
                % (len(matches), name, gateway, ", ".join(sorted(raw["id"] for raw in matches))))
        return matches[0] if matches else None

    def read(self, connection_id):
        return self.client.show_connection(connection_id)

    def shape(self, raw):
        return connection_shape(raw)

    def identity(self, raw):
        return raw.get("id")

    def is_settled(self, raw):
        """Not in a ``PENDING_*`` status (``ERROR`` is settled too, and failed: see ``is_failed``)."""
        return not str(raw.get("status") or "").startswith(TRANSITIONAL_PREFIX)

    def is_failed(self, raw):
        return raw.get("status") in FAILED_STATES

    # -- writes -------------------------------------------------------------
    def create(self, desired, token=None):
        """One ``POST``. The API documents no client token for it; the engine looks before any resend."""
        return self.client.create_connection(create_body(desired))

    def update(self, raw, changes, token=None):
        """Tags through the tag API (removed and changed keys, then new and changed pairs), the rest by one ``PUT``.

        ``changes["tags"]`` is the whole wanted set with ``purge_tags``, and
        only the differing keys without it. Returns the ``PUT``'s answer, or
        ``None`` when only tags changed.
        """
        connection_id = raw["id"]
        if "tags" in changes:
            current = connection_shape(raw)["tags"]
            wanted = changes["tags"] if self.params.get("purge_tags", True) else dict(current, **changes["tags"])
            to_delete, to_create = tag_changes(current, wanted)
            if to_delete:
                self.client.delete_tags(connection_id, to_delete)
            if to_create:
                self.client.create_tags(connection_id, to_create)
        body = update_body(changes)
        if not body:
            return None
        return self.client.update_connection(connection_id, body)

    def delete(self, raw, token=None):
        self.client.delete_connection(raw["id"])
