# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The reconcile engine with an in-memory adapter and a fake clock: flow, lost answers, waiting, call floor."""

from __future__ import annotations

import contextlib
import copy
import random

import pytest

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import (
    ProviderError,
    ResourceConflictError,
    ValidationError,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import (
    PSK_PLACEHOLDER_AFTER,
    WRITE_ATTEMPTS,
    ConnectionAdapter,
    Reconciler,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.waiters import (
    PollSchedule,
    WaitFailed,
    WaitTimeout,
    poll_schedule_from_env,
)

SPEC = {
    "id": {"type": "str"}, "name": {"type": "str"}, "gateway": {"type": "str"},
    "pre_shared_key": {"type": "str", "no_log": True},
    "ike": {"type": "dict", "options": {"mode": {"type": "str", "choices": ["MAIN", "AGGRESSIVE"]},
                                        "lifetime": {"type": "int"}}},
}
SCHEDULE = PollSchedule(first_delay=2.0, interval=5.0, jitter=0.0)


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class FakeHttp:
    """The part of HttpClient the engine uses: clock, sleep and deadline()."""

    def __init__(self, clock):
        self.clock = clock
        self.sleep = clock.sleep
        self.deadlines = []
        self.active = None

    @contextlib.contextmanager
    def deadline(self, when):
        self.deadlines.append(when)
        previous, self.active = self.active, when
        try:
            yield
        finally:
            self.active = previous


def lost(action):
    return ProviderError("Timeout", "no answer within 30 seconds", provider="fake", action=action, sent=True)


def busy(action):
    return ProviderError("Busy", "the connection is busy", http_status=200, provider="fake", action=action)


class FakeAdapter(ConnectionAdapter):
    """In-memory connections with transitional statuses and scripted write faults.

    A write puts the connection in PENDING (DELETING) for ``transition_reads``
    reads. ``faults`` is consumed one per write send: ``None`` (normal),
    ``"lost"`` (not applied, answer lost), ``"lost_applied"`` (applied,
    answer lost), ``"busy"`` (refused: busy), ``"denied"`` (refused for good).
    """

    immutable = ("gateway",)
    create_required = ("name", "gateway", "pre_shared_key")

    def __init__(self, existing=None, psk_readable=True, transition_reads=0, clock=None):
        super().__init__(client=None, params={})
        self.store = {item["id"]: dict(copy.deepcopy(item), status="ACTIVE") for item in existing or []}
        self.writes = []       # applied writes
        self.sends = []        # every send: (kind, token)
        self.calls = []        # every API call, reads included: (kind, time)
        self.psk_readable = psk_readable
        self.transition_reads = transition_reads
        self.pending = {}
        self.faults = []
        self.lookup = None
        self.clock = clock or (lambda: 0.0)
        self.failed_status = None

    def _call(self, kind):
        self.calls.append((kind, self.clock()))

    def find(self):
        self._call("find")
        return self._view(next((c["id"] for c in self.store.values() if c["name"] == self.lookup), None))

    def find_created(self, desired):
        self._call("find")
        return self._view(next((c["id"] for c in self.store.values() if c["name"] == desired["name"]), None))

    def read(self, connection_id):
        self._call("read")
        return self._view(connection_id, observe=True)

    def _view(self, connection_id, observe=False):
        stored = self.store.get(connection_id)
        if stored is None:
            return None
        view = copy.deepcopy(stored)
        if observe and connection_id in self.pending:
            self.pending[connection_id] -= 1
            if self.pending[connection_id] <= 0:
                del self.pending[connection_id]
                if stored["status"] == "DELETING":
                    del self.store[connection_id]
                else:
                    stored["status"] = self.failed_status or "ACTIVE"
        return view

    def _begin(self, connection_id, status):
        if self.transition_reads:
            self.store[connection_id]["status"] = status
            self.pending[connection_id] = self.transition_reads
        elif status == "DELETING":
            del self.store[connection_id]

    def shape(self, raw):
        shape = {k: v for k, v in raw.items() if k != "status"}
        shape["state"] = raw.get("status")
        if not self.psk_readable:
            shape.pop("pre_shared_key", None)
        return shape

    def identity(self, raw):
        return raw.get("id")

    def is_settled(self, raw):
        return raw.get("status") in ("ACTIVE", "ERROR")

    def is_failed(self, raw):
        return raw.get("status") == "ERROR"

    def is_retryable(self, error):
        return error.answer_lost or error.code == "Busy"

    def _send(self, kind, token):
        self._call(kind)
        self.sends.append((kind, token))
        fault = self.faults.pop(0) if self.faults else None
        if fault == "lost":
            raise lost(kind)
        if fault == "busy":
            raise busy(kind)
        if fault == "denied":
            raise ProviderError("InvalidParameter", "no", http_status=200, provider="fake", action=kind)
        return fault

    def create(self, desired, token):
        fault = self._send("create", token)
        self.writes.append(("create", desired))
        raw = dict(copy.deepcopy(desired), id="c-%d" % (len(self.store) + 1), status="ACTIVE")
        self.store[raw["id"]] = raw
        self._begin(raw["id"], "PENDING")
        if fault == "lost_applied":
            raise lost("create")
        return copy.deepcopy(self.store[raw["id"]])

    def update(self, raw, changes, token):
        fault = self._send("update", token)
        self.writes.append(("update", changes))
        stored = self.store[raw["id"]]
        for key, value in changes.items():
            if isinstance(value, dict):
                stored.setdefault(key, {}).update(value)
            else:
                stored[key] = value
        self._begin(raw["id"], "PENDING")
        if fault == "lost_applied":
            raise lost("update")
        return None

    def delete(self, raw, token):
        fault = self._send("delete", token)
        self.writes.append(("delete", raw["id"]))
        self._begin(raw["id"], "DELETING")
        if fault == "lost_applied":
            raise lost("delete")


EXISTING = {"id": "c-1", "name": "t", "gateway": "g1", "pre_shared_key": "old-key-1",
            "ike": {"mode": "MAIN", "lifetime": 100}}
NEW = {"name": "t", "gateway": "g1", "pre_shared_key": "k-123"}


def reconciler(adapter, clock=None, **kwargs):
    adapter.lookup = "t"
    clock = clock or FakeClock()
    adapter.clock = clock
    kwargs.setdefault("poll", SCHEDULE)
    return Reconciler(adapter, SPEC, http=FakeHttp(clock), rng=random.Random(7), **kwargs)


def kinds(adapter):
    return [call[0] for call in adapter.calls]


# -- the flow -------------------------------------------------------------------
def test_create_when_missing():
    adapter = FakeAdapter()
    outcome = reconciler(adapter).present(dict(NEW))
    assert outcome.changed and adapter.writes[0][0] == "create"
    result = outcome.result()
    assert "pre_shared_key" not in result["vpn_connection"]
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["pre_shared_key"] == PSK_PLACEHOLDER_AFTER


def test_create_needs_required_options():
    with pytest.raises(ResourceConflictError) as caught:
        reconciler(FakeAdapter()).present({"name": "t"})
    assert "gateway, pre_shared_key" in str(caught.value)


def test_no_change_means_one_find_and_no_write():
    adapter = FakeAdapter([EXISTING])
    outcome = reconciler(adapter).present({"name": "t", "pre_shared_key": "old-key-1", "ike": {"mode": "main"}})
    assert not outcome.changed and adapter.writes == []
    assert kinds(adapter) == ["find"]


def test_only_the_difference_is_sent():
    adapter = FakeAdapter([EXISTING])
    outcome = reconciler(adapter).present({"name": "t", "ike": {"mode": "MAIN", "lifetime": 200}})
    assert adapter.writes == [("update", {"ike": {"lifetime": 200}})]
    assert outcome.result()["vpn_connection"]["ike"]["lifetime"] == 200


def test_check_mode_predicts_and_does_not_write():
    adapter = FakeAdapter([EXISTING])
    result = reconciler(adapter, check_mode=True).present({"name": "t", "ike": {"lifetime": 200}}).result()
    assert adapter.writes == [] and kinds(adapter) == ["find"]
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


def test_recreate_waits_for_the_old_connection_to_go_even_without_wait():
    adapter = FakeAdapter([EXISTING], transition_reads=2)
    reconciler(adapter, recreate=True, wait=False).present({"name": "t", "gateway": "g2"})
    assert kinds(adapter) == ["find", "delete", "read", "read", "read", "create"]


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
    assert kinds(adapter) == ["find"]


def test_unknown_id_with_present_fails():
    adapter = FakeAdapter()
    with pytest.raises(ResourceConflictError) as caught:
        reconciler(adapter).present({"id": "c-9", "name": "t", "gateway": "g", "pre_shared_key": "kkkk"})
    assert "c-9" in str(caught.value) and adapter.writes == []


# -- the call floor -------------------------------------------------------------
def test_update_with_wait_reads_only_while_waiting():
    adapter = FakeAdapter([EXISTING], transition_reads=2)
    outcome = reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    # Two reads still in transition, the third settled.
    assert kinds(adapter) == ["find", "update", "read", "read", "read"]
    assert outcome.after["state"] == "ACTIVE"


def test_update_without_wait_reads_nothing_after_the_write():
    adapter = FakeAdapter([EXISTING], transition_reads=2)
    outcome = reconciler(adapter, wait=False).present({"name": "t", "ike": {"lifetime": 200}})
    assert kinds(adapter) == ["find", "update"]
    assert outcome.after["ike"] == {"mode": "MAIN", "lifetime": 200}


def test_create_without_wait_returns_the_answer_merged_with_what_was_sent():
    adapter = FakeAdapter(transition_reads=2)
    outcome = reconciler(adapter, wait=False).present(dict(NEW, ike={"mode": "MAIN"}))
    assert kinds(adapter) == ["find", "create"]
    assert outcome.after["id"] == "c-1" and outcome.after["state"] == "PENDING"
    assert outcome.after["ike"] == {"mode": "MAIN"}


def test_create_answer_already_settled_ends_the_wait():
    adapter = FakeAdapter(transition_reads=0)
    outcome = reconciler(adapter).present(dict(NEW))
    assert kinds(adapter) == ["find", "create"]
    assert outcome.after["state"] == "ACTIVE"


def test_create_answer_pending_is_polled():
    adapter = FakeAdapter(transition_reads=1)
    reconciler(adapter).present(dict(NEW))
    assert kinds(adapter) == ["find", "create", "read", "read"]


def test_delete_without_wait_reads_nothing_after():
    adapter = FakeAdapter([EXISTING], transition_reads=3)
    reconciler(adapter, wait=False).absent()
    assert kinds(adapter) == ["find", "delete"]


def test_delete_with_wait_polls_until_gone():
    adapter = FakeAdapter([EXISTING], transition_reads=2)
    reconciler(adapter).absent()
    assert kinds(adapter) == ["find", "delete", "read", "read", "read"]


# -- lost answers -----------------------------------------------------------------
def test_lost_create_that_was_applied_is_found_not_sent_again():
    adapter = FakeAdapter(transition_reads=1)
    adapter.faults = ["lost_applied"]
    clock = FakeClock()
    outcome = reconciler(adapter, clock=clock).present(dict(NEW))
    assert outcome.changed and len(adapter.store) == 1
    assert [send[0] for send in adapter.sends] == ["create"]
    assert kinds(adapter) == ["find", "create", "find", "read", "read"]
    assert outcome.after["id"] == "c-1" and outcome.after["state"] == "ACTIVE"
    assert 0.5 <= clock.sleeps[0] <= 1.0  # a pause before looking


def test_lost_create_that_was_not_applied_is_resent_with_the_same_token():
    adapter = FakeAdapter()
    adapter.faults = ["lost"]
    outcome = reconciler(adapter).present(dict(NEW))
    assert outcome.changed and len(adapter.store) == 1
    assert kinds(adapter) == ["find", "create", "find", "create"]
    first, second = [send[1] for send in adapter.sends]
    assert first == second and len(first) == 32


def test_each_logical_write_has_its_own_token():
    adapter = FakeAdapter([EXISTING])
    reconciler(adapter, recreate=True).present({"name": "t", "gateway": "g2"})
    delete_token, create_token = [send[1] for send in adapter.sends]
    assert delete_token != create_token


def test_create_whose_answer_is_always_lost_fails_counting_attempts_with_backoff():
    adapter = FakeAdapter()
    adapter.faults = ["lost"] * 10
    clock = FakeClock()
    with pytest.raises(ProviderError) as caught:
        reconciler(adapter, clock=clock).present(dict(NEW))
    error = caught.value
    assert error.attempts == WRITE_ATTEMPTS and "after %d attempts" % WRITE_ATTEMPTS in str(error)
    assert "no answer to %d sends" % WRITE_ATTEMPTS in str(error)
    # A lookup between every two sends, never two creates in a row.
    assert kinds(adapter) == ["find"] + ["create", "find"] * (WRITE_ATTEMPTS - 1) + ["create"]
    assert adapter.store == {}
    # Jittered, doubling pauses: each in [ceiling / 2, ceiling] for ceilings 1, 2, 4.
    assert len(clock.sleeps) == WRITE_ATTEMPTS - 1
    for attempt, pause in enumerate(clock.sleeps, 1):
        ceiling = 2 ** (attempt - 1)
        assert ceiling / 2 <= pause <= ceiling


def test_lost_create_found_twice_is_the_ambiguity_error():
    class Ambiguous(FakeAdapter):
        def find_created(self, desired):
            raise ResourceConflictError("2 connections are named 't': c-1, c-2")
    adapter = Ambiguous()
    adapter.faults = ["lost"]
    with pytest.raises(ResourceConflictError) as caught:
        reconciler(adapter).present(dict(NEW))
    assert "c-1, c-2" in str(caught.value) and len(adapter.sends) == 1


def test_lost_update_that_was_applied_is_not_sent_again():
    adapter = FakeAdapter([EXISTING])
    adapter.faults = ["lost_applied"]
    outcome = reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert outcome.changed and outcome.after["ike"]["lifetime"] == 200
    assert kinds(adapter) == ["find", "update", "read"]


def test_lost_update_seen_in_transition_is_progress_and_waited_for():
    adapter = FakeAdapter([EXISTING], transition_reads=3)
    adapter.faults = ["lost_applied"]
    outcome = reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert [send[0] for send in adapter.sends] == ["update"]
    assert kinds(adapter) == ["find", "update", "read", "read", "read", "read"]
    assert outcome.after["state"] == "ACTIVE"


def test_lost_update_in_transition_without_wait_returns_what_was_read():
    adapter = FakeAdapter([EXISTING], transition_reads=3)
    adapter.faults = ["lost_applied"]
    outcome = reconciler(adapter, wait=False).present({"name": "t", "ike": {"lifetime": 200}})
    assert kinds(adapter) == ["find", "update", "read"] and outcome.after["state"] == "PENDING"


def test_lost_update_that_was_not_applied_is_resent_after_a_read():
    adapter = FakeAdapter([EXISTING])
    adapter.faults = ["lost"]
    outcome = reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert kinds(adapter) == ["find", "update", "read", "update", "read"]
    assert adapter.sends[0][1] == adapter.sends[1][1]
    assert outcome.after["ike"]["lifetime"] == 200


def test_busy_answer_to_a_resend_means_read_again():
    adapter = FakeAdapter([EXISTING])
    adapter.faults = ["lost", "busy"]
    outcome = reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert kinds(adapter) == ["find", "update", "read", "update", "read", "update", "read"]
    assert len({send[1] for send in adapter.sends}) == 1
    assert outcome.changed


def test_busy_answer_to_a_first_send_is_an_error():
    adapter = FakeAdapter([EXISTING])
    adapter.faults = ["busy"]
    with pytest.raises(ProviderError):
        reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert kinds(adapter) == ["find", "update"]


def test_refused_write_is_not_retried_by_the_engine():
    adapter = FakeAdapter([EXISTING])
    adapter.faults = ["denied"]
    with pytest.raises(ProviderError) as caught:
        reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert caught.value.code == "InvalidParameter" and kinds(adapter) == ["find", "update"]


def test_lost_unreadable_psk_change_is_resent():
    adapter = FakeAdapter([EXISTING], psk_readable=False)
    adapter.faults = ["lost_applied"]
    reconciler(adapter, update_pre_shared_key="always").present({"name": "t", "pre_shared_key": "k-2"})
    assert kinds(adapter) == ["find", "update", "read", "update", "read"]


def test_lost_delete_gone_is_done():
    adapter = FakeAdapter([EXISTING])
    adapter.faults = ["lost_applied"]
    assert reconciler(adapter).absent().changed
    assert kinds(adapter) == ["find", "delete", "read"]


def test_lost_delete_seen_deleting_is_progress():
    adapter = FakeAdapter([EXISTING], transition_reads=2)
    adapter.faults = ["lost_applied"]
    assert reconciler(adapter).absent().changed
    assert [send[0] for send in adapter.sends] == ["delete"]
    assert kinds(adapter) == ["find", "delete", "read", "read", "read"]


def test_lost_delete_not_applied_is_resent():
    adapter = FakeAdapter([EXISTING])
    adapter.faults = ["lost"]
    reconciler(adapter).absent()
    assert kinds(adapter)[:4] == ["find", "delete", "read", "delete"] and adapter.store == {}


def busy_before_the_write(adapter, reads=2):
    """The connection is already in transition (an earlier change) when this run reads it."""
    adapter.store["c-1"]["status"] = "PENDING"
    adapter.pending["c-1"] = reads


def test_lost_update_of_a_connection_already_in_transition_is_judged_by_its_values():
    # Baidu answers a write to a busy tunnel with HTTP 503 (a lost answer): the transition the
    # read shows is the earlier change, not this write, which must be sent again.
    adapter = FakeAdapter([EXISTING])
    busy_before_the_write(adapter)
    adapter.faults = ["lost"]
    outcome = reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert [send[0] for send in adapter.sends] == ["update", "update"]
    assert adapter.sends[0][1] == adapter.sends[1][1]
    assert outcome.after["ike"]["lifetime"] == 200 and outcome.after["state"] == "ACTIVE"


def test_lost_update_of_a_connection_already_in_transition_that_shows_the_values_is_done():
    adapter = FakeAdapter([EXISTING])
    busy_before_the_write(adapter)
    adapter.faults = ["lost_applied"]
    outcome = reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert [send[0] for send in adapter.sends] == ["update"]
    assert outcome.after["ike"]["lifetime"] == 200


def test_lost_delete_of_a_connection_already_in_transition_is_resent_until_gone():
    adapter = FakeAdapter([EXISTING])
    busy_before_the_write(adapter)
    adapter.faults = ["lost"]
    assert reconciler(adapter).absent().changed
    assert [send[0] for send in adapter.sends] == ["delete", "delete"] and adapter.store == {}


# -- waiting --------------------------------------------------------------------
def test_polls_follow_the_schedule_and_the_last_is_at_the_deadline():
    adapter = FakeAdapter([EXISTING], transition_reads=1000)
    clock = FakeClock()
    engine = reconciler(adapter, clock=clock, wait_timeout=20)
    with pytest.raises(WaitTimeout) as caught:
        engine.present({"name": "t", "ike": {"lifetime": 200}})
    polls = [at for kind, at in adapter.calls if kind == "read"]
    # first after 2 s, then every 5 s; the next (22 s) would be late: the last is 1 s before the deadline.
    assert polls == [2.0, 7.0, 12.0, 17.0, 19.0]
    assert clock.now <= 20.0
    message = str(caught.value)
    assert message.startswith("timed out after 20 seconds waiting for c-1 to settle (5 polls, last state seen: PENDING)")
    assert "wait_timeout" in message


def test_every_poll_runs_inside_the_http_deadline():
    adapter = FakeAdapter([EXISTING], transition_reads=2)
    clock = FakeClock()
    engine = reconciler(adapter, clock=clock, wait_timeout=30)
    engine.present({"name": "t", "ike": {"lifetime": 200}})
    assert engine.http.deadlines == [30.0, 30.0, 30.0]


def test_jitter_spreads_the_interval():
    schedule = PollSchedule(first_delay=1.0, interval=10.0, jitter=0.2)
    rng = random.Random(1)
    values = [schedule.next_interval(rng) for attempt in range(200)]
    assert min(values) >= 8.0 and max(values) <= 12.0 and max(values) - min(values) > 2.0


def test_short_wait_timeout_still_polls_once():
    adapter = FakeAdapter([EXISTING], transition_reads=1000)
    with pytest.raises(WaitTimeout) as caught:
        reconciler(adapter, wait_timeout=1).present({"name": "t", "ike": {"lifetime": 200}})
    assert kinds(adapter).count("read") == 1 and "(1 poll," in str(caught.value)


def test_failed_status_ends_the_wait():
    adapter = FakeAdapter([EXISTING], transition_reads=2)
    adapter.failed_status = "ERROR"
    with pytest.raises(WaitFailed) as caught:
        reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert "ERROR" in str(caught.value) and "c-1" in str(caught.value)


def test_throttled_polls_go_on_while_time_remains_and_are_named_at_the_end():
    adapter = FakeAdapter([EXISTING], transition_reads=1000)
    original = adapter.read
    answers = iter([False, True, True] + [True] * 100)

    def flaky_read(connection_id):
        if next(answers):
            adapter._call("read")
            raise ProviderError("Busy", "slow down", http_status=200, provider="fake", action="read")
        return original(connection_id)
    adapter.read = flaky_read
    with pytest.raises(WaitTimeout) as caught:
        reconciler(adapter, wait_timeout=20).present({"name": "t", "ike": {"lifetime": 200}})
    assert kinds(adapter).count("read") == 5
    assert "last state seen: PENDING" in str(caught.value) and "last poll failed: read failed: Busy: slow down" in str(caught.value)


def test_a_fatal_poll_error_is_not_swallowed():
    adapter = FakeAdapter([EXISTING], transition_reads=5)

    def denied(connection_id):
        raise ProviderError("AuthFailure", "no", http_status=200, provider="fake", action="read")
    adapter.read = denied
    with pytest.raises(ProviderError):
        reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})


def test_poll_schedule_from_the_environment():
    default = PollSchedule(first_delay=2.0, interval=5.0, jitter=0.1)
    assert poll_schedule_from_env(default, {}) is not default
    tuned = poll_schedule_from_env(default, {"CLOUDVPN_POLL_FIRST_DELAY": "0", "CLOUDVPN_POLL_INTERVAL": "30"})
    assert (tuned.first_delay, tuned.interval, tuned.jitter) == (0.0, 30.0, 0.1)
    for bad in ({"CLOUDVPN_POLL_INTERVAL": "0"}, {"CLOUDVPN_POLL_INTERVAL": "soon"},
                {"CLOUDVPN_POLL_FIRST_DELAY": "-1"}, {"CLOUDVPN_POLL_INTERVAL": "nan"}):
        with pytest.raises(ValidationError) as caught:
            poll_schedule_from_env(default, bad)
        assert next(iter(bad)) in str(caught.value)


def test_create_answered_without_an_id_is_looked_up():
    class NoId(FakeAdapter):
        def create(self, desired, token):
            raw = super().create(desired, token)
            return {"name": raw["name"]}
    adapter = NoId()
    outcome = reconciler(adapter).present(dict(NEW))
    assert outcome.after["id"] == "c-1" and kinds(adapter) == ["find", "create", "find"]
    missing = NoId()
    missing.find_created = lambda desired: None
    with pytest.raises(ResourceConflictError) as caught:
        reconciler(missing).present(dict(NEW))
    assert "without an ID" in str(caught.value)
