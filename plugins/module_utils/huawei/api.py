# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Huawei Cloud VPN API v5 calls for VPN connections, and the IAM project lookup.

REST/JSON, project-scoped paths (``/v5/{project_id}/vpn-connection``),
signed with SDK-HMAC-SHA256 (``huaweicloudsdkcore/signer/signer.py``).
Errors come back with an HTTP error status and a JSON body in one of the
formats the official SDK accepts (``huaweicloudsdkcore/exceptions/
exception_handler.py``): ``error_code``/``error_msg``, ``errorCode``/
``errorMsg`` or ``code``/``message``; the request ID is the
``X-Request-Id`` header (or the body's ``request_id``).

API pages: https://support.huaweicloud.com/intl/en-us/api-vpn/vpn_api_0027.html
(create), vpn_api_0028 (query one), vpn_api_0029 (list), vpn_api_0030
(update), vpn_api_0031 (delete), vpn_api_0063 to 0065 (tags),
vpn_api_0067 (error codes).
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote, urlencode

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import CloudVpnError, ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import SignableRequest
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.huawei import HuaweiSigner

PROVIDER = "Huawei Cloud"
# The VPN v5 list APIs take ``limit`` up to 200 (their default): one read per 200 connections.
PAGE_SIZE = 200
# The tag APIs take at most 20 tags per call (vpn_api_0063/0064).
TAGS_PER_CALL = 20

# Throttling (API gateway), busy and "repeated operation" answers, and the
# VPN service's own server error: retried with backoff (vpn_api_0067).
# HTTP 429 and 5xx are retried by the transport whatever their code.
RETRYABLE_CODES = frozenset(["APIG.0308", "VPN.0030", "VPN.0031", "VPN.0002"])
NOT_FOUND_CODES = frozenset(["VPN.0004"])

# Regions of the SDK's IAM region table (huaweicloudsdkcore ``IamHelper``):
# they have their own IAM host; others use the global one.
IAM_REGIONS = frozenset([
    "cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9", "cn-north-11", "cn-north-12",
    "cn-east-2", "cn-east-3", "cn-east-4", "cn-east-5", "cn-south-1", "cn-south-2", "cn-south-4",
    "cn-southwest-2", "cn-southwest-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-southeast-4", "ap-southeast-5", "af-south-1", "af-north-1", "sa-brazil-1", "la-south-2",
    "la-north-2", "na-mexico-1", "me-east-1", "ae-ad-1", "tr-west-1", "ru-moscow-1", "eu-west-101",
])
GLOBAL_IAM_ENDPOINT = "https://iam.myhuaweicloud.com"


class ProjectLookupError(CloudVpnError):
    """IAM found no project, or several, for the region: the user must give ``project_id``."""


def default_endpoint(region):
    return "https://vpn.%s.myhuaweicloud.com" % region


def default_iam_endpoint(region):
    if region in IAM_REGIONS:
        return "https://iam.%s.myhuaweicloud.com" % region
    return GLOBAL_IAM_ENDPOINT


def is_retryable(error):
    return error.code in RETRYABLE_CODES


def error_from_response(response):
    """A ``ProviderError`` from an error answer, whichever body format it has.

    The whole body text goes into the message when it is not one of the
    known JSON formats (an HTML page from a load balancer): the shared
    layer redacts and shortens it, never this one.
    """
    request_id = response.headers.get("X-Request-Id")
    try:
        body = response.json()
    except ValueError:
        body = None
    code = message = None
    if isinstance(body, dict):
        request_id = request_id or body.get("request_id")
        for code_key, message_key in (("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")):
            if body.get(code_key) is not None:
                code, message = str(body[code_key]), body.get(message_key) or ""
                break
        nested = body.get("error")
        if code is None and isinstance(nested, dict):  # IAM (Keystone) errors: {"error": {"code", "message"}}
            code, message = str(nested.get("code") or nested.get("title")), nested.get("message") or ""
    if code is None:
        return ProviderError.from_http_status(response, PROVIDER, request_id=request_id)
    return ProviderError(code, message, http_status=response.status_code, request_id=request_id,
                         provider=PROVIDER)


def parse_response(response):
    """The JSON answer of a 2xx response (``{}`` for 204 No Content), else raise ``ProviderError``."""
    if not 200 <= response.status_code < 300:
        raise error_from_response(response)
    if response.status_code == 204 or not (response.content or b"").strip():
        return {}
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise ProviderError.invalid_response(response, "a JSON object", PROVIDER,
                                             request_id=response.headers.get("X-Request-Id"))
    return answer


class HuaweiVpnClient:
    """VPN v5 calls for one project; the project ID is looked up through IAM at most once."""

    def __init__(self, http, credentials, region, project_id=None, endpoint=None, iam_endpoint=None,
                 clock=time.time):
        self.http = http
        self.credentials = credentials
        self.region = region
        self.endpoint = (endpoint or default_endpoint(region)).rstrip("/")
        self.iam_endpoint = (iam_endpoint or default_iam_endpoint(region)).rstrip("/")
        self.signer = HuaweiSigner()
        self.clock = clock
        self._project_id = project_id or None

    # -- transport ------------------------------------------------------
    def call(self, action, method, base, path, query=None, body=None, project=True, idempotent=True):
        """Send one signed request and return its JSON answer (``{}`` when it has none).

        The body is serialised once, before signing: the signature covers
        exactly the bytes sent. ``project`` adds ``X-Project-Id`` (as the SDK
        does for project-scoped services); the IAM call goes without it.
        """
        payload = b"" if body is None else json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8")
        query_string = urlencode(sorted((query or {}).items()), quote_via=quote)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if project:
            headers["X-Project-Id"] = self.project_id

        def prepare():
            request = SignableRequest(method, base + path, query=query_string, headers=headers, body=payload)
            self.signer.sign(request, self.credentials, self.clock())
            return request

        return self.http.call(action, prepare, parse_response, is_retryable, idempotent=idempotent)

    # -- project --------------------------------------------------------
    @property
    def project_id(self):
        if self._project_id is None:
            self._project_id = self.lookup_project_id()
        return self._project_id

    def lookup_project_id(self):
        """``GET /v3/projects?name=<region>`` on IAM, as the SDK's ``IamHelper`` does: exactly one project."""
        answer = self.call("KeystoneListProjects", "GET", self.iam_endpoint, "/v3/projects",
                           query={"name": self.region}, project=False)
        projects = answer.get("projects") or []
        if not projects:
            raise ProjectLookupError(
                "IAM (%s) lists no project named %s for this access key: confirm that the region exists and the "
                "key may use it, or set project_id (HW_PROJECT_ID)" % (self.iam_endpoint, self.region))
        if len(projects) > 1:
            raise ProjectLookupError(
                "IAM (%s) lists %d projects named %s (%s): set project_id (HW_PROJECT_ID) to choose one"
                % (self.iam_endpoint, len(projects), self.region,
                   ", ".join(sorted(str(project.get("id")) for project in projects))))
        return projects[0]["id"]

    def _path(self, *parts):
        return "/".join(("/v5", quote(self.project_id, safe=""), "vpn-connection")
                        + tuple(quote(part, safe="") for part in parts))

    # -- VPN connections --------------------------------------------------
    def list_connections(self, vpn_gateway_id=None):
        """Every connection (of one gateway, if given), all pages gathered by marker."""
        query = {"limit": PAGE_SIZE}
        if vpn_gateway_id:
            query["vgw_id"] = vpn_gateway_id
        found = []
        while True:
            page = self.call("ListVpnConnections", "GET", self.endpoint, self._path(), query=query)
            batch = page.get("vpn_connections") or []
            found.extend(batch)
            marker = (page.get("page_info") or {}).get("next_marker")
            if not batch or not marker or len(batch) < PAGE_SIZE:
                return found
            query = dict(query, marker=marker)

    def show_connection(self, connection_id):
        """The connection, or ``None`` when it does not exist."""
        try:
            return self.call("ShowVpnConnection", "GET", self.endpoint,
                             self._path(connection_id)).get("vpn_connection")
        except ProviderError as error:
            if error.code in NOT_FOUND_CODES or error.http_status == 404:
                return None
            raise

    def create_connection(self, fields):
        """``POST`` with the body under ``vpn_connection``. The API has no client token for it."""
        return self.call("CreateVpnConnection", "POST", self.endpoint, self._path(),
                         body={"vpn_connection": fields}, idempotent=False).get("vpn_connection") or {}

    def update_connection(self, connection_id, fields):
        """``PUT`` with only the fields to change (seed: every field optional, only those sent change)."""
        return self.call("UpdateVpnConnection", "PUT", self.endpoint, self._path(connection_id),
                         body={"vpn_connection": fields}, idempotent=False).get("vpn_connection")

    def delete_connection(self, connection_id):
        """``DELETE`` (204). A connection that is already gone counts as deleted."""
        try:
            self.call("DeleteVpnConnection", "DELETE", self.endpoint, self._path(connection_id), idempotent=False)
        except ProviderError as error:
            if error.code not in NOT_FOUND_CODES and error.http_status != 404:
                raise

    def delete_tags(self, connection_id, tags):
        self._tag_calls("BatchDeleteResourceTags", "delete", connection_id, tags)

    def create_tags(self, connection_id, tags):
        self._tag_calls("BatchCreateResourceTags", "create", connection_id, tags)

    def _tag_calls(self, action, verb, connection_id, tags):
        """``POST .../tags/<verb>`` (204), at most ``TAGS_PER_CALL`` tags each."""
        items = [{"key": key, "value": value} for key, value in sorted(tags.items())]
        for start in range(0, len(items), TAGS_PER_CALL):
            self.call(action, "POST", self.endpoint, self._path(connection_id, "tags", verb),
                      body={"tags": items[start:start + TAGS_PER_CALL]}, idempotent=False)
