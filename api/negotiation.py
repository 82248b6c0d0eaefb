"""Which representation a request gets: `?format=` wins, then the Accept header.

Views declare what they can produce with `@produces(...)`; every other API view produces JSON.
A request whose Accept header allows none of a view's types gets a 406 problem listing them.
"""

from __future__ import annotations

from flask import Flask, request
from flask_smorest import abort

from .blueprint import current_view_method

JSON = "application/json"
CSV = "text/csv"
TEXT = "text/plain"
FORMATS = {"json": JSON, "csv": CSV}


def produces(*media_types: str):
    """Declare the media types a view can return (the first is the default)."""

    def decorate(view):
        view._produces = media_types  # functools.wraps in smorest's decorators carries it outward
        return view

    return decorate


def _view_types() -> tuple[str, ...] | None:
    method = current_view_method()
    return None if method is None else getattr(method, "_produces", None) or (JSON,)


def chosen_media_type() -> str:
    types = _view_types() or (JSON,)
    requested = request.args.get("format")
    if requested in FORMATS and FORMATS[requested] in types:
        return FORMATS[requested]
    if not request.accept_mimetypes or request.accept_mimetypes.provided is False:
        return types[0]
    return request.accept_mimetypes.best_match(types) or types[0]


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
