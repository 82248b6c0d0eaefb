"""The README stays honest: every curl example shows what the app really answers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import make_url

from api import create_app

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLE = re.compile(
    r"```console\n\$ curl -s(?: -H 'Accept: ([^']*)')? 'http://127\.0\.0\.1:8000([^']*)'\n(.*?)```", re.S
)
EXAMPLES = EXAMPLE.findall(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def readme_client(database_url):
    # Same host and port as the README, so the links in the bodies match too.
    return create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}
    ).test_client()


INDEX_LINKS = [
    "/v1/figures", "/v1/offences", "/v1/platform-mentions", "/v1/victim-age-bands", "/v1/records", "/v1/responses",
    "/v1/forces", "/v1/offence-codes", "/v1/platforms", "/v1/age-bands", "/v1/caveats", "/v1/outcome-types",
    "/v1/releases",
]  # fmt: skip


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 3


def test_the_index_links_are_the_collections_the_readme_must_show(readme_client):
    links = readme_client.get("/v1/").get_json()["links"]
    collections = {
        url.removeprefix("http://127.0.0.1:8000")
        for name, url in links.items()
        if name not in ("self", "openapi", "docs")
    }
    assert collections == set(INDEX_LINKS)


def test_the_readme_shows_every_collection():
    shown = {path.split("?")[0].split("/")[2] for _, path, _ in EXAMPLES if path.count("/") >= 2}
    collections = {url.split("/")[-1] for url in INDEX_LINKS}
    assert collections <= shown | {"figures"}


@pytest.mark.parametrize(("accept", "path", "shown"), EXAMPLES, ids=[path for _, path, _ in EXAMPLES])
def test_each_readme_example_is_the_real_output(readme_client, accept, path, shown):
    response = readme_client.get(path, headers={"Accept": accept} if accept else {})
    if accept == "text/csv":
        assert response.get_data(as_text=True).replace("\r\n", "\n").rstrip() == shown.rstrip()
    else:
        assert without_load_time(json.loads(response.get_data(as_text=True))) == without_load_time(
            json.loads(shown)
        )


def without_load_time(body: dict) -> dict:
    """The release id and the index's data_version name what the example's database holds and when
    it was loaded; they change with any change to the seeds or loader, so only their shape counts."""
    if isinstance(body.get("data_version"), dict):
        body["data_version"] = sorted(body["data_version"])
    if body.get("release"):
        body["release"] = "<release id>"
    for item in body.get("data", []) if isinstance(body.get("data"), list) else []:
        if "content_hash" in item:  # a release listed by /v1/releases
            item.update(id="<release id>", content_hash="<hash>", created_at="<time>")
    return body


def test_every_configuration_variable_in_the_code_is_in_the_readme_table():
    root = README.parent
    python = "".join(p.read_text() for p in [*(root / "api").glob("*.py"), root / "gunicorn.conf.py"])
    shell = (root / "scripts" / "entrypoint").read_text()
    variables = set(re.findall(r"os\.environ\.get\(\s*\"([A-Z_]+)\"", python)) | set(
        re.findall(r"\$\{([A-Z_]+):-", shell)
    )
    table = set(re.findall(r"^\| `([A-Z_]+)` \|", README.read_text(encoding="utf-8"), re.M))
    assert variables >= {"DATABASE_URL", "BIND", "LOAD_SEEDS_ON_START"}
    assert variables == table, (
        f"only in the code: {variables - table}; only in the README: {table - variables}"
    )


def scaling_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Scaling out") :]
    return section[section.index("```sh\n") + 6 : section.index("\n```", section.index("```sh"))]


def test_the_scaling_example_url_is_the_form_the_suite_runs_against():
    url = re.search(r"DATABASE_URL='([^']+)'", scaling_block())[1]
    assert make_url(url).drivername == "postgresql+psycopg"


def test_the_scaling_load_and_migrate_commands_work_as_written(make_database):
    commands = [
        line.split("#")[0].split()
        for line in scaling_block().splitlines()
        if line.startswith(".venv/bin/flask")
    ]
    assert [c[-2:] for c in commands] == [["db", "upgrade"], ["seeds", "load"]]
    env = {**os.environ, "DATABASE_URL": make_database()}
    for command in commands:
        command[0] = str(Path(sys.executable).parent / "flask")
        result = subprocess.run(
            command, env=env, cwd=README.parent, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
