"""Version 1 of the public API: one blueprint module per resource, all under /v1."""

from __future__ import annotations


def register_blueprints(api) -> None:
    from . import figures, index, responses

    api.register_blueprint(index.blp, url_prefix="/v1")
    api.register_blueprint(figures.blp, url_prefix="/v1/figures")
    api.register_blueprint(responses.blp, url_prefix="/v1/responses")
