# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Baidu AI Cloud bce-auth-v1 signer.

Official SDK: ``baidubce.auth.bce_v1_signer.sign``. A signing key is first
derived from the secret and the auth-string prefix; its lower-case hex text
(not the raw bytes) keys the final HMAC.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qsl

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import (
    hmac_sha256_hex,
    percent_encode,
)

DEFAULT_SIGNED_HEADERS = ("host", "content-md5", "content-length", "content-type")


def bce_timestamp(timestamp):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(timestamp)))


def normalize(value):
    """Baidu's encoding: only ``A-Z a-z 0-9 . ~ - _`` kept, even ``/`` is encoded."""
    return percent_encode(value, safe="-_.~")


class BceV1Signer:
    """Auth-string prefix -> signing key -> canonical request -> signature."""

    def __init__(self, expiration=1800):
        self.expiration = int(expiration)

    def auth_prefix(self, key_id, timestamp):
        return "bce-auth-v1/%s/%s/%d" % (key_id, bce_timestamp(timestamp), self.expiration)

    def canonical_query(self, query):
        pairs = parse_qsl(query, keep_blank_values=True)
        return "&".join(sorted("%s=%s" % (normalize(name), normalize(value))
                               for name, value in pairs if name.lower() != "authorization"))

    def canonical_headers(self, request, headers_to_sign=None):
        """Headers with a value, in the signed set or starting with ``x-bce-``.

        With no explicit list the default set applies; like the SDK, ``x-bce-*``
        headers are always included.
        """
        wanted = {name.lower() for name in (headers_to_sign or DEFAULT_SIGNED_HEADERS)}
        lines = []
        for name, value in request.headers.items():
            lowered = name.lower()
            value = str(value).strip()
            if value and (lowered in wanted or lowered.startswith("x-bce-")):
                lines.append("%s:%s" % (normalize(lowered), normalize(value)))
        return "\n".join(sorted(lines))

    def canonical_request(self, request, headers_to_sign=None):
        return "\n".join([
            request.method,
            request.path,
            self.canonical_query(request.query),
            self.canonical_headers(request, headers_to_sign),
        ])

    def signature(self, secret, auth_prefix, canonical_request):
        signing_key = hmac_sha256_hex(secret, auth_prefix)
        return hmac_sha256_hex(signing_key, canonical_request)

    def sign(self, request, credentials, timestamp, headers_to_sign=None):
        """Add ``Host``, ``x-bce-date``, the session token and ``Authorization``.

        By default the signed list is ``host`` plus every ``x-bce-*`` header
        sent, written explicitly into the auth string.
        """
        request.set_header("Host", request.host)
        request.set_header("x-bce-date", bce_timestamp(timestamp))
        if credentials.token:
            request.set_header("x-bce-security-token", credentials.token)
        if headers_to_sign is None:
            headers_to_sign = ["host"] + sorted(
                name.lower() for name in request.headers if name.lower().startswith("x-bce-"))
        prefix = self.auth_prefix(credentials.key_id, timestamp)
        signature = self.signature(credentials.secret, prefix,
                                   self.canonical_request(request, headers_to_sign))
        request.set_header("Authorization", "%s/%s/%s" % (
            prefix, ";".join(sorted(name.lower() for name in headers_to_sign)), signature))
