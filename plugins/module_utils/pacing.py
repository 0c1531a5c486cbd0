# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Client-side pacing shared by every module process of a user (option ``rate_limit``).

Ansible runs each task of each fork in its own process, so a limit kept in
memory would let 10 forks send 10 times the rate. The processes instead
share one small state file per credential, region and endpoint host, which
holds the next free send time (the "theoretical arrival time" of GCRA, a
token bucket with no burst). A request takes its slot under an exclusive
``flock``, writes the slot after it, releases the lock, and only then
sleeps until its slot: the lock is held for a read and a write, never for
a sleep.

Nothing can wedge the others: the kernel drops a ``flock`` when its holder
dies, and a file that cannot be read as a time, or that names a time more
than ``STALE_AHEAD_SECONDS`` ahead (a clock that jumped back, a crashed
writer), is reset to now. The file name is a hash of key ID, region and
host; the file holds only a number, never a credential.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import math
import os
import stat
import tempfile
import time

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import CloudVpnError

# A reservation further ahead than this cannot come from a live queue (the
# longest a call waits is its retry budget): the state is stale.
STALE_AHEAD_SECONDS = 3600.0


def state_directory(environ=None):
    """``$XDG_RUNTIME_DIR/cloudvpn-ipsec`` (per user, tmpfs), else ``<tempdir>/cloudvpn-ipsec-<uid>``."""
    environ = os.environ if environ is None else environ
    runtime = environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return os.path.join(runtime, "cloudvpn-ipsec")
    return os.path.join(tempfile.gettempdir(), "cloudvpn-ipsec-%d" % os.getuid())


class SharedPacer:
    """At most ``rate`` requests per second per (key ID, region, host), across processes.

    ``reserve(host)`` returns how many seconds the caller must wait before
    sending; the slot is already taken when it returns.
    """

    def __init__(self, rate, account, region, directory=None, clock=time.time):
        if not (isinstance(rate, (int, float)) and math.isfinite(rate) and rate > 0):
            raise ValueError("rate must be a positive number, got %r" % (rate,))
        self.interval = 1.0 / rate
        self.account = account or ""
        self.region = region or ""
        self.directory = directory or state_directory()
        self.clock = clock

    def path(self, host):
        digest = hashlib.sha256("\n".join((self.account, self.region, host or "")).encode("utf-8")).hexdigest()
        return os.path.join(self.directory, "pace-%s" % digest[:40])

    def reserve(self, host):
        path = self.path(host)
        self._ensure_directory()
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError as error:
            raise CloudVpnError("rate_limit: cannot open the pacing state file %s: %s" % (path, error.strerror)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            now = self.clock()
            next_free = _read_time(fd)
            if next_free is None or next_free > now + STALE_AHEAD_SECONDS:
                next_free = now
            slot = max(now, next_free)
            data = ("%.6f\n" % (slot + self.interval)).encode("ascii")
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
        finally:
            os.close(fd)  # also releases the lock
        return slot - now

    def _ensure_directory(self):
        """Create the directory (0700); refuse one that another user owns or can write."""
        try:
            os.mkdir(self.directory, 0o700)
        except OSError as error:
            if error.errno != errno.EEXIST:
                raise CloudVpnError("rate_limit: cannot create the pacing directory %s: %s"
                                    % (self.directory, error.strerror)) from None
        info = os.lstat(self.directory)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
            raise CloudVpnError("rate_limit: the pacing directory %s is not a directory owned and writable only "
                                "by this user; remove it or set XDG_RUNTIME_DIR" % self.directory)


def _read_time(fd):
    """The stored next free time, or ``None`` when the file is empty or corrupt."""
    try:
        value = float(os.pread(fd, 64, 0).decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        return None
    return value if math.isfinite(value) else None
