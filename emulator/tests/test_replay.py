"""The nonce ledger behind the replay checks of the Tencent and Alibaba emulators."""

from __future__ import annotations

from cloudvpn_emulator.replay import NonceLedger


def test_a_pair_is_new_once_within_the_horizon_and_per_key():
    ledger = NonceLedger(600)
    assert ledger.first_use("key-a", "1", now=1000)
    assert not ledger.first_use("key-a", "1", now=1600)
    assert ledger.first_use("key-b", "1", now=1600)
    assert ledger.first_use("key-a", "2", now=1600)


def test_a_pair_older_than_the_horizon_is_forgotten():
    ledger = NonceLedger(600)
    assert ledger.first_use("key-a", "1", now=1000)
    assert ledger.first_use("key-a", "1", now=1601)


def test_seen_at_dates_the_pair_by_the_request_timestamp():
    ledger = NonceLedger(600)
    assert ledger.first_use("key-a", "1", now=1000, seen_at=500)
    assert not ledger.first_use("key-a", "1", now=1100)
    assert ledger.first_use("key-a", "1", now=1101)


def test_clear_forgets_every_pair():
    ledger = NonceLedger(600)
    ledger.first_use("key-a", "1", now=1000)
    ledger.clear()
    assert ledger.first_use("key-a", "1", now=1000)
