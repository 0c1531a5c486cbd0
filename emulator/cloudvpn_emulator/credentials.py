"""The fake credentials the emulator accepts, per provider.

Each provider handler declares a default key pair (documented in
docs/emulator.md); ``--credentials FILE.json`` replaces the whole table:
``{"tencent": [{"key_id": "...", "secret": "...", "token": null}], ...}``.
"""

from __future__ import annotations

import json


class Credential:
    """A key the emulator accepts; ``repr`` hides the secret and the token."""

    def __init__(self, key_id, secret, token=None):
        self.key_id = key_id
        self.secret = secret
        self.token = token or None

    def __repr__(self):
        return "Credential(key_id=%r, secret=<hidden>, token=%s)" % (self.key_id, "<hidden>" if self.token else None)


def default_table(handlers):
    """``{provider: {key_id: Credential}}`` from each handler's ``default_credentials``."""
    return {handler.name: {item["key_id"]: Credential(**item) for item in handler.default_credentials}
            for handler in handlers}


def load_table(path, providers):
    """Read a credentials file; ``ValueError`` names what is wrong with it."""
    with open(path, encoding="utf-8") as handle:
        try:
            document = json.load(handle)
        except ValueError as error:
            raise ValueError("%s is not valid JSON: %s" % (path, error)) from None
    if not isinstance(document, dict):
        raise ValueError("%s must hold a JSON object {provider: [credential, ...]}" % path)
    table = {name: {} for name in providers}
    for provider, items in document.items():
        if provider not in table:
            raise ValueError("%s: unknown provider %r (known: %s)" % (path, provider, ", ".join(providers)))
        if not isinstance(items, list):
            raise ValueError("%s: %s must be a list of credentials" % (path, provider))
        for position, item in enumerate(items):
            where = "%s: %s[%d]" % (path, provider, position)
            if not isinstance(item, dict) or set(item) - {"key_id", "secret", "token"}:
                raise ValueError("%s must be an object with key_id, secret and optionally token" % where)
            if not all(isinstance(item.get(field), str) and item.get(field) for field in ("key_id", "secret")):
                raise ValueError("%s needs non-empty string key_id and secret" % where)
            if item.get("token") is not None and not isinstance(item["token"], str):
                raise ValueError("%s: token must be a string or null" % where)
            table[provider][item["key_id"]] = Credential(item["key_id"], item["secret"], item.get("token"))
    return table


def secret_values(table):
    """Every secret and token in the table, for scrubbing the log by value."""
    return [value for keys in table.values() for credential in keys.values()
            for value in (credential.secret, credential.token) if value]
