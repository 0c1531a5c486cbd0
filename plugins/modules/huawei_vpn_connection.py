#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: huawei_vpn_connection
short_description: Manage IPsec VPN connections on Huawei Cloud
version_added: 0.1.0
description:
  - Creates, updates in place and deletes a VPN connection of a Huawei Cloud VPN gateway through the VPN API v5
    (C(POST), C(GET), C(PUT) and C(DELETE) on C(/v5/{project_id}/vpn-connection)); tags change in place through the
    tag API (C(tags/delete), then C(tags/create)).
  - Reads the connection, compares it with the options given, and sends only what differs. Options and sub-options
    left out are not managed. Subnet lists and policy rules compare as sets; enumerated values compare without regard
    to letter case (Huawei reads O(style) back in upper case).
  - Huawei never returns the pre-shared key, so the module cannot compare it; see O(update_pre_shared_key).
author:
  - cloudvpn.ipsec maintainers (@cloudvpn)
extends_documentation_fragment:
  - cloudvpn.ipsec.huawei
  - cloudvpn.ipsec.http_options
  - cloudvpn.ipsec.manage
  - cloudvpn.ipsec.attributes
  - ansible.builtin.action_common_attributes
options:
  vpn_gateway_id:
    description:
      - ID of the VPN gateway (API C(vgw_id)). Needed to create, and to find a connection by O(name).
      - Cannot change in place (see O(recreate)).
    type: str
  vpn_gateway_ip:
    description:
      - The VPN gateway's address for this connection (API C(vgw_ip)), the B(ID) of its EIP for a public gateway or
        its private IP address for a private gateway. Needed to create. Cannot change in place.
    type: str
  customer_gateway_id:
    description:
      - ID of the customer gateway (API C(cgw_id)). Needed to create; can change in place.
    type: str
  style:
    description:
      - Connection mode. The API reads it back in upper case. Cannot change in place.
    type: str
    choices: [policy, static, bgp, policy-template]
  peer_subnets:
    description:
      - Customer-side subnets (static and policy modes). Compared as a set.
    type: list
    elements: str
  tunnel_local_address:
    description:
      - Tunnel interface address of the VPN gateway in route-based modes, with its prefix length, inside
        169.254.0.0/16 (for example C(169.254.56.225/30)).
    type: str
  tunnel_peer_address:
    description:
      - Tunnel interface address of the customer gateway in route-based modes (for example C(169.254.56.226/30)).
    type: str
  enable_nqa:
    description:
      - Whether network quality analysis is on (static mode only). Cannot change in place.
    type: bool
  enable_hub:
    description:
      - Whether branch interconnection is on.
    type: bool
  enable_health_check:
    description:
      - Whether the health check is on. Sent only when creating; the API does not read it back, so a change on an
        existing connection is not detected.
    type: bool
  ha_role:
    description:
      - Role of the connection on an active-standby gateway. Cannot change in place.
    type: str
    choices: [master, slave]
  policy_rules:
    description:
      - Policy rules of a policy-mode connection, at most 5. Compared as a set; the list given replaces the current
        one.
    type: list
    elements: dict
    suboptions:
      rule_index:
        description:
          - Index of the rule. When left out, the rule's position in the list (1, 2, ...).
        type: int
      source:
        description: Source (cloud-side) CIDR block.
        type: str
        required: true
      destination:
        description: Destination (customer-side) CIDR blocks, at most 50.
        type: list
        elements: str
        required: true
  ike:
    description: IKE (phase 1) settings (API C(ikepolicy)). Sub-options left out are not managed.
    type: dict
    suboptions:
      version:
        description: IKE version (API C(ike_version)).
        type: str
        choices: [v1, v2]
      mode:
        description: Negotiation mode of IKEv1 (API C(phase1_negotiation_mode)).
        type: str
        choices: [main, aggressive]
      encryption_algorithm:
        description: Phase 1 encryption (C(sm4) on GM gateways only).
        type: str
        choices: [aes-256-gcm-16, aes-128-gcm-16, aes-256-gcm-128, aes-128-gcm-128, aes-256, aes-192, aes-128, 3des,
                  sm4]
      authentication_algorithm:
        description: Phase 1 authentication (C(sm3) on GM gateways only).
        type: str
        choices: [sha2-512, sha2-384, sha2-256, sha1, md5, sm3]
      dh_group:
        description: Diffie-Hellman group.
        type: str
        choices: [group1, group2, group5, group14, group15, group16, group19, group20, group21]
      lifetime_seconds:
        description: IKE SA lifetime, 60 to 604800 seconds.
        type: int
      local_id_type:
        description: Type of the local identity.
        type: str
        choices: [ip, fqdn]
      local_id:
        description: Local identity. The API reads back the gateway's IP address when none was set.
        type: str
      remote_id_type:
        description: Type of the peer identity (API C(peer_id_type)).
        type: str
        choices: [ip, fqdn, any]
      remote_id:
        description: Peer identity (API C(peer_id)). The API reads back the customer gateway's IP when none was set.
        type: str
      dpd:
        description: Dead peer detection settings. Sub-options left out are not managed.
        type: dict
        suboptions:
          timeout:
            description: Retransmission interval of DPD packets, in seconds.
            type: int
          interval:
            description: Idle time before DPD starts, in seconds.
            type: int
          msg:
            description: Order of the payloads in DPD packets.
            type: str
            choices: [seq-hash-notify, seq-notify-hash]
  ipsec:
    description: IPsec (phase 2) settings (API C(ipsecpolicy)). Sub-options left out are not managed.
    type: dict
    suboptions:
      encryption_algorithm:
        description: Phase 2 encryption.
        type: str
        choices: [aes-256-gcm-16, aes-128-gcm-16, aes-256-gcm-128, aes-128-gcm-128, aes-256, aes-192, aes-128, 3des,
                  sm4]
      authentication_algorithm:
        description: Phase 2 authentication.
        type: str
        choices: [sha2-512, sha2-384, sha2-256, sha1, md5, sm3]
      pfs:
        description: Diffie-Hellman group of perfect forward secrecy, or V(disable).
        type: str
        choices: [disable, group1, group2, group5, group14, group15, group16, group19, group20, group21]
      transform_protocol:
        description: Transform protocol.
        type: str
        choices: [esp]
      lifetime_seconds:
        description: IPsec SA lifetime, 30 to 604800 seconds.
        type: int
      encapsulation_mode:
        description: Encapsulation mode.
        type: str
        choices: [tunnel]
  tags:
    description:
      - Tags of the connection. They change in place through the tag API. Values are strings.
    type: dict
  purge_tags:
    description:
      - Whether tags not in O(tags) are removed. With V(false), only the keys given are added or changed.
      - Matters only when O(tags) is given.
    type: bool
    default: true
notes:
  - Changing O(vpn_gateway_id), O(vpn_gateway_ip), O(style), O(ha_role) or O(enable_nqa) of an existing connection
    needs O(recreate=true). Recreating needs O(pre_shared_key), since Huawei does not return it.
  - The module waits through the C(PENDING_CREATE), C(PENDING_UPDATE) and C(PENDING_DELETE) statuses; C(ACTIVE)
    and C(DOWN) are settled, C(ERROR) is a failure.
seealso:
  - module: cloudvpn.ipsec.huawei_vpn_connection_info
"""

EXAMPLES = r"""
- name: A policy-based tunnel to the office
  cloudvpn.ipsec.huawei_vpn_connection:
    region: cn-north-4
    name: office-tunnel
    vpn_gateway_id: b32d91a4-8f0e-4a8d-a8df-e907174eb11d
    vpn_gateway_ip: 0c464dad-1c3b-4c4e-a8df-c22bb0eb0bde
    customer_gateway_id: 5247ae10-5a3c-4b7e-a8df-dd36659a7f5d
    style: policy
    pre_shared_key: "{{ vault_office_psk }}"
    policy_rules:
      - source: 10.0.0.0/24
        destination: [192.168.1.0/24]
    ike:
      version: v2
      encryption_algorithm: aes-256
      authentication_algorithm: sha2-256
      dh_group: group15
      lifetime_seconds: 86400
    ipsec:
      encryption_algorithm: aes-256
      authentication_algorithm: sha2-256
      pfs: group15
      lifetime_seconds: 3600
    tags:
      team: network

- name: Change one IPsec setting of a connection found by ID (only that field is sent)
  cloudvpn.ipsec.huawei_vpn_connection:
    region: cn-north-4
    id: 98c5af8a-2a5b-4c7e-a8df-ae2280a6f4c3
    ipsec:
      lifetime_seconds: 7200

- name: Rotate the pre-shared key (Huawei does not return it, so this reports a change every run)
  cloudvpn.ipsec.huawei_vpn_connection:
    region: cn-north-4
    id: 98c5af8a-2a5b-4c7e-a8df-ae2280a6f4c3
    pre_shared_key: "{{ vault_new_office_psk }}"
    update_pre_shared_key: always

- name: Credentials once for all Huawei tasks
  module_defaults:
    group/cloudvpn.ipsec.huawei:
      access_key: "{{ huawei_access_key }}"
      secret_key: "{{ huawei_secret_key }}"
      region: cn-north-4
  block:
    - name: Delete the tunnel
      cloudvpn.ipsec.huawei_vpn_connection:
        name: office-tunnel
        vpn_gateway_id: b32d91a4-8f0e-4a8d-a8df-e907174eb11d
        state: absent
"""

RETURN = r"""
vpn_connection:
  description:
    - The connection after the run, in the options' snake_case shape plus read-only fields; C({}) after deletion.
    - The pre-shared key is never included (the API does not return it).
  returned: always
  type: dict
  sample:
    id: 98c5af8a-2a5b-4c7e-a8df-ae2280a6f4c3
    name: office-tunnel
    vpn_gateway_id: b32d91a4-8f0e-4a8d-a8df-e907174eb11d
    vpn_gateway_ip: 0c464dad-1c3b-4c4e-a8df-c22bb0eb0bde
    customer_gateway_id: 5247ae10-5a3c-4b7e-a8df-dd36659a7f5d
    style: POLICY
    peer_subnets: [192.168.1.0/24]
    policy_rules:
      - rule_index: 1
        source: 10.0.0.0/24
        destination: [192.168.1.0/24]
    ike: {version: v2, encryption_algorithm: aes-256, authentication_algorithm: sha2-256, dh_group: group15,
          authentication_method: pre-share, lifetime_seconds: 86400, local_id_type: ip, local_id: 203.0.113.20,
          remote_id_type: ip, remote_id: 198.51.100.10, dpd: {timeout: 15, interval: 30, msg: seq-hash-notify}}
    ipsec: {encryption_algorithm: aes-256, authentication_algorithm: sha2-256, pfs: group15,
            transform_protocol: esp, lifetime_seconds: 3600, encapsulation_mode: tunnel}
    enable_nqa: false
    enable_hub: false
    ha_role: master
    tags: {team: network}
    status: ACTIVE
    created_at: "2026-11-23T10:00:00.000Z"
    updated_at: "2026-11-23T10:00:00.000Z"
    enterprise_project_id: "0"
  contains:
    id:
      description: Connection ID (a UUID).
      type: str
    status:
      description: C(ACTIVE), C(DOWN), C(ERROR), C(PENDING_CREATE), C(PENDING_UPDATE), C(PENDING_DELETE), C(FREEZED)
        or C(UNKNOWN).
      type: str
    recreated:
      description: Present and true when the connection was deleted and created again (O(recreate=true)).
      type: bool
diff:
  description: With C(--diff), the connection before and after in the same shape. A pre-shared key that is
    (or would be) sent shows only as a placeholder.
  returned: when diff mode is on
  type: dict
error:
  description: On an API failure, the provider's error code, message, HTTP status, request ID and attempts made.
  returned: failed
  type: dict
"""

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.common import (
    HUAWEI_OPTIONS,
    PSK_RULE,
    REGION_PATTERN,
    huawei_client,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.connection import HuaweiConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.transformations import indexed_rules
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import (
    MANAGE_OPTIONS,
    CloudVpnModule,
    desired_options,
    manage,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import Reconciler
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import (
    charset,
    cidr,
    int_range,
    interface_in,
    length,
    max_items,
)

ENCRYPTION = ["aes-256-gcm-16", "aes-128-gcm-16", "aes-256-gcm-128", "aes-128-gcm-128", "aes-256", "aes-192",
              "aes-128", "3des", "sm4"]
AUTHENTICATION = ["sha2-512", "sha2-384", "sha2-256", "sha1", "md5", "sm3"]
DH_GROUPS = ["group1", "group2", "group5", "group14", "group15", "group16", "group19", "group20", "group21"]
MAX_POLICY_RULES = 5

CONNECTION_OPTIONS = dict(
    vpn_gateway_id=dict(type="str"),
    vpn_gateway_ip=dict(type="str"),
    customer_gateway_id=dict(type="str"),
    style=dict(type="str", choices=["policy", "static", "bgp", "policy-template"]),
    peer_subnets=dict(type="list", elements="str"),
    tunnel_local_address=dict(type="str"),
    tunnel_peer_address=dict(type="str"),
    enable_nqa=dict(type="bool"),
    enable_hub=dict(type="bool"),
    enable_health_check=dict(type="bool"),
    ha_role=dict(type="str", choices=["master", "slave"]),
    policy_rules=dict(type="list", elements="dict", options=dict(
        rule_index=dict(type="int"),
        source=dict(type="str", required=True),
        destination=dict(type="list", elements="str", required=True),
    )),
    ike=dict(type="dict", options=dict(
        version=dict(type="str", choices=["v1", "v2"]),
        mode=dict(type="str", choices=["main", "aggressive"]),
        encryption_algorithm=dict(type="str", choices=ENCRYPTION),
        authentication_algorithm=dict(type="str", choices=AUTHENTICATION),
        dh_group=dict(type="str", choices=DH_GROUPS),
        lifetime_seconds=dict(type="int"),
        local_id_type=dict(type="str", choices=["ip", "fqdn"]),
        local_id=dict(type="str"),
        remote_id_type=dict(type="str", choices=["ip", "fqdn", "any"]),
        remote_id=dict(type="str"),
        dpd=dict(type="dict", options=dict(
            timeout=dict(type="int"),
            interval=dict(type="int"),
            msg=dict(type="str", choices=["seq-hash-notify", "seq-notify-hash"]),
        )),
    )),
    ipsec=dict(type="dict", options=dict(
        encryption_algorithm=dict(type="str", choices=ENCRYPTION),
        authentication_algorithm=dict(type="str", choices=AUTHENTICATION),
        pfs=dict(type="str", choices=["disable"] + DH_GROUPS),
        transform_protocol=dict(type="str", choices=["esp"]),
        lifetime_seconds=dict(type="int"),
        encapsulation_mode=dict(type="str", choices=["tunnel"]),
    )),
    tags=dict(type="dict"),
)

# Limits from the API reference (vpn_api_0027, vpn_api_0063), checked before any request
# (CloudVpnModule adds the common rules: region, endpoints, credentials, IDs, time-outs).
VALIDATION_RULES = {
    "name": [length(1, 64), charset(r"[A-Za-z0-9_.-]", "letters, digits, _ - .")],
    "pre_shared_key": [PSK_RULE],
    "peer_subnets[]": [cidr()],
    "tunnel_local_address": [interface_in("169.254.0.0/16")],
    "tunnel_peer_address": [interface_in("169.254.0.0/16")],
    "policy_rules": [max_items(MAX_POLICY_RULES)],
    "policy_rules[].source": [cidr()],
    "policy_rules[].destination": [max_items(50)],
    "policy_rules[].destination[]": [cidr()],
    "ike.lifetime_seconds": [int_range(60, 604800)],
    "ipsec.lifetime_seconds": [int_range(30, 604800)],
}


def main():
    argument_spec = dict(MANAGE_OPTIONS, **CONNECTION_OPTIONS, purge_tags=dict(type="bool", default=True),
                         **HUAWEI_OPTIONS)
    module = CloudVpnModule(argument_spec, VALIDATION_RULES, region_pattern=REGION_PATTERN,
                            supports_check_mode=True, required_one_of=[("id", "name")])
    params = module.params

    def run():
        client = huawei_client(module)
        reconciler = Reconciler.for_module(HuaweiConnectionAdapter(client, params), argument_spec, module, client.http)
        desired = desired_options(params, CONNECTION_OPTIONS)
        if desired["tags"] is not None:  # strings, as the API reads them back
            desired["tags"] = {str(key): str(value) for key, value in desired["tags"].items()}
        if desired["policy_rules"] is not None:
            desired["policy_rules"] = indexed_rules(desired["policy_rules"])
        return manage(reconciler, params, desired)

    module.run(run)


if __name__ == "__main__":
    main()
