"""What client-generating users do: generate a Python client from openapi.yaml with
openapi-python-client, then use it against a live server on loopback, without editing it: fetch
figures with their caveats, read a problem+json error, download a page as CSV and a release as a
zip, and read an offence code by a variant."""

from __future__ import annotations

import csv
import importlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory):
    out = tmp_path_factory.mktemp("client")
    result = subprocess.run(
        [str(VENV_BIN / "openapi-python-client"), "generate", "--path", str(ROOT / "openapi.yaml"),
         "--meta", "none", "--output-path", str(out / "foi_stats_client")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("foi_stats_client")
    finally:
        sys.path.remove(str(out))


def test_a_generated_client_fetches_figures_with_their_caveats(generated_client, live_server):
    from foi_stats_client.api.platform_mentions import list_platform_mentions
    from foi_stats_client.models import FigurePage

    client = generated_client.Client(base_url=live_server)
    page = list_platform_mentions.sync(client=client, platform=["Live Me"], force=["suffolk", "norfolk"])
    assert isinstance(page, FigurePage)
    assert {f.force.id for f in page.data} == {"suffolk", "norfolk"}
    suffolk = next(f for f in page.data if f.force.id == "suffolk")
    assert suffolk.value == 3 and suffolk.dimensions.platform.as_written == "Live Me"
    assert [c.id for c in suffolk.caveats][0] == "manual-review"
    assert suffolk.citation.endswith(next(c.text for c in suffolk.caveats if c.id == "scope-88a-umbrella"))
    assert suffolk.source.quote == "Live Me\t-\t3"
    assert page.release and page.pagination.total == 2


def test_a_generated_client_reads_a_problem(generated_client, live_server):
    from foi_stats_client.api.figures import list_figures
    from foi_stats_client.models import Problem

    client = generated_client.Client(base_url=live_server)
    response = list_figures.sync_detailed(client=client, platform=["myspace"])
    assert response.status_code == 400
    problem = response.parsed
    assert isinstance(problem, Problem)
    assert problem.status == 400 and problem.errors[0].name == "platform"
    assert "snapchat" in problem.errors[0].allowed


def test_a_generated_client_gets_one_figure_and_follows_the_same_ids(generated_client, live_server):
    from foi_stats_client.api.figures import get_figure

    client = generated_client.Client(base_url=live_server)
    figure = get_figure.sync(
        client=client, figure_id="unidentified-20210999.q3.unidentified.2020-07-01.2021-03-31"
    )
    assert figure.status.value == "withheld" and figure.value is None and figure.exemption == "40(2)"


def test_a_generated_client_downloads_a_csv_page(generated_client, live_server):
    from foi_stats_client.api.figures import list_figures_csv
    from foi_stats_client.api.records import list_records_csv

    client = generated_client.Client(base_url=live_server)
    text = list_figures_csv.sync(client=client, platform=["Live Me"], force=["suffolk"])
    assert isinstance(text, str)
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["value"] == "3" and row["source.quote"] == "Live Me\t-\t3"
    assert row["caveats.id"].split(" | ")[0] == "manual-review"
    records = list(csv.DictReader(io.StringIO(list_records_csv.sync(client=client, page_size=500))))
    assert len(records) == 217 and records[0]["source.url"].startswith("/v1/responses/")


def test_a_generated_client_downloads_a_release_zip(generated_client, live_server):
    from foi_stats_client.api.releases import download_latest_release, download_release, list_releases
    from foi_stats_client.types import File

    client = generated_client.Client(base_url=live_server)
    latest = download_latest_release.sync(client=client)
    assert isinstance(latest, File)
    archive = zipfile.ZipFile(latest.payload)
    assert {"README.md", "datapackage.json", "data/figures.csv", "data/records.csv"} <= set(
        archive.namelist()
    )
    release = list_releases.sync(client=client).data[0]
    by_id = download_release.sync_detailed(client=client, release_id=release.id)
    assert by_id.status_code == 200 and by_id.content == latest.payload.getvalue()
    gone = download_release.sync_detailed(client=client, release_id="0123456789ab")
    assert gone.status_code == 404 and gone.parsed.status == 404


def test_a_generated_client_reads_an_offence_code_by_any_variant(generated_client, live_server):
    from foi_stats_client.api.offence_codes import get_offence_code

    client = generated_client.Client(base_url=live_server)
    response = get_offence_code.sync_detailed(client=client, code="7117")
    assert response.status_code == 200 and response.parsed.code == "71/17"
    assert response.headers["Link"].endswith('/v1/offence-codes/71/17>; rel="canonical"')
