# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""report_api_calls end to end: the calls a task made, matching the emulator's request log."""

from __future__ import annotations

import json

from conftest import SECRET_KEY

PSK = "Audit-Pre-Shared-Key-5"
TUNNEL = {"name": "audited", "vpn_gateway_id": "vpngw-emu00001", "vpc_id": "vpc-emu00001",
          "customer_gateway_id": "cgw-emu00001", "pre_shared_key": PSK, "report_api_calls": True}


def test_a_create_reports_every_call_with_its_attempts(ansible, emulator):
    emulator.fault("throttle", 1)
    run = ansible("tencent_vpn_connection", TUNNEL)
    assert run.rc == 0, run.stdout
    calls = run.result["api_calls"]
    assert calls[0] == {"action": "DescribeVpnConnections", "attempts": 2, "outcome": "ok"}
    assert {"action": "CreateVpnConnection", "attempts": 1, "outcome": "ok"} in calls
    assert sum(call["attempts"] for call in calls) == len(emulator.log())
    assert [call["action"] for call in calls] == [
        entry["action"] for entry in emulator.log() if not entry.get("fault")]
    text = json.dumps(calls)
    assert PSK not in text and SECRET_KEY not in text


def test_an_unchanged_run_reports_its_one_read_and_nothing_when_not_asked(ansible, emulator):
    assert ansible("tencent_vpn_connection", TUNNEL).rc == 0
    again = ansible("tencent_vpn_connection", TUNNEL)
    assert not again.result["changed"]
    assert again.result["api_calls"] == [{"action": "DescribeVpnConnections", "attempts": 1, "outcome": "ok"}]
    quiet = ansible("tencent_vpn_connection", dict(TUNNEL, report_api_calls=False))
    assert "api_calls" not in quiet.result
