"""Masking of secrets in whatever the emulator shows (request log, state dumps).

The integration tests assert that no pre-shared key or credential secret
ever appears in the log, so masking works two ways: by key name (any key
whose name contains one of ``SECRET_KEY_FRAGMENTS``) and, as a safety net,
by value (every string equal to or containing a known secret value, such as
a key that a provider nests inside a JSON-encoded string parameter).
"""

from __future__ import annotations

MASK = "********"

# Lower-case fragments of parameter names that hold secrets, in every
# provider's spelling: PreShareKey, Psk, psk, secretKey, SecretId, Token,
# SecurityToken, Signature, AuthKey, password.
SECRET_KEY_FRAGMENTS = ("presharekey", "psk", "secret", "password", "token", "authkey", "signature")

# Values shorter than this are not scrubbed by value: masking every "1" or
# "ab" in a log entry would destroy it without protecting anything.
MIN_SCRUB_LENGTH = 4


def is_secret_key(name, extra_fragments=()):
    lowered = str(name).lower()
    return any(fragment in lowered for fragment in SECRET_KEY_FRAGMENTS + tuple(extra_fragments))


def mask(value, extra_fragments=(), secret_values=()):
    """A deep copy of ``value`` with secrets replaced by ``MASK``.

    Keys are matched with ``is_secret_key``; ``secret_values`` are literal
    strings scrubbed wherever they occur, and the values found under secret
    keys are added to them so that a key echoed elsewhere is masked too.
    """
    found = set(s for s in secret_values if s and len(s) >= MIN_SCRUB_LENGTH)
    _collect_secret_values(value, extra_fragments, found)
    return _mask(value, extra_fragments, sorted(found, key=len, reverse=True))


def _collect_secret_values(value, extra_fragments, found):
    if isinstance(value, dict):
        for key, item in value.items():
            if is_secret_key(key, extra_fragments) and isinstance(item, str) and len(item) >= MIN_SCRUB_LENGTH:
                found.add(item)
            _collect_secret_values(item, extra_fragments, found)
    elif isinstance(value, list):
        for item in value:
            _collect_secret_values(item, extra_fragments, found)


def _mask(value, extra_fragments, secrets):
    if isinstance(value, dict):
        return {key: MASK if is_secret_key(key, extra_fragments) else _mask(item, extra_fragments, secrets)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_mask(item, extra_fragments, secrets) for item in value]
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, MASK)
    return value
