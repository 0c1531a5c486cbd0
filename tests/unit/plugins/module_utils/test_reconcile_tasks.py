# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The engine's task hook (``task_of``/``task_status``): writes answered with a task, followed with wait."""

from __future__ import annotations

import pytest
from test_reconcile import EXISTING, NEW, FakeAdapter, FakeClock, kinds, reconciler

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.reconcile import ConnectionAdapter
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.waiters import WaitTimeout


class TaskAdapter(FakeAdapter):
    """Every write answers ``{"task": n}`` (a create without the ID, as Tencent API 2.0 does).

    A task runs for ``task_polls`` polls of ``task_status``, then ends with
    ``task_end`` ("done" or "failed"); ``task_errors`` are raised by the first
    polls. Each poll is a call (kind ``task``).
    """

    def __init__(self, existing=None, task_polls=1, task_end="done", **kwargs):
        super().__init__(existing, **kwargs)
        self.task_polls = task_polls
        self.task_end = task_end
        self.task_errors = []
        self.tasks = {}
        self.polled = []

    def _task(self):
        task = len(self.tasks) + 1
        self.tasks[task] = self.task_polls
        return {"task": task}

    def create(self, desired, token):
        super().create(desired, token)
        return self._task()  # no ID: the engine must look the new one up

    def update(self, raw, changes, token):
        super().update(raw, changes, token)
        return self._task()

    def delete(self, raw, token):
        super().delete(raw, token)
        return self._task()

    def task_of(self, answer):
        return (answer or {}).get("task")

    def task_status(self, task):
        self._call("task")
        self.polled.append(task)
        if self.task_errors:
            raise self.task_errors.pop(0)
        self.tasks[task] -= 1
        return "running" if self.tasks[task] > 0 else self.task_end


def test_the_default_adapter_has_no_task():
    assert ConnectionAdapter(None, {}).task_of({"taskId": 7}) is None


def test_create_with_wait_follows_the_task_then_looks_the_connection_up():
    adapter = TaskAdapter(task_polls=3)
    clock = FakeClock()
    outcome = reconciler(adapter, clock=clock).present(dict(NEW))
    assert kinds(adapter) == ["find", "create", "task", "task", "task", "find"]
    assert outcome.after["id"] == "c-1" and outcome.after["state"] == "ACTIVE"
    # The task polls follow the adapter's schedule (first after 2 s, then every 5 s).
    assert [call[1] for call in adapter.calls if call[0] == "task"] == [2.0, 7.0, 12.0]


def test_create_without_wait_looks_up_at_once_and_never_polls_the_task():
    adapter = TaskAdapter(task_polls=3, transition_reads=2)
    outcome = reconciler(adapter, wait=False).present(dict(NEW))
    assert kinds(adapter) == ["find", "create", "find"]
    assert outcome.after["state"] == "PENDING"


def test_update_with_wait_follows_the_task_then_reads_at_once():
    adapter = TaskAdapter([EXISTING], task_polls=2, transition_reads=2)
    clock = FakeClock()
    reconciler(adapter, clock=clock).present({"name": "t", "ike": {"lifetime": 200}})
    assert kinds(adapter) == ["find", "update", "task", "task", "read", "read", "read"]
    task_times = [call[1] for call in adapter.calls if call[0] == "task"]
    read_times = [call[1] for call in adapter.calls if call[0] == "read"]
    # The first read after the task is not delayed by a second first_delay: one wait, one schedule.
    assert task_times == [2.0, 7.0] and read_times == [7.0, 12.0, 17.0]


def test_update_without_wait_does_not_poll_the_task():
    adapter = TaskAdapter([EXISTING], task_polls=2)
    reconciler(adapter, wait=False).present({"name": "t", "ike": {"lifetime": 200}})
    assert kinds(adapter) == ["find", "update"]


def test_delete_with_wait_follows_the_task_then_polls_until_gone():
    adapter = TaskAdapter([EXISTING], task_polls=1, transition_reads=2)
    reconciler(adapter).absent()
    assert kinds(adapter) == ["find", "delete", "task", "read", "read", "read"]


def test_delete_without_wait_does_not_poll_the_task():
    adapter = TaskAdapter([EXISTING], task_polls=1, transition_reads=1)
    reconciler(adapter, wait=False).absent()
    assert kinds(adapter) == ["find", "delete"]


def test_a_failed_task_names_the_task_and_the_write():
    adapter = TaskAdapter([EXISTING], task_polls=2, task_end="failed")
    with pytest.raises(ResourceConflictError) as caught:
        reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert "task 1 of the update of c-1 failed" in str(caught.value)
    assert kinds(adapter) == ["find", "update", "task", "task"]


def test_a_failed_create_task_is_not_looked_up():
    adapter = TaskAdapter(task_polls=1, task_end="failed")
    with pytest.raises(ResourceConflictError) as caught:
        reconciler(adapter).present(dict(NEW))
    assert "the create of 't'" in str(caught.value) and "task 1" in str(caught.value)
    assert kinds(adapter) == ["find", "create", "task"]


def test_one_deadline_bounds_the_task_wait_and_the_status_wait():
    # The task takes 20 s of a 30 s wait: the status wait gets the 10 s left, not another 30.
    adapter = TaskAdapter([EXISTING], task_polls=5, transition_reads=100)
    clock = FakeClock()
    with pytest.raises(WaitTimeout) as caught:
        reconciler(adapter, clock=clock, wait_timeout=30).present({"name": "t", "ike": {"lifetime": 200}})
    assert "timed out after 30 seconds waiting for c-1 to settle" in str(caught.value)
    assert clock.now <= 30.0
    assert kinds(adapter)[:7] == ["find", "update", "task", "task", "task", "task", "task"]


def test_a_task_that_never_ends_times_out_naming_it():
    adapter = TaskAdapter([EXISTING], task_polls=1000)
    clock = FakeClock()
    with pytest.raises(WaitTimeout) as caught:
        reconciler(adapter, clock=clock, wait_timeout=20).present({"name": "t", "ike": {"lifetime": 200}})
    assert "waiting for task 1 of the update of c-1 to finish" in str(caught.value)
    assert "last state seen: running" in str(caught.value)
    assert "read" not in kinds(adapter)


def test_a_busy_task_poll_is_polled_again():
    adapter = TaskAdapter([EXISTING], task_polls=1)
    adapter.task_errors = [ProviderError("Busy", "busy", http_status=200, provider="fake")]
    reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert kinds(adapter) == ["find", "update", "task", "task", "read"]


def test_an_error_polling_the_task_is_an_error_not_done():
    adapter = TaskAdapter([EXISTING], task_polls=1)
    adapter.task_errors = [ProviderError("InvalidTaskId.NotFound", "no such task", http_status=200, provider="fake")]
    with pytest.raises(ProviderError) as caught:
        reconciler(adapter).present({"name": "t", "ike": {"lifetime": 200}})
    assert caught.value.code == "InvalidTaskId.NotFound"
    assert "read" not in kinds(adapter)


def test_a_recovered_lost_answer_has_no_task_to_follow():
    adapter = TaskAdapter(task_polls=3, transition_reads=1)
    adapter.faults = ["lost_applied"]
    reconciler(adapter).present(dict(NEW))
    assert "task" not in kinds(adapter)
    assert kinds(adapter) == ["find", "create", "find", "read", "read"]
