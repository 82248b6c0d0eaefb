"""The project's Blueprint: query strings are strict, so a misspelt filter is a 400, never
ignored; response schemas render links after the configured public base URL; every JSON body
names its release."""

from __future__ import annotations

import functools

import marshmallow as ma
from flask import current_app, request
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest import abort
from webargs.flaskparser import FlaskParser

from schema.fields import LinkBase

from . import links
from .releases import NO_DATABASE, current_release_id

# The Link header of a paged list, for the spec.
LINK_HEADER = {
    "Link": {
        "description": "RFC 8288 links to the first, last, next and previous pages.",
        "schema": {"type": "string"},
    }
}


class StrictParser(FlaskParser):
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
        "querystring": ma.RAISE,
    }
    DEFAULT_VALIDATION_STATUS = 400

    def load_querystring(self, req, schema):
        """The query string, refusing a single-valued parameter given twice (`page=2&page=3`):
        webargs would keep the first value and silently drop the other."""
        args = super().load_querystring(req, schema)
        single_valued = {f.data_key or name for name, f in schema.fields.items()} - args.multiple_keys
        repeated = sorted(name for name in single_valued if len(req.args.getlist(name)) > 1)
        if repeated:
            raise ma.ValidationError(
                {name: [f"give {name} once: it takes a single value"] for name in repeated}
            )
        return args


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictParser()

    def response(self, *args, **kwargs):
        """flask-smorest's response decorator, dumping with links after PUBLIC_BASE_URL."""
        document = super().response(*args, **kwargs)

        def decorator(view):
            documented = document(view)

            @functools.wraps(documented)
            def with_public_links(*view_args, **view_kwargs):
                with LinkBase(links.public_base()):
                    return documented(*view_args, **view_kwargs)

            return with_public_links

        return decorator

    @staticmethod
    def _prepare_response_content(data):
        """Every JSON body names the data release it was served from (schema: ReleasedMixin)."""
        if isinstance(data, dict) and not request.path.startswith(NO_DATABASE):
            return {**data, "release": current_release_id()}
        return data

    def problem(self, status_code: int, description: str):
        """Document an error response: application/problem+json, as every error is."""
        from schema.errors import ProblemSchema

        return self.alt_response(
            status_code,
            schema=ProblemSchema,
            content_type="application/problem+json",
            description=description,
        )


def current_view_method():
    """The function that serves this request: a MethodView's method, or a plain view."""
    view = current_app.view_functions.get(request.endpoint or "")
    view_class = getattr(view, "view_class", None)
    return getattr(view_class, request.method.lower(), None) if view_class else view


def reject_query_strings_where_no_parameters_are_declared(app) -> None:
    """A view with no query parameters takes none: `/v1/forces/norfolk?format=csv` is a 400 too."""

    @app.before_request
    def reject_undeclared_query_parameters():
        if not request.args or not request.path.startswith("/v1"):
            return None
        method = current_view_method()
        if method is None or "arguments" in getattr(method, "_apidoc", {}):
            return None
        names = sorted(request.args)
        abort(
            400,
            message=f"this URL takes no query parameters; remove {', '.join(names)}",
            parameter_errors=[
                {"in": "query", "name": n, "messages": [f"'{n}' is not a parameter here"], "allowed": []}
                for n in names
            ],
        )
