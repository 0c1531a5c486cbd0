# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import differences, merge, strip_unset

SPEC = {
    "name": {"type": "str"},
    "cidrs": {"type": "list", "elements": "str"},
    "spd": {"type": "list", "elements": "dict", "options": {
        "local": {"type": "str"}, "remote": {"type": "list", "elements": "str"}}},
    "ike": {"type": "dict", "options": {
        "encryption": {"type": "str", "choices": ["AES-CBC-128", "AES-CBC-256"]},
        "lifetime": {"type": "int"}}},
    "tags": {"type": "dict"},
}


def test_unset_options_are_not_managed():
    assert differences({"name": None, "ike": {"encryption": None}}, {"name": "a"}, SPEC) == {}


def test_plain_difference():
    assert differences({"name": "b"}, {"name": "a"}, SPEC) == {"name": "b"}


def test_enumerations_ignore_case():
    assert differences({"ike": {"encryption": "aes-cbc-128"}}, {"ike": {"encryption": "AES-CBC-128"}}, SPEC) == {}


def test_only_differing_sub_options():
    current = {"ike": {"encryption": "AES-CBC-128", "lifetime": 100}}
    assert differences({"ike": {"encryption": "AES-CBC-128", "lifetime": 200}}, current, SPEC) == \
        {"ike": {"lifetime": 200}}


def test_lists_compare_as_sets():
    assert differences({"cidrs": ["10.0.0.0/8", "192.168.0.0/16"]},
                       {"cidrs": ["192.168.0.0/16", "10.0.0.0/8"]}, SPEC) == {}
    assert differences({"cidrs": ["10.0.0.0/8"]}, {"cidrs": ["10.0.0.0/8", "192.168.0.0/16"]}, SPEC) == \
        {"cidrs": ["10.0.0.0/8"]}


def test_lists_of_dicts_compare_as_sets_with_nested_sets():
    wanted = [{"local": "10.0.0.0/16", "remote": ["b", "a"]}, {"local": "10.1.0.0/16", "remote": ["c"]}]
    have = [{"local": "10.1.0.0/16", "remote": ["c"]}, {"local": "10.0.0.0/16", "remote": ["a", "b"]}]
    assert differences({"spd": wanted}, {"spd": have}, SPEC) == {}
    assert differences({"spd": wanted[:1]}, {"spd": have}, SPEC) == {"spd": wanted[:1]}


def test_missing_current_value_is_a_difference():
    assert differences({"name": "a", "ike": {"lifetime": 5}}, {}, SPEC) == {"name": "a", "ike": {"lifetime": 5}}


def test_free_form_dicts_compare_whole():
    assert differences({"tags": {"a": "1"}}, {"tags": {"a": "1"}}, SPEC) == {}
    assert differences({"tags": {"a": "1"}}, {"tags": {"a": "1", "b": "2"}}, SPEC) == {"tags": {"a": "1"}}


def test_merge_overlays_nested_values_without_touching_input():
    current = {"name": "a", "ike": {"encryption": "X", "lifetime": 1}}
    assert merge(current, {"ike": {"lifetime": 2}}) == {"name": "a", "ike": {"encryption": "X", "lifetime": 2}}
    assert current["ike"]["lifetime"] == 1


def test_merge_with_the_spec_replaces_free_form_dicts_whole():
    # What differences() reports for a free-form dict (tags) is the whole wanted value: the
    # predicted state (check mode, --diff) must not keep the keys it removes.
    current = {"tags": {"keep": "1", "drop": "2"}, "ike": {"encryption": "X", "lifetime": 1}}
    changes = differences({"tags": {"keep": "1", "add": "3"}, "ike": {"lifetime": 2}}, current, SPEC)
    assert merge(current, changes, SPEC) == {"tags": {"keep": "1", "add": "3"},
                                             "ike": {"encryption": "X", "lifetime": 2}}
    # Without the spec (or for a dict declared with options) dicts merge key by key.
    assert merge(current, changes)["tags"] == {"keep": "1", "drop": "2", "add": "3"}
    per_key = dict(SPEC, tags={"type": "dict", "options": {"add": {"type": "str"}}})
    assert merge(current, {"tags": {"add": "3"}}, per_key)["tags"] == {"keep": "1", "drop": "2", "add": "3"}


def test_strip_unset():
    assert strip_unset({"a": None, "b": {"c": None, "d": 1}, "e": [{"f": None}]}) == {"b": {"d": 1}, "e": [{}]}


def test_merge_with_the_spec_replaces_a_free_form_dict_and_merges_sub_options():
    current = {"ike": {"encryption": "X", "lifetime": 1}, "tags": {"a": "1", "b": "2"}}
    merged = merge(current, {"ike": {"lifetime": 2}, "tags": {"a": "1"}}, SPEC)
    assert merged == {"ike": {"encryption": "X", "lifetime": 2}, "tags": {"a": "1"}}
    # Without a spec every dict merges key by key, as before.
    assert merge(current, {"tags": {"a": "1"}})["tags"] == {"a": "1", "b": "2"}
