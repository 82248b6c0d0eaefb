"""Every error is application/problem+json (RFC 9457), in one shape, from one place.

smorest routes every HTTPException (including webargs' validation aborts and uncaught exceptions,
which Flask turns into a 500) through `Api.handle_http_exception`; `ProblemApi` overrides it. No
stack trace, SQL or exception text reaches a client.
"""

from __future__ import annotations

import http
import logging
import sqlite3

import psycopg
from flask import Response, current_app, json, request
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from marshmallow.validate import OneOf
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError, ServiceUnavailable

from schema.errors import ProblemSchema

from .releases import known_release_id
from .spec_errors import DESCRIPTIONS
from .spec_headers import header_refs, response_header_names

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("foi_stats.errors")

# Pages outside the API (the explorer) answer their errors as pages, the ones raised before any of
# their views runs too (no such page, a method not allowed): app.extensions[ERROR_PAGES] maps a
# path prefix to the handler that renders them.
ERROR_PAGES = "foi_error_pages"


def register_error_pages(app, prefix: str, handler) -> None:
    """Errors of every path under `prefix` (itself, or `prefix/...`) are answered by `handler`."""
    app.extensions.setdefault(ERROR_PAGES, {})[prefix] = handler


def error_parameters(error: HTTPException) -> list[dict] | None:
    """The query parameters an error names, as parameter_errors gives them (None: it names none)."""
    data = getattr(error, "data", None) or {}
    errors = data.get("parameter_errors")
    if errors is None and "messages" in data:
        errors = parameter_errors(data["messages"], data.get("schema"))
    return errors


def error_headers(error: HTTPException) -> dict:
    """The headers an error answer carries, as a problem or as a page: those its abort gave (a 503's
    Retry-After), and a 405's Allow."""
    headers = dict((getattr(error, "data", None) or {}).get("headers") or {})
    if error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return headers


def _error_pages_for(path: str):
    pages = current_app.extensions.get(ERROR_PAGES, {})
    return next(
        (page for prefix, page in pages.items() if path == prefix or path.startswith(prefix + "/")), None
    )


DETAILS = {
    400: "The request is not valid: see `errors` for each parameter that was rejected and why.",
    404: "There is nothing at this URL. Start from /v1/ for links to every collection.",
    405: "This API is read-only: use GET (or HEAD).",
    406: "The requested media type is not available here.",
    500: "Something went wrong on our side. The error has been logged; please try again later.",
}


def problem_response(
    status: int, title: str, detail: str, errors: list | None = None, headers=None
) -> Response:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.full_path.rstrip("?"),
    }
    if errors:
        body["errors"] = errors
    if release := known_release_id():
        body["release"] = release
    response = Response(json.dumps(body, indent=2) + "\n", status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def parameter_errors(messages: dict, schema=None) -> list[dict]:
    """webargs' {location: {field: [messages]}} as a list naming each bad parameter, with the
    allowed values (or parameters) where there is a fixed list."""
    errors = []
    for location, fields in messages.items():
        where = "query" if location in ("query", "querystring") else location
        if not isinstance(fields, dict):
            errors.append({"in": where, "name": None, "messages": _as_list(fields)})
            continue
        for name, msgs in fields.items():
            entry = {"in": where, "name": name, "messages": _as_list(msgs)}
            if msgs == ["Unknown field."] and schema is not None:
                entry["messages"] = [f"'{name}' is not a parameter here"]
                entry["allowed"] = sorted(
                    f.data_key or n for n, f in schema.fields.items() if not f.dump_only
                )
            elif (choices := _choices(schema, name)) is not None:
                entry["allowed"] = choices
            errors.append(entry)
    return errors


def _as_list(messages) -> list[str]:
    if isinstance(messages, dict):  # a list-valued parameter: {index: [messages]}
        return [f"value {i + 1}: {m}" for i, ms in messages.items() for m in _as_list(ms)]
    return [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]


def _choices(schema, name: str) -> list[str] | None:
    fields = schema.fields.items() if schema is not None else []
    field = next((f for n, f in fields if (f.data_key or n) == name), None)
    inner = getattr(field, "inner", None) or field
    for validator in getattr(inner, "validators", []):
        if isinstance(validator, OneOf):
            return [str(c) for c in validator.choices]
    return None


# Server states that mean "not now", not "wrong": shutting down, starting up, too many clients.
UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}
SQLITE_UNAVAILABLE = {5, 6, 14}  # SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN


def register_database_outage(app) -> None:
    """A database that cannot be reached, or does not answer in time, is a 503 the client may
    retry; any other database error stays a 500 (and neither shows SQL)."""

    @app.errorhandler(DBAPIError)
    @app.errorhandler(PoolTimeout)
    def database_error(error):
        if not database_unavailable(error):
            raise InternalServerError(original_exception=error)
        log.error("database unavailable during %s %s: %s", request.method, request.path, _reason(error))
        return database_unavailable_response()


UNAVAILABLE = "The database is unavailable just now; please retry shortly."


def database_unavailable_response():
    if (error_page := _error_pages_for(request.path)) is not None:  # a page, under the explorer
        error = ServiceUnavailable(UNAVAILABLE)
        error.data = {"message": UNAVAILABLE, "headers": {"Retry-After": "5"}}
        return error_page(error)
    return problem_response(503, "Service Unavailable", UNAVAILABLE, headers={"Retry-After": "5"})


def database_unavailable(error: SQLAlchemyError) -> bool:
    """Whether a database error means the server is unreachable, unready or too slow (retry
    later) rather than a fault in the query or the schema."""
    if isinstance(error, PoolTimeout) or getattr(error, "connection_invalidated", False):
        return True
    original = getattr(error, "orig", None)
    if isinstance(original, psycopg.Error):
        # No SQLSTATE: the failure was on our side of the wire (refused, timed out, closed).
        return (
            original.sqlstate is None
            or original.sqlstate.startswith("08")
            or (original.sqlstate in UNAVAILABLE_SQLSTATES)
        )
    if isinstance(original, sqlite3.Error):
        return getattr(original, "sqlite_errorcode", None) in SQLITE_UNAVAILABLE
    return False


def _reason(error: SQLAlchemyError) -> str:
    text = str(getattr(error, "orig", None) or error)
    return text.splitlines()[0] if text else type(error).__name__


def host_not_trusted(error: HTTPException) -> str | None:
    """What to say to a request whose Host is not one this app answers for, where werkzeug's own
    description repeats the Host it was sent."""
    if isinstance(error, SecurityError) and current_app.config["TRUSTED_HOSTS"]:
        return (
            f"This API answers for the hosts {', '.join(current_app.config['TRUSTED_HOSTS'])}; the "
            "request's Host header names another. Use one of those, or ask its operators to add yours."
        )
    return None


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        """Document every error response as application/problem+json, which is what we send."""
        for status in http.HTTPStatus:
            response = {
                "description": DESCRIPTIONS.get(status, status.phrase),
                "headers": header_refs(*response_header_names(status)),
            }
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {
            "description": "Default error response",
            "schema": self.ERROR_SCHEMA,
            "headers": header_refs("X-Request-ID", "X-Data-Release"),
        }
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def _register_pagination_header(self):
        """Not smorest's X-Pagination header: pages carry `pagination` in their body."""

    def handle_http_exception(self, error: HTTPException):
        if (error_page := _error_pages_for(request.path)) is not None:
            return error_page(error)
        data = getattr(error, "data", None) or {}
        errors = error_parameters(error)
        if error.code == 500 and getattr(error, "original_exception", None) is None:
            # An unhandled exception has already been logged by Flask, with its traceback.
            log.error("%s %s failed with %s", request.method, request.path, error.code)
        detail = data.get("message")
        if not detail and errors:
            detail = "; ".join(f"{e['name']}: {' '.join(e['messages'])}" for e in errors)
        detail = detail or host_not_trusted(error) or DETAILS.get(error.code) or error.description
        return problem_response(error.code, error.name, detail, errors, error_headers(error))
