# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import re

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.baidu.common import (
    BAIDU_PRE_SHARED_KEY,
    REGION_PATTERN,
    baidu_tunnel_name,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError


@pytest.mark.parametrize("key", ["ddd22@www", "Ab1!Ab1!", "Ab1_" + "x" * 13, "9(a)Zz9_", "A1!@#$%^*()_"])
def test_keys_the_api_accepts(key):
    BAIDU_PRE_SHARED_KEY("pre_shared_key", key)


@pytest.mark.parametrize("key, problem", [
    ("Ab1_xyz", "length 7"),
    ("Ab1_xyzAb1_xyzAbcd", "length 18"),
    ("Abcdefgh12", "has no a symbol"),
    ("Abcdefgh_!", "has no a digit"),
    ("12345678_!", "has no a letter"),
    ("abcdefgh", "has no a digit and no a symbol"),
    ("Abc-defg_12", "not allowed"),
    ("Abc&defg_12", "not allowed"),
    ("Abc defg_12", "not allowed"),
    ("Äbcdefg_12", "not allowed"),
])
def test_keys_the_api_refuses(key, problem):
    with pytest.raises(ValidationError) as caught:
        BAIDU_PRE_SHARED_KEY("pre_shared_key", key)
    text = str(caught.value)
    assert problem in text and text.startswith("pre_shared_key: ")
    assert "!@#$%^*()_" in text  # says what is allowed
    assert key not in text and "'-'" not in text and "'&'" not in text  # never the key or its characters


@pytest.mark.parametrize("name", ["a", "vpncon", "Office-1_b/c.d", "a" * 65])
def test_names_the_api_accepts(name):
    baidu_tunnel_name()("name", name)


@pytest.mark.parametrize("name", ["", "1abc", "-abc", "a" * 66, "office tunnel", "office\n", "büro"])
def test_names_the_api_refuses(name):
    with pytest.raises(ValidationError) as caught:
        baidu_tunnel_name()("name", name)
    assert str(caught.value).startswith("name: ") and "starting with a letter" in str(caught.value)


# Baidu's region IDs (bcc.<region>.baidubce.com) and values that are not one.
@pytest.mark.parametrize("region, valid", [("bj", True), ("gz", True), ("su", True), ("bd", True), ("fwh", True),
                                           ("hkg", True), ("fsh", True), ("yq", True), ("cd", True), ("nj", True),
                                           ("sin", True), ("cn-north-4", False), ("BJ", False), ("b", False),
                                           ("bj1", False), ("bj.evil", False), ("bj\n", False), ("", False)])
def test_region_pattern(region, valid):
    assert bool(re.fullmatch(REGION_PATTERN, region)) is valid
