"""The interface between the emulator core and one cloud provider's API.

The core (server.py) owns everything provider-neutral: HTTP, the admin API,
the request log, fault injection, credentials and locking. A provider
handler owns its wire format, signature check, validation, state and error
envelope. The core drives each API request through the handler like this::

    handler = first handler whose matches(request) is true
    call = handler.parse(request)                 # never raises
    api = handler.dialect(call)                   # the handler, or the API version the call speaks
    kind = api.classify(call.action)              # 'read' | 'write' | 'unknown'
    fault? -> api.fault_errors[fault] / HTTP 503 / ...
    api.authenticate(request, call, keys, now)    # raises ApiError
    reply = api.handle(call, context)             # raises ApiError
    on ApiError: api.error_reply(error, request_id)

and logs ``call.action``, ``call.region`` and ``call.params`` (masked).
Everything runs under the core's lock, so handlers need no locking.
"""

from __future__ import annotations


class Call:
    """What a request asks for, as far as it could be understood.

    ``params`` are the action's own parameters in nested form (JSON as sent,
    or unflattened from a form), without the signature's common parameters:
    they are what the request log shows. ``problem`` is an ``ApiError``
    found while parsing (bad JSON, clashing form names); it is raised after
    the signature check, as the real APIs do. ``details`` is the handler's
    own data (which signature scheme, the raw signed parameters, ...).
    """

    def __init__(self, action=None, region=None, params=None, version=None, problem=None, **details):
        self.action = action
        self.region = region
        self.params = params if params is not None else {}
        self.version = version
        self.problem = problem
        self.details = details


class Context:
    """Per-request services the core gives a handler.

    ``transition_reads()`` says how many reads a transition started by this
    request lasts: the ``--pending-reads`` default, unless a ``pending``
    fault is queued, which the first call consumes (and which the core then
    notes in the log entry as ``pending_fault_reads``). ``task_fails()``
    says whether the task a write started must fail: true when a
    ``task_failure`` fault is queued, which it consumes (noted in the log).
    ``take_fault(name)``, given by the core, consumes one use of the named
    queued fault if one applies to the request: ``(fault, count)`` or ``None``.
    """

    def __init__(self, request_id, now, default_reads, take_fault):
        self.request_id = request_id
        self.now = now
        self.pending_fault_reads = None
        self.task_failure = False
        self._default_reads = default_reads
        self._take_fault = take_fault
        self._asked = False

    def transition_reads(self):
        if not self._asked:
            self._asked = True
            taken = self._take_fault("pending")
            self.pending_fault_reads = taken[1] if taken else None
        return self._default_reads if self.pending_fault_reads is None else self.pending_fault_reads

    def task_fails(self):
        if not self.task_failure:
            self.task_failure = self._take_fault("task_failure") is not None
        return self.task_failure


class ProviderHandler:
    """Base class of one provider's emulated API; subclasses fill in the hooks.

    Class attributes:

    ``name``
        the provider's name in the log, the admin API and the credentials file.
    ``default_credentials``
        ``[{"key_id": ..., "secret": ..., "token": None}]`` accepted by default.
    ``secret_key_fragments``
        extra lower-case key-name fragments to mask in the log, beyond the
        global list in redact.py.
    ``fault_errors``
        ``{"throttle" | "busy" | "auth_failure": (code, message, http_status)}``:
        the provider's own answer for each error-type fault; optionally
        ``"internal_error"`` (without it, that fault answers like ``server_error``).
    """

    name = ""
    default_credentials = ()
    secret_key_fragments = ()
    fault_errors = {}

    def matches(self, request):
        """True when ``request`` (a ``wire.Request``) is addressed to this provider's API."""
        raise NotImplementedError

    def parse(self, request):
        """Return a ``Call``; never raise (put a parse error in ``Call.problem``)."""
        raise NotImplementedError

    def dialect(self, call):
        """What serves ``call`` after ``parse`` (``classify``, ``fault_errors``, ``authenticate``,
        ``handle``, ``error_reply``): the handler itself, or, for a provider that serves two API
        versions with their own actions, signature and error envelope (Tencent's API 3.0 and API
        2.0), the object for the version ``call`` speaks. Decided per call, so the handler keeps no
        state about the request being served."""
        del call
        return self

    def classify(self, action):
        """``'read'``, ``'write'`` or ``'unknown'`` (for actions the emulator does not know)."""
        raise NotImplementedError

    def authenticate(self, request, call, keys, now):
        """Check the signature; raise ``ApiError``. ``keys``: ``{key_id: Credential}``; ``now``: unix time."""
        raise NotImplementedError

    def handle(self, call, context):
        """Perform the call and return a ``wire.Reply``; raise ``ApiError`` for an error answer."""
        raise NotImplementedError

    def error_reply(self, error, request_id):
        """The provider's error envelope for ``error`` as a ``wire.Reply``."""
        raise NotImplementedError

    def reset(self):
        """Forget every resource: back to the seed data."""
        raise NotImplementedError

    def snapshot(self):
        """The stored resources as JSON-able data (the core masks secrets)."""
        raise NotImplementedError
