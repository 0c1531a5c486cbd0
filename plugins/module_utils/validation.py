# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Checks of option values that the argument spec cannot express.

Each check is a small callable ``check(option, value)`` that raises
``ValidationError`` naming the option, the problem and what is allowed.
``validate(params, rules)`` applies them by dotted option path
(``ike.lifetime_seconds``; ``[]`` walks list items:
``security_policy_databases[].local_cidr_block``) so that bad input fails
before any request is sent.

``common_rules(argument_spec, region_pattern)`` declares, once, the rules of
the options many modules share (region, endpoint, credentials, every
``no_log`` option, name, resource IDs, time-outs); ``CloudVpnModule``
applies them to every module, and provider modules declare only their own
(``pre_shared_key(...)`` makes a provider's key rule in one line).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import ValidationError


def cidr(version=4):
    """A network with an explicit prefix length and zero host bits (``10.0.0.0/24``).

    A bare address is not a CIDR block (``ipaddress`` would read it as a /32),
    and neither is a netmask after the slash.
    """
    def check(option, value):
        text = str(value)
        address, slash, prefix = text.partition("/")
        if not slash or not prefix.isdigit() or not prefix.isascii():
            raise ValidationError(option, "%r is not a CIDR block: the prefix length is missing" % (value,),
                                  "IPv%d network like 10.0.0.0/24, host bits zero" % version)
        try:
            network = ipaddress.ip_network(text, strict=True)
        except ValueError as exc:
            raise ValidationError(option, "%r is not a valid CIDR block (%s)" % (value, exc),
                                  "IPv%d network like 10.0.0.0/24, host bits zero" % version) from None
        if network.version != version:
            raise ValidationError(option, "%r is not an IPv%d CIDR block" % (value, version))
    return check


def ip_address(version=4):
    def check(option, value):
        try:
            address = ipaddress.ip_address(str(value))
        except ValueError:
            raise ValidationError(option, "%r is not a valid IP address" % (value,),
                                  "an IPv%d address like 192.0.2.1" % version) from None
        if address.version != version:
            raise ValidationError(option, "%r is not an IPv%d address" % (value, version))
    return check


def ip_in(network_text):
    """The address must lie inside a fixed network (such as link-local ranges)."""
    network = ipaddress.ip_network(network_text)

    def check(option, value):
        ip_address(network.version)(option, value)
        if ipaddress.ip_address(str(value)) not in network:
            raise ValidationError(option, "%s is outside %s" % (value, network), "an address in %s" % network)
    return check


def interface_in(network_text):
    """An IPv4 interface address with its prefix length (``169.254.56.225/30``) inside a fixed network.

    Tunnel interface addresses are given this way (Huawei's
    ``tunnel_local_address``): a bare address lacks the prefix the API needs.
    """
    network = ipaddress.ip_network(network_text)

    def check(option, value):
        text = str(value)
        try:
            interface = ipaddress.ip_interface(text)
        except ValueError:
            interface = None
        if interface is None or "/" not in text or interface.version != network.version:
            raise ValidationError(option, "%r is not an IPv%d address with a prefix length" % (value, network.version),
                                  "an address with prefix length inside %s" % network)
        if interface.ip not in network:
            raise ValidationError(option, "%s is outside %s" % (value, network),
                                  "an address with prefix length inside %s" % network)
    return check


def max_items(maximum):
    """A list option with at most ``maximum`` items."""
    def check(option, value):
        if len(value) > maximum:
            raise ValidationError(option, "has %d items" % len(value), "at most %d" % maximum)
    return check


def int_range(minimum, maximum):
    def check(option, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(option, "%r is not an integer" % (value,))
        if not minimum <= value <= maximum:
            raise ValidationError(option, "%d is out of range" % value, "%d to %d" % (minimum, maximum))
    return check


def length(minimum, maximum):
    def check(option, value):
        if not minimum <= len(value) <= maximum:
            raise ValidationError(option, "length %d is out of range" % len(value),
                                  "%d to %d characters" % (minimum, maximum))
    return check


def charset(pattern, description):
    """Every character must match ``pattern`` (a regex character class).

    The error lists the characters refused: not for secrets (``pre_shared_key()`` says less).
    """
    allowed = re.compile("^%s*$" % pattern)

    def check(option, value):
        if not allowed.match(str(value)):
            bad = sorted({c for c in str(value) if not re.match(pattern, c)})
            # Say which characters are wrong, never echo the value (it may be a secret).
            raise ValidationError(option, "contains characters that are not allowed: %s"
                                  % " ".join(repr(c) for c in bad), description)
    return check


def not_prefixed(*prefixes):
    def check(option, value):
        if str(value).lower().startswith(prefixes):
            raise ValidationError(option, "must not start with %s" % " or ".join(prefixes))
    return check


# Bidirectional override and isolate characters: they make a name display
# differently from what it is (U+202E shows "exe.txt" for "txt.exe").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _code_points(characters):
    return " ".join("U+%04X" % ord(c) for c in sorted(set(characters)))


def display_name():
    """A name a person reads: not empty, no control or bidi override/isolate characters."""
    def check(option, value):
        text = str(value)
        if not text:
            raise ValidationError(option, "is empty", "a non-empty name; leave the option out instead")
        bad = [c for c in text if unicodedata.category(c) in ("Cc", "Cs") or c in BIDI_CONTROLS]
        if bad:
            raise ValidationError(option, "contains control or bidirectional override characters (%s)"
                                  % _code_points(bad), "printable characters")
    return check


def printable():
    """A secret or other value sent verbatim: no whitespace at the ends, nothing non-printable.

    The error says what is wrong without echoing the value (it may be a secret);
    it names the code points of non-printable characters only, which are no
    meaningful part of a key.
    """
    def check(option, value):
        text = str(value)
        if text != text.strip():
            raise ValidationError(option, "has whitespace at the start or end", "no leading or trailing whitespace")
        bad = [c for c in text if not c.isprintable()]
        if bad:
            raise ValidationError(option, "contains control or non-printable characters (%s)" % _code_points(bad),
                                  "printable characters")
    return check


def credential():
    """Key IDs, secret keys and tokens: visible ASCII only (they go into HTTP headers and signatures).

    Every provider issues them in visible ASCII; anything else is a copy-and-paste
    accident (a trailing newline, a non-breaking space) that would otherwise
    reach ``requests`` as a header it cannot encode, or a signature that fails.
    """
    require_printable = printable()

    def check(option, value):
        require_printable(option, value)
        text = str(value)
        if not text:
            raise ValidationError(option, "is empty")
        if not all("!" <= c <= "~" for c in text):
            raise ValidationError(option, "contains spaces or non-ASCII characters",
                                  "visible ASCII characters only")
    return check


def region(pattern):
    """The provider's region syntax (``pattern`` must match the whole value).

    The region becomes part of the API host name; a value such as
    ``x@evil.example:443/`` must never get that far.
    """
    compiled = re.compile(pattern)
    require_credential_chars = credential()

    def check(option, value):
        require_credential_chars(option, value)
        if not compiled.fullmatch(str(value)):
            raise ValidationError(option, "%r is not a valid region" % (value,),
                                  "a region ID like the provider's own, matching %s" % pattern)
    return check


def resource_id():
    """A cloud resource ID (``vpnx-1a2b3c4d``, a UUID): letters, digits, ``-``, ``_``, ``.``, ``:``.

    IDs go into URL paths on some APIs; a ``/`` or ``?`` must not reach them.
    """
    allowed = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

    def check(option, value):
        if not allowed.fullmatch(str(value)):
            raise ValidationError(option, "%r is not a valid resource ID" % (value,),
                                  "letters, digits, '-', '_', '.' and ':', at most 128 characters")
    return check


_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def hostname():
    """A DNS name (RFC 1123): dot-separated labels of letters, digits and inner hyphens, 253 characters at most."""
    def check(option, value):
        text = str(value)
        labels = text.split(".")
        if not text or len(text) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
            raise ValidationError(option, "%r is not a valid domain name" % (value,),
                                  "a name like vpn.example.com: letters, digits, '-' and '.'")
        if all(label.isdigit() for label in labels):
            raise ValidationError(option, "%r is an address, not a domain name" % (value,))
    return check


def identity(id_key, type_key, types=None):
    """An IKE identity whose syntax depends on its type, checked on the dict holding both.

    ``types`` maps each identity type to the check of its value (default:
    ``ADDRESS`` an IPv4 address, ``FQDN`` a domain name). With the type left
    out, a value that is an IP address counts as ``ADDRESS`` and any other as
    ``FQDN``, as the providers' transformations infer it (Tencent:
    ``tencent/transformations.py``), so an IPv6 address fails there too.
    """
    types = types or {"ADDRESS": ip_address(4), "FQDN": hostname()}

    def check(option, value):
        if not isinstance(value, dict) or value.get(id_key) is None:
            return
        kind = value.get(type_key) or ("ADDRESS" if _is_ip(value[id_key]) else "FQDN")
        type_check = types.get(str(kind).upper())
        if type_check is not None:
            type_check("%s.%s" % (option, id_key), value[id_key])
    return check


def _is_ip(value):
    try:
        ipaddress.ip_address(str(value))
    except ValueError:
        return False
    return True


def endpoint_url(value, option="endpoint"):
    """Parse an API base URL and return it rebuilt as ``scheme://host[:port]``.

    Allowed: scheme ``http`` or ``https``, a host (DNS name, IPv4 or bracketed
    IPv6 address), an optional port 1-65535 and an empty path or ``/``.
    Refused: user information (``user@``), any other path (a base URL with a
    path prefix is not supported: every API path is absolute from ``/``),
    a query, a fragment, whitespace and control characters. Clients build
    their request URLs from the returned value, never from the raw text.
    """
    allowed = "http(s)://host[:port], for example https://vpc.tencentcloudapi.com"
    text = str(value)
    if not text or any(c.isspace() or not c.isprintable() for c in text) or not text.isascii():
        raise ValidationError(option, "%r contains whitespace, control or non-ASCII characters" % (value,), allowed)
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not text.lower().startswith(parts.scheme.lower() + "://"):
        raise ValidationError(option, "%r does not start with http:// or https://" % (value,), allowed)
    if "@" in parts.netloc:
        # Not echoed: user information may hold a password.
        raise ValidationError(option, "contains user information (user@)", allowed)
    if "?" in text or "#" in text:
        raise ValidationError(option, "%r contains a query or fragment" % (value,), allowed)
    if parts.path not in ("", "/"):
        raise ValidationError(option, "%r has a path (%s)" % (value, parts.path), allowed)
    try:
        port = parts.port
    except ValueError:
        raise ValidationError(option, "%r has an invalid port" % (value,), allowed + "; port 1 to 65535") from None
    if port == 0 or (port is None and parts.netloc.endswith(":")):
        raise ValidationError(option, "%r has an invalid port" % (value,), allowed + "; port 1 to 65535")
    host = parts.hostname or ""
    if _is_ip(host):
        if ":" in host:
            host = "[%s]" % host
    else:
        try:
            hostname()(option, host)
        except ValidationError:
            raise ValidationError(option, "%r has no valid host name" % (value,), allowed) from None
    return "%s://%s%s" % (parts.scheme.lower(), host.lower(), "" if port is None else ":%d" % port)


def endpoint():
    """The ``endpoint`` option: see ``endpoint_url``. Empty (an empty environment variable) means not set."""
    def check(option, value):
        if value != "":
            endpoint_url(value, option)
    return check


CHARACTER_CLASSES = {
    "lower": ("a lower-case letter", lambda c: "a" <= c <= "z"),
    "upper": ("an upper-case letter", lambda c: "A" <= c <= "Z"),
    "letter": ("a letter", lambda c: "a" <= c.lower() <= "z"),
    "digit": ("a digit", lambda c: "0" <= c <= "9"),
    "symbol": ("a symbol", lambda c: c.isascii() and c.isprintable() and not c.isalnum() and c != " "),
}


def pre_shared_key(min_len, max_len, allowed=None, required_classes=(), min_classes=0):
    """A provider's pre-shared key rule, declared in one line.

    ``allowed``: the symbols allowed besides ASCII letters and digits (a
    string of characters; each counts as a ``symbol``, a space too when
    listed), or ``None`` for any visible ASCII character.
    ``required_classes``: classes that must each appear (``lower``, ``upper``,
    ``letter``, ``digit``, ``symbol``). ``min_classes``: how many of
    ``lower``, ``upper``, ``digit`` and ``symbol`` must appear at least.
    Errors give the length and the rule, never the key or its characters.
    """
    def is_allowed(c):
        if allowed is None:
            return "!" <= c <= "~"
        return c.isascii() and (c.isalnum() or c in allowed)

    def has(name, c):
        """Is ``c`` of class ``name``? With ``allowed``, each of its symbols is a ``symbol`` (Huawei lists a space)."""
        if name == "symbol" and allowed is not None:
            return c.isascii() and not c.isalnum() and c in allowed
        return CHARACTER_CLASSES[name][1](c)

    description = "%d to %d characters: ASCII letters, digits and %s" % (
        min_len, max_len, "the symbols %s" % allowed if allowed is not None else "any visible ASCII symbol")
    if required_classes:
        description += "; at least %s" % ", ".join(CHARACTER_CLASSES[name][0] for name in required_classes)
    if min_classes:
        description += "; at least %d of: lower-case, upper-case, digit, symbol" % min_classes

    def check(option, value):
        text = str(value)
        if not min_len <= len(text) <= max_len:
            raise ValidationError(option, "length %d is out of range" % len(text), description)
        if not all(is_allowed(c) for c in text):
            raise ValidationError(option, "contains characters that are not allowed", description)
        missing = [CHARACTER_CLASSES[name][0] for name in required_classes if not any(has(name, c) for c in text)]
        if missing:
            raise ValidationError(option, "has no %s" % " and no ".join(missing), description)
        present = sum(1 for name in ("lower", "upper", "digit", "symbol") if any(has(name, c) for c in text))
        if present < min_classes:
            raise ValidationError(option, "mixes only %d character classes" % present, description)
    return check


# Region syntax when a provider declares none: lower-case words and digits joined by '-'.
DEFAULT_REGION_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# Options holding an access key ID (the secret keys and tokens are no_log).
KEY_ID_OPTIONS = ("secret_id", "access_key_id", "access_key")
# Options holding a key or token: visible ASCII (no_log options not listed get printable()).
CREDENTIAL_OPTIONS = KEY_ID_OPTIONS + ("secret_key", "access_key_secret", "security_token")
# Options holding cloud resource IDs, wherever a module has them.
RESOURCE_ID_OPTIONS = ("id", "ids[]", "vpn_gateway_id", "customer_gateway_id", "vpc_id", "project_id")


def common_rules(argument_spec, region_pattern=None):
    """The rules every module gets for the common options its argument spec has.

    Declared once here and applied by ``CloudVpnModule`` before the module's
    own rules, so provider modules declare only what is theirs.
    """
    rules = {}

    def add(path, *checks):
        rules.setdefault(path, []).extend(checks)

    if "region" in argument_spec:
        add("region", region(region_pattern or DEFAULT_REGION_PATTERN))
    for name in argument_spec:
        if name == "endpoint" or name.endswith("_endpoint"):  # Huawei also has iam_endpoint
            add(name, endpoint())
    for name in CREDENTIAL_OPTIONS:
        if name in argument_spec:
            add(name, credential())
    for path in _no_log_paths(argument_spec):
        if path not in CREDENTIAL_OPTIONS:
            add(path, printable())
    if "name" in argument_spec:
        add("name", display_name())
    for path in RESOURCE_ID_OPTIONS:
        if path.rstrip("[]") in argument_spec:
            add(path, resource_id())
    if "http_timeout" in argument_spec:
        add("http_timeout", int_range(1, 600))
    if "wait_timeout" in argument_spec:
        add("wait_timeout", int_range(1, 86400))
    return rules


def _no_log_paths(spec, prefix=""):
    """Dotted paths (``tunnels[].pre_shared_key``) of every ``no_log`` option, nested ones included."""
    for name, option in spec.items():
        path = prefix + name
        if option.get("no_log"):
            yield path
        if option.get("options"):
            is_list = option.get("type") == "list"
            yield from _no_log_paths(option["options"], path + ("[]." if is_list else "."))


def validate(params, rules):
    """Apply ``{dotted_path: [check, ...]}`` to the values present in ``params``."""
    for path, checks in rules.items():
        for option, value in _values_at(params, path):
            for check in checks:
                check(option, value)


def _values_at(params, path):
    """Yield ``(option_name, value)`` for each non-None value at ``path``."""
    items = [("", params)]
    for step in path.split("."):
        is_list = step.endswith("[]")
        key = step[:-2] if is_list else step
        next_items = []
        for prefix, node in items:
            if not isinstance(node, dict) or node.get(key) is None:
                continue
            name = "%s.%s" % (prefix, key) if prefix else key
            if is_list:
                next_items.extend(("%s[%d]" % (name, i), item) for i, item in enumerate(node[key]))
            else:
                next_items.append((name, node[key]))
        items = next_items
    return [(name, value) for name, value in items if value is not None]
