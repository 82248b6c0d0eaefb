"""Which representation a request gets: its media type (`?format=` wins, then the Accept header)
and its content coding (gzip or none, from Accept-Encoding).

Views declare what they can produce with `@produces(...)`; every other API view produces JSON.
A request whose Accept header allows none of a view's types gets a 406 problem listing them.

Both choices are pure functions of a header and the view's types, so the response cache can key
an entry on the representation actually chosen (api/response_cache.py) rather than on raw headers.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_smorest import abort
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_accept_header

from schema.tables import csv_body

from . import links
from .blueprint import DOWNLOAD_HEADER, LINK_HEADER, current_view_method, stacked

JSON = "application/json"
CSV = "text/csv"
TEXT = "text/plain"
ZIP = "application/zip"
OCTET_STREAM = "application/octet-stream"  # the same bytes as ZIP, for clients that ask for it
FORMATS = {"json": JSON, "csv": CSV}
GZIP, IDENTITY = "gzip", "identity"
MEMO_LIMIT, MEMO_HEADER_BYTES = 512, 512  # remembered header values, for the cache's hot path


def produces(*media_types: str):
    """Declare the media types a view can return (the first is the default)."""

    def decorate(view):
        view._produces = media_types  # functools.wraps in smorest's decorators carries it outward
        return view

    return decorate


def csv_sibling(blp, operation_id: str, name: str, what: str, item_schema, args_schema):
    """The decorators of a list's CSV sibling (/v1/figures.csv): the list's query, a CSV body named
    `name` whose columns `item_schema` gives, and the errors a list answers."""
    return stacked(
        blp.doc(operationId=operation_id),
        blp.arguments(args_schema, location="query", as_kwargs=True),
        blp.response(
            200, blp.named(name, csv_body(what, item_schema)), content_type=CSV,
            headers={**LINK_HEADER, **DOWNLOAD_HEADER}, description=f"A page of {what.lower()}, one row each.",
        ),
        blp.problem(422, "Query parameters that contradict each other."),
        blp.problem(406, "The Accept header does not allow CSV."),
        produces(CSV),
    )  # fmt: skip


def _view_types() -> tuple[str, ...] | None:
    method = current_view_method()
    return None if method is None else getattr(method, "_produces", None) or (JSON,)


def media_type_for(types: tuple[str, ...], accept: MIMEAccept) -> str | None:
    """The type of `types` a client with this Accept header gets; None means 406."""
    if not accept or accept.provided is False:
        return types[0]
    return accept.best_match(types)


def chosen_media_type() -> str:
    types = _view_types() or (JSON,)
    requested = request.args.get("format")
    if requested in FORMATS and FORMATS[requested] in types:
        return FORMATS[requested]
    return media_type_for(types, request.accept_mimetypes) or types[0]


def csv_response(text: str, headers: dict | None = None) -> Response:
    """A CSV body, offered as a file named after its collection: records.csv for /v1/records and
    for /v1/records.csv alike."""
    name = request.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".csv")
    response = Response(text, mimetype=CSV, headers=headers)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def chosen_coding(accept_encoding: str | None) -> str:
    """gzip or identity, as RFC 9110 (12.5.3) reads Accept-Encoding: an explicit entry beats `*`,
    q=0 means "not acceptable", identity is acceptable unless excluded. An absent header gets
    identity, as it always has here."""
    if not accept_encoding:
        return IDENTITY
    quality: dict[str, float] = {}
    for coding, q in parse_accept_header(accept_encoding):
        quality.setdefault(coding.lower(), q)
    star = quality.get("*")
    gzip = quality.get(GZIP, quality.get("x-gzip", star if star is not None else 0))
    identity = quality.get(IDENTITY, 0 if star == 0 else 1)
    return GZIP if gzip > 0 and gzip >= identity else IDENTITY


def view_types(app: Flask) -> dict[str, tuple[str, ...]]:
    """The media types each endpoint's GET produces."""
    found = {}
    for endpoint, view in app.view_functions.items():
        view_class = getattr(view, "view_class", None)
        method = getattr(view_class, "get", None) if view_class else view
        found[endpoint] = getattr(method, "_produces", None) or (JSON,)
    return found


class Negotiator:
    """The representation a GET's headers select, without running the app: the media type its
    URL's view would choose for that Accept header, and the coding. Two requests for one URL with
    the same answer get byte-identical responses, whatever their raw headers said."""

    def __init__(self, app: Flask):
        self.types = view_types(app)
        self.routes = links.routes(app)
        self._media: dict[tuple, str | None] = {}
        self._paths: dict[str, tuple[str, ...] | None] = {}
        self._codings: dict[str, str] = {}

    def media_type(self, path: str, accept: str) -> str | None:
        types = self._memo(self._paths, path, self._types_of)
        if types is None:
            return None  # no such route: the app answers an error, which is never cached
        return self._memo(self._media, (types, accept), self._choose, size=len(accept))

    def coding(self, accept_encoding: str) -> str:
        return self._memo(self._codings, accept_encoding, chosen_coding)

    def _types_of(self, path: str) -> tuple[str, ...] | None:
        try:
            endpoint, _ = self.routes.match(path, method="GET")
        except HTTPException:  # not found, or a redirect to the canonical path
            return None
        return self.types.get(endpoint)

    @staticmethod
    def _choose(types_and_accept: tuple) -> str | None:
        types, accept = types_and_accept
        return media_type_for(types, parse_accept_header(accept, MIMEAccept))

    @staticmethod
    def _memo(memo: dict, key, compute, size: int | None = None):
        found = memo.get(key, memo)
        if found is memo:
            found = compute(key)
            if (len(key) if size is None else size) <= MEMO_HEADER_BYTES:  # never keep what a
                if len(memo) >= MEMO_LIMIT:  # client can make arbitrarily big or many
                    memo.clear()
                memo[key] = found
        return found


class NegotiatedEncoding:
    """WSGI middleware: replace Accept-Encoding with the coding chosen (gzip or identity) before
    anything reads it, so flask-compress (which would gzip for `gzip;q=0`) and the response cache
    act on one correct answer."""

    def __init__(self, app, negotiator: Negotiator):
        self.app = app
        self.negotiator = negotiator

    def __call__(self, environ, start_response):
        environ["HTTP_ACCEPT_ENCODING"] = self.negotiator.coding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        return self.app(environ, start_response)


def register(app: Flask) -> None:
    @app.before_request
    def refuse_unacceptable_media_types():
        if (
            not request.path.startswith("/v1")
            or request.args.get("format")
            or not request.accept_mimetypes.provided
        ):
            return None
        types = _view_types()
        if types and request.accept_mimetypes.best_match(types) is None:
            abort(
                406, message=f"This URL can return {', '.join(types)}; the Accept header allows none of them."
            )
        return None
