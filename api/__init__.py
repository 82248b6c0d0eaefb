"""foi-stats: the Flask application factory."""

from __future__ import annotations

from flask import Flask

from .config import Config, allowed_hosts


def create_app(config: type | dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = allowed_hosts(
            app.config["PUBLIC_BASE_URL"], app.config["ALLOWED_HOSTS"]
        )

    from . import docs, errors, explore, health, http, negotiation, releases, request_log, root
    from .blueprint import reject_query_strings_where_no_parameters_are_declared
    from .cli import db_cli, seeds_cli
    from .database import Database
    from .errors import ProblemApi
    from .response_cache import ResponseCache, ResponseStore
    from .spec_errors import CommonErrorsPlugin
    from .spec_headers import ResponseHeadersPlugin
    from .v1 import register_blueprints

    # Keep keys in schema order and indent: the API is read with curl as often as by code.
    app.json.sort_keys = False
    app.json.compact = False
    app.json.ensure_ascii = False  # quotes keep their dashes and curly quotes as written
    Database(app)
    api = ProblemApi(app, spec_kwargs={"extra_plugins": [CommonErrorsPlugin(), ResponseHeadersPlugin()]})
    register_blueprints(api)
    api.register_blueprint(health.blp)
    cache_bytes = app.config["RESPONSE_CACHE_MB"] * 2**20
    releases.register(app, (lambda: ResponseStore(cache_bytes)) if app.config["RESPONSE_CACHE"] else None)
    http.register(app)
    request_log.register(app)
    errors.register_database_outage(app)
    negotiation.register(app)
    reject_query_strings_where_no_parameters_are_declared(app)
    docs.register(app)
    explore.register(app)
    root.register(app)
    negotiator = negotiation.Negotiator(app)
    if app.config["RESPONSE_CACHE"]:
        app.wsgi_app = ResponseCache(
            app.wsgi_app, app.extensions["foi_releases"], negotiator, app.config["TRUSTED_HOSTS"]
        )
    app.wsgi_app = negotiation.NegotiatedEncoding(app.wsgi_app, negotiator)
    app.cli.add_command(seeds_cli)
    app.cli.add_command(db_cli)
    return app
