# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tencent Cloud VPC API 3.0 calls for VPN connections (version 2017-03-12), and the Tag API call.

Requests are POSTed as JSON and signed with TC3-HMAC-SHA256. Errors come
back with HTTP 200 inside ``Response.Error``; any other HTTP status is a
transport or gateway problem. The VPC API cannot change the tags of a
connection after it is created: that goes through the Tag API (version
2018-08-13, its own host and TC3 service name ``tag``), over the same HTTP
client.
"""

from __future__ import annotations

import json
import time

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ProviderError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import SignableRequest
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.tencent import TC3Signer
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import endpoint_url

PROVIDER = "Tencent Cloud"
VERSION = "2017-03-12"
TAG_VERSION = "2018-08-13"
# The Tag API is global: one host for every region, the one the tag SDK (tag/v20180813) uses.
DEFAULT_TAG_ENDPOINT = "https://tag.tencentcloudapi.com"
PAGE_SIZE = 100

# Throttling, and answers that mean "busy, try again" (tencent.md, Errors).
RETRYABLE_CODES = frozenset([
    "RequestLimitExceeded",
    "RequestLimitExceeded.UinLimitExceeded",
    "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
    "RequestLimitExceeded.IPLimitExceeded",
    "InternalError",
    "InternalError.ModuleError",
    "ServiceUnavailable",
    "ResourceUnavailable",
    "UnsupportedOperation.InvalidState",
    "UnsupportedOperation.VpnConnInvalidState",
    "UnsupportedOperation.DeleteVpnConnInvalidState",
])
NOT_FOUND_CODES = frozenset(["ResourceNotFound"])


def default_endpoint(region):
    """The public region-pinned host; it works for finance regions too."""
    return "https://vpc.%s.tencentcloudapi.com" % region


def is_retryable(error):
    return error.code in RETRYABLE_CODES


class TencentVpcClient:
    def __init__(self, http, credentials, region, endpoint=None, tag_endpoint=None, clock=time.time):
        self.http = http
        self.credentials = credentials
        self.region = region
        # Parsed and rebuilt (scheme://host[:port]/), so nothing but a host reaches the URL; a region
        # the module did not check fails here naming it rather than changing the host.
        if endpoint:
            self.endpoint = endpoint_url(endpoint) + "/"
        else:
            self.endpoint = endpoint_url(default_endpoint(region), option="region") + "/"
        # A private endpoint or the emulator serves the Tag API too: without
        # tag_endpoint, tags go where the VPC calls go, else to the public Tag host.
        if tag_endpoint:
            self.tag_endpoint = endpoint_url(tag_endpoint, option="tag_endpoint") + "/"
        else:
            self.tag_endpoint = self.endpoint if endpoint else DEFAULT_TAG_ENDPOINT + "/"
        self.signer = TC3Signer(service="vpc")
        self.tag_signer = TC3Signer(service="tag")
        self.clock = clock

    # -- transport ------------------------------------------------------
    def call(self, action, params, idempotent=True, tag_api=False):
        """Send one action (to the Tag API with ``tag_api``); return ``Response`` without its ``RequestId``."""
        body = json.dumps(params, separators=(",", ":"), sort_keys=True).encode("utf-8")
        endpoint, signer, version = ((self.tag_endpoint, self.tag_signer, TAG_VERSION) if tag_api
                                     else (self.endpoint, self.signer, VERSION))

        def prepare():
            request = SignableRequest("POST", endpoint, headers={
                "Content-Type": "application/json",
                "X-TC-Action": action,
                "X-TC-Version": version,
                "X-TC-Region": self.region,
            }, body=body)
            signer.sign(request, self.credentials, self.clock())
            return request

        return self.http.call(action, prepare, self._parse, is_retryable, idempotent=idempotent)

    def _parse(self, response):
        if response.status_code != 200:
            raise ProviderError.from_http_status(response, PROVIDER)
        try:
            payload = response.json()["Response"]
        except (ValueError, KeyError, TypeError):
            raise ProviderError.invalid_response(response, "a Tencent Cloud API response", PROVIDER) from None
        error = payload.get("Error")
        if error:
            raise ProviderError(error.get("Code", "Unknown"), error.get("Message", ""), http_status=200,
                                request_id=payload.get("RequestId"), provider=PROVIDER)
        return payload

    # -- VPN connections --------------------------------------------------
    def describe_vpn_connections(self, ids=None, filters=None):
        """Every matching connection, all pages gathered. Unknown IDs give an empty list."""
        params = {}
        if ids:
            params["VpnConnectionIds"] = list(ids)
        if filters:
            params["Filters"] = [{"Name": name, "Values": list(values)} for name, values in filters.items()]
        found, offset = [], 0
        while True:
            try:
                page = self.call("DescribeVpnConnections", dict(params, Offset=offset, Limit=PAGE_SIZE))
            except ProviderError as error:
                # Some regions answer an unknown ID with an error instead of an empty list.
                if error.code in NOT_FOUND_CODES and ids:
                    return []
                raise
            batch = page.get("VpnConnectionSet") or []
            found.extend(batch)
            offset += len(batch)
            if not batch or offset >= int(page.get("TotalCount") or 0):
                return found

    # Writes are sent with idempotent=False: the HTTP layer never resends a
    # write whose answer was lost; the reconcile engine reads first.
    def create_vpn_connection(self, params):
        return self.call("CreateVpnConnection", params, idempotent=False).get("VpnConnection") or {}

    def modify_vpn_connection_attribute(self, params):
        self.call("ModifyVpnConnectionAttribute", params, idempotent=False)

    def delete_vpn_connection(self, gateway_id, connection_id):
        self.call("DeleteVpnConnection", {"VpnGatewayId": gateway_id, "VpnConnectionId": connection_id},
                  idempotent=False)

    # -- tags (Tag API) ---------------------------------------------------------
    def modify_resource_tags(self, resource, replace=None, delete=()):
        """One ``ModifyResourceTags``: set ``replace`` ({key: value}), remove the ``delete`` keys.

        Sent like every write (idempotent=False), although it is idempotent
        in effect: sending the same tags again leaves the same tags. After a
        lost answer the engine reads the connection's ``TagSet`` and sends it
        again only if the tags are not there yet.
        """
        params = {"Resource": resource}
        if replace:
            params["ReplaceTags"] = [{"TagKey": key, "TagValue": value} for key, value in sorted(replace.items())]
        if delete:
            params["DeleteTags"] = [{"TagKey": key} for key in sorted(delete)]
        self.call("ModifyResourceTags", params, idempotent=False, tag_api=True)


def connection_resource_name(region, connection_id):
    """The Tag API's six-segment name of a VPN connection, with an empty account UIN.

    ``qcs::vpc:<region>:uin/:vpnx/<id>`` is what the Terraform provider sends
    in production (``BuildTagResourceName`` in its common/common.go); the UIN
    form would need an STS ``GetCallerIdentity`` call and permission first
    (docs/decisions.md).
    """
    return "qcs::vpc:%s:uin/:vpnx/%s" % (region, connection_id)
