# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tencent API 2.0's answers to the reconcile engine's questions (``api_version: legacy``).

The same connection as API 3.0 sees, through ``DescribeVpnConn``,
``AddVpnConnEx``, ``ModifyVpnConnEx``, ``DeleteVpnConn`` and
``DescribeVpcTaskResult``. Differences the engine must know:

- every write answers a ``taskId``: with ``wait: true`` the engine follows it
  (``task_of``/``task_status``) before it reads the connection;
- a create answers no ID: the engine finds the new tunnel by gateway and
  exact name (the answer's ``identity`` is None);
- SPD rules read back flattened (``legacy_transformations.spd_from_row``):
  ``resolve`` compares the desired rules on what can be read.
"""

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import matching, merge
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import ConnectionAdapter, public
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.legacy_api import is_not_found, is_retryable
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.legacy_transformations import (
    FAILED_STATUSES,
    SETTLED_STATUSES,
    connection_shape,
    flattened_spd,
    status_of,
    unsendable_values,
    write_params,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.waiters import PollSchedule

MODIFYING = 2  # vpcConnStatus of a tunnel a modify is changing


def matches(raw, connection_id):
    """True for the row of ``connection_id``, given as the ``vpnx-`` ID or the numeric legacy one."""
    return connection_id in (raw.get("unVpnConnId"), str(raw.get("vpnConnId")))


class TencentLegacyConnectionAdapter(ConnectionAdapter):
    provider = "Tencent Cloud"
    psk_readable = True  # DescribeVpnConn returns preSharedKey in clear
    # ModifyVpnConnEx takes vpcId/vpnGwId/vpnConnId only to find the tunnel, and has no userGwId.
    immutable = ("vpn_gateway_id", "vpc_id", "customer_gateway_id")
    # AddVpnConnEx requires all of them (spdAcl or userGwCidrBlock: the module sends spdAcl).
    create_required = ("name", "vpn_gateway_id", "vpc_id", "customer_gateway_id", "pre_shared_key",
                       "security_policy_databases")
    # The same tunnels as API 3.0 (one service behind both APIs), so the same
    # schedule as the API 3.0 adapter: nothing documents how long a task
    # runs, short ones end within a couple of seconds (first poll after 2 s),
    # then every 5 s. It paces the DescribeVpcTaskResult polls and the
    # DescribeVpnConn reads after them alike: 12 requests a minute at most.
    poll = PollSchedule(first_delay=2.0, interval=5.0)

    # -- lookups ------------------------------------------------------------
    def find_by_name(self, gateway, name):
        # The API's name filter matches substrings: compare names here.
        rows = self.client.describe_vpn_conn({"vpnGwId": gateway, "vpnConnName": name})
        return self.only_match([raw for raw in rows if raw.get("vpnConnName") == name], name, gateway)

    def read(self, connection_id):
        rows = self.client.describe_vpn_conn({"vpnConnId": connection_id})
        found = [raw for raw in rows if matches(raw, connection_id)]
        return found[0] if found else None

    def resolve(self, desired, current):
        """SPD rules compared on what API 2.0 reads: the local CIDRs and all remote CIDRs, as two sets.

        When those are equal, the desired rules count as the current ones (no
        change); otherwise the whole desired set is sent.
        """
        wanted = desired.get("security_policy_databases")
        have = current.get("security_policy_databases")
        if wanted is not None and have is not None and flattened_spd(wanted) == flattened_spd(have):
            return dict(desired, security_policy_databases=have)
        return desired

    def shape(self, raw):
        return connection_shape(raw)

    def identity(self, raw):
        return raw.get("unVpnConnId")

    def is_settled(self, raw):
        """Running, or a failure status: nothing is in progress."""
        return status_of(raw) in SETTLED_STATUSES

    def is_failed(self, raw):
        return status_of(raw) in FAILED_STATUSES

    def is_retryable(self, error):
        return error.answer_lost or is_retryable(error)

    # -- tasks ----------------------------------------------------------------
    def task_of(self, answer):
        task = (answer or {}).get("taskId")
        return None if task in (None, "", 0) else task

    def task_status(self, task):
        return self.client.describe_vpc_task_result(task)

    # -- writes -------------------------------------------------------------
    # API 2.0 has no client token: ``token`` is not sent. The engine looks
    # before it sends a write again (reconcile.py).
    def create(self, desired, token):
        """``AddVpnConnEx``; its answer (``data``) has the ``taskId`` but no ID of the new tunnel.

        The SPD rules sent are the user's when given: in a recreate,
        ``resolve`` may have put the rules as read (flattened, every remote
        CIDR with every local one) in place of equal-looking ones.
        """
        spd = self.params.get("security_policy_databases")
        if spd:
            desired = dict(desired, security_policy_databases=spd)
        return self.client.add_vpn_conn_ex(write_params(desired))

    def update(self, raw, changes, token):
        """``ModifyVpnConnEx`` with the tunnel's IDs and what changed.

        A change to any IKE (IPsec) field sends the whole IKE (IPsec) set, the
        current one with the change applied: an API 2.0 array element may
        reset the sub-fields it does not carry.
        """
        current = connection_shape(raw)
        whole = dict(changes)
        for block in ("ike", "ipsec"):
            if block in changes:
                whole[block] = merge(current.get(block) or {}, changes[block])
        unsendable = unsendable_values(whole)
        if unsendable:
            raise ResourceConflictError(
                "cannot change %s through API 2.0: a change resends the whole IKE or IPsec group, and it holds "
                "%s, set through API 3.0. Give those options a value API 2.0 has in the same run, or use "
                "api_version 2017-03-12." % (raw.get("unVpnConnId"), "; ".join(unsendable)))
        params = write_params(whole, current=current)
        params.update(vpcId=raw.get("unVpcId"), vpnGwId=raw.get("unVpnGwId"), vpnConnId=raw.get("unVpnConnId"))
        answer = self.client.modify_vpn_conn_ex(params)
        # The modify is at work (status 2, modifying) until its task ends.
        return {"unVpnConnId": raw.get("unVpnConnId"), "vpcConnStatus": MODIFYING, "taskId": answer.get("taskId")}

    def delete(self, raw, token):
        try:
            return self.client.delete_vpn_conn(raw.get("unVpcId"), raw.get("unVpnGwId"), raw.get("unVpnConnId"))
        except ProviderError as error:
            if not is_not_found(error):  # deleted meanwhile: the goal is met
                raise
        return None


# Option of tencent_vpn_connection_info -> DescribeVpnConn filter. Every filter is
# also applied exactly here: the name filter matches substrings.
LISTING_FILTERS = {"vpc_id": "vpcId", "vpn_gateway_id": "vpnGwId", "name": "vpnConnName"}
EXACT_MATCHES = ("name", "vpn_gateway_id", "vpc_id", "customer_gateway_id")


def list_connections(client, params):
    """``tencent_vpn_connection_info`` with API 2.0: the matching connections in module shape, no key.

    One ID is sent as the ``vpnConnId`` filter; several are matched here.
    """
    filters = {LISTING_FILTERS[option]: params[option] for option in LISTING_FILTERS if params.get(option)}
    ids = params.get("ids") or []
    if len(ids) == 1:
        filters["vpnConnId"] = ids[0]
    rows = client.describe_vpn_conn(filters)
    if ids:
        rows = [raw for raw in rows if any(matches(raw, wanted) for wanted in ids)]
    shapes = matching([connection_shape(raw) for raw in rows],
                      {option: params.get(option) for option in EXACT_MATCHES})
    return [public(shape) for shape in shapes]
