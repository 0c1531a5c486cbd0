# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  secret_id:
    description:
      - Tencent Cloud API key ID (C(SecretId)). Like the secret key and the token, visible ASCII characters only.
      - Falls back to the E(TENCENTCLOUD_SECRET_ID) environment variable.
    type: str
    required: true
  secret_key:
    description:
      - Tencent Cloud API secret key (C(SecretKey)). Never shown in output.
      - Falls back to the E(TENCENTCLOUD_SECRET_KEY) environment variable.
    type: str
    required: true
  security_token:
    description:
      - Token of temporary (STS) credentials, sent as C(X-TC-Token).
      - Falls back to the E(TENCENTCLOUD_SECURITY_TOKEN) environment variable.
    type: str
  region:
    description:
      - Region of the VPN connections, as a region ID, for example C(ap-guangzhou) or C(ap-shanghai-fsi), or as a
        legacy API 2.0 region code, for example C(gz) or C(shjr).
      - A region ID is a two-letter area, a city and optional suffixes, in lower case; a code is two to six lower-case letters;
        anything else fails before any request.
      - Each API gets the form it takes, the region ID for V(2017-03-12) and the code for O(api_version=legacy). The
        module knows the pairs of the regions that have both (C(ap-guangzhou) and C(gz), C(ap-shanghai) and C(sh),
        C(ap-beijing) and C(bj), ...); a value whose counterpart it does not know fails before any request
        (give the form the API takes).
      - Falls back to the E(TENCENTCLOUD_REGION) environment variable.
    type: str
    required: true
  endpoint:
    description:
      - Base URL of the VPC API, for example C(https://vpc.tencentcloudapi.com) or a local emulator
        such as C(http://127.0.0.1:8080).
      - Only C(http) or C(https), a host and an optional port; no user information, path (other than C(/)),
        query or fragment. An empty value counts as not set.
      - Without it the module uses C(https://vpc.<region>.tencentcloudapi.com), or C(https://vpc.api.qcloud.com)
        with O(api_version=legacy) (whose requests always go to the path C(/v2/index.php)).
      - Falls back to the E(TENCENTCLOUD_ENDPOINT) environment variable.
    type: str
notes:
  - Requests are signed with TC3-HMAC-SHA256 and sent to the VPC API 3.0 (version 2017-03-12); with
    O(api_version=legacy), signed with the API 2.0 signature (HmacSHA256) and sent to the VPC API 2.0.
"""
