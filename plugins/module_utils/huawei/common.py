# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Huawei credential options (doc fragment ``cloudvpn.ipsec.huawei``), the key rule, and the client they build."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.api import PROVIDER, HuaweiVpnClient
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import HTTP_OPTIONS
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import pre_shared_key

# Huawei region IDs: a two-letter area, a direction or city, a number (cn-north-4,
# ap-southeast-1, sa-brazil-1, ae-ad-1, eu-west-101: the region table of the SDK,
# huaweicloudsdkvpn/v5/region/vpn_region.py). Matched against the whole value: the
# region becomes part of the API host name.
REGION_PATTERN = r"[a-z]{2}-[a-z]+-\d+"

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

# Pre-shared key rule of the create API page (vpn_api_0027): 8 to 128
# characters, letters, digits and these symbols (a space among them), at
# least three of the four classes (lower-case, upper-case, digit, symbol).
PSK_SYMBOLS = "~!@#$%^()-_+={ },./:;"
PSK_RULE = pre_shared_key(8, 128, allowed=PSK_SYMBOLS, min_classes=3)


def huawei_client(module):
    """A ``HuaweiVpnClient`` from a ``CloudVpnModule``'s credential options.

    One client per run: the project ID, when not given, is looked up
    through IAM on first use and kept for the rest of the run. Called
    inside ``module.run``: a ``ValidationError`` fails the run cleanly.
    """
    params = module.params
    if params.get("endpoint") and not params.get("iam_endpoint") and not params.get("project_id"):
        # The project lookup would go to the public IAM host, although the user chose where requests go.
        raise ValidationError("iam_endpoint", "is needed to look up project_id when endpoint is set",
                              "iam_endpoint (HW_IAM_ENDPOINT), or project_id (HW_PROJECT_ID) to skip the lookup")
    credentials = Credentials(params["access_key"], params["secret_key"], params.get("security_token"))
    http = module.http_client(PROVIDER, account=params["access_key"], region=params["region"])
    return HuaweiVpnClient(http, credentials, params["region"], project_id=params.get("project_id"),
                           endpoint=params.get("endpoint"), iam_endpoint=params.get("iam_endpoint"))
