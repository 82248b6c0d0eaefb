"""Build one disclosure (response, figures, disclosed records) from its seed file and source text.

Everything is validated and harmonised in memory; problems are collected with the place they come
from (`groups[2].figures[0]`, `table-a line 57`) so one run reports all of them. Nothing here
touches the database. The readers (header, groups, tables, derive, checks) each take the one
DisclosureContext made here; the steps stop at the first that found problems, since later steps
read what earlier ones made.
"""

from __future__ import annotations

from pathlib import Path

import marshmallow as ma

from core.models import SourceFormat
from schema.seed_files.disclosures import MAIN, DisclosureFileSchema

from .. import limits
from ..inserts import overlong
from ..reference import CodeLists
from ..source_document import SourceDocument, SourcePathError, source_path
from ..yamlio import SeedFileError, flatten_errors, read_yaml
from . import checks, derive
from .context import Bundle, DisclosureContext
from .groups import add_groups, check_group_sizes
from .header import check_response, response_bundle
from .periods import named_periods
from .sums import add_sums
from .tables import add_table
from .todos import leftover_todos

__all__ = ["Bundle", "DisclosureContext", "build_disclosure"]


def build_disclosure(
    path: Path, lists: CodeLists, sources_dir: Path, max_figures: int | None = None
) -> Bundle:
    """`max_figures`: how many figures the release still has room for (the loader passes what is
    left of limits.MAX_RELEASE_FIGURES; the whole of it by default)."""
    ctx = _open(path, lists, sources_dir, limits.MAX_RELEASE_FIGURES if max_figures is None else max_figures)
    check_response(ctx)
    ctx.periods.update(named_periods(ctx))
    check_group_sizes(ctx)
    ctx.fail_if_problems()

    add_groups(ctx)
    for table in ctx.spec["tables"]:
        add_table(ctx, table)
    _check_unique_ids(ctx)
    ctx.fail_if_problems()

    _add_derived(ctx)
    _check_unique_ids(ctx)
    _check_release_room(ctx)
    ctx.fail_if_problems()

    add_sums(ctx)
    ctx.fail_if_problems()

    _run_checks(ctx)
    _check_lengths(ctx)
    ctx.fail_if_problems()
    for position, figure in enumerate(ctx.bundle.figures):
        figure.position = position
    return ctx.bundle


def _open(path: Path, lists: CodeLists, sources_dir: Path, max_figures: int) -> DisclosureContext:
    """The context for one seed file: its spec and documents, which must all be readable."""
    raw = read_yaml(path)
    if todos := leftover_todos(raw):
        raise SeedFileError(path, todos)
    try:
        spec = DisclosureFileSchema().load(raw)
    except ma.ValidationError as exc:
        raise SeedFileError(path, flatten_errors(exc.messages)) from None
    documents = {}
    for where, doc_spec in [("source", spec["source"])] + [
        (f"attachments[{i}]", a) for i, a in enumerate(spec["attachments"])
    ]:
        documents[doc_spec["name"]] = _read_document(path, sources_dir, doc_spec, where)
    doc = documents[MAIN]
    bundle = response_bundle(path, spec, documents)
    return DisclosureContext(path, spec, lists, doc, bundle, max_figures, documents=documents)


def _read_document(path: Path, sources_dir: Path, doc_spec: dict, where: str) -> SourceDocument:
    """A document the seed names: inside the sources folder, readable in its format, and (where its
    text is extracted) giving the text whose SHA-256 the seed records."""
    try:
        found = source_path(sources_dir, doc_spec["file"])
    except SourcePathError as exc:
        raise SeedFileError(path, [f"{where}: {exc}"]) from None
    if not found.is_file():
        raise SeedFileError(path, [f"{where}: document {found} not found"])
    if doc_spec["format"] is None:
        formats = ", ".join(f.value for f in SourceFormat)
        raise SeedFileError(
            path, [f"{where}: give its `format` ({formats}): the name {found.name} does not say it"]
        )
    doc = SourceDocument.read(found, SourceFormat(doc_spec["format"]))
    if doc_spec["text_sha256"] is not None and doc_spec["text_sha256"] != doc.sha256:
        raise SeedFileError(
            path,
            [
                f"{where}: the text extracted from {found.name} has SHA-256 {doc.sha256}, not the "
                f"text_sha256 the seed gives ({doc_spec['text_sha256']}): check its quotes and "
                "lines against the new text, then record the new hash"
            ],
        )
    return doc


def _check_unique_ids(ctx: DisclosureContext) -> None:
    for kind, items in (("figure", ctx.bundle.figures), ("record", ctx.bundle.records)):
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                ctx.report("", f"two {kind}s share the id '{item.id}': give one an explicit `key`")
            seen.add(item.id)


def _add_derived(ctx: DisclosureContext) -> None:
    for spec in ctx.spec["derive"]:
        where = f"derive {spec['name']}"
        try:
            for figure in derive.derive(spec, ctx):
                ctx.attach_caveats(figure, ["derived-by-project", *spec["caveats"]], where)
                ctx.add_figure(figure, spec["name"])
        except derive.DeriveError as exc:
            ctx.report(where, str(exc))


def _check_release_room(ctx: DisclosureContext) -> None:
    count = len(ctx.bundle.figures)
    if count > ctx.max_figures:
        ctx.report("", f"{count:,} figures (groups, tables and derived); {ctx.room()}")


def _check_lengths(ctx: DisclosureContext) -> None:
    b = ctx.bundle
    for problem in overlong([b.response, *b.rows, *b.figures, *b.records]):
        ctx.report("", problem)


def _run_checks(ctx: DisclosureContext) -> None:
    """Every check must hold, except where the seed declares that the force's own numbers do not
    add up: then exactly that mismatch must occur, and the figures involved carry its caveat."""
    for check in ctx.spec["checks"]:
        where = f"check '{check['name']}'"
        try:
            mismatches = {checks.group_key(m.key): m for m in checks.run(check, ctx.bundle)}
        except LookupError as exc:
            ctx.report(where, str(exc))
            continue
        for declared in check["discrepancies"]:
            found = mismatches.pop(checks.group_key(declared["group"]), None)
            expected = f"{declared['left']} on the left, {declared['right']} on the right"
            if found is None or (found.left, found.right) != (declared["left"], declared["right"]):
                seen = (
                    f"the check now gives {found.left} and {found.right}" if found else "the totals now agree"
                )
                ctx.report(where, f"declared discrepancy {declared['group'] or 'total'} ({expected}): {seen}")
                continue
            if declared["caveat"] not in ctx.lists.caveats:
                ctx.report(where, ctx.unknown_caveat(declared["caveat"]))
                continue
            for item in found.members:
                ctx.add_caveat(item, declared["caveat"])
        for mismatch in mismatches.values():
            ctx.report(
                where,
                f"{mismatch}; if the force's own figures disagree, declare it under the check's `discrepancies`",
            )
