"""The README stays honest: every curl example shows what the app really answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from api import create_app

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLE = re.compile(r"```console\n\$ curl -s '(http://127\.0\.0\.1:8000)([^']*)'\n(.*?)```", re.S)
EXAMPLES = EXAMPLE.findall(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def readme_client(database_url):
    # Same host and port as the README, so the links in the bodies match too.
    return create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "SERVER_NAME": "127.0.0.1:8000"}
    ).test_client()


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("host", "path", "shown"), EXAMPLES, ids=[path for _, path, _ in EXAMPLES])
def test_each_readme_example_is_the_real_output(readme_client, host, path, shown):
    assert json.loads(readme_client.get(path).get_data(as_text=True)) == json.loads(shown)


def test_every_configuration_variable_in_the_code_is_in_the_readme():
    root = README.parent
    code = "".join(p.read_text() for p in [*(root / "api").glob("*.py"), root / "gunicorn.conf.py"])
    variables = set(re.findall(r"os\.environ\.get\(\"([A-Z_]+)\"", code))
    table = set(re.findall(r"^\| `([A-Z_]+)` \|", README.read_text(encoding="utf-8"), re.M))
    assert variables and variables == table
