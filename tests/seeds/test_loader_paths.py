"""What a load may read and what its release's identity covers: no file outside the seeds folder
(sources only from sources/), and a hash over exactly the files read plus the code in RELEASE_CODE."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api import create_app
from seeds import loader
from seeds.loader import PROJECT_DIR, RELEASE_CODE, build_release, release_code_files
from seeds.yamlio import SeedErrors
from tests.helpers import edit

SEXTORTION = "disclosures/norfolk-foi-000763-16.yaml"
SEXTORTION_SOURCE = "norfolk_FOI-000763-16_sextortion.txt"
SOURCE_LINE = f"source: {SEXTORTION_SOURCE}"


def problems_of(seeds_dir: Path) -> str:
    with pytest.raises(SeedErrors) as caught:
        build_release(seeds_dir)
    return str(caught.value)


# --- confinement -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("/etc/passwd", "'/etc/passwd' is an absolute path", id="absolute"),
        pytest.param("../../../../etc/passwd", "'../../../../etc/passwd' contains '..'", id="dot-dot"),
        pytest.param(
            "../disclosures/x.yaml", "'../disclosures/x.yaml' contains '..'", id="dot-dot to a seed"
        ),
        pytest.param("a/../../x.txt", "'a/../../x.txt' contains '..'", id="dot-dot inside"),
    ],
)
def test_a_source_outside_the_sources_folder_is_refused(seeds_copy, source, expected):
    edit(seeds_copy / SEXTORTION, SOURCE_LINE, f"source: {source}")
    message = problems_of(seeds_copy)
    assert "norfolk-foi-000763-16.yaml" in message
    assert f"source: {expected}" in message


def test_a_source_linked_to_a_file_outside_the_folder_is_refused(seeds_copy, tmp_path):
    # The same text, so everything but the link itself would pass.
    outside = shutil.copy(seeds_copy / "sources" / SEXTORTION_SOURCE, tmp_path / "elsewhere.txt")
    (seeds_copy / "sources" / SEXTORTION_SOURCE).unlink()
    (seeds_copy / "sources" / SEXTORTION_SOURCE).symlink_to(outside)
    message = problems_of(seeds_copy)
    assert "norfolk-foi-000763-16.yaml" in message
    assert f"leads through a symbolic link to {outside}, outside sources/" in message


def test_a_seed_file_linked_from_outside_the_seeds_folder_is_refused(seeds_copy, tmp_path):
    outside = shutil.copy(seeds_copy / SEXTORTION, tmp_path / "elsewhere.yaml")
    (seeds_copy / SEXTORTION).unlink()
    (seeds_copy / SEXTORTION).symlink_to(outside)
    message = problems_of(seeds_copy)
    assert "norfolk-foi-000763-16.yaml" in message
    assert f"resolves to {outside}, outside the seeds folder" in message


def test_links_and_subfolders_inside_the_sources_folder_are_followed(seeds_copy):
    sources = seeds_copy / "sources"
    (sources / "norfolk").mkdir()
    (sources / SEXTORTION_SOURCE).rename(sources / "norfolk" / SEXTORTION_SOURCE)
    (sources / "current.txt").symlink_to(Path("norfolk") / SEXTORTION_SOURCE)
    edit(seeds_copy / SEXTORTION, SOURCE_LINE, "source: current.txt")
    assert build_release(seeds_copy).bundles


# --- the hash covers exactly the files read ---------------------------------------------------


def test_a_source_in_a_subfolder_is_covered_by_the_hash(seeds_copy):
    sources = seeds_copy / "sources"
    (sources / "norfolk").mkdir()
    (sources / SEXTORTION_SOURCE).rename(sources / "norfolk" / SEXTORTION_SOURCE)
    edit(seeds_copy / SEXTORTION, SOURCE_LINE, f"source: norfolk/{SEXTORTION_SOURCE}")
    before = build_release(seeds_copy).content_hash
    edit(sources / "norfolk" / SEXTORTION_SOURCE, "Dear", "Dear,")  # a change no quote depends on
    assert build_release(seeds_copy).content_hash != before


def test_files_the_load_does_not_read_do_not_change_the_hash(seeds_copy):
    before = build_release(seeds_copy).content_hash
    (seeds_copy / "sources" / "notes.txt").write_text("a draft nobody cites\n", encoding="utf-8")
    (seeds_copy / "reference" / "unused.yaml").write_text("draft: true\n", encoding="utf-8")
    assert build_release(seeds_copy).content_hash == before


# --- the hash covers the code that renders what a release stores -----------------------------------


@pytest.fixture()
def code_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the files RELEASE_CODE names, hashed in place of the real ones."""
    root = tmp_path / "code"
    for path in release_code_files():
        target = root / path.relative_to(PROJECT_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    monkeypatch.setattr(loader, "PROJECT_DIR", root)
    return root


def test_every_release_code_entry_names_files_including_the_renderers():
    names = {p.name for p in release_code_files()}
    assert {
        "figures.py",
        "fields.py",
        "common.py",
        "citation.py",
        "documents.py",
        "loader.py",
        "disclosures.py",
    } <= names


def test_a_release_code_entry_that_matches_nothing_stops_the_load(monkeypatch):
    monkeypatch.setattr(loader, "RELEASE_CODE", [*RELEASE_CODE, "api/moved_away.py"])
    with pytest.raises(FileNotFoundError, match="names api/moved_away.py, which matches no file"):
        build_release()


def renderer(code_copy: Path, name: str) -> Path:
    """A renderer module in the copy, wherever RELEASE_CODE says it lives."""
    (path,) = code_copy.rglob(name)
    return path


@pytest.mark.parametrize("name", ["figures.py", "fields.py", "citation.py", "documents.py"])
def test_a_change_to_a_renderer_changes_the_hash(code_copy, name):
    before = build_release().content_hash
    with renderer(code_copy, name).open("a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    assert build_release().content_hash != before


def test_new_citation_wording_is_a_new_release_not_already_loaded(code_copy, make_database):
    app = create_app({"DATABASE_URL": make_database(), "TESTING": True})
    first = app.test_cli_runner().invoke(args=["seeds", "load"])
    assert first.exit_code == 0, first.output
    edit(renderer(code_copy, "citation.py"), '"in the financial year ', '"in financial year ')

    again = app.test_cli_runner().invoke(args=["seeds", "load"])

    assert again.exit_code == 0, again.output
    assert "loaded release" in again.output and "already loaded" not in again.output
    releases = app.test_client().get("/v1/releases").get_json()["data"]
    assert len(releases) == 2
