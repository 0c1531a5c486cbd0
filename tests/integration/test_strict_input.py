# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bad input fails before any request: the message names the option, and the emulator sees nothing.

All cases run in one ansible-playbook run (a loop per module), to keep the stage short.
"""

from __future__ import annotations

import json

from conftest import HERE
from test_tencent_vpn_connection import BASE

TOKEN = "Zq7-Session-Token-Value"


def with_args(**overrides):
    merged = dict(BASE)
    merged.update(overrides)
    return merged


CONNECTION_CASES = [
    (with_args(region="x@evil.example:443/"), "region"),
    (with_args(security_policy_databases=[{"local_cidr_block": "10.0.0.1", "remote_cidr_blocks": ["192.168.0.0/24"]}]),
     "security_policy_databases[0].local_cidr_block"),
    (with_args(security_policy_databases=[{"local_cidr_block": "10.0.0.0/16",
                                           "remote_cidr_blocks": ["192.168.0.1/24"]}]),
     "security_policy_databases[0].remote_cidr_blocks[0]"),
    (with_args(pre_shared_key="q"), "pre_shared_key"),
    (with_args(pre_shared_key="k" * 100000), "pre_shared_key"),
    (with_args(endpoint="https://vpc.tencentcloudapi.com/v2?Action=x"), "endpoint"),
    (with_args(name="office\u202egpj.exe"), "name"),
    (with_args(ike={"remote_id_type": "ADDRESS", "remote_id": "2001:db8::1"}), "ike.remote_id"),
]
INFO_CASES = [
    ({"region": "ap-guangzhou.evil.example"}, "region"),
    ({"http_timeout": 0}, "http_timeout"),
    ({"security_token": TOKEN + "\n"}, "security_token"),
]


def test_bad_input_fails_naming_the_option_and_sends_nothing(ansible, emulator):
    run = ansible("bad_input", {"connection": [case[0] for case in CONNECTION_CASES],
                                "info": [case[0] for case in INFO_CASES]},
                  playbook=HERE / "playbooks" / "bad_input.yml")
    assert [record["status"] for record in run.records] == ["failed", "failed"], run.stdout
    for record, cases in zip(run.records, (CONNECTION_CASES, INFO_CASES)):
        results = record["result"]["results"]
        assert len(results) == len(cases)
        for result, (_args, option) in zip(results, cases):
            assert result["failed"] and result["msg"].startswith(option + ": "), result["msg"]
            assert "error" not in result  # not a provider error: nothing was asked
            # What the module returned; "item" is the loop variable Ansible adds, as given.
            module_result = {key: value for key, value in result.items() if key != "item"}
            assert TOKEN not in json.dumps(module_result)
    assert emulator.log() == []
