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

    Dicts merge key by key, except, when ``spec`` (the argument spec the
    changes were compared with) is given, a free-form dict option (``type:
    dict`` without ``options``, such as ``tags``): ``differences`` compares
    it whole, so its change is the whole wanted value and replaces the
    current one (keys it lacks are removed, as ``purge_tags`` removes them).
    A dict option with ``options`` merges by its sub-options' spec.
    """
    result = copy.deepcopy(current or {})
    for key, value in changes.items():
        option_spec = (spec or {}).get(key) or {}
        free_form = spec is not None and option_spec.get("type") == "dict" and not option_spec.get("options")
        if isinstance(value, dict) and isinstance(result.get(key), dict) and not free_form:
            result[key] = merge(result[key], value, None if spec is None else option_spec.get("options") or {})
        else:
            result[key] = copy.deepcopy(value)
    return result


def wanted_tags(current, desired, purge):
    """The tags a connection should have: ``desired`` alone, or over ``current`` when not ``purge``.

    Values are strings, as the APIs read them back, so ``env: 1`` in YAML
    compares equal to the ``"1"`` read back.
    """
    desired = {str(key): str(value) for key, value in desired.items()}
    return desired if purge else dict(current or {}, **desired)


def resolve_tags(desired, current, purge):
    """``desired`` with ``tags`` as they should end up on the connection ``current`` (module shapes).

    What an adapter's ``ConnectionAdapter.resolve`` returns for ``tags``:
    the engine then compares, predicts and sends the whole wanted set, and
    with ``purge_tags: false`` (``purge`` false) the unlisted current tags
    are part of it, so they are neither a difference nor removed.
    """
    if desired.get("tags") is None:
        return desired
    return dict(desired, tags=wanted_tags(current.get("tags"), desired["tags"], purge))


def tag_changes(current, wanted, delete_changed=False):
    """``(replace, delete)``: the new and changed pairs to set, and the sorted keys to delete first.

    ``delete`` holds the keys of ``current`` that ``wanted`` lacks and, with
    ``delete_changed``, also the keys whose value changes (for tag APIs
    that are not documented to overwrite an existing key).
    """
    current = current or {}
    replace = {key: value for key, value in wanted.items() if current.get(key) != value}
    delete = sorted(key for key in current if key not in wanted or (delete_changed and key in replace))
    return replace, delete


def matching(shapes, wanted):
    """The ``shapes`` (module shape) that pass every filter of ``wanted``, matched exactly.

    ``wanted`` maps a field to the value it must equal, or to a list of
    values it must be one of (``ids``); a filter left unset (``None``,
    empty) filters nothing. The ``_info`` modules filter here even when they
    pass a filter to the API: API name filters are not documented as exact,
    and some filters cannot be sent together with IDs.
    """
    filters = {field: value for field, value in wanted.items() if value not in (None, "", [])}

    def passes(shape, field, value):
        return shape.get(field) in value if isinstance(value, (list, tuple, set)) else shape.get(field) == value

    return [shape for shape in shapes if all(passes(shape, field, value) for field, value in filters.items())]


def strip_unset(value):
    """Drop ``None`` values, recursively: what the user set, and nothing else."""
    if isinstance(value, dict):
        return {key: strip_unset(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [strip_unset(item) for item in value]
    return value
