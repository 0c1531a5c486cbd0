#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: huawei_vpn_connection_info
short_description: List IPsec VPN connections on Huawei Cloud
version_added: 0.1.0
description:
  - Lists VPN connections with the VPN API v5 (C(GET /v5/{project_id}/vpn-connection)), gathering every page
    (200 connections a page), or reads the connections given by O(ids) one by one.
  - Filters combine with AND. Without filters, every connection of the project is returned.
author:
  - cloudvpn.ipsec maintainers (@cloudvpn)
extends_documentation_fragment:
  - cloudvpn.ipsec.huawei
  - cloudvpn.ipsec.http_options
  - cloudvpn.ipsec.attributes.info_module
  - ansible.builtin.action_common_attributes
options:
  ids:
    description: Only these connection IDs. Unknown IDs are left out of the result, not an error.
    type: list
    elements: str
    aliases: [id]
  name:
    description: Only connections with exactly this name.
    type: str
  vpn_gateway_id:
    description: Only connections of this VPN gateway.
    type: str
seealso:
  - module: cloudvpn.ipsec.huawei_vpn_connection
"""

EXAMPLES = r"""
- name: Every connection of one VPN gateway
  cloudvpn.ipsec.huawei_vpn_connection_info:
    region: cn-north-4
    vpn_gateway_id: b32d91a4-8f0e-4a8d-a8df-e907174eb11d
  register: tunnels

- name: Names of the tunnels that are not up
  ansible.builtin.debug:
    msg: "{{ tunnels.vpn_connections | rejectattr('status', 'eq', 'ACTIVE') | map(attribute='name') }}"
"""

RETURN = r"""
vpn_connections:
  description:
    - The matching connections, in the same snake_case shape as the C(vpn_connection) result of
      M(cloudvpn.ipsec.huawei_vpn_connection). The API never returns pre-shared keys.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 98c5af8a-2a5b-4c7e-a8df-ae2280a6f4c3
      name: office-tunnel
      vpn_gateway_id: b32d91a4-8f0e-4a8d-a8df-e907174eb11d
      style: POLICY
      status: ACTIVE
"""

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import matching
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.common import (
    HUAWEI_OPTIONS,
    REGION_PATTERN,
    huawei_client,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.transformations import connection_shape
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import CloudVpnModule
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import public
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import length

# The managing module's name bound (vpn_api_0027); CloudVpnModule adds the common rules.
VALIDATION_RULES = {
    "name": [length(1, 64)],
}


def main():
    argument_spec = dict(
        ids=dict(type="list", elements="str", aliases=["id"]),
        name=dict(type="str"),
        vpn_gateway_id=dict(type="str"),
        **HUAWEI_OPTIONS
    )
    module = CloudVpnModule(argument_spec, VALIDATION_RULES, region_pattern=REGION_PATTERN, supports_check_mode=True)
    params = module.params

    def run():
        client = huawei_client(module)
        if params.get("ids"):
            # One read per ID: the list API takes no ID filter.
            found = [raw for raw in (client.show_connection(connection_id) for connection_id in params["ids"]) if raw]
        else:
            found = client.list_connections(vpn_gateway_id=params.get("vpn_gateway_id"))
        # Exact matching here: the API has no name filter, and with IDs the gateway filter is not sent.
        shapes = matching([connection_shape(raw) for raw in found],
                          {option: params.get(option) for option in ("name", "vpn_gateway_id")})
        return {"changed": False, "vpn_connections": [public(shape) for shape in shapes]}

    # The listing is built from API fields only, without the pre-shared key:
    # it is not scanned for secrets (see CloudVpnModule.run).
    module.run(run, shaped=("vpn_connections",))


if __name__ == "__main__":
    main()
