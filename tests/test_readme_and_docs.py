"""The README and docs/ stay honest: every curl example shows what the app really answers, every
variable and command they list is the code's, and every link leads somewhere."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import make_url

from api import create_app
from api.v1 import COLLECTIONS

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, *DOCS]
CONFIGURATION = ROOT / "docs" / "configuration.md"
OPERATIONS = ROOT / "docs" / "operations.md"
EXAMPLE = re.compile(
    r"```console\n\$ curl -s(?: -H 'Accept: ([^']*)')? 'http://127\.0\.0\.1:8000([^']*)'\n(.*?)```", re.S
)


def examples(page: Path) -> list[tuple[str, str, str]]:
    return EXAMPLE.findall(page.read_text(encoding="utf-8"))


EXAMPLES = [
    pytest.param(accept, path, shown, id=f"{page.relative_to(ROOT)}:{path}")
    for page in PAGES
    for accept, path, shown in examples(page)
]


@pytest.fixture(scope="module")
def examples_client(database_url):
    # Same host and port as the examples, so the links in the bodies match too.
    return create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}
    ).test_client()


INDEX_LINKS = [c.path for c in COLLECTIONS]


def test_the_readme_shows_three_examples_and_the_docs_the_rest():
    in_readme = {path for _, path, _ in examples(README)}
    in_docs = {path for page in DOCS for _, path, _ in examples(page)}
    assert len(examples(README)) == 3
    assert in_docs and not in_readme & in_docs


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_console_block_is_an_example_the_suite_replays(page):
    assert page.read_text(encoding="utf-8").count("```console\n") == len(examples(page))


def test_the_index_links_are_the_collections_the_examples_must_show(examples_client):
    links = examples_client.get("/v1/").get_json()["links"]
    collections = {
        url.removeprefix("http://127.0.0.1:8000")
        for name, url in links.items()
        if name not in ("self", "openapi", "docs", "explore")
    }
    assert collections == set(INDEX_LINKS)


def test_the_readme_and_docs_show_every_collection():
    shown = {
        path.split("?")[0].split("/")[2].removesuffix(".csv")  # a CSV sibling shows its collection
        for page in PAGES
        for _, path, _ in examples(page)
        if path.count("/") >= 2
    }
    collections = {url.split("/")[-1] for url in INDEX_LINKS}
    assert collections <= shown | {"figures"}


@pytest.mark.parametrize(("accept", "path", "shown"), EXAMPLES)
def test_each_example_is_the_real_output(examples_client, accept, path, shown):
    response = examples_client.get(path, headers={"Accept": accept} if accept else {})
    if response.mimetype == "text/csv":
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
            download = item.get("download") and item["download"].replace(item["id"], "<release id>")
            item.update(id="<release id>", content_hash="<hash>", created_at="<time>", download=download)
    return body


def within(shown, real) -> bool:
    """Whether an abridged JSON value is part of the real one: every member shown is there with the
    same value, and a list's items shown are among its items, in the same order."""
    if isinstance(shown, dict):
        return isinstance(real, dict) and all(k in real and within(v, real[k]) for k, v in shown.items())
    if isinstance(shown, list):
        remaining = iter(real) if isinstance(real, list) else iter(())
        return all(any(within(item, candidate) for candidate in remaining) for item in shown)
    return shown == real


def test_the_download_the_api_guide_shows_is_the_real_one(examples_client):
    response = examples_client.get("/v1/releases/latest/download")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    (release,) = examples_client.get("/v1/releases").get_json()["data"]
    placeholders = {release["content_hash"]: "<content hash>", release["id"]: "<release>"}
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = text[text.index("## Downloading a release") :]
    listing = section[section.index("```text\n") + 8 : section.index("\n```", section.index("```text"))]
    assert listing.splitlines() == archive.namelist()
    shown = json.loads(
        section[section.index("```json\n") + 8 : section.index("\n```", section.index("```json"))]
    )
    real = archive.read("datapackage.json").decode()
    for value, placeholder in placeholders.items():
        real = real.replace(value, placeholder)
    assert within(shown, json.loads(real)), "the datapackage.json excerpt in docs/api.md is stale"


def test_every_configuration_variable_in_the_code_is_in_the_configuration_table():
    python = "".join(p.read_text() for p in [*(ROOT / "api").glob("*.py"), ROOT / "gunicorn.conf.py"])
    shell = (ROOT / "scripts" / "entrypoint").read_text()
    variables = set(re.findall(r"os\.environ\.get\(\s*\"([A-Z_]+)\"", python)) | set(
        re.findall(r"\$\{([A-Z_]+):-", shell)
    )
    table = set(re.findall(r"^\| `([A-Z_]+)` \|", CONFIGURATION.read_text(encoding="utf-8"), re.M))
    assert variables >= {"DATABASE_URL", "BIND", "LOAD_SEEDS_ON_START"}
    assert variables == table, (
        f"only in the code: {variables - table}; only in docs/configuration.md: {table - variables}"
    )


def scaling_block() -> str:
    text = OPERATIONS.read_text(encoding="utf-8")
    section = text[text.index("## Scaling out") :]
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
        result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def prose(text: str) -> str:
    """The page without its fenced code blocks, whose brackets and `#` lines are not markdown."""
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


def anchors(page: Path) -> set[str]:
    """GitHub's ids for the page's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", prose(page.read_text(encoding="utf-8")), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(page):
    links = LINK.findall(prose(page.read_text(encoding="utf-8")))
    relative = [link for link in links if not re.match(r"[a-z]+:", link)]
    for link in relative:
        target, _, anchor = link.partition("#")
        path = (page.parent / target).resolve() if target else page
        assert path.exists(), f"{link}: no such file"
        if anchor:
            assert path.suffix == ".md" and anchor in anchors(path), f"{link}: no such heading"


def test_the_readme_links_every_page_in_docs():
    links = LINK.findall(prose(README.read_text(encoding="utf-8")))
    linked = {(ROOT / link.partition("#")[0]).resolve() for link in links}
    assert DOCS and set(DOCS) <= linked
