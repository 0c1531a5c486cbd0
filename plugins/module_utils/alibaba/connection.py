# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Alibaba's answers to the reconcile engine's questions (``ConnectionAdapter``).

An update sends the least that is correct: connection-level changes in one
``ModifyVpnConnectionAttribute``, a change inside a tunnel in one
``ModifyTunnelAttribute`` for that tunnel only, tags with
``UnTagResources``/``TagResources``. Nothing is sent for what did not change.
"""

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.api import call_token, is_retryable
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.transformations import (
    ROLES,
    connection_shape,
    connection_update_params,
    create_params,
    is_dual_tunnel,
    raw_tunnel,
    tunnel_update_params,
    user_tags,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import tag_changes
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import desired_options
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import ConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.waiters import (
    PollSchedule,
    poll_schedule_from_env,
    poll_until,
)

# Connection State: "active" is the settled value the Terraform provider waits
# for after create and modify; init, provisioning, updating, deleting, ... are
# transitional (DescribeVpnConnection API page).
SETTLED_STATE = "active"

# Per-call ClientToken slots of one logical update (api.call_token).
CONNECTION_SLOT = 1
TUNNEL_SLOTS = {"master": 2, "slave": 3}

# Options of the two tunnel modes; giving one mode's options for a connection of the other fails.
SINGLE_TUNNEL_OPTIONS = ("customer_gateway_id", "ike", "ipsec", "bgp", "health_check", "enable_dpd",
                         "enable_nat_traversal", "remote_ca_certificate", "pre_shared_key")
DUAL_TUNNEL_OPTIONS = ("tunnels", "enable_tunnels_bgp")


class AlibabaConnectionAdapter(ConnectionAdapter):
    provider = "Alibaba Cloud"
    # The API reads keys back (IkeConfig.Psk, TunnelIkeConfig.Psk). When one
    # comes back masked, shape() applies update_pre_shared_key instead.
    psk_readable = True
    immutable = ("vpn_gateway_id", "customer_gateway_id", "network_type")
    write_once = ("auto_config_route",)   # sent on create; DescribeVpnConnection does not return it
    create_required = ("name", "vpn_gateway_id", "local_subnets", "remote_subnets")
    # A create or change is applied by the gateway in seconds to a minute
    # (Terraform polls the State every 5 s, with a 5 s first delay): the first
    # poll comes after 3 s, then one every 5 s.
    poll = PollSchedule(first_delay=3.0, interval=5.0)

    def __init__(self, client, params):
        super().__init__(client, params)
        # Until this adapter sends a write, a key read back masked stands in
        # for the wanted one (see ``shape``); after it, a masked key proves nothing.
        self.written = False

    # -- lookups ------------------------------------------------------------
    def find(self):
        """By ``id`` when given, else by exact ``name`` within ``vpn_gateway_id``."""
        raw = super().find()
        if raw is not None and self.params.get("state", "present") == "present":
            self.check_tunnel_mode(raw)
        return raw

    def find_by_name(self, gateway, name):
        # DescribeVpnConnections has no name filter: list the gateway, match exactly here.
        matches = [raw for raw in self.client.describe_vpn_connections(vpn_gateway_id=gateway)
                   if raw.get("Name") == name]
        return self.only_match(matches, name, gateway)

    def check_tunnel_mode(self, raw):
        """Options of the other tunnel mode fail before anything is written."""
        dual = is_dual_tunnel(raw)
        wrong = [name for name in (SINGLE_TUNNEL_OPTIONS if dual else DUAL_TUNNEL_OPTIONS)
                 if self.params.get(name) is not None]
        if wrong:
            raise ResourceConflictError(
                "%s is a %s connection: %s cannot be used with it; %s" % (
                    raw.get("VpnConnectionId"), "dual-tunnel" if dual else "single-tunnel", ", ".join(wrong),
                    "set them per tunnel under tunnels" if dual else
                    "set them at the connection level, not under tunnels"))

    def read(self, connection_id):
        return self.client.describe_vpn_connection(connection_id)

    def shape(self, raw):
        """The module shape; a key read back masked stands in per ``update_pre_shared_key``.

        A masked key cannot be compared. With ``on_create`` the wanted key is
        reported as the current one (nothing to send); with ``always`` none is
        reported, so the key is sent and the run reports a change. This holds
        only for the comparison before any write: once a write was sent, a
        masked read shows no key, so that the engine's check after a lost
        answer never takes a masked key as proof that a key change was
        applied (it reads, finds the key unproven, and resends the write
        with the same ClientToken, which the API does not apply twice).
        """
        shape = connection_shape(raw)
        if self.written or self.params.get("update_pre_shared_key", "on_create") != "on_create":
            return shape
        if not is_dual_tunnel(raw) and self.params.get("pre_shared_key") and "pre_shared_key" not in shape:
            shape["pre_shared_key"] = self.params["pre_shared_key"]
        for wanted in self.params.get("tunnels") or []:
            tunnel = shape.get("tunnels", {}).get(wanted.get("role"))
            if tunnel is not None and wanted.get("pre_shared_key") and "pre_shared_key" not in tunnel:
                tunnel["pre_shared_key"] = wanted["pre_shared_key"]
        return shape

    def identity(self, raw):
        return raw.get("VpnConnectionId")

    def is_settled(self, raw):
        """The connection is ``active``, and so is each tunnel that shows a State.

        A create answer has no ``State`` (only the ID, name and time): it is
        not taken for a settled connection, so the engine waits for one.
        """
        tunnel_states = [tunnel.get("State") for tunnel in
                         (raw.get("TunnelOptionsSpecification") or {}).get("TunnelOptions") or []]
        return raw.get("State") == SETTLED_STATE and all(state in (None, SETTLED_STATE) for state in tunnel_states)

    def is_retryable(self, error):
        """A lost answer, throttling, or a busy gateway (``VpnGateway.Configuring``, ...): look again later."""
        return error.answer_lost or is_retryable(error)

    # -- writes -------------------------------------------------------------
    # Each write is one logical write of the engine, sent with its token as the
    # ClientToken; the engine reads before it resends one whose answer was lost.
    def create(self, desired, token):
        """One CreateVpnConnection; the answer holds the new ID (VpnConnectionId)."""
        tunnels = desired.get("tunnels") or {}
        if tunnels:
            missing = [role for role in ROLES if not (tunnels.get(role) or {}).get("customer_gateway_id")]
            if missing:
                raise ResourceConflictError(
                    "creating a dual-tunnel connection needs both tunnels (roles master and slave), each with "
                    "customer_gateway_id; missing for: %s" % ", ".join(missing))
        elif not desired.get("customer_gateway_id"):
            raise ResourceConflictError("creating a single-tunnel connection needs customer_gateway_id "
                                        "(or tunnels, for a dual-tunnel gateway)")
        self.written = True
        return self.client.create_vpn_connection(create_params(desired), token)

    def update(self, raw, changes, token):
        """Connection fields, then each changed tunnel, then tags; each only when it changed.

        Each call gets its own ClientToken derived from ``token``
        (``call_token``), the same on a resend of the whole update, so calls
        that did take effect are not applied twice. Returns the answer of
        ``ModifyVpnConnectionAttribute`` (the connection's attributes), or
        ``None`` when only tunnels or tags changed: a tunnel's answer is not
        the connection's shape. The tags are changed after that answer, so
        its ``Tags`` are left out then (with ``wait: false`` the engine
        reports the tags it predicted, not the ones they replaced).
        """
        self.written = True
        connection_id = raw["VpnConnectionId"]
        calls = []
        params = connection_update_params(raw, changes)
        if params:
            calls.append(lambda: self.client.modify_vpn_connection_attribute(
                connection_id, params, call_token(token, CONNECTION_SLOT)))
        for role in ROLES:
            tunnel_changes = (changes.get("tunnels") or {}).get(role)
            if not tunnel_changes:
                continue
            tunnel = raw_tunnel(raw, role)
            if tunnel is None:
                raise ResourceConflictError("connection %s has no %s tunnel to change" % (connection_id, role))
            calls.append(self._tunnel_call(connection_id, tunnel, tunnel_changes,
                                           call_token(token, TUNNEL_SLOTS[role])))
        answers = []
        deadline = self.client.http.clock() + (self.params.get("wait_timeout") or 600)
        for position, call in enumerate(calls):
            if position:
                self.wait_settled(connection_id, deadline)
            answers.append(call())
        answer = answers[0] if params else None
        if "tags" in changes:
            self.update_tags(connection_id, user_tags(raw), changes["tags"])
            if answer is not None:  # it predates the tag calls: its Tags are the old ones
                answer = {key: value for key, value in answer.items() if key != "Tags"}
        return answer

    def _tunnel_call(self, connection_id, tunnel, changes, token):
        options = tunnel_update_params(tunnel, changes)
        return lambda: self.client.modify_tunnel_attribute(connection_id, tunnel["TunnelId"], options, token)

    def wait_settled(self, connection_id, deadline):
        """Poll until the connection is settled again, by ``deadline`` (an ``http.clock()`` value).

        The API forces these reads: the VPN gateway runs one task at a time
        and refuses a second write while the first is being applied
        (``VpnGateway.Configuring``), so the next modify call of the same
        update waits for the connection and its tunnels to be ``active``.
        They are the only reads inside a write, and only between two calls.
        """
        http = self.client.http
        poll_until(
            lambda: self.read(connection_id), lambda raw: raw is not None and self.is_settled(raw),
            poll_schedule_from_env(self.poll), deadline, "%s to settle before its next change" % connection_id,
            describe=lambda raw: "not found" if raw is None else str(raw.get("State") or "not settled"),
            transient=lambda error: isinstance(error, ProviderError) and self.is_retryable(error),
            clock=http.clock, sleep=http.sleep, bound=http.deadline)

    def update_tags(self, connection_id, current, wanted):
        """Remove the dropped and changed keys, then set the new and changed pairs.

        ``wanted`` is the whole wanted set (``resolve``); untouched tags are never sent.
        """
        replace, delete = tag_changes(current, wanted, delete_changed=True)
        if delete:
            self.client.untag_resources(connection_id, delete)
        if replace:
            self.client.tag_resources(connection_id, replace)

    def delete(self, raw, token):
        """One DeleteVpnConnection; "not found" counts as done."""
        self.written = True
        self.client.delete_vpn_connection(raw["VpnConnectionId"], token)


def comparison_spec(argument_spec):
    """The spec the engine compares with: ``tunnels`` keyed by role.

    Keyed by role, a difference inside one tunnel is found as exactly that
    (a list would compare whole items).
    """
    tunnel_options = {key: value for key, value in argument_spec["tunnels"]["options"].items() if key != "role"}
    per_role = {role: {"type": "dict", "options": tunnel_options} for role in ROLES}
    return dict(argument_spec, tunnels={"type": "dict", "options": per_role})


def desired_state(params, options):
    """The options in the engine's shape: ``tunnels`` keyed by role, tag values as strings."""
    desired = desired_options(params, options)
    if params.get("tunnels") is not None:
        desired["tunnels"] = {tunnel["role"]: {key: value for key, value in tunnel.items() if key != "role"}
                              for tunnel in params["tunnels"]}
    if params.get("tags") is not None:
        desired["tags"] = {str(key): "" if value is None else str(value) for key, value in params["tags"].items()}
    return desired
