#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: tencent_vpn_connection_info
short_description: List IPsec VPN connections on Tencent Cloud
version_added: 0.1.0
description:
  - Lists VPN connections with C(DescribeVpnConnections), gathering every page.
  - Filters combine with AND. Without filters, every connection of the region is returned.
author:
  - cloudvpn.ipsec maintainers (@cloudvpn)
extends_documentation_fragment:
  - cloudvpn.ipsec.tencent
  - cloudvpn.ipsec.http_options
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The module only reads.
  diff_mode:
    support: N/A
    details: The module only reads.
  platform:
    platforms: posix
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
  vpc_id:
    description: Only connections in this VPC.
    type: str
  customer_gateway_id:
    description: Only connections to this customer gateway.
    type: str
seealso:
  - module: cloudvpn.ipsec.tencent_vpn_connection
"""

EXAMPLES = r"""
- name: Every connection of one VPN gateway
  cloudvpn.ipsec.tencent_vpn_connection_info:
    region: ap-guangzhou
    vpn_gateway_id: vpngw-1a2b3c4d
  register: tunnels

- name: Names of the tunnels that are down
  ansible.builtin.debug:
    msg: "{{ tunnels.vpn_connections | rejectattr('net_status', 'eq', 'AVAILABLE') | map(attribute='name') }}"
"""

RETURN = r"""
vpn_connections:
  description:
    - The matching connections, in the same snake_case shape as the C(vpn_connection) result of
      M(cloudvpn.ipsec.tencent_vpn_connection). Pre-shared keys are never included.
  returned: always
  type: list
  elements: dict
  sample:
    - id: vpnx-1a2b3c4d
      name: office-tunnel
      vpn_gateway_id: vpngw-1a2b3c4d
      state: AVAILABLE
      net_status: AVAILABLE
"""

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import CloudVpnModule
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import public
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.common import (
    NAME_LENGTH,
    REGION_PATTERN,
    TENCENT_OPTIONS,
    tencent_client,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.transformations import connection_shape

# Option -> (API filter name, field of the module shape); the API does not take IDs and filters together.
FILTERS = {
    "name": ("vpn-connection-name", "name"),
    "vpn_gateway_id": ("vpn-gateway-id", "vpn_gateway_id"),
    "vpc_id": ("vpc-id", "vpc_id"),
    "customer_gateway_id": ("customer-gateway-id", "customer_gateway_id"),
}


def main():
    argument_spec = dict(
        ids=dict(type="list", elements="str", aliases=["id"]),
        name=dict(type="str"),
        vpn_gateway_id=dict(type="str"),
        vpc_id=dict(type="str"),
        customer_gateway_id=dict(type="str"),
        **TENCENT_OPTIONS
    )
    # The common rules (CloudVpnModule) and the name length give it the same bounds as the managing module.
    module = CloudVpnModule(argument_spec, {"name": [NAME_LENGTH]}, region_pattern=REGION_PATTERN,
                            supports_check_mode=True)
    params = module.params

    def run():
        client = tencent_client(module)
        wanted = {option: params[option] for option in FILTERS if params.get(option)}
        if params.get("ids"):
            found = client.describe_vpn_connections(ids=params["ids"])
        else:
            found = client.describe_vpn_connections(
                filters={FILTERS[option][0]: [value] for option, value in wanted.items()})
        shapes = [connection_shape(raw) for raw in found]
        # Exact matching here too: with IDs the filters are not sent, and name filters may match loosely.
        shapes = [shape for shape in shapes
                  if all(shape.get(FILTERS[option][1]) == value for option, value in wanted.items())]
        return {"changed": False, "vpn_connections": [public(shape) for shape in shapes]}

    # The listing is built from API fields only, without the pre-shared key:
    # it is not scanned for secrets (see CloudVpnModule.run).
    module.run(run, shaped=("vpn_connections",))


if __name__ == "__main__":
    main()
