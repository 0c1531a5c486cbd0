"""Replay protection for the signatures whose requests carry a nonce (Tencent API 3.0 v1 and
API 2.0, Alibaba RPC): a nonce seen again with the same key while it could still be valid."""

from __future__ import annotations


class NonceLedger:
    """The ``(key ID, nonce)`` pairs seen within the last ``horizon`` seconds.

    Each API refuses a repeated pair with its own error; the ledger only
    answers whether the pair is new.
    """

    def __init__(self, horizon):
        self.horizon = horizon
        self._seen = {}

    def first_use(self, key_id, nonce, now, seen_at=None):
        """Record the pair as seen at ``seen_at`` (default ``now``) and return True, or return False
        when it was seen within ``horizon`` of ``now``. Older pairs are forgotten."""
        self._seen = {pair: at for pair, at in self._seen.items() if now - at <= self.horizon}
        if (key_id, nonce) in self._seen:
            return False
        self._seen[(key_id, nonce)] = now if seen_at is None else seen_at
        return True

    def clear(self):
        self._seen = {}
