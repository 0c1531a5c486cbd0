# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Alibaba Cloud request signers.

``AlibabaRpcSigner`` is the RPC signature v1 (HMAC-SHA1; official SDK:
``aliyunsdkcore`` ``rpc_signature_composer``). ``AlibabaAcs3Signer`` is
ACS3-HMAC-SHA256 (``alibabacloud_openapi_util.client.Client.get_authorization``).
"""

from __future__ import annotations

import base64
import hashlib
import time
from urllib.parse import parse_qsl

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import (
    canonical_headers,
    hmac_digest,
    hmac_sha256_hex,
    percent_encode,
    sha256_hex,
)


def iso8601(timestamp):
    """``YYYY-MM-DDTHH:MM:SSZ`` in UTC, the form both schemes put in the request."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(timestamp)))


def encode_pairs(pairs):
    """``name=value&...`` with RFC 3986 encoding of both, in the order given."""
    return "&".join("%s=%s" % (percent_encode(name), percent_encode(value)) for name, value in pairs)


class AlibabaRpcSigner:
    """RPC v1: sorted, percent-encoded parameters, encoded again into the string to sign."""

    SIGNATURE_METHOD = "HMAC-SHA1"
    SIGNATURE_VERSION = "1.0"

    def canonicalized_query(self, params):
        """Every parameter but ``Signature``, encoded, sorted by encoded name."""
        encoded = sorted((percent_encode(name), percent_encode(value))
                         for name, value in params.items() if name != "Signature")
        return "&".join("%s=%s" % pair for pair in encoded)

    def string_to_sign(self, http_method, params):
        return "%s&%s&%s" % (http_method.upper(), percent_encode("/"),
                             percent_encode(self.canonicalized_query(params)))

    def signature(self, secret, string_to_sign):
        """The key is the secret followed by ``&`` (an empty token secret)."""
        return base64.b64encode(hmac_digest(secret + "&", string_to_sign, hashlib.sha1)).decode("ascii")

    def sign(self, request, credentials, params, timestamp, nonce):
        """Add the common authentication parameters and ``Signature``.

        ``params`` holds the action's parameters plus ``Action``, ``Version``,
        ``Format`` and ``RegionId``. GET puts everything in the query; POST
        in a form body. A new nonce is needed for every request, retries too.
        """
        signed = dict(params)
        signed.update({
            "AccessKeyId": credentials.key_id,
            "SignatureMethod": self.SIGNATURE_METHOD,
            "SignatureVersion": self.SIGNATURE_VERSION,
            "SignatureNonce": str(nonce),
            "Timestamp": iso8601(timestamp),
        })
        if credentials.token:
            signed["SecurityToken"] = credentials.token
        signature = self.signature(credentials.secret, self.string_to_sign(request.method, signed))
        request.carry_params(encode_pairs(list(signed.items()) + [("Signature", signature)]))


class AlibabaAcs3Signer:
    """ACS3-HMAC-SHA256: canonical request over the query, x-acs-* headers and body hash."""

    ALGORITHM = "ACS3-HMAC-SHA256"

    def canonical_query(self, query):
        """Parameters sorted by name; names and values RFC 3986 encoded."""
        pairs = parse_qsl(query, keep_blank_values=True)
        return "&".join("%s=%s" % (percent_encode(name), percent_encode(value))
                        for name, value in sorted(pairs))

    def signed_header_names(self, request):
        """Host, content-type when present, and every ``x-acs-*`` header."""
        names = set()
        for name in request.headers:
            lowered = name.lower()
            if lowered in ("host", "content-type") or lowered.startswith("x-acs-"):
                names.add(lowered)
        return sorted(names)

    def canonical_request(self, request, signed_headers):
        header_block, names = canonical_headers(request, signed_headers)
        return "\n".join([
            request.method,
            request.path,
            self.canonical_query(request.query),
            header_block,
            ";".join(names),
            request.header("x-acs-content-sha256") or sha256_hex(request.body),
        ])

    def string_to_sign(self, canonical_request):
        return "%s\n%s" % (self.ALGORITHM, sha256_hex(canonical_request))

    def signature(self, secret, string_to_sign):
        """The plain secret is the key (no ``&``, unlike v1)."""
        return hmac_sha256_hex(secret, string_to_sign)

    def sign(self, request, credentials, timestamp, nonce):
        """Add the x-acs date, nonce, payload hash, token and ``Authorization``.

        The caller sets ``x-acs-action``, ``x-acs-version`` and the content type.
        """
        request.set_header("host", request.host)
        request.set_header("x-acs-date", iso8601(timestamp))
        request.set_header("x-acs-signature-nonce", str(nonce))
        request.set_header("x-acs-content-sha256", sha256_hex(request.body))
        if credentials.token:
            request.set_header("x-acs-security-token", credentials.token)
            request.set_header("x-acs-accesskey-id", credentials.key_id)
        names = self.signed_header_names(request)
        signature = self.signature(credentials.secret,
                                   self.string_to_sign(self.canonical_request(request, names)))
        request.set_header("Authorization", "%s Credential=%s,SignedHeaders=%s,Signature=%s" % (
            self.ALGORITHM, credentials.key_id, ";".join(names), signature))
