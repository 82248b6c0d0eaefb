# Two commands a newcomer needs (see README): `make run` and `make test`.
# Both create .venv and install the project into it first, so a fresh clone needs only python3.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run seeds-check test lint openapi readme clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# Load every seed into DATABASE_URL (SQLite by default), then serve the API with gunicorn.
run: install
	$(BIN)/flask --app api seeds load
	exec $(BIN)/gunicorn --config gunicorn.conf.py 'api:create_app()'

seeds-check: install
	$(BIN)/flask --app api seeds load --check

# The whole suite: lint, then every test.
test: install
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

# Regenerate the committed spec after changing an endpoint or schema.
openapi: install
	$(BIN)/flask --app api openapi write --format=yaml openapi.yaml

# Rewrite the output of the README's curl examples from the app.
readme: install
	$(BIN)/python scripts/update_readme_examples.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
