# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Generated input for every module in plugins/modules, run in-process through ``main()``.

Modules are discovered, not listed: a module added later is covered as soon as
it exists. Its argument spec is captured from the ``CloudVpnModule`` it builds.
The HTTP layer (``requests``' adapter) is replaced by one that records each
request and refuses it as a refused connection would, so every run ends in
``exit_json`` or ``fail_json`` without network.

Properties:
- no traceback: ``main()`` ends with ``SystemExit`` and one JSON result, never
  with a Python exception or a message naming one;
- input the shared rules refuse fails naming the option, before any request;
- a run that sent a request ends with the refusal (a provider ``error``), so
  no input check ever comes after a request;
- no header reaches ``requests`` with CR/LF or characters outside Latin-1, and
  requests go to the endpoint given;
- the result never contains a ``no_log`` value, verbatim or encoded.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import io
import json
import pkgutil
import re
from unittest import mock
from urllib.parse import quote, urlsplit

import pytest
import requests
from ansible_collections.cloudvpn.ipsec.tests.unit.module_args import patch_module_args
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ansible_collections.cloudvpn.ipsec.plugins import modules as modules_package
from ansible_collections.cloudvpn.ipsec.plugins.module_utils import module as module_utils
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import CloudVpnError
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import CREDENTIAL_OPTIONS

MODULE_NAMES = sorted(name for _finder, name, _pkg in pkgutil.iter_modules(modules_package.__path__))
ENDPOINT = "http://127.0.0.1:9"
SECRET = "Zq7@Secret1x"  # fits every provider's pre-shared key rule and the credential rule
KEY_ID = "AKIDtest0000"
# A region valid for the module is the first of these its pattern accepts.
EXAMPLE_REGIONS = ("ap-guangzhou", "cn-hangzhou", "cn-north-4", "bj", "eu-west-1")
# ID examples in several providers' formats; plausible input uses the first one the module accepts.
EXAMPLE_IDS = ("vpnx-1a2b3c4d", "0b7b1b0e-6a2d-4a5f-9f39-2f1a3e9d2c11", "vco-bp1a2b3c4d5e6f7g8h9", "vpn-1a2b3c4d")
SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
PYTHON_EXCEPTION = re.compile(r"^[A-Z][A-Za-z]*(Error|Exception)\b")


class _Captured(Exception):
    pass


def capture(module_name):
    """``(module, argument_spec, CloudVpnModule keyword arguments)`` of one module, without running it."""
    module = importlib.import_module("%s.%s" % (modules_package.__name__, module_name))
    seen = {}

    def spy(self, argument_spec, *args, **kwargs):
        seen.update(spec=argument_spec, kwargs=kwargs)
        raise _Captured

    with mock.patch.object(module_utils.CloudVpnModule, "__init__", spy), pytest.raises(_Captured):
        module.main()
    return module, seen["spec"], seen["kwargs"]


MODULES = {name: capture(name) for name in MODULE_NAMES}


def test_every_module_is_discovered():
    assert "tencent_vpn_connection" in MODULES and "tencent_vpn_connection_info" in MODULES
    for name, (_module, spec, kwargs) in MODULES.items():
        assert spec and "region" in spec, name
        assert kwargs.get("region_pattern"), "%s passes no region_pattern to CloudVpnModule" % name


class Wire:
    """Stands in for requests' HTTP adapter: records each request and refuses it."""

    def __init__(self):
        self.sent = []
        self.bad_headers = []
        self.failures = []  # what CloudVpnModule.fail was given

    def send(self, adapter, prepared, **kwargs):
        self.sent.append(prepared)
        for name, value in prepared.headers.items():
            text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            if "\r" in text or "\n" in text or not _latin1(text):
                self.bad_headers.append(name)
        raise requests.exceptions.ConnectionError("Connection refused by the test HTTP layer")


def _latin1(text):
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def run_main(module_name, args, monkeypatch):
    """Run the module's ``main()`` with ``args``; return ``(result, wire, raw output)``."""
    module, spec, _kwargs = MODULES[module_name]
    for option in spec.values():  # no credentials or endpoints from the test machine's environment
        fallback = option.get("fallback") or ()
        for name in (fallback[1] if len(fallback) > 1 else ()):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLOUDVPN_RETRY_MAX_ATTEMPTS", "1")
    wire = Wire()
    output = io.StringIO()
    real_fail = module_utils.CloudVpnModule.fail

    def recording_fail(self, error, **result):
        wire.failures.append(error)
        return real_fail(self, error, **result)

    with mock.patch.object(requests.adapters.HTTPAdapter, "send", autospec=True, side_effect=wire.send), \
            mock.patch.object(module_utils.CloudVpnModule, "fail", recording_fail), \
            patch_module_args(args), contextlib.redirect_stdout(output), pytest.raises(SystemExit):
        module.main()
    text = output.getvalue()
    return json.loads(text), wire, text


def secrets_in(spec, params):
    """Every ``no_log`` value given, nested ones included."""
    for name, option in spec.items():
        value = (params or {}).get(name)
        if option.get("no_log") and isinstance(value, str):
            yield value
        if option.get("options") and isinstance(value, dict):
            yield from secrets_in(option["options"], value)
        elif option.get("options") and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from secrets_in(option["options"], item)


def assert_clean(module_name, args, result, wire, text):
    spec = MODULES[module_name][1]
    assert isinstance(result, dict) and ("failed" in result or "changed" in result), text
    if result.get("failed"):
        assert not PYTHON_EXCEPTION.match(result["msg"]), result["msg"]
        assert "Traceback" not in result["msg"]
    # Only the collection's own errors: anything else is a bug caught late, not a clean failure.
    assert all(isinstance(error, CloudVpnError) for error in wire.failures), wire.failures
    assert wire.bad_headers == [], wire.bad_headers
    for prepared in wire.sent:
        assert urlsplit(prepared.url).netloc == urlsplit(ENDPOINT).netloc, prepared.url
    if wire.sent:
        # The only failure after a request is the refused request itself.
        assert result.get("failed") and "error" in result, text
    else:
        assert "error" not in result, text
    for secret in secrets_in(spec, args):
        if len(secret) >= 3:
            assert secret not in text
        if len(secret) >= 8:
            for form in (quote(secret, safe=""), base64.b64encode(secret.encode("utf-8")).decode("ascii")):
                assert form not in text


# -- plausible input ------------------------------------------------------------------------

def region_for(module_name):
    pattern = MODULES[module_name][2]["region_pattern"]
    for region in EXAMPLE_REGIONS:
        if re.fullmatch(pattern, region):
            return region
    raise AssertionError("no example region matches %s's pattern %s: add one to EXAMPLE_REGIONS"
                         % (module_name, pattern))


def plausible(name, option, module_name, id_example=EXAMPLE_IDS[0]):
    """A value the shared rules accept, for options a run needs."""
    if option.get("choices"):
        return option["choices"][0]
    if "default" in option:
        return option["default"]
    kind = option.get("type", "str")
    if kind == "bool":
        return False
    if kind == "int":
        return 1
    if kind == "dict":
        return minimal(option.get("options") or {}, module_name, id_example, option)
    if kind == "list":
        if option.get("elements") == "dict":
            return [minimal(option.get("options") or {}, module_name, id_example, option)]
        return [plausible(name, {"type": option.get("elements", "str")}, module_name, id_example)]
    if name == "region":
        return region_for(module_name)
    if name == "endpoint" or name.endswith("_endpoint"):
        return ENDPOINT
    if name in CREDENTIAL_OPTIONS and not option.get("no_log"):
        return KEY_ID
    if option.get("no_log"):
        return SECRET
    if "cidr" in name or "subnet" in name:
        return "10.0.0.0/24"
    if name == "ip" or name.endswith("_ip"):
        return "169.254.128.10"  # a link-local address, inside the ranges health checks and BGP take
    if name in ("id", "ids") or name.endswith("_id"):
        return id_example
    return "office-tunnel"


def minimal(spec, module_name, id_example=EXAMPLE_IDS[0], constraints=None):
    """Required options, the endpoint, and what the spec's constraints then ask for, with plausible values.

    ``constraints`` holds AnsibleModule's ``required_one_of`` (the first of each group is
    given), ``required_together``, ``required_if`` and ``required_by``.
    """
    constraints = constraints or {}
    args = {}

    def give(name):
        if name not in args:
            args[name] = plausible(name, spec[name], module_name, id_example)

    for name, option in spec.items():
        if option.get("required") or name == "region" or name == "endpoint" or name.endswith("_endpoint"):
            give(name)
    for group in constraints.get("required_one_of") or ():
        if not any(name in args for name in group):
            give(group[0])
    for _round in range(2):  # a requirement may bring in an option that has requirements of its own
        for rule in constraints.get("required_if") or ():
            key, value, needed = rule[0], rule[1], rule[2]
            if args.get(key, spec[key].get("default")) == value:
                for name in (needed[:1] if len(rule) > 3 and rule[3] else needed):
                    give(name)
        for group in constraints.get("required_together") or ():
            if any(name in args for name in group):
                for name in group:
                    give(name)
        for key, needed in (constraints.get("required_by") or {}).items():
            if key in args:
                for name in ([needed] if isinstance(needed, str) else needed):
                    give(name)
    return args


def minimal_args(module_name, id_example=None):
    _module, spec, kwargs = MODULES[module_name]
    return minimal(spec, module_name, id_example or working_id(module_name), kwargs)


WORKING_IDS = {}


def working_id(module_name):
    """The first ID example the module sends a request with (its ID rule may want its own format)."""
    if module_name not in WORKING_IDS:
        WORKING_IDS[module_name] = EXAMPLE_IDS[0]
        with pytest.MonkeyPatch.context() as monkeypatch:
            for id_example in EXAMPLE_IDS:
                _result, wire, _text = run_main(module_name, minimal_args(module_name, id_example), monkeypatch)
                if wire.sent:
                    WORKING_IDS[module_name] = id_example
                    break
    return WORKING_IDS[module_name]


@pytest.mark.parametrize("module_name", MODULE_NAMES)
def test_plausible_input_reaches_the_http_layer(module_name, monkeypatch):
    """The other properties mean something only if valid input does get sent."""
    args = minimal_args(module_name)
    result, wire, text = run_main(module_name, args, monkeypatch)
    assert_clean(module_name, args, result, wire, text)
    assert wire.sent, "no plausible input of %s reached the HTTP layer: %s" % (module_name, result.get("msg"))
    assert result["error"]["code"] == "ConnectionError"


# -- invalid input, known invalid by construction ----------------------------------------------

HOSTILE = {  # a few per kind: the unit tests of validation.py go through many more
    "region": ["x@evil.example:443/", "ap-guangzhou\n", "ap-guangzhou.evil.example", ""],
    "endpoint": ["vpc.tencentcloudapi.com", "https://host/path", "https://host?x=1", "https://user:pw@host",
                 "https://host:99999", "https://host\r\nX: y"],
    "credential": ["Zq7key\n", "Zq7\x00key", "Zq7k\u20acy"],
    "no_log": ["Zq7@Secret1x\n", " Zq7@Secret1x", "Zq7@Sec\x1bret1x"],
    "name": ["", "office\x00", "evil\u202etxt", "iso\u2066late"],
    "timeout": [0, -1],
    "cidr": ["10.0.0.1", "10.0.0.1/24", "10.0.0.0/255.255.255.0"],
}


def injection_targets(spec, prefix=()):
    """``(path, option, hostile kind)`` for every option the shared rules cover, nested ones included."""
    for name, option in spec.items():
        path = prefix + (name,)
        kind = None
        if not prefix and name in ("region", "name"):
            kind = name
        elif not prefix and (name == "endpoint" or name.endswith("_endpoint")):
            kind = "endpoint"
        elif not prefix and name in CREDENTIAL_OPTIONS:
            kind = "credential"
        elif option.get("no_log"):
            kind = "no_log"
        elif not prefix and name in ("http_timeout", "wait_timeout"):
            kind = "timeout"
        elif ("cidr" in name or "subnet" in name) and option.get("type", "str") in ("str", "list"):
            kind = "cidr"
        if kind:
            yield path, option, kind
        if option.get("options"):
            yield from injection_targets(option["options"], path)


def inject(module_name, path, value):
    """Plausible arguments with ``value`` at ``path`` (containers on the way get their required parts)."""
    _module, spec, _kwargs = MODULES[module_name]
    args = minimal_args(module_name)
    node, node_spec = args, spec
    for step in path[:-1]:
        option = node_spec[step]
        if option.get("type") == "list":
            node[step] = [{}]
            node = node[step][0]
        else:
            node[step] = node.get(step) or {}
            node = node[step]
        node_spec = option.get("options") or {}
        # Sub-options may have constraints of their own (required_if and friends).
        node.update(minimal(node_spec, module_name, working_id(module_name), option))
    leaf = node_spec[path[-1]]
    node[path[-1]] = [value] if leaf.get("type") == "list" else value
    if path == ("region",):
        args.pop("endpoint", None)  # the region then builds the API host name
    return args


CASES = [(module_name, path, value)
         for module_name in MODULE_NAMES
         for path, _option, kind in injection_targets(MODULES[module_name][1])
         for value in HOSTILE[kind]]


@pytest.mark.parametrize("module_name, path, value", CASES,
                         ids=["%s-%s-%d" % (case[0], ".".join(case[1]), n) for n, case in enumerate(CASES)])
def test_invalid_input_fails_naming_the_option_before_any_request(module_name, path, value, monkeypatch):
    args = inject(module_name, path, value)
    result, wire, text = run_main(module_name, args, monkeypatch)
    assert_clean(module_name, args, result, wire, text)
    assert result.get("failed") and wire.sent == [], text
    # The message starts with the option (list items carry an index: tunnels[0].pre_shared_key).
    assert re.sub(r"\[\d+\]", "", result["msg"].split(":", 1)[0]) == ".".join(path), result["msg"]


# -- generated input -----------------------------------------------------------------------

NASTY_TEXT = st.text(alphabet=st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from("\r\n\t\x00\x1b \u202e\u2066\u00a0\u20ac@:/?#[]%")), max_size=24)


def value_strategy(name, option, module_name):
    kind = option.get("type", "str")
    if option.get("choices"):
        return st.one_of(st.sampled_from(option["choices"]), NASTY_TEXT) if kind == "str" else \
            st.sampled_from(option["choices"])
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.one_of(st.integers(-2, 2), st.integers(-10 ** 6, 10 ** 10))
    if kind == "dict":
        if option.get("options"):
            return args_strategy(option["options"], module_name)
        return st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=2)
    if kind == "list":
        if option.get("elements") == "dict":
            return st.lists(args_strategy(option.get("options") or {}, module_name), max_size=2)
        return st.lists(value_strategy(name, {"type": option.get("elements", "str")}, module_name), max_size=3)
    return st.one_of(st.just(plausible(name, option, module_name)), NASTY_TEXT,
                     st.text(min_size=90, max_size=200))


def args_strategy(spec, module_name, leaf=value_strategy):
    """Dicts over ``spec``: required options always, others sometimes, each drawn by ``leaf``."""
    required = {name: leaf(name, option, module_name) for name, option in spec.items() if option.get("required")}
    optional = {name: leaf(name, option, module_name) for name, option in spec.items() if not option.get("required")}
    return st.fixed_dictionaries(required, optional=optional)


def valid_strategy(name, option, module_name):
    """Values the shared rules accept (a provider's own ranges may still refuse some)."""
    kind = option.get("type", "str")
    if option.get("choices"):
        return st.sampled_from(option["choices"])
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.sampled_from([option.get("default") or 1, 30, 60, 180, 3000, 3600, 28800])
    if kind == "dict":
        if option.get("options"):
            return args_strategy(option["options"], module_name, valid_strategy)
        word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
        return st.dictionaries(word, word, max_size=2)
    if kind == "list":
        if option.get("elements") == "dict":
            return st.lists(args_strategy(option.get("options") or {}, module_name, valid_strategy),
                            min_size=1, max_size=2)
        return st.lists(valid_strategy(name, {"type": option.get("elements", "str")}, module_name),
                        min_size=1, max_size=2)
    return st.just(plausible(name, option, module_name))


def generated(module_name):
    """Half hostile anywhere, half plausible everywhere (so that some runs get as far as sending)."""
    _module, spec, _kwargs = MODULES[module_name]
    hostile = args_strategy(spec, module_name).map(lambda args: dict(args, endpoint=ENDPOINT))
    base = minimal_args(module_name)
    plausible_args = st.fixed_dictionaries(
        {}, optional={name: valid_strategy(name, option, module_name)
                      for name, option in spec.items() if name not in base}).map(lambda args: dict(base, **args))
    return st.tuples(st.one_of(hostile, plausible_args), st.booleans()).map(
        lambda pair: dict(pair[0], _ansible_check_mode=pair[1]))


@pytest.mark.parametrize("module_name", MODULE_NAMES)
def test_generated_input_fails_cleanly_and_never_after_a_request(module_name, monkeypatch):
    @SETTINGS
    @given(args=generated(module_name))
    def check(args):
        result, wire, text = run_main(module_name, args, monkeypatch)
        assert_clean(module_name, args, result, wire, text)
        event("sent a request" if wire.sent else "failed before any request")

    check()
