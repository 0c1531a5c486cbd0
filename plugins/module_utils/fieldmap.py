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
    def __init__(self, fields):
        self.fields = list(fields)

    def to_module(self, raw):
        """Every field present in the API object, in module shape."""
        result = {}
        for field in self.fields:
            value = get_path(raw, field.read_api)
            if value is not None:
                set_path(result, field.option, field.from_api(value))
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
