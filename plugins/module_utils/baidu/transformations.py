# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Baidu ``VpnConn`` objects to and from the modules' snake_case shape.

Keys are the documented camelCase ones (``ikeConfig.ikeVersion``,
``ipsecConfig.ipsecLifetime``); the Python SDK's ``update_vpn_conn`` sends
snake_case keys inside ``ikeConfig``/``ipsecConfig``, which the API
documentation does not have.
"""

from __future__ import annotations

import re

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import merge
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.fieldmap import Field, FieldMap

IKE = "ikeConfig."
IPSEC = "ipsecConfig."

LIFETIME_UNITS = {"s": 1, "m": 60, "h": 3600}
LIFETIME_TEXT = re.compile(r"^\s*(\d+)\s*([smh]?)\s*$", re.IGNORECASE)


def lifetime_seconds(value):
    """A read-back lifetime in seconds: the API writes integers but reads back ``"28800s"``.

    (The Terraform provider strips the last character; a unit other than
    seconds is converted rather than mistaken for seconds.)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = LIFETIME_TEXT.match(str(value))
    if not match:
        return value  # unknown form: shown as is, and then simply differs
    return int(match.group(1)) * LIFETIME_UNITS[(match.group(2) or "s").lower()]


CONNECTION_FIELDS = FieldMap([
    Field("id", "vpnConnId", writable=False),
    Field("name", "vpnConnName"),
    Field("vpn_gateway_id", "vpnId"),
    Field("customer_gateway_id", "cgwId"),
    Field("pre_shared_key", "secretKey"),
    Field("local_subnets", "localSubnets", to_api=list, from_api=list),
    Field("remote_subnets", "remoteSubnets", to_api=list, from_api=list),
    Field("remote_ip", "remoteIp"),
    Field("description", "description"),
    Field("ike.version", IKE + "ikeVersion"),
    Field("ike.mode", IKE + "ikeMode"),
    Field("ike.encryption_algorithm", IKE + "ikeEncAlg"),
    Field("ike.authentication_algorithm", IKE + "ikeAuthAlg"),
    Field("ike.dh_group", IKE + "ikePfs"),
    Field("ike.lifetime_seconds", IKE + "ikeLifeTime", from_api=lifetime_seconds),  # capital T, as documented
    Field("ipsec.encryption_algorithm", IPSEC + "ipsecEncAlg"),
    Field("ipsec.authentication_algorithm", IPSEC + "ipsecAuthAlg"),
    Field("ipsec.pfs", IPSEC + "ipsecPfs"),
    Field("ipsec.lifetime_seconds", IPSEC + "ipsecLifetime", from_api=lifetime_seconds),
    Field("local_ip", "localIp", writable=False),
    Field("status", "status", writable=False),
    Field("health_status", "healthStatus", writable=False),
    Field("created_time", "createdTime", writable=False),
])

# The body of PUT /v1/vpn/vpnconn/{vpnConnId} ("Update VPN tunnel"): all of
# these but description are required, changed or not. cgwId is not part of it.
UPDATE_KEYS = ("vpnId", "secretKey", "localSubnets", "remoteIp", "remoteSubnets", "description", "vpnConnName",
               "ikeConfig", "ipsecConfig")
# The body of POST /v1/vpn/{vpnId}/vpnconn (vpnId is in the path).
CREATE_KEYS = ("secretKey", "localSubnets", "remoteIp", "remoteSubnets", "description", "vpnConnName",
               "ikeConfig", "ipsecConfig", "cgwId")


def connection_shape(raw):
    """A ``VpnConn`` in module shape (pre-shared key included: the API reads it back in clear)."""
    return CONNECTION_FIELDS.to_module(raw)


def create_body(desired):
    """The create body for the options given."""
    params = CONNECTION_FIELDS.to_api(desired)
    return {key: params[key] for key in CREATE_KEYS if key in params}


def update_body(current, changes):
    """The whole PUT body: the current tunnel with ``changes`` laid over it.

    Baidu's update replaces the tunnel, so every field that is not changed
    is sent with its current value (the pre-shared key included, as read
    back); nothing is lost that the user did not manage.
    """
    params = CONNECTION_FIELDS.to_api(merge(current, changes))
    return {key: params[key] for key in UPDATE_KEYS if key in params}
