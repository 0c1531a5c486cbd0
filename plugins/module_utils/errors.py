# -*- coding: utf-8 -*-
# Copyright (c) cloudvpn.ipsec contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's error types.

Every failure a user sees is one of these, so modules can turn any of them
into one clear ``fail_json`` without a traceback.
"""

from __future__ import annotations


class CloudVpnError(Exception):
    """Base class: ``str()`` is the message a person reads."""


class ValidationError(CloudVpnError):
    """Bad input, found before any request is sent."""

    def __init__(self, option, problem, allowed=None):
        self.option = option
        self.problem = problem
        self.allowed = allowed
        text = "%s: %s" % (option, problem)
        if allowed:
            text += " (allowed: %s)" % allowed
        super().__init__(text)


class ProviderError(CloudVpnError):
    """An error answer from a cloud API, or a failure to get any answer.

    ``message`` is the provider's whole error text, never cut here: it may
    echo a secret, and only the module, which knows the secrets, masks it
    and then shortens it. ``code`` is the provider's own error code (``RequestLimitExceeded``,
    ``InvalidVpnConnectionInstanceId.NotFound``) or one of ours for transport
    failures (``ConnectionError``, ``Timeout``, ``HTTP 503``). ``sent`` tells
    whether the request may have reached the server: a write whose answer was
    lost may have been applied, so it must not simply be sent again.
    """

    def __init__(self, code, message, http_status=None, request_id=None, provider=None,
                 action=None, sent=True):
        self.code = code
        self.message = message
        self.http_status = http_status
        self.request_id = request_id
        self.provider = provider
        self.action = action
        self.sent = sent
        self.attempts = 1
        super().__init__(message)

    @classmethod
    def from_http_status(cls, response, provider, request_id=None):
        """An error status whose body is not one of the provider's error answers: ``HTTP n``, the
        whole body as the message (the module masks secrets in it, then shortens it)."""
        return cls("HTTP %d" % response.status_code, (response.text or "").strip(), http_status=response.status_code,
                   request_id=request_id, provider=provider)

    @classmethod
    def invalid_response(cls, response, expected, provider, request_id=None):
        """A success status whose body is not ``expected`` (``"a Tencent Cloud API response"``):
        ``InvalidResponse`` with the whole body, as for ``from_http_status``."""
        return cls("InvalidResponse", "the answer is not %s: %s" % (expected, (response.text or "").strip()),
                   http_status=response.status_code, request_id=request_id, provider=provider)

    @property
    def answer_lost(self):
        """The request went out but no real answer came back: it may have been applied."""
        return self.sent and (self.code in ("ConnectionError", "Timeout") or (self.http_status or 0) >= 500)

    def __str__(self):
        return self.summary(self.message)

    def summary(self, message):
        """The one-line description with ``message`` in place of the provider's own text.

        The module passes the provider's text masked and cut to length
        (``Redactor.message``); ``message`` itself is kept whole here.
        """
        parts = []
        if self.action:
            parts.append("%s failed:" % self.action)
        parts.append("%s: %s" % (self.code, message))
        details = []
        if self.http_status is not None:
            details.append("HTTP %s" % self.http_status)
        if self.request_id:
            details.append("request ID %s" % self.request_id)
        if self.attempts > 1:
            details.append("after %d attempts" % self.attempts)
        if details:
            parts.append("(%s)" % ", ".join(details))
        return " ".join(parts)

    def as_dict(self):
        """The structured form returned to the user as ``error``."""
        return {
            "provider": self.provider,
            "action": self.action,
            "code": self.code,
            "message": self.message,
            "http_status": self.http_status,
            "request_id": self.request_id,
            "attempts": self.attempts,
        }


class ResourceConflictError(CloudVpnError):
    """The request is valid but cannot be carried out as things stand (ambiguous name, immutable field)."""
