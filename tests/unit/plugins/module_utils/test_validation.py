# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import (
    charset,
    cidr,
    common_rules,
    credential,
    display_name,
    endpoint_url,
    hostname,
    identity,
    int_range,
    interface_in,
    ip_address,
    ip_in,
    length,
    max_items,
    pre_shared_key,
    printable,
    region,
    resource_id,
    validate,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.tencent.common import REGION_PATTERN

RULES = {
    "name": [length(1, 60)],
    "spd[].local": [cidr()],
    "spd[].remote[]": [cidr()],
    "ike.lifetime": [int_range(60, 604800)],
}


def test_valid_params_pass():
    validate({"name": "x", "spd": [{"local": "10.0.0.0/16", "remote": ["192.168.0.0/24"]}],
              "ike": {"lifetime": 60}}, RULES)


def test_unset_values_are_not_checked():
    validate({"name": None, "spd": None, "ike": {"lifetime": None}}, RULES)


@pytest.mark.parametrize("params, option, fragment", [
    ({"spd": [{"local": "10.0.0.0/33", "remote": []}]}, "spd[0].local", "not a valid CIDR"),
    ({"spd": [{"local": "10.0.0.1/24", "remote": []}]}, "spd[0].local", "host bits"),
    ({"spd": [{"local": "10.0.0.0/24", "remote": ["10.1.0.0/16", "bogus"]}]}, "spd[0].remote[1]", "bogus"),
    ({"ike": {"lifetime": 59}}, "ike.lifetime", "out of range"),
    ({"name": "n" * 61}, "name", "length 61"),
])
def test_errors_name_the_option(params, option, fragment):
    with pytest.raises(ValidationError) as caught:
        validate(params, RULES)
    assert caught.value.option == option
    assert fragment in str(caught.value)
    assert str(caught.value).startswith(option + ":")


def test_int_range_says_what_is_allowed():
    with pytest.raises(ValidationError) as caught:
        int_range(180, 604800)("ipsec.lifetime_seconds", 604801)
    assert "180 to 604800" in str(caught.value)


def test_int_range_rejects_booleans():
    with pytest.raises(ValidationError):
        int_range(0, 1)("x", True)


def test_ip_checks():
    ip_address()("ip", "192.0.2.1")
    with pytest.raises(ValidationError):
        ip_address()("ip", "192.0.2.300")
    with pytest.raises(ValidationError):
        ip_address()("ip", "2001:db8::1")
    ip_in("169.254.128.0/17")("hc", "169.254.128.1")
    with pytest.raises(ValidationError) as caught:
        ip_in("169.254.128.0/17")("hc", "169.254.1.1")
    assert "outside 169.254.128.0/17" in str(caught.value)


def test_charset_names_bad_characters_without_echoing_value():
    check = charset(r"[A-Za-z0-9!@#]", "letters, digits and !@#")
    check("psk", "abc!@#")
    with pytest.raises(ValidationError) as caught:
        check("psk", "secret value")
    assert "' '" in str(caught.value)
    assert "secret value" not in str(caught.value)


def rejects(check, value, option="opt"):
    """The ValidationError ``check`` raises for ``value`` (the test fails when it raises none)."""
    with pytest.raises(ValidationError) as caught:
        check(option, value)
    assert caught.value.option == option and str(caught.value).startswith(option + ": ")
    return str(caught.value)


@pytest.mark.parametrize("value", ["10.0.0.1", "10.0.0.0", "10.0.0.0/", "10.0.0.0/255.255.255.0", "10.0.0.0/ 24",
                                   "10.0.0.1/24", "10.0.0.0/33", "2001:db8::/32", "10.0.0.0/24\n", "bogus"])
def test_cidr_needs_a_prefix_and_zero_host_bits(value):
    rejects(cidr(), value)


def test_cidr_accepts_networks():
    for value in ("10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "203.0.113.7/32"):
        cidr()("c", value)


@pytest.mark.parametrize("value", ["ap-guangzhou", "ap-shanghai-fsi", "na-siliconvalley", "eu-frankfurt",
                                   "ap-shenzhen-fsi", "sa-saopaulo"])
def test_tencent_regions_pass(value):
    region(REGION_PATTERN)("region", value)


@pytest.mark.parametrize("value", ["x@evil.example:443/", "ap-guangzhou.evil.example", "ap-guangzhou/", "ap-guangzhou\n",
                                   " ap-guangzhou", "AP-GUANGZHOU", "guangzhou", "ap-", "ap-guangzhou-", "ap_guangzhou",
                                   "", "ap-guang\u200bzhou", "ap-guangzhou#x", "ap-guangzhou:443"])
def test_hostile_or_malformed_regions_fail(value):
    rejects(region(REGION_PATTERN), value, "region")


def test_region_pattern_must_match_the_whole_value():
    # re.match with "$" would let a trailing newline through.
    rejects(region(r"[a-z]+-[a-z]+$"), "ap-guangzhou\n", "region")


@pytest.mark.parametrize("value, expected", [
    ("https://vpc.tencentcloudapi.com", "https://vpc.tencentcloudapi.com"),
    ("https://vpc.tencentcloudapi.com/", "https://vpc.tencentcloudapi.com"),
    ("HTTP://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("http://[::1]:8080/", "http://[::1]:8080"),
    ("https://VPC.Example.COM:443", "https://vpc.example.com:443"),
    ("http://localhost:1", "http://localhost:1"),
])
def test_endpoint_is_rebuilt_from_its_parts(value, expected):
    assert endpoint_url(value) == expected


@pytest.mark.parametrize("value, fragment", [
    ("vpc.tencentcloudapi.com", "http:// or https://"),
    ("ftp://host", "http:// or https://"),
    ("http:/host", "http:// or https://"),
    ("https://", "no valid host"),
    ("https://:443", "no valid host"),
    ("https://host/v2", "has a path"),
    ("https://host/?a=b", "query"),
    ("https://host#frag", "query or fragment"),
    ("https://user:pw@host", "user information"),
    ("https://host:0", "invalid port"),
    ("https://host:65536", "invalid port"),
    ("https://host:abc", "invalid port"),
    ("https://host:", "invalid port"),
    ("https://host\r\nX: y", "whitespace"),
    (" https://host", "whitespace"),
    ("https://h\u00f6st", "non-ASCII"),
    ("https://bad_host.example", "no valid host"),
    ("https://-bad.example", "no valid host"),
])
def test_bad_endpoints_fail_naming_the_option(value, fragment):
    with pytest.raises(ValidationError) as caught:
        endpoint_url(value)
    assert str(caught.value).startswith("endpoint: ") and fragment in str(caught.value)


def test_endpoint_user_information_is_not_echoed():
    with pytest.raises(ValidationError) as caught:
        endpoint_url("https://admin:hunter2-pw@host")
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("value", ["AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                                   "a+b/c=d~!"])
def test_credentials_in_visible_ascii_pass(value):
    credential()("secret_key", value)


@pytest.mark.parametrize("value", ["Zq7k\n", " Zq7k", "Zq7k ", "Zq 7k", "Zq\x007k", "Zq\u00e97k", "Zq\u20ac7k", "",
                                   "Zq7k\u200b", "\tZq7k"])
def test_bad_credentials_fail_without_echoing(value):
    message = rejects(credential(), value, "secret_key")
    if len(value.strip()) > 1:
        assert value.strip() not in message


def test_printable_rejects_ends_and_control_characters_only():
    check = printable()
    check("pre_shared_key", "inner space and \u00e9 are fine")
    for value in ("Zq7trail\n", " Zq7lead", "Zq7\x00nul", "Zq7\x1b[31m", "Zq7\u2028sep", "Zq7bidi\u202e"):
        message = rejects(check, value, "pre_shared_key")
        assert value.strip() not in message


def test_printable_names_the_code_point_not_the_value():
    message = rejects(printable(), "TopSecret\x07Value", "security_token")
    assert "U+0007" in message and "TopSecret" not in message


@pytest.mark.parametrize("value", ["", "office\x00", "tab\there", "evil\u202etxt.exe", "iso\u2066late",
                                   "new\nline", "\u202aleft"])
def test_names_reject_empty_control_and_bidi(value):
    rejects(display_name(), value, "name")


def test_names_accept_ordinary_text():
    for value in ("office", "Büro Zürich", "上海-隧道", "a b-c_d.e"):
        display_name()("name", value)


@pytest.mark.parametrize("value", ["vpnx-1a2b3c4d", "vco-bp1abc", "0b7b1b0e-6a2d-4a5f-9f39-2f1a3e9d2c11",
                                   "vpnconn-abc_1.2"])
def test_resource_ids_pass(value):
    resource_id()("id", value)


@pytest.mark.parametrize("value", ["", "../x", "vpnx-1?a=b", "vpnx 1", "vpnx-1/", "-x", "x" * 129, "vpnx-\u00e9"])
def test_bad_resource_ids_fail(value):
    rejects(resource_id(), value, "id")


def test_hostnames():
    for value in ("vpn.example.com", "peer-1", "a.b.c.d.example"):
        hostname()("h", value)
    for value in ("", "-a.example", "a..b", "a_b.example", "1.2.3.4", "2001:db8::1", "a" * 64 + ".com",
                  "x." * 127 + "com", "host.example\n"):
        rejects(hostname(), value)


IDENTITIES = [identity("local_id", "local_id_type"), identity("remote_id", "remote_id_type")]


@pytest.mark.parametrize("ike", [
    {"local_id": "203.0.113.10"},
    {"local_id": "vpn.example.com"},
    {"local_id_type": "ADDRESS", "local_id": "203.0.113.10"},
    {"local_id_type": "fqdn", "local_id": "vpn.example.com"},
    {"remote_id_type": "FQDN", "remote_id": "peer"},
    {"local_id_type": "ADDRESS"},
])
def test_identities_matching_their_type_pass(ike):
    validate({"ike": ike}, {"ike": IDENTITIES})


@pytest.mark.parametrize("ike, option", [
    ({"local_id": "2001:db8::1"}, "ike.local_id"),
    ({"local_id_type": "ADDRESS", "local_id": "2001:db8::1"}, "ike.local_id"),
    ({"local_id_type": "ADDRESS", "local_id": "vpn.example.com"}, "ike.local_id"),
    ({"remote_id_type": "FQDN", "remote_id": "198.51.100.1"}, "ike.remote_id"),
    ({"remote_id": "bad name!"}, "ike.remote_id"),
    ({"remote_id": ""}, "ike.remote_id"),
    ({"remote_id_type": "FQDN", "remote_id": "peer.example\u202e"}, "ike.remote_id"),
])
def test_identities_not_matching_their_type_fail(ike, option):
    with pytest.raises(ValidationError) as caught:
        validate({"ike": ike}, {"ike": IDENTITIES})
    assert caught.value.option == option


def test_pre_shared_key_rule_from_one_line_declarations():
    huawei_like = pre_shared_key(8, 128, allowed="~!@#$%^()-_+={ },./:;", min_classes=3)
    huawei_like("psk", "Abcdefg1")
    huawei_like("psk", "abcdef1!")
    assert "3 of" in rejects(huawei_like, "abcdefgh1", "psk")
    assert "not allowed" in rejects(huawei_like, "Abcdefg1&", "psk")
    baidu_like = pre_shared_key(8, 17, allowed="!@#$%^*()_", required_classes=("letter", "digit", "symbol"))
    baidu_like("psk", "ddd22@www")
    assert "no a symbol" in rejects(baidu_like, "ddd22www1", "psk")
    alibaba_like = pre_shared_key(1, 100, allowed='~!`@#$%^&*()_-+={}[]|;:",.<>/?')
    alibaba_like("psk", "a")
    assert "not allowed" in rejects(alibaba_like, "a b", "psk")


@pytest.mark.parametrize("value", ["x", "1234567", "k" * 129, "k" * 100000, "Sp ace-in-key", "tab\tkey12",
                                   "n\u00f6n-ascii-key"])
def test_tencent_style_pre_shared_key_bounds(value):
    message = rejects(pre_shared_key(8, 128), value, "pre_shared_key")
    assert value not in message
    assert "8 to 128 characters" in message


def test_a_listed_space_counts_as_a_symbol_and_an_unlisted_one_is_refused():
    with_space = pre_shared_key(8, 128, allowed="-{ }", min_classes=3)
    with_space("psk", "abc 12345")  # lower-case, digit, and the space as the symbol
    assert "2 character classes" in rejects(pre_shared_key(8, 128, allowed="-", min_classes=3), "abcd12345", "psk")
    assert "not allowed" in rejects(pre_shared_key(8, 128, allowed="-", min_classes=3), "abc 12345", "psk")


@pytest.mark.parametrize("value, fragment", [("169.254.56.225", "prefix length"), ("10.0.0.1/30", "outside"),
                                             ("fe80::1/64", "IPv4"), ("nonsense", "prefix length")])
def test_interface_in(value, fragment):
    check = interface_in("169.254.0.0/16")
    check("tunnel_local_address", "169.254.56.225/30")
    assert fragment in rejects(check, value, "tunnel_local_address")


def test_max_items():
    max_items(2)("rules", [1, 2])
    assert "has 3 items (allowed: at most 2)" in rejects(max_items(2), [1, 2, 3], "rules")


def test_pre_shared_key_error_never_lists_the_characters():
    message = rejects(pre_shared_key(8, 64, allowed="._"), "Secret\u00e9Key&&", "pre_shared_key")
    assert "&" not in message.split("(allowed", maxsplit=1)[0] and "Secret" not in message


SPEC = {
    "region": {"type": "str"},
    "endpoint": {"type": "str"},
    "secret_id": {"type": "str"},
    "secret_key": {"type": "str", "no_log": True},
    "security_token": {"type": "str", "no_log": True},
    "pre_shared_key": {"type": "str", "no_log": True},
    "tunnels": {"type": "list", "elements": "dict", "options": {"pre_shared_key": {"type": "str", "no_log": True}}},
    "ike": {"type": "dict", "options": {"psk": {"type": "str", "no_log": True}}},
    "name": {"type": "str"},
    "ids": {"type": "list", "elements": "str"},
    "http_timeout": {"type": "int"},
    "wait_timeout": {"type": "int"},
}


@pytest.mark.parametrize("params, option", [
    ({"region": "x@evil.example:443/"}, "region"),
    ({"region": "cn_north"}, "region"),
    ({"endpoint": "https://host/path"}, "endpoint"),
    ({"secret_id": "AKID\n"}, "secret_id"),
    ({"secret_key": " key"}, "secret_key"),
    ({"security_token": "tok\u20ac"}, "security_token"),
    ({"pre_shared_key": "psk\r\n"}, "pre_shared_key"),
    ({"tunnels": [{"pre_shared_key": "ok-key"}, {"pre_shared_key": "bad\x00"}]}, "tunnels[1].pre_shared_key"),
    ({"ike": {"psk": "bad "}}, "ike.psk"),
    ({"name": ""}, "name"),
    ({"ids": ["vpnx-1", "vpnx-2/../x"]}, "ids[1]"),
    ({"http_timeout": 0}, "http_timeout"),
    ({"wait_timeout": 0}, "wait_timeout"),
    ({"wait_timeout": 86401}, "wait_timeout"),
])
def test_common_rules_cover_the_common_options(params, option):
    with pytest.raises(ValidationError) as caught:
        validate(params, common_rules(SPEC))
    assert caught.value.option == option


def test_common_rules_use_the_provider_region_pattern():
    validate({"region": "cn-north-4"}, common_rules(SPEC))
    with pytest.raises(ValidationError):
        validate({"region": "cn-north-4"}, common_rules(SPEC, region_pattern=r"[a-z]{2}-[a-z]+"))


def test_common_rules_pass_good_values_and_skip_absent_options():
    validate({"region": "ap-guangzhou", "endpoint": "http://127.0.0.1:8080", "secret_id": "AKID1",
              "secret_key": "k", "pre_shared_key": "any printable key", "tunnels": [{"pre_shared_key": None}],
              "name": "office", "ids": ["vpnx-1"], "http_timeout": 30, "wait_timeout": 600}, common_rules(SPEC))
    assert common_rules({"state": {"type": "str"}}) == {}


def test_an_empty_endpoint_means_the_default():
    # An exported but empty TENCENTCLOUD_ENDPOINT is "not set", as the clients treat it.
    validate({"endpoint": ""}, common_rules(SPEC))
