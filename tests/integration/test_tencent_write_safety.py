# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Lost answers, slow answers, 5xx bursts and throttled waits, and the API-call floor, end to end.

Each scenario runs ansible-playbook against the emulator and asserts on the
result and on the request log: exactly one connection, the right final
state, ``changed: true``, and never a write sent again without a read
between the lost write and its resend.
"""

from __future__ import annotations

import math

import pytest

from conftest import REGION, SECRET_ID, SECRET_KEY

MODULE = "tencent_vpn_connection"
INFO = "tencent_vpn_connection_info"
GATEWAY = "vpngw-emu00001"
DESCRIBE = "DescribeVpnConnections"
CREATE, MODIFY, DELETE = "CreateVpnConnection", "ModifyVpnConnectionAttribute", "DeleteVpnConnection"

NEW = {
    "name": "branch",
    "vpn_gateway_id": GATEWAY,
    "vpc_id": "vpc-emu00001",
    "customer_gateway_id": "cgw-emu00001",
    "pre_shared_key": "Psk-Write-Safety-42",
    "security_policy_databases": [{"local_cidr_block": "10.0.0.0/16", "remote_cidr_blocks": ["192.168.1.0/24"]}],
}

# fault, count, extra module arguments: what each write goes through.
ANSWER_FAULTS = {
    "socket closed after the write": ("drop", 1, {}),
    "HTTP 502 after the write": ("lost_response", 1, {}),
    "answer slower than http_timeout": ("slow", 3, {"http_timeout": 1}),
    "HTTP 503 burst, write not applied": ("server_error", 2, {}),
}


def actions(entries):
    return [entry["action"] for entry in entries]


def calls(entries):
    """The API calls of a run, as (action, fault) pairs."""
    return [(entry["action"], entry.get("fault")) for entry in entries]


def assert_read_between_resends(entries, action):
    """Between two sends of ``action`` there is a successful read: nothing is sent again blindly."""
    sends = [index for index, entry in enumerate(entries) if entry["action"] == action]
    for first, second in zip(sends, sends[1:]):
        between = entries[first + 1:second]
        assert any(entry["kind"] == "read" and entry["status"] == 200 and not entry.get("error")
                   for entry in between), calls(entries)


def connections(ansible):
    return ansible(INFO, {"vpn_gateway_id": GATEWAY}).result["vpn_connections"]


@pytest.fixture
def created(applied):
    return applied(MODULE, dict(NEW))


# -- lost and slow answers, 5xx bursts --------------------------------------------------
@pytest.mark.parametrize("scenario", sorted(ANSWER_FAULTS))
def test_create(ansible, emulator, scenario):
    fault, count, extra = ANSWER_FAULTS[scenario]
    emulator.fault(fault, count, kind="write")
    run = ansible(MODULE, dict(NEW, **extra))
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    connection = run.result["vpn_connection"]
    assert connection["state"] == "AVAILABLE"
    entries = emulator.log()
    assert_read_between_resends(entries, CREATE)
    # Applied: found, never sent again. Not applied (503): sent once more per 503.
    assert actions(entries).count(CREATE) == (count + 1 if fault == "server_error" else 1)
    emulator.clear_log()
    assert [c["id"] for c in connections(ansible)] == [connection["id"]]


@pytest.mark.parametrize("scenario", sorted(ANSWER_FAULTS))
def test_modify(ansible, emulator, created, scenario):
    fault, count, extra = ANSWER_FAULTS[scenario]
    emulator.fault(fault, count, kind="write")
    run = ansible(MODULE, dict({"id": created["id"], "negotiation_type": "passive", "dpd_enable": True}, **extra))
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True
    connection = run.result["vpn_connection"]
    assert connection["negotiation_type"] == "passive" and connection["state"] == "AVAILABLE"
    entries = emulator.log()
    assert_read_between_resends(entries, MODIFY)
    assert actions(entries).count(MODIFY) == (count + 1 if fault == "server_error" else 1)
    emulator.clear_log()
    again = ansible(MODULE, {"id": created["id"], "negotiation_type": "passive", "dpd_enable": True})
    assert again.result["changed"] is False
    assert [c["id"] for c in connections(ansible)] == [created["id"]]


@pytest.mark.parametrize("scenario", sorted(ANSWER_FAULTS))
def test_delete(ansible, emulator, created, scenario):
    fault, count, extra = ANSWER_FAULTS[scenario]
    emulator.fault(fault, count, kind="write")
    run = ansible(MODULE, dict({"id": created["id"], "state": "absent"}, **extra))
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True and run.result["vpn_connection"] == {}
    entries = emulator.log()
    assert_read_between_resends(entries, DELETE)
    assert actions(entries).count(DELETE) == (count + 1 if fault == "server_error" else 1)
    assert connections(ansible) == []


def test_5xx_burst_resends_create_only_after_looking(ansible, emulator):
    emulator.fault("server_error", 1, kind="write")
    run = ansible(MODULE, dict(NEW))
    assert run.rc == 0 and run.result["changed"] is True
    assert calls(emulator.log())[:4] == [(DESCRIBE, None), (CREATE, "server_error"), (DESCRIBE, None),
                                         (CREATE, None)]


def test_throttled_polls_do_not_fail_the_wait(ansible, emulator, created):
    # Every call gets 3 attempts; after the lookup, the first two polls are
    # throttled 3 times each and fail, and the wait goes on polling.
    emulator.fault("throttle", 6, kind="read", after=1)
    run = ansible(MODULE, {"id": created["id"], "dpd_action": "clear", "dpd_enable": True},
                  env={"CLOUDVPN_RETRY_MAX_ATTEMPTS": "3"})
    assert run.rc == 0, run.stdout
    assert run.result["changed"] is True and run.result["vpn_connection"]["dpd_action"] == "clear"
    assert run.result["vpn_connection"]["state"] == "AVAILABLE"
    entries = emulator.log()
    modify_at = actions(entries).index(MODIFY)
    throttled_polls = [e for e in entries[modify_at + 1:] if e.get("fault") == "throttle"]
    assert len(throttled_polls) == 6 and actions(entries).count(MODIFY) == 1


def test_wait_timeout_message_names_the_last_state(ansible, emulator, created):
    emulator.fault("pending", 10000)
    run = ansible(MODULE, {"id": created["id"], "negotiation_type": "flowTrigger", "wait_timeout": 2})
    assert run.rc != 0
    message = run.result["msg"]
    assert message.startswith("timed out after 2 seconds waiting for %s to settle (" % created["id"])
    assert "last state seen: PENDING" in message


# -- the call floor ----------------------------------------------------------------------
def test_floor_no_op_is_one_read(ansible, emulator, created):
    run = ansible(MODULE, dict(NEW))
    assert run.result["changed"] is False
    assert calls(emulator.log()) == [(DESCRIBE, None)]


def test_floor_check_mode_is_one_read(ansible, emulator, created):
    run = ansible(MODULE, dict(NEW, negotiation_type="passive"), check=True)
    assert run.result["changed"] is True
    assert calls(emulator.log()) == [(DESCRIBE, None)]


def test_floor_change_with_wait_reads_only_while_waiting(ansible, emulator, created):
    run = ansible(MODULE, dict(NEW, negotiation_type="passive"))
    assert run.result["changed"] is True and run.result["vpn_connection"]["state"] == "AVAILABLE"
    # one read, the write, then the polls: PENDING once (the emulator's default), then AVAILABLE
    assert actions(emulator.log()) == [DESCRIBE, MODIFY, DESCRIBE, DESCRIBE]


def test_floor_create_without_wait(ansible, emulator):
    run = ansible(MODULE, dict(NEW, wait=False))
    assert run.result["changed"] is True
    connection = run.result["vpn_connection"]
    assert connection["id"].startswith("vpnx-") and connection["state"] == "PENDING"
    assert connection["name"] == NEW["name"] and "pre_shared_key" not in connection
    assert actions(emulator.log()) == [DESCRIBE, CREATE]


def test_floor_change_without_wait(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "negotiation_type": "passive", "wait": False})
    assert run.result["changed"] is True
    assert run.result["vpn_connection"]["negotiation_type"] == "passive"
    assert run.result["vpn_connection"]["state"] == "PENDING"
    assert actions(emulator.log()) == [DESCRIBE, MODIFY]


def test_floor_delete_without_wait(ansible, emulator, created):
    run = ansible(MODULE, {"id": created["id"], "state": "absent", "wait": False})
    assert run.result["changed"] is True
    assert actions(emulator.log()) == [DESCRIBE, DELETE]


def test_floor_delete_with_wait(ansible, emulator, created):
    ansible(MODULE, {"id": created["id"], "state": "absent"})
    # DELETING once, then gone
    assert actions(emulator.log()) == [DESCRIBE, DELETE, DESCRIBE, DESCRIBE]


def test_floor_create_answer_already_settled_ends_the_wait(ansible, emulator):
    emulator.fault("pending", 0)  # the create answer shows AVAILABLE
    run = ansible(MODULE, dict(NEW))
    assert run.result["changed"] is True and run.result["vpn_connection"]["state"] == "AVAILABLE"
    assert actions(emulator.log()) == [DESCRIBE, CREATE]


@pytest.mark.parametrize("count", [0, 100, 150])
def test_floor_info_reads_one_page_per_hundred(ansible, emulator, count):
    client = direct_client(emulator.url)
    for number in range(count):
        client.create_vpn_connection({
            "VpnConnectionName": "bulk-%d" % number, "VpnGatewayId": GATEWAY, "VpcId": "vpc-emu00001",
            "CustomerGatewayId": "cgw-emu00001", "PreShareKey": "Bulk-Psk-1234"})
    emulator.clear_log()
    run = ansible(INFO, {})
    assert len(run.result["vpn_connections"]) == count
    assert actions(emulator.log()) == [DESCRIBE] * max(1, math.ceil(count / 100))


def direct_client(url):
    """The collection's own API client, to fill the emulator quickly."""
    # pylint: disable=import-outside-toplevel
    from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials
    from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.api import TencentVpcClient
    from ansible_collections.cloudvpn.ipsec.plugins.module_utils.transport import HttpClient
    return TencentVpcClient(HttpClient("Tencent Cloud"), Credentials(SECRET_ID, SECRET_KEY), REGION, endpoint=url)
