"""Provider-neutral request and reply types, and form-parameter helpers.

The core hands each provider handler a ``Request`` holding exactly what came
over the socket (raw query string, header names as sent, body bytes): the
signature schemes all hash the request as received, so nothing may be
normalised before the handler verifies it.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl


class Request:
    """One HTTP request as received."""

    def __init__(self, method, target, headers, body=b""):
        self.method = method.upper()
        path, query = target.partition("?")[::2]
        self.path = path or "/"
        self.query = query
        self.headers = dict(headers)
        self.body = body

    def header(self, name, default=None):
        """Case-insensitive header lookup."""
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return default

    @property
    def content_type(self):
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    def query_params(self):
        return form_pairs(self.query)

    def form_params(self):
        """Pairs of a form-encoded body; none when the body is something else."""
        if self.content_type != "application/x-www-form-urlencoded":
            return []
        return form_pairs(self.body.decode("utf-8", "replace"))

    def json_body(self):
        """The body as a JSON object; ``ValueError`` when it is not one."""
        value = json.loads(self.body.decode("utf-8") or "{}")
        if not isinstance(value, dict):
            raise ValueError("the body is not a JSON object")
        return value


class Reply:
    """What goes back on the wire."""

    def __init__(self, status, body, content_type="application/json", headers=None):
        self.status = status
        self.body = body if isinstance(body, bytes) else body.encode("utf-8")
        self.content_type = content_type
        self.headers = dict(headers or {})  # extra response headers (Huawei's X-Request-Id)
        self.delay = 0        # seconds the HTTP handler holds the answer back (fault ``slow``)
        self.drop = False     # close the connection without answering (fault ``drop``)

    @classmethod
    def json(cls, payload, status=200):
        return cls(status, json.dumps(payload))

    @classmethod
    def html(cls, status, title):
        """A gateway-style HTML page, as a load balancer in front of a cloud API answers."""
        page = "<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n</body>\r\n</html>\r\n"
        return cls(status, page % (title, title), content_type="text/html")


class ApiError(Exception):
    """An error answer in the provider's own terms (code, message, HTTP status)."""

    def __init__(self, code, message, status=200):
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message
        self.status = status


def form_pairs(text):
    """``a=1&b=2`` as a list of (name, value), blank values kept."""
    return parse_qsl(text, keep_blank_values=True)


def unflatten(pairs, base=0):
    """Turn flattened form names (``Filters.0.Values.1``) into nested dicts and lists.

    ``base`` is the first list index of the scheme (Tencent 0, Alibaba 1).
    A numeric path segment means a list position. Raises ``ValueError`` when
    two names clash (``A=1`` and ``A.0=2``) or a list has a gap.
    """
    root = {}
    for name, value in pairs:
        node = root
        segments = name.split(".")
        for position, segment in enumerate(segments):
            last = position == len(segments) - 1
            if last:
                if segment in node:
                    raise ValueError("parameter %s is given twice or clashes with another" % name)
                node[segment] = value
            else:
                child = node.setdefault(segment, {})
                if not isinstance(child, dict):
                    raise ValueError("parameter %s clashes with %s" % (name, ".".join(segments[:position + 1])))
                node = child
    return {key: _lists_from_numeric_keys(value, base, key) for key, value in root.items()}


def _lists_from_numeric_keys(node, base, path):
    """Recursively turn dicts whose keys are all numbers into lists (the top level stays a dict)."""
    if not isinstance(node, dict):
        return node
    converted = {key: _lists_from_numeric_keys(value, base, path + "." + key) for key, value in node.items()}
    if not all(key.isdigit() for key in converted):
        return converted
    by_index = {int(key): value for key, value in converted.items()}
    if len(by_index) != len(converted) or sorted(by_index) != list(range(base, base + len(by_index))):
        raise ValueError("list %s must be numbered from %d without gaps" % (path, base))
    return [by_index[index] for index in sorted(by_index)]
