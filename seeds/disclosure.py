"""Build one disclosure (response, figures, disclosed records) from its seed file and source text.

Everything is validated and harmonised in memory; problems are collected with the place they come
from (`groups[2].figures[0]`, `table-a line 57`) so one run reports all of them. Nothing here
touches the database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path

import marshmallow as ma

from core.harmonise import (
    Unresolved,
    calendar_year,
    code_prefix,
    financial_year,
    label_key,
    period_slug,
    split_gender_and_age,
)
from core.models import (
    DisclosedRecord,
    Disclosure,
    DisclosureCaveat,
    DisclosureForce,
    Exemption,
    Figure,
    FigureCaveat,
    FigureOffence,
    FigureStatus,
    Question,
)
from schema.seed_files import DisclosureFileSchema, FigureSpecSchema, OffenceSpecSchema, PeriodSchema

from . import checks, derive, limits
from .parsers import NIL_RETURN, TableError, parse_tab_table
from .reference import CodeLists
from .source_document import SourceDocument, SourcePathError, occurs_as_token, source_path
from .yamlio import SeedFileError, flatten_errors, read_yaml

# Statuses whose figure has a value the force wrote, and those that must have none.
VALUED = {FigureStatus.REPORTED, FigureStatus.NIL_RETURN}
VALUELESS = {
    FigureStatus.WITHHELD,
    FigureStatus.NOT_IN_DOCUMENT,
    FigureStatus.NOT_FOUND,
    FigureStatus.NOT_GIVEN,
}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str
    kind: str

    @property
    def slug(self) -> str:
        return period_slug(self.start, self.end, self.kind)

    def columns(self) -> dict:
        """The period as the four columns figures and records store it in."""
        return {
            "period_start": self.start,
            "period_end": self.end,
            "period_label": self.label,
            "period_kind": self.kind,
        }


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


class Problems(list):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}" if where else message)


def build_disclosure(
    path: Path, lists: CodeLists, sources_dir: Path, max_figures: int | None = None
) -> Bundle:
    """`max_figures`: how many figures the release still has room for (the loader passes what is
    left of limits.MAX_RELEASE_FIGURES; the whole of it by default)."""
    room = limits.MAX_RELEASE_FIGURES if max_figures is None else max_figures
    return _Builder(path, lists, sources_dir, room).build()


class _Builder:
    def __init__(self, path: Path, lists: CodeLists, sources_dir: Path, max_figures: int):
        self.path = path
        self.lists = lists
        self.sources_dir = sources_dir
        self.max_figures = max_figures
        self.problems = Problems()

    def fail_if_problems(self) -> None:
        if self.problems:
            raise SeedFileError(self.path, list(self.problems))

    # --- the whole file -----------------------------------------------------------------

    def build(self) -> Bundle:
        try:
            self.spec = DisclosureFileSchema().load(read_yaml(self.path))
        except ma.ValidationError as exc:
            raise SeedFileError(self.path, flatten_errors(exc.messages)) from None
        self.doc = SourceDocument(self._source_path())

        bundle = self._response()
        self.periods = {name: self._period(p, f"periods.{name}") for name, p in self.spec["periods"].items()}
        self._check_group_sizes()
        self.fail_if_problems()

        for i, group in enumerate(self.spec["groups"]):
            for j, raw in enumerate(self._expand(group)):
                self._add_figure(bundle, raw, f"groups[{i}].figures[{j}]", origin=f"groups[{i}]")
        for table in self.spec["tables"]:
            self._add_table(bundle, table)
        self._check_unique_ids(bundle)
        self.fail_if_problems()

        for spec in self.spec["derive"]:
            try:
                for figure in derive.derive(spec, bundle, self):
                    self._attach_caveats(
                        figure, ["derived-by-project", *spec["caveats"]], f"derive {spec['name']}"
                    )
                    bundle.figures.append(figure)
                    bundle.origin[figure.id] = spec["name"]
            except derive.DeriveError as exc:
                self.problems.add(f"derive {spec['name']}", str(exc))
        self._check_unique_ids(bundle)
        self._check_release_room(bundle)
        self.fail_if_problems()

        for check in self.spec["checks"]:
            for mismatch in checks.run(check, bundle):
                self.problems.add(f"check '{check['name']}'", mismatch)
        self.fail_if_problems()
        for position, figure in enumerate(bundle.figures):
            figure.position = position
        return bundle

    def _source_path(self) -> Path:
        try:
            path = source_path(self.sources_dir, self.spec["source"])
        except SourcePathError as exc:
            raise SeedFileError(self.path, [f"source: {exc}"]) from None
        if not path.is_file():
            raise SeedFileError(self.path, [f"source: document {path} not found"])
        return path

    def _check_group_sizes(self) -> None:
        """Count the figures each group describes before building any: an `expand` of a few
        hundred bytes can describe billions (the product of its lists)."""
        counts = [_figures_described(group) for group in self.spec["groups"]]
        for i, (group, count) in enumerate(zip(self.spec["groups"], counts, strict=True)):
            if count > limits.MAX_GROUP_FIGURES:
                self.problems.add(
                    f"groups[{i}].{'expand' if group['expand'] else 'figures'}",
                    f"describes {count:,} figures; a group may expand to at most "
                    f"{limits.MAX_GROUP_FIGURES:,} (seeds/limits.py)",
                )
        if sum(counts) > self.max_figures:
            self.problems.add("groups", f"describe {sum(counts):,} figures; {self._room()}")

    def _check_release_room(self, bundle: Bundle) -> None:
        if len(bundle.figures) > self.max_figures:
            self.problems.add(
                "", f"{len(bundle.figures):,} figures (groups, tables and derived); {self._room()}"
            )

    def _room(self) -> str:
        return (
            f"the release has room for {self.max_figures:,} more "
            f"(at most {limits.MAX_RELEASE_FIGURES:,} in all, seeds/limits.py)"
        )

    def _response(self) -> Bundle:
        s = self.spec
        for force_id in s["forces"]:
            if force_id not in self.lists.forces:
                self.problems.add("forces", f"unknown force '{force_id}' (see reference/forces.yaml)")
        for key in ("received", "responded", "data_as_of", "recording_system"):
            if s[key]:
                self.quote_line(s[key]["quote"], key)
        if s["method"]:
            self.quote_line(s["method"], "method")
        numbers = [q["number"] for q in s["questions"]]
        if len(set(numbers)) != len(numbers):
            self.problems.add("questions", "question numbers repeat")
        for q in s["questions"]:
            self.quote_line(q["text"], f"question {q['number']}")
        for e in s["exemptions"]:
            self.quote_line(e["quote"], f"exemption {e['section']}")
        for c in s["caveats"]:
            if c not in self.lists.caveats:
                self.problems.add("caveats", f"unknown caveat '{c}' (see reference/caveats.yaml)")

        dates = {k: s[k] for k in ("received", "responded", "data_as_of")}
        response = Disclosure(
            id=s["id"],
            reference=s["reference"],
            title=s["title"],
            responding_body=s["responding_body"],
            attribution_note=s["attribution_note"],
            received_date=dates["received"] and dates["received"]["date"],
            received_precision=dates["received"] and dates["received"]["precision"],
            response_date=dates["responded"] and dates["responded"]["date"],
            response_precision=dates["responded"] and dates["responded"]["precision"],
            data_as_of=dates["data_as_of"] and dates["data_as_of"]["date"],
            recording_system=s["recording_system"] and s["recording_system"]["name"],
            method=s["method"],
            source_file=s["source"],
            source_sha256=self.doc.sha256,
            source_text=self.doc.text,
            questions=[
                Question(number=q["number"], position=i, text=q["text"]) for i, q in enumerate(s["questions"])
            ],
            exemptions=[Exemption(**e) for e in s["exemptions"]],
        )
        rows = [
            DisclosureForce(response_id=s["id"], force_id=f, position=i) for i, f in enumerate(s["forces"])
        ]
        rows += [DisclosureCaveat(response_id=s["id"], caveat_id=c) for c in dict.fromkeys(s["caveats"])]
        return Bundle(path=self.path, response=response, rows=rows)

    # --- shared pieces ------------------------------------------------------------------

    def quote_line(self, quote: str, where: str) -> int | None:
        line = self.doc.line_of(quote)
        if line is None:
            self.problems.add(where, f"quote not found in {self.doc.path.name}: {quote[:80]!r}")
        return line

    def _as_written(self, label: str, where: str) -> None:
        if not self.doc.contains(label):
            self.problems.add(
                where, f"'{label}' is given as written, but it does not occur in {self.doc.path.name}"
            )

    def _period(self, spec: dict | str, where: str) -> Period | None:
        if isinstance(spec, str):
            if spec not in self.periods:
                self.problems.add(where, f"unknown period '{spec}' (define it under `periods`)")
                return None
            return self.periods[spec]
        try:
            spec = PeriodSchema().load(spec)
            if spec["start"] and spec["end"]:
                start, end = spec["start"], spec["end"]
            elif spec["kind"] == "financial_year":
                start, end = financial_year(spec["label"])
            elif spec["kind"] == "calendar_year":
                start, end = calendar_year(spec["label"])
            else:
                raise Unresolved("a range needs explicit `start` and `end` dates")
        except (ma.ValidationError, ValueError) as exc:  # ValueError: a date out of range (9999/00)
            self.problems.add(where, f"period: {getattr(exc, 'messages', exc)}")
            return None
        if start > end:
            self.problems.add(where, "period starts after it ends")
        return Period(start, end, spec["label"], spec["kind"])

    def resolve(self, kind: str, written: str, where: str) -> str | None:
        try:
            return getattr(self.lists, kind)(written)
        except Unresolved as exc:
            self.problems.add(where, str(exc))
            return None

    def _dimension(self, kind: str, spec: str | dict | None, where: str) -> tuple[str | None, str | None]:
        """(harmonised id, as written) for a platform, age band or gender given in a seed."""
        if spec is None:
            return None, None
        if isinstance(spec, str):
            spec = {"as_written": spec}
        written, explicit = spec.get("as_written"), spec.get("id")
        if not written or set(spec) - {"as_written", "id"}:
            self.problems.add(where, f"{kind} takes a label or {{as_written, id}}")
            return None, None
        self._as_written(written, f"{where}.{kind}")
        if explicit is not None:
            if explicit not in getattr(self.lists, f"{kind}s"):
                self.problems.add(where, f"unknown {kind} id '{explicit}'")
            return explicit, written
        return self.resolve(kind, written, f"{where}.{kind}"), written

    def offences(self, spec: str | list, where: str) -> list[FigureOffence]:
        if isinstance(spec, str):
            if spec not in self.spec["offence_sets"]:
                self.problems.add(where, f"unknown offence set '{spec}' (define it under `offence_sets`)")
                return []
            items = self.spec["offence_sets"][spec]
        else:
            try:
                items = OffenceSpecSchema(many=True).load(spec)
            except ma.ValidationError as exc:
                self.problems.add(where, f"offences: {exc.messages}")
                return []
        result = []
        for position, item in enumerate(items):
            self._as_written(item["as_written"], f"{where}.offences[{position}]")
            code = item["code"] and self.resolve(
                "offence_code", item["code"], f"{where}.offences[{position}]"
            )
            if item["code"] is None and not item["note"]:
                self.problems.add(
                    where, f"offence '{item['as_written']}' is left unmapped without a note saying why"
                )
            result.append(
                FigureOffence(
                    position=position,
                    code=code,
                    as_written=item["as_written"],
                    role=item["role"],
                    note=item["note"],
                )
            )
        return result

    def _attach_caveats(self, figure: Figure, caveat_ids: list[str], where: str) -> None:
        ordered = list(dict.fromkeys([*caveat_ids, *self.spec["caveats"]]))
        for c in ordered:
            if c not in self.lists.caveats:
                self.problems.add(where, f"unknown caveat '{c}' (see reference/caveats.yaml)")
        figure.caveat_links = [FigureCaveat(caveat_id=c, position=i) for i, c in enumerate(ordered)]

    def _check_unique_ids(self, bundle: Bundle) -> None:
        for kind, items in (("figure", bundle.figures), ("record", bundle.records)):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    self.problems.add("", f"two {kind}s share the id '{item.id}': give one an explicit `key`")
                seen.add(item.id)

    # --- figures written out in groups --------------------------------------------------

    def _expand(self, group: dict) -> list[dict]:
        defaults = group["defaults"]
        figures = [dict(f) for f in group["figures"]]
        if group["expand"]:
            names = list(group["expand"])
            figures += [
                dict(zip(names, combo, strict=True)) for combo in itertools.product(*group["expand"].values())
            ]
        merged = []
        for figure in figures:
            caveats = [*defaults.get("caveats", []), *figure.get("caveats", [])]
            merged.append({**defaults, **figure, "caveats": caveats})
        return merged

    def _add_figure(self, bundle: Bundle, raw: dict, where: str, origin: str) -> None:
        try:
            spec = FigureSpecSchema().load(raw)
        except ma.ValidationError as exc:
            for problem in flatten_errors(exc.messages):
                self.problems.add(where, problem)
            return
        status = FigureStatus(spec["status"])
        self._check_status(spec, status, where)
        if spec["force"] not in self.spec["forces"]:
            self.problems.add(where, f"force '{spec['force']}' is not one this response reports for")
        if spec["measure"] not in self.lists.measures:
            self.problems.add(where, f"unknown measure '{spec['measure']}' (see reference/measures.yaml)")
        if spec["question"] not in {q["number"] for q in self.spec["questions"]}:
            self.problems.add(where, f"unknown question '{spec['question']}'")
        line = self.quote_line(spec["quote"], where)
        period = self._period(spec["period"], where)
        platform_id, platform_written = self._dimension("platform", spec["platform"], where)
        band_id, band_written = self._dimension("age_band", spec["age_band"], where)
        gender_id, gender_written = self._dimension("gender", spec["gender"], where)
        if period is None:
            return
        key = spec["key"] or ".".join(
            p
            for p in (
                f"q{_slug(spec['question'])}",
                spec["force"],
                period.slug,
                platform_id,
                band_id,
                gender_id,
            )
            if p
        )
        figure = Figure(
            id=f"{self.spec['id']}.{key}",
            response_id=self.spec["id"],
            question_number=spec["question"],
            measure_id=spec["measure"],
            value=spec["value"],
            value_as_written=spec["as_written"]
            if spec["as_written"] is not None or spec["value"] is None
            else str(spec["value"]),
            status=status,
            exemption_section=spec["exemption"],
            force_id=spec["force"],
            **period.columns(),
            platform_id=platform_id,
            platform_as_written=platform_written,
            age_band_id=band_id,
            age_band_as_written=band_written,
            gender_id=gender_id,
            gender_as_written=gender_written,
            quote=spec["quote"],
            source_line=line,
            note=spec["note"],
            offences=self.offences(spec["offences"], where),
        )
        self._attach_caveats(figure, spec["caveats"], where)
        bundle.figures.append(figure)
        bundle.origin[figure.id] = origin

    def _check_status(self, spec: dict, status: FigureStatus, where: str) -> None:
        value = spec["value"]
        if status == FigureStatus.DERIVED:
            self.problems.add(
                where, "status derived is set by the loader's `derive` step, not written in a seed"
            )
        if status in VALUED:
            if value is None:
                self.problems.add(where, f"a {status.value} figure needs a value")
            else:
                # The number (or the words standing for it) must be in the quote: catches typos.
                written = spec["as_written"] or str(value)
                if not occurs_as_token(written, spec["quote"]):
                    self.problems.add(
                        where, f"value {written!r} does not occur in its quote {spec['quote'][:80]!r}"
                    )
        if status in VALUELESS and value is not None:
            self.problems.add(where, f"a {status.value} figure has no value; remove value {value}")
        sections = {e["section"] for e in self.spec["exemptions"]}
        if status == FigureStatus.WITHHELD and spec["exemption"] not in sections:
            self.problems.add(
                where, f"a withheld figure names one of this response's exemptions {sorted(sections)}"
            )
        if status != FigureStatus.WITHHELD and spec["exemption"]:
            self.problems.add(where, "only a withheld figure names an exemption")

    # --- tables parsed from the source ------------------------------------------------------

    def _add_table(self, bundle: Bundle, table: dict) -> None:
        name = table["name"]
        try:
            rows = parse_tab_table(
                self.doc.between(table["start"], table["end"]),
                table["columns"],
                sectioned=table["sections"] == "platform",
            )
        except (LookupError, TableError) as exc:
            self.problems.add(f"table {name}", str(exc))
            return
        if table["force"] not in self.spec["forces"]:
            self.problems.add(
                f"table {name}", f"force '{table['force']}' is not one this response reports for"
            )
        for row in rows:
            where = f"table {name} line {row.line.number}"
            if row.nil_return:
                self._add_nil_return(bundle, table, row, where)
            elif table["produces"] == "records":
                self._add_record(bundle, table, row, where)
            else:
                self._add_table_figure(bundle, table, row, where)

    def _row_period(self, table: dict, row, where: str) -> Period | None:
        return self._period({"label": row.cells["period"], "kind": table["period_kind"]}, where)

    def _add_record(self, bundle: Bundle, table: dict, row, where: str) -> None:
        cells = row.cells
        period = self._row_period(table, row, where)
        offence_written, offence_code, offence_note = self._record_offence(table, cells.get("offence"), where)
        age_written = cells.get("victim_age")
        age = int(age_written) if age_written and age_written.isdigit() else None
        if age_written and age is None and self.resolve("age_band", age_written, where) != "unknown":
            self.problems.add(
                where, f"victim age '{age_written}' is neither a whole number nor an 'age not known' label"
            )
        if period is None:
            return
        record = DisclosedRecord(
            id=f"{self.spec['id']}.{table['name']}.line-{row.line.number}",
            position=len(bundle.records),
            response_id=self.spec["id"],
            question_number=table["question"],
            force_id=table["force"],
            **period.columns(),
            offence_as_written=offence_written,
            offence_code=offence_code,
            offence_note=offence_note,
            outcome_as_written=cells.get("outcome"),
            outcome_id=cells.get("outcome") and self.resolve("outcome", cells["outcome"], where),
            platform_as_written=row.section,
            platform_id=row.section and self.resolve("platform", row.section, where),
            victim_age_as_written=age_written,
            victim_age=age,
            description=cells.get("description"),
            quote=row.line.text,
            source_line=row.line.number,
        )
        bundle.records.append(record)
        bundle.origin[record.id] = table["name"]

    def _record_offence(
        self, table: dict, cell: str | None, where: str
    ) -> tuple[str | None, str | None, str | None]:
        if cell is None:
            fixed = table["offence"]
            if fixed is None:
                return None, None, None
            self._as_written(fixed["as_written"], where)
            return fixed["as_written"], self.resolve("offence_code", fixed["code"], where), fixed["note"]
        labels = {label_key(k): v for k, v in self.spec["offence_labels"].items()}
        if (mapped := labels.get(label_key(cell))) is not None:
            code = mapped["code"] and self.resolve("offence_code", mapped["code"], where)
            return cell, code, mapped["note"]
        prefix = code_prefix(cell)
        if prefix is None:
            self.problems.add(
                where,
                f"crime banding '{cell}' has no code: map it under `offence_labels` "
                "(or leave it unmapped there, saying why)",
            )
            return cell, None, None
        code = self.resolve("offence_code", prefix, where)
        if code:
            # The title after the code must agree with the code list, or the code is suspect.
            written_title = cell.split(".", 1)[1].strip()
            official = self.lists.offence_codes[code].title
            if not label_key(official).startswith(label_key(written_title)):
                self.problems.add(where, f"banding '{cell}' does not match code {code}'s title '{official}'")
        return cell, code, None

    def _add_table_figure(self, bundle: Bundle, table: dict, row, where: str) -> None:
        cells = row.cells
        period = self._row_period(table, row, where)
        gender_written = band_written = None
        if "gender_and_age" in cells:
            try:
                gender_written, band_written = split_gender_and_age(cells["gender_and_age"])
            except Unresolved as exc:
                self.problems.add(where, str(exc))
        value_written = cells.get("value", "")
        if not value_written.isdigit():
            self.problems.add(where, f"count '{value_written}' is not a whole number")
            return
        if period is None:
            return
        platform_id = row.section and self.resolve("platform", row.section, where)
        band_id = band_written and self.resolve("age_band", band_written, where)
        gender_id = gender_written and self.resolve("gender", gender_written, where)
        self._append_table_figure(
            bundle,
            table,
            row,
            where,
            period,
            measure_id=table["measure"],
            value=int(value_written),
            value_as_written=value_written,
            status=FigureStatus.REPORTED,
            platform_id=platform_id,
            age_band_id=band_id,
            age_band_as_written=band_written,
            gender_id=gender_id,
            gender_as_written=gender_written,
            quote=row.line.text,
            source_line=row.line.number,
        )

    def _add_nil_return(self, bundle: Bundle, table: dict, row, where: str) -> None:
        spec = table["nil_return"]
        if spec is None:
            self.problems.add(where, "NIL RETURN found, but the table has no `nil_return` spec")
            return
        period = self._period(spec["period"], where)
        quote = f"{row.section}\n{NIL_RETURN}"
        line = self.quote_line(quote, where)
        if period is None:
            return
        self._append_table_figure(
            bundle,
            table,
            row,
            where,
            period,
            measure_id=spec["measure"],
            value=0,
            value_as_written=NIL_RETURN,
            status=FigureStatus.NIL_RETURN,
            platform_id=self.resolve("platform", row.section, where),
            quote=quote,
            source_line=line,
        )

    def _append_table_figure(
        self, bundle: Bundle, table: dict, row, where: str, period: Period, **columns
    ) -> None:
        """A figure read from one row of a parsed table (its id is the table and the line)."""
        figure = Figure(
            id=f"{self.spec['id']}.{table['name']}.line-{row.line.number}",
            response_id=self.spec["id"],
            question_number=table["question"],
            force_id=table["force"],
            platform_as_written=row.section,
            offences=[],
            **period.columns(),
            **columns,
        )
        self._attach_caveats(figure, table["caveats"], where)
        bundle.figures.append(figure)
        bundle.origin[figure.id] = table["name"]


def _figures_described(group: dict) -> int:
    """How many figures a group's `figures` and `expand` make, without making them."""
    expanded = math.prod(len(values) for values in group["expand"].values()) if group["expand"] else 0
    return len(group["figures"]) + expanded


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
