# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Tencent's own rules, through the modules' main(): refused before any request, naming the option."""

from __future__ import annotations

import pytest

from test_every_module_input import assert_clean, minimal_args, run_main


@pytest.mark.parametrize("module_name, extra, option", [
    ("tencent_vpn_connection", {"pre_shared_key": "q"}, "pre_shared_key"),
    ("tencent_vpn_connection", {"pre_shared_key": "k" * 100000}, "pre_shared_key"),
    ("tencent_vpn_connection", {"pre_shared_key": "Zq7 key with spaces"}, "pre_shared_key"),
    ("tencent_vpn_connection", {"name": "n" * 61}, "name"),
    ("tencent_vpn_connection", {"ike": {"local_id": "2001:db8::1"}}, "ike.local_id"),
    ("tencent_vpn_connection", {"ike": {"remote_id_type": "FQDN", "remote_id": "bad_name.example"}},
     "ike.remote_id"),
    ("tencent_vpn_connection_info", {"name": "n" * 61}, "name"),
    ("tencent_vpn_connection_info", {"http_timeout": 0}, "http_timeout"),
    ("tencent_vpn_connection_info", {"ids": ["vpnx-1", "vpnx-2?Limit=1"]}, "ids[1]"),
])
def test_tencent_rules_refuse_before_any_request(module_name, extra, option, monkeypatch):
    args = dict(minimal_args(module_name), **extra)
    result, wire, text = run_main(module_name, args, monkeypatch)
    assert_clean(module_name, args, result, wire, text)
    assert result["failed"] and wire.sent == []
    assert result["msg"].startswith(option + ": "), result["msg"]


@pytest.mark.parametrize("module_name, extra", [
    ("tencent_vpn_connection", {"pre_shared_key": "Exactly8", "name": "n" * 60,
                                "ike": {"local_id": "203.0.113.1", "remote_id": "peer.example.com"}}),
    ("tencent_vpn_connection_info", {"name": "n" * 60, "ids": ["vpnx-1a2b3c4d"], "http_timeout": 600}),
])
def test_values_at_the_bounds_are_sent(module_name, extra, monkeypatch):
    args = dict(minimal_args(module_name), **extra)
    result, wire, text = run_main(module_name, args, monkeypatch)
    assert_clean(module_name, args, result, wire, text)
    assert wire.sent and result["error"]["code"] == "ConnectionError"
