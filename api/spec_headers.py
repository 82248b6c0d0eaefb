"""Document in the spec what every response carries besides its body: X-Request-ID and
X-Data-Release on all of them; Retry-After on a 503; ETag and Cache-Control, and a 304 answer to
If-None-Match, on every cacheable GET (everything under /v1)."""

from __future__ import annotations

from apispec import BasePlugin

HEADERS = {
    "X-Request-ID": {
        "description": "This request's id (the client's own, if it sent a plain one), as in the server's log.",
        "schema": {"type": "string"},
        "required": True,
    },
    "X-Data-Release": {
        "description": "The data release the response was served from (absent before any is loaded).",
        "schema": {"type": "string"},
    },
    "Retry-After": {
        "description": "Seconds to wait before asking again.",
        "schema": {"type": "integer"},
        "required": True,
    },
    "ETag": {
        "description": "Strong validator: the release and a hash of the representation (':gzip' appended when gzipped).",
        "schema": {"type": "string"},
        "required": True,
    },
    "Cache-Control": {
        "description": "public, max-age and stale-while-revalidate: a response never changes within a release.",
        "schema": {"type": "string"},
        "required": True,
    },
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "An ETag from an earlier response: the answer is 304 with no body while it still matches.",
}


def header_refs(*names: str) -> dict:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def response_header_names(status) -> list[str]:
    """The headers every response with this status carries: a 503 always says when to retry."""
    return ["X-Request-ID", "X-Data-Release", *(["Retry-After"] if str(status) == "503" else [])]


class ResponseHeadersPlugin(BasePlugin):
    def init_spec(self, spec):
        for name, header in HEADERS.items():
            spec.components.header(name, header)

    def operation_helper(self, path=None, operations=None, **kwargs):
        cacheable = bool(path) and path.startswith("/v1")
        for method, operation in (operations or {}).items():
            for status, response in operation.get("responses", {}).items():
                if isinstance(response, dict) and "$ref" not in response:
                    names = response_header_names(status)
                    if cacheable and method == "get" and str(status) == "200":
                        names += ["ETag", "Cache-Control"]
                    response.setdefault("headers", {}).update(header_refs(*names))
            if cacheable and method == "get":
                operation.setdefault("parameters", []).append(IF_NONE_MATCH)
                operation["responses"]["304"] = {
                    "description": "Not Modified: the representation still matches If-None-Match.",
                    "headers": header_refs("ETag", "Cache-Control", "X-Request-ID", "X-Data-Release"),
                }
