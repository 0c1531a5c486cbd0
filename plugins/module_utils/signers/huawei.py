# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Huawei Cloud SDK-HMAC-SHA256 (AK/SK) signer.

Official SDK: ``huaweicloudsdkcore.signer.signer.Signer.sign``. Unlike TC3
there is no key derivation: the secret key signs the string directly.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, unquote

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import (
    canonical_headers,
    hmac_sha256_hex,
    percent_encode,
    sha256_hex,
)


def sdk_date(timestamp):
    """``YYYYMMDDTHHMMSSZ`` in UTC, the ``X-Sdk-Date`` form."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(int(timestamp)))


class HuaweiSigner:
    """Canonical request over every header, string to sign, HMAC with the secret key."""

    ALGORITHM = "SDK-HMAC-SHA256"

    def canonical_uri(self, path):
        """The path decoded, split on ``/``, each segment re-encoded, and a trailing ``/`` added.

        Decoding comes before splitting, as in the SDK: an encoded ``%2F``
        inside a segment becomes a separator. Only the signed form gets the
        trailing slash; the URL requested keeps its path.
        """
        segments = [percent_encode(segment) for segment in unquote(path).split("/")]
        uri = "/".join(segments)
        return uri if uri.endswith("/") else uri + "/"

    def canonical_query(self, query):
        pairs = parse_qsl(query, keep_blank_values=True)
        return "&".join("%s=%s" % (percent_encode(name), percent_encode(value))
                        for name, value in sorted(pairs))

    def signed_header_names(self, request):
        """Every header present, lower-cased, except names with ``_`` (as the SDK does)."""
        return sorted({name.lower() for name in request.headers if "_" not in name})

    def canonical_request(self, request, signed_headers):
        header_block, names = canonical_headers(request, signed_headers)
        return "\n".join([
            request.method,
            self.canonical_uri(request.path),
            self.canonical_query(request.query),
            header_block,
            ";".join(names),
            self.payload_hash(request),
        ])

    def payload_hash(self, request):
        """An empty body always hashes as empty; else ``X-Sdk-Content-Sha256`` wins when present (as in the SDK)."""
        if not request.body:
            return sha256_hex(b"")
        return request.header("X-Sdk-Content-Sha256") or sha256_hex(request.body)

    def string_to_sign(self, canonical_request, date):
        return "\n".join([self.ALGORITHM, date, sha256_hex(canonical_request)])

    def signature(self, secret, string_to_sign):
        return hmac_sha256_hex(secret, string_to_sign)

    def sign(self, request, credentials, timestamp):
        """Add ``Host``, ``X-Sdk-Date``, ``X-Security-Token`` and ``Authorization``.

        The caller sets ``Content-Type`` and ``X-Project-Id`` first: every
        header present at signing time is signed.
        """
        date = sdk_date(timestamp)
        request.set_header("Host", request.host)
        request.set_header("X-Sdk-Date", date)
        if credentials.token:
            request.set_header("X-Security-Token", credentials.token)
        names = self.signed_header_names(request)
        signature = self.signature(credentials.secret,
                                   self.string_to_sign(self.canonical_request(request, names), date))
        request.set_header("Authorization", "%s Access=%s, SignedHeaders=%s, Signature=%s" % (
            self.ALGORITHM, credentials.key_id, ";".join(names), signature))
