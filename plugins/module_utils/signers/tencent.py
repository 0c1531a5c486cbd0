# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tencent Cloud request signers.

``TC3Signer`` is TC3-HMAC-SHA256, the VPC API 3.0 default (official SDK:
``AbstractClient._get_tc3_signature`` and ``Sign.sign_tc3``).
``TencentV1Signer`` is the older HmacSHA1/HmacSHA256 parameter signature used
by API 3.0 "v1" and by the legacy API 2.0 (``Sign.sign`` / ``Sign.make``).
"""

from __future__ import annotations

import base64
import hashlib
import time
from urllib.parse import urlencode

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import (
    canonical_headers,
    hmac_digest,
    sha256_hex,
)


def utc_date(timestamp):
    """The UTC calendar date of a unix timestamp, as TC3's credential scope wants it."""
    return time.strftime("%Y-%m-%d", time.gmtime(int(timestamp)))


class TC3Signer:
    """TC3-HMAC-SHA256: canonical request -> string to sign -> derived-key HMAC."""

    ALGORITHM = "TC3-HMAC-SHA256"
    SIGNED_HEADERS = ("content-type", "host")

    def __init__(self, service="vpc"):
        self.service = service

    def canonical_request(self, request, signed_headers=SIGNED_HEADERS):
        """Method, URI, query as sent, the signed headers, and the body's hash.

        The header block ends in a newline and the join adds another, which
        gives the blank line the algorithm requires.
        """
        header_block, names = canonical_headers(request, signed_headers)
        return "\n".join([
            request.method,
            request.path,
            request.query,
            header_block,
            ";".join(names),
            sha256_hex(request.body),
        ])

    def credential_scope(self, timestamp, service):
        return "%s/%s/tc3_request" % (utc_date(timestamp), service)

    def string_to_sign(self, canonical_request, timestamp, service):
        return "\n".join([
            self.ALGORITHM,
            str(int(timestamp)),
            self.credential_scope(timestamp, service),
            sha256_hex(canonical_request),
        ])

    def signature(self, secret_key, timestamp, service, string_to_sign):
        """Derive the signing key from the secret, the date and the service, then HMAC."""
        date_key = hmac_digest("TC3" + secret_key, utc_date(timestamp))
        service_key = hmac_digest(date_key, service)
        signing_key = hmac_digest(service_key, "tc3_request")
        return hmac_digest(signing_key, string_to_sign).hex()

    def sign(self, request, credentials, timestamp):
        """Add ``Host``, ``X-TC-Timestamp``, ``X-TC-Token`` and ``Authorization``.

        The caller sets ``Content-Type`` and the ``X-TC-Action``/``Version``/
        ``Region`` headers; like the SDK, only content-type and host are signed.
        """
        timestamp = int(timestamp)
        request.set_header("Host", request.host)
        if request.header("Content-Type") is None:
            request.set_header("Content-Type", "application/json" if request.method == "POST"
                               else "application/x-www-form-urlencoded")
        request.set_header("X-TC-Timestamp", str(timestamp))
        if credentials.token:
            request.set_header("X-TC-Token", credentials.token)
        canonical = self.canonical_request(request)
        signature = self.signature(credentials.secret, timestamp, self.service,
                                   self.string_to_sign(canonical, timestamp, self.service))
        request.set_header("Authorization", "%s Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
            self.ALGORITHM, credentials.key_id, self.credential_scope(timestamp, self.service),
            ";".join(self.SIGNED_HEADERS), signature))


class TencentV1Signer:
    """HmacSHA1 / HmacSHA256 over the sorted, unencoded parameters.

    Used by API 3.0 with ``SignatureMethod`` and by the legacy API 2.0, which
    differ only in host, path and common parameters.
    """

    DIGESTS = {"HmacSHA1": hashlib.sha1, "HmacSHA256": hashlib.sha256}

    def __init__(self, signature_method="HmacSHA256"):
        if signature_method not in self.DIGESTS:
            raise ValueError("signature_method must be one of %s" % ", ".join(sorted(self.DIGESTS)))
        self.signature_method = signature_method

    def string_to_sign(self, http_method, host, path, params):
        """``METHOD host path ? k=v&...``, keys in byte order, values raw.

        Both official SDKs write ``_`` in parameter names as ``.`` in this
        string only; the names sent stay as they are.
        """
        pairs = sorted((name.replace("_", "."), str(value)) for name, value in params.items()
                       if name != "Signature")
        joined = "&".join("%s=%s" % pair for pair in pairs)
        return "%s%s%s?%s" % (http_method.upper(), host, path, joined)

    def signature(self, secret_key, string_to_sign):
        digest = hmac_digest(secret_key, string_to_sign, self.DIGESTS[self.signature_method])
        return base64.b64encode(digest).decode("ascii")

    def sign(self, request, credentials, params, timestamp, nonce):
        """Add the common parameters and ``Signature``; put them in the query or form body.

        ``params`` holds the action's flattened parameters plus ``Action`` and,
        for API 3.0, ``Version`` and ``Region``. Every retry needs a new nonce.
        """
        signed = dict(params)
        signed.update({
            "SecretId": credentials.key_id,
            "Timestamp": str(int(timestamp)),
            "Nonce": str(nonce),
            "SignatureMethod": self.signature_method,
        })
        if credentials.token:
            signed["Token"] = credentials.token
        signature = self.signature(
            credentials.secret, self.string_to_sign(request.method, request.host, request.path, signed))
        request.carry_params(
            urlencode([(name, str(value)) for name, value in signed.items()] + [("Signature", signature)]))
