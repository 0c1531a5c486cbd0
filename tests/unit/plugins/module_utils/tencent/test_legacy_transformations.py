# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""API 2.0 rows and parameters <-> the module shape; what API 2.0 lacks; region IDs <-> legacy codes."""

from __future__ import annotations

import copy
import json

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.common import REGION_PATTERN
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.legacy_transformations import (
    check_legacy_options,
    connection_shape,
    flattened_spd,
    legacy_problems,
    spd_acl,
    write_params,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.regions import (
    LEGACY_REGION_CODES,
    legacy_region_code,
    region_id,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import region as region_rule

IKE = {"propoAuthenAlgorithm": "sha", "propoEncryAlgorithm": "aes-cbc-128", "exchangeMode": "main",
       "localIdentity": "address", "remoteIdentity": "fqdn", "localAddress": "203.0.113.10",
       "remoteAddress": None, "localFqdnName": None, "remoteFqdnName": "peer.example.com",
       "dhGroupName": "group2", "ikeSaLifetimeSeconds": "86400"}
IPSEC = {"encryptAlgorithm": "aes-cbc-256", "integrityAlgorith": "sha1", "encapMode": "tunnel",
         "securityProto": "esp", "pfsDhGroup": "null", "ipsecSaLifetimeSeconds": "3600",
         "ipsecSaLifetimeTraffic": "1843200"}
ROW = {
    "vpcId": "gz_vpc_76", "unVpcId": "vpc-1", "vpcName": "v", "vpcCidrBlock": "10.0.0.0/16",
    "vpnGwId": 12, "unVpnGwId": "vpngw-1", "vpnConnId": 7, "unVpnConnId": "vpnx-1", "vpnConnName": "office",
    "userGwId": 3, "unUserGwId": "cgw-1", "vpcConnStatus": 6, "netStatus": "available", "preSharedKey": "k",
    "sourceCidr": ["10.0.1.0/24", "10.0.0.0/24"], "destinationCidr": ["192.168.1.0/24", "192.168.0.0/24"],
    "vpnProto": "ip-sec", "createTime": "2026-11-23 10:00:00",
}

EXPECTED = {
    "id": "vpnx-1", "name": "office", "vpn_gateway_id": "vpngw-1", "vpc_id": "vpc-1", "customer_gateway_id": "cgw-1",
    "pre_shared_key": "k", "state": "AVAILABLE", "net_status": "AVAILABLE", "vpn_proto": "ip-sec",
    "created_time": "2026-11-23 10:00:00",
    "security_policy_databases": [
        {"local_cidr_block": "10.0.0.0/24", "remote_cidr_blocks": ["192.168.0.0/24", "192.168.1.0/24"]},
        {"local_cidr_block": "10.0.1.0/24", "remote_cidr_blocks": ["192.168.0.0/24", "192.168.1.0/24"]}],
    "ike": {"mode": "MAIN", "encryption_algorithm": "AES-CBC-128", "authentication_algorithm": "SHA",
            "dh_group": "GROUP2", "lifetime_seconds": 86400, "local_id_type": "ADDRESS", "local_id": "203.0.113.10",
            "remote_id_type": "FQDN", "remote_id": "peer.example.com"},
    "ipsec": {"encryption_algorithm": "AES-CBC-256", "authentication_algorithm": "SHA1", "pfs": "NULL",
              "lifetime_seconds": 3600, "lifetime_kilobytes": 1843200},
}


@pytest.mark.parametrize("ike_key, ipsec_key, as_list", [
    ("IKEArr", "IPSECArr", False), ("IKESet", "IPsecSet", True), ("IKEArr", "IPSECArr", True),
    ("IKESet", "IPsecSet", False),
], ids=["Arr-objects", "Set-lists", "Arr-lists", "Set-objects"])
def test_a_row_in_every_spelling_reads_the_same(ike_key, ipsec_key, as_list):
    row = dict(ROW, **{ike_key: [IKE] if as_list else IKE, ipsec_key: [IPSEC] if as_list else IPSEC})
    assert connection_shape(row) == EXPECTED


@pytest.mark.parametrize("pfs, expected", [("null", "NULL"), (None, "NULL"), ("NULL", "NULL"),
                                           ("dh-group14", "DH-GROUP14")])
def test_pfs_null_as_string_or_json_null_is_none(pfs, expected):
    row = dict(ROW, IPSECArr=dict(IPSEC, pfsDhGroup=pfs))
    assert connection_shape(row)["ipsec"]["pfs"] == expected


@pytest.mark.parametrize("integrity, expected", [("sha", "SHA1"), ("sha1", "SHA1"), ("md5", "MD5"),
                                                 ("sha-256", "SHA-256")])
def test_ipsec_integrity_reads_sha_and_sha1_as_sha1(integrity, expected):
    row = dict(ROW, IPSECArr=dict(IPSEC, integrityAlgorith=integrity))
    assert connection_shape(row)["ipsec"]["authentication_algorithm"] == expected


def test_lifetimes_read_as_strings_or_ints_become_ints():
    row = dict(ROW, IKEArr=dict(IKE, ikeSaLifetimeSeconds=28800), IPSECArr=dict(IPSEC, ipsecSaLifetimeSeconds=" 900"))
    shape = connection_shape(row)
    assert shape["ike"]["lifetime_seconds"] == 28800 and shape["ipsec"]["lifetime_seconds"] == 900


def test_a_3_0_only_value_reads_back_in_api_3_0_spelling():
    shape = connection_shape(dict(ROW, IKEArr=dict(IKE, propoEncryAlgorithm="sm4", dhGroupName="group19")))
    assert shape["ike"]["encryption_algorithm"] == "SM4" and shape["ike"]["dh_group"] == "GROUP19"


@pytest.mark.parametrize("status, state", [(0, "PENDING"), (1, "CREATE_FAILED"), (2, "PENDING"),
                                           (3, "MODIFY_FAILED"), (4, "DELETING"), (5, "DELETE_FAILED"),
                                           (6, "AVAILABLE"), ("6", "AVAILABLE")])
def test_status_names(status, state):
    assert connection_shape(dict(ROW, vpcConnStatus=status))["state"] == state


def test_a_row_without_ike_ipsec_or_spd_has_none_of_them():
    row = {key: value for key, value in ROW.items() if key not in ("sourceCidr", "destinationCidr")}
    shape = connection_shape(row)
    assert "ike" not in shape and "ipsec" not in shape and "security_policy_databases" not in shape


# -- writes ------------------------------------------------------------------------------------
DESIRED = {
    "name": "office", "vpn_gateway_id": "vpngw-1", "vpc_id": "vpc-1", "customer_gateway_id": "cgw-1",
    "pre_shared_key": "k", "security_policy_databases": [
        {"local_cidr_block": "10.0.0.0/16", "remote_cidr_blocks": ["192.168.0.0/24", "192.168.1.0/24"]}],
    "ike": {"mode": "AGGRESSIVE", "encryption_algorithm": "AES-CBC-128", "authentication_algorithm": "SHA",
            "dh_group": "GROUP14", "lifetime_seconds": 28800, "local_id": "203.0.113.10",
            "remote_id": "peer.example.com"},
    "ipsec": {"encryption_algorithm": "NULL", "authentication_algorithm": "SHA1", "pfs": "DH-GROUP2",
              "lifetime_seconds": 3600, "lifetime_kilobytes": 1843200},
}


def test_create_parameters_in_api_2_0_spelling():
    params = write_params(DESIRED)
    assert params == {
        "vpnConnName": "office", "vpnGwId": "vpngw-1", "vpcId": "vpc-1", "userGwId": "cgw-1", "preSharedKey": "k",
        "spdAcl": '{"10.0.0.0/16":["192.168.0.0/24","192.168.1.0/24"]}',
        "IKESet": [{"exchangeMode": "aggressive", "propoEncryAlgorithm": "aes-cbc-128", "propoAuthenAlgorithm": "sha",
                    "dhGroupName": "group14", "ikeSaLifetimeSeconds": 28800, "localIdentity": "address",
                    "localAddress": "203.0.113.10", "remoteIdentity": "fqdn", "remoteFqdnName": "peer.example.com"}],
        "IPsecSet": [{"encryptAlgorithm": "null", "integrityAlgorith": "sha", "pfsDhGroup": "dh-group2",
                      "ipsecSaLifetimeSeconds": 3600, "ipsecSaLifetimeTraffic": 1843200}],
    }


def test_pfs_null_is_sent_as_null():
    assert write_params({"ipsec": {"pfs": "NULL"}}) == {"IPsecSet": [{"pfsDhGroup": "null"}]}


def test_what_is_written_reads_back_the_same_through_a_row():
    """Round trip: the parameters as a row (as the API stores them) read back as the options."""
    params = write_params(DESIRED)
    row = dict(ROW, vpnConnName=params["vpnConnName"], IKEArr=params["IKESet"][0],
               IPsecSet=[dict(params["IPsecSet"][0], integrityAlgorith="sha1",
                              ipsecSaLifetimeSeconds=str(params["IPsecSet"][0]["ipsecSaLifetimeSeconds"]))],
               sourceCidr=list(json.loads(params["spdAcl"])),
               destinationCidr=[remote for remotes in json.loads(params["spdAcl"]).values() for remote in remotes])
    shape = connection_shape(row)
    for block in ("ike", "ipsec"):
        assert {key: shape[block][key] for key in DESIRED[block]} == DESIRED[block]
    assert shape["security_policy_databases"] == DESIRED["security_policy_databases"]


def test_spd_acl_merges_rules_of_one_local_cidr():
    entries = [{"local_cidr_block": "10.0.0.0/16", "remote_cidr_blocks": ["192.168.0.0/24"]},
               {"local_cidr_block": "10.1.0.0/16", "remote_cidr_blocks": ["172.16.0.0/24"]},
               {"local_cidr_block": "10.0.0.0/16", "remote_cidr_blocks": ["192.168.0.0/24", "192.168.9.0/24"]}]
    assert json.loads(spd_acl(entries)) == {"10.0.0.0/16": ["192.168.0.0/24", "192.168.9.0/24"],
                                            "10.1.0.0/16": ["172.16.0.0/24"]}
    assert " " not in spd_acl(entries)


def test_flattened_spd_ignores_the_pairing():
    paired = [{"local_cidr_block": "10.0.0.0/24", "remote_cidr_blocks": ["192.168.0.0/24"]},
              {"local_cidr_block": "10.0.1.0/24", "remote_cidr_blocks": ["192.168.1.0/24"]}]
    assert flattened_spd(paired) == flattened_spd(EXPECTED["security_policy_databases"])
    assert flattened_spd(paired) != flattened_spd(paired[:1])


def test_identity_change_uses_the_current_type_in_api_2_0_spelling():
    current = connection_shape(dict(ROW, IKEArr=IKE))
    params = write_params({"ike": {"remote_id": "other.example.com"}}, current)
    assert params == {"IKESet": [{"remoteIdentity": "fqdn", "remoteFqdnName": "other.example.com"}]}


def test_read_only_fields_are_never_written():
    params = write_params(connection_shape(dict(ROW, IKEArr=IKE, IPSECArr=IPSEC)))
    for key in ("vpnConnId", "vpcConnStatus", "netStatus", "createTime", "vpnProto"):
        assert key not in params


# -- what API 2.0 lacks ------------------------------------------------------------------------
def test_a_supported_request_has_no_problems():
    assert legacy_problems(copy.deepcopy(DESIRED)) == []
    check_legacy_options(DESIRED)


@pytest.mark.parametrize("option, value", [
    ("ike", {"version": "IKEV2"}), ("enable_health_check", False), ("health_check_local_ip", "169.254.128.1"),
    ("health_check_remote_ip", "169.254.128.2"), ("health_check_config", {"probe_interval": 1000}),
    ("route_type", "STATIC"), ("negotiation_type", "active"), ("dpd_enable", True), ("dpd_timeout", 30),
    ("dpd_action", "clear"), ("bgp_config", {"tunnel_cidr": "169.254.1.0/30"}),
    ("route", {"destination_cidr_block": "10.9.0.0/16"}), ("tags", {}), ("tag_endpoint", "https://tag.example"),
])
def test_an_option_api_2_0_lacks_is_named(option, value):
    problems = legacy_problems(dict(DESIRED, **{option: value}))
    name = "ike.version" if option == "ike" else option
    assert len(problems) == 1 and problems[0].startswith(name + " ")


@pytest.mark.parametrize("option, value", [
    ("ike.encryption_algorithm", "SM4"), ("ike.encryption_algorithm", "AES256GCM128"),
    ("ike.authentication_algorithm", "SHA-256"), ("ike.dh_group", "GROUP19"), ("ike.dh_group", "GROUP15"),
    ("ipsec.encryption_algorithm", "SM4"), ("ipsec.authentication_algorithm", "SHA-256"),
    ("ipsec.authentication_algorithm", "SM3"), ("ipsec.pfs", "DH-GROUP21"),
])
def test_a_value_api_2_0_lacks_is_named_with_the_allowed_values(option, value):
    block, key = option.split(".")
    params = copy.deepcopy(DESIRED)
    params[block][key] = value
    problems = legacy_problems(params)
    assert len(problems) == 1 and problems[0].startswith("%s %s (allowed with API 2.0: " % (option, value))


def test_unset_sub_options_are_no_problem():
    # AnsibleModule fills unset sub-options with None.
    assert legacy_problems({"ike": {"version": None, "dh_group": None}, "health_check_config": None,
                            "purge_tags": True}) == []


def test_the_error_names_every_problem():
    params = dict(DESIRED, dpd_enable=True, tags={"a": "1"}, ike=dict(DESIRED["ike"], dh_group="GROUP19"))
    with pytest.raises(ValidationError) as caught:
        check_legacy_options(params)
    text = str(caught.value)
    assert text.startswith("api_version: legacy (Tencent API 2.0) cannot manage ")
    for name in ("dpd_enable", "tags", "ike.dh_group GROUP19", "GROUP1, GROUP2, GROUP5, GROUP14, GROUP24",
                 "api_version 2017-03-12"):
        assert name in text


# -- region IDs and legacy codes ---------------------------------------------------------------
@pytest.mark.parametrize("region, code", [("ap-guangzhou", "gz"), ("ap-shanghai-fsi", "shjr"),
                                          ("na-siliconvalley", "usw"), ("gz", "gz"), ("xyz", "xyz")])
def test_legacy_region_code(region, code):
    assert legacy_region_code(region) == code


@pytest.mark.parametrize("region, expected", [("gz", "ap-guangzhou"), ("shjr", "ap-shanghai-fsi"),
                                              ("ap-tokyo", "ap-tokyo")])
def test_region_id(region, expected):
    assert region_id(region) == expected


def test_an_unknown_code_for_api_3_0_fails_naming_region():
    with pytest.raises(ValidationError) as caught:
        region_id("xyz")
    assert caught.value.option == "region" and "ap-guangzhou" in str(caught.value)


def test_a_region_id_without_a_known_code_for_api_2_0_fails_naming_region():
    with pytest.raises(ValidationError) as caught:
        legacy_region_code("ap-tokyo")
    assert caught.value.option == "region" and "code" in str(caught.value)


def test_every_known_code_and_region_id_passes_the_region_syntax():
    for region_name, code in LEGACY_REGION_CODES.items():
        region_rule(REGION_PATTERN)("region", region_name)
        region_rule(REGION_PATTERN)("region", code)


@pytest.mark.parametrize("value", ["g", "guangzhou", "GZ", "gz1", "gz.evil.example", "gz/"])
def test_a_malformed_code_fails_the_region_syntax(value):
    with pytest.raises(ValidationError):
        region_rule(REGION_PATTERN)("region", value)


def test_a_legacy_recreate_needs_the_spd_rules():
    # The rules as read are flattened: a recreate from them would widen the SPD.
    with pytest.raises(ValidationError) as caught:
        check_legacy_options(dict(DESIRED, recreate=True, security_policy_databases=None))
    assert caught.value.option == "security_policy_databases" and "recreate" in str(caught.value)
    check_legacy_options(dict(DESIRED, recreate=True))
    check_legacy_options(dict(DESIRED, recreate=True, state="absent", security_policy_databases=None))
