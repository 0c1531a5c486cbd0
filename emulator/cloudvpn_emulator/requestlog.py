"""The request log: one masked entry per API request, rejected ones included.

Integration tests read it (``GET /_emulator/log``) to assert what a module
sent: which actions, reads versus writes, the exact parameters of a write,
and that no secret was ever sent where it could be logged. Entries are
masked once, when appended, so neither the admin API nor ``--log-file``
can ever hold a secret.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from cloudvpn_emulator.redact import mask


class RequestLog:
    def __init__(self, path=None, secret_values=(), secret_key_fragments=()):
        self._path = path
        self._secret_values = tuple(secret_values)
        self._fragments = tuple(secret_key_fragments)
        self._entries = []
        self._seq = 0
        self._file = open(path, "a", encoding="utf-8") if path else None  # pylint: disable=consider-using-with

    def append(self, **fields):
        """Record one request; ``fields`` are the entry's keys after ``seq`` and ``time``."""
        self._seq += 1
        entry = {"seq": self._seq, "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds")}
        entry.update(fields)
        entry = mask(entry, self._fragments, self._secret_values)
        self._entries.append(entry)
        if self._file:
            self._file.write(json.dumps(entry, sort_keys=False) + "\n")
            self._file.flush()
        return entry

    def entries(self):
        return list(self._entries)

    def clear(self):
        """Forget the entries; numbering goes on, so a cleared log never reuses a ``seq``."""
        self._entries = []

    def reset(self):
        self._entries = []
        self._seq = 0

    def close(self):
        if self._file:
            self._file.close()
            self._file = None
