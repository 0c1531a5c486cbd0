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

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.compare import differences, merge, strip_unset
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ResourceConflictError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.waiters import wait_for

PSK = "pre_shared_key"
PSK_PLACEHOLDER_BEFORE = "<hidden>"
PSK_PLACEHOLDER_AFTER = "<hidden, changed>"
RECREATE_MARKER = "recreated"


class ConnectionAdapter:
    """What the engine needs from a provider. Subclasses fill these in.

    ``shape`` returns the module-shaped dict of a raw API object, with the
    pre-shared key under ``pre_shared_key`` only when the API reads it back.
    """

    provider = "cloud"
    psk_readable = False
    immutable = ()          # options that cannot change in place
    write_once = ()         # options sent on create and never read back: never compared
    create_required = ()    # options a create needs

    def find(self):
        raise NotImplementedError

    def read(self, connection_id):
        raise NotImplementedError

    def shape(self, raw):
        raise NotImplementedError

    def identity(self, raw):
        raise NotImplementedError

    def is_settled(self, raw):
        raise NotImplementedError

    def create(self, desired):
        raise NotImplementedError

    def update(self, raw, changes):
        raise NotImplementedError

    def delete(self, raw):
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


class Reconciler:
    def __init__(self, adapter, spec, check_mode=False, wait=True, wait_timeout=600,
                 recreate=False, update_pre_shared_key="on_create"):
        self.adapter = adapter
        self.spec = spec
        self.check_mode = check_mode
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.recreate = recreate
        self.update_psk = update_pre_shared_key

    # -- state: present ---------------------------------------------------
    def present(self, desired):
        desired = strip_unset(desired)
        raw = self.adapter.find()
        if raw is None:
            return self._create(desired, before={})
        current = self.adapter.shape(raw)
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
            return Outcome(True, current, merge(current, changes), psk_sent)
        self.adapter.update(raw, changes)
        return Outcome(True, current, self._settle(self.adapter.identity(raw), gone_ok=False), psk_sent)

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
        raw = self.adapter.create(desired)
        after = self._settle(self.adapter.identity(raw), gone_ok=False, fallback=raw)
        return Outcome(True, before, after, psk_sent=True)

    def _recreate(self, raw, current, desired):
        """Delete, then create from the current settings overlaid with the desired ones."""
        wanted = merge(current_writable(current, self.spec), desired)
        if self.check_mode:
            outcome = Outcome(True, current, wanted, psk_sent=True)
        else:
            self.adapter.delete(raw)
            self._settle(self.adapter.identity(raw), gone_ok=True)
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
            self.adapter.delete(raw)
            self._settle(self.adapter.identity(raw), gone_ok=True)
        return Outcome(True, current, {})

    # -- waiting ------------------------------------------------------------
    def _settle(self, connection_id, gone_ok, fallback=None):
        """Read the connection back; with ``wait``, until it is settled (or gone)."""
        if not self.wait:
            raw = self.adapter.read(connection_id) or fallback
            return {} if raw is None else self.adapter.shape(raw)
        if gone_ok:
            wait_for(lambda: self.adapter.read(connection_id), lambda raw: raw is None,
                     self.wait_timeout, "%s to be deleted" % connection_id)
            return {}
        raw = wait_for(lambda: self.adapter.read(connection_id),
                       lambda raw: raw is not None and self.adapter.is_settled(raw),
                       self.wait_timeout, "%s to become available" % connection_id)
        return self.adapter.shape(raw)


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
