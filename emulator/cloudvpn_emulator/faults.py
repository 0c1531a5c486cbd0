"""Fault injection: scripted misbehaviour for the retry and recovery paths.

Faults wait in one queue, in the order they were added. Each API request
takes the first queued fault that applies to it (same provider, and a
write-only fault only for a write), so ``throttle x2`` then ``busy x1``
throttles the next two requests, whatever they are, and makes the first
write after them busy.
"""

from __future__ import annotations

# fault -> (kinds of request it applies to, what it does)
FAULTS = {
    "throttle": (("read", "write", "unknown"), "answer the provider's throttling error, unprocessed"),
    "server_error": (("read", "write", "unknown"), "answer HTTP 503 with an HTML body, unprocessed"),
    "auth_failure": (("read", "write", "unknown"), "answer the provider's signature error, unprocessed"),
    "busy": (("write",), "answer the provider's busy error, unprocessed"),
    "lost_response": (("write",), "process the write, then answer HTTP 502 (the answer is lost)"),
    "pending": (("write",), "the next write that starts a transition makes it last COUNT reads"),
    "drop": (("write",), "process the write, then close the connection without an answer"),
    "slow": (("write",), "process the next write, then hold its answer for COUNT seconds"),
}

# Faults whose ``count`` is not a number of requests: each takes one request
# (``pending``: COUNT reads of the transition; ``slow``: COUNT seconds of delay).
ONE_REQUEST_FAULTS = ("pending", "slow")

# Faults that decide the answer to a request. ``pending`` does not: it only
# changes how long the transition started by a processed write lasts.
ANSWER_FAULTS = tuple(name for name in FAULTS if name != "pending")


class FaultQueue:
    def __init__(self, providers):
        self._providers = tuple(providers)
        self._queue = []

    def add(self, fault, count, provider=None, kind=None, after=0):
        """Queue ``fault`` for ``count`` requests (``pending``: one write, ``count`` reads; ``slow``: ``count`` s).

        ``provider`` ``None`` means any provider; ``kind`` (``read`` or
        ``write``) narrows the fault to that kind of request; ``after`` lets
        that many requests it applies to pass unharmed first. Raises
        ``ValueError`` on bad input.
        """
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
        self._queue.append({"provider": provider, "fault": fault, "count": count, "kind": kind, "after": after,
                            "uses": 1 if fault in ONE_REQUEST_FAULTS else count})

    def take(self, provider, kind, faults=ANSWER_FAULTS):
        """Consume one use of the first queued fault among ``faults`` that applies to the request.

        Returns ``(fault, count)`` or ``None``.
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
                return entry["fault"], entry["count"]
        return None

    def pending(self):
        """The queued faults and the requests left for each, for ``GET /_emulator/faults``."""
        return [{"provider": entry["provider"], "fault": entry["fault"], "count": entry["count"],
                 "kind": entry["kind"], "after": entry["after"], "remaining": entry["uses"]} for entry in self._queue]

    def clear(self):
        self._queue = []
