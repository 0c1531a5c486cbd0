# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Checks of option values that the argument spec cannot express.

Each check is a small callable ``check(option, value)`` that raises
``ValidationError`` naming the option, the problem and what is allowed.
``validate(params, rules)`` applies them by dotted option path
(``ike.lifetime_seconds``; ``[]`` walks list items:
``security_policy_databases[].local_cidr_block``) so that bad input fails
before any request is sent.
"""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError


def cidr(version=4):
    def check(option, value):
        try:
            network = ipaddress.ip_network(str(value), strict=True)
        except ValueError as exc:
            raise ValidationError(option, "%r is not a valid CIDR block (%s)" % (value, exc),
                                  "IPv%d network like 10.0.0.0/24, host bits zero" % version) from None
        if network.version != version:
            raise ValidationError(option, "%r is not an IPv%d CIDR block" % (value, version))
    return check


def ip_address(version=4):
    def check(option, value):
        try:
            address = ipaddress.ip_address(str(value))
        except ValueError:
            raise ValidationError(option, "%r is not a valid IP address" % (value,),
                                  "an IPv%d address like 192.0.2.1" % version) from None
        if address.version != version:
            raise ValidationError(option, "%r is not an IPv%d address" % (value, version))
    return check


def ip_in(network_text):
    """The address must lie inside a fixed network (such as link-local ranges)."""
    network = ipaddress.ip_network(network_text)

    def check(option, value):
        ip_address(network.version)(option, value)
        if ipaddress.ip_address(str(value)) not in network:
            raise ValidationError(option, "%s is outside %s" % (value, network), "an address in %s" % network)
    return check


def int_range(minimum, maximum):
    def check(option, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(option, "%r is not an integer" % (value,))
        if not minimum <= value <= maximum:
            raise ValidationError(option, "%d is out of range" % value, "%d to %d" % (minimum, maximum))
    return check


def length(minimum, maximum):
    def check(option, value):
        if not minimum <= len(value) <= maximum:
            raise ValidationError(option, "length %d is out of range" % len(value),
                                  "%d to %d characters" % (minimum, maximum))
    return check


def charset(pattern, description):
    """Every character must match ``pattern`` (a regex character class)."""
    allowed = re.compile("^%s*$" % pattern)

    def check(option, value):
        if not allowed.match(str(value)):
            bad = sorted({c for c in str(value) if not re.match(pattern, c)})
            # Say which characters are wrong, never echo the value (it may be a secret).
            raise ValidationError(option, "contains characters that are not allowed: %s"
                                  % " ".join(repr(c) for c in bad), description)
    return check


def not_prefixed(*prefixes):
    def check(option, value):
        if str(value).lower().startswith(prefixes):
            raise ValidationError(option, "must not start with %s" % " or ".join(prefixes))
    return check


def validate(params, rules):
    """Apply ``{dotted_path: [check, ...]}`` to the values present in ``params``."""
    for path, checks in rules.items():
        for option, value in _values_at(params, path):
            for check in checks:
                check(option, value)


def _values_at(params, path):
    """Yield ``(option_name, value)`` for each non-None value at ``path``."""
    items = [("", params)]
    for step in path.split("."):
        is_list = step.endswith("[]")
        key = step[:-2] if is_list else step
        next_items = []
        for prefix, node in items:
            if not isinstance(node, dict) or node.get(key) is None:
                continue
            name = "%s.%s" % (prefix, key) if prefix else key
            if is_list:
                next_items.extend(("%s[%d]" % (name, i), item) for i, item in enumerate(node[key]))
            else:
                next_items.append((name, node[key]))
        items = next_items
    return [(name, value) for name, value in items if value is not None]
