# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tencent region IDs (``ap-guangzhou``) and the legacy API 2.0 region codes (``gz``).

API 3.0 names regions by ID; API 2.0 takes a short code in its ``Region``
parameter. The pairs below are the regions that have both (Tencent returns
the pair as ``Region``/``RegionCode``, for example in the cwp API's
``DescribeMachineRegionList``, https://cloud.tencent.com/document/api/296/99505).
A region without a code here can still be used with API 2.0 by giving its
code directly. Used by the modules and by the emulator, so both agree.
"""

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError

LEGACY_REGION_CODES = {
    "ap-beijing": "bj",
    "ap-shanghai": "sh",
    "ap-guangzhou": "gz",
    "ap-guangzhou-open": "gzopen",
    "ap-chengdu": "cd",
    "ap-chongqing": "cq",
    "ap-nanjing": "nj",
    "ap-shanghai-fsi": "shjr",
    "ap-shenzhen-fsi": "szjr",
    "ap-hongkong": "hk",
    "ap-singapore": "sg",
    "ap-bangkok": "th",
    "ap-mumbai": "in",
    "ap-seoul": "kr",
    "eu-frankfurt": "de",
    "eu-moscow": "ru",
    "na-toronto": "ca",
    "na-siliconvalley": "usw",
    "na-ashburn": "use",
}
REGION_IDS = {code: region for region, code in LEGACY_REGION_CODES.items()}


def is_legacy_code(region):
    """True for a value written as a legacy code (no dash), known or not."""
    return "-" not in region


def region_id(region):
    """The API 3.0 region ID of ``region``, given as an ID or as a known legacy code."""
    if not is_legacy_code(region):
        return region
    if region in REGION_IDS:
        return REGION_IDS[region]
    raise ValidationError("region", "%r is not a region ID, nor a legacy API 2.0 code with a known region ID"
                          % region, allowed="a region ID such as ap-guangzhou, or one of the codes %s"
                          % ", ".join(sorted(REGION_IDS)))


def legacy_region_code(region):
    """The API 2.0 code of ``region``, given as a code (kept as is) or as an ID with a known code."""
    if is_legacy_code(region):
        return region
    if region in LEGACY_REGION_CODES:
        return LEGACY_REGION_CODES[region]
    raise ValidationError("region", "no legacy API 2.0 region code is known for %r; with api_version legacy, "
                          "give the region's API 2.0 code itself" % region,
                          allowed="the IDs %s, or a code" % ", ".join(sorted(LEGACY_REGION_CODES)))
