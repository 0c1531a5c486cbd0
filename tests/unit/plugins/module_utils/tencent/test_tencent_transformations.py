# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.transformations import (
    connection_shape,
    write_params,
)

RAW = {
    "VpnConnectionId": "vpnx-1", "VpnConnectionName": "office", "VpnGatewayId": "vpngw-1", "VpcId": "vpc-1",
    "CustomerGatewayId": "cgw-1", "PreShareKey": "k", "State": "AVAILABLE", "NetStatus": "AVAILABLE",
    "SecurityPolicyDatabaseSet": [{"LocalCidrBlock": "10.0.0.0/16", "RemoteCidrBlock": ["192.168.0.0/24"]}],
    "IKEOptionsSpecification": {"PropoEncryAlgorithm": "AES-CBC-256", "IKESaLifetimeSeconds": 86400,
                                "LocalIdentity": "ADDRESS", "LocalAddress": "203.0.113.10",
                                "RemoteIdentity": "FQDN", "RemoteAddress": "198.51.100.1",
                                "RemoteFqdnName": "peer.example.com"},
    "IPSECOptionsSpecification": {"IntegrityAlgorith": "SHA1", "PfsDhGroup": "NULL"},
    "DpdEnable": 1, "DpdTimeout": "30", "DpdAction": "restart",
    "TagSet": [{"Key": "team", "Value": "net"}],
    "BgpConfig": {"TunnelCidr": "169.254.1.0/30", "LocalBgpIp": "169.254.1.1", "RemoteBgpIp": "169.254.1.2",
                  "LocalBgpAsn": "64512", "RemoteBgpAsn": "65000"},
}


def test_shape():
    shape = connection_shape(RAW)
    assert shape["id"] == "vpnx-1" and shape["name"] == "office" and shape["pre_shared_key"] == "k"
    assert shape["security_policy_databases"] == [{"local_cidr_block": "10.0.0.0/16",
                                                   "remote_cidr_blocks": ["192.168.0.0/24"]}]
    assert shape["ike"]["local_id"] == "203.0.113.10"
    # Each side's identity field follows its own type (the Terraform provider looked at the local type).
    assert shape["ike"]["remote_id"] == "peer.example.com"
    assert shape["ipsec"] == {"authentication_algorithm": "SHA1", "pfs": "NULL"}
    assert shape["dpd_enable"] is True and shape["dpd_timeout"] == 30
    assert shape["tags"] == {"team": "net"}
    assert shape["bgp_config"]["remote_bgp_asn"] == "65000"


def test_write_params_for_create():
    params = write_params({"name": "office", "vpn_gateway_id": "vpngw-1", "dpd_enable": True, "dpd_timeout": 45,
                           "security_policy_databases": [{"local_cidr_block": "10.0.0.0/16",
                                                          "remote_cidr_blocks": ["192.168.0.0/24"]}],
                           "ike": {"remote_id": "peer.example.com", "local_id": "203.0.113.10"},
                           "tags": {"b": "2", "a": "1"}})
    assert params["VpnConnectionName"] == "office" and params["DpdEnable"] == 1 and params["DpdTimeout"] == "45"
    assert params["SecurityPolicyDatabases"] == [{"LocalCidrBlock": "10.0.0.0/16",
                                                  "RemoteCidrBlock": ["192.168.0.0/24"]}]
    assert params["IKEOptionsSpecification"] == {"LocalIdentity": "ADDRESS", "LocalAddress": "203.0.113.10",
                                                 "RemoteIdentity": "FQDN", "RemoteFqdnName": "peer.example.com"}
    assert params["Tags"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]


def test_write_params_for_a_change_use_the_current_identity_type():
    current = connection_shape(RAW)
    params = write_params({"ike": {"remote_id": "other.example.com"}}, current)
    assert params == {"IKEOptionsSpecification": {"RemoteIdentity": "FQDN", "RemoteFqdnName": "other.example.com"}}


def test_dpd_settings_carry_dpd_enable():
    current = connection_shape(RAW)
    assert write_params({"dpd_action": "clear"}, current) == {"DpdAction": "clear", "DpdEnable": 1}


def test_read_only_fields_are_never_written():
    params = write_params(connection_shape(RAW))
    for key in ("VpnConnectionId", "State", "NetStatus"):
        assert key not in params
    assert "LocalBgpAsn" not in params["BgpConfig"]
