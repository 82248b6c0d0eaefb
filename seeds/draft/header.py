"""Propose a seed file's header from the document: reference, forces, dates and questions, each
with the words it was found in; None where the document does not show it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from core.harmonise import fold, label_key

from ..reference import CodeLists
from .document import DocLine

_REFERENCE = re.compile(
    r"\bReference\s*(?:N\^?o\.?|No\.?|Number|Ref\.?)?\s*[:.]?\s*((?:FOI\s*)?[A-Z0-9][A-Z0-9/\-]*\d[A-Z0-9/\-]*)",
    re.IGNORECASE,
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Z][a-z]+)\s+(\d{4})"
_RECEIVED = re.compile(r"\breceived\b[^.]{0,60}?\b" + _DAY)
_MONTH_ONLY = re.compile(r"^([A-Z][a-z]+)\s+(\d{4})$")
_DATED_LINE = re.compile(r"^(?:Date[d:]?\s*:?\s*)?" + _DAY + r"\.?$")
# "1. How many ...?", "- 1 How many ...?", "Q1 How many ...?": a question the document prints.
_QUESTION = re.compile(r"^\s*(?:[-•*]\s*)?(?:Q(?:uestion)?\s*)?(\d{1,2})[.):]?\s+(.*\?.*)$", re.IGNORECASE)
# "- 2 For each report can you please provide ...": a bulleted, numbered request without a "?".
_BULLETED = re.compile(r"^\s*[-•]\s*(\d{1,2})\s+(\S.{15,})$")
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}  # fmt: skip


@dataclass
class QuotedDate:
    date: dt.date
    precision: str
    quote: str


@dataclass
class Header:
    reference: str | None = None
    forces: list[str] = field(default_factory=list)
    responding_body: str | None = None
    received: QuotedDate | None = None
    responded: QuotedDate | None = None
    questions: list[tuple[str, str]] = field(default_factory=list)  # (number, text as printed)
    question_lines: set[int] = field(default_factory=set)
    dated_lines: set[int] = field(default_factory=set)  # lines giving the header's dates


def propose_header(lines: list[DocLine], lists: CodeLists) -> Header:
    header = Header()
    for line in lines:
        text = fold(line.text)
        if header.reference is None and (m := _REFERENCE.search(text)):
            header.reference = m[1]
        if header.received is None and (found := _received(line.text)):
            header.received = found
            header.dated_lines.add(line.number)
        if header.responded is None and (found := _responded(text)):
            header.responded = found
            header.dated_lines.add(line.number)
        if (m := _QUESTION.match(line.text) or _BULLETED.match(line.text)) and m[1] not in {
            n for n, _ in header.questions
        }:
            header.questions.append((m[1], m[2].strip()))
            header.question_lines.add(line.number)
    header.forces, header.responding_body = _forces(lines, lists)
    return header


def _date(day: str, month: str, year: str) -> dt.date | None:
    number = MONTHS.get(month.lower())
    try:
        return dt.date(int(year), number, int(day)) if number else None
    except ValueError:
        return None


def _received(text: str) -> QuotedDate | None:
    m = _RECEIVED.search(text)
    if not m or not (date := _date(m[1], m[2], m[3])):
        return None
    whole = text.strip()
    return QuotedDate(date, "day", whole if len(whole) <= 80 else m[0])


def _responded(text: str) -> QuotedDate | None:
    """A line that is only a date: the letter's own date (a day, or a month and year)."""
    if (m := _DATED_LINE.match(text)) and (date := _date(m[1], m[2], m[3])):
        return QuotedDate(date, "day", text)
    if (m := _MONTH_ONLY.match(text)) and (number := MONTHS.get(m[1].lower())):
        return QuotedDate(dt.date(int(m[2]), number, 1), "month", text)
    return None


def _forces(lines: list[DocLine], lists: CodeLists) -> tuple[list[str], str | None]:
    """The forces whose full names the document prints (the first is taken to have answered)."""
    text = label_key(" ".join(line.text for line in lines))
    named = [(text.find(label_key(f.name)), f) for f in lists.forces.values() if label_key(f.name) in text]
    named.sort(key=lambda pair: pair[0])
    return [f.id for _, f in named], (named[0][1].name if named else None)
