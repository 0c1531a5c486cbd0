"""Fixtures for the emulator's own tests: an in-process emulator, a signing client, the admin API."""

from __future__ import annotations

import pytest

from emulator_client import Admin, TencentClient, start_emulator


@pytest.fixture(scope="session")
def shared_emulator():
    instance = start_emulator()
    yield instance
    instance.stop()


@pytest.fixture
def emulator(shared_emulator):
    """The session's emulator, reset to its seed data and default settings."""
    shared_emulator.reset()
    shared_emulator.pending_reads = 1
    return shared_emulator


@pytest.fixture
def client(emulator):
    return TencentClient(emulator.url)


@pytest.fixture
def admin(emulator):
    return Admin(emulator.url)
