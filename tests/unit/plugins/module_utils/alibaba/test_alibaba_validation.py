# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Alibaba module's input checks and its result view (tunnels as a list, keys hidden)."""

from __future__ import annotations

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import validate
from ansible_collections.cloudvpn.ipsec.plugins.modules.alibaba_vpn_connection import (
    VALIDATION_RULES,
    check_unique_roles,
    user_view,
)


def self_signed_pem():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "peer CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
                   .sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def test_a_real_certificate_passes_at_both_levels():
    pem = self_signed_pem()
    validate({"remote_ca_certificate": pem, "tunnels": [{"role": "master", "remote_ca_certificate": pem}]},
             VALIDATION_RULES)


@pytest.mark.parametrize("params, option", [
    ({"remote_ca_certificate": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"},
     "remote_ca_certificate"),
    ({"tunnels": [{"role": "slave", "remote_ca_certificate": "garbage"}]}, "tunnels[0].remote_ca_certificate"),
    ({"pre_shared_key": "two words"}, "pre_shared_key"),
    ({"pre_shared_key": "x" * 101}, "pre_shared_key"),
    ({"tunnels": [{"role": "slave", "pre_shared_key": "tab\there"}]}, "tunnels[0].pre_shared_key"),
    ({"tunnels": [{"role": "slave", "ike": {"lifetime_seconds": 86401}}]}, "tunnels[0].ike.lifetime_seconds"),
    ({"tunnels": [{"role": "slave", "bgp": {"tunnel_cidr": "169.254.10.0/29"}}]}, "tunnels[0].bgp.tunnel_cidr"),
    ({"bgp": {"local_bgp_ip": "10.0.0.1"}}, "bgp.local_bgp_ip"),
    ({"bgp": {"local_asn": 0}}, "bgp.local_asn"),
    ({"ike": {"local_id": "has space"}}, "ike.local_id"),
    ({"remote_subnets": ["192.168.0.1/24"]}, "remote_subnets[0]"),
    ({"name": "https://x"}, "name"),
    ({"tags": {"acs:owner": "x"}}, "tags"),
    ({"tags": {"k%d" % n: "v" for n in range(21)}}, "tags"),
])
def test_bad_values_fail_naming_the_option(params, option):
    with pytest.raises(ValidationError) as caught:
        validate(params, VALIDATION_RULES)
    assert caught.value.option == option


def test_accepted_values():
    validate({"pre_shared_key": "Ab1~!`@#$%^&*()_-+={}[]|;:\",.<>/?", "ike": {"lifetime_seconds": 0},
              "bgp": {"tunnel_cidr": "169.254.11.0/30", "local_bgp_ip": "169.254.11.1", "local_asn": 4294967295},
              "tags": {"team": "", "cost": "x" * 128}, "local_subnets": ["0.0.0.0/0"]}, VALIDATION_RULES)


def test_a_role_given_twice_fails():
    with pytest.raises(ValidationError):
        check_unique_roles([{"role": "slave"}, {"role": "slave"}])
    check_unique_roles([{"role": "master"}, {"role": "slave"}])


def test_user_view_lists_tunnels_and_marks_only_a_changed_key():
    result = {
        "changed": True,
        "vpn_connection": {"id": "vco-1", "tunnels": {
            "slave": {"tunnel_id": "tun-s", "pre_shared_key": "new"},
            "master": {"tunnel_id": "tun-m", "pre_shared_key": "same"}}},
        "diff": {
            "before": {"tunnels": {"master": {"pre_shared_key": "same"}, "slave": {"pre_shared_key": "old"}}},
            "after": {"tunnels": {"master": {"pre_shared_key": "same"}, "slave": {"pre_shared_key": "new"}}},
        },
    }
    view = user_view(result)
    assert view["vpn_connection"]["tunnels"] == [{"role": "master", "tunnel_id": "tun-m"},
                                                 {"role": "slave", "tunnel_id": "tun-s"}]
    assert view["diff"]["before"]["tunnels"] == [{"role": "master"},
                                                 {"role": "slave", "pre_shared_key": "<hidden>"}]
    assert view["diff"]["after"]["tunnels"] == [{"role": "master"},
                                                {"role": "slave", "pre_shared_key": "<hidden, changed>"}]
    assert "same" not in repr(view) and "new" not in repr(view) and "old" not in repr(view)
