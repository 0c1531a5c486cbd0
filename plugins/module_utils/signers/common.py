# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pieces every request signer shares.

A signer works on the request exactly as it goes on the wire (method, URL,
encoded query string, headers and body bytes), never on a higher-level
description of it: the cloud checks what it receives, so the signer must
sign what is sent. The same wire-level view lets the project's emulator
rebuild the canonical request from what it received and check it with the
same step functions.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import quote, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


class Credentials:
    """An access key pair and an optional temporary-credential token.

    ``repr`` never shows the secret or the token, so a stray debug print or
    traceback cannot leak them.
    """

    def __init__(self, key_id, secret, token=None):
        self.key_id = key_id
        self.secret = secret
        self.token = token or None

    def __repr__(self):
        return "Credentials(key_id=%r, secret=<hidden>, token=%s)" % (
            self.key_id, "<hidden>" if self.token else None)


class SignableRequest:
    """An HTTP request as it will be sent.

    ``url`` is ``scheme://host[:port]/path`` without a query; ``query`` is the
    exact encoded query string (without ``?``); ``body`` is bytes.
    """

    def __init__(self, method, url, query="", headers=None, body=b""):
        self.method = method.upper()
        parts = urlsplit(url)
        if parts.query or parts.fragment:
            raise ValueError("url must not carry a query or fragment; pass query separately")
        self.scheme = parts.scheme or "https"
        self.host = _wire_host(self.scheme, parts.hostname or "", parts.port)
        self.path = parts.path or "/"
        self.query = query or ""
        self.headers = dict(headers or {})
        self.body = body if isinstance(body, bytes) else (body or "").encode("utf-8")

    @property
    def url(self):
        return "%s://%s%s" % (self.scheme, self.host, self.path)

    def full_url(self):
        return self.url + ("?" + self.query if self.query else "")

    def header(self, name, default=None):
        """Case-insensitive header lookup (HTTP header names are case-insensitive)."""
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return default

    def set_header(self, name, value):
        """Set a header, replacing any spelling of the same name."""
        for key in [k for k in self.headers if k.lower() == name.lower()]:
            del self.headers[key]
        self.headers[name] = value

    def carry_params(self, encoded):
        """Put encoded parameters where parameter-signing schemes send them.

        GET sends them as the query; any other method as a form body.
        """
        self.set_header("Host", self.host)
        if self.method == "GET":
            self.query = encoded
            self.body = b""
        else:
            self.query = ""
            self.body = encoded.encode("utf-8")
            self.set_header("Content-Type", "application/x-www-form-urlencoded")

    def __repr__(self):
        # Headers and body may hold secrets (tokens, pre-shared keys).
        return "SignableRequest(%s %s)" % (self.method, self.url)


def _wire_host(scheme, hostname, port):
    """The Host header value a client sends: the port only when not the default."""
    if ":" in hostname:  # IPv6 literal
        hostname = "[%s]" % hostname
    if port is None or DEFAULT_PORTS.get(scheme) == port:
        return hostname
    return "%s:%d" % (hostname, port)


def canonical_headers(request, names):
    """``name:value`` lines (lower-case names, trimmed values, sorted by name), each ending in a newline.

    Returns the block and the sorted names, for the ``SignedHeaders`` list.
    """
    names = sorted(name.lower() for name in names)
    block = "".join("%s:%s\n" % (name, (request.header(name) or "").strip()) for name in names)
    return block, names


def sha256_hex(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def hmac_digest(key, message, digestmod=hashlib.sha256):
    if isinstance(key, str):
        key = key.encode("utf-8")
    if isinstance(message, str):
        message = message.encode("utf-8")
    return hmac.new(key, message, digestmod).digest()


def hmac_sha256_hex(key, message):
    return hmac_digest(key, message).hex()


def percent_encode(value, safe="-_.~"):
    """RFC 3986 encoding: unreserved characters kept, everything else %XY (upper case)."""
    return quote(str(value), safe=safe)


def signatures_equal(expected, received):
    """Constant-time comparison, for verifiers."""
    return hmac.compare_digest(str(expected), str(received or ""))
