# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  access_key_id:
    description:
      - Alibaba Cloud AccessKey ID.
      - Falls back to the E(ALIBABA_CLOUD_ACCESS_KEY_ID), then E(ALICLOUD_ACCESS_KEY) environment variables.
    type: str
    required: true
  access_key_secret:
    description:
      - Alibaba Cloud AccessKey secret. Never shown in output.
      - Falls back to the E(ALIBABA_CLOUD_ACCESS_KEY_SECRET), then E(ALICLOUD_SECRET_KEY) environment variables.
    type: str
    required: true
  security_token:
    description:
      - Token of temporary (STS) credentials, sent as C(SecurityToken).
      - Falls back to the E(ALIBABA_CLOUD_SECURITY_TOKEN), then E(ALICLOUD_SECURITY_TOKEN) environment variables.
    type: str
  region:
    description:
      - Region of the VPN connections (C(RegionId)), for example C(cn-beijing) or C(ap-southeast-1).
      - Falls back to the E(ALIBABA_CLOUD_REGION_ID), E(ALIBABA_CLOUD_REGION), then E(ALICLOUD_REGION)
        environment variables.
    type: str
    required: true
  endpoint:
    description:
      - Base URL of the VPC API, for example C(https://vpc.cn-beijing.aliyuncs.com) or a local emulator such as
        C(http://127.0.0.1:8080).
      - Without it the module uses C(https://vpc.<region>.aliyuncs.com), or C(https://vpc.aliyuncs.com) for the
        regions the official SDK maps there (C(cn-hangzhou) and a few others).
      - Falls back to the E(ALIBABA_CLOUD_ENDPOINT) environment variable.
    type: str
notes:
  - Requests are signed with the RPC signature v1 (HMAC-SHA1) and sent to the VPC API, version 2016-04-28.
"""
