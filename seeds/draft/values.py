"""What a value cell says: a count, a nil return, or a small number suppressed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.harmonise import fold

NIL_WORDS = {"nil return", "nil", "none"}
_COUNT = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_BELOW = re.compile(r"^(?:<|less than |fewer than |under )\s*(\d+)$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
SUPPRESSION_MARKS = {"*", "**", "x", "~", "#"}


@dataclass(frozen=True)
class Reading:
    status: str  # reported, nil_return or suppressed
    value: int | None = None
    as_written: str | None = None  # only where the figure needs it (not a plain count)
    lower: int | None = None
    upper: int | None = None


def read_value(cell: str) -> Reading | None:
    """The reading of a value cell, or None if it is not one (a label, a date, prose)."""
    text = fold(cell).rstrip(".")
    if _COUNT.match(text):
        return Reading("reported", int(text.replace(",", "")))
    if text.lower() in NIL_WORDS:
        return Reading("nil_return", 0, as_written=cell.strip())
    if text in SUPPRESSION_MARKS:
        return Reading("suppressed", as_written=cell.strip())
    if m := _BELOW.match(text):
        return Reading("suppressed", as_written=cell.strip(), lower=0, upper=int(m[1]) - 1)
    if (m := _RANGE.match(text)) and int(m[1]) < int(m[2]) <= 10:
        # "1-4": a small number hidden in a band; a wide range is more likely a label (years, ages).
        return Reading("suppressed", as_written=cell.strip(), lower=int(m[1]), upper=int(m[2]))
    return None
