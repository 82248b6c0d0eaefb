"""The data release a request is served from: looked up once per request, sent as a header on
every response and put in every JSON body."""

from __future__ import annotations

from flask import Flask, g, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .database import db_session
from .models import DataRelease

RELEASE_HEADER = "X-Data-Release"
# Paths that must answer without touching the database.
NO_DATABASE = ("/healthz", "/docs/assets/")


def newest_release_id() -> str | None:
    return db_session().scalar(select(DataRelease.id).order_by(DataRelease.created_at.desc()).limit(1))


def current_release_id() -> str | None:
    if "release_id" not in g:
        try:
            g.release_id = newest_release_id()
        except SQLAlchemyError:  # the database is away: the view's own query reports it
            db_session().rollback()
            g.release_id = None
    return g.release_id


def register(app: Flask) -> None:
    @app.after_request
    def add_release_header(response):
        if not request.path.startswith(NO_DATABASE) and (release := current_release_id()):
            response.headers[RELEASE_HEADER] = release
        return response
