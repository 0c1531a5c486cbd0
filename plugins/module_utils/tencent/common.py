# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tencent credential options (doc fragment ``cloudvpn.ipsec.tencent``) and the client they build."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import HTTP_OPTIONS
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.api import TencentVpcClient
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.legacy_api import TencentLegacyClient
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.regions import legacy_region_code, region_id
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import length

# Tencent region IDs: a two-letter area, a city, optional suffixes (ap-guangzhou,
# ap-shanghai-fsi, na-siliconvalley, eu-frankfurt; finance regions in
# https://www.tencentcloud.com/document/api/215/17522), or a legacy API 2.0
# region code (gz, shjr, gzopen: two to six lower-case letters, as every code
# in regions.py). Matched against the whole value: the region becomes part of
# the API host name.
REGION_PATTERN = r"[a-z]{2}-[a-z]+(?:-[a-z0-9]+)*|[a-z]{2,6}"
# VpnConnectionName: at most 60 characters; the _info module's name filter gets the same bound.
NAME_LENGTH = length(1, 60)

TENCENT_OPTIONS = dict(
    secret_id=dict(type="str", required=True, fallback=(env_fallback, ["TENCENTCLOUD_SECRET_ID"])),
    secret_key=dict(type="str", required=True, no_log=True,
                    fallback=(env_fallback, ["TENCENTCLOUD_SECRET_KEY"])),
    security_token=dict(type="str", no_log=True, fallback=(env_fallback, ["TENCENTCLOUD_SECURITY_TOKEN"])),
    region=dict(type="str", required=True, fallback=(env_fallback, ["TENCENTCLOUD_REGION"])),
    endpoint=dict(type="str", fallback=(env_fallback, ["TENCENTCLOUD_ENDPOINT"])),
    **HTTP_OPTIONS
)


API_VERSION = "2017-03-12"
LEGACY = "legacy"
# Both modules' api_version option (documented in each module: what legacy lacks differs).
API_VERSION_OPTIONS = dict(
    api_version=dict(type="str", choices=[API_VERSION, LEGACY], default=API_VERSION),
)


def is_legacy(params):
    return params.get("api_version") == LEGACY


def tencent_client(module):
    """The client of ``api_version``: ``TencentVpcClient`` (API 3.0) or ``TencentLegacyClient`` (API 2.0).

    ``region`` may be given as a region ID or a legacy code in both modes and
    is converted to what the API takes (``regions.py``); one without a known
    counterpart fails here, before any request.
    """
    params = module.params
    credentials = Credentials(params["secret_id"], params["secret_key"], params.get("security_token"))
    legacy = is_legacy(params)
    region = legacy_region_code(params["region"]) if legacy else region_id(params["region"])
    http = module.http_client("Tencent Cloud", account=params["secret_id"], region=region)
    if legacy:
        return TencentLegacyClient(http, credentials, region, endpoint=params.get("endpoint"))
    return TencentVpcClient(http, credentials, region, endpoint=params.get("endpoint"),
                            tag_endpoint=params.get("tag_endpoint"))
