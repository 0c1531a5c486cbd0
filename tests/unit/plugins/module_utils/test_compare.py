# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import (
    differences,
    matching,
    merge,
    resolve_tags,
    strip_unset,
    tag_changes,
    wanted_tags,
)

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


# -- tags (every provider with a tags option) --------------------------------------------

CURRENT_TAGS = {"team": "net", "env": "dev"}


def test_wanted_tags_with_purge_are_the_given_ones_as_strings():
    assert wanted_tags(CURRENT_TAGS, {"env": 1, 7: True}, purge=True) == {"env": "1", "7": "True"}


def test_wanted_tags_without_purge_keep_the_unlisted_current_ones():
    assert wanted_tags(CURRENT_TAGS, {"env": "prod", "cost": "42"}, purge=False) == {
        "team": "net", "env": "prod", "cost": "42"}
    assert wanted_tags(None, {"cost": "42"}, purge=False) == {"cost": "42"}
    assert CURRENT_TAGS == {"team": "net", "env": "dev"}


@pytest.mark.parametrize("purge, given, expected", [
    (True, {"cost": "42"}, {"cost": "42"}),
    (True, {}, {}),
    (False, {"cost": "42"}, {"team": "net", "env": "dev", "cost": "42"}),
    (False, {}, CURRENT_TAGS),
])
def test_resolve_tags_makes_the_engine_compare_and_predict_the_final_tags(purge, given, expected):
    current = {"name": "a", "tags": CURRENT_TAGS}
    desired = resolve_tags({"name": "a", "tags": given}, current, purge)
    assert desired == {"name": "a", "tags": expected}
    changes = differences(desired, current, SPEC)
    assert changes == ({} if expected == CURRENT_TAGS else {"tags": expected})
    assert merge(current, changes, SPEC)["tags"] == expected


def test_resolve_tags_leaves_unmanaged_tags_alone():
    desired = {"name": "a", "tags": None}
    assert resolve_tags(desired, {"tags": CURRENT_TAGS}, purge=False) is desired


def test_tag_changes_replace_new_and_changed_and_delete_removed():
    assert tag_changes(CURRENT_TAGS, {"team": "net", "env": "prod", "cost": "42"}) == (
        {"env": "prod", "cost": "42"}, [])
    assert tag_changes(CURRENT_TAGS, {"cost": "42"}) == ({"cost": "42"}, ["env", "team"])
    assert tag_changes(CURRENT_TAGS, dict(CURRENT_TAGS)) == ({}, [])
    assert tag_changes(None, {"cost": "42"}) == ({"cost": "42"}, [])


def test_tag_changes_can_delete_changed_keys_first():
    """For tag APIs not documented to overwrite a key (Huawei, Alibaba): a changed key is deleted, then set."""
    assert tag_changes(CURRENT_TAGS, {"team": "net", "env": "prod", "cost": "42"}, delete_changed=True) == (
        {"env": "prod", "cost": "42"}, ["env"])
    assert tag_changes(CURRENT_TAGS, {"env": "prod"}, delete_changed=True) == ({"env": "prod"}, ["env", "team"])


# -- matching (the _info modules' filters) ---------------------------------------------

LISTED = [
    {"id": "c1", "name": "office", "vpn_gateway_id": "gw1"},
    {"id": "c2", "name": "office-2", "vpn_gateway_id": "gw1"},
    {"id": "c3", "name": "office", "vpn_gateway_id": "gw2"},
    {"id": "c4", "vpn_gateway_id": "gw2"},
]


def ids(shapes):
    return [shape["id"] for shape in shapes]


def test_matching_is_exact_and_combines_filters_with_and():
    assert ids(matching(LISTED, {"name": "office"})) == ["c1", "c3"]
    assert ids(matching(LISTED, {"name": "office", "vpn_gateway_id": "gw2"})) == ["c3"]
    assert ids(matching(LISTED, {"name": "Office"})) == []
    assert ids(matching(LISTED, {"name": "offic"})) == []


def test_matching_a_list_means_one_of():
    assert ids(matching(LISTED, {"id": ["c4", "c2", "unknown"]})) == ["c2", "c4"]
    assert ids(matching(LISTED, {"id": ["c1", "c3"], "name": "office", "vpn_gateway_id": "gw1"})) == ["c1"]


@pytest.mark.parametrize("unset", [None, "", []])
def test_matching_an_unset_filter_filters_nothing(unset):
    assert ids(matching(LISTED, {"name": unset, "id": unset})) == ["c1", "c2", "c3", "c4"]
    assert ids(matching(LISTED, {})) == ["c1", "c2", "c3", "c4"]
