# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Comparison of what the user asked for with what the cloud has.

The rules of the contract (docs/comparison.md): an option or sub-option
left out (``None``) is not managed and never a difference; lists compare as
sets (CIDRs, SPD entries); values with ``choices`` compare without regard
to letter case, because providers read enumerations back in another case
than they accept. The argument spec supplies the types, so provider
modules declare nothing extra.
"""

from __future__ import annotations

import copy
import json


def differences(desired, current, spec):
    """Return the part of ``desired`` that differs from ``current``.

    ``desired`` and ``current`` are dicts in the module's option shape;
    ``spec`` is the argument spec (``{name: {"type": ..., "options": ...}}``).
    Nested dicts yield only their differing sub-options.
    """
    changes = {}
    current = current or {}
    for name, wanted in desired.items():
        if wanted is None:
            continue
        option_spec = spec.get(name, {})
        have = current.get(name)
        if option_spec.get("type") == "dict" and option_spec.get("options") and isinstance(wanted, dict):
            sub = differences(wanted, have if isinstance(have, dict) else {}, option_spec["options"])
            if sub:
                changes[name] = sub
        elif not values_equal(wanted, have, option_spec):
            changes[name] = wanted
    return changes


def values_equal(wanted, have, option_spec):
    if have is None:
        return False
    kind = option_spec.get("type", "str")
    if kind == "list":
        return _as_set(wanted, option_spec) == _as_set(have, option_spec)
    if option_spec.get("choices") and isinstance(wanted, str) and isinstance(have, str):
        return wanted.lower() == have.lower()
    if kind == "dict" and isinstance(wanted, dict) and isinstance(have, dict):
        return _canonical(wanted, option_spec) == _canonical(have, option_spec)
    return wanted == have


def _as_set(items, option_spec):
    item_spec = {"options": option_spec.get("options"), "choices": option_spec.get("choices")}
    return {json.dumps(_canonical(item, item_spec), sort_keys=True) for item in items or []}


def _canonical(value, option_spec):
    """A form in which equal values are identical: nested lists sorted, unmanaged keys dropped."""
    if isinstance(value, dict):
        options = option_spec.get("options") or {}
        return {key: _canonical(item, options.get(key, {})) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return sorted((_canonical(item, option_spec) for item in value), key=lambda v: json.dumps(v, sort_keys=True))
    if option_spec.get("choices") and isinstance(value, str):
        return value.lower()
    return value


def merge(current, changes, spec=None):
    """``current`` with ``changes`` applied: the predicted state after an update.

    Nested dicts merge key by key. With ``spec`` (the argument spec), only
    options declared with sub-options do; a free-form dict option (tags) is
    replaced whole, as the write replaces it.
    """
    result = copy.deepcopy(current or {})
    for key, value in changes.items():
        option_spec = (spec or {}).get(key, {})
        nested = spec is None or bool(option_spec.get("options"))
        if nested and isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value, option_spec.get("options") if spec is not None else None)
        else:
            result[key] = copy.deepcopy(value)
    return result


def strip_unset(value):
    """Drop ``None`` values, recursively: what the user set, and nothing else."""
    if isinstance(value, dict):
        return {key: strip_unset(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [strip_unset(item) for item in value]
    return value
