# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A thin wrapper around ``AnsibleModule`` shared by every module.

It checks for ``requests``, knows the run's secrets (so that every message,
warning, debug line, result and traceback goes through the one redactor),
and turns any error into one ``fail_json`` a person can act on, never a
bare traceback.
"""

from __future__ import annotations

import math
import os
import sys
import traceback

from ansible.module_utils.basic import AnsibleFallbackNotFound, AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.errors import RequiredError

from ansible_collections.cloudvpn.ipsec.plugins.module_utils.errors import (
    CloudVpnError,
    ProviderError,
    ValidationError,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.pacing import SharedPacer
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.transport import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    HttpClient,
    retry_policy_from_env,
)
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.redaction import Redactor
from ansible_collections.cloudvpn.ipsec.plugins.module_utils.validation import common_rules, validate

# Transport options every module has, beside the provider's credentials.
HTTP_OPTIONS = dict(
    validate_certs=dict(type="bool", default=True),
    http_timeout=dict(type="int", default=30),
    rate_limit=dict(type="float", fallback=(env_fallback, ["CLOUDVPN_RATE_LIMIT"])),
    report_api_calls=dict(type="bool", default=False),
)

# Options of every managing module (docs/interface.md); providers add theirs.
MANAGE_OPTIONS = dict(
    state=dict(type="str", default="present", choices=["present", "absent"]),
    id=dict(type="str"),
    name=dict(type="str"),
    pre_shared_key=dict(type="str", no_log=True),
    update_pre_shared_key=dict(type="str", default="on_create", choices=["always", "on_create"],
                               no_log=False),
    recreate=dict(type="bool", default=False),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=600),
)


def desired_options(params, options):
    """What a managing module asks for, in the engine's shape (``Reconciler.present``).

    Its connection ``options`` with ``id``, ``name`` and ``pre_shared_key``
    (``MANAGE_OPTIONS``); ``None`` for each one left out (not managed).
    """
    desired = {name: params.get(name) for name in options}
    desired.update(id=params.get("id"), name=params.get("name"), pre_shared_key=params.get("pre_shared_key"))
    return desired


def manage(reconciler, params, desired):
    """The result of a managing module's run: ``state: absent`` deletes, ``present`` reconciles with ``desired``."""
    if params["state"] == "absent":
        return reconciler.absent().result()
    return reconciler.present(desired).result()


# --- Credentials from the environment (issue 11) -------------------------------------------------
# An empty variable counts as unset, and a missing credential names its variables.

def nonempty_env_fallback(*names):
    """``env_fallback`` that skips variables set to an empty string.

    AWX custom credential types set every variable they declare, optional fields left empty
    as ``""``; an empty ``TENCENTCLOUD_ENDPOINT`` means "not set", not "an empty URL".
    """
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    raise AnsibleFallbackNotFound


def environment_variables(option):
    """The environment variables an option falls back to (``fallback=(env_fallback, [...])``), or ``[]``."""
    fallback = option.get("fallback") or ()
    if len(fallback) == 2 and fallback[0] in (env_fallback, nonempty_env_fallback):
        return list(fallback[1])
    return []


def _skip_empty_environment(argument_spec):
    """The spec with each top-level ``env_fallback`` replaced by ``nonempty_env_fallback``."""
    spec = {}
    for name, option in argument_spec.items():
        variables = environment_variables(option)
        if variables:
            option = dict(option, fallback=(nonempty_env_fallback, variables))
        spec[name] = option
    return spec


class _AnsibleModule(AnsibleModule):
    """``AnsibleModule`` whose "missing required arguments" failure names the environment variables.

    Credentials and the region are usually set in the environment (AWX credentials, CI secrets), so
    ``missing required arguments: region, secret_id`` alone sends people looking for a typo in the
    task. The options are unchanged; only the failure message gains the variables' names.
    """

    _initialising = False

    def __init__(self, argument_spec, **kwargs):
        self._initialising = True
        super().__init__(argument_spec=argument_spec, **kwargs)
        self._initialising = False

    def fail_json(self, msg, **kwargs):
        if self._initialising:
            msg = self._with_environment_hint(msg)
        super().fail_json(msg=msg, **kwargs)

    def _with_environment_hint(self, msg):
        errors = getattr(getattr(self, "validation_result", None), "errors", None)
        if not errors or not isinstance(errors[0], RequiredError) or " found in " in msg:
            return msg
        hints = []
        for name, option in sorted(self.argument_spec.items()):
            variables = environment_variables(option)
            if option.get("required") and self.params.get(name) is None and variables:
                hints.append("%s: %s" % (name, " or ".join(variables)))
        if not hints:
            return msg
        return "%s (set them in the task, in module_defaults, or in the environment: %s)" % (msg, ", ".join(hints))

# --- end of credentials from the environment ------------------------------------------------------


class CloudVpnModule:
    """``AnsibleModule`` plus redaction, validation rules and error handling."""

    def __init__(self, argument_spec, validation_rules=None, region_pattern=None, **kwargs):
        """``validation_rules``: the module's own rules (``validation.validate``); the common
        options (region with the provider's ``region_pattern``, endpoint, credentials and every
        ``no_log`` option, name, resource IDs, time-outs) get ``validation.common_rules`` first.
        """
        self.module = _AnsibleModule(argument_spec=_skip_empty_environment(argument_spec), **kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self._http_clients = []
        self.redactor = Redactor(
            value for name, value in self._secret_params(argument_spec, self.params) if value)
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        try:
            validate(self.params, common_rules(argument_spec, region_pattern))
            validate(self.params, validation_rules or {})
        except ValidationError as error:
            self.fail(error)

    @staticmethod
    def _secret_params(spec, params):
        """``(name, value)`` of every ``no_log`` option, nested ones included."""
        for name, option in spec.items():
            value = (params or {}).get(name)
            if option.get("no_log"):
                yield name, value
            if option.get("options") and isinstance(value, dict):
                yield from CloudVpnModule._secret_params(option["options"], value)
            elif option.get("options") and isinstance(value, list):
                for item in value:
                    yield from CloudVpnModule._secret_params(option["options"], item)

    def http_client(self, provider, account=None, region=None):
        """The ``HttpClient`` for this run: retry policy from the environment, pacing from ``rate_limit``.

        ``account`` (the key ID) and ``region`` key the shared pacing state
        with the endpoint host, so that forks using the same credential
        against the same API share one rate; they are hashed, never stored.
        """
        try:
            policy = retry_policy_from_env()
            pacer = None
            rate = self.params.get("rate_limit")
            if rate is not None and not (math.isfinite(rate) and rate >= 0):
                raise ValidationError("rate_limit", "must be a number of requests per second >= 0 (0: no pacing), "
                                      "from the option or CLOUDVPN_RATE_LIMIT, got %r" % rate)
            if rate:
                pacer = SharedPacer(rate, account, region)
        except ValidationError as error:
            self.fail(error)
        client = HttpClient(provider, timeout=self.params["http_timeout"], validate_certs=self.params["validate_certs"],
                            retry_policy=policy, log=self.debug, pacer=pacer)
        self._http_clients.append(client)
        return client

    def _with_api_calls(self, result):
        """With report_api_calls: the API calls of every HTTP client this run made, in order made."""
        if self.params.get("report_api_calls"):
            result["api_calls"] = [call for client in self._http_clients for call in client.api_calls]
        return result

    def debug(self, message):
        self.module.debug(self.redactor.text(message))

    def warn(self, message):
        self.module.warn(self.redactor.text(message))

    def exit(self, shaped=(), **result):
        """Exit with ``result``, masked by content.

        ``shaped`` names keys of ``result`` that are not scanned: lists built
        only from API fields through a provider's field map with the
        pre-shared key removed (``reconcile.public``). See ``run``.
        """
        result = self._with_api_calls(result)
        masked = self.redactor.data({key: value for key, value in result.items() if key not in shaped},
                                    by_name=False)
        masked.update((key, result[key]) for key in shaped if key in result)
        self.module.exit_json(**masked)

    def fail(self, error, **result):
        """Fail with the error's text, masked; provider errors also return ``error`` as a dict.

        Text that comes from elsewhere (the provider's message, an unexpected
        exception) is masked, then cut to a readable length. The traceback of
        the exception being handled, masked too, goes to ``exception``, which
        Ansible shows only when asked to display tracebacks.
        """
        if isinstance(error, ProviderError):
            details = error.as_dict()
            details["message"] = self.redactor.message(error.message)
            result["error"] = details
            msg = error.summary(details["message"])
        elif isinstance(error, CloudVpnError):
            msg = str(error)
        elif isinstance(error, str):
            msg = error
        else:
            msg = "unexpected error (%s): %s" % (error.__class__.__name__, self.redactor.message(error))
        exception = None
        if sys.exc_info()[0] is not None:
            exception = self.redactor.text(traceback.format_exc())
        # ``exception`` is always given as (masked) text: left out, Ansible
        # would format the pending exception itself, secrets included.
        self.module.fail_json(msg=self.redactor.text(msg), exception=exception,
                              **self.redactor.data(self._with_api_calls(result)))

    def run(self, body, shaped=()):
        """Run ``body()`` and exit with its result; ANY exception becomes a clean, masked failure.

        ``shaped``: keys of the result exempt from the content scan (see
        ``exit``). An ``_info`` module returns hundreds of connections; each
        is built from the read API's fields by the provider's field map, the
        read API returns no credential, and its one secret, the pre-shared
        key, is dropped by ``reconcile.public``. So that list cannot hold a
        secret the module did not put there, and scanning every string of
        it again would only cost time. Ansible's own ``no_log`` pass still
        runs over the whole result; messages, warnings and errors are always
        masked.
        """
        try:
            result = body()
        except Exception as error:  # pylint: disable=broad-except
            self.fail(error)
        self.exit(shaped=shaped, **result)
