#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: tencent_vpn_connection
short_description: Manage IPsec VPN connections (tunnels) on Tencent Cloud
version_added: 0.1.0
description:
  - Creates, updates in place and deletes a VPN connection of a Tencent Cloud VPN gateway through the VPC API 3.0
    (C(CreateVpnConnection), C(DescribeVpnConnections), C(ModifyVpnConnectionAttribute), C(DeleteVpnConnection)).
  - Changes tags of an existing connection in place through the Tag API (C(ModifyResourceTags), version
    2018-08-13), one call per change; a change of tags alone sends nothing else.
  - Reads the connection, compares it with the options given, and sends only what differs. Options and sub-options
    left out are not managed. CIDR lists and SPD rules compare as sets; enumerated values compare without regard to
    letter case, since Tencent reads them back in upper case.
  - Tencent reads the pre-shared key back in clear, so the module compares it and sends it only when it differs.
  - With O(api_version=legacy), the same options drive the legacy VPC API 2.0 instead (C(DescribeVpnConn),
    C(AddVpnConnEx), C(ModifyVpnConnEx), C(DeleteVpnConn), C(DescribeVpcTaskResult)); see O(api_version).
author:
  - cloudvpn.ipsec maintainers (@cloudvpn)
extends_documentation_fragment:
  - cloudvpn.ipsec.tencent
  - cloudvpn.ipsec.http_options
  - cloudvpn.ipsec.manage
  - cloudvpn.ipsec.attributes
  - ansible.builtin.action_common_attributes
options:
  api_version:
    description:
      - Which Tencent API manages the connection. V(2017-03-12) is the VPC API 3.0.
      - V(legacy) is the VPC API 2.0 (C(https://vpc.api.qcloud.com/v2/index.php), or C(/v2/index.php) under
        O(endpoint)), for accounts and private or finance-zone endpoints that still speak it. Requests are
        POSTed as a form and signed with the API 2.0 signature (HmacSHA256), with a fresh nonce for every attempt;
        O(region) is sent as its legacy code (C(ap-guangzhou) as C(gz)). The options, values and the returned
        RV(vpn_connection) keep the API 3.0 spelling; the module converts them (API 2.0 spells values in lower case).
      - With V(legacy), O(vpc_id) is required, and options API 2.0 lacks fail before any request, naming them
        O(ike.version), O(enable_health_check), O(health_check_local_ip), O(health_check_remote_ip),
        O(health_check_config), O(route_type), O(negotiation_type), O(dpd_enable), O(dpd_timeout), O(dpd_action),
        O(bgp_config), O(route), O(tags) and O(tag_endpoint) (O(purge_tags) is ignored). So do values it lacks, namely
        IKE and IPsec encryption other than V(3DES-CBC), V(AES-CBC-128), V(AES-CBC-192), V(AES-CBC-256),
        V(DES-CBC) (IPsec also V(NULL)); IKE authentication other than V(MD5), V(SHA); DH groups other than
        V(GROUP1), V(GROUP2), V(GROUP5), V(GROUP14), V(GROUP24); IPsec integrity other than V(MD5), V(SHA1);
        PFS other than V(NULL) and the DH-GROUP forms of those groups.
      - With V(legacy), API 2.0 reads SPD rules back only flattened (the local CIDRs, and every remote CIDR
        together), so O(security_policy_databases) is compared on that. The same set of local CIDRs and the same
        set of all remote CIDRs is no change, even if the pairing differs. A change sends the whole list given.
        C(vpn_connection.security_policy_databases) shows the rules as read, one per local CIDR, each with every
        remote CIDR.
        With O(recreate=true), O(security_policy_databases) is required (rebuilt from the rules as read, the new
        tunnel would pair every local CIDR with every remote one).
      - With V(legacy), a change to one IKE (IPsec) setting resends the whole IKE (IPsec) group; when the
        connection holds a value API 2.0 lacks there (set through API 3.0), the run fails before that request,
        naming the setting.
      - With V(legacy), O(customer_gateway_id) cannot change in place either, a create finds the new connection by
        gateway and exact name (API 2.0 answers no ID), and with O(wait=true) each write's task is followed with
        C(DescribeVpcTaskResult) before the connection is read, within O(wait_timeout).
    type: str
    choices: ['2017-03-12', legacy]
    default: '2017-03-12'
  vpn_gateway_id:
    description:
      - ID of the VPN gateway (C(vpngw-...)). Needed to create, and to find a connection by O(name).
      - Cannot change in place (see O(recreate)).
    type: str
  vpc_id:
    description:
      - ID of the VPC of a VPC-type VPN gateway. Leave out for a CCN-type gateway. Cannot change in place.
      - Required with O(api_version=legacy) (give the C(vpc-...) ID).
    type: str
  customer_gateway_id:
    description:
      - ID of the customer gateway (C(cgw-...)). Needed to create; can change in place on 4.0 and later gateways.
    type: str
  security_policy_databases:
    description:
      - SPD policy rules, for policy-based tunnels. Compared as a set; the list given replaces the current one.
    type: list
    elements: dict
    suboptions:
      local_cidr_block:
        description: VPC-side CIDR block.
        type: str
        required: true
      remote_cidr_blocks:
        description: Peer-side CIDR blocks.
        type: list
        elements: str
        required: true
  ike:
    description: IKE (phase 1) settings. Sub-options left out are not managed.
    type: dict
    suboptions:
      version:
        description: IKE version.
        type: str
        choices: [IKEV1, IKEV2]
      mode:
        description: Negotiation mode.
        type: str
        choices: [MAIN, AGGRESSIVE]
      encryption_algorithm:
        description: Phase 1 encryption (GCM only on 4.0 gateways).
        type: str
        choices: [3DES-CBC, AES-CBC-128, AES-CBC-192, AES-CBC-256, DES-CBC, SM4, AES128GCM128, AES192GCM128,
                  AES256GCM128]
      authentication_algorithm:
        description: Phase 1 authentication.
        type: str
        choices: [MD5, SHA, SHA-256, SHA-512]
      dh_group:
        description: Diffie-Hellman group.
        type: str
        choices: [GROUP1, GROUP2, GROUP5, GROUP14, GROUP15, GROUP16, GROUP19, GROUP20, GROUP21, GROUP24]
      lifetime_seconds:
        description: IKE SA lifetime, 60 to 604800 seconds.
        type: int
      local_id_type:
        description:
          - Type of the local identity. When left out, the current type is kept; for a new connection it is
            V(ADDRESS) when O(ike.local_id) is an IP address and V(FQDN) otherwise.
        type: str
        choices: [ADDRESS, FQDN]
      local_id:
        description: Local identity, an IP address or an FQDN according to O(ike.local_id_type).
        type: str
      remote_id_type:
        description: Type of the remote identity; chosen like O(ike.local_id_type).
        type: str
        choices: [ADDRESS, FQDN]
      remote_id:
        description: Remote identity, an IP address or an FQDN according to O(ike.remote_id_type).
        type: str
  ipsec:
    description: IPsec (phase 2) settings. Sub-options left out are not managed.
    type: dict
    suboptions:
      encryption_algorithm:
        description: Phase 2 encryption.
        type: str
        choices: [3DES-CBC, AES-CBC-128, AES-CBC-192, AES-CBC-256, DES-CBC, SM4, 'NULL', AES128GCM128,
                  AES192GCM128, AES256GCM128]
      authentication_algorithm:
        description: Phase 2 integrity algorithm (the API's C(IntegrityAlgorith)).
        type: str
        choices: [MD5, SHA1, SHA-256, SHA-384, SHA-512, SM3]
      pfs:
        description: Perfect forward secrecy DH group, or V(NULL) for none.
        type: str
        choices: ['NULL', DH-GROUP1, DH-GROUP2, DH-GROUP5, DH-GROUP14, DH-GROUP15, DH-GROUP16, DH-GROUP19,
                  DH-GROUP20, DH-GROUP21, DH-GROUP24]
      lifetime_seconds:
        description: IPsec SA lifetime, 180 to 604800 seconds.
        type: int
      lifetime_kilobytes:
        description: IPsec SA lifetime by traffic, 2560 to 4294967295 KB.
        type: int
  enable_health_check:
    description: Whether the tunnel health check (NQA) is on.
    type: bool
  health_check_local_ip:
    description: Local address of the health check, in 169.254.128.0/17.
    type: str
  health_check_remote_ip:
    description: Remote address of the health check, in 169.254.128.0/17.
    type: str
  health_check_config:
    description: Health check probe settings.
    type: dict
    suboptions:
      probe_type:
        description: Probe type.
        type: str
        choices: [NQA]
      probe_interval:
        description: Probe interval, 1000 to 5000 ms.
        type: int
      probe_threshold:
        description: Failed probes before the tunnel counts as down, 3 to 8.
        type: int
      probe_timeout:
        description: Probe time-out, 10 to 5000 ms.
        type: int
  route_type:
    description: Routing type of the tunnel. Cannot change in place.
    type: str
    choices: [STATIC, StaticRoute, Policy, Bgp]
  negotiation_type:
    description: Who starts negotiation.
    type: str
    choices: [active, passive, flowTrigger]
  dpd_enable:
    description: Whether dead peer detection is on.
    type: bool
  dpd_timeout:
    description: DPD time-out, 30 to 60 seconds (taken only with DPD on).
    type: int
  dpd_action:
    description: What to do when DPD times out (taken only with DPD on).
    type: str
    choices: [clear, restart]
  bgp_config:
    description: BGP settings of a BGP tunnel.
    type: dict
    suboptions:
      tunnel_cidr:
        description: Tunnel interconnection CIDR block.
        type: str
      local_bgp_ip:
        description: Cloud-side BGP address, inside O(bgp_config.tunnel_cidr).
        type: str
      remote_bgp_ip:
        description: Peer-side BGP address, inside O(bgp_config.tunnel_cidr).
        type: str
  route:
    description:
      - A destination route created with the connection. Used only on create; the API does not read it back,
        so it is never compared.
    type: dict
    suboptions:
      destination_cidr_block:
        description: Destination CIDR block.
        type: str
        required: true
      priority:
        description: Route priority.
        type: int
        choices: [0, 100]
      description:
        description: Route description.
        type: str
  tags:
    description:
      - Tags of the connection, as a dictionary of keys and values (values are sent as strings).
      - Sent with the create; on an existing connection, the difference is sent in one C(ModifyResourceTags) call
        of the Tag API (new and changed keys replaced, removed keys deleted), in place, without O(recreate).
      - Left out, tags are not managed. With O(purge_tags=true), V({}) removes every tag.
    type: dict
  purge_tags:
    description:
      - Whether tags of an existing connection that are not listed in O(tags) are removed.
      - With V(false), unlisted tags are kept, and O(tags) only adds and changes.
      - Has no effect when O(tags) is left out.
    type: bool
    default: true
  tag_endpoint:
    description:
      - Base URL of the Tag API, used only to change tags of an existing connection, for example
        C(https://tag.intl.tencentcloudapi.com).
      - Without it, the module uses O(endpoint) when that is set (a private endpoint or a local emulator serves
        both APIs), and C(https://tag.tencentcloudapi.com) otherwise.
      - The same URL rules as O(endpoint). Falls back to the E(TENCENTCLOUD_TAG_ENDPOINT) environment variable.
    type: str
notes:
  - Changing O(vpn_gateway_id), O(vpc_id) or O(route_type) of an existing connection needs O(recreate=true)
    (with O(api_version=legacy), O(vpn_gateway_id), O(vpc_id) or O(customer_gateway_id)).
  - The Tag API names the connection C(qcs::vpc:<region>:uin/:vpnx/<id>), with an empty account UIN, as the
    Tencent Terraform provider does. Changing tags needs permission to call the Tag API's C(ModifyResourceTags).
  - O(pre_shared_key) must be 8 to 128 visible ASCII characters. Tencent documents no rule; this bound is the
    collection's, so that a mistyped key (one character, a whole file) fails before any request.
  - O(ike.local_id) and O(ike.remote_id) must be an IPv4 address for type V(ADDRESS) and a domain name for V(FQDN);
    with the type left out, an IP address must be IPv4.
seealso:
  - module: cloudvpn.ipsec.tencent_vpn_connection_info
"""

EXAMPLES = r"""
- name: A policy-based tunnel to the office
  cloudvpn.ipsec.tencent_vpn_connection:
    region: ap-guangzhou
    name: office-tunnel
    vpn_gateway_id: vpngw-1a2b3c4d
    vpc_id: vpc-1a2b3c4d
    customer_gateway_id: cgw-1a2b3c4d
    pre_shared_key: "{{ vault_office_psk }}"
    security_policy_databases:
      - local_cidr_block: 10.0.0.0/16
        remote_cidr_blocks: [192.168.0.0/24, 192.168.1.0/24]
    ike:
      version: IKEV2
      encryption_algorithm: AES-CBC-256
      authentication_algorithm: SHA-256
      dh_group: GROUP14
      lifetime_seconds: 28800
    ipsec:
      encryption_algorithm: AES-CBC-256
      authentication_algorithm: SHA-256
      pfs: DH-GROUP14
      lifetime_seconds: 3600
    dpd_enable: true
    dpd_timeout: 30
    dpd_action: restart

- name: Change one IKE setting of a connection found by ID (only that field is sent)
  cloudvpn.ipsec.tencent_vpn_connection:
    region: ap-guangzhou
    id: vpnx-1a2b3c4d
    ike:
      dh_group: GROUP19

- name: Add or change one tag in place (one ModifyResourceTags call), keeping the tags not listed
  cloudvpn.ipsec.tencent_vpn_connection:
    region: ap-guangzhou
    id: vpnx-1a2b3c4d
    tags:
      owner: network-team
    purge_tags: false

- name: The same tunnel through the legacy API 2.0 (region ID or legacy code; vpc_id required)
  cloudvpn.ipsec.tencent_vpn_connection:
    api_version: legacy
    region: gz
    name: office-tunnel
    vpn_gateway_id: vpngw-1a2b3c4d
    vpc_id: vpc-1a2b3c4d
    customer_gateway_id: cgw-1a2b3c4d
    pre_shared_key: "{{ vault_office_psk }}"
    security_policy_databases:
      - local_cidr_block: 10.0.0.0/16
        remote_cidr_blocks: [192.168.0.0/24, 192.168.1.0/24]
    ike:
      encryption_algorithm: AES-CBC-256
      authentication_algorithm: SHA
      dh_group: GROUP14
    ipsec:
      authentication_algorithm: SHA1
      pfs: DH-GROUP14

- name: Credentials once for all Tencent tasks
  module_defaults:
    group/cloudvpn.ipsec.tencent:
      secret_id: "{{ tencent_secret_id }}"
      secret_key: "{{ tencent_secret_key }}"
      region: ap-guangzhou
  block:
    - name: Delete the tunnel
      cloudvpn.ipsec.tencent_vpn_connection:
        name: office-tunnel
        vpn_gateway_id: vpngw-1a2b3c4d
        state: absent
"""

RETURN = r"""
vpn_connection:
  description:
    - The connection after the run, in the options' snake_case shape plus read-only fields; C({}) after deletion.
    - The pre-shared key is never included.
  returned: always
  type: dict
  sample:
    id: vpnx-1a2b3c4d
    name: office-tunnel
    vpn_gateway_id: vpngw-1a2b3c4d
    vpc_id: vpc-1a2b3c4d
    customer_gateway_id: cgw-1a2b3c4d
    security_policy_databases:
      - local_cidr_block: 10.0.0.0/16
        remote_cidr_blocks: [192.168.0.0/24]
    ike: {version: IKEV2, mode: MAIN, encryption_algorithm: AES-CBC-256, authentication_algorithm: SHA-256,
          dh_group: GROUP14, lifetime_seconds: 28800, local_id_type: ADDRESS, local_id: 203.0.113.10,
          remote_id_type: ADDRESS, remote_id: 198.51.100.1}
    ipsec: {encryption_algorithm: AES-CBC-256, authentication_algorithm: SHA-256, pfs: DH-GROUP14,
            lifetime_seconds: 3600, lifetime_kilobytes: 1843200}
    negotiation_type: active
    dpd_enable: true
    dpd_timeout: 30
    dpd_action: restart
    route_type: STATIC
    tags: {}
    state: AVAILABLE
    net_status: AVAILABLE
    created_time: "2026-11-23 10:00:00"
  contains:
    id:
      description: Connection ID.
      type: str
    state:
      description:
        - Provisioning state, C(PENDING), C(AVAILABLE) or C(DELETING).
        - With O(api_version=legacy) also C(CREATE_FAILED), C(MODIFY_FAILED) or C(DELETE_FAILED), failures the module
          does not wait out.
      type: str
    net_status:
      description: Tunnel link status; C(AVAILABLE) means connected.
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

from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import (
    MANAGE_OPTIONS,
    CloudVpnModule,
    desired_options,
    manage,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import Reconciler
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.common import (
    API_VERSION_OPTIONS,
    LEGACY,
    NAME_LENGTH,
    REGION_PATTERN,
    TENCENT_OPTIONS,
    is_legacy,
    tencent_client,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.connection import TencentConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.legacy_connection import (
    TencentLegacyConnectionAdapter,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.legacy_transformations import (
    check_legacy_options,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import (
    cidr,
    identity,
    int_range,
    ip_address,
    ip_in,
    pre_shared_key,
)

IKE_ENCRYPTION = ["3DES-CBC", "AES-CBC-128", "AES-CBC-192", "AES-CBC-256", "DES-CBC", "SM4",
                  "AES128GCM128", "AES192GCM128", "AES256GCM128"]
DH_GROUPS = ["GROUP1", "GROUP2", "GROUP5", "GROUP14", "GROUP15", "GROUP16", "GROUP19", "GROUP20",
             "GROUP21", "GROUP24"]

CONNECTION_OPTIONS = dict(
    vpn_gateway_id=dict(type="str"),
    vpc_id=dict(type="str"),
    customer_gateway_id=dict(type="str"),
    security_policy_databases=dict(type="list", elements="dict", options=dict(
        local_cidr_block=dict(type="str", required=True),
        remote_cidr_blocks=dict(type="list", elements="str", required=True),
    )),
    ike=dict(type="dict", options=dict(
        version=dict(type="str", choices=["IKEV1", "IKEV2"]),
        mode=dict(type="str", choices=["MAIN", "AGGRESSIVE"]),
        encryption_algorithm=dict(type="str", choices=IKE_ENCRYPTION),
        authentication_algorithm=dict(type="str", choices=["MD5", "SHA", "SHA-256", "SHA-512"]),
        dh_group=dict(type="str", choices=DH_GROUPS),
        lifetime_seconds=dict(type="int"),
        local_id_type=dict(type="str", choices=["ADDRESS", "FQDN"]),
        local_id=dict(type="str"),
        remote_id_type=dict(type="str", choices=["ADDRESS", "FQDN"]),
        remote_id=dict(type="str"),
    )),
    ipsec=dict(type="dict", options=dict(
        encryption_algorithm=dict(type="str", choices=IKE_ENCRYPTION[:6] + ["NULL"] + IKE_ENCRYPTION[6:]),
        authentication_algorithm=dict(type="str", choices=["MD5", "SHA1", "SHA-256", "SHA-384", "SHA-512", "SM3"]),
        pfs=dict(type="str", choices=["NULL"] + ["DH-" + group for group in DH_GROUPS]),
        lifetime_seconds=dict(type="int"),
        lifetime_kilobytes=dict(type="int"),
    )),
    enable_health_check=dict(type="bool"),
    health_check_local_ip=dict(type="str"),
    health_check_remote_ip=dict(type="str"),
    health_check_config=dict(type="dict", options=dict(
        probe_type=dict(type="str", choices=["NQA"]),
        probe_interval=dict(type="int"),
        probe_threshold=dict(type="int"),
        probe_timeout=dict(type="int"),
    )),
    route_type=dict(type="str", choices=["STATIC", "StaticRoute", "Policy", "Bgp"]),
    negotiation_type=dict(type="str", choices=["active", "passive", "flowTrigger"]),
    dpd_enable=dict(type="bool"),
    dpd_timeout=dict(type="int"),
    dpd_action=dict(type="str", choices=["clear", "restart"]),
    bgp_config=dict(type="dict", options=dict(
        tunnel_cidr=dict(type="str"),
        local_bgp_ip=dict(type="str"),
        remote_bgp_ip=dict(type="str"),
    )),
    route=dict(type="dict", options=dict(
        destination_cidr_block=dict(type="str", required=True),
        priority=dict(type="int", choices=[0, 100]),
        description=dict(type="str"),
    )),
    tags=dict(type="dict"),
)

# How tags are changed; not part of the connection, so not compared.
TAG_OPTIONS = dict(
    purge_tags=dict(type="bool", default=True),
    tag_endpoint=dict(type="str", fallback=(env_fallback, ["TENCENTCLOUD_TAG_ENDPOINT"])),
)

# Limits from the API reference, checked before any request (CloudVpnModule adds the common
# rules: region, endpoint, credentials, name characters, IDs, time-outs).
VALIDATION_RULES = {
    "name": [NAME_LENGTH],
    # Tencent documents no length or character rule for PreShareKey; this is the project's
    # bound (docs/tencent.md): 8 to 128 visible ASCII characters.
    "pre_shared_key": [pre_shared_key(8, 128)],
    # The API takes IPv4 addresses for ADDRESS identities; a type left out is inferred as
    # tencent/transformations.py does (an IP address: ADDRESS, anything else: FQDN).
    "ike": [identity("local_id", "local_id_type"), identity("remote_id", "remote_id_type")],
    "security_policy_databases[].local_cidr_block": [cidr()],
    "security_policy_databases[].remote_cidr_blocks[]": [cidr()],
    "ike.lifetime_seconds": [int_range(60, 604800)],
    "ipsec.lifetime_seconds": [int_range(180, 604800)],
    "ipsec.lifetime_kilobytes": [int_range(2560, 4294967295)],
    "health_check_local_ip": [ip_in("169.254.128.0/17")],
    "health_check_remote_ip": [ip_in("169.254.128.0/17")],
    "health_check_config.probe_interval": [int_range(1000, 5000)],
    "health_check_config.probe_threshold": [int_range(3, 8)],
    "health_check_config.probe_timeout": [int_range(10, 5000)],
    "dpd_timeout": [int_range(30, 60)],
    "bgp_config.tunnel_cidr": [cidr()],
    "bgp_config.local_bgp_ip": [ip_address()],
    "bgp_config.remote_bgp_ip": [ip_address()],
    "route.destination_cidr_block": [cidr()],
}


def main():
    argument_spec = dict(MANAGE_OPTIONS, **CONNECTION_OPTIONS, **TAG_OPTIONS, **API_VERSION_OPTIONS,
                         **TENCENT_OPTIONS)
    module = CloudVpnModule(argument_spec, VALIDATION_RULES, region_pattern=REGION_PATTERN,
                            supports_check_mode=True, required_one_of=[("id", "name")],
                            required_if=[("api_version", LEGACY, ("vpc_id",))])
    params = module.params

    def run():
        if is_legacy(params):
            check_legacy_options(params)  # before any request
        client = tencent_client(module)
        adapter = (TencentLegacyConnectionAdapter if is_legacy(params) else TencentConnectionAdapter)(client, params)
        reconciler = Reconciler.for_module(adapter, argument_spec, module, client.http)
        return manage(reconciler, params, desired_options(params, CONNECTION_OPTIONS))

    module.run(run)


if __name__ == "__main__":
    main()
