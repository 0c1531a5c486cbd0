# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""api_version and region through the Tencent modules' main(): what is refused before any request, what is sent."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from test_every_module_input import assert_clean, minimal_args, run_main


def legacy_args(module_name, **extra):
    args = dict(minimal_args(module_name), api_version="legacy", **extra)
    args.pop("tag_endpoint", None)  # API 2.0 has no Tag API
    if module_name == "tencent_vpn_connection":
        args.setdefault("vpc_id", "vpc-1a2b3c4d")
    return args


def form_of(prepared):
    return dict(parse_qsl(prepared.body if isinstance(prepared.body, str) else prepared.body.decode("utf-8")))


@pytest.mark.parametrize("module_name, extra, start", [
    ("tencent_vpn_connection", {"dpd_enable": True, "tags": {"a": "1"}},
     "api_version: legacy (Tencent API 2.0) cannot manage dpd_enable "),
    ("tencent_vpn_connection", {"ike": {"version": "IKEV2"}}, "api_version: legacy (Tencent API 2.0) cannot manage "
                                                              "ike.version "),
    ("tencent_vpn_connection", {"ipsec": {"authentication_algorithm": "SHA-256"}},
     "api_version: legacy (Tencent API 2.0) cannot manage ipsec.authentication_algorithm SHA-256 (allowed with "
     "API 2.0: MD5, SHA1)"),
    ("tencent_vpn_connection", {"tag_endpoint": "https://tag.example.com"},
     "api_version: legacy (Tencent API 2.0) cannot manage tag_endpoint "),
    ("tencent_vpn_connection", {"region": "ap-tokyo"}, "region: no legacy API 2.0 region code is known"),
    ("tencent_vpn_connection_info", {"region": "ap-tokyo"}, "region: no legacy API 2.0 region code is known"),
])
def test_legacy_refuses_what_api_2_0_lacks_before_any_request(module_name, extra, start, monkeypatch):
    args = legacy_args(module_name)
    args.update(extra)
    result, wire, text = run_main(module_name, args, monkeypatch)
    assert_clean(module_name, args, result, wire, text)
    assert result["failed"] and wire.sent == []
    assert result["msg"].startswith(start), result["msg"]


def test_legacy_requires_vpc_id_in_the_managing_module(monkeypatch):
    args = legacy_args("tencent_vpn_connection")
    del args["vpc_id"]
    result, wire, _text = run_main("tencent_vpn_connection", args, monkeypatch)
    assert result["failed"] and wire.sent == []
    assert "api_version is legacy" in result["msg"] and "vpc_id" in result["msg"]


def test_an_unknown_legacy_code_with_api_3_0_fails_naming_region(monkeypatch):
    args = dict(minimal_args("tencent_vpn_connection_info"), region="xyz")
    result, wire, _text = run_main("tencent_vpn_connection_info", args, monkeypatch)
    assert result["failed"] and wire.sent == []
    assert result["msg"].startswith("region: 'xyz' is not a region ID"), result["msg"]


@pytest.mark.parametrize("module_name, region", [("tencent_vpn_connection", "ap-guangzhou"),
                                                 ("tencent_vpn_connection", "gz"),
                                                 ("tencent_vpn_connection_info", "ap-guangzhou")])
def test_legacy_sends_a_signed_form_to_v2_index_php_with_the_legacy_code(module_name, region, monkeypatch):
    args = legacy_args(module_name, region=region)
    result, wire, text = run_main(module_name, args, monkeypatch)
    assert_clean(module_name, args, result, wire, text)
    prepared = wire.sent[0]
    assert prepared.method == "POST" and urlsplit(prepared.url).path == "/v2/index.php"
    form = form_of(prepared)
    assert form["Action"] == "DescribeVpnConn" and form["Region"] == "gz"
    assert form["SignatureMethod"] == "HmacSHA256" and form["Signature"] and int(form["Nonce"]) > 0
    assert result["error"]["action"] == "DescribeVpnConn"


def test_api_3_0_takes_a_legacy_code_as_its_region_id(monkeypatch):
    args = dict(minimal_args("tencent_vpn_connection_info"), region="gz")
    result, wire, text = run_main("tencent_vpn_connection_info", args, monkeypatch)
    assert_clean("tencent_vpn_connection_info", args, result, wire, text)
    assert wire.sent[0].headers["X-TC-Region"] == "ap-guangzhou"
