"""Resolve a table's label cells against the code lists: which dimension each column is
(platform, outcome, age band, gender, force or period), the id each label resolves to, and for a
label that resolves to nothing, the nearest entries."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from core.harmonise import (
    Unresolved,
    alias_key,
    calendar_year,
    code_prefix,
    financial_year,
    label_key,
    split_gender_and_age,
)

from ..reference import CodeLists

DIMENSIONS = ["period", "platform", "outcome", "gender", "age_band", "force", "offence"]
# Words in a column's heading that name its dimension ("Financial Year", "Social media site").
HEADER_WORDS = {
    "period": ("year", "period", "month", "quarter"),
    "platform": ("platform", "app", "site", "social media", "website", "service"),
    "outcome": ("outcome", "result", "disposal"),
    "gender": ("gender", "sex"),
    "age_band": ("age",),
    "force": ("force", "constabulary", "police"),
    "offence": ("offence", "crime", "code", "classification"),
}
TOTAL_WORDS = {"total", "grand total", "totals", "all"}
REFERENCE_FILE = {
    "platform": "platforms.yaml",
    "outcome": "outcome_types.yaml",
    "gender": "genders.yaml",
    "age_band": "age_bands.yaml",
    "force": "forces.yaml",
}


@dataclass(frozen=True)
class Label:
    """One label cell, resolved or not."""

    dimension: str | None  # None: the column matches no code list
    written: str
    id: str | None  # the id it resolves to (a period: its kind); None if it does not resolve
    nearest: tuple[str, ...] = ()  # for an unresolved label: the closest ids, best first


def period_kind(written: str) -> str | None:
    """calendar_year for `2015`, financial_year for `14/15` or `2014/15`, range for a total,
    None for anything else."""
    for kind, reader in (("calendar_year", calendar_year), ("financial_year", financial_year)):
        try:
            reader(written)
            return kind
        except Unresolved:
            pass
    return "range" if label_key(written) in TOTAL_WORDS else None


class LabelResolver:
    def __init__(self, lists: CodeLists):
        self.lists = lists
        self._force_names = {
            label_key(text): f.id
            for f in lists.forces.values()
            for text in (f.name, f.ons_name, f.id)
            if text
        }

    def resolve(self, dimension: str, written: str) -> str | None:
        if dimension == "period":
            return period_kind(written)
        if dimension == "force":
            return self._force_names.get(label_key(written))
        if dimension == "offence":
            return self._offence_code(written)
        try:
            return getattr(self.lists, dimension)(written)
        except Unresolved:
            return None

    def _offence_code(self, written: str) -> str | None:
        """A Home Office code as written (`088A`), or the code a banding starts with (`22B. ...`)."""
        for candidate in (written, code_prefix(written)):
            try:
                return self.lists.offence_code(candidate) if candidate else None
            except Unresolved:
                continue
        return None

    def _gender_and_age(self, written: str) -> bool:
        try:
            gender, age = split_gender_and_age(written)
        except Unresolved:
            return False
        return bool(self.resolve("gender", gender) and self.resolve("age_band", age))

    def column_dimension(self, heading: str | None, cells: list[str]) -> str | None:
        """The dimension a column's heading names, else the one that resolves most of its cells
        (totals aside)."""
        if heading:
            words = label_key(heading)
            if re.search(r"\b(gender|sex)\b", words) and re.search(r"\bage\b", words):
                return "gender_and_age"  # "Gender & Age": `Female 13`
            for dimension, hints in HEADER_WORDS.items():
                if any(re.search(rf"\b{re.escape(h)}", words) for h in hints):
                    return dimension
        cells = [c for c in cells if label_key(c) not in TOTAL_WORDS] or cells
        scores = {d: sum(1 for c in cells if self.resolve(d, c)) for d in DIMENSIONS}
        scores["gender_and_age"] = sum(1 for c in cells if self._gender_and_age(c))
        best = max(scores, key=lambda d: scores[d])
        return best if scores[best] else None

    def label(self, dimension: str | None, written: str) -> Label:
        if dimension is None:
            return Label(None, written, None, self.nearest_anywhere(written))
        found = self.resolve(dimension, written)
        return Label(dimension, written, found, () if found else self.nearest(dimension, written))

    def nearest(self, dimension: str, written: str, n: int = 3) -> tuple[str, ...]:
        """The ids whose spellings are closest to what was written."""
        if dimension == "period":
            return ()
        spellings = self._spellings(dimension)
        key = alias_key(written) if dimension == "platform" else label_key(written)
        close = difflib.get_close_matches(key, list(spellings), n=n * 3, cutoff=0.5)
        return tuple(dict.fromkeys(spellings[c] for c in close))[:n]

    def nearest_anywhere(self, written: str) -> tuple[str, ...]:
        return tuple(f"{d} {i}" for d in DIMENSIONS for i in self.nearest(d, written, n=2))

    def _spellings(self, dimension: str) -> dict[str, str]:
        """Matching key -> id, for every spelling of an entry of the list (ids included)."""
        lists = self.lists
        if dimension == "force":
            return self._force_names
        if dimension == "offence":
            codes = self.lists.offence_codes
            return {
                **{label_key(c.title): code for code, c in codes.items()},
                **{label_key(c): c for c in codes},
            }
        aliases = {
            "platform": lists.platform_aliases,
            "outcome": {
                **{label_key(o.title): i for i, o in lists.outcomes.items()},
                **lists.outcome_aliases,
            },
            "gender": lists.gender_aliases,
            "age_band": lists.age_band_aliases,
        }[dimension]
        ids = {
            alias_key(i) if dimension == "platform" else label_key(i): i
            for i in getattr(lists, f"{dimension}s")
        }
        return {**ids, **aliases}
