# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import tag_changes, wanted_tags
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.api import connection_resource_name
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


# -- tags after create (Tag API) ----------------------------------------------------

CURRENT_TAGS = {"env": "test", "team": "net", "owner": "ops"}


def test_purged_tags_are_the_listed_ones_only_and_changes_replace_and_delete():
    wanted = wanted_tags(CURRENT_TAGS, {"env": "prod", "team": "net", "cost": "42"}, purge=True)
    assert wanted == {"env": "prod", "team": "net", "cost": "42"}
    replace, delete = tag_changes(CURRENT_TAGS, wanted)
    assert replace == {"env": "prod", "cost": "42"}   # changed and new keys; unchanged "team" is not sent
    assert delete == ["owner"]


def test_without_purge_unlisted_tags_stay_and_nothing_is_deleted():
    wanted = wanted_tags(CURRENT_TAGS, {"env": "prod"}, purge=False)
    assert wanted == {"env": "prod", "team": "net", "owner": "ops"}
    assert tag_changes(CURRENT_TAGS, wanted) == ({"env": "prod"}, [])


def test_without_purge_listed_tags_already_present_mean_no_change():
    wanted = wanted_tags(CURRENT_TAGS, {"team": "net"}, purge=False)
    assert wanted == CURRENT_TAGS
    assert tag_changes(CURRENT_TAGS, wanted) == ({}, [])


def test_empty_tags_with_purge_delete_every_tag():
    assert tag_changes(CURRENT_TAGS, wanted_tags(CURRENT_TAGS, {}, purge=True)) == ({}, ["env", "owner", "team"])


def test_tag_values_compare_as_the_strings_the_api_reads_back():
    wanted = wanted_tags({"cost": "42"}, {"cost": 42, 7: True}, purge=True)
    assert wanted == {"cost": "42", "7": "True"}
    assert tag_changes({"cost": "42"}, wanted) == ({"7": "True"}, [])


def test_tags_of_a_connection_without_tag_set():
    assert tag_changes(None, {"a": "b"}) == ({"a": "b"}, [])
    assert wanted_tags(None, {"a": "b"}, purge=False) == {"a": "b"}


def test_resource_name_has_six_segments_and_an_empty_uin():
    name = connection_resource_name("ap-guangzhou", "vpnx-1a2b3c4d")
    assert name == "qcs::vpc:ap-guangzhou:uin/:vpnx/vpnx-1a2b3c4d"
    assert len(name.split(":")) == 6
