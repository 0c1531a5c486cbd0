# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Huawei's answers to the reconcile engine's questions (``ConnectionAdapter``)."""

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import tag_changes
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.api import is_retryable
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.transformations import (
    connection_shape,
    create_body,
    update_body,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import ConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.waiters import PollSchedule

SETTLED_STATES = ("ACTIVE", "DOWN")
FAILED_STATES = ("ERROR",)
TRANSITIONAL_PREFIX = "PENDING_"  # PENDING_CREATE, PENDING_UPDATE, PENDING_DELETE


class HuaweiConnectionAdapter(ConnectionAdapter):
    provider = "Huawei Cloud"
    psk_readable = False  # ResponseVpnConnection has no psk
    immutable = ("vpn_gateway_id", "vpn_gateway_ip", "style", "ha_role", "enable_nqa", "enable_health_check")
    # enable_health_check is not part of ResponseVpnConnection: it can only be
    # sent on create and never compared (so its immutability never triggers).
    write_once = ("enable_health_check",)
    create_required = ("vpn_gateway_id", "vpn_gateway_ip", "customer_gateway_id", "pre_shared_key")
    # The Terraform provider waits 10 s before its first read of a connection
    # and then reads every 5 s (resource_huaweicloud_vpn_connection.go,
    # createConnectionWaitingForStateCompleted: Delay 10 s, PollInterval 5 s):
    # the API reference gives no duration for PENDING_*, and that schedule is
    # what the provider's own tooling found to fit.
    poll = PollSchedule(first_delay=10.0, interval=5.0)

    # -- lookups ------------------------------------------------------------
    def find_by_name(self, gateway, name):
        # The list API has no name filter: list the gateway's connections and match names exactly.
        matches = [raw for raw in self.client.list_connections(vpn_gateway_id=gateway) if raw.get("name") == name]
        return self.only_match(matches, name, gateway)

    def read(self, connection_id):
        return self.client.show_connection(connection_id)

    def shape(self, raw):
        return connection_shape(raw)

    def identity(self, raw):
        return raw.get("id")

    def is_settled(self, raw):
        """``ACTIVE`` or ``DOWN``, or another status no wait changes (``FREEZED``, ``UNKNOWN``).

        Not ``PENDING_*`` (the cloud is at work) and not ``ERROR``: that ends
        a wait as a failure (``is_failed``), never as success. An answer
        without a status (a create answer that leaves it out) is not
        settled: the engine then reads it back.
        """
        status = str(raw.get("status") or "")
        return bool(status) and not status.startswith(TRANSITIONAL_PREFIX) and not self.is_failed(raw)

    def is_failed(self, raw):
        return raw.get("status") in FAILED_STATES

    def is_retryable(self, error):
        """Lost answers, HTTP 429, and the throttling and busy codes (``APIG.0308``, ``VPN.0030``, ...)."""
        return error.answer_lost or error.http_status == 429 or is_retryable(error)

    # -- writes -------------------------------------------------------------
    # The VPN connection API has no client token (the v5 SDK has none for
    # these actions): ``token`` is not sent. Each write goes out once
    # (``idempotent=False``); after a lost answer the engine reads before it
    # sends the write again (reconcile.py).
    def create(self, desired, token):
        """One ``POST``."""
        return self.client.create_connection(create_body(desired))

    def update(self, raw, changes, token):
        """Tags through the tag API (removed and changed keys, then new and changed pairs), the rest by one ``PUT``.

        ``changes["tags"]`` is the whole wanted set (``resolve``). Whether the
        tag API's create overwrites an existing key is not documented, so a
        changed key is deleted first; untouched tags are never sent. Returns
        the ``PUT``'s answer, or ``None`` when only tags changed.
        """
        connection_id = raw["id"]
        if "tags" in changes:
            current = connection_shape(raw)["tags"]
            replace, delete = tag_changes(current, changes["tags"], delete_changed=True)
            if delete:
                self.client.delete_tags(connection_id, {key: current[key] for key in delete})
            if replace:
                self.client.create_tags(connection_id, replace)
        body = update_body(changes)
        if not body:
            return None
        return self.client.update_connection(connection_id, body)

    def delete(self, raw, token):
        self.client.delete_connection(raw["id"])
