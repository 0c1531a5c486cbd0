"""Declarative request validation, shared by the provider handlers.

A schema is an ``Obj`` of fields; ``Obj.check`` walks the request, rejects
anything undocumented, and returns a normalised copy (enumerations in their
documented spelling, numbers from form strings as ints). Problems raise
``Invalid`` with a provider-neutral ``kind``; each handler maps kinds to its
own error codes, since every cloud names them differently.

Kinds: ``unknown`` (undocumented parameter), ``missing``, ``type``,
``enum``, ``range``, ``malformed``, ``length`` (too long / too many items),
``duplicate``.
"""

from __future__ import annotations

import ipaddress


class Invalid(Exception):
    def __init__(self, kind, path, message):
        super().__init__(message)
        self.kind = kind
        self.path = path
        self.message = message


class Field:
    """Base of all field types. ``from_form``: values came as strings from a flattened form."""

    type_name = "value"

    def __init__(self, required=False):
        self.required = required

    def check(self, value, path, from_form):
        raise NotImplementedError

    def wrong_type(self, path):
        return Invalid("type", path, "The value type of parameter `%s` is not valid: expected %s." % (path, self.type_name))


class Str(Field):
    type_name = "a string"

    def __init__(self, required=False, max_length=None):
        super().__init__(required)
        self.max_length = max_length

    def check(self, value, path, from_form):
        if not isinstance(value, str):
            raise self.wrong_type(path)
        if self.max_length is not None and len(value) > self.max_length:
            raise Invalid("length", path, "The length of parameter `%s` exceeds the limit of %d characters."
                          % (path, self.max_length))
        return value


class Int(Field):
    type_name = "an integer"

    def __init__(self, required=False, minimum=None, maximum=None, choices=None):
        super().__init__(required)
        self.minimum = minimum
        self.maximum = maximum
        self.choices = choices

    def check(self, value, path, from_form):
        if from_form and isinstance(value, str) and value.lstrip("-").isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong_type(path)
        return check_number(value, path, self.minimum, self.maximum, self.choices)


class NumericStr(Str):
    """A number the API types as a string (Tencent ``DpdTimeout``)."""

    def __init__(self, required=False, minimum=None, maximum=None):
        super().__init__(required)
        self.minimum = minimum
        self.maximum = maximum

    def check(self, value, path, from_form):
        value = super().check(value, path, from_form)
        if not value.isdigit():
            raise Invalid("malformed", path, "The value `%s` of parameter `%s` is not a number." % (value, path))
        check_number(int(value), path, self.minimum, self.maximum)
        return value


class Bool(Field):
    type_name = "a boolean"

    def check(self, value, path, from_form):
        if from_form and value in ("true", "false"):
            return value == "true"
        if not isinstance(value, bool):
            raise self.wrong_type(path)
        return value


class Enum(Str):
    """One of ``choices``; with ``fold_case`` any letter case is accepted and stored as documented."""

    def __init__(self, choices, required=False, fold_case=False):
        super().__init__(required)
        self.choices = tuple(choices)
        self.fold_case = fold_case

    def check(self, value, path, from_form):
        value = super().check(value, path, from_form)
        for choice in self.choices:
            if value == choice or (self.fold_case and value.upper() == choice.upper()):
                return choice
        raise Invalid("enum", path, "The value `%s` of parameter `%s` is not valid; valid values: %s."
                      % (value, path, ", ".join(self.choices)))


class Cidr(Str):
    """An IPv4 network in ``a.b.c.d/n`` form with no host bits set."""

    def check(self, value, path, from_form):
        value = super().check(value, path, from_form)
        try:
            if "/" not in value:
                raise ValueError(value)
            ipaddress.IPv4Network(value, strict=True)
        except ValueError:
            raise Invalid("malformed", path, "The value `%s` of parameter `%s` is not a valid IPv4 CIDR block."
                          % (value, path)) from None
        return value


class Ip(Str):
    """An IPv4 address."""

    def check(self, value, path, from_form):
        value = super().check(value, path, from_form)
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            raise Invalid("malformed", path, "The value `%s` of parameter `%s` is not a valid IPv4 address."
                          % (value, path)) from None
        return value


class ListOf(Field):
    type_name = "an array"

    def __init__(self, item, required=False, max_items=None, unique=False):
        super().__init__(required)
        self.item = item
        self.max_items = max_items
        self.unique = unique

    def check(self, value, path, from_form):
        if not isinstance(value, list):
            raise self.wrong_type(path)
        if self.max_items is not None and len(value) > self.max_items:
            raise Invalid("length", path, "Parameter `%s` has %d items; at most %d are allowed."
                          % (path, len(value), self.max_items))
        checked = [self.item.check(item, "%s.%d" % (path, index), from_form) for index, item in enumerate(value)]
        if self.unique and len(set(map(repr, checked))) != len(checked):
            raise Invalid("duplicate", path, "Parameter `%s` contains duplicate values." % path)
        return checked


class Obj(Field):
    """A structure with the given ``fields``; any other key is ``unknown``."""

    type_name = "an object"

    def __init__(self, fields, required=False):
        super().__init__(required)
        self.fields = fields

    def check(self, value, path, from_form):
        if not isinstance(value, dict):
            raise self.wrong_type(path)
        prefix = path + "." if path else ""
        for key in value:
            if key not in self.fields:
                raise Invalid("unknown", prefix + key, "The parameter `%s` is not recognized." % (prefix + key))
        checked = {}
        for key, field in self.fields.items():
            if key in value:
                checked[key] = field.check(value[key], prefix + key, from_form)
            elif field.required:
                raise Invalid("missing", prefix + key, "The request is missing a required parameter `%s`."
                              % (prefix + key))
        return checked


def check_number(value, path, minimum=None, maximum=None, choices=None):
    if choices is not None and value not in choices:
        raise Invalid("range", path, "The value `%s` of parameter `%s` must be one of %s."
                      % (value, path, ", ".join(map(str, choices))))
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise Invalid("range", path, "The value `%s` of parameter `%s` is out of range [%s, %s]."
                      % (value, path, "" if minimum is None else minimum, "" if maximum is None else maximum))
    return value
