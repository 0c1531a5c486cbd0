# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Huawei credential options (doc fragment ``cloudvpn.ipsec.huawei``), input rules, and the client they build."""

from __future__ import annotations

import ipaddress
import re

from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.api import PROVIDER, HuaweiVpnClient
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import HTTP_OPTIONS
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import charset, length

# Huawei region IDs: cn-north-4, ap-southeast-1, eu-west-101, ...
REGION_PATTERN = r"^[a-z]{2}-[a-z]+-\d+$"

HUAWEI_OPTIONS = dict(
    access_key=dict(type="str", required=True, no_log=False,
                    fallback=(env_fallback, ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"])),
    secret_key=dict(type="str", required=True, no_log=True,
                    fallback=(env_fallback, ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK"])),
    security_token=dict(type="str", no_log=True, fallback=(env_fallback, ["HW_SECURITY_TOKEN"])),
    region=dict(type="str", required=True, fallback=(env_fallback, ["HW_REGION_NAME"])),
    project_id=dict(type="str", fallback=(env_fallback, ["HW_PROJECT_ID"])),
    endpoint=dict(type="str", fallback=(env_fallback, ["HW_VPN_ENDPOINT"])),
    iam_endpoint=dict(type="str", fallback=(env_fallback, ["HW_IAM_ENDPOINT"])),
    **HTTP_OPTIONS
)

# Pre-shared key rules of the create API page (vpn_api_0027): 8 to 128
# characters from these classes, at least three of the four classes.
PSK_SPECIALS = "~!@#$%^()-_+={ },./:;"
PSK_CLASSES = (("lower-case letters", str.islower), ("upper-case letters", str.isupper),
               ("digits", str.isdigit), ("special characters", lambda c: c in PSK_SPECIALS))


def psk_classes(option, value):
    """At least three of the four character classes; names the classes, never the key."""
    present = [name for name, test in PSK_CLASSES if any(test(c) for c in str(value))]
    if len(present) < 3:
        raise ValidationError(option, "uses only %s" % (" and ".join(present) or "no known class"),
                              "at least three of: lower-case letters, upper-case letters, digits, %s"
                              % PSK_SPECIALS)


PSK_RULES = [length(8, 128), charset(r"[A-Za-z0-9%s]" % re.escape(PSK_SPECIALS),
                                     "letters, digits and %s" % PSK_SPECIALS), psk_classes]


def max_items(maximum):
    """A list option with at most ``maximum`` items."""
    def check(option, value):
        if len(value) > maximum:
            raise ValidationError(option, "has %d items" % len(value), "at most %d" % maximum)
    return check


def link_local_interface(option, value):
    """A tunnel interface address with its prefix, inside 169.254.0.0/16 (``169.254.56.225/30``)."""
    try:
        interface = ipaddress.IPv4Interface(str(value))
    except ValueError:
        raise ValidationError(option, "%r is not an IPv4 address with a prefix length" % (value,),
                              "an address like 169.254.56.225/30") from None
    if "/" not in str(value) or interface.ip not in ipaddress.IPv4Network("169.254.0.0/16"):
        raise ValidationError(option, "%s is not a tunnel interface address" % (value,),
                              "an address with prefix length inside 169.254.0.0/16, like 169.254.56.225/30")


def region_id(option, value):
    if not re.match(REGION_PATTERN, str(value)):
        raise ValidationError(option, "%r is not a Huawei Cloud region ID" % (value,), "like cn-north-4")


def huawei_client(module):
    """A ``HuaweiVpnClient`` from a ``CloudVpnModule``'s credential options.

    One client per run: the project ID, when not given, is looked up
    through IAM on first use and kept for the rest of the run.
    """
    params = module.params
    credentials = Credentials(params["access_key"], params["secret_key"], params.get("security_token"))
    return HuaweiVpnClient(module.http_client(PROVIDER), credentials, params["region"],
                           project_id=params.get("project_id"), endpoint=params.get("endpoint"),
                           iam_endpoint=params.get("iam_endpoint"))
