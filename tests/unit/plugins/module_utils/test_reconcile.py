# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import copy

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import (
    PSK_PLACEHOLDER_AFTER,
    ConnectionAdapter,
    Reconciler,
)

SPEC = {
    "id": {"type": "str"}, "name": {"type": "str"}, "gateway": {"type": "str"},
    "pre_shared_key": {"type": "str", "no_log": True},
    "ike": {"type": "dict", "options": {"mode": {"type": "str", "choices": ["MAIN", "AGGRESSIVE"]},
                                        "lifetime": {"type": "int"}}},
}


class FakeAdapter(ConnectionAdapter):
    """In-memory connections; records every write."""

    immutable = ("gateway",)
    create_required = ("name", "gateway", "pre_shared_key")

    def __init__(self, existing=None, psk_readable=True):
        self.store = {item["id"]: copy.deepcopy(item) for item in existing or []}
        self.writes = []
        self.psk_readable = psk_readable
        self.lookup = None

    def find(self):
        return next((c for c in self.store.values() if c["name"] == self.lookup), None)

    def read(self, connection_id):
        return copy.deepcopy(self.store.get(connection_id))

    def shape(self, raw):
        shape = {k: v for k, v in raw.items() if k != "status"}
        if not self.psk_readable:
            shape.pop("pre_shared_key", None)
        return shape

    def identity(self, raw):
        return raw["id"]

    def is_settled(self, raw):
        return True

    def create(self, desired):
        self.writes.append(("create", desired))
        raw = dict(desired, id="c-%d" % (len(self.store) + 1))
        self.store[raw["id"]] = raw
        return raw

    def update(self, raw, changes):
        self.writes.append(("update", changes))
        stored = self.store[raw["id"]]
        for key, value in changes.items():
            if isinstance(value, dict):
                stored.setdefault(key, {}).update(value)
            else:
                stored[key] = value

    def delete(self, raw):
        self.writes.append(("delete", raw["id"]))
        del self.store[raw["id"]]


EXISTING = {"id": "c-1", "name": "t", "gateway": "g1", "pre_shared_key": "old-key-1",
            "ike": {"mode": "MAIN", "lifetime": 100}}


def reconciler(adapter, **kwargs):
    adapter.lookup = "t"
    return Reconciler(adapter, SPEC, **kwargs)


def test_create_when_missing():
    adapter = FakeAdapter()
    outcome = reconciler(adapter).present({"name": "t", "gateway": "g1", "pre_shared_key": "k-123"})
    assert outcome.changed and adapter.writes[0][0] == "create"
    result = outcome.result()
    assert "pre_shared_key" not in result["vpn_connection"]
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["pre_shared_key"] == PSK_PLACEHOLDER_AFTER


def test_create_needs_required_options():
    with pytest.raises(ResourceConflictError) as caught:
        reconciler(FakeAdapter()).present({"name": "t"})
    assert "gateway, pre_shared_key" in str(caught.value)


def test_no_change_means_no_write():
    adapter = FakeAdapter([EXISTING])
    outcome = reconciler(adapter).present({"name": "t", "pre_shared_key": "old-key-1", "ike": {"mode": "main"}})
    assert not outcome.changed and adapter.writes == []


def test_only_the_difference_is_sent():
    adapter = FakeAdapter([EXISTING])
    outcome = reconciler(adapter).present({"name": "t", "ike": {"mode": "MAIN", "lifetime": 200}})
    assert adapter.writes == [("update", {"ike": {"lifetime": 200}})]
    assert outcome.result()["vpn_connection"]["ike"]["lifetime"] == 200


def test_check_mode_predicts_and_does_not_write():
    adapter = FakeAdapter([EXISTING])
    result = reconciler(adapter, check_mode=True).present({"name": "t", "ike": {"lifetime": 200}}).result()
    assert adapter.writes == []
    assert result["changed"] and result["diff"]["after"]["ike"] == {"mode": "MAIN", "lifetime": 200}
    assert result["diff"]["before"]["ike"]["lifetime"] == 100


def test_readable_psk_is_compared_and_hidden_in_diff():
    adapter = FakeAdapter([EXISTING])
    result = reconciler(adapter).present({"name": "t", "pre_shared_key": "new-key-2"}).result()
    assert adapter.writes == [("update", {"pre_shared_key": "new-key-2"})]
    assert "new-key-2" not in str(result) and "old-key-1" not in str(result)


def test_unreadable_psk_on_create_is_not_sent_for_existing():
    adapter = FakeAdapter([EXISTING], psk_readable=False)
    outcome = reconciler(adapter).present({"name": "t", "pre_shared_key": "new-key-2"})
    assert not outcome.changed and adapter.writes == []


def test_unreadable_psk_always_is_sent_and_reported():
    adapter = FakeAdapter([EXISTING], psk_readable=False)
    outcome = reconciler(adapter, update_pre_shared_key="always").present({"name": "t", "pre_shared_key": "k-2"})
    assert outcome.changed and adapter.writes == [("update", {"pre_shared_key": "k-2"})]


def test_immutable_change_fails_naming_the_field():
    adapter = FakeAdapter([EXISTING])
    with pytest.raises(ResourceConflictError) as caught:
        reconciler(adapter).present({"name": "t", "gateway": "g2"})
    assert "gateway" in str(caught.value) and "recreate" in str(caught.value)
    assert adapter.writes == []


def test_recreate_deletes_then_creates_with_current_settings():
    adapter = FakeAdapter([EXISTING])
    result = reconciler(adapter, recreate=True).present({"name": "t", "gateway": "g2"}).result()
    assert [w[0] for w in adapter.writes] == ["delete", "create"]
    created = adapter.writes[1][1]
    assert created["gateway"] == "g2" and created["ike"] == EXISTING["ike"]
    assert created["pre_shared_key"] == "old-key-1" and "id" not in created
    assert result["vpn_connection"]["recreated"] is True


def test_absent():
    adapter = FakeAdapter([EXISTING])
    outcome = reconciler(adapter).absent()
    assert outcome.changed and adapter.writes == [("delete", "c-1")]
    assert outcome.result()["vpn_connection"] == {}
    again = reconciler(adapter).absent()
    assert not again.changed and len(adapter.writes) == 1


def test_absent_check_mode_does_not_delete():
    adapter = FakeAdapter([EXISTING])
    assert reconciler(adapter, check_mode=True).absent().changed and adapter.writes == []


def test_unknown_id_with_present_fails():
    adapter = FakeAdapter()
    with pytest.raises(ResourceConflictError) as caught:
        reconciler(adapter).present({"id": "c-9", "name": "t", "gateway": "g", "pre_shared_key": "kkkk"})
    assert "c-9" in str(caught.value) and adapter.writes == []
