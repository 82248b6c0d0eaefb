"""The loader validates everything before writing, says exactly what is wrong, and never leaves the
database half-loaded."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import api.cli
import seeds.documents
import seeds.loader
from api import create_app
from core.migrate import upgrade
from core.models import DataRelease
from seeds.loader import SEEDS_DIR, SchemaNotCurrent, build_release, write_release
from seeds.yamlio import SeedErrors
from tests.conftest import engine_for, load_seeds
from tests.helpers import edit, snapshot


def problems_of(seeds_dir: Path) -> str:
    with pytest.raises(SeedErrors) as caught:
        build_release(seeds_dir)
    return str(caught.value)


@pytest.fixture()
def cli(make_database):
    """Run `flask seeds ...` against a private, empty database (and optionally another seeds dir)."""
    app = create_app({"DATABASE_URL": make_database(), "TESTING": True})

    def run(*args: str):
        return app.test_cli_runner().invoke(args=["seeds", *args])

    run.engine = app.extensions["foi_db"].engine
    return run


# --- the CLI -------------------------------------------------------------------------------


def test_check_validates_every_disclosure_and_writes_nothing(cli):
    result = cli("load", "--check")
    assert result.exit_code == 0, result.output
    assert result.output.count("ok   ") == len(list((SEEDS_DIR / "disclosures").glob("*.yaml")))
    assert "norfolk-foi-004600-17: 227 figures (163 derived), 149 records, 7 caveats" in result.output
    assert "nothing written" in result.output
    assert inspect(cli.engine).get_table_names() == []


def test_load_prints_counts_per_disclosure_and_reloading_changes_nothing(cli, release):
    first = cli("load")
    assert first.exit_code == 0, first.output
    counts = (
        f"{len(release.bundles)} disclosures, {release.figure_count} figures, {release.record_count} records"
    )
    assert re.search(rf"loaded release [0-9a-f]{{12}}: {counts}", first.output)
    before = snapshot(cli.engine)
    second = cli("load")
    assert second.exit_code == 0, second.output
    assert "is already loaded" in second.output and "nothing to do" in second.output
    assert snapshot(cli.engine) == before


def test_changed_seeds_make_a_new_release(cli, seeds_copy):
    assert cli("load").exit_code == 0
    edit(seeds_copy / "reference" / "caveats.yaml", 'Only the "Initial MO"', 'Only the "Initial MO" (sic)')
    result = cli("load", "--seeds-dir", str(seeds_copy))
    assert result.exit_code == 0, result.output
    with Session(cli.engine) as session:
        assert session.scalar(select(func.count()).select_from(DataRelease)) == 2


def test_a_bad_seed_is_refused_and_the_previous_data_stays(cli, seeds_copy):
    assert cli("load").exit_code == 0
    before = snapshot(cli.engine)
    edit(seeds_copy / "disclosures" / "hertfordshire-foi2018-03922.yaml", "value: 15,", "value: 16,")

    result = cli("load", "--seeds-dir", str(seeds_copy))

    assert result.exit_code == 1
    assert "hertfordshire-foi2018-03922.yaml" in result.output
    assert "value '16' does not occur in its quote" in result.output
    assert "nothing was written" in result.output
    assert snapshot(cli.engine) == before


def test_a_failure_while_writing_rolls_everything_back(make_database):
    url = make_database()
    load_seeds(url)
    engine = engine_for(url)
    before = snapshot(engine)

    broken = build_release()
    broken.content_hash = "0" * 64  # a new release, so the write is attempted
    last = broken.bundles[-1].figures
    last[-1].id = last[0].id  # two figures with one id: the database refuses the last part
    with pytest.raises(IntegrityError):
        write_release(engine, broken)

    assert snapshot(engine) == before
    engine.dispose()


def test_the_loader_refuses_a_database_whose_schema_is_not_migrated(make_database):
    engine = engine_for(make_database())
    with pytest.raises(SchemaNotCurrent, match="db upgrade"):
        write_release(engine, build_release())
    engine.dispose()


# --- consistency checks ------------------------------------------------------------------------


NS_SOURCE = "sources/norfolk-suffolk_FOI-002539-18_livestreaming.txt"
NS_SEED = "disclosures/norfolk-suffolk-foi-002539-18.yaml"
SEXTORTION_SOURCE = "sources/norfolk_FOI-000763-16_sextortion.txt"
SEXTORTION_SEED = "disclosures/norfolk-foi-000763-16.yaml"


@pytest.mark.parametrize(
    ("edits", "mismatch"),
    [
        pytest.param(
            # The source and its seed agree on Suffolk's total, but the age bands no longer add up.
            [
                (NS_SOURCE, "Suffolk\t4", "Suffolk\t5"),
                (NS_SEED, 'value: 4, quote: "Suffolk\\t4"', 'value: 5, quote: "Suffolk\\t5"'),
            ],
            "force=suffolk: 5 on the left, 4 on the right",
            id="002539-18 Q1 total vs victims by age band",
        ),
        pytest.param(
            [
                (
                    "sources/norfolk_FOI-004600-17_social-media.txt",
                    "2014/15\tFemale 10\t2",
                    "2014/15\tFemale 10\t3",
                )
            ],
            "platform=instagram, period=2014-04-01..2015-03-31: 6 on the left, 7 on the right",
            id="004600/17 records per platform and year vs victims",
        ),
        pytest.param(
            [
                (SEXTORTION_SOURCE, "2013\t2\n", "2013\t3\n"),
                (SEXTORTION_SEED, 'value: 2, quote: "2013\\t2"', 'value: 3, quote: "2013\\t3"'),
            ],
            "period=2013-01-01..2013-12-31: 2 on the left, 3 on the right",
            id="000763/16 records per year vs Q1",
        ),
    ],
)
def test_each_consistency_check_fails_on_a_wrong_number(seeds_copy, edits, mismatch):
    for relative_path, old, new in edits:
        edit(seeds_copy / relative_path, old, new)
    assert mismatch in problems_of(seeds_copy)


# --- refusing bad seeds, with the file, the place and the reason ---------------------------------


@pytest.mark.parametrize(
    ("seed", "old", "new", "expected"),
    [
        pytest.param(
            "norfolk-suffolk-foi-002539-18.yaml",
            'quote: "Norfolk\\t3"',
            'quote: "Norfolk\\t3 offences"',
            "quote not found in norfolk-suffolk_FOI-002539-18_livestreaming.txt",
            id="quote not in source",
        ),
        pytest.param(
            "unidentified-20210999.yaml",
            "value: 30,",
            "value: thirty,",
            "value: Not a valid integer",
            id="wrong type",
        ),
        pytest.param(
            "unidentified-20210999.yaml", "value: 30,", "valeu: 30,", "valeu: Unknown field", id="unknown key"
        ),
        pytest.param(
            "unidentified-20210999.yaml",
            "platform: KIK,",
            "platform: Kick,",
            "platform 'Kick' matches no alias",
            id="unknown platform",
        ),
        pytest.param(
            "unidentified-20210999.yaml",
            "platform: KIK,",
            "platform: Snapchta,",
            "did you mean 'snapchat'?",
            id="a misspelt platform suggests the nearest",
        ),
        pytest.param(
            "unidentified-20210999.yaml",
            "caveats: [victim-details-missing]",
            "caveats: [no-such-caveat]",
            "unknown caveat 'no-such-caveat'",
            id="unknown caveat",
        ),
        pytest.param(
            "norfolk-foi-000763-16.yaml",
            "key: q1.total",
            "key: q1.norfolk.2011",
            "two figures share the id 'norfolk-foi-000763-16.q1.norfolk.2011'",
            id="duplicate figure id",
        ),
        pytest.param(
            "norfolk-foi-004600-17.yaml",
            '"Attempted - Arranging or facilitating the commission of a child sex offence":',
            '"Attempted - something else":',
            "crime banding 'Attempted - Arranging",
            id="unmapped banding",
        ),
        pytest.param(
            "unidentified-20210999.yaml",
            "status: withheld",
            "status: reported",
            "a reported figure needs a value",
            id="reported without a value",
        ),
        pytest.param(
            "norfolk-foi-004600-17.yaml",
            "source: norfolk_FOI-004600-17_social-media.txt",
            "source: missing.txt",
            "missing.txt not found",
            id="missing source document",
        ),
        pytest.param(
            "hertfordshire-foi2018-03922.yaml",
            "exemptions: []",
            "exemptions: [",
            "not valid YAML",
            id="truncated YAML",
        ),
    ],
)
def test_a_bad_seed_is_refused_naming_file_place_and_reason(seeds_copy, seed, old, new, expected):
    edit(seeds_copy / "disclosures" / seed, old, new)
    message = problems_of(seeds_copy)
    assert seed in message
    assert expected in message


def test_problems_in_several_files_are_all_reported_in_one_run(seeds_copy):
    edit(seeds_copy / "disclosures" / "unidentified-20210999.yaml", "value: 30,", "value: 31,")
    edit(seeds_copy / "disclosures" / "hertfordshire-foi2018-03922.yaml", "value: 15,", "value: 16,")
    message = problems_of(seeds_copy)
    assert "unidentified-20210999.yaml" in message and "hertfordshire-foi2018-03922.yaml" in message


def test_the_load_command_keeps_the_collector_paused_from_reading_to_writing(make_database, monkeypatch):
    """Migrations included: resumed between reading and writing, its first passes visit every
    object of the release."""
    seen, migrate = [], api.cli.upgrade
    monkeypatch.setattr(api.cli, "upgrade", lambda engine: seen.append(gc.isenabled()) or migrate(engine))
    app = create_app({"DATABASE_URL": make_database(), "TESTING": True})
    result = app.test_cli_runner().invoke(args=["seeds", "load"])
    assert result.exit_code == 0, result.output
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_is_paused_while_a_release_is_read_or_written_and_resumed_after(
    make_database, seeds_copy, monkeypatch
):
    seen = []
    for module, name in ((seeds.loader, "build_disclosure"), (seeds.documents, "write_parts")):
        step = getattr(module, name)
        monkeypatch.setattr(
            module, name, lambda *a, _step=step, **k: seen.append(gc.isenabled()) or _step(*a, **k)
        )
    engine = engine_for(make_database())
    upgrade(engine)
    assert write_release(engine, build_release(seeds_copy))
    assert seen and not any(seen)
    assert gc.isenabled()

    edit(seeds_copy / "disclosures/unidentified-20210999.yaml", "exemptions:\n", "exemptions: [\n")
    with pytest.raises(SeedErrors):
        build_release(seeds_copy)
    broken = build_release(SEEDS_DIR)
    broken.content_hash = "0" * 64
    broken.bundles[-1].figures[-1].id = broken.bundles[-1].figures[0].id
    with pytest.raises(IntegrityError):
        write_release(engine, broken)
    assert gc.isenabled()
    engine.dispose()


def test_documents_are_compressed_with_lz4_where_postgresql_offers_it(database_url):
    """A load's documents are compressed with lz4 rather than pglz where the server offers it
    (seeds.loader.compress_documents_with_lz4); SQLite compresses nothing."""
    engine = engine_for(database_url)
    if engine.dialect.name != "postgresql":
        engine.dispose()
        pytest.skip("only PostgreSQL compresses long values")
    with engine.connect() as connection:
        offered = connection.scalar(
            text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        )
        methods = set(
            connection.scalars(text("SELECT DISTINCT pg_column_compression(document) FROM figure_documents"))
        )
    engine.dispose()
    assert methods - {None} == ({"lz4"} if offered else {"pglz"})
