# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Baidu credential options (doc fragment ``cloudvpn.ipsec.baidu``), the client they build, and input rules."""

from __future__ import annotations

import re

from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.api import PROVIDER, BaiduVpnClient
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import HTTP_OPTIONS
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials

# BCE region codes are short lower-case words: bj, gz, su, bd, fwh, hkg, fsh.
REGION_PATTERN = r"^[a-z]{2,8}$"

BAIDU_OPTIONS = dict(
    access_key=dict(type="str", required=True, no_log=False, fallback=(env_fallback, ["BAIDUCLOUD_ACCESS_KEY"])),
    secret_key=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["BAIDUCLOUD_SECRET_KEY"])),
    security_token=dict(type="str", no_log=True, fallback=(env_fallback, ["BAIDUCLOUD_SESSION_TOKEN"])),
    region=dict(type="str", required=True, fallback=(env_fallback, ["BAIDUCLOUD_REGION"])),
    endpoint=dict(type="str", fallback=(env_fallback, ["BAIDUCLOUD_ENDPOINT"])),
    **HTTP_OPTIONS
)


def baidu_client(module):
    """A ``BaiduVpnClient`` from a ``CloudVpnModule``'s credential options."""
    params = module.params
    credentials = Credentials(params["access_key"], params["secret_key"], params.get("security_token"))
    return BaiduVpnClient(module.http_client(PROVIDER), credentials, params["region"],
                          endpoint=params.get("endpoint"))


# -- input rules of the API pages ("Create VPN tunnel", "Update VPN tunnel") --

PSK_SYMBOLS = "!@#$%^*()_"
PSK_ALLOWED = "letters, digits and the symbols %s; 8 to 17 characters with at least one of each kind" % PSK_SYMBOLS


def baidu_pre_shared_key():
    """``secretKey``: 8-17 characters, letters, digits and symbols from ``!@#$%^*()_``, all three present.

    The message never repeats the key or any of its characters.
    """
    def check(option, value):
        value = str(value)
        if not 8 <= len(value) <= 17:
            raise ValidationError(option, "length %d is out of range" % len(value), PSK_ALLOWED)
        if any(not (char.isascii() and char.isalnum()) and char not in PSK_SYMBOLS for char in value):
            raise ValidationError(option, "contains characters that are not allowed", PSK_ALLOWED)
        missing = [kind for kind, present in (
            ("a letter", any(char.isascii() and char.isalpha() for char in value)),
            ("a digit", any(char.isdigit() for char in value)),
            ("a symbol", any(char in PSK_SYMBOLS for char in value))) if not present]
        if missing:
            raise ValidationError(option, "has no %s" % " and no ".join(missing), PSK_ALLOWED)
    return check


TUNNEL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_./-]{0,64}")


def baidu_tunnel_name():
    """``vpnConnName``: 1-65 letters, digits and ``-_/.``, starting with a letter."""
    def check(option, value):
        if not TUNNEL_NAME.fullmatch(str(value)):
            raise ValidationError(option, "%r is not a valid tunnel name" % (value,),
                                  "1 to 65 letters, digits and - _ / ., starting with a letter")
    return check
