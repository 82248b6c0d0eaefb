"""The state of reading one disclosure, passed explicitly to every reader.

A reader takes the context, reads from `spec` and `doc`, adds what it makes to `bundle`, and
reports each problem with the place it comes from (`groups[2].figures[0]`, `table-a line 57`), so
one run reports all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.code_lists import did_you_mean
from core.harmonise import Unresolved
from core.models import DisclosedRecord, Disclosure, Figure, FigureCaveat, RecordCaveat

from .. import limits
from ..inserts import assign, new_row
from ..reference import CodeLists
from ..source_document import SourceDocument
from ..yamlio import SeedFileError


@dataclass
class Bundle:
    """One disclosure, ready to write."""

    path: Path
    response: Disclosure
    rows: list  # response children: forces, caveats (association rows)
    figures: list[Figure] = field(default_factory=list)
    records: list[DisclosedRecord] = field(default_factory=list)
    origin: dict[str, str] = field(default_factory=dict)  # figure/record id -> table or derivation

    @property
    def caveat_ids(self) -> set[str]:
        return {link.caveat_id for f in self.figures for link in f.caveat_links}


@dataclass
class DisclosureContext:
    path: Path  # the seed file
    spec: dict  # the seed file as DisclosureFileSchema loaded it
    lists: CodeLists
    doc: SourceDocument
    bundle: Bundle  # the response row, and the figures and records made so far
    max_figures: int  # how many figures the release still has room for
    # Named periods (`periods:` in the seed); empty until read, because reading them reports problems.
    periods: dict = field(default_factory=dict)
    # What seed entries declare about how their figures add up: figure id -> {breakdown, total_of,
    # restates, where} (read by sums.py once every figure is made).
    declared_sums: dict[str, dict] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # Every document by name, the main one (`doc`) as "main": a figure may be read from any.
    documents: dict[str, SourceDocument] = field(default_factory=dict)

    def report(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def fail_if_problems(self) -> None:
        if self.problems:
            raise SeedFileError(self.path, list(self.problems))

    def quote_line(
        self, quote: str, where: str, at_or_before: int | None = None, doc: SourceDocument | None = None
    ) -> int | None:
        doc = doc or self.doc
        line = doc.line_of(quote, at_or_before)
        if line is None:
            self.report(where, f"quote not found in {doc.path.name}: {quote[:80]!r}")
        return line

    def document_spec(self, name: str) -> dict | None:
        """The seed's entry for a document (its `source` or one of its `attachments`)."""
        return next((d for d in [self.spec["source"], *self.spec["attachments"]] if d["name"] == name), None)

    def check_as_written(self, label: str, where: str, doc: SourceDocument | None = None) -> None:
        doc = doc or self.doc
        if not doc.contains(label):
            self.report(where, f"'{label}' is given as written, but it does not occur in {doc.path.name}")

    def resolve(self, kind: str, written: str, where: str) -> str | None:
        try:
            return getattr(self.lists, kind)(written)
        except Unresolved as exc:
            list_name = "offence" if kind == "offence_code" else kind
            self.report(where, str(exc) + self.lists.resolver.did_you_mean(list_name, written))
            return None

    def attach_caveats(self, row: Figure | DisclosedRecord, caveat_ids: list[str], where: str) -> None:
        """A figure's (or record's) own caveats, then the whole response's, each once."""
        ordered = list(dict.fromkeys([*caveat_ids, *self.spec["caveats"]]))
        for c in ordered:
            if c not in self.lists.caveats:
                self.report(where, self.unknown_caveat(c))
        link = FigureCaveat if isinstance(row, Figure) else RecordCaveat
        assign(row, caveat_links=[new_row(link, caveat_id=c, position=i) for i, c in enumerate(ordered)])

    def unknown_caveat(self, caveat_id: str) -> str:
        return f"unknown caveat '{caveat_id}' (see reference/caveats.yaml)" + did_you_mean(
            caveat_id, self.lists.caveats
        )

    def add_caveat(self, row: Figure | DisclosedRecord, caveat_id: str) -> None:
        """One more caveat on a figure or record, after the ones it has (once)."""
        if caveat_id not in [link.caveat_id for link in row.caveat_links]:
            link = FigureCaveat if isinstance(row, Figure) else RecordCaveat
            row.caveat_links.append(new_row(link, caveat_id=caveat_id, position=len(row.caveat_links)))

    def add_figure(self, figure: Figure, origin: str) -> None:
        self.bundle.figures.append(figure)
        self.bundle.origin[figure.id] = origin

    def add_record(self, record: DisclosedRecord, origin: str) -> None:
        self.bundle.records.append(record)
        self.bundle.origin[record.id] = origin

    def room(self) -> str:
        return (
            f"the release has room for {self.max_figures:,} more "
            f"(at most {limits.MAX_RELEASE_FIGURES:,} in all, seeds/limits.py)"
        )
