# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Declarative mapping between a module's option shape and an API's shape.

A provider declares one ``Field`` per option (dotted paths on both sides,
optional converters); ``FieldMap`` then turns an API object into the
module's snake_case shape and a partial module dict (only what changed)
into API parameters. One table serves create, update, read and ``_info``.
"""

from __future__ import annotations


def identity(value):
    return value


class Field:
    """One option. ``api`` is where it is written; ``read_api`` where it is read, if elsewhere."""

    def __init__(self, option, api, read_api=None, to_api=identity, from_api=identity, writable=True):
        self.option = option
        self.api = api
        self.read_api = read_api or api
        self.to_api = to_api
        self.from_api = from_api
        self.writable = writable


class FieldMap:
    """The fields of one resource.

    Reading is what ``_info`` modules do for every connection of a region,
    so ``to_module`` works from paths split once, here: per field, the keys
    to walk in the API object and the keys to fill in the module shape.
    """

    def __init__(self, fields):
        self.fields = list(fields)
        self._read_plan = [(tuple(field.read_api.split(".")), tuple(field.option.split(".")),
                            None if field.from_api is identity else field.from_api) for field in self.fields]

    def to_module(self, raw):
        """Every field present in the API object, in module shape."""
        result = {}
        for source, target, convert in self._read_plan:
            value = raw
            for key in source:
                value = value.get(key) if isinstance(value, dict) else None
                if value is None:
                    break
            if value is None:
                continue
            if convert is not None:
                value = convert(value)
            node = result
            for key in target[:-1]:
                node = node.setdefault(key, {})
            node[target[-1]] = value
        return result

    def to_api(self, options):
        """API parameters for the options present (not ``None``) in ``options``."""
        params = {}
        for field in self.fields:
            value = get_path(options, field.option)
            if value is not None and field.writable:
                set_path(params, field.api, field.to_api(value))
        return params


def get_path(data, path):
    for key in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def set_path(data, path, value):
    keys = path.split(".")
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def form_params(params, first_index=0, scalar=identity, prefix=""):
    """Nested API parameters as a form or query sends them, for the parameter-signing APIs.

    Objects become ``A.B``, lists ``A.<n>`` and ``A.<n>.B``, numbered from
    ``first_index`` (Tencent API 2.0 counts from 0, Alibaba RPC from 1);
    each scalar goes through ``scalar``; ``None`` is left out.
    """
    flat = {}
    for key, value in params.items():
        name = prefix + key
        if value is None:
            continue
        if isinstance(value, dict):
            flat.update(form_params(value, first_index, scalar, name + "."))
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value, start=first_index):
                if isinstance(item, dict):
                    flat.update(form_params(item, first_index, scalar, "%s.%d." % (name, index)))
                elif item is not None:
                    flat["%s.%d" % (name, index)] = scalar(item)
        else:
            flat[name] = scalar(value)
    return flat
