# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import contextlib
import copy
import json

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.connection import (
    AlibabaConnectionAdapter,
    comparison_spec,
    desired_state,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.transformations import (
    connection_shape,
    connection_update_params,
    create_params,
    tunnel_update_params,
    tunnels_as_list,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import differences
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.modules.alibaba_vpn_connection import CONNECTION_OPTIONS

SPEC = dict(CONNECTION_OPTIONS, purge_tags={"type": "bool", "default": True})

IKE = {"IkeVersion": "ikev2", "IkeMode": "main", "IkeEncAlg": "aes256", "IkeAuthAlg": "sha256", "IkePfs": "group14",
       "IkeLifetime": 86400, "LocalId": "203.0.113.20", "RemoteId": "198.51.100.1", "Psk": "clear-key-1"}
SINGLE = {
    "VpnConnectionId": "vco-1", "Name": "office", "VpnGatewayId": "vpn-1", "CustomerGatewayId": "cgw-1",
    "LocalSubnet": "10.0.0.0/16,10.1.0.0/16", "RemoteSubnet": "192.168.0.0/24", "EffectImmediately": True,
    "EnableDpd": True, "EnableNatTraversal": False, "RemoteCaCertificate": "", "State": "active",
    "Status": "ipsec_sa_established", "CreateTime": 1700000000000, "NetworkType": "public",
    "IkeConfig": IKE,
    "IpsecConfig": {"IpsecEncAlg": "aes256", "IpsecAuthAlg": "sha256", "IpsecPfs": "disabled", "IpsecLifetime": 3600},
    "VpnBgpConfig": {"EnableBgp": "false", "LocalAsn": 45104, "TunnelCidr": "", "LocalBgpIp": "", "Status": "x"},
    "VcoHealthCheck": {"Enable": "true", "Dip": "10.0.0.1", "Sip": "192.168.0.1", "Interval": 3, "Retry": 3,
                       "Policy": "revoke_route", "Status": "failed"},
    "Tags": {"Tag": [{"Key": "team", "Value": "net"}, {"Key": "acs:system", "Value": "x"}]},
}


def tunnel(role, tunnel_id, psk):
    return {"TunnelId": tunnel_id, "Role": role, "State": "active", "Status": "ike_sa_not_established",
            "CustomerGatewayId": "cgw-%s" % role, "EnableDpd": "true", "EnableNatTraversal": "false",
            "InternetIp": "203.0.113.2%d" % (1 if role == "master" else 2),
            "TunnelIkeConfig": {"IkeVersion": "ikev2", "IkeMode": "main", "IkeEncAlg": "aes", "IkeAuthAlg": "sha1",
                                "IkePfs": "group2", "IkeLifetime": "86400", "LocalId": "203.0.113.21",
                                "RemoteId": "198.51.100.1", "Psk": psk},
            "TunnelIpsecConfig": {"IpsecEncAlg": "aes", "IpsecAuthAlg": "sha1", "IpsecPfs": "group2",
                                  "IpsecLifetime": "86400"},
            "TunnelBgpConfig": {"LocalAsn": "65530", "TunnelCidr": "169.254.11.0/30", "LocalBgpIp": "169.254.11.1"}}


DUAL = {
    "VpnConnectionId": "vco-2", "Name": "ha", "VpnGatewayId": "vpn-2", "LocalSubnet": "10.0.0.0/16",
    "RemoteSubnet": "192.168.0.0/24", "EnableTunnelsBgp": False, "State": "active",
    "TunnelOptionsSpecification": {"TunnelOptions": [tunnel("master", "tun-m", "master-key"),
                                                     tunnel("slave", "tun-s", "slave1****")]},
    "Tags": {"Tag": []},
}


class FakeHttp:
    """The HttpClient parts a wait uses: a clock that moves only when slept, a deadline it records."""

    def __init__(self):
        self.now = 0.0
        self.deadlines = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds

    @contextlib.contextmanager
    def deadline(self, when):
        self.deadlines.append(when)
        yield


class FakeClient:
    def __init__(self):
        self.calls = []
        self.http = FakeHttp()

    def __getattr__(self, name):
        def record(*args):
            self.calls.append((name,) + args)
            return {"State": "active"} if name == "describe_vpn_connection" else {}
        return record


def adapter(**params):
    defaults = {"update_pre_shared_key": "on_create", "purge_tags": True, "state": "present"}
    defaults.update(params)
    client = FakeClient()
    return AlibabaConnectionAdapter(client, defaults), client


def test_single_tunnel_shape():
    shape = connection_shape(SINGLE)
    assert shape == {
        "id": "vco-1", "name": "office", "vpn_gateway_id": "vpn-1", "customer_gateway_id": "cgw-1",
        "local_subnets": ["10.0.0.0/16", "10.1.0.0/16"], "remote_subnets": ["192.168.0.0/24"],
        "effect_immediately": True, "enable_dpd": True, "enable_nat_traversal": False,
        "network_type": "public", "state": "active", "status": "ipsec_sa_established", "create_time": 1700000000000,
        "ike": {"version": "ikev2", "mode": "main", "encryption_algorithm": "aes256",
                "authentication_algorithm": "sha256", "dh_group": "group14", "lifetime_seconds": 86400,
                "local_id": "203.0.113.20", "remote_id": "198.51.100.1"},
        "ipsec": {"encryption_algorithm": "aes256", "authentication_algorithm": "sha256", "pfs": "disabled",
                  "lifetime_seconds": 3600},
        "bgp": {"enabled": False, "local_asn": 45104},
        "health_check": {"enabled": True, "destination_ip": "10.0.0.1", "source_ip": "192.168.0.1", "interval": 3,
                         "retry": 3},
        "pre_shared_key": "clear-key-1",
        "tags": {"team": "net"},
    }


def test_dual_tunnel_shape_converts_strings_and_drops_masked_keys():
    shape = connection_shape(DUAL)
    assert "ike" not in shape and "customer_gateway_id" not in shape
    master, slave = shape["tunnels"]["master"], shape["tunnels"]["slave"]
    assert master["pre_shared_key"] == "master-key" and "pre_shared_key" not in slave
    assert master["enable_dpd"] is True and master["enable_nat_traversal"] is False
    assert master["ike"]["lifetime_seconds"] == 86400 and master["bgp"]["local_asn"] == 65530
    assert slave["tunnel_id"] == "tun-s"
    listed = tunnels_as_list(shape)["tunnels"]
    assert [item["role"] for item in listed] == ["master", "slave"]
    assert all("pre_shared_key" not in item for item in listed)


def test_single_tunnel_create_sends_json_string_groups():
    desired = desired_state({"name": "office", "vpn_gateway_id": "vpn-1", "customer_gateway_id": "cgw-1",
                             "local_subnets": ["10.0.0.0/16"], "remote_subnets": ["192.168.0.0/24"],
                             "pre_shared_key": "k-123", "ike": {"version": "ikev2", "lifetime_seconds": 3600},
                             "health_check": {"enabled": True, "destination_ip": "10.0.0.1"},
                             "auto_config_route": False, "tags": {"n": 1}}, SPEC)
    params = create_params({key: value for key, value in desired.items() if value is not None})
    assert json.loads(params["IkeConfig"]) == {"IkeVersion": "ikev2", "IkeLifetime": 3600, "Psk": "k-123"}
    assert json.loads(params["HealthCheckConfig"]) == {"enable": True, "dip": "10.0.0.1"}
    assert params["LocalSubnet"] == "10.0.0.0/16" and params["CustomerGatewayId"] == "cgw-1"
    assert params["AutoConfigRoute"] is False and params["Tags"] == [{"Key": "n", "Value": "1"}]
    assert "IpsecConfig" not in params and "TunnelOptionsSpecification" not in params


def test_dual_tunnel_create_sends_one_entry_per_role_master_first():
    desired = desired_state({"name": "ha", "vpn_gateway_id": "vpn-2", "local_subnets": ["10.0.0.0/16"],
                             "remote_subnets": ["192.168.0.0/24"], "enable_tunnels_bgp": True, "tunnels": [
                                 {"role": "slave", "customer_gateway_id": "cgw-2", "pre_shared_key": "s-key",
                                  "ike": None, "ipsec": {"pfs": "group14"}, "bgp": None, "enable_dpd": None,
                                  "enable_nat_traversal": None, "remote_ca_certificate": None},
                                 {"role": "master", "customer_gateway_id": "cgw-1", "pre_shared_key": "m-key",
                                  "ike": {"version": "ikev2"}, "ipsec": None, "bgp": {"local_asn": 65001},
                                  "enable_dpd": False, "enable_nat_traversal": None,
                                  "remote_ca_certificate": None}]}, SPEC)
    from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import strip_unset
    params = create_params(strip_unset(desired))
    assert params["TunnelOptionsSpecification"] == [
        {"Role": "master", "CustomerGatewayId": "cgw-1", "EnableDpd": False,
         "TunnelIkeConfig": {"IkeVersion": "ikev2", "Psk": "m-key"}, "TunnelBgpConfig": {"LocalAsn": 65001}},
        {"Role": "slave", "CustomerGatewayId": "cgw-2", "TunnelIkeConfig": {"Psk": "s-key"},
         "TunnelIpsecConfig": {"IpsecPfs": "group14"}}]
    assert params["EnableTunnelsBgp"] is True and "IkeConfig" not in params


def test_update_sends_the_whole_changed_group_with_the_current_key():
    params = connection_update_params(SINGLE, {"ike": {"dh_group": "group5"}, "name": "renamed"})
    assert params["Name"] == "renamed"
    assert json.loads(params["IkeConfig"]) == dict(IKE, IkePfs="group5")
    assert set(params) == {"Name", "IkeConfig"}


def test_update_never_sends_a_masked_key_back():
    masked = copy.deepcopy(SINGLE)
    masked["IkeConfig"]["Psk"] = "clear****"
    params = connection_update_params(masked, {"ike": {"mode": "aggressive"}})
    assert "Psk" not in json.loads(params["IkeConfig"])
    params = connection_update_params(masked, {"pre_shared_key": "new-key"})
    assert json.loads(params["IkeConfig"])["Psk"] == "new-key"


def test_tunnel_update_sends_changed_scalars_and_whole_groups_only():
    master = DUAL["TunnelOptionsSpecification"]["TunnelOptions"][0]
    assert tunnel_update_params(master, {"enable_dpd": False}) == {"EnableDpd": False}
    params = tunnel_update_params(master, {"ike": {"lifetime_seconds": 3600}})
    assert params == {"TunnelIkeConfig": {
        "IkeVersion": "ikev2", "IkeMode": "main", "IkeEncAlg": "aes", "IkeAuthAlg": "sha1", "IkePfs": "group2",
        "IkeLifetime": 3600, "LocalId": "203.0.113.21", "RemoteId": "198.51.100.1", "Psk": "master-key"}}
    slave = DUAL["TunnelOptionsSpecification"]["TunnelOptions"][1]
    assert "Psk" not in tunnel_update_params(slave, {"ike": {"mode": "aggressive"}})["TunnelIkeConfig"]


def test_a_change_inside_the_slave_is_found_as_exactly_that():
    params = {"tunnels": [{"role": "slave", "ike": {"lifetime_seconds": 3600, "version": "ikev2"}}]}
    spec = comparison_spec(SPEC)
    desired = {"tunnels": {"slave": {"ike": {"lifetime_seconds": 3600, "version": "ikev2"}}}}
    assert differences(desired, connection_shape(DUAL), spec) == {
        "tunnels": {"slave": {"ike": {"lifetime_seconds": 3600}}}}


def test_adapter_update_calls_modify_tunnel_once_for_the_changed_tunnel_only():
    alibaba, client = adapter()
    alibaba.update(DUAL, {"tunnels": {"slave": {"enable_nat_traversal": True}}}, token="tok")
    assert client.calls == [("modify_tunnel_attribute", "vco-2", "tun-s", {"EnableNatTraversal": True}, "tok-3")]


def test_adapter_update_waits_for_the_gateway_between_two_modify_calls():
    alibaba, client = adapter()
    alibaba.update(DUAL, {"name": "new", "tunnels": {"master": {"enable_dpd": False}}}, token="tok")
    assert [call[0] for call in client.calls] == [
        "modify_vpn_connection_attribute", "describe_vpn_connection", "modify_tunnel_attribute"]
    assert client.calls[0][1:] == ("vco-2", {"Name": "new"}, "tok-1")
    assert client.calls[2][1:] == ("vco-2", "tun-m", {"EnableDpd": False}, "tok-2")
    # The read runs under the HTTP client's deadline, wait_timeout after the update began.
    assert client.http.deadlines == [600.0]


def test_adapter_update_tags_removes_then_sets():
    alibaba, client = adapter()
    alibaba.update(SINGLE, {"tags": {"team": "platform", "cost": "1"}}, token="tok")
    assert client.calls == [("untag_resources", "vco-1", ["team"]),
                            ("tag_resources", "vco-1", {"team": "platform", "cost": "1"})]


def test_adapter_update_tags_without_purge_only_adds():
    alibaba, client = adapter(purge_tags=False)
    current = connection_shape(SINGLE)
    desired = alibaba.resolve({"tags": {"cost": "1"}}, current)
    assert desired["tags"] == dict(current["tags"], cost="1")
    alibaba.update(SINGLE, differences(desired, current, SPEC), token="tok")
    assert client.calls == [("tag_resources", "vco-1", {"cost": "1"})]


class EchoingClient(FakeClient):
    def modify_vpn_connection_attribute(self, connection_id, params, token):
        """As the API does: the connection after the modify, with the tags it had (tags change afterwards)."""
        self.calls.append(("modify_vpn_connection_attribute", connection_id, params, token))
        return dict(SINGLE, Name=params.get("Name", SINGLE["Name"]))


@pytest.mark.parametrize("changes, tags_in_answer", [
    ({"name": "new", "tags": {"cost": "1"}}, False),  # its Tags predate the tag calls
    ({"name": "new"}, True),                         # no tag call: its Tags are current
])
def test_adapter_update_answer_has_tags_only_when_they_are_current(changes, tags_in_answer):
    client = EchoingClient()
    alibaba = AlibabaConnectionAdapter(client, {"update_pre_shared_key": "on_create", "purge_tags": True})
    answer = alibaba.update(SINGLE, changes, token="tok")
    assert [call[0] for call in client.calls][0] == "modify_vpn_connection_attribute"
    assert ("tags" in connection_shape(answer)) is tags_in_answer
    assert connection_shape(answer)["name"] == "new"


def test_a_create_answer_says_nothing_about_tags():
    assert "tags" not in connection_shape({"VpnConnectionId": "vco-1", "Name": "office", "CreateTime": 1})


def test_masked_key_stands_in_per_update_pre_shared_key():
    wanted = {"tunnels": [{"role": "slave", "pre_shared_key": "wanted"}]}
    on_create, _client = adapter(**wanted)
    assert on_create.shape(DUAL)["tunnels"]["slave"]["pre_shared_key"] == "wanted"
    always, _client = adapter(update_pre_shared_key="always", **wanted)
    assert "pre_shared_key" not in always.shape(DUAL)["tunnels"]["slave"]
    # A key read in clear is always compared as read.
    clear, _client = adapter(tunnels=[{"role": "master", "pre_shared_key": "wanted"}])
    assert clear.shape(DUAL)["tunnels"]["master"]["pre_shared_key"] == "master-key"


def test_masked_key_proves_nothing_once_a_write_was_sent():
    # After a lost answer the engine reads and checks the changes: a masked key
    # must not pass for the wanted one, or a lost key change would count as applied.
    alibaba, _client = adapter(tunnels=[{"role": "slave", "pre_shared_key": "wanted"}], pre_shared_key="wanted")
    alibaba.update(DUAL, {"tunnels": {"slave": {"pre_shared_key": "wanted"}}}, token="tok")
    assert "pre_shared_key" not in alibaba.shape(DUAL)["tunnels"]["slave"]
    masked_single = dict(SINGLE, IkeConfig=dict(SINGLE["IkeConfig"], Psk="clear****"))
    assert "pre_shared_key" not in alibaba.shape(masked_single)


@pytest.mark.parametrize("raw, params, fragment", [
    (SINGLE, {"tunnels": [{"role": "master"}]}, "single-tunnel connection: tunnels"),
    (DUAL, {"ike": {"version": "ikev2"}}, "dual-tunnel connection: ike"),
    (DUAL, {"customer_gateway_id": "cgw-1"}, "dual-tunnel connection: customer_gateway_id"),
])
def test_options_of_the_other_tunnel_mode_fail(raw, params, fragment):
    alibaba, _client = adapter(**params)
    with pytest.raises(ResourceConflictError) as caught:
        alibaba.check_tunnel_mode(raw)
    assert fragment in str(caught.value)


def test_settled_only_when_the_connection_and_every_tunnel_are_active():
    alibaba, _client = adapter()
    assert alibaba.is_settled(DUAL)
    busy = copy.deepcopy(DUAL)
    busy["TunnelOptionsSpecification"]["TunnelOptions"][1]["State"] = "updating"
    assert not alibaba.is_settled(busy)
    assert not alibaba.is_settled(dict(SINGLE, State="init"))
    # A create answer has no State: it does not end the wait.
    assert not alibaba.is_settled({"VpnConnectionId": "vco-1", "Name": "office", "CreateTime": 1700000000000})
