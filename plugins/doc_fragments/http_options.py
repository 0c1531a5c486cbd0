# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # Transport options every module has (plugins/module_utils/module.py HTTP_OPTIONS).
    DOCUMENTATION = r"""
requirements:
  - requests >= 2.25 (Python library, on the controller; C(pip install -r requirements.txt) from the collection)
options:
  validate_certs:
    description:
      - Whether to verify the endpoint's TLS certificate. A CA bundle in E(REQUESTS_CA_BUNDLE) is honoured,
        as are the E(HTTPS_PROXY) and E(NO_PROXY) proxy settings.
    type: bool
    default: true
  http_timeout:
    description:
      - Seconds to wait for an answer to one HTTP request (connecting waits at most 10 seconds).
      - Throttled, busy and failed requests are retried with exponential backoff and jitter, up to 8 attempts
        within 180 seconds.
    type: int
    default: 30
  report_api_calls:
    description:
      - Return C(api_calls), the provider API calls this task made, in order, to audit what it did. Each is a
        dict with C(action) (the API action, for example C(CreateVpnConnection)), C(attempts) (how many
        requests it took, retries included) and C(outcome) (V(ok) or the final error code).
      - It holds no parameters, answers or credentials. Returned on failure too.
    type: bool
    default: false
"""
