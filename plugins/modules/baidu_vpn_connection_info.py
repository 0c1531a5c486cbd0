#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: baidu_vpn_connection_info
short_description: List IPsec VPN tunnels on Baidu AI Cloud
version_added: 0.1.0
description:
  - Lists the VPN tunnels of one Baidu AI Cloud VPN gateway with C(GET /v1/vpn/vpnconn/{vpnId}), in one request,
    since the API returns every tunnel of the gateway at once.
  - Baidu has no call that lists tunnels across gateways or reads one by ID alone, so O(vpn_gateway_id) is
    required. Filters combine with AND.
author:
  - cloudvpn.ipsec maintainers (@cloudvpn)
extends_documentation_fragment:
  - cloudvpn.ipsec.baidu
  - cloudvpn.ipsec.http_options
  - cloudvpn.ipsec.attributes.info_module
  - ansible.builtin.action_common_attributes
options:
  vpn_gateway_id:
    description: The VPN gateway whose tunnels are listed (C(vpnId)).
    type: str
    required: true
  ids:
    description: Only these tunnel IDs. Unknown IDs are left out of the result, not an error.
    type: list
    elements: str
    aliases: [id]
  name:
    description: Only tunnels with exactly this name.
    type: str
seealso:
  - module: cloudvpn.ipsec.baidu_vpn_connection
"""

EXAMPLES = r"""
- name: Every tunnel of one VPN gateway
  cloudvpn.ipsec.baidu_vpn_connection_info:
    region: bj
    vpn_gateway_id: vpn-s1bpb19cmd8n
  register: tunnels

- name: Names of the tunnels that are not active
  ansible.builtin.debug:
    msg: "{{ tunnels.vpn_connections | rejectattr('status', 'eq', 'active') | map(attribute='name') }}"
"""

RETURN = r"""
vpn_connections:
  description:
    - The matching tunnels, in the same snake_case shape as the C(vpn_connection) result of
      M(cloudvpn.ipsec.baidu_vpn_connection). Pre-shared keys are never included.
  returned: always
  type: list
  elements: dict
  sample:
    - id: vpnconn-ku4cxya6nisq
      name: office-tunnel
      vpn_gateway_id: vpn-s1bpb19cmd8n
      remote_ip: 198.51.100.1
      status: active
"""

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.common import (
    BAIDU_OPTIONS,
    REGION_PATTERN,
    baidu_client,
    baidu_tunnel_name,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.transformations import connection_shape
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import matching
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import CloudVpnModule
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import public


def main():
    argument_spec = dict(
        vpn_gateway_id=dict(type="str", required=True),
        ids=dict(type="list", elements="str", aliases=["id"]),
        name=dict(type="str"),
        **BAIDU_OPTIONS
    )
    # The common rules (CloudVpnModule) and the tunnel name rule give it the same bounds as the managing module.
    module = CloudVpnModule(argument_spec, {"name": [baidu_tunnel_name()]}, region_pattern=REGION_PATTERN,
                            supports_check_mode=True)
    params = module.params

    def run():
        shapes = [connection_shape(raw) for raw in baidu_client(module).list_vpn_connections(params["vpn_gateway_id"])]
        # The API lists the whole gateway: IDs and name are matched here.
        shapes = matching(shapes, {"id": params.get("ids"), "name": params.get("name")})
        return {"changed": False, "vpn_connections": [public(shape) for shape in shapes]}

    # The listing is built from API fields by the field map, without the
    # pre-shared key (reconcile.public): it is not scanned for secrets (see CloudVpnModule.run).
    module.run(run, shaped=("vpn_connections",))


if __name__ == "__main__":
    main()
