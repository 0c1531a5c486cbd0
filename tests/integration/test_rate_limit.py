# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A fleet under an API rate limit: forks that pace themselves (rate_limit) are not throttled.

The emulator's rate-limit mode answers Tencent's ``RequestLimitExceeded``
beyond its token bucket, as the real API does. Eight forks create eight
connections at once: without pacing they run into the limit and succeed
only by retrying; with ``rate_limit`` they share one pace through the state
file and (close to) never hit it.
"""

from __future__ import annotations

from conftest import HERE
from test_tencent_vpn_connection import BASE

FLEET = 8
LIMIT = 2.0


def run_fleet(ansible, emulator, tmp_path, module_args):
    emulator.reset()
    emulator.rate_limit(LIMIT, LIMIT)
    args = dict(BASE, wait=False)
    args.update(module_args)
    args.pop("name")
    run = ansible("fleet", args, playbook=HERE / "playbooks" / "fleet.yml",
                  env={"ANSIBLE_FORKS": str(FLEET), "CLOUDVPN_FLEET_SIZE": str(FLEET),
                       "XDG_RUNTIME_DIR": str(tmp_path)})
    created = [record for record in run.records if record["task"] == "Tencent VPN connection"]
    entries = emulator.log()
    throttled = [entry for entry in entries if entry.get("fault") == "rate_limit"]
    creates = [entry for entry in entries if entry["action"] == "CreateVpnConnection" and not entry.get("fault")]
    return run, created, throttled, creates


def test_fleet_with_pacing_is_not_throttled_and_without_it_is_but_still_succeeds(ansible, emulator, tmp_path):
    run, created, throttled_unpaced, creates = run_fleet(ansible, emulator, tmp_path, {})
    assert run.rc == 0 and len(created) == FLEET and all(r["status"] == "changed" for r in created)
    assert len(creates) == FLEET  # every connection created exactly once
    assert len(throttled_unpaced) >= 2  # eight forks at once exceed a 2 req/s bucket

    run, created, throttled_paced, creates = run_fleet(ansible, emulator, tmp_path, {"rate_limit": LIMIT * 0.9})
    assert run.rc == 0 and len(created) == FLEET and all(r["status"] == "changed" for r in created)
    assert len(creates) == FLEET
    # Paced a little under the limit; one early arrival from scheduling jitter is tolerated.
    assert len(throttled_paced) <= 1 and len(throttled_paced) < len(throttled_unpaced)
