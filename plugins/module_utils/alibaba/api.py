# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Alibaba Cloud VPC API calls for IPsec-VPN connections (version 2016-04-28).

Signature: RPC v1 (HMAC-SHA1), not ACS3. Every VPC action is an RPC-style
action, and v1 signs the whole parameter set as one sorted, encoded list: the
JSON-string configs (``IkeConfig``) and the flattened lists
(``TunnelOptionsSpecification.1.TunnelIkeConfig.Psk``) all travel in one
form body and are covered by the signature the same way, with no split
between query, headers and body hash to get wrong. It is the scheme of
``aliyun-python-sdk-core`` and of the Terraform provider's RPC calls.

Errors come back with an HTTP 4xx/5xx status and the body
``{"RequestId", "HostId", "Code", "Message", "Recommend"}``.
"""

from __future__ import annotations

import time
import uuid

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.fieldmap import form_params
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.alibaba import AlibabaRpcSigner
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import SignableRequest

PROVIDER = "Alibaba Cloud"
VERSION = "2016-04-28"
PAGE_SIZE = 50              # DescribeVpnConnections: PageSize 1 to 50
TAG_RESOURCE_TYPE = "VPNCONNECTION"
CLIENT_TOKEN_LIMIT = 64     # ClientToken: ASCII, at most 64 characters

# Regions served by the central host vpc.aliyuncs.com (the SDK's endpoint map);
# every other region has vpc.<region>.aliyuncs.com.
CENTRAL_ENDPOINT_REGIONS = frozenset([
    "cn-hangzhou", "cn-shanghai-finance-1", "cn-shenzhen-finance-1", "cn-north-2-gov-1", "cn-beijing-gov-1",
    "cn-hongkong-finance-pop", "cn-wuhan", "cn-zhangbei", "cn-fujian", "rus-west-1-pop", "ap-northeast-2-pop",
])

# Busy answers: the gateway or connection is configuring (one task per gateway at
# a time), or the service is briefly unavailable. Retried as Terraform's
# resource_alicloud_vpn_connection.go does.
RETRYABLE_CODES = frozenset([
    "VpnGateway.Configuring",
    "VpnGateway.task.conflict",
    "VpnTask.CONFLICT",
    "VpnConnection.Configuring",
    "Appliance.Configuring",
    "ServiceUnavailable",
    "InternalError",
])
# Throttling, whatever the suffix (Throttling, Throttling.User, Throttling.Api, ...).
THROTTLING_PREFIXES = ("Throttling", "Rejected.Throttling")
RETRYABLE_MESSAGE = "The current status of the resource does not support this operation"
NOT_FOUND_CODES = frozenset(["InvalidVpnConnectionInstanceId.NotFound"])


def default_endpoint(region):
    """``https://vpc.<region>.aliyuncs.com``, or the central host for the regions the SDK maps there."""
    if region in CENTRAL_ENDPOINT_REGIONS:
        return "https://vpc.aliyuncs.com"
    return "https://vpc.%s.aliyuncs.com" % region


def is_retryable(error):
    code = error.code or ""
    return (code in RETRYABLE_CODES or code.startswith(THROTTLING_PREFIXES)
            or RETRYABLE_MESSAGE in (error.message or ""))


def is_not_found(error):
    return error.code in NOT_FOUND_CODES


def new_nonce():
    """A fresh ``SignatureNonce`` for one signed attempt."""
    return uuid.uuid4().hex


def call_token(token, slot):
    """The ClientToken of call number ``slot`` of one logical write: deterministic, so a resend reuses it."""
    suffix = "-%d" % slot
    return token[:CLIENT_TOKEN_LIMIT - len(suffix)] + suffix


def flatten(params):
    """RPC parameters: ``A.B`` for nested objects, ``A.1.B`` (1-based) for lists, ``true``/``false``."""
    return form_params(params, first_index=1, scalar=_scalar)


def _scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class AlibabaVpcClient:
    def __init__(self, http, credentials, region, endpoint=None, clock=time.time, nonce=new_nonce):
        self.http = http
        self.credentials = credentials
        self.region = region
        self.endpoint = (endpoint or default_endpoint(region)).rstrip("/") + "/"
        self.signer = AlibabaRpcSigner()
        self.clock = clock
        self.nonce = nonce

    # -- transport ------------------------------------------------------
    def call(self, action, params, idempotent=True):
        """POST one action as a signed form; return the answer without ``RequestId``."""
        wire = {"Action": action, "Version": VERSION, "Format": "JSON", "RegionId": self.region}
        wire.update(flatten(params))

        def prepare():
            # A new timestamp and nonce for every attempt (SignatureNonceUsed otherwise).
            request = SignableRequest("POST", self.endpoint)
            self.signer.sign(request, self.credentials, wire, self.clock(), self.nonce())
            return request

        return self.http.call(action, prepare, self._parse, is_retryable, idempotent=idempotent)

    def _parse(self, response):
        """The JSON answer, or a ``ProviderError`` with the whole message (redaction happens later)."""
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            if response.status_code >= 400:
                raise ProviderError.from_http_status(response, PROVIDER)
            raise ProviderError.invalid_response(response, "an Alibaba Cloud API response", PROVIDER)
        if response.status_code >= 400:
            raise ProviderError(payload.get("Code") or "HTTP %d" % response.status_code,
                                payload.get("Message") or "", http_status=response.status_code,
                                request_id=payload.get("RequestId"), provider=PROVIDER)
        payload.pop("RequestId", None)
        return payload

    # -- reads ------------------------------------------------------------
    def describe_vpn_connection(self, connection_id):
        """One connection with every field (tunnels and keys included), or ``None``."""
        try:
            return self.call("DescribeVpnConnection", {"VpnConnectionId": connection_id})
        except ProviderError as error:
            if is_not_found(error):
                return None
            raise

    def describe_vpn_connections(self, vpn_gateway_id=None, connection_id=None):
        """Every matching connection, all pages gathered at the largest page size."""
        params = {"VpnGatewayId": vpn_gateway_id, "VpnConnectionId": connection_id}
        found, page_number = [], 1
        while True:
            try:
                page = self.call("DescribeVpnConnections", dict(params, PageNumber=page_number, PageSize=PAGE_SIZE))
            except ProviderError as error:
                if is_not_found(error) and connection_id:
                    return []
                raise
            batch = (page.get("VpnConnections") or {}).get("VpnConnection") or []
            found.extend(batch)
            if not batch or page_number * PAGE_SIZE >= int(page.get("TotalCount") or 0):
                return found
            page_number += 1

    # -- writes -------------------------------------------------------------
    # Every write is sent with idempotent=False: the HTTP layer never sends it
    # again after a lost answer (time-out, reset, 5xx). The reconcile engine
    # reads first and resends only a write that did not take effect, with the
    # same ClientToken (the API does not repeat a request it has seen with the
    # same token: CreateVpnConnection / ModifyTunnelAttribute API pages). The
    # token guards the rare resend of a write that did take effect; it does
    # not replace the read before it.
    def create_vpn_connection(self, params, token):
        return self.call("CreateVpnConnection", dict(params, ClientToken=token), idempotent=False)

    def modify_vpn_connection_attribute(self, connection_id, params, token):
        return self.call("ModifyVpnConnectionAttribute",
                         dict(params, VpnConnectionId=connection_id, ClientToken=token), idempotent=False)

    def modify_tunnel_attribute(self, connection_id, tunnel_id, options, token):
        """One tunnel; ``options`` become ``TunnelOptionsSpecification.<Field>`` (a single object)."""
        return self.call("ModifyTunnelAttribute", {
            "VpnConnectionId": connection_id, "TunnelId": tunnel_id, "ClientToken": token,
            "TunnelOptionsSpecification": options}, idempotent=False)

    def delete_vpn_connection(self, connection_id, token):
        """``True`` when deleted now, ``False`` when it was already gone."""
        try:
            self.call("DeleteVpnConnection", {"VpnConnectionId": connection_id, "ClientToken": token},
                      idempotent=False)
        except ProviderError as error:
            if is_not_found(error):
                return False
            raise
        return True

    # Tag writes, like the others, are left to the engine after a lost answer:
    # it reads the tags back before it sends them again.
    def untag_resources(self, connection_id, keys):
        self.call("UnTagResources", {"ResourceType": TAG_RESOURCE_TYPE, "ResourceId": [connection_id],
                                     "TagKey": list(keys)}, idempotent=False)

    def tag_resources(self, connection_id, tags):
        self.call("TagResources", {"ResourceType": TAG_RESOURCE_TYPE, "ResourceId": [connection_id],
                                   "Tag": [{"Key": key, "Value": value} for key, value in sorted(tags.items())]},
                  idempotent=False)
