"""The project's Blueprint: query strings are strict, so a misspelt filter is a 400, never ignored."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser

from .releases import NO_DATABASE, current_release_id


class StrictParser(FlaskParser):
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
        "querystring": ma.RAISE,
    }
    DEFAULT_VALIDATION_STATUS = 400


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictParser()

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
