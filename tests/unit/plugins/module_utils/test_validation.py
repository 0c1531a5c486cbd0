# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import (
    charset,
    cidr,
    int_range,
    ip_address,
    ip_in,
    length,
    validate,
)

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
