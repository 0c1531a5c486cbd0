# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""TencentLegacyConnectionAdapter through the real reconcile engine, with an in-memory API 2.0 client."""

from __future__ import annotations

import copy
import json
import random

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import Reconciler
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.legacy_api import LegacyApiError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.legacy_connection import (
    TencentLegacyConnectionAdapter,
    list_connections,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.waiters import PollSchedule

SPEC = {
    "id": {"type": "str"}, "name": {"type": "str"}, "vpn_gateway_id": {"type": "str"}, "vpc_id": {"type": "str"},
    "customer_gateway_id": {"type": "str"}, "pre_shared_key": {"type": "str", "no_log": True},
    "security_policy_databases": {"type": "list", "elements": "dict", "options": {
        "local_cidr_block": {"type": "str"}, "remote_cidr_blocks": {"type": "list", "elements": "str"}}},
    "ike": {"type": "dict", "options": {
        "mode": {"type": "str", "choices": ["MAIN", "AGGRESSIVE"]},
        "encryption_algorithm": {"type": "str", "choices": ["3DES-CBC", "AES-CBC-128", "AES-CBC-256"]},
        "dh_group": {"type": "str", "choices": ["GROUP1", "GROUP2", "GROUP14"]},
        "lifetime_seconds": {"type": "int"}, "local_id": {"type": "str"}, "remote_id": {"type": "str"},
        "local_id_type": {"type": "str", "choices": ["ADDRESS", "FQDN"]},
        "remote_id_type": {"type": "str", "choices": ["ADDRESS", "FQDN"]}}},
    "ipsec": {"type": "dict", "options": {
        "pfs": {"type": "str", "choices": ["NULL", "DH-GROUP2"]},
        "authentication_algorithm": {"type": "str", "choices": ["MD5", "SHA1"]},
        "lifetime_seconds": {"type": "int"}}},
}

ROW = {
    "vpcId": "gz_vpc_1", "unVpcId": "vpc-1", "vpnGwId": 10, "unVpnGwId": "vpngw-1", "vpnConnId": 8,
    "unVpnConnId": "vpnx-8", "vpnConnName": "office", "userGwId": 3, "unUserGwId": "cgw-1", "vpcConnStatus": 6,
    "netStatus": "available", "preSharedKey": "old-key-1", "sourceCidr": ["10.0.0.0/24", "10.0.1.0/24"],
    "destinationCidr": ["192.168.0.0/24", "192.168.1.0/24"], "vpnProto": "ip-sec",
    "IKEArr": {"propoEncryAlgorithm": "aes-cbc-128", "propoAuthenAlgorithm": "sha", "exchangeMode": "main",
               "localIdentity": "address", "localAddress": "203.0.113.10", "remoteIdentity": "address",
               "remoteAddress": "198.51.100.1", "localFqdnName": None, "remoteFqdnName": None,
               "dhGroupName": "group2", "ikeSaLifetimeSeconds": "86400"},
    "IPSECArr": {"encryptAlgorithm": "aes-cbc-128", "integrityAlgorith": "sha1", "pfsDhGroup": "null",
                 "ipsecSaLifetimeSeconds": "3600", "ipsecSaLifetimeTraffic": "1843200"},
}


class FakeLegacyClient:
    """Rows in memory; tasks that end after ``task_polls`` polls; every call recorded as (action, params)."""

    def __init__(self, rows=(), task_polls=1):
        self.rows = [copy.deepcopy(row) for row in rows]
        self.calls = []
        self.task_polls = task_polls
        self.tasks = {}
        self.delete_error = None

    def actions(self):
        return [call[0] for call in self.calls]

    def _task(self):
        task = 100 + len(self.tasks)
        self.tasks[task] = self.task_polls
        return task

    def describe_vpn_conn(self, filters=None):
        filters = filters or {}
        self.calls.append(("DescribeVpnConn", dict(filters)))
        found = []
        for row in self.rows:
            if "vpnGwId" in filters and filters["vpnGwId"] not in (row["unVpnGwId"], str(row["vpnGwId"])):
                continue
            if "vpnConnId" in filters and filters["vpnConnId"] not in (row["unVpnConnId"], str(row["vpnConnId"])):
                continue
            if "vpcId" in filters and filters["vpcId"] != row["unVpcId"]:
                continue
            if filters.get("vpnConnName", "") not in row["vpnConnName"]:  # substring, as the API does
                continue
            found.append(copy.deepcopy(row))
        return found

    def add_vpn_conn_ex(self, params):
        self.calls.append(("AddVpnConnEx", params))
        number = 20 + len(self.rows)
        acl = json.loads(params["spdAcl"])
        self.rows.append({
            "unVpcId": params["vpcId"], "vpnGwId": 10, "unVpnGwId": params["vpnGwId"], "vpnConnId": number,
            "unVpnConnId": "vpnx-%d" % number, "vpnConnName": params["vpnConnName"], "unUserGwId": params["userGwId"],
            "vpcConnStatus": 6, "preSharedKey": params["preSharedKey"], "sourceCidr": sorted(acl),
            "destinationCidr": sorted({remote for remotes in acl.values() for remote in remotes}),
            "IKESet": params.get("IKESet"), "IPsecSet": params.get("IPsecSet")})
        return {"vpnGwId": params["vpnGwId"], "vpnConnId": 0, "taskId": self._task(), "vpnConnStatus": 0}

    def modify_vpn_conn_ex(self, params):
        self.calls.append(("ModifyVpnConnEx", params))
        return {"taskId": self._task(), "vpcConnStatus": 2}

    def delete_vpn_conn(self, vpc_id, gateway_id, connection_id):
        self.calls.append(("DeleteVpnConn", {"vpcId": vpc_id, "vpnGwId": gateway_id, "vpnConnId": connection_id}))
        if self.delete_error:
            raise self.delete_error
        self.rows = [row for row in self.rows if row["unVpnConnId"] != connection_id]
        return {"taskId": self._task(), "state": 4}

    def describe_vpc_task_result(self, task):
        self.calls.append(("DescribeVpcTaskResult", {"taskId": task}))
        self.tasks[task] -= 1
        return "running" if self.tasks[task] > 0 else "done"


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def run(client, params, desired=None, state="present", **kwargs):
    adapter = TencentLegacyConnectionAdapter(client, params)
    clock = Clock()
    engine = Reconciler(adapter, SPEC, clock=clock, sleep=clock.sleep, rng=random.Random(1),
                        poll=PollSchedule(2.0, 5.0, jitter=0.0), **kwargs)
    if state == "absent":
        return engine.absent()
    return engine.present(desired if desired is not None else params)


WANTED = {"name": "office", "vpn_gateway_id": "vpngw-1", "vpc_id": "vpc-1", "customer_gateway_id": "cgw-1",
          "pre_shared_key": "old-key-1",
          "security_policy_databases": [
              {"local_cidr_block": "10.0.0.0/24", "remote_cidr_blocks": ["192.168.0.0/24"]},
              {"local_cidr_block": "10.0.1.0/24", "remote_cidr_blocks": ["192.168.1.0/24"]}],
          "ike": {"mode": "MAIN", "encryption_algorithm": "AES-CBC-128", "lifetime_seconds": 86400},
          "ipsec": {"pfs": "NULL", "authentication_algorithm": "SHA1"}}


def test_an_identical_run_reads_one_page_and_writes_nothing():
    # The SPD pairing differs from what the row can show, but the flattened forms are equal.
    client = FakeLegacyClient([ROW])
    outcome = run(client, dict(WANTED))
    assert not outcome.changed and client.actions() == ["DescribeVpnConn"]
    assert client.calls[0][1] == {"vpnGwId": "vpngw-1", "vpnConnName": "office"}


def test_a_name_that_only_contains_the_wanted_one_is_not_a_match():
    client = FakeLegacyClient([dict(ROW, vpnConnName="office-2")], task_polls=2)
    outcome = run(client, dict(WANTED))
    assert outcome.changed and client.actions() == [
        "DescribeVpnConn", "AddVpnConnEx", "DescribeVpcTaskResult", "DescribeVpcTaskResult", "DescribeVpnConn"]
    assert outcome.after["id"] == "vpnx-21" and outcome.after["state"] == "AVAILABLE"


def test_create_sends_every_required_parameter_in_api_2_0_spelling():
    client = FakeLegacyClient()
    run(client, dict(WANTED))
    params = client.calls[1][1]
    assert {key: params[key] for key in ("vpcId", "vpnGwId", "userGwId", "vpnConnName", "preSharedKey")} == {
        "vpcId": "vpc-1", "vpnGwId": "vpngw-1", "userGwId": "cgw-1", "vpnConnName": "office",
        "preSharedKey": "old-key-1"}
    assert json.loads(params["spdAcl"]) == {"10.0.0.0/24": ["192.168.0.0/24"], "10.0.1.0/24": ["192.168.1.0/24"]}
    assert params["IKESet"] == [{"exchangeMode": "main", "propoEncryAlgorithm": "aes-cbc-128",
                                 "ikeSaLifetimeSeconds": 86400}]


def test_create_without_wait_looks_up_at_once():
    client = FakeLegacyClient(task_polls=3)
    run(client, dict(WANTED), wait=False)
    assert client.actions() == ["DescribeVpnConn", "AddVpnConnEx", "DescribeVpnConn"]


def test_create_needs_vpc_and_spd():
    client = FakeLegacyClient()
    wanted = {key: value for key, value in WANTED.items() if key not in ("vpc_id", "security_policy_databases")}
    with pytest.raises(ResourceConflictError) as caught:
        run(client, wanted)
    assert str(caught.value).endswith("creating it needs vpc_id, security_policy_databases")
    assert client.actions() == ["DescribeVpnConn"]


def test_an_ike_change_sends_the_whole_ike_set_with_the_ids_and_nothing_else():
    client = FakeLegacyClient([ROW])
    outcome = run(client, dict(WANTED, ike={"dh_group": "GROUP14"}))
    assert client.actions() == ["DescribeVpnConn", "ModifyVpnConnEx", "DescribeVpcTaskResult", "DescribeVpnConn"]
    params = client.calls[1][1]
    assert params == {
        "vpcId": "vpc-1", "vpnGwId": "vpngw-1", "vpnConnId": "vpnx-8",
        "IKESet": [{"exchangeMode": "main", "propoEncryAlgorithm": "aes-cbc-128", "propoAuthenAlgorithm": "sha",
                    "dhGroupName": "group14", "ikeSaLifetimeSeconds": 86400, "localIdentity": "address",
                    "localAddress": "203.0.113.10", "remoteIdentity": "address", "remoteAddress": "198.51.100.1"}]}
    assert client.calls[3][1] == {"vpnConnId": "vpnx-8"}
    assert outcome.changed


def test_an_ipsec_change_sends_the_whole_ipsec_set():
    client = FakeLegacyClient([ROW])
    run(client, dict(WANTED, ipsec={"pfs": "DH-GROUP2"}))
    assert client.calls[1][1]["IPsecSet"] == [{"encryptAlgorithm": "aes-cbc-128", "integrityAlgorith": "sha",
                                               "pfsDhGroup": "dh-group2", "ipsecSaLifetimeSeconds": 3600,
                                               "ipsecSaLifetimeTraffic": 1843200}]
    assert "IKESet" not in client.calls[1][1]


def test_the_key_is_sent_only_when_it_differs():
    client = FakeLegacyClient([ROW])
    result = run(client, dict(WANTED, pre_shared_key="new-key-22")).result()
    assert client.calls[1][1]["preSharedKey"] == "new-key-22"
    assert "new-key-22" not in str(result) and "old-key-1" not in str(result)


def test_a_different_flattened_spd_sends_the_whole_desired_spd():
    client = FakeLegacyClient([ROW])
    spd = [{"local_cidr_block": "10.0.0.0/24", "remote_cidr_blocks": ["192.168.0.0/24", "192.168.7.0/24"]}]
    run(client, dict(WANTED, security_policy_databases=spd))
    assert client.calls[1][1]["spdAcl"] == '{"10.0.0.0/24":["192.168.0.0/24","192.168.7.0/24"]}'


@pytest.mark.parametrize("option, value", [("customer_gateway_id", "cgw-2"), ("vpc_id", "vpc-2"),
                                           ("vpn_gateway_id", "vpngw-2")])
def test_gateway_vpc_and_customer_gateway_are_immutable(option, value):
    client = FakeLegacyClient([ROW])
    params = dict(WANTED, id="vpnx-8", **{option: value})
    with pytest.raises(ResourceConflictError) as caught:
        run(client, params)
    assert option in str(caught.value) and "recreate" in str(caught.value)
    assert client.actions() == ["DescribeVpnConn"]


def test_a_recreate_sends_the_spd_rules_as_given_not_as_read():
    client = FakeLegacyClient([ROW])
    run(client, dict(WANTED, id="vpnx-8", customer_gateway_id="cgw-2"), recreate=True)
    assert client.actions()[:3] == ["DescribeVpnConn", "DeleteVpnConn", "DescribeVpcTaskResult"]
    created = [call[1] for call in client.calls if call[0] == "AddVpnConnEx"][0]
    assert json.loads(created["spdAcl"]) == {"10.0.0.0/24": ["192.168.0.0/24"], "10.0.1.0/24": ["192.168.1.0/24"]}
    assert created["userGwId"] == "cgw-2" and created["preSharedKey"] == "old-key-1"


def test_read_by_id_matches_the_un_id_or_the_number():
    client = FakeLegacyClient([ROW])
    assert TencentLegacyConnectionAdapter(client, {}).read("vpnx-8")["vpnConnName"] == "office"
    assert TencentLegacyConnectionAdapter(client, {}).read("8")["unVpnConnId"] == "vpnx-8"
    assert TencentLegacyConnectionAdapter(client, {}).read("vpnx-9") is None


def test_delete_with_wait_follows_the_task_then_reads_until_gone():
    client = FakeLegacyClient([ROW])
    outcome = run(client, {"id": "vpnx-8"}, state="absent")
    assert outcome.changed and client.actions() == [
        "DescribeVpnConn", "DeleteVpnConn", "DescribeVpcTaskResult", "DescribeVpnConn"]
    assert client.calls[1][1] == {"vpcId": "vpc-1", "vpnGwId": "vpngw-1", "vpnConnId": "vpnx-8"}


def test_delete_of_a_tunnel_already_gone_is_done():
    client = FakeLegacyClient([ROW])
    client.delete_error = LegacyApiError(4000, "InvalidVpnConn.NotFound", "gone")
    run(client, {"id": "vpnx-8"}, state="absent", wait=False)
    assert client.actions() == ["DescribeVpnConn", "DeleteVpnConn"]


@pytest.mark.parametrize("status, settled, failed", [(0, False, False), (2, False, False), (4, False, False),
                                                     (6, True, False), (1, True, True), (3, True, True),
                                                     (5, True, True)])
def test_settled_and_failed_statuses(status, settled, failed):
    adapter = TencentLegacyConnectionAdapter(None, {})
    row = dict(ROW, vpcConnStatus=status)
    assert adapter.is_settled(row) is settled and adapter.is_failed(row) is failed


def test_task_of_a_write_answer():
    adapter = TencentLegacyConnectionAdapter(None, {})
    assert adapter.task_of({"taskId": 12613}) == 12613
    assert adapter.task_of({"taskId": 0}) is None and adapter.task_of(None) is None


def test_retryable_errors():
    adapter = TencentLegacyConnectionAdapter(None, {})
    assert adapter.is_retryable(LegacyApiError(5100, "InvalidVpnConnState", "busy"))
    assert not adapter.is_retryable(LegacyApiError(4000, "InvalidParameter", "bad"))


# -- the _info listing -------------------------------------------------------------------------
ROWS = [ROW, dict(ROW, unVpnConnId="vpnx-9", vpnConnId=9, vpnConnName="office-2", unUserGwId="cgw-2"),
        dict(ROW, unVpnConnId="vpnx-10", vpnConnId=10, vpnConnName="lab", unVpnGwId="vpngw-3", vpnGwId=30)]


def test_listing_sends_the_filters_and_matches_exactly():
    client = FakeLegacyClient(ROWS)
    found = list_connections(client, {"name": "office", "vpc_id": "vpc-1", "vpn_gateway_id": "vpngw-1"})
    assert [shape["id"] for shape in found] == ["vpnx-8"]
    assert client.calls == [("DescribeVpnConn", {"vpcId": "vpc-1", "vpnGwId": "vpngw-1", "vpnConnName": "office"})]
    assert all("pre_shared_key" not in shape for shape in found)


def test_listing_one_id_is_sent_several_are_matched_here():
    client = FakeLegacyClient(ROWS)
    assert [s["id"] for s in list_connections(client, {"ids": ["vpnx-9"]})] == ["vpnx-9"]
    assert client.calls[-1][1] == {"vpnConnId": "vpnx-9"}
    assert [s["id"] for s in list_connections(client, {"ids": ["vpnx-10", "vpnx-8", "vpnx-77"]})] == [
        "vpnx-8", "vpnx-10"]
    assert client.calls[-1][1] == {}


def test_listing_by_customer_gateway_is_matched_here():
    client = FakeLegacyClient(ROWS)
    assert [s["id"] for s in list_connections(client, {"customer_gateway_id": "cgw-2"})] == ["vpnx-9"]
    assert client.calls[-1][1] == {}


def test_a_change_that_would_resend_a_value_only_api_3_0_has_fails_before_the_modify():
    # Set through API 3.0: GROUP19 reads back, but a change to another IKE setting resends it.
    row = copy.deepcopy(ROW)
    row["IKEArr"]["dhGroupName"] = "group19"
    client = FakeLegacyClient([row])
    with pytest.raises(ResourceConflictError) as caught:
        run(client, {"id": "vpnx-8", "ike": {"lifetime_seconds": 3600}})
    assert "ike.dh_group GROUP19" in str(caught.value) and "vpnx-8" in str(caught.value)
    assert client.actions() == ["DescribeVpnConn"]
    # Giving the group a value API 2.0 has in the same run sends the whole group.
    run(client, {"id": "vpnx-8", "ike": {"lifetime_seconds": 3600, "dh_group": "GROUP14"}})
    assert client.actions()[1:3] == ["DescribeVpnConn", "ModifyVpnConnEx"]
    sent = [call[1] for call in client.calls if call[0] == "ModifyVpnConnEx"][0]
    assert sent["IKESet"][0]["dhGroupName"] == "group14" and sent["IKESet"][0]["ikeSaLifetimeSeconds"] == 3600
