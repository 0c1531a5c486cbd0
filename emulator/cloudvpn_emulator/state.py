"""Provider-neutral storage: per-region fixtures and resources with transitional states.

Every provider's VPN connection goes through a transitional status after a
write (Tencent ``PENDING``/``DELETING``, Alibaba ``updating``, ...) and the
modules must poll until it settles. The emulator makes that observable and
deterministic: a transition lasts for a number of *reads that return the
resource*, not for a wall-clock time, so tests neither sleep nor race.
"""

from __future__ import annotations

import copy
import re
import secrets
import string

ID_ALPHABET = string.ascii_lowercase + string.digits


def random_id(prefix, length=8):
    """``prefix`` + random lower-case letters and digits, like ``vpnx-3kd8s0qa``."""
    return prefix + "".join(secrets.SystemRandom().choices(ID_ALPHABET, k=length))


class Record:
    """One emulated resource: its fields as the API shows them, plus a countdown.

    ``status_key`` names the field that holds the lifecycle status. While
    ``reads_left`` > 0 the resource shows its transitional status; when it
    reaches 0 the status becomes ``settled`` or, if that is ``None``, the
    resource is gone.
    """

    def __init__(self, data, status_key):
        self.data = data
        self.status_key = status_key
        self.reads_left = 0
        self.settled = data.get(status_key)

    @property
    def status(self):
        return self.data.get(self.status_key)

    @property
    def transitional(self):
        return self.reads_left > 0

    def begin(self, status, reads, settled):
        """Enter ``status`` for ``reads`` reads, then become ``settled`` (``None``: removed)."""
        self.data[self.status_key] = status
        self.settled = settled
        self.reads_left = reads
        if reads <= 0:
            self._settle()

    def observed(self):
        """Count one read that returned this resource."""
        if self.reads_left > 0:
            self.reads_left -= 1
            if self.reads_left == 0:
                self._settle()

    @property
    def gone(self):
        return self.reads_left == 0 and self.settled is None

    def _settle(self):
        self.reads_left = 0
        if self.settled is not None:
            self.data[self.status_key] = self.settled

    def view(self):
        """A copy safe to hand out (callers may serialise or change it)."""
        return copy.deepcopy(self.data)


class Region:
    """One region's fixtures (read-only seed data) and resources (creation order)."""

    def __init__(self, name, fixtures):
        self.name = name
        self.fixtures = fixtures
        self.records = {}

    def add(self, record_id, record):
        self.records[record_id] = record
        return record

    def get(self, record_id):
        """The live record, or ``None`` (deleted records are gone for good)."""
        record = self.records.get(record_id)
        return None if record is None or record.gone else record

    def live(self):
        return [record for record in self.records.values() if not record.gone]

    def observe(self, records):
        """Count a read of ``records``; drop those whose deletion has completed."""
        for record in records:
            record.observed()
        for record_id in [key for key, record in self.records.items() if record.gone]:
            del self.records[record_id]


class RegionalStore:
    """Regions created on first use, each seeded by ``seed(region_name)``."""

    def __init__(self, seed, region_pattern=r"^[a-z]{2}-[a-z]+(-[a-z0-9]+)*$"):
        self._seed = seed
        self._pattern = re.compile(region_pattern)
        self._regions = {}

    def valid_name(self, name):
        return bool(name) and bool(self._pattern.match(name))

    def region(self, name):
        if name not in self._regions:
            self._regions[name] = Region(name, self._seed(name))
        return self._regions[name]

    def regions(self):
        return dict(self._regions)
