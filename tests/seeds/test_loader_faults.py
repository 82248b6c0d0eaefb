"""Loader faults: each bad load exits non-zero with a clear message, and the release that was being
served stays served and unchanged (the database is compared before and after)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from api import create_app
from seeds import documents
from tests.helpers import edit, snapshot

SEXTORTION = "disclosures/norfolk-foi-000763-16.yaml"
UNNAMED = "disclosures/unidentified-20210999.yaml"
AGE_BANDS = 'age_band: ["11 and under", "12-15", "16 and over"]'


@pytest.fixture(scope="module")
def served(make_database):
    """An app whose database holds the real seeds, loaded through the CLI: one per module, since
    every test here leaves it exactly as it was (that is what each asserts)."""
    app = create_app({"DATABASE_URL": make_database(), "TESTING": True})
    result = app.test_cli_runner().invoke(args=["seeds", "load"])
    assert result.exit_code == 0, result.output
    return app


def load(app, seeds_dir):
    return app.test_cli_runner().invoke(args=["seeds", "load", "--seeds-dir", str(seeds_dir)])


def release_served(app) -> str:
    return app.test_client().get("/readyz").get_json()["release"]


FAULTS = [
    pytest.param(UNNAMED, "exemptions:\n", "exemptions: [\n", "not valid YAML", id="truncated YAML"),
    pytest.param(UNNAMED, "value: 30,", "value: [30],", "Not a valid integer", id="wrong type"),
    pytest.param(SEXTORTION, "key: q1.total", "key: q1.norfolk.2011", "share the id", id="duplicate ids"),
    pytest.param(UNNAMED, 'quote: "KIK – 1"', 'quote: "KIK – 11"', "quote not found", id="quote not in the source"),
    pytest.param("sources/norfolk_FOI-000763-16_sextortion.txt", "2015\t39", "2015\t40", "quote not found", id="source edited"),
    pytest.param("sources/norfolk_FOI-004600-17_social-media.txt", "2014/15\tFemale 11\t1", "2014/15\tFemale 11\t2",
                 "6 on the left, 7 on the right", id="consistency mismatch"),
    pytest.param(SEXTORTION, "source: norfolk_FOI-000763-16_sextortion.txt", "source: gone.txt", "gone.txt not found",
                 id="missing source document"),
    pytest.param(SEXTORTION, "source: norfolk_FOI-000763-16_sextortion.txt", "source: /etc/passwd",
                 "'/etc/passwd' is an absolute path", id="absolute source path"),
    pytest.param(SEXTORTION, "source: norfolk_FOI-000763-16_sextortion.txt", "source: ../../../../etc/passwd",
                 "contains '..'", id="source path climbing out"),
    pytest.param(SEXTORTION, "source: norfolk_FOI-000763-16_sextortion.txt",
                 "source: {file: norfolk_FOI-000763-16_sextortion.txt, format: pdf, text_sha256: '" + "0" * 64 + "'}",
                 "cannot be read as pdf", id="source that is not the format it claims"),
    pytest.param(UNNAMED, AGE_BANDS, AGE_BANDS + "".join(f"\n      x{k}: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]" for k in range(9)),
                 "describes 3,000,000,000 figures; a group may expand to at most", id="huge expand"),
    pytest.param(SEXTORTION, '{label: "2011", kind: calendar_year}', '{label: "9999/00", kind: financial_year}',
                 "groups[0].figures[0]: period:", id="period no date can hold"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "old", "new", "message"), FAULTS)
def test_a_bad_load_exits_non_zero_and_the_previous_release_stays_served(
    served, seeds_copy, path, old, new, message
):
    engine = served.extensions["foi_db"].engine
    before, release = snapshot(engine), release_served(served)
    edit(seeds_copy / path, old, new)

    result = load(served, seeds_copy)

    assert result.exit_code == 1
    assert message in result.output and "nothing was written" in result.output
    assert snapshot(engine) == before
    assert release_served(served) == release


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(UNNAMED, id="seed file"),
        pytest.param("sources/unnamed-force_20210999_sexual-communication.txt", id="source document"),
    ],
)
def test_a_file_that_is_not_utf8_exits_non_zero_and_the_previous_release_stays_served(
    served, seeds_copy, path
):
    engine = served.extensions["foi_db"].engine
    before, release = snapshot(engine), release_served(served)
    data = (seeds_copy / path).read_bytes()
    (seeds_copy / path).write_bytes(data.replace("–".encode(), b"\x96"))  # Windows-1252's en dash

    result = load(served, seeds_copy)

    assert result.exit_code == 1
    assert "not UTF-8 text" in result.output and "nothing was written" in result.output
    assert Path(path).name in result.output
    assert snapshot(engine) == before
    assert release_served(served) == release


def test_the_database_going_away_mid_load_rolls_back_and_the_previous_release_stays(
    served, seeds_copy, monkeypatch
):
    engine = served.extensions["foi_db"].engine
    before, release = snapshot(engine), release_served(served)
    edit(
        seeds_copy / "reference" / "caveats.yaml", "reviewing each record by hand", "reading each record"
    )  # a new release
    insert_rows = documents.insert_rows

    def going_away_at_the_figures(session, table, rows):
        # By the figures, the old data is deleted and part of the new (code lists, responses) written.
        if table.name == "figures":
            connection = session.connection()
            if connection.dialect.name == "postgresql":  # the server ends the loader's connection
                with engine.connect() as other:
                    pid = connection.connection.driver_connection.info.backend_pid
                    other.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
            else:  # an SQLite file cannot go away: its driver's error, as SQLAlchemy raises it
                raise OperationalError("INSERT INTO figures", None, Exception("disk I/O error"))
        insert_rows(session, table, rows)

    monkeypatch.setattr(documents, "insert_rows", going_away_at_the_figures)
    result = load(served, seeds_copy)
    monkeypatch.undo()

    assert result.exit_code == 1
    assert "rolled back" in result.output and "database is unchanged" in result.output
    # The cause, not the failed rollback's "the connection is lost" after it.
    causes = ["terminating connection", "server closed the connection"]
    if engine.dialect.name != "postgresql":
        causes = ["disk I/O error"]
    assert any(f"OperationalError: {cause}" in result.output for cause in causes), result.output
    assert snapshot(engine) == before
    assert release_served(served) == release
