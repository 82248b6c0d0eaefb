# Two commands a newcomer needs (see README): `make run` and `make test`.
# Both create .venv and install the project into it first, so a fresh clone needs only python3.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run seeds-check test lint spec-lint openapi readme citations bench soak clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# Migrate and load every seed into DATABASE_URL (SQLite by default), then serve the API with
# gunicorn, through the same entrypoint the Docker image runs.
run: install
	PATH="$(CURDIR)/$(BIN):$$PATH" LOAD_SEEDS_ON_START=true \
	  PUBLIC_BASE_URL="$${PUBLIC_BASE_URL-http://127.0.0.1:8000}" exec scripts/entrypoint

seeds-check: install
	$(BIN)/flask --app api seeds load --check

# The whole suite: lint, then every test on SQLite and again on a real PostgreSQL server.
test: install
	scripts/test-all

lint: install
	$(BIN)/ruff check .

# Lint openapi.yaml with Spectral and Redocly (installed into var/spec-lint/ when missing).
spec-lint:
	scripts/spec-lint

# Regenerate the committed spec after changing an endpoint or schema.
openapi: install
	$(BIN)/flask --app api openapi write --format=yaml openapi.yaml

# Rewrite the output of the curl examples in README.md and docs/ from the app.
readme: install
	$(BIN)/python scripts/update_readme_examples.py

# Rewrite seeds/citations/ (every figure's printable sentence, reviewed in diffs) from the seeds.
citations: install
	$(BIN)/python scripts/update_citations.py

# The benchmark (several minutes) and the soak test: see bench/run.py and the README.
bench: install
	$(BIN)/python bench/run.py all

soak: install
	$(BIN)/python bench/run.py soak

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
