#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: alibaba_vpn_connection
short_description: Manage IPsec-VPN connections on Alibaba Cloud, single- and dual-tunnel
version_added: 0.1.0
description:
  - Creates, updates in place and deletes an IPsec-VPN connection of an Alibaba Cloud VPN gateway through the VPC API
    2016-04-28 (C(CreateVpnConnection), C(DescribeVpnConnection), C(DescribeVpnConnections),
    C(ModifyVpnConnectionAttribute), C(ModifyTunnelAttribute), C(DeleteVpnConnection), C(TagResources),
    C(UnTagResources)).
  - A single-tunnel connection has its customer gateway, IKE, IPsec, BGP and health-check settings at the connection
    level. A dual-tunnel connection (newer gateways) has two tunnels, C(master) and C(slave), each with its own
    customer gateway, pre-shared key and IKE, IPsec and BGP settings, set with O(tunnels).
  - Reads the connection, compares it with the options given, and sends only what differs. A change inside one
    tunnel is sent with one C(ModifyTunnelAttribute) call for that tunnel only. A changed settings group (O(ike),
    O(ipsec), O(bgp), O(health_check), or a tunnel's) is sent whole, the current values merged with the new ones.
  - Alibaba reads the pre-shared keys back, so the module compares them. A key read back masked (C(****)) cannot be
    compared; then O(update_pre_shared_key) decides.
author:
  - cloudvpn.ipsec maintainers (@cloudvpn)
extends_documentation_fragment:
  - cloudvpn.ipsec.alibaba
  - cloudvpn.ipsec.http_options
  - cloudvpn.ipsec.manage
  - cloudvpn.ipsec.attributes
  - ansible.builtin.action_common_attributes
options:
  vpn_gateway_id:
    description:
      - ID of the VPN gateway (C(vpn-...)). Needed to create, and to find a connection by O(name).
      - Cannot change in place (see O(recreate)).
    type: str
  customer_gateway_id:
    description:
      - ID of the customer gateway (C(cgw-...)) of a single-tunnel connection. Needed to create one.
      - Cannot change in place. A dual-tunnel connection has one per tunnel (O(tunnels[].customer_gateway_id)).
    type: str
  local_subnets:
    description:
      - CIDR blocks on the VPC side (C(LocalSubnet)). Needed to create. Compared as a set.
      - C(0.0.0.0/0) on both sides is destination-route mode; specific blocks are protected-flow mode.
    type: list
    elements: str
  remote_subnets:
    description: CIDR blocks on the customer side (C(RemoteSubnet)). Needed to create. Compared as a set.
    type: list
    elements: str
  effect_immediately:
    description: Whether negotiation starts at once (V(true)) or when traffic arrives (V(false)).
    type: bool
  auto_config_route:
    description:
      - Whether routes are added automatically. Sent on create only; the API does not read it back, so it is never
        compared.
    type: bool
  enable_dpd:
    description: Whether dead peer detection is on (single-tunnel connections).
    type: bool
  enable_nat_traversal:
    description: Whether NAT traversal is on (single-tunnel connections).
    type: bool
  remote_ca_certificate:
    description:
      - The peer's CA certificate in PEM, for gateways that use ShangMi (SM) certificates (single-tunnel
        connections). It is parsed before any request; a malformed certificate fails.
    type: str
  network_type:
    description: Network type of the connection. Sent on create; cannot change in place.
    type: str
    choices: [public, private]
  ike:
    description: IKE (phase 1) settings of a single-tunnel connection. Sub-options left out are not managed.
    type: dict
    suboptions: &ike_options
      version:
        description: IKE version (C(IkeVersion)).
        type: str
        choices: [ikev1, ikev2]
      mode:
        description: Negotiation mode (C(IkeMode)).
        type: str
        choices: [main, aggressive]
      encryption_algorithm:
        description: Phase 1 encryption (C(IkeEncAlg)); V(sm4) on SM gateways only.
        type: str
        choices: [aes, aes192, aes256, des, 3des, sm4]
      authentication_algorithm:
        description: Phase 1 authentication (C(IkeAuthAlg)); V(sm3) on SM gateways only.
        type: str
        choices: [md5, sha1, sha256, sha384, sha512, sm3]
      dh_group:
        description: Diffie-Hellman group (C(IkePfs)).
        type: str
        choices: [group1, group2, group5, group14]
      lifetime_seconds:
        description: IKE SA lifetime, 0 to 86400 seconds (C(IkeLifetime)).
        type: int
      local_id:
        description: Local identity, an IP address or an FQDN without spaces, up to 100 characters.
        type: str
      remote_id:
        description: Remote identity, an IP address or an FQDN without spaces, up to 100 characters.
        type: str
  ipsec:
    description: IPsec (phase 2) settings of a single-tunnel connection. Sub-options left out are not managed.
    type: dict
    suboptions: &ipsec_options
      encryption_algorithm:
        description: Phase 2 encryption (C(IpsecEncAlg)).
        type: str
        choices: [aes, aes192, aes256, des, 3des, sm4]
      authentication_algorithm:
        description: Phase 2 authentication (C(IpsecAuthAlg)).
        type: str
        choices: [md5, sha1, sha256, sha384, sha512, sm3]
      pfs:
        description: Perfect forward secrecy DH group (C(IpsecPfs)), or V(disabled).
        type: str
        choices: [disabled, group1, group2, group5, group14]
      lifetime_seconds:
        description: IPsec SA lifetime, 0 to 86400 seconds (C(IpsecLifetime)).
        type: int
  bgp:
    description: BGP settings of a single-tunnel connection (C(BgpConfig)).
    type: dict
    suboptions:
      enabled:
        description: Whether BGP is on (C(EnableBgp)).
        type: bool
      local_asn:
        description: Local ASN, 1 to 4294967295.
        type: int
      tunnel_cidr:
        description: A /30 block inside 169.254.0.0/16, unique per VPN gateway.
        type: str
      local_bgp_ip:
        description: The local BGP address, inside O(bgp.tunnel_cidr).
        type: str
  health_check:
    description: Health check of a single-tunnel connection (C(HealthCheckConfig)).
    type: dict
    suboptions:
      enabled:
        description: Whether the health check is on.
        type: bool
      destination_ip:
        description: Destination address of the probes (C(dip)).
        type: str
      source_ip:
        description: Source address of the probes (C(sip)).
        type: str
      interval:
        description: Seconds between probes.
        type: int
      retry:
        description: Failed probes before the tunnel counts as down.
        type: int
  enable_tunnels_bgp:
    description: Whether BGP is on for the tunnels of a dual-tunnel connection (C(EnableTunnelsBgp)).
    type: bool
  tunnels:
    description:
      - The tunnels of a dual-tunnel connection, one entry per O(tunnels[].role). A tunnel left out is not managed.
      - Creating a dual-tunnel connection needs both tunnels, each with O(tunnels[].customer_gateway_id).
      - Using O(tunnels) with a single-tunnel connection, or O(customer_gateway_id), O(ike), O(ipsec), O(bgp),
        O(health_check), O(enable_dpd), O(enable_nat_traversal), O(remote_ca_certificate) or O(pre_shared_key)
        with a dual-tunnel one, fails.
    type: list
    elements: dict
    suboptions:
      role:
        description: Which tunnel.
        type: str
        required: true
        choices: [master, slave]
      customer_gateway_id:
        description: ID of the tunnel's customer gateway; can change in place.
        type: str
      pre_shared_key:
        description: The tunnel's pre-shared key. Never shown in output or diff.
        type: str
      enable_dpd:
        description: Whether dead peer detection is on for the tunnel.
        type: bool
      enable_nat_traversal:
        description: Whether NAT traversal is on for the tunnel.
        type: bool
      remote_ca_certificate:
        description: The peer's CA certificate in PEM (SM gateways), parsed before any request.
        type: str
      ike:
        description: The tunnel's IKE settings (C(TunnelIkeConfig)); same sub-options as O(ike).
        type: dict
        suboptions: *ike_options
      ipsec:
        description: The tunnel's IPsec settings (C(TunnelIpsecConfig)); same sub-options as O(ipsec).
        type: dict
        suboptions: *ipsec_options
      bgp:
        description:
          - The tunnel's BGP settings (C(TunnelBgpConfig)). BGP itself is switched on with O(enable_tunnels_bgp).
        type: dict
        suboptions:
          local_asn:
            description: Local ASN, 1 to 4294967295.
            type: int
          tunnel_cidr:
            description: A /30 block inside 169.254.0.0/16, unique per VPN gateway.
            type: str
          local_bgp_ip:
            description: The local BGP address, inside the tunnel CIDR.
            type: str
  tags:
    description:
      - Tags of the connection, changed in place with C(UnTagResources) and C(TagResources). At most 20.
      - Tags whose keys start with C(aliyun) or C(acs:) belong to the cloud; they are neither shown nor changed.
    type: dict
  purge_tags:
    description:
      - With V(true), tags not listed in O(tags) are removed; with V(false) they are kept. Without O(tags), tags are
        not managed.
    type: bool
    default: true
notes:
  - Changing O(vpn_gateway_id), O(customer_gateway_id) or O(network_type) of an existing connection needs
    O(recreate=true). The tunnel mode (single or dual) is the VPN gateway's and cannot change.
  - With O(wait=true) the module polls C(DescribeVpnConnection) until the connection's C(State) and its tunnels'
    states are C(active) (or, after a delete, until it is gone). A gateway busy with another task answers
    C(VpnGateway.Configuring); such answers are retried.
seealso:
  - module: cloudvpn.ipsec.alibaba_vpn_connection_info
"""

EXAMPLES = r"""
- name: A single-tunnel connection to the office
  cloudvpn.ipsec.alibaba_vpn_connection:
    region: cn-beijing
    name: office
    vpn_gateway_id: vpn-2zeabcdefgh1234
    customer_gateway_id: cgw-2zeabcdefgh1234
    local_subnets: [10.0.0.0/16]
    remote_subnets: [192.168.0.0/24, 192.168.1.0/24]
    pre_shared_key: "{{ vault_office_psk }}"
    effect_immediately: true
    ike:
      version: ikev2
      encryption_algorithm: aes256
      authentication_algorithm: sha256
      dh_group: group14
      lifetime_seconds: 28800
    ipsec:
      encryption_algorithm: aes256
      authentication_algorithm: sha256
      pfs: group14
      lifetime_seconds: 3600
    tags:
      team: network

- name: A dual-tunnel connection (newer gateways)
  cloudvpn.ipsec.alibaba_vpn_connection:
    region: cn-beijing
    name: office-ha
    vpn_gateway_id: vpn-2zeijklmnop5678
    local_subnets: [10.0.0.0/16]
    remote_subnets: [192.168.0.0/24]
    tunnels:
      - role: master
        customer_gateway_id: cgw-2zeabcdefgh1234
        pre_shared_key: "{{ vault_master_psk }}"
        ike: {version: ikev2, encryption_algorithm: aes256, authentication_algorithm: sha256, dh_group: group14}
        ipsec: {encryption_algorithm: aes256, authentication_algorithm: sha256, pfs: group14}
      - role: slave
        customer_gateway_id: cgw-2zeqrstuvwx9012
        pre_shared_key: "{{ vault_slave_psk }}"
        ike: {version: ikev2, encryption_algorithm: aes256, authentication_algorithm: sha256, dh_group: group14}
        ipsec: {encryption_algorithm: aes256, authentication_algorithm: sha256, pfs: group14}

- name: Change one setting of the slave tunnel (one ModifyTunnelAttribute for that tunnel only)
  cloudvpn.ipsec.alibaba_vpn_connection:
    region: cn-beijing
    id: vco-2zeabcdefgh1234
    tunnels:
      - role: slave
        ike:
          lifetime_seconds: 3600

- name: Credentials once for all Alibaba tasks
  module_defaults:
    group/cloudvpn.ipsec.alibaba:
      access_key_id: "{{ alibaba_access_key_id }}"
      access_key_secret: "{{ alibaba_access_key_secret }}"
      region: cn-beijing
  block:
    - name: Delete the connection
      cloudvpn.ipsec.alibaba_vpn_connection:
        name: office
        vpn_gateway_id: vpn-2zeabcdefgh1234
        state: absent
"""

RETURN = r"""
vpn_connection:
  description:
    - The connection after the run, in the options' snake_case shape plus read-only fields; C({}) after deletion.
    - Pre-shared keys are never included.
  returned: always
  type: dict
  sample:
    id: vco-2zeabcdefgh1234
    name: office-ha
    vpn_gateway_id: vpn-2zeijklmnop5678
    local_subnets: [10.0.0.0/16]
    remote_subnets: [192.168.0.0/24]
    effect_immediately: false
    enable_tunnels_bgp: false
    network_type: public
    state: active
    create_time: 1763892000000
    tags: {team: network}
    tunnels:
      - role: master
        tunnel_id: tun-2zeabcdefgh1234
        customer_gateway_id: cgw-2zeabcdefgh1234
        enable_dpd: true
        enable_nat_traversal: true
        state: active
        status: ike_sa_not_established
        internet_ip: 203.0.113.20
        ike: {version: ikev2, mode: main, encryption_algorithm: aes256, authentication_algorithm: sha256,
              dh_group: group14, lifetime_seconds: 86400, local_id: 203.0.113.20, remote_id: 198.51.100.1}
        ipsec: {encryption_algorithm: aes256, authentication_algorithm: sha256, pfs: group14,
                lifetime_seconds: 86400}
  contains:
    id:
      description: Connection ID.
      type: str
    state:
      description: Provisioning state; C(active) when settled.
      type: str
    status:
      description: IPsec negotiation status of a single-tunnel connection, such as C(ipsec_sa_established).
      type: str
    tunnels:
      description: The tunnels of a dual-tunnel connection, with their IDs, states and negotiation statuses.
      type: list
      elements: dict
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

import copy

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.common import (
    ALIBABA_OPTIONS,
    NAME_RULES,
    REGION_PATTERN,
    alibaba_client,
    pem_certificate,
    tag_set,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.connection import (
    AlibabaConnectionAdapter,
    comparison_spec,
    desired_state,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.transformations import ROLES, tunnels_as_list
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import (
    MANAGE_OPTIONS,
    CloudVpnModule,
    manage,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import (
    PSK_PLACEHOLDER_AFTER,
    PSK_PLACEHOLDER_BEFORE,
    Reconciler,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import (
    charset,
    cidr,
    int_range,
    ip_address,
    ip_in,
    length,
    pre_shared_key,
)

ENCRYPTION = ["aes", "aes192", "aes256", "des", "3des", "sm4"]
AUTHENTICATION = ["md5", "sha1", "sha256", "sha384", "sha512", "sm3"]
DH_GROUPS = ["group1", "group2", "group5", "group14"]

IKE_OPTIONS = dict(
    version=dict(type="str", choices=["ikev1", "ikev2"]),
    mode=dict(type="str", choices=["main", "aggressive"]),
    encryption_algorithm=dict(type="str", choices=ENCRYPTION),
    authentication_algorithm=dict(type="str", choices=AUTHENTICATION),
    dh_group=dict(type="str", choices=DH_GROUPS),
    lifetime_seconds=dict(type="int"),
    local_id=dict(type="str"),
    remote_id=dict(type="str"),
)
IPSEC_OPTIONS = dict(
    encryption_algorithm=dict(type="str", choices=ENCRYPTION),
    authentication_algorithm=dict(type="str", choices=AUTHENTICATION),
    pfs=dict(type="str", choices=["disabled"] + DH_GROUPS),
    lifetime_seconds=dict(type="int"),
)
TUNNEL_BGP_OPTIONS = dict(
    local_asn=dict(type="int"),
    tunnel_cidr=dict(type="str"),
    local_bgp_ip=dict(type="str"),
)

CONNECTION_OPTIONS = dict(
    vpn_gateway_id=dict(type="str"),
    customer_gateway_id=dict(type="str"),
    local_subnets=dict(type="list", elements="str"),
    remote_subnets=dict(type="list", elements="str"),
    effect_immediately=dict(type="bool"),
    auto_config_route=dict(type="bool"),
    enable_dpd=dict(type="bool"),
    enable_nat_traversal=dict(type="bool"),
    remote_ca_certificate=dict(type="str"),
    network_type=dict(type="str", choices=["public", "private"]),
    ike=dict(type="dict", options=IKE_OPTIONS),
    ipsec=dict(type="dict", options=IPSEC_OPTIONS),
    bgp=dict(type="dict", options=dict(enabled=dict(type="bool"), **TUNNEL_BGP_OPTIONS)),
    health_check=dict(type="dict", options=dict(
        enabled=dict(type="bool"),
        destination_ip=dict(type="str"),
        source_ip=dict(type="str"),
        interval=dict(type="int"),
        retry=dict(type="int"),
    )),
    enable_tunnels_bgp=dict(type="bool"),
    tunnels=dict(type="list", elements="dict", options=dict(
        role=dict(type="str", required=True, choices=list(ROLES)),
        customer_gateway_id=dict(type="str"),
        pre_shared_key=dict(type="str", no_log=True),
        enable_dpd=dict(type="bool"),
        enable_nat_traversal=dict(type="bool"),
        remote_ca_certificate=dict(type="str"),
        ike=dict(type="dict", options=IKE_OPTIONS),
        ipsec=dict(type="dict", options=IPSEC_OPTIONS),
        bgp=dict(type="dict", options=TUNNEL_BGP_OPTIONS),
    )),
    tags=dict(type="dict"),
)

# Pre-shared key: 1 to 100 characters, no spaces: letters, digits and these symbols
# (CreateVpnConnection API page, IkeConfig.Psk).
PSK_RULES = [pre_shared_key(1, 100, allowed="~!`@#$%^&*()_-+={}[]|;:\",.<>/?")]
IDENTITY_RULES = [length(1, 100), charset(r"\S", "no spaces")]


def group_rules(prefix):
    """The checks of one IKE/IPsec/BGP group, at the connection level or in a tunnel."""
    return {
        prefix + "ike.lifetime_seconds": [int_range(0, 86400)],
        prefix + "ike.local_id": IDENTITY_RULES,
        prefix + "ike.remote_id": IDENTITY_RULES,
        prefix + "ipsec.lifetime_seconds": [int_range(0, 86400)],
        prefix + "bgp.local_asn": [int_range(1, 4294967295)],
        prefix + "bgp.tunnel_cidr": [cidr(), ip_in_tunnel_range],
        prefix + "bgp.local_bgp_ip": [ip_in("169.254.0.0/16")],
    }


def ip_in_tunnel_range(option, value):
    """A BGP tunnel CIDR is a /30 inside 169.254.0.0/16."""
    if not str(value).endswith("/30"):
        raise ValidationError(option, "%s is not a /30 block" % value, "a /30 inside 169.254.0.0/16")
    ip_in("169.254.0.0/16")(option, str(value).split("/", maxsplit=1)[0])


VALIDATION_RULES = dict(
    {
        "name": NAME_RULES,
        "pre_shared_key": PSK_RULES,
        "local_subnets[]": [cidr()],
        "remote_subnets[]": [cidr()],
        "remote_ca_certificate": [pem_certificate],
        "health_check.destination_ip": [ip_address()],
        "health_check.source_ip": [ip_address()],
        "tunnels[].pre_shared_key": PSK_RULES,
        "tunnels[].remote_ca_certificate": [pem_certificate],
        "tags": [tag_set],
    },
    **group_rules(""),
    **{key.replace("tunnels.", "tunnels[]."): value for key, value in group_rules("tunnels.").items()}
)

# Options of one tunnel mode each; a playbook that mixes them fails before any request.
MODE_EXCLUSIVE = [("tunnels", option) for option in (
    "customer_gateway_id", "ike", "ipsec", "bgp", "health_check", "enable_dpd", "enable_nat_traversal",
    "remote_ca_certificate", "pre_shared_key")]


def check_unique_roles(tunnels):
    roles = [tunnel["role"] for tunnel in tunnels or []]
    duplicated = sorted({role for role in roles if roles.count(role) > 1})
    if duplicated:
        raise ValidationError("tunnels", "role %s is given more than once" % ", ".join(duplicated),
                              "one entry per role (master, slave)")


def user_view(result):
    """Tunnels as a list in the result and the diff; a tunnel's key shows only as a placeholder when it changes."""
    result = copy.deepcopy(result)
    diff = result.get("diff") or {}
    before = (diff.get("before") or {}).get("tunnels")
    after = (diff.get("after") or {}).get("tunnels")
    if isinstance(before, dict) and isinstance(after, dict):
        for role in ROLES:
            old = (before.get(role) or {}).pop("pre_shared_key", None)
            new = (after.get(role) or {}).pop("pre_shared_key", None)
            if new is not None and old != new:
                after[role]["pre_shared_key"] = PSK_PLACEHOLDER_AFTER
                if role in before:
                    before[role]["pre_shared_key"] = PSK_PLACEHOLDER_BEFORE
    for side in ("before", "after"):
        if diff.get(side):
            diff[side] = tunnels_as_list(diff[side], hide_keys=False)
    result["vpn_connection"] = tunnels_as_list(result.get("vpn_connection") or {})
    return result


def main():
    argument_spec = dict(MANAGE_OPTIONS, **CONNECTION_OPTIONS, purge_tags=dict(type="bool", default=True),
                         **ALIBABA_OPTIONS)
    module = CloudVpnModule(argument_spec, VALIDATION_RULES, region_pattern=REGION_PATTERN, supports_check_mode=True,
                            required_one_of=[("id", "name")], mutually_exclusive=MODE_EXCLUSIVE)
    params = module.params

    def run():
        check_unique_roles(params.get("tunnels"))
        client = alibaba_client(module)
        reconciler = Reconciler.for_module(
            AlibabaConnectionAdapter(client, params), comparison_spec(argument_spec), module, client.http)
        return user_view(manage(reconciler, params, desired_state(params, CONNECTION_OPTIONS)))

    module.run(run)


if __name__ == "__main__":
    main()
