# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Baidu credential options (doc fragment ``cloudvpn.ipsec.baidu``), the client they build, and Baidu's input rules."""

from __future__ import annotations

import re

from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.api import PROVIDER, BaiduVpnClient
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import HTTP_OPTIONS
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import pre_shared_key

# BCE region IDs are short lower-case words, no digits or dashes: bj, gz, su, bd,
# fwh, hkg, fsh, yq, cd, nj, sin (the host is bcc.<region>.baidubce.com).
# CloudVpnModule checks the region against it (the whole value must match).
REGION_PATTERN = r"[a-z]{2,8}"

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
    http = module.http_client(PROVIDER, account=params["access_key"], region=params["region"])
    return BaiduVpnClient(http, credentials, params["region"], endpoint=params.get("endpoint"))


# -- input rules of the API pages ("Create VPN tunnel", "Update VPN tunnel") --

# ``secretKey``: 8-17 characters; letters, digits and symbols, all three present,
# the symbols only from ``!@#$%^*()_``.
PSK_SYMBOLS = "!@#$%^*()_"
BAIDU_PRE_SHARED_KEY = pre_shared_key(8, 17, allowed=PSK_SYMBOLS, required_classes=("letter", "digit", "symbol"))

TUNNEL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_./-]{0,64}")


def baidu_tunnel_name():
    """``vpnConnName``: 1-65 letters, digits and ``-_/.``, starting with a letter (Baidu's own rule)."""
    def check(option, value):
        if not TUNNEL_NAME.fullmatch(str(value)):
            raise ValidationError(option, "%r is not a valid tunnel name" % (value,),
                                  "1 to 65 letters, digits and - _ / ., starting with a letter")
    return check
