"""Fault injection: scripted misbehaviour for the retry and recovery paths.

Faults wait in one queue, in the order they were added. Each API request
takes the first queued fault that applies to it (same provider, and a
write-only fault only for a write), so ``throttle x2`` then ``busy x1``
throttles the next two requests, whatever they are, and makes the first
write after them busy.
"""

from __future__ import annotations

import base64
import html
import json
import re
from urllib.parse import quote, quote_plus

# fault -> (kinds of request it applies to, what it does)
FAULTS = {
    "throttle": (("read", "write", "unknown"), "answer the provider's throttling error, unprocessed"),
    "server_error": (("read", "write", "unknown"), "answer HTTP 503 with an HTML body, unprocessed"),
    "auth_failure": (("read", "write", "unknown"), "answer the provider's signature error, unprocessed"),
    "internal_error": (("read", "write", "unknown"), "answer the provider's internal-error code in its own envelope, "
                                                     "unprocessed (HTTP 503 like server_error where it has none)"),
    "busy": (("write",), "answer the provider's busy error, unprocessed"),
    "lost_response": (("write",), "process the write, then answer HTTP 502 (the answer is lost)"),
    "pending": (("write",), "the next write that starts a transition makes it last COUNT reads"),
    "task_failure": (("write",), "the next COUNT writes that start a task (Tencent API 2.0) fail: each task ends "
                                 "with status failed and its write is undone"),
    "echo": (("write",), "answer an error whose message echoes the request (a write carries the pre-shared "
                         "key) and the credential's secrets in ENCODING, unprocessed"),
    "drop": (("write",), "process the write, then close the connection without an answer"),
    "slow": (("write",), "process the next write, then hold its answer for COUNT seconds"),
}


def _lower_hex(text):
    """``quote()`` output with lower-case hex digits (``%c3%a9``)."""
    return re.sub(r"%[0-9A-F]{2}", lambda match: match.group().lower(), text)


# How the ``echo`` fault spells what it echoes: the ways real APIs, gateways
# and proxies have been seen to echo a request (docs/emulator.md).
ECHO_ENCODINGS = {
    "plain": lambda text: text,
    "pct-upper": lambda text: quote(text, safe=""),
    "pct-lower": lambda text: _lower_hex(quote(text, safe="")),
    "plus": lambda text: quote_plus(text, safe=""),
    "double": lambda text: quote(quote(text, safe=""), safe=""),
    "base64": lambda text: base64.b64encode(text.encode("utf-8")).decode("ascii"),
    "json-slash": lambda text: json.dumps(text, ensure_ascii=False).replace("/", "\\/"),
    "json-unicode": lambda text: "".join("\\u%02x%02x" % (high, low)
                                         for high, low in zip(*[iter(text.encode("utf-16-be"))] * 2)),
    "html": lambda text: "".join(html.escape(char) if char in "&<>\"'" else
                                 "&#%d;" % ord(char) if index % 2 else "&#x%x;" % ord(char)
                                 for index, char in enumerate(text)),
    "latin1": lambda text: text.encode("utf-8").decode("latin-1"),
}

# Faults whose ``count`` is not a number of requests: each takes one request
# (``pending``: COUNT reads of the transition; ``slow``: COUNT seconds of delay).
ONE_REQUEST_FAULTS = ("pending", "slow")

# Faults that the handler takes while it processes a write (see base.Context),
# rather than faults that decide the answer: ``pending`` changes how long the
# transition started by the write lasts, ``task_failure`` how its task ends.
PROCESSING_FAULTS = ("pending", "task_failure")
ANSWER_FAULTS = tuple(name for name in FAULTS if name not in PROCESSING_FAULTS)


class FaultQueue:
    def __init__(self, providers):
        self._providers = tuple(providers)
        self._queue = []

    def add(self, fault, count, provider=None, encoding=None, kind=None, after=0):
        """Queue ``fault`` for ``count`` requests (``pending``: one write, ``count`` reads; ``slow``: ``count`` s).

        ``provider`` ``None`` means any provider; ``encoding`` is the spelling
        of an ``echo`` (default ``plain``); ``kind`` (``read`` or ``write``)
        narrows the fault to that kind of request; ``after`` lets that many
        requests it applies to pass unharmed first. Raises ``ValueError`` on
        bad input.
        """
        if encoding is not None and (fault != "echo" or encoding not in ECHO_ENCODINGS):
            raise ValueError("encoding is for the echo fault, one of %s" % ", ".join(ECHO_ENCODINGS))
        if fault not in FAULTS:
            raise ValueError("unknown fault %r; known: %s" % (fault, ", ".join(FAULTS)))
        if kind is not None and kind not in FAULTS[fault][0]:
            raise ValueError("fault %s applies to %s, not to kind %r" % (fault, ", ".join(FAULTS[fault][0]), kind))
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise ValueError("after must be an integer >= 0")
        if provider is not None and provider not in self._providers:
            raise ValueError("unknown provider %r; known: %s" % (provider, ", ".join(self._providers)))
        minimum = 0 if fault == "pending" else 1
        if isinstance(count, bool) or not isinstance(count, int) or count < minimum:
            raise ValueError("count must be an integer >= %d for fault %s" % (minimum, fault))
        # ``uses``: how many requests still take this fault. ``count`` is what
        # was asked for; for ``pending`` it is the length of the transition.
        entry = {"provider": provider, "fault": fault, "count": count, "kind": kind, "after": after,
                 "uses": 1 if fault in ONE_REQUEST_FAULTS else count}
        if fault == "echo":
            entry["encoding"] = encoding or "plain"
        self._queue.append(entry)

    def take(self, provider, kind, faults=ANSWER_FAULTS):
        """Consume one use of the first queued fault among ``faults`` that applies to the request.

        Returns ``(fault, count)`` or ``None``; for ``echo``, ``count`` is the encoding.
        """
        for entry in self._queue:
            applies_to = (entry["kind"],) if entry["kind"] else FAULTS[entry["fault"]][0]
            if entry["fault"] in faults and entry["provider"] in (None, provider) and kind in applies_to:
                if entry["after"]:
                    entry["after"] -= 1
                    continue
                entry["uses"] -= 1
                if entry["uses"] == 0:
                    self._queue.remove(entry)
                return entry["fault"], entry.get("encoding", entry["count"])
        return None

    def pending(self):
        """The queued faults and the requests left for each, for ``GET /_emulator/faults``."""
        return [dict({"provider": entry["provider"], "fault": entry["fault"], "count": entry["count"],
                      "kind": entry["kind"], "after": entry["after"], "remaining": entry["uses"]},
                     **({"encoding": entry["encoding"]} if "encoding" in entry else {}))
                for entry in self._queue]

    def clear(self):
        self._queue = []
