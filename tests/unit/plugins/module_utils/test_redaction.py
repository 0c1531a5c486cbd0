# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from urllib.parse import quote

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.redaction import MASK, Redactor

SECRET = 'Ab1~*x y"&/'


def test_masks_plain_and_encoded_forms():
    redactor = Redactor([SECRET])
    once = quote(SECRET, safe="-_.~")
    twice = quote(once, safe="-_.~")
    for text in (SECRET, once, twice, '{"Psk": "Ab1~*x y\\"&/"}'):
        assert SECRET not in redactor.text("before %s after" % text)
        assert MASK in redactor.text("before %s after" % text)


def test_alibaba_signature_mismatch_echo_is_masked():
    # Alibaba's SignatureDoesNotMatch message carries the string to sign, the key encoded twice.
    echoed = "server string to sign is:POST&%2F&IkeConfig%3D%257B%2522Psk%2522%253A%2522" + \
        quote(quote("Ab1~*x y", safe="-_.~"), safe="-_.~")
    assert "Ab1" not in Redactor(["Ab1~*x y"]).text(echoed)


def test_data_masks_secret_named_keys_and_content():
    redactor = Redactor(["topsecretvalue"])
    masked = redactor.data({"PreShareKey": "other", "Name": "x topsecretvalue", "Nested": [{"psk": "p"}]})
    assert masked == {"PreShareKey": MASK, "Name": "x " + MASK, "Nested": [{"psk": MASK}]}


def test_data_without_names_keeps_placeholders():
    masked = Redactor(["s3cr3tkey"]).data({"pre_shared_key": "<hidden>", "x": "s3cr3tkey"}, by_name=False)
    assert masked == {"pre_shared_key": "<hidden>", "x": MASK}


def test_short_values_are_not_treated_as_secrets():
    assert Redactor(["ab"]).text("abc") == "abc"
