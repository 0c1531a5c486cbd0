# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Alibaba credential options (doc fragment ``cloudvpn.ipsec.alibaba``), input checks and the client they build."""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.alibaba.api import PROVIDER, AlibabaVpcClient
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.module import HTTP_OPTIONS
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.signers.common import Credentials
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import length, not_prefixed

try:
    from cryptography import x509
    HAS_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - cryptography is a run-time requirement
    x509 = None
    HAS_CRYPTOGRAPHY = False

# Region IDs (the SDK's endpoint map and the Regions page): a two- to four-letter
# area, then lower-case words and digits joined by '-' (cn-hangzhou,
# ap-southeast-1, us-west-1, cn-shanghai-finance-1, cn-north-2-gov-1,
# rus-west-1-pop). Matched against the whole value by CloudVpnModule: the region
# becomes part of the API host name.
REGION_PATTERN = r"[a-z]{2,4}(?:-[a-z0-9]+)+"
# Connection Name: 1 to 100 characters, not starting with http:// or https://
# (CreateVpnConnection API page); the _info module's name filter gets the same rule.
NAME_RULES = [length(1, 100), not_prefixed("http://", "https://")]

ALIBABA_OPTIONS = dict(
    access_key_id=dict(type="str", required=True, no_log=False,
                       fallback=(env_fallback, ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"])),
    access_key_secret=dict(type="str", required=True, no_log=True,
                           fallback=(env_fallback, ["ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"])),
    security_token=dict(type="str", no_log=True,
                        fallback=(env_fallback, ["ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"])),
    region=dict(type="str", required=True,
                fallback=(env_fallback, ["ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_REGION", "ALICLOUD_REGION"])),
    endpoint=dict(type="str", fallback=(env_fallback, ["ALIBABA_CLOUD_ENDPOINT"])),
    **HTTP_OPTIONS
)

# Tags: at most 20 per resource; keys 1-128 characters, not starting with the
# cloud's own prefixes; values up to 128 characters (TagResources API page).
MAX_TAGS = 20
RESERVED_TAG_PREFIXES = ("aliyun", "acs:", "http://", "https://")


def pem_certificate(option, value):
    """The value must be a PEM X.509 certificate that ``cryptography`` can parse."""
    if not HAS_CRYPTOGRAPHY:
        raise ValidationError(option, "checking a certificate needs the Python library cryptography, "
                                      "which is not installed")
    try:
        x509.load_pem_x509_certificate(str(value).encode("utf-8"))
    except ValueError as error:
        raise ValidationError(option, "is not a valid PEM certificate (%s)" % error,
                              "one X.509 certificate between -----BEGIN CERTIFICATE----- and "
                              "-----END CERTIFICATE-----") from None


def tag_set(option, value):
    """At most 20 tags; keys and values within the API's limits."""
    if len(value) > MAX_TAGS:
        raise ValidationError(option, "%d tags given" % len(value), "at most %d" % MAX_TAGS)
    for key, item in value.items():
        key = str(key)
        if not 1 <= len(key) <= 128:
            raise ValidationError(option, "tag key %r has %d characters" % (key, len(key)), "1 to 128")
        if key.lower().startswith(RESERVED_TAG_PREFIXES):
            raise ValidationError(option, "tag key %r starts with a reserved prefix" % key,
                                  "keys not starting with %s" % ", ".join(RESERVED_TAG_PREFIXES))
        if item is not None and len(str(item)) > 128:
            raise ValidationError(option, "the value of tag %r is longer than 128 characters" % key)


def alibaba_client(module):
    """An ``AlibabaVpcClient`` from a ``CloudVpnModule``'s credential options."""
    params = module.params
    credentials = Credentials(params["access_key_id"], params["access_key_secret"], params.get("security_token"))
    http = module.http_client(PROVIDER, account=params["access_key_id"], region=params["region"])
    return AlibabaVpcClient(http, credentials, params["region"], endpoint=params.get("endpoint"))
