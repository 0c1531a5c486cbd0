# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.transformations import (
    connection_shape,
    create_body,
    lifetime_seconds,
    update_body,
)

# The tunnel of the "Query VPN tunnel" page, as the list returns it.
RAW = {
    "vpnId": "vpn-s1bpb19cmd8n", "vpnConnId": "vpnconn-ku4cxya6nisq", "vpnConnName": "vpncon",
    "localIp": "203.0.113.20", "secretKey": "ddd22@www", "localSubnets": ["192.168.0.0/20"],
    "remoteIp": "10.107.245.188", "remoteSubnets": ["192.168.100.0/24"], "description": "111",
    "status": "active", "createdTime": "2019-03-07T02:35:32Z", "healthStatus": "reachable",
    "ikeConfig": {"ikeVersion": "v1", "ikeMode": "main", "ikeEncAlg": "aes", "ikeAuthAlg": "sha1",
                  "ikePfs": "group2", "ikeLifeTime": "200s"},
    "ipsecConfig": {"ipsecEncAlg": "aes", "ipsecAuthAlg": "sha1", "ipsecPfs": "group2", "ipsecLifetime": "28800s"},
}

SHAPE = {
    "id": "vpnconn-ku4cxya6nisq", "name": "vpncon", "vpn_gateway_id": "vpn-s1bpb19cmd8n",
    "pre_shared_key": "ddd22@www", "local_subnets": ["192.168.0.0/20"], "remote_ip": "10.107.245.188",
    "remote_subnets": ["192.168.100.0/24"], "description": "111", "local_ip": "203.0.113.20",
    "status": "active", "health_status": "reachable", "created_time": "2019-03-07T02:35:32Z",
    "ike": {"version": "v1", "mode": "main", "encryption_algorithm": "aes", "authentication_algorithm": "sha1",
            "dh_group": "group2", "lifetime_seconds": 200},
    "ipsec": {"encryption_algorithm": "aes", "authentication_algorithm": "sha1", "pfs": "group2",
              "lifetime_seconds": 28800},
}

# Seed 003's request body: the full PUT for this tunnel.
SEED_PUT = {
    "vpnId": "vpn-s1bpb19cmd8n", "secretKey": "ddd22@www", "localSubnets": ["192.168.0.0/20"],
    "remoteIp": "10.107.245.188", "remoteSubnets": ["192.168.100.0/24"], "description": "111",
    "vpnConnName": "vpncon",
    "ikeConfig": {"ikeVersion": "v1", "ikeMode": "main", "ikeEncAlg": "aes", "ikeAuthAlg": "sha1",
                  "ikePfs": "group2", "ikeLifeTime": 200},
    "ipsecConfig": {"ipsecEncAlg": "aes", "ipsecAuthAlg": "sha1", "ipsecPfs": "group2", "ipsecLifetime": 28800},
}


def test_read_back_tunnel_in_module_shape():
    assert connection_shape(RAW) == SHAPE


@pytest.mark.parametrize("value, seconds", [
    ("28800s", 28800), ("200s", 200), (" 300 s ", 300), ("300", 300), (300, 300), ("5m", 300), ("8h", 28800),
    ("8H", 28800),
])
def test_lifetimes_read_back_with_a_unit_are_seconds(value, seconds):
    assert lifetime_seconds(value) == seconds


def test_unknown_lifetime_form_is_left_as_is():
    assert lifetime_seconds("soon") == "soon"


def test_update_without_changes_rebuilds_the_seed_body():
    assert update_body(SHAPE, {}) == SEED_PUT


def test_update_lays_changes_over_the_current_tunnel():
    body = update_body(SHAPE, {"description": "222", "ike": {"dh_group": "group14"}, "pre_shared_key": "New_k3y!"})
    expected = dict(SEED_PUT, description="222", secretKey="New_k3y!",
                    ikeConfig=dict(SEED_PUT["ikeConfig"], ikePfs="group14"))
    assert body == expected


def test_update_never_sends_read_only_or_create_only_fields():
    body = update_body(dict(SHAPE, customer_gateway_id="cgw-1"), {"remote_ip": "198.51.100.1"})
    assert set(body) == set(SEED_PUT)
    assert body["remoteIp"] == "198.51.100.1"


def test_create_body_uses_the_documented_camel_case_keys():
    desired = {key: value for key, value in SHAPE.items()
               if key not in ("id", "local_ip", "status", "health_status", "created_time")}
    desired["customer_gateway_id"] = "cgw-1"
    body = create_body(desired)
    expected = {key: value for key, value in SEED_PUT.items() if key != "vpnId"}
    assert body == dict(expected, cgwId="cgw-1")
    assert "ike_version" not in str(body)
