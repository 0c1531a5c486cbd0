# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark-only callback: one JSON line per task result, with its wall time, to $CLOUDVPN_BENCH_RECORD."""

from __future__ import annotations

DOCUMENTATION = r"""
name: bench_record
type: aggregate
short_description: Write each task result's status and wall time as JSON lines (scripts/bench only)
description:
  - Appends one JSON object per task result (task name, host, status, seconds since the task started)
    to the file named by E(CLOUDVPN_BENCH_RECORD).
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_record"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._started = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._started[task._uuid] = time.monotonic()

    def _record(self, result, status):
        path = os.environ.get("CLOUDVPN_BENCH_RECORD")
        if not path:
            return
        started = self._started.get(result._task._uuid)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({
                "task": result.task_name, "host": result._host.get_name(), "status": status,
                "seconds": None if started is None else time.monotonic() - started}) + "\n")

    def v2_runner_on_ok(self, result):
        self._record(result, "changed" if result._result.get("changed") else "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")
