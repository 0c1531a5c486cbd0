"""The emulator core: one HTTP server for every provider, the admin API, the log and faults.

Nothing here knows a provider's wire format. An API request goes to the
first handler whose ``matches()`` accepts it (see providers/base.py for the
whole sequence); anything under ``/_emulator/`` is the unsigned admin API.
One lock serialises all requests: the emulator favours determinism (log
order, fault order, transition counts) over throughput.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cloudvpn_emulator.credentials import default_table, secret_values
from cloudvpn_emulator.faults import ECHO_ENCODINGS, FAULTS, FaultQueue
from cloudvpn_emulator.providers import default_handlers
from cloudvpn_emulator.providers.base import Context
from cloudvpn_emulator.ratelimit import RateLimiter, credential_key
from cloudvpn_emulator.redact import mask
from cloudvpn_emulator.requestlog import RequestLog
from cloudvpn_emulator.wire import ApiError, Reply, Request

ADMIN_PREFIX = "/_emulator"
# How often serve_forever() looks for a shutdown request: stop() waits up to this long.
SHUTDOWN_POLL_SECONDS = 0.05
MAX_BODY_BYTES = 10 * 1024 * 1024  # the largest body any emulated API accepts (Tencent TC3 POST)


class Emulator:
    """The emulator: state, log, faults, and the HTTP server that exposes them.

    ``Emulator(...).start()`` serves from a background thread (tests);
    ``serve_forever()`` serves from the calling thread (the CLI).
    ``clock`` (unix seconds) is what signature timestamps are checked against.
    """

    def __init__(self, host="127.0.0.1", port=0, log_file=None, credentials=None, pending_reads=1,
                 handlers=None, clock=time.time, rate_limit=None):
        self.handlers = list(handlers) if handlers is not None else default_handlers()
        self.credentials = credentials if credentials is not None else default_table(self.handlers)
        self.pending_reads = pending_reads
        self.clock = clock
        self.lock = threading.RLock()
        self.log = RequestLog(log_file, secret_values(self.credentials),
                              [fragment for handler in self.handlers for fragment in handler.secret_key_fragments])
        self.faults = FaultQueue(handler.name for handler in self.handlers)
        self.rate_limit = rate_limit  # (rate, burst) from the command line, restored by reset()
        self.limiter = RateLimiter(*(rate_limit or (None,)))
        self._httpd = _server_class(host)((host, port), _HttpHandler)
        self._httpd.emulator = self
        self._thread = None

    @property
    def url(self):
        host, port = self._httpd.server_address[:2]
        return "http://%s:%d" % ("[%s]" % host if ":" in host else host, port)

    def start(self):
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(SHUTDOWN_POLL_SECONDS,),
                                        name="cloudvpn-emulator", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        self._httpd.serve_forever()

    def stop(self):
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    # -- dispatch ---------------------------------------------------------------
    def dispatch(self, request):
        """Answer one request (a ``wire.Request``) with a ``wire.Reply``."""
        with self.lock:
            if request.path == ADMIN_PREFIX or request.path.startswith(ADMIN_PREFIX + "/"):
                return self._admin(request)
            try:
                return self._api(request)
            except Exception as error:  # pylint: disable=broad-except
                traceback.print_exc(file=sys.stderr)
                return Reply.json({"error": {"code": "EmulatorBug", "message": repr(error)}}, status=500)

    def _api(self, request):
        request_id = str(uuid.uuid4())
        now = self.clock()
        handler = next((candidate for candidate in self.handlers if candidate.matches(request)), None)
        if handler is None:
            self.log.append(provider=None, action=None, kind="unknown", method=request.method, path=request.path,
                            region=None, params={}, status=400, error="UnknownProvider", request_id=request_id)
            return Reply.json({"error": {
                "code": "UnknownProvider", "request_id": request_id,
                "message": "No emulated provider recognises this request (by its signature headers or parameters)."}},
                status=400)

        call = handler.parse(request)
        api = handler.dialect(call)
        kind = api.classify(call.action)
        if not self.limiter.allow((handler.name, credential_key(request, self.credentials.get(handler.name, {})))):
            error = ApiError(*api.fault_errors["throttle"])
            reply = api.error_reply(error, request_id)
            self.log.append(provider=handler.name, action=call.action, kind=kind, method=request.method,
                            path=request.path, region=call.region, params=call.params, status=reply.status,
                            error=error.code, request_id=request_id, fault="rate_limit")
            return reply
        taken = self.faults.take(handler.name, kind)
        fault = taken[0] if taken else None
        if fault == "echo":
            reply, error = self._echo(handler, api, request, taken[1], request_id)
            self.log.append(provider=handler.name, action=call.action, kind=kind, method=request.method,
                            path=request.path, region=call.region, params=call.params, status=reply.status,
                            error=error.code, request_id=request_id, fault=fault, encoding=taken[1])
            return reply
        context = Context(request_id, now, self.pending_reads,
                          lambda fault: self.faults.take(handler.name, kind, faults=(fault,)))
        reply, error = self._answer(handler, api, request, call, context, fault)
        if fault == "slow":
            reply.delay = taken[1]  # held back by the HTTP handler, outside the lock

        extra = {}
        if fault:
            extra["fault"] = fault
        if context.pending_fault_reads is not None:
            extra.setdefault("fault", "pending")
            extra["pending_reads"] = context.pending_fault_reads
        if context.task_failure:
            extra.setdefault("fault", "task_failure")
            extra["task_failure"] = True
        self.log.append(provider=handler.name, action=call.action, kind=kind, method=request.method,
                        path=request.path, region=call.region, params=call.params, status=reply.status,
                        error=error.code if error else None, request_id=request_id, **extra)
        return reply

    def _answer(self, handler, api, request, call, context, fault):
        """``(reply, ApiError or None)``: the fault's answer, or the answer of ``api`` (the handler, or
        the API version the call speaks: ``handler.dialect``) after its signature check."""
        if fault in api.fault_errors:
            error = ApiError(*api.fault_errors[fault])
            return api.error_reply(error, context.request_id), error
        if fault in ("server_error", "internal_error"):  # internal_error: for a provider without its own answer
            return Reply.html(503, "503 Service Temporarily Unavailable"), None
        error = None
        try:
            api.authenticate(request, call, self.credentials.get(handler.name, {}), context.now)
            reply = api.handle(call, context)
        except ApiError as problem:
            error = problem
            reply = api.error_reply(problem, context.request_id)
        if fault == "lost_response":  # processed, but the client never sees the answer
            reply = Reply.html(502, "502 Bad Gateway")
        if fault == "drop":  # processed, and the connection closed without any answer
            reply.drop = True
        return reply, error

    def _echo(self, handler, api, request, encoding, request_id):
        """The provider's signature error, its message echoing the request and every secret the
        emulator holds for the provider, spelt in ``encoding`` (the ``echo`` fault)."""
        secrets = [value for credential in self.credentials.get(handler.name, {}).values()
                   for value in (credential.secret, credential.token) if value]
        headers = "\n".join("%s: %s" % item for item in request.headers.items())
        echoed = "%s %s\n%s\n\n%s\nsecrets: %s" % (request.method, request.path, headers,
                                                   request.body.decode("utf-8", "replace"), " ".join(secrets))
        code, _message, status = api.fault_errors.get("echo") or api.fault_errors["auth_failure"]
        error = ApiError(code, "The request was: %s" % ECHO_ENCODINGS[encoding](echoed), status)
        return api.error_reply(error, request_id), error

    # -- admin API --------------------------------------------------------------
    def _admin(self, request):
        route = request.path[len(ADMIN_PREFIX):].strip("/")
        method = request.method
        if route == "health" and method == "GET":
            return Reply.json({"ok": True})
        if route == "log" and method == "GET":
            return Reply.json({"entries": self.log.entries()})
        if route == "log" and method == "DELETE":
            self.log.clear()
            return Reply.json({"ok": True})
        if route == "reset" and method == "POST":
            self.reset()
            return Reply.json({"ok": True})
        if route == "faults" and method == "GET":
            return Reply.json({"faults": self.faults.pending()})
        if route == "faults" and method == "POST":
            return self._add_fault(request)
        if route == "faults" and method == "DELETE":
            self.faults.clear()
            return Reply.json({"ok": True})
        if route.startswith("state/") and method == "GET":
            return self._state(route[len("state/"):])
        if route == "rate-limit":
            return self._rate_limit(request)
        known = route in ("health", "log", "reset", "faults") or route.startswith("state/")
        return admin_error(405 if known else 404, "%s %s is not part of the admin API (see docs/emulator.md)"
                           % (method, request.path))

    def reset(self):
        """Back to a fresh start: seed data only, empty log, no faults."""
        for handler in self.handlers:
            handler.reset()
        self.log.reset()
        self.faults.clear()
        self.limiter = RateLimiter(*(self.rate_limit or (None,)))

    def _add_fault(self, request):
        try:
            spec = request.json_body()
            unknown = set(spec) - {"provider", "fault", "count", "encoding", "kind", "after"}
            if unknown:
                raise ValueError("unknown keys %s; expected provider, fault, count, encoding, kind, after"
                                 % ", ".join(sorted(unknown)))
            self.faults.add(spec.get("fault"), spec.get("count", 1), spec.get("provider"), spec.get("encoding"),
                            spec.get("kind"), spec.get("after", 0))
        except ValueError as error:
            return admin_error(400, "%s (faults: %s)" % (error, ", ".join(FAULTS)))
        return Reply.json({"ok": True, "faults": self.faults.pending()})

    def _rate_limit(self, request):
        """``GET``: the limit; ``POST {"rate": R, "burst": B}``: set it (fresh buckets); ``DELETE``: no limit."""
        if request.method == "POST":
            try:
                spec = request.json_body()
                unknown = set(spec) - {"rate", "burst"}
                if unknown:
                    raise ValueError("unknown keys %s; expected rate, burst" % ", ".join(sorted(unknown)))
                self.limiter.set(spec.get("rate"), spec.get("burst"))
            except ValueError as error:
                return admin_error(400, str(error))
        elif request.method == "DELETE":
            self.limiter.off()
        elif request.method != "GET":
            return admin_error(405, "%s %s is not part of the admin API (see docs/emulator.md)"
                               % (request.method, request.path))
        return Reply.json({"ok": True, "rate_limit": self.limiter.settings()})

    def _state(self, provider):
        handler = next((candidate for candidate in self.handlers if candidate.name == provider), None)
        if handler is None:
            return admin_error(404, "unknown provider %r; known: %s"
                               % (provider, ", ".join(candidate.name for candidate in self.handlers)))
        return Reply.json(mask(handler.snapshot(), handler.secret_key_fragments))


def admin_error(status, message):
    return Reply.json({"error": message}, status=status)


def start_emulator(**options):
    """Start an emulator on a background thread; ``.url`` is where it listens, ``.stop()`` ends it."""
    return Emulator(**options).start()


def _server_class(host):
    """A threading server for the host's address family (IPv6 literals included)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return type("EmulatorHTTPServer", (ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True})


class _HttpHandler(BaseHTTPRequestHandler):
    """HTTP plumbing only: read the request, let the emulator answer, write the reply."""

    protocol_version = "HTTP/1.1"
    server_version = "cloudvpn-emulator/0.1"
    # Headers and body leave in one write (a buffered wfile, flushed once per
    # request by handle_one_request), and TCP_NODELAY is set: written
    # separately, Nagle's algorithm held the body until the client's delayed
    # ACK of the headers, about 40 ms on every request after a connection's first.
    wbufsize = -1
    disable_nagle_algorithm = True

    def _serve(self):
        try:
            body = self._read_body()
        except ValueError as error:
            self._write(admin_error(400, str(error)))
            self.close_connection = True
            return
        if body is None:
            self._write(admin_error(413, "request body larger than %d bytes" % MAX_BODY_BYTES))
            self.close_connection = True
            return
        reply = self.server.emulator.dispatch(Request(self.command, self.path, self.headers.items(), body))
        if reply.drop:
            self.close_connection = True
            return
        if reply.delay:
            time.sleep(reply.delay)
            try:
                self._write(reply)
            except OSError:  # the client gave up waiting: that was the point
                self.close_connection = True
            return
        self._write(reply)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def _read_body(self):
        """The body bytes (Content-Length or chunked); ``None`` when too large."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, size = [], 0
            while True:
                chunk_size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if chunk_size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                size += chunk_size
                if size > MAX_BODY_BYTES:
                    return None
                chunks.append(self.rfile.read(chunk_size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        if length > MAX_BODY_BYTES:
            return None
        return self.rfile.read(length)

    def _write(self, reply):
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type + "; charset=utf-8")
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Silent: the request log is the record, and a test harness that pipes stderr
        without reading it must never block on a full pipe."""
