# foi-stats: the API under gunicorn, with the seeds loaded into the embedded SQLite database at
# build time. Set DATABASE_URL at run time to serve from PostgreSQL instead.
# NB: no Docker engine runs on the project's build machines; this image has not been built there.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY api ./api
COPY schema ./schema
COPY seeds ./seeds
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 foi
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY gunicorn.conf.py ./
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL="sqlite:////app/var/foi-stats.sqlite3" \
    BIND="0.0.0.0:8000"
RUN mkdir -p /app/var \
 && flask --app api seeds load \
 && chown -R foi:foi /app/var
USER foi
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/v1/', timeout=2)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "api:create_app()"]
