# foi-stats: the API under gunicorn, with the seeds loaded at build time into the embedded SQLite
# database. Set DATABASE_URL at run time to serve from PostgreSQL instead (load it once with
# `flask --app api seeds load`, or start one container with LOAD_SEEDS_ON_START=true).
# CI builds and runs this image for real (scripts/image-test, from `make test`); the test suite also
# runs scripts/entrypoint, the command below, outside any container (tests/test_production.py).
# BASE_IMAGE, the base of both stages: python:3.11-slim unless `--build-arg BASE_IMAGE=...` names
# another (where docker.io is out of reach, say) with Python 3.11 as `python`, its venv, and useradd.
ARG BASE_IMAGE=python:3.11-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY core ./core
COPY api ./api
COPY schema ./schema
COPY seeds ./seeds
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir .

FROM ${BASE_IMAGE}
RUN useradd --create-home --uid 10001 foi
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY gunicorn.conf.py ./
COPY scripts/entrypoint ./scripts/entrypoint
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL="sqlite:////app/var/foi-stats.sqlite3" \
    BIND="0.0.0.0:8000"
RUN mkdir -p /app/var \
 && flask --app api seeds load \
 && chown -R foi:foi /app/var
USER foi
EXPOSE 8000
# /readyz on loopback, at the port gunicorn listens on (BIND's, so a BIND set at run time is followed).
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD python -c "import os, urllib.request; port = os.environ['BIND'].rpartition(':')[2]; urllib.request.urlopen(f'http://127.0.0.1:{port}/readyz', timeout=2)"
CMD ["scripts/entrypoint"]
