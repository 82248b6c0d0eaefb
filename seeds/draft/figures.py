"""Propose the figures of a table of counts, one group per table, each figure with its quote and
where it is in the document; and what every proposal shares (the Context: which question a line
answers, the years named, the keys used so far)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from core.harmonise import calendar_year, financial_year, label_key, split_gender_and_age

from ..disclosure.todos import MARKER
from .labels import TOTAL_WORDS, Label, LabelResolver
from .tables import Row, Table
from .values import Reading, read_value

TODO = MARKER  # the loader refuses a seed file with one left
_ACT = re.compile(r"\bAct\s*\(?$", re.IGNORECASE)  # "Act 2000", "ACT (2000)": an Act's year
_YEAR = re.compile(r"(?<![\w/£])((?:19|20)\d\d)(?![\w/])")


@dataclass
class Figure:
    fields: dict  # the seed's keys, in the order they are written
    where: str  # "line 12" or "Sheet1!B4"
    comments: list[str] = field(default_factory=list)


@dataclass
class Group:
    first: int  # the document line (or spreadsheet row) it starts on, to write groups in order
    question: str
    defaults: dict
    figures: list[Figure]
    comments: list[str] = field(default_factory=list)


@dataclass
class Context:
    """What every proposal needs: the resolver, which question each line answers, and the
    periods the document names outside its tables."""

    resolver: LabelResolver
    question_of: dict[int, str]  # line number -> the question it answers
    years: dict[str, list[str]]  # question number -> years its text names ("" : the whole document's)
    force: str
    offences: str  # the name of the offence set every group counts unless a table gives its own
    keys: set[str] = field(default_factory=set)

    def key(self, stem: str) -> str:
        """A figure key not used yet in this draft."""
        key, n = stem, 2
        while key in self.keys:
            key, n = f"{stem}-{n}", n + 1
        self.keys.add(key)
        return key

    def defaults(self, question: str, measure: str, with_period: bool) -> tuple[dict, list[str]]:
        defaults = {"question": question, "measure": measure, "force": self.force, "offences": self.offences}
        comments = []
        if with_period:
            years = self.years.get(question) or self.years.get("", [])
            if len(years) == 1:
                defaults["period"] = {"label": years[0], "kind": "calendar_year"}
                comments.append(f"period: {years[0]}, the only year the question (or the document) names")
            else:
                choices = ", ".join(years) or "none found"
                defaults["period"] = {
                    "label": f"{TODO}: the period (years named: {choices})",
                    "kind": "calendar_year",
                }
        return defaults, comments


def table_group(ctx: Context, table: Table) -> Group:
    columns = _columns(ctx, table)
    dimensions = {d for _, d in columns}
    if "gender_and_age" in dimensions:
        dimensions |= {"gender", "age_band"}
    question = question_for(ctx, table.first)
    defaults, comments = ctx.defaults(question, _measure(dimensions), with_period="period" not in dimensions)
    comments.insert(0, f"{table.layout} table, {table.rows[0].line.ref()} to {table.rows[-1].line.ref()}")
    periods = [_cell(r, i) for r in table.rows for i, d in columns if d == "period"]
    figures = []
    if "offence" in dimensions:  # the table's own offences; its total counts all of them
        defaults["offences"] = []
    for row in table.rows:
        labels = [label for i, d in columns for label in _labels(ctx, d, _cell(row, i))]
        figure = _row_figure(ctx, question, labels, read_value(row.value), row.quote, row.value_ref, periods)
        if "period" in dimensions and "period" not in figure.fields:  # a section's NIL RETURN, say
            figure.fields = {
                "period": {"label": f"{TODO}: the period", "kind": "calendar_year"},
                **figure.fields,
            }
        figures.append(figure)
        if "offences" in figure.fields and figure.fields["offences"][0] not in defaults["offences"]:
            defaults["offences"] += figure.fields["offences"]
    return Group(table.first, question, defaults, figures, comments)


SECTION = -1  # the column index standing for a row's section heading


def _cell(row: Row, index: int) -> str:
    if index == SECTION:
        return row.section or ""
    return row.labels[index] if index < len(row.labels) else ""


def _columns(ctx: Context, table: Table) -> list[tuple[int, str | None]]:
    """(column index, dimension) of each label column with something in it, sections first."""
    headings = list(table.header[:-1]) if table.header else []
    width = max(len(r.labels) for r in table.rows)
    indexes = ([SECTION] if any(r.section for r in table.rows) else []) + list(range(width))
    columns = []
    for i in indexes:
        cells = [_cell(r, i) for r in table.rows]
        if any(cells):
            heading = headings[i] if 0 <= i < len(headings) else None
            columns.append((i, ctx.resolver.column_dimension(heading, [c for c in cells if c])))
    return columns


def _labels(ctx: Context, dimension: str | None, written: str) -> list[Label]:
    """The cell's label, or a gender-and-age cell's two (`Female 13`)."""
    if dimension != "gender_and_age":
        return [ctx.resolver.label(dimension, written)]
    try:
        gender, age = split_gender_and_age(written)
    except ValueError:
        return [ctx.resolver.label(None, written)]
    return [ctx.resolver.label("gender", gender), ctx.resolver.label("age_band", age)]


def _measure(dimensions: set) -> str:
    if dimensions & {"age_band", "gender"}:
        return "victims"
    if "platform" in dimensions:
        return "records_mentioning_platform"
    return "offences_recorded"


def _row_figure(
    ctx: Context,
    question: str,
    labels: list[Label],
    reading: Reading,
    quote: str,
    where: str,
    periods: list[str],
) -> Figure:
    fields: dict = {}
    comments: list[str] = []
    total = next((label for label in labels if label_key(label.written) in TOTAL_WORDS), None)
    if total is not None:
        fields["key"] = ctx.key(f"q{slug(question)}.total")
        comments.append(f"'{total.written}': the force's own total of the rows above")
    for label in labels:
        if not label.written or label is total and label.dimension != "period":
            continue
        if label.dimension == "period":
            fields["period"] = _period(label, periods)
        elif label.dimension == "offence":
            # Figure ids do not include offences: a row per offence needs its own key.
            code = label.id or f"{TODO}: {', '.join(label.nearest) or 'a code from offence_codes.yaml'}"
            fields.setdefault("key", ctx.key(f"q{slug(question)}.{slug(label.id or label.written)}"))
            fields["offences"] = [{"code": code, "as_written": label.written}]
        elif label.dimension is None:
            fields[f"{TODO}_dimension"] = label.written
            nearest = ", ".join(label.nearest) or "nothing close"
            comments.append(
                f"{TODO}: '{label.written}' is in no code list (nearest: {nearest}); name its dimension"
                " (platform, outcome, age_band, gender) and add the spelling to seeds/reference/"
            )
        elif label.id:
            fields[label.dimension] = label.written
        else:
            choices = ", ".join(label.nearest) or "no entry is close"
            fields[label.dimension] = {"as_written": label.written, "id": f"{TODO}: {choices}"}
            comments.append(
                f"{TODO}: {label.dimension} '{label.written}' resolves to no entry; choose an id, or add the"
                " spelling to the code list and write it as a plain label"
            )
    fields.update(_value_fields(reading, comments))
    fields["quote"] = quote
    return Figure(fields, where, comments)


def _period(label: Label, periods: list[str]) -> dict:
    if label.id in ("calendar_year", "financial_year"):
        return {"label": label.written, "kind": label.id}
    spans = [s for s in (_span(p) for p in periods) if s]
    if label.id == "range" and spans:
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        return {"label": label.written, "kind": "range", "start": start.isoformat(), "end": end.isoformat()}
    return {
        "label": label.written,
        "kind": "range",
        "start": f"{TODO}: YYYY-MM-DD",
        "end": f"{TODO}: YYYY-MM-DD",
    }


def _span(label: str) -> tuple[dt.date, dt.date] | None:
    for reader in (calendar_year, financial_year):
        try:
            return reader(label)
        except ValueError:
            pass
    return None


def _value_fields(reading: Reading, comments: list[str]) -> dict:
    fields: dict = {}
    if reading.status != "reported":
        fields["status"] = reading.status
    if reading.value is not None:
        fields["value"] = reading.value
    if reading.as_written is not None:
        fields["as_written"] = reading.as_written
    if reading.lower is not None:
        fields.update(value_lower=reading.lower, value_upper=reading.upper)
    elif reading.status == "suppressed":
        comments.append("suppressed: add value_lower and value_upper if the letter states the bounds")
    return fields


def question_for(ctx: Context, line_number: int) -> str:
    return ctx.question_of.get(line_number, f"{TODO}: the question this answers")


def slug(text: str) -> str:
    """A key part: `71/17` -> `71-17`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def years_in(text: str) -> list[str]:
    """The years a text names, in order, without those of an Act ("Act 2000")."""
    return list(dict.fromkeys(m[1] for m in _YEAR.finditer(text) if not _ACT.search(text[: m.start()])))
