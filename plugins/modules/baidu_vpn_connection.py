#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: baidu_vpn_connection
short_description: Manage IPsec VPN tunnels on Baidu AI Cloud
version_added: 0.1.0
description:
  - Creates, updates in place and deletes a VPN tunnel (C(vpnconn)) of a Baidu AI Cloud IPsec VPN gateway through
    the BCE VPC API v1 (C(POST /v1/vpn/{vpnId}/vpnconn), C(GET /v1/vpn/vpnconn/{vpnId}),
    C(PUT /v1/vpn/vpnconn/{vpnConnId}), C(DELETE /v1/vpn/vpnconn/{vpnConnId})).
  - Baidu reads tunnels only as the list of one VPN gateway, so O(vpn_gateway_id) is always needed; the tunnel is
    found in that gateway by O(id) or by exact O(name).
  - Reads the tunnel, compares it with the options given, and writes only when something differs. Options and
    sub-options left out are not managed. Subnet lists compare as sets; read-back lifetimes (C("28800s")) are
    converted to seconds before comparing.
  - Baidu's update replaces the whole tunnel, so the one C(PUT) carries every field, the ones not given with their
    current values. Baidu reads the pre-shared key back in clear, so the module compares it and changes it only
    when it differs.
  - Every write carries a C(clientToken). A write whose answer is lost is resent, with the same token, only after
    a read of the gateway's tunnels shows that it did not take effect, so Baidu applies it once.
  - Baidu has no tags for VPN tunnels, so the module has no C(tags) option.
author:
  - cloudvpn.ipsec maintainers (@cloudvpn)
extends_documentation_fragment:
  - cloudvpn.ipsec.baidu
  - cloudvpn.ipsec.http_options
  - cloudvpn.ipsec.manage
  - cloudvpn.ipsec.attributes
  - ansible.builtin.action_common_attributes
options:
  vpn_gateway_id:
    description:
      - ID of the VPN gateway (C(vpnId), C(vpn-...)). Always needed, since Baidu reads tunnels only as the list
        of one gateway; a tunnel cannot move to another gateway.
    type: str
    required: true
  customer_gateway_id:
    description:
      - ID of the customer gateway (C(cgwId)), on gateways that have customer gateways. Sent on create only; a
        different value for an existing tunnel fails unless O(recreate=true).
    type: str
  local_subnets:
    description:
      - Local (VPC-side) CIDR blocks (C(localSubnets)). Needed to create. Compared as a set.
    type: list
    elements: str
  remote_subnets:
    description:
      - Peer-side CIDR blocks (C(remoteSubnets)). Needed to create. Compared as a set.
    type: list
    elements: str
  remote_ip:
    description:
      - Public IPv4 address of the peer VPN gateway (C(remoteIp)). Needed to create.
    type: str
  description:
    description:
      - Description of the tunnel.
    type: str
  ike:
    description:
      - IKE (phase 1) settings (C(ikeConfig)). Creating a tunnel needs every sub-option; afterwards, sub-options
        left out keep their current values.
    type: dict
    suboptions:
      version:
        description: IKE version (C(ikeVersion)).
        type: str
        choices: [v1, v2]
      mode:
        description: Negotiation mode (C(ikeMode)).
        type: str
        choices: [main, aggressive]
      encryption_algorithm:
        description: Phase 1 encryption (C(ikeEncAlg)).
        type: str
        choices: [aes, aes192, aes256, 3des]
      authentication_algorithm:
        description: Phase 1 authentication (C(ikeAuthAlg)).
        type: str
        choices: [sha1, md5, sha2_256, sha2_384, sha2_512]
      dh_group:
        description: Diffie-Hellman group (C(ikePfs)).
        type: str
        choices: [group2, group5, group14, group24]
      lifetime_seconds:
        description: IKE SA lifetime (C(ikeLifeTime)), 60 to 86400 seconds.
        type: int
  ipsec:
    description:
      - IPsec (phase 2) settings (C(ipsecConfig)). Creating a tunnel needs every sub-option; afterwards,
        sub-options left out keep their current values.
    type: dict
    suboptions:
      encryption_algorithm:
        description: Phase 2 encryption (C(ipsecEncAlg)).
        type: str
        choices: [aes, aes192, aes256, 3des]
      authentication_algorithm:
        description: Phase 2 authentication (C(ipsecAuthAlg)).
        type: str
        choices: [sha1, md5, sha2_256, sha2_384, sha2_512]
      pfs:
        description: Perfect forward secrecy DH group (C(ipsecPfs)), or V(disabled).
        type: str
        choices: [group2, group5, group14, group24, disabled]
      lifetime_seconds:
        description: IPsec SA lifetime (C(ipsecLifetime)), 180 to 86400 seconds.
        type: int
notes:
  - O(name) (C(vpnConnName)) is 1 to 65 letters, digits and C(-_/.), starting with a letter.
  - O(pre_shared_key) (C(secretKey)) is 8 to 17 characters and must include letters, digits and symbols; the
    symbols allowed are C(!@#$%^*()_).
  - O(update_pre_shared_key) is ignored, since Baidu reads the key back and the module compares it.
  - Changing O(customer_gateway_id) of an existing tunnel needs O(recreate=true).
seealso:
  - module: cloudvpn.ipsec.baidu_vpn_connection_info
"""

EXAMPLES = r"""
- name: A tunnel to the office
  cloudvpn.ipsec.baidu_vpn_connection:
    region: bj
    name: office-tunnel
    vpn_gateway_id: vpn-s1bpb19cmd8n
    pre_shared_key: "{{ vault_office_psk }}"
    local_subnets: [192.168.0.0/20]
    remote_ip: 198.51.100.1
    remote_subnets: [192.168.100.0/24]
    description: office
    ike:
      version: v2
      mode: main
      encryption_algorithm: aes256
      authentication_algorithm: sha2_256
      dh_group: group14
      lifetime_seconds: 28800
    ipsec:
      encryption_algorithm: aes256
      authentication_algorithm: sha2_256
      pfs: group14
      lifetime_seconds: 3600

- name: Change only the description (the PUT resends everything else as it is)
  cloudvpn.ipsec.baidu_vpn_connection:
    region: bj
    vpn_gateway_id: vpn-s1bpb19cmd8n
    id: vpnconn-ku4cxya6nisq
    description: office, second floor

- name: Credentials once for all Baidu tasks
  module_defaults:
    group/cloudvpn.ipsec.baidu:
      access_key: "{{ baidu_access_key }}"
      secret_key: "{{ baidu_secret_key }}"
      region: bj
  block:
    - name: Delete the tunnel
      cloudvpn.ipsec.baidu_vpn_connection:
        name: office-tunnel
        vpn_gateway_id: vpn-s1bpb19cmd8n
        state: absent
"""

RETURN = r"""
vpn_connection:
  description:
    - The tunnel after the run, in the options' snake_case shape plus read-only fields; C({}) after deletion.
    - The pre-shared key is never included.
  returned: always
  type: dict
  sample:
    id: vpnconn-ku4cxya6nisq
    name: office-tunnel
    vpn_gateway_id: vpn-s1bpb19cmd8n
    local_ip: 203.0.113.10
    local_subnets: [192.168.0.0/20]
    remote_ip: 198.51.100.1
    remote_subnets: [192.168.100.0/24]
    description: office
    ike: {version: v2, mode: main, encryption_algorithm: aes256, authentication_algorithm: sha2_256,
          dh_group: group14, lifetime_seconds: 28800}
    ipsec: {encryption_algorithm: aes256, authentication_algorithm: sha2_256, pfs: group14, lifetime_seconds: 3600}
    status: active
    created_time: "2026-11-23T10:00:00Z"
  contains:
    id:
      description: Tunnel ID (C(vpnConnId)).
      type: str
    status:
      description: Provisioning status; C(active) when settled, C(building) or C(configuring) while Baidu works.
      type: str
    health_status:
      description: Link health as Baidu reports it (C(healthStatus)).
      type: str
    local_ip:
      description: Public IP address of the VPN gateway (C(localIp)).
      type: str
    recreated:
      description: Present and true when the tunnel was deleted and created again (O(recreate=true)).
      type: bool
diff:
  description: With C(--diff), the tunnel before and after in the same shape. A pre-shared key that is
    (or would be) sent shows only as a placeholder.
  returned: when diff mode is on
  type: dict
error:
  description: On an API failure, the provider's error code, message, HTTP status, request ID and attempts made.
  returned: failed
  type: dict
"""

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.common import (
    BAIDU_OPTIONS,
    BAIDU_PRE_SHARED_KEY,
    REGION_PATTERN,
    baidu_client,
    baidu_tunnel_name,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.connection import BaiduConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import (
    MANAGE_OPTIONS,
    CloudVpnModule,
    desired_options,
    manage,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import Reconciler
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import cidr, int_range, ip_address

ENCRYPTION = ["aes", "aes192", "aes256", "3des"]
AUTHENTICATION = ["sha1", "md5", "sha2_256", "sha2_384", "sha2_512"]
DH_GROUPS = ["group2", "group5", "group14", "group24"]

CONNECTION_OPTIONS = dict(
    vpn_gateway_id=dict(type="str", required=True),
    customer_gateway_id=dict(type="str"),
    local_subnets=dict(type="list", elements="str"),
    remote_subnets=dict(type="list", elements="str"),
    remote_ip=dict(type="str"),
    description=dict(type="str"),
    ike=dict(type="dict", options=dict(
        version=dict(type="str", choices=["v1", "v2"]),
        mode=dict(type="str", choices=["main", "aggressive"]),
        encryption_algorithm=dict(type="str", choices=ENCRYPTION),
        authentication_algorithm=dict(type="str", choices=AUTHENTICATION),
        dh_group=dict(type="str", choices=DH_GROUPS),
        lifetime_seconds=dict(type="int"),
    )),
    ipsec=dict(type="dict", options=dict(
        encryption_algorithm=dict(type="str", choices=ENCRYPTION),
        authentication_algorithm=dict(type="str", choices=AUTHENTICATION),
        pfs=dict(type="str", choices=DH_GROUPS + ["disabled"]),
        lifetime_seconds=dict(type="int"),
    )),
)

# Limits from the API pages ("Create VPN tunnel", "Update VPN tunnel", appendix IkeConfig/IpsecConfig),
# checked before any request (CloudVpnModule adds the common rules: region, endpoint, credentials,
# name characters, IDs, time-outs).
VALIDATION_RULES = {
    "name": [baidu_tunnel_name()],
    "pre_shared_key": [BAIDU_PRE_SHARED_KEY],
    "local_subnets[]": [cidr()],
    "remote_subnets[]": [cidr()],
    "remote_ip": [ip_address()],
    "ike.lifetime_seconds": [int_range(60, 86400)],
    "ipsec.lifetime_seconds": [int_range(180, 86400)],
}


def main():
    argument_spec = dict(MANAGE_OPTIONS, **CONNECTION_OPTIONS, **BAIDU_OPTIONS)
    module = CloudVpnModule(argument_spec, VALIDATION_RULES, region_pattern=REGION_PATTERN,
                            supports_check_mode=True, required_one_of=[("id", "name")])
    params = module.params

    def run():
        client = baidu_client(module)
        reconciler = Reconciler.for_module(
            BaiduConnectionAdapter(client, params), argument_spec, module, client.http)
        return manage(reconciler, params, desired_options(params, CONNECTION_OPTIONS))

    module.run(run)


if __name__ == "__main__":
    main()
