"""Answers given in words rather than in a table: a count after the question's number
(`Q1 - 41 offences.`), a refusal on cost (section 12) and information not held."""

from __future__ import annotations

import re

from .document import DocLine
from .figures import TODO, Context, Figure, Group, question_for, slug
from .tables import ANSWER_PREFIX
from .values import read_value

_COUNT_ANSWER = re.compile(r"^(\d[\d,]*)\s+[A-Za-z]")
_REFUSED_COST = re.compile(r"\bsection 12\b|\bappropriate limit\b|\bcost limit\b", re.IGNORECASE)
_NOT_HELD = re.compile(
    r"\bnot held\b|\bdo(?:es)? not hold\b|\bno (?:such )?information is held\b", re.IGNORECASE
)
_COST_STATED = re.compile(r"\b\d+(?:\.\d+)?\s*hours?\b|£\s?\d", re.IGNORECASE)


def answer_groups(ctx: Context, lines: list[DocLine], skip: set[int]) -> list[Group]:
    """Answers in words, outside the tables and the printed questions."""
    groups = []
    for line in lines:
        if line.number in skip or not line.text.strip():
            continue
        for figure in _answers(ctx, line):
            question = question_for(ctx, line.number)
            defaults, comments = ctx.defaults(question, "offences_recorded", with_period=True)
            groups.append(
                Group(
                    line.number,
                    question,
                    defaults,
                    [figure],
                    [f"an answer in words, {line.ref()}", *comments],
                )
            )
    return groups


def _answers(ctx: Context, line: DocLine) -> list[Figure]:
    prefix = ANSWER_PREFIX.match(line.text)
    rest = line.text[prefix.end() :] if prefix else line.text
    question = question_for(ctx, line.number)
    if prefix and (m := _COUNT_ANSWER.match(rest.strip())) and read_value(m[1]):
        return [Figure({"value": read_value(m[1]).value, "quote": line.text.strip()}, line.ref())]
    found = []
    sentences = re.split(r"(?<=[.!?])\s+", rest.strip())
    stated = " ".join(s for s in sentences if _COST_STATED.search(s))
    for sentence in sentences:
        if _REFUSED_COST.search(sentence):
            note = f"The letter: {stated!r}" if stated else f"{TODO}: the hours or cost the force stated"
            fields = {"key": ctx.key(f"q{slug(question)}.refused-cost"), "status": "refused_cost"}
            found.append(Figure({**fields, "quote": sentence, "note": note}, line.ref()))
        elif _NOT_HELD.search(sentence):
            fields = {"key": ctx.key(f"q{slug(question)}.not-held"), "status": "not_held"}
            found.append(Figure({**fields, "quote": sentence}, line.ref()))
    return found
