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
      - Baidu AI Cloud access key ID (AK).
      - Falls back to the E(BAIDUCLOUD_ACCESS_KEY) environment variable.
    type: str
    required: true
  secret_key:
    description:
      - Baidu AI Cloud secret access key (SK). Never shown in output.
      - Falls back to the E(BAIDUCLOUD_SECRET_KEY) environment variable.
    type: str
    required: true
  security_token:
    description:
      - Session token of temporary (STS) credentials, sent as C(x-bce-security-token).
      - Falls back to the E(BAIDUCLOUD_SESSION_TOKEN) environment variable.
    type: str
  region:
    description:
      - BCE region code of the VPN gateway, for example C(bj) (Beijing), C(gz) (Guangzhou), C(su) (Suzhou),
        C(bd) (Baoding), C(fwh) (Wuhan), C(hkg) (Hong Kong) or C(fsh) (Shanghai).
      - Falls back to the E(BAIDUCLOUD_REGION) environment variable.
    type: str
    required: true
  endpoint:
    description:
      - Base URL of the VPC API, for example C(https://bcc.bj.baidubce.com) or a local emulator such as
        C(http://127.0.0.1:8080).
      - Without it the module uses C(https://bcc.<region>.baidubce.com).
      - Falls back to the E(BAIDUCLOUD_ENDPOINT) environment variable.
    type: str
notes:
  - Requests are signed with bce-auth-v1 and sent to the BCE VPC API v1 (C(/v1/vpn)).
"""
