#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: alibaba_vpn_connection_info
short_description: List IPsec-VPN connections on Alibaba Cloud
version_added: 0.1.0
description:
  - Lists IPsec-VPN connections with C(DescribeVpnConnections), gathering every page at the largest page size (50).
  - Filters combine with AND. Without filters, every connection of the region is returned.
author:
  - cloudvpn.ipsec maintainers (@cloudvpn)
extends_documentation_fragment:
  - cloudvpn.ipsec.alibaba
  - cloudvpn.ipsec.http_options
  - cloudvpn.ipsec.attributes.info_module
  - ansible.builtin.action_common_attributes
options:
  ids:
    description:
      - Only these connection IDs. Unknown IDs are left out of the result, not an error.
      - Each ID is one C(DescribeVpnConnections) call filtered by C(VpnConnectionId), since the API takes one ID.
    type: list
    elements: str
    aliases: [id]
  name:
    description: Only connections with exactly this name (matched here; the API has no name filter).
    type: str
  vpn_gateway_id:
    description: Only connections of this VPN gateway.
    type: str
seealso:
  - module: cloudvpn.ipsec.alibaba_vpn_connection
"""

EXAMPLES = r"""
- name: Every connection of one VPN gateway
  cloudvpn.ipsec.alibaba_vpn_connection_info:
    region: cn-beijing
    vpn_gateway_id: vpn-2zeabcdefgh1234
  register: connections

- name: IDs of the slave tunnels
  ansible.builtin.debug:
    msg: "{{ connections.vpn_connections | map(attribute='tunnels') | flatten
             | selectattr('role', 'eq', 'slave') | map(attribute='tunnel_id') }}"
"""

RETURN = r"""
vpn_connections:
  description:
    - The matching connections, in the same snake_case shape as the C(vpn_connection) result of
      M(cloudvpn.ipsec.alibaba_vpn_connection). Pre-shared keys are never included.
  returned: always
  type: list
  elements: dict
  sample:
    - id: vco-2zeabcdefgh1234
      name: office
      vpn_gateway_id: vpn-2zeabcdefgh1234
      customer_gateway_id: cgw-2zeabcdefgh1234
      local_subnets: [10.0.0.0/16]
      remote_subnets: [192.168.0.0/24]
      state: active
      status: ipsec_sa_established
      tags: {}
"""

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.common import (
    ALIBABA_OPTIONS,
    NAME_RULES,
    REGION_PATTERN,
    alibaba_client,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.transformations import (
    connection_shape,
    tunnels_as_list,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import matching
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import CloudVpnModule
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import public


def main():
    argument_spec = dict(
        ids=dict(type="list", elements="str", aliases=["id"]),
        name=dict(type="str"),
        vpn_gateway_id=dict(type="str"),
        **ALIBABA_OPTIONS
    )
    # The common rules (CloudVpnModule) and the name rule give it the same bounds as the managing module.
    module = CloudVpnModule(argument_spec, {"name": NAME_RULES}, region_pattern=REGION_PATTERN,
                            supports_check_mode=True)
    params = module.params

    def run():
        client = alibaba_client(module)
        gateway = params.get("vpn_gateway_id")
        if params.get("ids"):
            found = []
            for connection_id in dict.fromkeys(params["ids"]):
                found.extend(client.describe_vpn_connections(vpn_gateway_id=gateway, connection_id=connection_id))
        else:
            found = client.describe_vpn_connections(vpn_gateway_id=gateway)
        # The API has no name filter: exact matching here.
        shapes = matching([connection_shape(raw) for raw in found], {"name": params.get("name")})
        return {"changed": False, "vpn_connections": [tunnels_as_list(public(shape)) for shape in shapes]}

    # The listing is built from API fields only, without the pre-shared keys
    # (public, tunnels_as_list): it is not scanned for secrets (see CloudVpnModule.run).
    module.run(run, shaped=("vpn_connections",))


if __name__ == "__main__":
    main()
