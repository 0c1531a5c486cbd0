# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The reconcile engine every managing module runs.

Read the current connection, put it in the module's shape, compare it with
what the user asked for, and then: in check mode stop and predict; else
write only the difference, wait while the cloud works, and read the result.
Provider specifics live behind a small adapter (``ConnectionAdapter``), so
the flow, the pre-shared-key rules, the recreate rule and the diff are the
same for every provider.
"""

from __future__ import annotations

import random
import time
import uuid

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import (
    differences,
    merge,
    resolve_tags,
    strip_unset,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError, ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.waiters import (
    Backoff,
    PollSchedule,
    poll_schedule_from_env,
    poll_until,
)

PSK = "pre_shared_key"
PSK_PLACEHOLDER_BEFORE = "<hidden>"
PSK_PLACEHOLDER_AFTER = "<hidden, changed>"
RECREATE_MARKER = "recreated"
# Sends of one logical write (the first and the resends after a lost answer).
WRITE_ATTEMPTS = 4


class ConnectionAdapter:
    """What the engine needs from a provider (contract version 2). Subclasses fill these in.

    ``shape`` returns the module-shaped dict of a raw API object, with the
    pre-shared key under ``pre_shared_key`` only when the API reads it back.
    ``create``/``update``/``delete`` send exactly one write request (their
    API client sends writes with ``idempotent=False``) and take the
    engine's ``token``, one per logical write, passed again when the engine
    resends that write after a lost answer.
    """

    provider = "cloud"
    psk_readable = False
    immutable = ()          # options that cannot change in place
    write_once = ()         # options sent on create and never read back: never compared
    create_required = ()    # options a create needs
    poll = PollSchedule(first_delay=2.0, interval=5.0)

    def resolve(self, desired, current):
        """``desired`` as compared with ``current`` (module shape) of an existing connection.

        The default handles the one such option every tagging provider has:
        ``tags`` become the whole set the connection should end up with, the
        unlisted current ones kept with ``purge_tags: false``
        (``compare.resolve_tags``); without ``tags`` it is ``desired`` itself.
        An adapter overrides it for another such option.
        """
        return resolve_tags(desired, current, self.params.get("purge_tags", True))

    def __init__(self, client, params):
        self.client = client
        self.params = params

    def find(self):
        """Raw or None: by ``params["id"]``, else by exact name within ``vpn_gateway_id``."""
        if self.params.get("id"):
            return self.read(self.params["id"])
        name, gateway = self.params.get("name"), self.params.get("vpn_gateway_id")
        if not name or not gateway:
            raise ResourceConflictError("to find a connection without id, give both name and vpn_gateway_id")
        return self.find_by_name(gateway, name)

    def find_created(self, desired):
        """The connection a create of ``desired`` made (its unique key: name within the gateway), or None.

        By name, not by ``find()``: during a recreate ``params["id"]`` is the old ID.
        """
        return self.find_by_name(desired["vpn_gateway_id"], desired["name"])

    def find_by_name(self, gateway, name):
        """Raw or None: the connection named exactly ``name`` in ``gateway`` (see ``only_match``)."""
        raise NotImplementedError

    def only_match(self, matches, name, gateway, noun="connections"):
        """The one raw object of ``matches`` (or None); several are an error listing every ID, never a guess."""
        if len(matches) > 1:
            raise ResourceConflictError(
                "%d %s are named %r in VPN gateway %s: %s. Give id to choose one."
                % (len(matches), noun, name, gateway, ", ".join(sorted(self.identity(raw) for raw in matches))))
        return matches[0] if matches else None

    def read(self, connection_id):
        raise NotImplementedError

    def shape(self, raw):
        raise NotImplementedError

    def identity(self, raw):
        raise NotImplementedError

    def is_settled(self, raw):
        raise NotImplementedError

    def is_failed(self, raw):
        """True for a terminal failure status: waiting for it to settle is pointless."""
        return False

    def task_of(self, answer):
        """The asynchronous task a write's ``answer`` started, as a handle for ``task_status``, or None.

        The default: no task. An API whose writes answer with a task ID
        (Tencent API 2.0 ``taskId``) returns it here; with ``wait: true`` the
        engine then follows the task before it reads the connection. Called
        only with the answer of a write that arrived, never after a lost
        answer was recovered by reading.
        """
        return None

    def task_status(self, task):
        """``"done"``, ``"running"`` or ``"failed"``: the status of ``task`` (from ``task_of``) now."""
        raise NotImplementedError

    def is_retryable(self, error):
        """True for an error that says "not now" (throttled, busy) or that lost the answer.

        While waiting, such a poll error is not fatal while time remains; in
        answer to a resend after a lost answer, it means the first write may
        still be in progress, so the engine looks again.
        """
        return error.answer_lost or error.http_status == 429

    def create(self, desired, token):
        raise NotImplementedError

    def update(self, raw, changes, token):
        raise NotImplementedError

    def delete(self, raw, token):
        raise NotImplementedError


class Outcome:
    """What a run did: ``before``/``after`` in module shape, and whether the key was (to be) sent."""

    def __init__(self, changed, before, after, psk_sent=False):
        self.changed = changed
        self.before = before
        self.after = after
        self.psk_sent = psk_sent

    def result(self):
        return {
            "changed": self.changed,
            "vpn_connection": public(self.after),
            "diff": {"before": diff_view(self.before, "before", self.psk_sent),
                     "after": diff_view(self.after, "after", self.psk_sent)},
        }


class Written:
    """How a write ended: with its ``answer``, or ``recovered`` by reading ``seen`` after a lost answer."""

    def __init__(self, answer=None, seen=None, recovered=False):
        self.answer = answer
        self.seen = seen
        self.recovered = recovered


class Reconciler:
    """Reads, compares, writes what differs, and waits; the same for every provider.

    API calls per run (the floor): a no-op or a check-mode run reads once
    (``find``); a change reads once, writes, and reads again only while
    waiting; with ``wait: false`` nothing is read after the write. A write
    whose answer is lost is never sent again before a read shows that it
    did not take effect.
    """

    @classmethod
    def for_module(cls, adapter, spec, module, http):
        """The engine for a managing module, from its common options (``MANAGE_OPTIONS``)."""
        params = module.params
        return cls(adapter, spec, check_mode=module.check_mode, wait=params["wait"],
                   wait_timeout=params["wait_timeout"], recreate=params["recreate"],
                   update_pre_shared_key=params["update_pre_shared_key"], http=http)

    def __init__(self, adapter, spec, check_mode=False, wait=True, wait_timeout=600,
                 recreate=False, update_pre_shared_key="on_create", http=None, poll=None,
                 clock=None, sleep=None, rng=None, write_attempts=WRITE_ATTEMPTS):
        self.adapter = adapter
        self.spec = spec
        self.check_mode = check_mode
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.recreate = recreate
        self.update_psk = update_pre_shared_key
        self.http = http
        # Deadlines are values of the HTTP client's clock: it bounds its calls by them.
        self.clock = clock or (http.clock if http is not None else time.monotonic)
        self.sleep = sleep or (http.sleep if http is not None else time.sleep)
        self.rng = rng or random.Random()
        self.poll = poll or poll_schedule_from_env(adapter.poll)
        self.backoff = Backoff(rng=self.rng)
        self.write_attempts = write_attempts

    # -- state: present ---------------------------------------------------
    def present(self, desired):
        desired = strip_unset(desired)
        raw = self.adapter.find()
        if raw is None:
            return self._create(desired, before={})
        current = self.adapter.shape(raw)
        desired = self.adapter.resolve(desired, current)
        changes = self.changes(desired, current)
        if not changes:
            return Outcome(False, current, current)
        blocked = sorted(name for name in changes if name in self.adapter.immutable)
        if blocked:
            if not self.recreate:
                raise ResourceConflictError(
                    "cannot change %s of %s in place: the API has no update for %s. Set recreate: true "
                    "to delete and create the connection (this cuts the tunnel)."
                    % (", ".join(blocked), self.adapter.identity(raw), "it" if len(blocked) == 1 else "them"))
            return self._recreate(raw, current, desired)
        psk_sent = PSK in changes
        if self.check_mode:
            return Outcome(True, current, merge(current, changes, self.spec), psk_sent)
        return Outcome(True, current, self._update(raw, current, changes), psk_sent)

    def changes(self, desired, current):
        """What to send: the differing options, with the pre-shared-key rules applied."""
        comparable = {key: value for key, value in desired.items()
                      if key != PSK and key not in self.adapter.write_once}
        changes = differences(comparable, current, self.spec)
        psk = desired.get(PSK)
        if psk is not None:
            if self.adapter.psk_readable:
                if psk != current.get(PSK):
                    changes[PSK] = psk
            elif self.update_psk == "always":
                changes[PSK] = psk
        return changes

    def _update(self, raw, current, changes):
        connection_id = self.adapter.identity(raw)
        token = new_token()
        was_settled = self.adapter.is_settled(raw)
        written = self._write(
            "the update of %s" % connection_id,
            send=lambda: self.adapter.update(raw, changes, token),
            recover=lambda: self._recover_update(connection_id, changes, was_settled))
        if written.recovered:
            seen = written.seen
            if self.wait and not self.adapter.is_settled(seen):
                seen = self._wait_settled(connection_id)
            return self.adapter.shape(seen)
        if not self.wait:
            # No read after the write: what was sent, and what the write answered.
            predicted = merge(current, changes, self.spec)
            return merge(predicted, self.adapter.shape(written.answer), self.spec) if written.answer else predicted
        started = self.clock()
        followed = self._follow_task(written.answer, "the update of %s" % connection_id, started)
        return self.adapter.shape(self._wait_settled(connection_id, started, at_once=followed))

    def _recover_update(self, connection_id, changes, was_settled=True):
        """After a lost answer: did the update take effect? ``Written`` if so (or if in progress), else None."""
        seen = self.adapter.read(connection_id)
        if seen is None:
            raise ResourceConflictError("%s was deleted by someone else while this run was updating it"
                                        % connection_id)
        # A transitional status right after our write is our write at work, unless the
        # connection was already in one before it (Baidu answers a write to a busy tunnel
        # with HTTP 503, a lost answer: then only the values tell).
        at_work = was_settled and not self.adapter.is_settled(seen)
        if at_work or self._applied(changes, self.adapter.shape(seen)):
            return Written(seen=seen, recovered=True)
        return None

    def _applied(self, changes, current):
        """True when ``current`` shows every change that can be read back."""
        checkable = {key: value for key, value in changes.items() if key != PSK or self.adapter.psk_readable}
        return bool(checkable) and not differences(checkable, current, self.spec)

    def _create(self, desired, before):
        if desired.get("id") and not before:
            raise ResourceConflictError("no connection with id %s exists; to create one, leave out id"
                                        % desired["id"])
        desired = {key: value for key, value in desired.items() if key != "id"}
        missing = [name for name in self.adapter.create_required if desired.get(name) in (None, "", [])]
        if missing:
            raise ResourceConflictError("the connection does not exist, and creating it needs %s"
                                        % ", ".join(missing))
        if self.check_mode:
            return Outcome(True, before, desired, psk_sent=True)
        token = new_token()
        written = self._write(
            "the create of %r" % desired.get("name"),
            send=lambda: self.adapter.create(desired, token),
            recover=lambda: self._recover_create(desired))
        started = self.clock()
        followed = False
        if not written.recovered:
            # An API that answers a create with a task only (Tencent API 2.0) lists the
            # new connection by name; with wait, the task is followed first.
            followed = self._follow_task(written.answer, "the create of %r" % desired.get("name"), started)
        if not written.recovered and not self.adapter.identity(written.answer or {}):
            # Some APIs (Tencent) may answer a create without the new ID: look it up.
            written = self._recover_create(desired)
            if written is None:
                raise ResourceConflictError(
                    "the create of %r was answered without an ID, and no such connection can be found; "
                    "run again to look it up" % desired.get("name"))
        if written.recovered:  # read back: the cloud's own view
            raw = written.seen
            after = self.adapter.shape(raw)
        else:  # the answer, over what was sent (an answer may hold only some fields)
            raw = written.answer
            after = merge(desired, self.adapter.shape(raw), self.spec)
        if self.wait:
            self._check_failed(raw)
            if not self.adapter.is_settled(raw):
                after = self.adapter.shape(self._wait_settled(self.adapter.identity(raw), started, at_once=followed))
        return Outcome(True, before, after, psk_sent=True)

    def _recover_create(self, desired):
        found = self.adapter.find_created(desired)
        return None if found is None else Written(seen=found, recovered=True)

    def _recreate(self, raw, current, desired):
        """Delete, then create from the current settings overlaid with the desired ones."""
        wanted = merge(current_writable(current, self.spec), desired, self.spec)
        if self.check_mode:
            outcome = Outcome(True, current, wanted, psk_sent=True)
        else:
            # Always wait until the old connection is gone, even with wait: false:
            # a lookup by name after a lost create must not find the old one.
            self._delete(raw, wait=True)
            outcome = self._create(wanted, before=current)
        outcome.after = dict(outcome.after, **{RECREATE_MARKER: True})
        return outcome

    # -- state: absent ----------------------------------------------------
    def absent(self):
        raw = self.adapter.find()
        if raw is None:
            return Outcome(False, {}, {})
        current = self.adapter.shape(raw)
        if not self.check_mode:
            self._delete(raw, wait=self.wait)
        return Outcome(True, current, {})

    def _delete(self, raw, wait):
        connection_id = self.adapter.identity(raw)
        token = new_token()
        was_settled = self.adapter.is_settled(raw)
        written = self._write(
            "the deletion of %s" % connection_id,
            send=lambda: self.adapter.delete(raw, token),
            recover=lambda: self._recover_delete(connection_id, was_settled))
        started = self.clock()
        followed = wait and not written.recovered and self._follow_task(
            written.answer, "the deletion of %s" % connection_id, started)
        if wait and not (written.recovered and written.seen is None):
            self._wait_gone(connection_id, started, at_once=followed)

    def _recover_delete(self, connection_id, was_settled=True):
        """After a lost answer: gone, or in a transitional status (deleting), means the delete took effect.

        A transitional status counts only when the connection was settled before the delete:
        otherwise it may be the earlier change still at work, and the delete refused as busy.
        """
        seen = self.adapter.read(connection_id)
        if seen is None or (was_settled and not self.adapter.is_settled(seen)):
            return Written(seen=seen, recovered=True)
        return None

    # -- writes whose answer is lost --------------------------------------
    def _write(self, what, send, recover):
        """Send one logical write; after a lost answer, read before any resend.

        ``send()`` makes the write (with the same token every time) and
        returns its answer. When the answer is lost (time-out, reset, 5xx:
        the write may have been applied), the engine pauses (``Backoff``),
        then ``recover()`` reads: a ``Written`` means the write took effect
        (or is under way), ``None`` that it did not, so it is sent again. An
        error that says "busy" in answer to a resend means the first send is
        at work: read again rather than fail. At most ``write_attempts``
        sends; the final error counts every attempt.
        """
        sends = 0
        attempt = 0
        while True:
            attempt += 1
            try:
                return Written(answer=send())
            except ProviderError as error:
                sends += error.attempts
                error.attempts = sends
                busy_after_loss = attempt > 1 and not error.answer_lost and self.adapter.is_retryable(error)
                if not (error.answer_lost or busy_after_loss):
                    raise
                last = error
            if attempt >= self.write_attempts:
                last.message = "%s (%s: no answer to %d sends, and the connection, read after each, " \
                               "did not show the write)" % (last.message, what, attempt)
                raise last
            self.sleep(self.backoff.delay(attempt))
            found = recover()
            if found is not None:
                return found

    # -- waiting ------------------------------------------------------------
    # ``started``: when the wait began (after the write's answer). A task wait and
    # the status wait after it share it, so ``wait_timeout`` bounds both together;
    # after a task (``at_once``) the first read is made at once, then every interval.
    def _follow_task(self, answer, what, started):
        """With ``wait: true``, poll the task an answered write started (``task_of``) until it ends.

        A task that ends ``"failed"`` raises ``ResourceConflictError`` naming
        the task and the write; time-outs and poll errors are those of every
        wait (``poll_until``). Returns True when a task was followed.
        """
        if not self.wait:
            return False
        task = self.adapter.task_of(answer)
        if task is None:
            return False
        label = "task %s of %s" % (task, what)
        status = self._poll_until(lambda: self.adapter.task_status(task), lambda status: status != "running",
                                  label + " to finish", started)
        if status == "failed":
            raise ResourceConflictError(
                "%s failed: the cloud reports the task as failed. Read the connection (its state tells what "
                "is left) and run again." % label)
        return True

    def _wait_settled(self, connection_id, started=None, at_once=False):
        """Poll until the connection is settled; return it."""
        return self._poll(connection_id, "%s to settle" % connection_id,
                          lambda raw: raw is not None and self.adapter.is_settled(raw), started, at_once)

    def _wait_gone(self, connection_id, started=None, at_once=False):
        self._poll(connection_id, "%s to be deleted" % connection_id, lambda raw: raw is None, started, at_once)

    def _poll(self, connection_id, what, done, started=None, at_once=False):
        return self._poll_until(
            lambda: self.adapter.read(connection_id), done, what, self.clock() if started is None else started,
            describe=self._describe, failed=lambda raw: raw is not None and self.adapter.is_failed(raw),
            first_at=self.clock() if at_once else None)

    def _poll_until(self, read, done, what, started, **options):
        """``poll_until`` as every wait of the engine runs it: the provider's poll schedule, ``wait_timeout``
        from ``started``, retryable errors ridden out, each read inside the HTTP client's deadline.
        ``options``: ``describe``, ``failed``, ``first_at``."""
        bound = self.http.deadline if self.http is not None else None
        return poll_until(read, done, self.poll, started + self.wait_timeout, what, transient=self._transient,
                          clock=self.clock, sleep=self.sleep, bound=bound, rng=self.rng, started=started, **options)

    def _transient(self, error):
        return isinstance(error, ProviderError) and self.adapter.is_retryable(error)

    def _describe(self, raw):
        if raw is None:
            return "not found"
        return str(self.adapter.shape(raw).get("state") or "not settled")

    def _check_failed(self, raw):
        if self.adapter.is_failed(raw):
            raise ResourceConflictError("%s is in status %s, a failure the cloud does not recover from by itself"
                                        % (self.adapter.identity(raw), self._describe(raw)))


def new_token():
    """One token per logical write: resends of that write carry it again."""
    return uuid.uuid4().hex


def current_writable(current, spec):
    """The options of ``current`` that the module can set (for recreating it)."""
    return {key: value for key, value in current.items() if key in spec and key != "id"}


def public(shape):
    """A connection as returned to the user: never the pre-shared key."""
    return {key: value for key, value in (shape or {}).items() if key != PSK}


def diff_view(shape, side, psk_sent):
    """One side of ``--diff``; a pre-shared key that is (to be) sent shows only as a placeholder."""
    view = public(shape)
    if psk_sent and view:
        view[PSK] = PSK_PLACEHOLDER_BEFORE if side == "before" else PSK_PLACEHOLDER_AFTER
    return view
