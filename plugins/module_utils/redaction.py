# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Masking of secrets in anything shown to a person.

Ansible masks ``no_log`` values where they appear verbatim, but cloud APIs
echo secrets in other spellings: Alibaba's ``SignatureDoesNotMatch`` answer
carries the string to sign, where a pre-shared key appears percent-encoded
twice; JSON bodies escape quotes and backslashes. ``Redactor`` knows each
secret and its encoded forms and masks them all, and masks the values of
keys whose names say they are secret.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, quote_plus

MASK = "********"

SECRET_KEY_PATTERN = re.compile(
    r"(pre_?shared_?key|preshare_?key|psk|secret|password|token|auth_?key|authorization|signature)",
    re.IGNORECASE)

# Shorter values would mask innocent text (and cannot be meaningful secrets).
MIN_SECRET_LENGTH = 4


def encoded_forms(secret):
    """The spellings under which a secret can show up in an API answer or log."""
    forms = {secret}
    for _round in range(2):  # once and twice percent-encoded
        forms |= {quote(f, safe="") for f in forms} | {quote_plus(f, safe="") for f in forms}
        forms |= {quote(f, safe="-_.~") for f in forms}
    forms.add(json.dumps(secret)[1:-1])
    return {f for f in forms if len(f) >= MIN_SECRET_LENGTH}


class Redactor:
    """Holds the secrets of one run and masks them wherever they appear."""

    def __init__(self, secrets=()):
        self._forms = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret):
        if not secret or len(str(secret)) < MIN_SECRET_LENGTH:
            return
        forms = set(self._forms) | encoded_forms(str(secret))
        # Longest first so an encoded form is masked whole, not piecewise.
        self._forms = sorted(forms, key=len, reverse=True)

    def text(self, value):
        """Mask every known secret (in any known spelling) inside a string."""
        if not isinstance(value, str):
            return value
        for form in self._forms:
            if form in value:
                value = value.replace(form, MASK)
        return value

    def data(self, value, by_name=True):
        """Mask a nested structure: strings by content and, with ``by_name``, secret-named keys whole.

        Module results are masked by content only: they carry deliberate
        placeholders under secret-looking names (the diff's pre-shared key).
        """
        if isinstance(value, dict):
            return {key: (MASK if by_name and value[key] not in (None, "") and is_secret_name(key)
                          else self.data(value[key], by_name)) for key in value}
        if isinstance(value, (list, tuple)):
            return [self.data(item, by_name) for item in value]
        return self.text(value)


def is_secret_name(name):
    return bool(SECRET_KEY_PATTERN.search(str(name)))
