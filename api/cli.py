"""The command line: `flask --app api seeds load [--check]` validates the seeds and (unless --check)
loads them; `flask --app api seeds draft PATH` drafts a seed file from a source document;
`flask --app api db upgrade|current` runs and shows schema migrations."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from core.migrate import current_revision, head_revision, upgrade
from seeds.documents import available_cpus
from seeds.draft import DraftError, draft_seed, seed_id, todos_in
from seeds.loader import SEEDS_DIR, Release, build_release, collector_paused, write_release
from seeds.reference import load_code_lists
from seeds.yamlio import SeedErrors, SeedFileError

seeds_cli = AppGroup("seeds", help="Validate and load the curated seed files.")


def seeds_dir_option(help_text: str):
    return click.option(
        "--seeds-dir",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=SEEDS_DIR,
        show_default=True,
        help=help_text,
    )


@seeds_cli.command("load")
@click.option("--check", is_flag=True, help="Validate every seed file without writing to the database.")
@seeds_dir_option("A folder with reference/, disclosures/ and sources/ (e.g. a draft copy).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="How many processes may make a large release's figure rows and documents (while it is read, one "
    "fewer, beside the loader).  [default: every CPU available]",
)
def load_command(check: bool, seeds_dir: Path, workers: int | None) -> None:
    """Load all seeds into DATABASE_URL in one transaction (or only validate them with --check)."""
    # Paused for the whole command, not only while reading and while writing: resumed between
    # them, the collector's first passes visit every object of the release (the migrations then
    # took 1.9 s of CPU rather than 0.2 on the synthetic release).
    with collector_paused():
        _load(check, seeds_dir, workers)


def _load(check: bool, seeds_dir: Path, workers: int | None) -> None:
    workers = 1 if check else workers or available_cpus()  # --check renders nothing
    try:
        release = build_release(seeds_dir, progress=click.echo, workers=workers)
    except (SeedErrors, SeedFileError) as exc:
        raise click.ClickException(f"seed validation failed, nothing was written.\n{exc}") from None
    with release:
        _write(release, check, workers)


def _write(release: Release, check: bool, workers: int) -> None:
    totals = (
        f"{len(release.bundles)} disclosures, {release.figure_count} figures, {release.record_count} records"
    )
    if check:
        click.echo(f"check passed: {totals} (nothing written)")
        return
    engine = current_app.extensions["foi_db"].engine
    try:
        upgrade(engine)
        written = write_release(engine, release, workers)
    # The transaction has rolled back (after the database failed, a rendering worker died, killed
    # for memory say, or could not be started): say so without the SQL.
    except (SQLAlchemyError, BrokenProcessPool, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise click.ClickException(
            f"load failed and was rolled back, the database is unchanged: {type(exc).__name__}: {reason}"
        ) from exc
    url = engine.url.render_as_string(hide_password=True)
    if written:
        click.echo(f"loaded release {release.id}: {totals} into {url}")
    else:
        click.echo(f"release {release.id} is already loaded in {url}: nothing to do")


@seeds_cli.command("draft")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    help="Where to write the draft; '-' for standard output.  [default: SEEDS_DIR/disclosures/<name>.yaml]",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@seeds_dir_option("The seeds folder whose reference/ code lists resolve the labels.")
def draft_command(path: Path, output: str | None, force: bool, seeds_dir: Path) -> None:
    """Draft a seed file from a source document (.txt or .xlsx): its tables, figures, quotes and
    labels resolved against the code lists, with a TODO for each choice left to make."""
    try:
        text = draft_seed(path, load_code_lists(seeds_dir / "reference"))
    except DraftError as exc:
        raise click.ClickException(str(exc)) from None
    except SeedFileError as exc:
        raise click.ClickException(f"the code lists do not load:\n{exc}") from None
    if output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output) if output else seeds_dir / "disclosures" / f"{seed_id(path)}.yaml"
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists; give --force to overwrite it, or -o another path")
    target.write_text(text, encoding="utf-8")
    todos = len(todos_in(text))
    click.echo(
        f"wrote {target}: {todos} TODO{'s' if todos != 1 else ''} to resolve, then "
        "`flask --app api seeds load --check`"
    )


db_cli = AppGroup("db", help="Database schema migrations (Alembic).")


@db_cli.command("upgrade")
def upgrade_command() -> None:
    """Apply every pending migration to DATABASE_URL."""
    engine = current_app.extensions["foi_db"].engine
    upgrade(engine)
    click.echo(f"schema at revision {current_revision(engine)}")


@db_cli.command("current")
def current_command() -> None:
    """Show the schema revision of DATABASE_URL and the newest one available."""
    engine = current_app.extensions["foi_db"].engine
    click.echo(f"database: {current_revision(engine) or 'none (empty database)'}; newest: {head_revision()}")
