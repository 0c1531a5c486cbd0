# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Baidu AI Cloud (BCE) VPC API v1 calls for VPN tunnels ("vpnconn").

REST and JSON under ``/v1/vpn``, signed with bce-auth-v1. Errors come back
with a 4xx/5xx status and a ``{"code", "message", "requestId"}`` body.
Sources: the API pages "Create VPN tunnel", "Query VPN tunnel", "Update VPN
tunnel" and "Delete VPN tunnel" (https://intl.cloud.baidu.com/doc/VPC/),
and ``baidubce/services/vpn/vpn_client.py`` of bce-sdk-python.
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote, urlencode

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.baidu import BceV1Signer
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import SignableRequest

PROVIDER = "Baidu AI Cloud"
CONTENT_TYPE = "application/json;charset=utf-8"  # exactly what the SDK sends

# Answers that mean "not applied, try again" (BCE common error codes; the
# Python SDK retries 500, 503 and RequestExpired, re-signing each attempt).
# The transport retries HTTP 429 and 5xx by status on its own.
RETRYABLE_CODES = frozenset(["InternalError", "ServiceUnavailable", "RequestExpired"])
NOT_FOUND_CODES = frozenset(["NoSuchObject", "NoSuchKey", "ResourceNotFound"])


def default_endpoint(region):
    """VPN tunnels are served by the regional VPC/BCC endpoint."""
    return "https://bcc.%s.baidubce.com" % region


def is_retryable(error):
    code = error.code or ""
    return code in RETRYABLE_CODES or "LimitExceeded" in code or code.startswith("Throttl")


def is_not_found(error):
    return error.code in NOT_FOUND_CODES or error.http_status == 404


class BaiduVpnClient:
    def __init__(self, http, credentials, region, endpoint=None, clock=time.time):
        self.http = http
        self.credentials = credentials
        self.region = region
        self.endpoint = (endpoint or default_endpoint(region)).rstrip("/")
        self.signer = BceV1Signer()
        self.clock = clock

    # -- transport ------------------------------------------------------
    def call(self, action, method, path, client_token=None, body=None, idempotent=True):
        """Send one request; return the decoded JSON answer (``{}`` for an empty body).

        ``client_token`` goes into the (signed) query string; it is the same on
        every attempt of this call, so a resent write is the same request.
        """
        query = urlencode({"clientToken": client_token}) if client_token else ""
        payload = b"" if body is None else json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8")

        def prepare():
            headers = {"Content-Type": CONTENT_TYPE} if body is not None else {}
            request = SignableRequest(method, self.endpoint + path, query=query, headers=headers, body=payload)
            self.signer.sign(request, self.credentials, self.clock())
            return request

        return self.http.call(action, prepare, self._parse, is_retryable, idempotent=idempotent)

    def _parse(self, response):
        request_id = (getattr(response, "headers", None) or {}).get("x-bce-request-id")
        try:
            payload = response.json() if (response.text or "").strip() else {}
        except ValueError:
            payload = None
        if 200 <= response.status_code < 300:
            if not isinstance(payload, dict):
                raise ProviderError.invalid_response(response, "a Baidu AI Cloud API response", PROVIDER,
                                                     request_id=request_id)
            return payload
        if isinstance(payload, dict) and payload.get("code"):
            raise ProviderError(payload["code"], payload.get("message", ""), http_status=response.status_code,
                                request_id=payload.get("requestId") or request_id, provider=PROVIDER)
        raise ProviderError.from_http_status(response, PROVIDER, request_id=request_id)

    # -- VPN tunnels ------------------------------------------------------
    def list_vpn_connections(self, gateway_id):
        """Every tunnel of one VPN gateway (the API has no paging and no get-by-id)."""
        answer = self.call("ListVpnConn", "GET", "/v1/vpn/vpnconn/%s" % _segment(gateway_id))
        return answer.get("vpnConns") or []

    def create_vpn_connection(self, gateway_id, body, client_token):
        """``POST /v1/vpn/{vpnId}/vpnconn``; the answer is ``{"vpnConnId": ...}``."""
        return self.call("CreateVpnConn", "POST", "/v1/vpn/%s/vpnconn" % _segment(gateway_id),
                         client_token=client_token, body=body, idempotent=False)

    def update_vpn_connection(self, connection_id, body, client_token):
        """``PUT /v1/vpn/vpnconn/{vpnConnId}``: a full replacement, every required field in ``body``."""
        return self.call("UpdateVpnConn", "PUT", "/v1/vpn/vpnconn/%s" % _segment(connection_id),
                         client_token=client_token, body=body, idempotent=False)

    def delete_vpn_connection(self, connection_id, client_token):
        return self.call("DeleteVpnConn", "DELETE", "/v1/vpn/vpnconn/%s" % _segment(connection_id),
                         client_token=client_token, idempotent=False)


def _segment(value):
    """An ID as one path segment (IDs are plain ASCII; anything else is encoded, never a new segment)."""
    return quote(str(value), safe="-_.~")
