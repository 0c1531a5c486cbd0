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
      - Every API call has a time budget of 180 seconds (E(CLOUDVPN_RETRY_MAX_TOTAL)), and the polls of a wait end by
        the wait's deadline; an attempt whose time-outs do not fit in what remains is shortened to fit, or not made.
      - Throttled requests are retried until the budget is spent, honouring C(Retry-After) and
        C(x-acs-retry-after). Busy and failed requests are retried with exponential backoff and jitter, up to 8
        attempts (E(CLOUDVPN_RETRY_MAX_ATTEMPTS)) within the budget.
    type: int
    default: 30
  rate_limit:
    description:
      - Send at most this many requests per second per credential, region and API endpoint, counted across every
        module process of the user on the machine that runs the modules (all forks of all C(ansible-playbook)
        runs), so that a fleet stays under the provider's quota instead of being throttled.
      - The processes share a small lock-protected state file under E(XDG_RUNTIME_DIR) (else the temporary
        directory); it holds only the next free send time, under a hashed name.
      - Omitted or V(0) means no pacing. Can be set for many tasks with C(module_defaults).
      - If not set, the value of the E(CLOUDVPN_RATE_LIMIT) environment variable is used.
    type: float
  report_api_calls:
    description:
      - Return C(api_calls), the provider API calls this task made, in order, to audit what it did. Each is a
        dict with C(action) (the API action, for example C(CreateVpnConnection)), C(attempts) (how many
        requests it took, retries included) and C(outcome) (V(ok) or the final error code).
      - It holds no parameters, answers or credentials. Returned on failure too.
    type: bool
    default: false
"""
