# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  access_key:
    description:
      - Huawei Cloud access key ID (AK).
      - Falls back to the E(HW_ACCESS_KEY) or E(HUAWEICLOUD_SDK_AK) environment variable.
    type: str
    required: true
  secret_key:
    description:
      - Huawei Cloud secret access key (SK). Never shown in output.
      - Falls back to the E(HW_SECRET_KEY) or E(HUAWEICLOUD_SDK_SK) environment variable.
    type: str
    required: true
  security_token:
    description:
      - Security token of temporary credentials, sent as C(X-Security-Token).
      - Falls back to the E(HW_SECURITY_TOKEN) environment variable.
    type: str
  region:
    description:
      - Region of the VPN connections, for example C(cn-north-4).
      - Falls back to the E(HW_REGION_NAME) environment variable.
    type: str
    required: true
  project_id:
    description:
      - ID of the project the VPN connections belong to.
      - Falls back to the E(HW_PROJECT_ID) environment variable. When neither is set, the module looks the project
        up once per run through IAM (C(GET /v3/projects?name=<region>)) and fails when IAM lists no project or
        several projects of that name.
    type: str
  endpoint:
    description:
      - Base URL of the VPN API, for example C(https://vpn.cn-north-4.myhuaweicloud.com) or a local emulator such as
        C(http://127.0.0.1:8080).
      - Without it the module uses C(https://vpn.<region>.myhuaweicloud.com).
      - Falls back to the E(HW_VPN_ENDPOINT) environment variable.
    type: str
  iam_endpoint:
    description:
      - Base URL of IAM, used only to look up O(project_id) when it is not given.
      - Without it the module uses C(https://iam.<region>.myhuaweicloud.com) for the regions of the official SDK's
        IAM table and C(https://iam.myhuaweicloud.com) for the others.
      - With O(endpoint) set and neither O(project_id) nor O(iam_endpoint), the module fails before any request
        rather than send the lookup, signed with your key, to a host you did not name.
      - Falls back to the E(HW_IAM_ENDPOINT) environment variable.
    type: str
notes:
  - Requests are signed with SDK-HMAC-SHA256 (AK/SK) and sent to the VPN API v5.
"""
