# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Waiting for the cloud: the poll schedule of a wait, and the backoff between write attempts.

A wait polls on a steady schedule fitted to the provider (``PollSchedule``):
a first poll shortly after the write, then one every ``interval`` seconds,
and a last one just before the deadline, never an interval early. The
deadline holds for the whole wait: each poll runs inside
``http.deadline(deadline)``, so the HTTP layer's own retries of a throttled
or failed poll stop there too.
"""

from __future__ import annotations

import contextlib
import os
import random
import time

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import CloudVpnError, ValidationError

# The last poll starts this long before the deadline (at most half an
# interval), so that its answer can arrive by the deadline.
FINAL_POLL_LEAD = 1.0


class WaitTimeout(CloudVpnError):
    """The connection did not settle within ``wait_timeout``."""


class WaitFailed(CloudVpnError):
    """The connection reached a terminal failure status while we waited."""


class PollSchedule:
    """When to poll: ``first_delay`` seconds after the write, then every ``interval`` (+- ``jitter``)."""

    def __init__(self, first_delay, interval, jitter=0.2):
        if first_delay < 0 or interval <= 0 or not 0 <= jitter < 1:
            raise ValueError("a poll schedule needs first_delay >= 0, interval > 0 and 0 <= jitter < 1")
        self.first_delay = float(first_delay)
        self.interval = float(interval)
        self.jitter = float(jitter)

    def next_interval(self, rng=random):
        """One interval, spread by the jitter so that forks started together do not poll together."""
        return self.interval * rng.uniform(1 - self.jitter, 1 + self.jitter)

    def final_lead(self):
        return min(FINAL_POLL_LEAD, self.interval / 2)

    def __repr__(self):
        return "PollSchedule(first_delay=%g, interval=%g, jitter=%g)" % (self.first_delay, self.interval, self.jitter)


def poll_schedule_from_env(default, environ=None):
    """``default``, with ``CLOUDVPN_POLL_FIRST_DELAY`` / ``CLOUDVPN_POLL_INTERVAL`` (seconds) applied.

    Operators can poll less often (big fleets under a rate limit) or more
    often (a private cloud that settles in a second); tests use it to keep
    waits short.
    """
    environ = os.environ if environ is None else environ
    values = {"first_delay": default.first_delay, "interval": default.interval}
    for name, key in (("FIRST_DELAY", "first_delay"), ("INTERVAL", "interval")):
        text = environ.get("CLOUDVPN_POLL_" + name)
        if text:
            try:
                values[key] = float(text)
            except ValueError:
                raise ValidationError("CLOUDVPN_POLL_" + name, "must be a number of seconds, got %r" % text) from None
    if not 0 <= values["first_delay"] < float("inf"):
        raise ValidationError("CLOUDVPN_POLL_FIRST_DELAY", "must be 0 or more seconds")
    if not 0 < values["interval"] < float("inf"):
        raise ValidationError("CLOUDVPN_POLL_INTERVAL", "must be more than 0 seconds")
    return PollSchedule(values["first_delay"], values["interval"], default.jitter)


class Backoff:
    """The pause before looking again after a lost answer: doubling, capped, with jitter.

    Each pause is between half and all of ``min(cap, base * 2 ** (attempt - 1))``:
    never zero, since the write may still be running on the server and the
    look that follows must give it time to show; jittered, so that runs that
    lost their answers together do not look (and resend) together.
    """

    def __init__(self, base=1.0, cap=10.0, rng=None):
        self.base = base
        self.cap = cap
        self.rng = rng or random.Random()

    def delay(self, attempt):
        ceiling = min(self.cap, self.base * (2 ** (attempt - 1)))
        return self.rng.uniform(ceiling / 2, ceiling)


def poll_until(read, done, schedule, deadline, what, describe=str, failed=None, transient=None,
               clock=time.monotonic, sleep=time.sleep, bound=None, rng=random, started=None, first_at=None):
    """Call ``read()`` on ``schedule`` until ``done(result)``; return that result.

    ``deadline`` is an absolute ``clock()`` value. The polls are at
    ``started + first_delay`` (or ``first_at``, a ``clock()`` value, when
    given: a wait that continues another), then every interval; one that would fall
    after ``deadline - lead`` is made at ``deadline - lead`` instead, and is
    the last. Every ``read()`` runs inside ``bound(deadline)`` (the HTTP
    client's ``deadline``), when given. ``failed(result)`` ends the wait with
    ``WaitFailed``; a poll error for which ``transient(error)`` is true is
    remembered and the next poll made, while time remains. On time-out,
    ``WaitTimeout`` says what was awaited, for how long, and the last state
    seen (``describe(result)``) or the last poll error.
    """
    started = clock() if started is None else started
    lead = schedule.final_lead()
    next_at = started + schedule.first_delay if first_at is None else first_at
    last_at = None
    polls = 0
    last_seen = None
    last_error = None
    while True:
        at = min(next_at, deadline - lead)
        if (last_at is not None and at <= last_at) or (polls and clock() >= deadline):
            raise WaitTimeout(_timeout_message(what, deadline - started, polls, last_seen, last_error))
        pause = at - clock()
        if pause > 0:
            sleep(pause)
        last_at = at
        polls += 1
        try:
            with bound(deadline) if bound is not None else contextlib.nullcontext():
                result = read()
        except CloudVpnError as error:
            if transient is None or not transient(error):
                raise
            last_error = error
        else:
            last_error = None
            if failed is not None and failed(result):
                raise WaitFailed("stopped waiting for %s: the status is %s, a failure the cloud does not "
                                 "recover from by itself" % (what, describe(result)))
            if done(result):
                return result
            last_seen = describe(result)
        next_at = at + schedule.next_interval(rng)


def _timeout_message(what, waited, polls, last_seen, last_error):
    text = "timed out after %g seconds waiting for %s (%d poll%s" % (
        round(waited, 1), what, polls, "" if polls == 1 else "s")
    if last_seen is not None:
        text += ", last state seen: %s" % last_seen
    if last_error is not None:
        text += ", last poll failed: %s" % last_error
    return text + "). Raise wait_timeout, or set wait: false to return without waiting."
