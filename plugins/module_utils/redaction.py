# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Masking of secrets in anything shown to a person.

Ansible masks ``no_log`` values where they appear verbatim, but cloud APIs
and gateways echo secrets in other spellings: Alibaba's
``SignatureDoesNotMatch`` answer carries the string to sign (the pre-shared
key percent-encoded twice), JSON bodies escape ``/`` and non-ASCII, HTML
error pages use entities, proxies base64 whole requests, and a body decoded
with the wrong charset turns UTF-8 into Latin-1 mojibake.

How a secret is found, whatever its spelling:

* Escapes are undone, not guessed: a text holding ``%xx`` (once or twice
  encoded, any case), ``\\uXXXX``, ``\\xXX``, ``\\/`` and the other
  backslash escapes, or HTML entities (named, decimal, hex) is also searched
  in decoded views (one per kind of escape), each decoded character mapped
  back to the characters it came from, so the mask covers the encoded text.
* ``+`` for space and mojibake (UTF-8 read as Latin-1 or Windows-1252) are
  searched as extra spellings of the secret itself.
* Base64 (standard or URL-safe, padded or not) of the secret, of its JSON
  and percent escapes, anywhere inside a larger base64 blob: the runs of
  base64 characters that depend only on the secret, at each of the three
  byte alignments. A secret too short for such a run to be unmistakable is
  found as the base64 of itself alone and of common ``key=value`` contexts.

Every spelling is a literal string, so one small regex of their first
characters (compiled once, on first use) finds candidates in a single scan.

A secret of any length is masked. One shorter than ``MIN_SECRET_LENGTH``
would match inside innocent words, so it is masked only where it stands
alone: no letter, digit or ``_`` right before or after it.

``Redactor.message`` is the one place where text is cut to a readable
length, and it cuts only after masking, so a cut never keeps the start of a
secret and drops the rest that would have made it recognisable.
"""

from __future__ import annotations

import base64
import bisect
import functools
import html.entities
import json
import re
from urllib.parse import quote

MASK = "********"

SECRET_KEY_PATTERN = re.compile(
    r"(pre_?shared_?key|preshare_?key|psk|secret|password|token|auth_?key|authorization|signature)",
    re.IGNORECASE)

# Secrets shorter than this are masked only where they stand alone.
MIN_SECRET_LENGTH = 4

# The shortest run of base64 characters taken as the trace of a secret
# inside a larger blob; shorter runs would match ordinary words.
MIN_BASE64_RUN = 8
# A run that holds the context's key name as well may be shorter.
MIN_CONTEXT_RUN = 6

# Text from elsewhere (provider error bodies, unexpected exceptions) is cut
# to this many characters, after masking.
MESSAGE_LIMIT = 800

# A secret without a long enough base64 run of its own is also looked for in
# base64 of these contexts.
BASE64_CONTEXT_KEYS = ("PreShareKey", "PreSharedKey", "Psk", "psk", "pre_shared_key", "SecretKey",
                       "secret_key", "Token", "token", "SecurityToken", "security_token")
BASE64_CONTEXT_LAYOUTS = ("%s=%s", '"%s":"%s"', '"%s": "%s"')

# Candidates are found by the first characters of each spelling, then checked whole.
_ANCHOR_LENGTH = 12

# The decoded views a text is also searched in, each undoing one kind of
# escape: percent-encoding once (%25 is a '%') or twice (%25XX is %XX), the
# backslash escapes of JSON, JavaScript and Python, and HTML entities. Kept
# apart, because a secret may itself contain what another kind decodes.
_PERCENT_ONCE = r"%(?P<pct>[0-9A-Fa-f]{2})"
_PERCENT_TWICE = r"%(?:25)?(?P<pct>[0-9A-Fa-f]{2})"
_BACKSLASH = r"\\u(?P<u>[0-9A-Fa-f]{4})|\\U(?P<U>[0-9A-Fa-f]{8})|\\x(?P<x>[0-9A-Fa-f]{2})|\\(?P<short>[\"\\/'nrtbf])"
_HTML = r"&#(?P<dec>[0-9]{1,7});|&#[xX](?P<hex>[0-9A-Fa-f]{1,6});|&(?P<name>[A-Za-z][A-Za-z0-9]{1,31};?)"
_VIEWS = (("%", _PERCENT_ONCE), ("%25", _PERCENT_TWICE), ("\\", _BACKSLASH), ("&", _HTML))
_SHORT_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "'": "'", "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_WORD = re.compile(r"\w")
_BASE64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_")
_URLSAFE = str.maketrans("+/", "-_")

# Values under secret-looking names: "name": "value", \"name\":\"value\" (JSON inside a
# JSON string) and name=value (forms, query strings, strings to sign).
_SECRET_NAME = r"[\w.-]*(?:%s)[\w.-]*" % SECRET_KEY_PATTERN.pattern
_KEY_VALUE = (
    r'(?i)"%(name)s"\s*:\s*"(?P<json>(?:[^"\\]|\\.)*)"'
    r'|\\"%(name)s\\"\s*:\s*\\"(?P<nested>(?:[^"\\]|\\[^"])*)\\"'
    r"|(?<![\w.-])%(name)s=(?P<form>[^&\s\"'<>]*)" % {"name": _SECRET_NAME})
_KEY_VALUE_GROUPS = ("json", "nested", "form")
_SECRET_WORDS = ("pre", "psk", "secret", "password", "token", "auth", "signature")

# Kinds of spelling: how a found one is checked and how far the mask reaches.
_TEXT, _SHORT_TEXT, _RUN, _WHOLE = "text", "short text", "base64 run", "base64 whole"


@functools.lru_cache(maxsize=None)
def _regex(pattern):
    """``pattern`` compiled on first use: most runs never need most of these, and each costs a
    few milliseconds of every module run when compiled at import."""
    return re.compile(pattern)


def truncate(text, limit=MESSAGE_LIMIT):
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return "%s... (%d more characters)" % (text[:limit], len(text) - limit)


def is_secret_name(name):
    return bool(SECRET_KEY_PATTERN.search(str(name)))


def spellings(secret):
    """``{spelling: kind}``: the literal strings under which ``secret`` can show up."""
    found = {}
    kind = _TEXT if len(secret) >= MIN_SECRET_LENGTH else _SHORT_TEXT
    for form in (secret, secret.replace(" ", "+")):       # '+' for space (form encoding)
        for spelled in {form} | _mojibake(form):
            found[spelled] = kind
    data_forms = {form.encode("utf-8") for form in (
        secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], quote(secret, safe=""))}
    runs = {_base64_run(data, offset) for data in data_forms for offset in range(3)}
    shortest = MIN_BASE64_RUN
    if min(len(run) for run in runs) < MIN_BASE64_RUN:
        for data in data_forms:
            whole = base64.b64encode(data).decode("ascii").rstrip("=")
            found.setdefault(whole, _WHOLE)
            found.setdefault(whole.translate(_URLSAFE), _WHOLE)
        runs = {_base64_run((layout % (key, secret)).encode("utf-8"), offset)
                for key in BASE64_CONTEXT_KEYS for layout in BASE64_CONTEXT_LAYOUTS for offset in range(3)}
        shortest = MIN_CONTEXT_RUN
    for run in runs:
        if len(run) >= shortest:
            found.setdefault(run, _RUN)
            found.setdefault(run.translate(_URLSAFE), _RUN)
    return found


def _mojibake(text):
    """``text`` as it reads when its UTF-8 bytes are decoded as Latin-1 or as Windows-1252."""
    data = text.encode("utf-8")
    windows = "".join(bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in data)
    return {data.decode("latin-1"), windows} - {text}


def _base64_run(data, offset):
    """The base64 characters that depend only on ``data`` when it starts ``offset`` bytes into a blob."""
    encoded = base64.b64encode(b"\0" * offset + data).decode("ascii")
    first = -(-8 * offset // 6)               # first character wholly inside data
    last = 8 * (offset + len(data)) // 6      # one past the last such character
    return encoded[first:last]


class DecodedView:
    """A text with its escapes undone, and where each decoded character came from.

    ``text`` is the decoded string; ``source_span(start, end)`` gives the
    part of the original that decoded characters ``start:end`` came from.
    """

    def __init__(self, original, escape):
        self._starts = []    # decoded index where each piece starts
        self._pieces = []    # (source start, source end, literal?)
        decoded = []
        length = 0
        position = 0
        pending = []         # percent-encoded bytes waiting to be decoded together: (byte, start, end)
        for match in escape.finditer(original):
            groups = match.groupdict()
            if groups.get("pct") is not None:
                if pending and pending[-1][2] != match.start():
                    length = self._flush(pending, decoded, length)
                if match.start() > position:
                    length = self._flush(pending, decoded, length)
                    length = self._literal(original, position, match.start(), decoded, length)
                pending.append((int(match.group("pct"), 16), match.start(), match.end()))
                position = match.end()
                continue
            char = self._char(groups)
            if char is None:
                continue
            length = self._flush(pending, decoded, length)
            if match.start() > position:
                length = self._literal(original, position, match.start(), decoded, length)
            if "\udc00" <= char <= "\udfff" and self._follows_high_surrogate(decoded, match.start()):
                # \ud83d\ude00: one character outside the Basic Multilingual Plane.
                pair = decoded[-1] + char
                decoded[-1] = pair.encode("utf-16", "surrogatepass").decode("utf-16")
                self._pieces[-1] = (self._pieces[-1][0], match.end(), False)
            else:
                length = self._add(char, match.start(), match.end(), decoded, length)
            position = match.end()
        length = self._flush(pending, decoded, length)
        self._literal(original, position, len(original), decoded, length)
        self.text = "".join(decoded)

    def _follows_high_surrogate(self, decoded, start):
        return bool(decoded) and "\ud800" <= decoded[-1] <= "\udbff" and not self._pieces[-1][2] \
            and self._pieces[-1][1] == start

    @staticmethod
    def _char(groups):
        """The character an escape stands for, or ``None`` when it is not one."""
        for group, base in (("u", 16), ("U", 16), ("x", 16), ("dec", 10), ("hex", 16)):
            if groups.get(group) is not None:
                code = int(groups[group], base)
                return chr(code) if code <= 0x10FFFF else None
        if groups.get("short") is not None:
            return _SHORT_ESCAPES[groups["short"]]
        name = groups["name"]
        named = html.entities.html5.get(name) or html.entities.html5.get(name + ";")
        if named and (name.endswith(";") or name in html.entities.html5):
            return named
        return None

    def _add(self, chars, start, end, decoded, length):
        self._starts.append(length)
        self._pieces.append((start, end, False))
        decoded.append(chars)
        return length + len(chars)

    def _literal(self, original, start, end, decoded, length):
        if end <= start:
            return length
        self._starts.append(length)
        self._pieces.append((start, end, True))
        decoded.append(original[start:end])
        return length + end - start

    def _flush(self, pending, decoded, length):
        """Decode the waiting percent-encoded bytes: UTF-8 sequences where valid, else Latin-1 bytes."""
        index = 0
        while index < len(pending):
            lead = pending[index][0]
            size = 4 if lead >= 0xF0 else 3 if lead >= 0xE0 else 2 if lead >= 0xC0 else 1
            chunk = pending[index:index + size]
            try:
                char = bytes(item[0] for item in chunk).decode("utf-8") if len(chunk) == size else None
            except UnicodeDecodeError:
                char = None
            if char is None or len(char) != 1:
                chunk, char = chunk[:1], chr(lead)
            length = self._add(char, chunk[0][1], chunk[-1][2], decoded, length)
            index += len(chunk)
        del pending[:]
        return length

    def source_span(self, start, end):
        first = bisect.bisect_right(self._starts, start) - 1
        last = bisect.bisect_right(self._starts, end - 1) - 1
        source_start, _end, literal = self._pieces[first]
        if literal:
            source_start += start - self._starts[first]
        _start, source_end, literal = self._pieces[last]
        if literal:
            source_end = _start + (end - self._starts[last])
        return source_start, source_end


class Redactor:
    """Holds the secrets of one run and masks them wherever they appear, in any spelling."""

    def __init__(self, secrets=()):
        self._secrets = set()
        self._table = None      # anchor -> [(spelling, kind)]
        self._anchors = None    # one regex of every anchor
        self._masked = {}       # string -> masked string, for data()
        for secret in secrets:
            self.add(secret)

    def add(self, secret):
        """Remember ``secret``; with whitespace around it, also its stripped form (a token read from a
        file often ends in a newline that the API never sees)."""
        if secret is None or secret == "":
            return
        secret = str(secret)
        for form in (secret, secret.strip()):
            if form and form not in self._secrets:
                self._secrets.add(form)
                self._table = self._anchors = None
                self._masked = {}

    def _compile(self):
        if self._table is None:
            table = {}
            for secret in sorted(self._secrets):
                for spelled, kind in spellings(secret).items():
                    table.setdefault(spelled[:_ANCHOR_LENGTH], []).append((spelled, kind))
            self._table = table
            self._anchors = re.compile(_trie_pattern(table)) if table else None

    def _spans(self, view):
        """``(start, end)`` in ``view`` of every spelling of every secret."""
        spans = []
        position = 0
        while True:
            match = self._anchors.search(view, position)
            if match is None:
                return spans
            start = match.start()
            for spelled, kind in self._table[match.group()]:
                if view.startswith(spelled, start):
                    span = _accept(view, start, start + len(spelled), kind)
                    if span:
                        spans.append(span)
            position = start + 1

    def text(self, value):
        """Mask every known secret (in any known spelling) and every secret-named value inside a string."""
        if not isinstance(value, str) or not value:
            return value
        self._compile()
        spans = []
        if self._anchors is not None:
            spans = self._spans(value)
            for trigger, escape in _VIEWS:
                if trigger in value and _regex(escape).search(value):
                    view = DecodedView(value, _regex(escape))
                    spans += [view.source_span(start, end) for start, end in self._spans(view.text)]
        if ("=" in value or ":" in value) and _may_name_a_secret(value):
            for match in _regex(_KEY_VALUE).finditer(value):
                group = next(name for name in _KEY_VALUE_GROUPS if match.group(name) is not None)
                if match.group(group) not in ("", MASK):
                    spans.append(match.span(group))
        return _mask_spans(value, spans) if spans else value

    def message(self, value, limit=MESSAGE_LIMIT):
        """Text from outside the collection, ready to show: masked, then cut to ``limit`` characters."""
        return self.text(truncate(self.text(str(value)).strip(), limit))

    def data(self, value, by_name=True):
        """Mask a nested structure: strings by content and, with ``by_name``, secret-named keys whole.

        Module results are masked by content only: they carry deliberate
        placeholders under secret-looking names (the diff's pre-shared key).
        Strings repeat a lot in results (states, algorithms): each distinct
        one is scanned once.
        """
        if isinstance(value, dict):
            return {key: (MASK if by_name and value[key] not in (None, "") and is_secret_name(key)
                          else self.data(value[key], by_name)) for key in value}
        if isinstance(value, (list, tuple)):
            return [self.data(item, by_name) for item in value]
        if isinstance(value, str):
            masked = self._masked.get(value)
            if masked is None:
                masked = self._masked[value] = self.text(value)
            return masked
        return value


def _trie_pattern(words):
    """One regex matching any of ``words``, factored by common prefixes (a trie).

    A flat alternation tries every word at each position where one could
    start; the trie tries each character once.
    """
    trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node):
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        optional = "" in node
        if not branches:
            return ""
        if len(branches) == 1 and not optional:
            return branches[0]
        return "(?:%s)%s" % ("|".join(branches), "?" if optional else "")

    return pattern(trie)


def _may_name_a_secret(text):
    lowered = text.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def _accept(text, start, end, kind):
    """The span to mask for a spelling found at ``start:end``, or ``None`` when it does not count."""
    if kind == _SHORT_TEXT:
        glued = (start > 0 and _WORD.match(text, start - 1)) or (end < len(text) and _WORD.match(text, end))
        return None if glued else (start, end)
    if kind == _WHOLE:
        glued = (start > 0 and text[start - 1] in _BASE64_ALPHABET) or (
            end < len(text) and text[end] in _BASE64_ALPHABET)
        return None if glued else (start, _skip_padding(text, end))
    if kind == _RUN:
        # The characters on either side hold a few bits of the secret too.
        if start > 0 and text[start - 1] in _BASE64_ALPHABET:
            start -= 1
        if end < len(text) and text[end] in _BASE64_ALPHABET:
            end += 1
        return start, _skip_padding(text, end)
    return start, end


def _skip_padding(text, end):
    while end < len(text) and text[end] == "=":
        end += 1
    return end


def _mask_spans(text, spans):
    """``text`` with each span (merged where they overlap) replaced by ``MASK``."""
    pieces, position = [], 0
    for start, end in sorted(spans):
        if end <= position:
            continue
        if start >= position:
            pieces += [text[position:start], MASK]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
