# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import differences
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.common import PSK_RULE, REGION_PATTERN
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.connection import HuaweiConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.huawei.transformations import (
    connection_shape,
    create_body,
    update_body,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import interface_in, max_items, region, validate
from ansible_collections.cloudvpn.ipsec.plugins.modules.huawei_vpn_connection import (
    CONNECTION_OPTIONS,
    VALIDATION_RULES,
)

# The response of seed 004 (update), as the API documents it.
SEED_RESPONSE = {
    "id": "98c5af8a-demo-a8df-va86-ae2280a6f4c3", "name": "vpn-1655",
    "vgw_id": "b32d91a4-demo-a8df-va86-e907174eb11d", "vgw_ip": "0c464dad-demo-a8df-va86-c22bb0eb0bde",
    "style": "POLICY", "cgw_id": "5247ae10-demo-a8df-va86-dd36659a7f5d", "peer_subnets": ["192.168.1.0/24"],
    "tunnel_local_address": "169.254.56.225/30", "tunnel_peer_address": "169.254.56.226/30",
    "policy_rules": [{"source": "10.0.0.0/24", "destination": ["192.168.1.0/24"]}],
    "ikepolicy": {"ike_version": "v2", "authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128",
                  "dh_group": "group15", "authentication_method": "pre-share", "lifetime_seconds": 86400,
                  "local_id_type": "ip", "local_id": "10.***.***.134", "peer_id_type": "ip",
                  "peer_id": "88.***.***.164", "dpd": {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"}},
    "ipsecpolicy": {"authentication_algorithm": "sha2-256", "encryption_algorithm": "aes-128", "pfs": "group15",
                    "transform_protocol": "esp", "lifetime_seconds": 3600, "encapsulation_mode": "tunnel"},
    "created_at": "2025-06-26T13:41:34.626Z", "updated_at": "2025-06-26T13:41:34.626Z",
    "enterprise_project_id": "0", "ha_role": "master",
}


def test_seed_response_in_module_shape():
    shape = connection_shape(SEED_RESPONSE)
    assert shape["vpn_gateway_id"] == SEED_RESPONSE["vgw_id"] and shape["vpn_gateway_ip"] == SEED_RESPONSE["vgw_ip"]
    assert shape["customer_gateway_id"] == SEED_RESPONSE["cgw_id"]
    assert shape["policy_rules"] == [{"rule_index": 1, "source": "10.0.0.0/24", "destination": ["192.168.1.0/24"]}]
    assert shape["ike"]["remote_id"] == "88.***.***.164" and shape["ike"]["remote_id_type"] == "ip"
    assert "mode" not in shape["ike"] and shape["ike"]["authentication_method"] == "pre-share"
    assert shape["ike"]["dpd"] == {"timeout": 15, "interval": 30, "msg": "seq-hash-notify"}
    assert shape["ipsec"]["pfs"] == "group15" and shape["tags"] == {}
    assert "pre_shared_key" not in shape


def test_create_body_uses_the_api_names_and_lower_case_style():
    body = create_body({"name": "n", "vpn_gateway_id": "g", "vpn_gateway_ip": "e", "customer_gateway_id": "c",
                        "style": "POLICY", "pre_shared_key": "k", "enable_health_check": True,
                        "policy_rules": [{"source": "10.0.0.0/24", "destination": ["1.0.0.0/8"]}],
                        "ike": {"version": "v2", "mode": "main", "remote_id_type": "fqdn", "remote_id": "peer",
                                "dpd": {"msg": "seq-notify-hash"}},
                        "ipsec": {"pfs": "disable"}, "tags": {"b": "2", "a": "1"}})
    assert body == {
        "name": "n", "vgw_id": "g", "vgw_ip": "e", "cgw_id": "c", "style": "policy", "psk": "k",
        "enable_health_check": True,
        "policy_rules": [{"rule_index": 1, "source": "10.0.0.0/24", "destination": ["1.0.0.0/8"]}],
        "ikepolicy": {"ike_version": "v2", "phase1_negotiation_mode": "main", "peer_id_type": "fqdn",
                      "peer_id": "peer", "dpd": {"msg": "seq-notify-hash"}},
        "ipsecpolicy": {"pfs": "disable"},
        "tags": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}],
    }


def test_update_body_holds_only_what_the_update_takes():
    changes = {"name": "n", "pre_shared_key": "k", "ike": {"lifetime_seconds": 3600}, "tags": {"a": "1"},
               "vpn_gateway_id": "other"}
    assert update_body(changes) == {"name": "n", "psk": "k", "ikepolicy": {"lifetime_seconds": 3600}}


def test_style_and_policy_rules_compare_case_insensitively_and_as_sets():
    current = connection_shape(dict(SEED_RESPONSE, policy_rules=[
        {"rule_index": 2, "source": "10.0.1.0/24", "destination": ["192.168.2.0/24", "192.168.1.0/24"]},
        {"rule_index": 1, "source": "10.0.0.0/24", "destination": ["192.168.1.0/24"]}]))
    desired = {"style": "policy", "policy_rules": [
        {"rule_index": 1, "source": "10.0.0.0/24", "destination": ["192.168.1.0/24"]},
        {"rule_index": 2, "source": "10.0.1.0/24", "destination": ["192.168.1.0/24", "192.168.2.0/24"]}]}
    assert differences(desired, current, CONNECTION_OPTIONS) == {}
    desired["policy_rules"][1]["destination"] = ["192.168.3.0/24"]
    assert list(differences(desired, current, CONNECTION_OPTIONS)) == ["policy_rules"]


def test_without_purge_tags_only_the_given_keys_are_compared():
    current = {"tags": {"team": "net", "env": "prod"}}
    kept = HuaweiConnectionAdapter(None, {"purge_tags": False})
    assert differences(kept.resolve({"tags": {"team": "net"}}, current), current, CONNECTION_OPTIONS) == {}
    assert differences(kept.resolve({"tags": {"team": "sec"}}, current), current, CONNECTION_OPTIONS) == {
        "tags": {"team": "sec", "env": "prod"}}
    purged = HuaweiConnectionAdapter(None, {"purge_tags": True})
    assert differences(purged.resolve({"tags": {"team": "net"}}, current), current, CONNECTION_OPTIONS) == {
        "tags": {"team": "net"}}


class RecordingClient:
    def __init__(self):
        self.calls = []

    def delete_tags(self, connection_id, tags):
        self.calls.append(("delete_tags", tags))

    def create_tags(self, connection_id, tags):
        self.calls.append(("create_tags", tags))

    def update_connection(self, connection_id, body):
        self.calls.append(("update", body))
        return {"id": connection_id}


@pytest.mark.parametrize("purge, wanted, calls", [
    (True, {"tags": {"a": "1", "b": "new", "d": "4"}},
     [("delete_tags", {"b": "old", "c": "3"}), ("create_tags", {"b": "new", "d": "4"})]),
    (False, {"tags": {"b": "new"}}, [("delete_tags", {"b": "old"}), ("create_tags", {"b": "new"})]),
    (True, {"tags": {"a": "1", "b": "old", "c": "3"}, "enable_hub": True}, [("update", {"enable_hub": True})]),
])
def test_adapter_update_sends_tag_calls_then_the_put(purge, wanted, calls):
    """Removed and changed keys deleted (with their current values), then new and changed pairs created."""
    client = RecordingClient()
    adapter = HuaweiConnectionAdapter(client, {"purge_tags": purge})
    raw = {"id": "c1", "tags": [{"key": "a", "value": "1"}, {"key": "b", "value": "old"},
                                {"key": "c", "value": "3"}]}
    current = connection_shape(raw)
    changes = differences(adapter.resolve(wanted, current), current, CONNECTION_OPTIONS)
    answer = adapter.update(raw, changes, token="t")
    assert client.calls == calls
    assert (answer is None) == ("enable_hub" not in changes)


@pytest.mark.parametrize("status, settled, failed", [
    ("PENDING_CREATE", False, False), ("PENDING_UPDATE", False, False), ("PENDING_DELETE", False, False),
    ("ACTIVE", True, False), ("DOWN", True, False), ("FREEZED", True, False), (None, False, False),
    ("ERROR", False, True)])
def test_statuses(status, settled, failed):
    adapter = HuaweiConnectionAdapter(None, {})
    assert adapter.is_settled({"status": status}) is settled
    assert adapter.is_failed({"status": status}) is failed


@pytest.mark.parametrize("psk, fragment", [
    ("Short1!", "length 7"),
    ("x" * 129, "length 129"),
    ("alllowercase", "mixes only 1 character classes"),
    ("lowerUPPER", "mixes only 2 character classes"),
    ("Abc123456\u00e9", "not allowed"),
    ("Abc 123456&", "not allowed"),
])
def test_pre_shared_key_rules_never_echo_the_key(psk, fragment):
    with pytest.raises(ValidationError) as caught:
        validate({"pre_shared_key": psk}, VALIDATION_RULES)
    assert fragment in str(caught.value) and psk not in str(caught.value)
    assert "at least 3 of" in str(caught.value)


# "abc 12345": the space is one of Huawei's symbols, so it makes the third class.
@pytest.mark.parametrize("psk", ["Abcdefg1", "abc123-_.", "Psk-Sup3r-S3cret-Value", "ABC{ }123", "abc 12345"])
def test_pre_shared_keys_that_pass(psk):
    validate({"pre_shared_key": psk}, {"pre_shared_key": [PSK_RULE]})


def test_at_most_five_policy_rules():
    rules = [{"source": "10.0.%d.0/24" % n, "destination": ["192.168.0.0/24"]} for n in range(6)]
    with pytest.raises(ValidationError) as caught:
        validate({"policy_rules": rules}, VALIDATION_RULES)
    assert str(caught.value) == "policy_rules: has 6 items (allowed: at most 5)"
    validate({"policy_rules": rules[:5]}, VALIDATION_RULES)
    with pytest.raises(ValidationError):
        max_items(2)("x", [1, 2, 3])


@pytest.mark.parametrize("value, ok", [("169.254.56.225/30", True), ("169.254.56.225", False),
                                       ("10.0.0.1/30", False), ("nonsense", False)])
def test_tunnel_interface_addresses(value, ok):
    check = interface_in("169.254.0.0/16")
    if ok:
        check("tunnel_local_address", value)
        validate({"tunnel_local_address": value}, VALIDATION_RULES)
    else:
        with pytest.raises(ValidationError):
            check("tunnel_local_address", value)
        with pytest.raises(ValidationError):
            validate({"tunnel_peer_address": value}, VALIDATION_RULES)


@pytest.mark.parametrize("value, ok", [("cn-north-4", True), ("ap-southeast-1", True), ("eu-west-101", True),
                                       ("sa-brazil-1", True), ("ae-ad-1", True), ("la-north-2", True),
                                       ("cn-north", False), ("CN-NORTH-4", False), ("cn-north-4/../x", False),
                                       ("cn-north-4.evil.example", False)])
def test_region_ids(value, ok):
    check = region(REGION_PATTERN)
    if ok:
        check("region", value)
    else:
        with pytest.raises(ValidationError):
            check("region", value)


def test_poll_schedule_follows_terraform():
    assert (HuaweiConnectionAdapter.poll.first_delay, HuaweiConnectionAdapter.poll.interval) == (10.0, 5.0)


@pytest.mark.parametrize("code, status, retry", [("APIG.0308", 429, True), ("VPN.0030", 400, True),
                                                 ("VPN.0031", 400, True), ("VPN.0001", 400, False),
                                                 ("VPN.0004", 404, False)])
def test_retryable_errors(code, status, retry):
    error = ProviderError(code, "m", http_status=status, provider="Huawei Cloud")
    assert HuaweiConnectionAdapter(None, {}).is_retryable(error) is retry


class ListingClient:
    def __init__(self, connections):
        self.connections = connections
        self.listed = []

    def list_connections(self, vpn_gateway_id=None):
        self.listed.append(vpn_gateway_id)
        return [raw for raw in self.connections if raw["vgw_id"] == vpn_gateway_id]


def test_find_created_looks_up_by_name_even_when_id_is_given():
    # A recreate has the old connection's ID in params: the new one is found by name within the gateway.
    client = ListingClient([{"id": "new", "name": "office", "vgw_id": "g2"},
                            {"id": "other", "name": "office", "vgw_id": "g1"}])
    adapter = HuaweiConnectionAdapter(client, {"id": "old", "name": "office"})
    assert adapter.find_created({"name": "office", "vpn_gateway_id": "g2"})["id"] == "new"
    assert client.listed == ["g2"]
