"""/v1/releases and the download of the release served: one zip with a CSV per collection, the
source documents, a README with the citation rules and a Frictionless datapackage.json."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import frictionless
import pytest

from api import create_app
from core.models import FigureStatus
from core.text import lines_of
from tests.conftest import OLDER_RELEASE
from tests.helpers import all_pages

ROOT = Path(__file__).resolve().parents[3]
LATEST = "/v1/releases/latest/download"
TABLES = ["figures", "records", "responses", "measures", "forces", "offence-codes", "platforms", "age-bands",
          "caveats", "outcome-types"]  # fmt: skip


@pytest.fixture(scope="module")
def download(app):
    response = app.test_client().get(LATEST)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


@pytest.fixture(scope="module")
def archive(download) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(download.data))


@pytest.fixture(scope="module")
def package(archive) -> dict:
    return json.loads(archive.read("datapackage.json"))


def rows(archive, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


def test_the_zip_holds_a_csv_per_collection_the_sources_a_readme_and_a_datapackage(client, archive):
    sources = [f"sources/{r['source']['file']}" for r in responses_in_full(client)]  # by response id
    assert archive.namelist() == [f"data/{t}.csv" for t in TABLES] + sources + [
        "README.md",
        "datapackage.json",
    ]


def responses_in_full(client) -> list[dict]:
    return [client.get(r["links"]["self"]).get_json() for r in all_pages(client, "/v1/responses")]


@pytest.mark.parametrize("name", ["figures", "records"])
def test_the_figures_and_records_are_their_csv_lists_on_one_page(client, archive, name):
    whole = client.get(f"/v1/{name}.csv?page_size=500")
    assert 'rel="next"' not in whole.headers.get("Link", "")  # every item is on this page
    assert archive.read(f"data/{name}.csv") == whole.data


@pytest.mark.parametrize(
    ("table", "url", "key"),
    [("forces", "/v1/forces", "id"), ("platforms", "/v1/platforms", "id"), ("age-bands", "/v1/age-bands", "id"),
     ("caveats", "/v1/caveats", "id"), ("outcome-types", "/v1/outcome-types", "id"),
     ("responses", "/v1/responses?page_size=500", "id")],
)  # fmt: skip
def test_every_code_list_and_response_is_a_csv_of_all_its_entries(client, archive, table, url, key):
    listed = [item[key] for item in client.get(url).get_json()["data"]]
    assert [row[key] for row in rows(archive, f"data/{table}.csv")] == listed


def test_the_offence_codes_are_one_row_each_under_their_umbrella(client, archive):
    def walk(codes):
        for code in codes:
            yield code
            yield from walk(code["children"])

    tree = list(walk(client.get("/v1/offence-codes").get_json()["data"]))
    table = rows(archive, "data/offence-codes.csv")
    assert [row["code"] for row in table] == [code["code"] for code in tree]
    assert {row["code"]: row["parent.code"] for row in table}["71/17"] == "88A"
    measures = [m["id"] for m in client.get("/v1/").get_json()["measures"]]
    assert [row["id"] for row in rows(archive, "data/measures.csv")] == measures


def test_each_source_is_the_stored_document_its_quotes_point_into(client, archive):
    for response in responses_in_full(client):
        stored = archive.read(f"sources/{response['source']['file']}")
        assert stored == client.get(f"/v1/responses/{response['id']}/source").data
        assert hashlib.sha256(stored).hexdigest() == response["source"]["sha256"]
    figure = rows(archive, "data/figures.csv")[0]
    source = next(r for r in responses_in_full(client) if r["id"] == figure["source.response_id"])
    lines = lines_of(archive.read(f"sources/{source['source']['file']}").decode())
    assert lines[int(figure["source.line"]) - 1].startswith(lines_of(figure["source.quote"])[0])


def test_the_datapackage_describes_every_file_and_column(archive, package):
    assert [r["path"] for r in package["resources"]] == archive.namelist()[:-1]  # all but itself
    for resource in package["resources"]:
        data = archive.read(resource["path"])
        assert (
            resource["bytes"] == len(data)
            and resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
        )
        if resource["path"].endswith(".csv"):
            header = next(csv.reader(io.StringIO(data.decode())))
            assert [f["name"] for f in resource["schema"]["fields"]] == header, resource["name"]


def test_frictionless_finds_the_package_valid(archive, tmp_path):
    archive.extractall(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])[:10]


def test_frictionless_would_catch_a_file_that_breaks_its_description(archive, tmp_path):
    archive.extractall(tmp_path)
    figures = tmp_path / "data" / "figures.csv"
    figures.write_text(figures.read_text().replace(",reported,", ",guessed,", 1))
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert not report.valid
    assert {error.type for task in report.tasks for error in task.errors} >= {
        "constraint-error",
        "hash-count",
    }


def test_the_readme_gives_the_citation_rules(archive, download):
    readme = archive.read("README.md").decode()
    rules = re.findall(r"^\d+\. \*\*(.+?)\*\*", (ROOT / "docs" / "citations.md").read_text(), re.M)
    assert len(rules) == 6
    for rule in rules:
        assert f"**{rule}**" in readme, rule
    for status in FigureStatus:
        assert f"`{status.value}`" in readme, status
    assert download.headers["X-Data-Release"] in readme


def test_a_release_downloads_as_the_same_bytes_every_time(database_url, download, archive):
    # A new app (no response cache) builds the zip again from the database.
    rebuilt = create_app({"DATABASE_URL": database_url, "TESTING": True, "PUBLIC_BASE_URL": "http://api.test",
                          "RESPONSE_CACHE": False}).test_client().get(LATEST)  # fmt: skip
    assert rebuilt.data == download.data and rebuilt.headers["ETag"] == download.headers["ETag"]
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_worker_builds_a_release_zip_once(database_url, monkeypatch):
    from api.v1.releases import views

    builds = []
    monkeypatch.setattr(views, "release_zip", lambda release: builds.append(release.id) or b"zip")
    client = create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "RESPONSE_CACHE": False}
    ).test_client()
    release = client.get("/v1/releases").get_json()["release"]
    for url in (LATEST, f"/v1/releases/{release}/download", LATEST):
        assert client.get(url).data == b"zip"
    assert builds == [release]


def test_by_id_the_download_is_cacheable_forever_under_the_same_etag(client, download):
    release = download.headers["X-Data-Release"]
    by_id = client.get(f"/v1/releases/{release}/download")
    assert by_id.status_code == 200 and by_id.data == download.data
    assert by_id.headers["ETag"] == download.headers["ETag"]
    assert by_id.headers["ETag"].strip('"').startswith(release)
    assert by_id.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert by_id.headers["Content-Disposition"] == f'attachment; filename="foi-stats-{release}.zip"'
    assert (
        client.get(
            f"/v1/releases/{release}/download", headers={"If-None-Match": by_id.headers["ETag"]}
        ).status_code
        == 304
    )
    assert download.headers["Cache-Control"] == "public, max-age=300, stale-while-revalidate=86400"
    assert download.headers["Link"] == f'<http://api.test/v1/releases/{release}/download>; rel="canonical"'
    listed = client.get("/v1/releases").get_json()["data"][0]
    assert listed["current"] and listed["download"] == f"http://api.test/v1/releases/{release}/download"


def test_the_same_bytes_for_a_client_that_asks_for_octet_stream(client, download):
    octets = client.get(LATEST, headers={"Accept": "application/octet-stream"})
    assert octets.mimetype == "application/octet-stream" and octets.data == download.data
    assert download.mimetype == "application/zip"
    assert client.get(LATEST, headers={"Accept": "application/json"}).status_code == 406
    assert client.get(f"{LATEST}?format=csv").status_code == 400


def test_a_release_never_loaded_is_a_404_problem(client):
    response = client.get("/v1/releases/0123456789ab/download")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert response.headers["Cache-Control"] == "no-store"


def test_an_older_release_is_gone_naming_the_one_served(app_with_an_older_release):
    client = app_with_an_older_release.test_client()
    current, older = client.get("/v1/releases").get_json()["data"]
    assert older["id"] == OLDER_RELEASE and older["download"] is None and current["download"]
    gone = client.get(f"/v1/releases/{OLDER_RELEASE}/download")
    assert gone.status_code == 410 and gone.mimetype == "application/problem+json"
    assert current["id"] in gone.get_json()["detail"] and current["download"] in gone.get_json()["detail"]
    assert gone.headers["Link"] == f'<{current["download"]}>; rel="latest-version"'
    assert client.get(current["download"]).status_code == 200
