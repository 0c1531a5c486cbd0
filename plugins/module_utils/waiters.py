# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Polling until a connection leaves its transitional status.

Peers sleep a fixed time after a write (Tencent Terraform: three minutes);
polling with a growing interval returns as soon as the cloud is done.
"""

from __future__ import annotations

import time

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import CloudVpnError

FIRST_DELAY = 0.5
MAX_DELAY = 10.0


class WaitTimeout(CloudVpnError):
    pass


def wait_for(read, done, timeout, what, sleep=time.sleep, clock=time.monotonic):
    """Call ``read()`` until ``done(result)``; return the last result.

    The first read is immediate, then the interval doubles up to
    ``MAX_DELAY``. Raises ``WaitTimeout`` naming ``what`` after ``timeout``
    seconds.
    """
    deadline = clock() + timeout
    delay = FIRST_DELAY
    while True:
        result = read()
        if done(result):
            return result
        if clock() + delay > deadline:
            raise WaitTimeout("timed out after %s seconds waiting for %s (raise wait_timeout, or "
                              "set wait: false to return without waiting)" % (timeout, what))
        sleep(delay)
        delay = min(MAX_DELAY, delay * 2)
