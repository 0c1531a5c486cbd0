# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tencent Cloud legacy VPC API 2.0 calls for VPN connections (``api_version: legacy``).

One URL for every region, ``<endpoint>/v2/index.php`` (public:
``https://vpc.api.qcloud.com``), with the region as a legacy code in the
``Region`` parameter (``gz``). Requests are POSTed as a form, which keeps the
pre-shared key out of URLs and proxy logs, and signed with the API 2.0
parameter signature (``TencentV1Signer``, HmacSHA256), the same as the
official qcloudapi-sdk-python (``QcloudApi/modules/base.py``) with
``method='POST'``. Every attempt gets a fresh ``Nonce`` and ``Timestamp``:
the API rejects a repeated nonce as a replay (code 4500).

Answers always come with HTTP 200: ``{"code": 0, "message": "", "codeDesc":
"Success", ...}``; a non-zero ``code`` is an error, with ``codeDesc`` naming it
(``InvalidVpnGw.NotFound``) and ``message`` explaining it. Sources: the API 2.0
pages (https://intl.cloud.tencent.com/document/api/215/5113 DescribeVpnConn,
https://intl.cloud.tencent.com/document/api/215/5112 ModifyVpnConnEx,
https://cloud.tencent.com/document/product/215/5110 AddVpnConnEx) and the
common error codes (https://intl.cloud.tencent.com/document/product/239/1757).
"""

from __future__ import annotations

import random
import time

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.fieldmap import form_params
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import SignableRequest
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.tencent import TencentV1Signer
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.transport import is_throttling
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import endpoint_url

PROVIDER = "Tencent Cloud"
DEFAULT_ENDPOINT = "https://vpc.api.qcloud.com"
PATH = "/v2/index.php"
# DescribeVpnConn takes at most 50 rows per page (more is code 4000).
PAGE_SIZE = 50

# Common error codes to try again (API 2.0 common error codes): 4400 quota
# exceeded (throttling), 4500 replay (a new Nonce, which every attempt has,
# cures it), 5100 resource operation failed (the tunnel is busy), 6000
# internal error, 6200 temporarily unavailable. And by name: a busy tunnel.
RETRYABLE_NUMBERS = frozenset([4400, 4500, 5100, 6000, 6200])
RETRYABLE_NAMES = frozenset(["InvalidVpnConnState", "RequestLimitExceeded"])
THROTTLING_NUMBER = 4400
# DescribeVpcTaskResult ``data.status``: 0 succeeded, 1 failed, 2 running.
TASK_STATUSES = {0: "done", 1: "failed", 2: "running"}


class LegacyApiError(ProviderError):
    """An API 2.0 error answer: ``code`` is the ``codeDesc`` name, ``number`` the numeric ``code``.

    The name says more (``InvalidVpnGw.NotFound`` rather than 4000); when the
    answer has none, ``code`` is the number as text. The number is also in
    the message, since retries and the common error table go by it.
    """

    def __init__(self, number, name, message):
        self.number = number
        meaningful = isinstance(name, str) and name not in ("", "Success") and not name.isdigit()
        text = "%s (API 2.0 code %d)" % (message or name or "error", number)
        super().__init__(name if meaningful else str(number), text, http_status=200, provider=PROVIDER)


def is_retryable(error):
    """Throttled or busy: worth another attempt (a fresh nonce and signature)."""
    return getattr(error, "number", None) in RETRYABLE_NUMBERS or error.code in RETRYABLE_NAMES


def is_throttled(error):
    """Throttling is retried while the call's time budget lasts, like API 3.0's."""
    return getattr(error, "number", None) == THROTTLING_NUMBER or is_throttling(error)


def is_not_found(error):
    """A missing VPC, gateway or tunnel: codeDesc ``Invalid<Thing>.NotFound`` (code 4000), or code 5000."""
    return str(error.code).endswith(".NotFound") or getattr(error, "number", None) == 5000


def flatten(params):
    """API 2.0 parameters as sent: lists as ``name.0``, objects as ``name.key`` (``IKESet.0.dhGroupName``)."""
    return form_params(params)


_NONCES = random.SystemRandom()


def random_nonce():
    """A random positive integer, as the API wants in ``Nonce``."""
    return _NONCES.randint(1, 2 ** 31 - 1)


class TencentLegacyClient:
    """The API 2.0 actions on VPN tunnels, over the collection's ``HttpClient``.

    ``region`` is the legacy code (``gz``; see ``regions.legacy_region_code``).
    """

    def __init__(self, http, credentials, region, endpoint=None, clock=time.time, nonce=random_nonce):
        self.http = http
        self.credentials = credentials
        self.region = region
        # Parsed and rebuilt (scheme://host[:port]); the path is always /v2/index.php.
        self.url = endpoint_url(endpoint or DEFAULT_ENDPOINT) + PATH
        self.signer = TencentV1Signer("HmacSHA256")
        self.clock = clock
        self.nonce = nonce

    # -- transport ------------------------------------------------------
    def call(self, action, params, idempotent=True):
        """Send one action; return the whole answer (``data``, ``totalCount`` ...) when ``code`` is 0."""
        signed = dict(flatten(params), Action=action, Region=self.region)

        def prepare():
            # Called for every attempt: a new Nonce and Timestamp each time.
            request = SignableRequest("POST", self.url)
            self.signer.sign(request, self.credentials, signed, self.clock(), self.nonce())
            return request

        return self.http.call(action, prepare, self._parse, is_retryable, idempotent=idempotent,
                              is_throttled=is_throttled)

    def _parse(self, response):
        if response.status_code != 200:
            raise ProviderError.from_http_status(response, PROVIDER)
        try:
            payload = response.json()
            number = int(payload["code"])
        except (ValueError, KeyError, TypeError):
            raise ProviderError.invalid_response(response, "a Tencent Cloud API 2.0 response", PROVIDER) from None
        if number != 0:
            raise LegacyApiError(number, payload.get("codeDesc"), payload.get("message"))
        return payload

    # -- VPN tunnels ----------------------------------------------------
    def describe_vpn_conn(self, filters=None):
        """Every row of ``DescribeVpnConn`` matching ``filters`` (``vpcId``, ``vpnGwId``, ``vpnConnId``,
        ``vpnConnName``), all pages of 50 gathered until ``totalCount``.

        The name filter matches substrings: callers compare names exactly.
        """
        found, offset = [], 0
        while True:
            page = self.call("DescribeVpnConn", dict(filters or {}, offset=offset, limit=PAGE_SIZE))
            batch = page.get("data") or []
            found.extend(batch)
            offset += len(batch)
            if not batch or offset >= int(page.get("totalCount") or 0):
                return found

    # Writes are sent with idempotent=False: the HTTP layer never resends a
    # write whose answer was lost; the reconcile engine reads first. Each
    # answers ``data`` with a ``taskId``.
    def add_vpn_conn_ex(self, params):
        """Create a tunnel; the answer has no ID of it (``vpnConnId`` 0), only a ``taskId``."""
        return self.call("AddVpnConnEx", params, idempotent=False).get("data") or {}

    def modify_vpn_conn_ex(self, params):
        return self.call("ModifyVpnConnEx", params, idempotent=False).get("data") or {}

    def delete_vpn_conn(self, vpc_id, gateway_id, connection_id):
        return self.call("DeleteVpnConn", {"vpcId": vpc_id, "vpnGwId": gateway_id, "vpnConnId": connection_id},
                         idempotent=False).get("data") or {}

    def describe_vpc_task_result(self, task_id):
        """``"done"``, ``"failed"`` or ``"running"``: ``data.status`` 0, 1 or 2 of the task."""
        answer = self.call("DescribeVpcTaskResult", {"taskId": task_id})
        try:
            return TASK_STATUSES[int((answer.get("data") or {})["status"])]
        except (KeyError, ValueError, TypeError):
            raise ProviderError("InvalidResponse", "DescribeVpcTaskResult answered no known task status (0, 1 "
                                "or 2) for task %s: %s" % (task_id, answer.get("data")), http_status=200,
                                provider=PROVIDER, action="DescribeVpcTaskResult") from None
