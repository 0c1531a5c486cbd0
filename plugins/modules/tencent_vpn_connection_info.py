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
  - With O(api_version=legacy), lists with the legacy VPC API 2.0 C(DescribeVpnConn) instead (pages of 50), in the
    same result shape.
author:
  - cloudvpn.ipsec maintainers (@cloudvpn)
extends_documentation_fragment:
  - cloudvpn.ipsec.tencent
  - cloudvpn.ipsec.http_options
  - cloudvpn.ipsec.attributes.info_module
  - ansible.builtin.action_common_attributes
options:
  api_version:
    description:
      - Which Tencent API lists the connections. V(2017-03-12) is the VPC API 3.0.
      - V(legacy) is the VPC API 2.0 (C(https://vpc.api.qcloud.com/v2/index.php), or C(/v2/index.php) under
        O(endpoint)), signed with the API 2.0 signature (HmacSHA256); O(region) is sent as its legacy code
        (C(ap-guangzhou) as C(gz)). The filters O(vpc_id), O(vpn_gateway_id), O(name) and a single O(ids) entry are
        sent to the API; every filter is then matched exactly by the module (the API matches names by substring).
      - With V(legacy), C(vpn_connections[].security_policy_databases) shows the SPD rules as API 2.0 reads them,
        one per local CIDR, each with every remote CIDR; values are in the API 3.0 spelling (upper case).
    type: str
    choices: ['2017-03-12', legacy]
    default: '2017-03-12'
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

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import matching
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import CloudVpnModule
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import public
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.common import (
    API_VERSION_OPTIONS,
    NAME_LENGTH,
    REGION_PATTERN,
    TENCENT_OPTIONS,
    is_legacy,
    tencent_client,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.legacy_connection import list_connections
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.transformations import connection_shape

# Option (a field of the module shape too) -> API filter name; the API does not take IDs and filters together.
FILTERS = {
    "name": "vpn-connection-name",
    "vpn_gateway_id": "vpn-gateway-id",
    "vpc_id": "vpc-id",
    "customer_gateway_id": "customer-gateway-id",
}


def main():
    argument_spec = dict(
        ids=dict(type="list", elements="str", aliases=["id"]),
        name=dict(type="str"),
        vpn_gateway_id=dict(type="str"),
        vpc_id=dict(type="str"),
        customer_gateway_id=dict(type="str"),
        **API_VERSION_OPTIONS,
        **TENCENT_OPTIONS
    )
    # The common rules (CloudVpnModule) and the name length give it the same bounds as the managing module.
    module = CloudVpnModule(argument_spec, {"name": [NAME_LENGTH]}, region_pattern=REGION_PATTERN,
                            supports_check_mode=True)
    params = module.params

    def run():
        client = tencent_client(module)
        if is_legacy(params):
            return {"changed": False, "vpn_connections": list_connections(client, params)}
        wanted = {option: params[option] for option in FILTERS if params.get(option)}
        if params.get("ids"):
            found = client.describe_vpn_connections(ids=params["ids"])
        else:
            found = client.describe_vpn_connections(
                filters={FILTERS[option]: [value] for option, value in wanted.items()})
        # Exact matching here too: with IDs the filters are not sent, and name filters may match loosely.
        shapes = matching([connection_shape(raw) for raw in found], wanted)
        return {"changed": False, "vpn_connections": [public(shape) for shape in shapes]}

    # The listing is built from API fields only, without the pre-shared key:
    # it is not scanned for secrets (see CloudVpnModule.run).
    module.run(run, shaped=("vpn_connections",))


if __name__ == "__main__":
    main()
