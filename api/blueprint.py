"""The project's Blueprint: query strings are strict, so a misspelt filter is a 400, never
ignored; response schemas render links after the configured public base URL; every JSON body
names its release."""

from __future__ import annotations

import functools

import marshmallow as ma
from flask import current_app, request
from flask.sansio.blueprints import BlueprintSetupState
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
# The file name a download (a CSV, a release's zip) is offered under, for the spec.
DOWNLOAD_HEADER = {
    "Content-Disposition": {
        "description": 'attachment, with the file name to save it as (filename="figures.csv").',
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
        given_twice = [name for name, values in req.args.lists() if len(values) > 1]
        if not given_twice:
            return args
        single_valued = {f.data_key or name for name, f in schema.fields.items()} - args.multiple_keys
        repeated = sorted(name for name in given_twice if name in single_valued)
        if repeated:
            raise ma.ValidationError(
                {name: [f"give {name} once: it takes a single value"] for name in repeated}
            )
        return args


class SiblingRules(BlueprintSetupState):
    """A rule starting with "." extends the blueprint's own path instead of nesting under it: in
    the blueprint at /v1/figures, ".csv" is /v1/figures.csv, a sibling (Datasette-style)."""

    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        if not (rule.startswith(".") and self.url_prefix):
            return super().add_url_rule(rule, endpoint, view_func, **options)
        prefix, self.url_prefix = self.url_prefix, None
        try:
            return super().add_url_rule(prefix.rstrip("/") + rule, endpoint, view_func, **options)
        finally:
            self.url_prefix = prefix


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.components: dict[str, dict] = {}

    def make_setup_state(self, app, options, first_registration=False):
        return SiblingRules(self, app, options, first_registration)

    def named(self, name: str, schema: dict) -> dict:
        """A body that no marshmallow schema describes (a CSV, a zip) as a named schema of the
        spec, so that tools show its name: a reference to it, for `response`."""
        self.components[name] = schema
        return {"$ref": f"#/components/schemas/{name}"}

    def register_views_in_doc(self, api, app, spec, *, name, parameters):
        for component, schema in self.components.items():
            if component not in spec.components.schemas:  # several blueprints may name one
                spec.components.schema(component, schema)
        return super().register_views_in_doc(api, app, spec, name=name, parameters=parameters)

    def arguments(self, schema, *, documented=None, **kwargs):
        """flask-smorest's arguments decorator; `documented`, when given, is the schema the spec
        shows instead of `schema`, for a view that also takes a parameter the spec leaves out
        (`format` on the JSON lists: the spec documents CSV only at their `.csv` siblings).
        Arguments are parsed with one instance of `schema`, made here: given a class, webargs
        would make one per request (a deep copy of every field, a tenth of an uncached page)."""
        parse = super().arguments(schema() if isinstance(schema, type) else schema, **kwargs)

        def decorator(view):
            parsing = parse(view)
            parameters = parsing._apidoc["arguments"]["parameters"]
            parameters[-1] = {**parameters[-1], "schema": documented or schema}
            return parsing

        return decorator

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


def stacked(*decorators):
    """Several decorators as one, applied as if written one above the other in this order."""

    def decorate(view):
        for decorator in reversed(decorators):
            view = decorator(view)
        return view

    return decorate


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
