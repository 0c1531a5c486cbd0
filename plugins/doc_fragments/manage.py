# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  state:
    description:
      - V(present) creates the connection or updates it in place; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  id:
    description:
      - The provider's ID of the connection. When given, it identifies the connection, and O(name) may rename it.
      - A connection cannot be created with a chosen ID; with O(state=present) and an ID that does not exist
        the module fails.
    type: str
  name:
    description:
      - Name of the connection. Without O(id), the connection is found by this exact name within its VPN gateway.
      - Two connections with the name in one gateway are an error that lists both IDs, never a guess.
      - Must not be empty or contain control characters or bidirectional override/isolate characters
        (U+202A to U+202E, U+2066 to U+2069).
    type: str
  pre_shared_key:
    description:
      - The IPsec pre-shared key. Never shown in output or diff (a changed key shows as a placeholder).
      - Checked before any request against the provider's length and character rules (see the module's notes),
        and refused with whitespace at either end or control characters.
    type: str
  update_pre_shared_key:
    description:
      - Matters only where the provider does not read the key back in clear. V(on_create) sends the key only when
        creating; V(always) sends it on every run and reports a change.
      - Where the provider reads the key back, the module compares it and this option is ignored.
    type: str
    choices: [always, on_create]
    default: on_create
  recreate:
    description:
      - A change that the provider cannot make in place fails, naming the options, unless this is V(true);
        then the module deletes and creates the connection, which cuts the tunnel.
    type: bool
    default: false
  wait:
    description:
      - After a write, poll until the connection leaves its transitional status (or is gone, for V(state=absent)).
      - With V(false), nothing is read after the write; the returned C(vpn_connection) is what was sent merged with what the
        write answered, so its status may still be transitional.
      - A recreate (O(recreate=true)) always waits until the old connection is gone before it creates the new one.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait when O(wait=true), 1 to 86400. This is a deadline for the whole wait, the retries of
        throttled or failed polls included. The last poll is made just before it.
    type: int
    default: 600
"""
