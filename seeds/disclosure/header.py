"""The response row: who answered, when, to which questions, with which exemptions and caveats."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.models import (
    CopyKind,
    Disclosure,
    DisclosureCaveat,
    DisclosureForce,
    Exemption,
    Question,
    ResponseDocument,
    SourceFormat,
)
from schema.seed_files.disclosures import MAIN

from ..extract import MEDIA_TYPES
from ..source_document import SourceDocument
from .context import Bundle, DisclosureContext

DATED = ("received", "responded", "data_as_of")


def response_bundle(path: Path, spec: dict, documents: dict[str, SourceDocument]) -> Bundle:
    """The response and its association rows, with no figures yet."""
    doc = documents[MAIN]
    response = Disclosure(
        id=spec["id"],
        reference=spec["reference"],
        title=spec["title"],
        responding_body=spec["responding_body"],
        attribution_note=spec["attribution_note"],
        received_date=_part(spec, "received", "date"),
        received_precision=_part(spec, "received", "precision"),
        response_date=_part(spec, "responded", "date"),
        response_precision=_part(spec, "responded", "precision"),
        data_as_of=_part(spec, "data_as_of", "date"),
        recording_system=_part(spec, "recording_system", "name"),
        method=spec["method"],
        scope=spec["scope"],
        discrepancies=[
            {"check": check["name"], **{k: d[k] for k in ("group", "left", "right", "reading")}}
            for check in spec["checks"]
            for d in check["discrepancies"]
        ],
        source_file=spec["source"]["file"],
        source_sha256=doc.sha256,
        questions=[
            Question(
                number=q["number"], position=i, text=q["text"], scope=q["scope"], paraphrased=q["paraphrased"]
            )
            for i, q in enumerate(spec["questions"])
        ],
        exemptions=[Exemption(**e) for e in spec["exemptions"]],
        documents=[
            _document_row(d, documents[d["name"]], i)
            for i, d in enumerate([spec["source"], *spec["attachments"]])
        ],
    )
    rows = [
        DisclosureForce(response_id=spec["id"], force_id=f, position=i) for i, f in enumerate(spec["forces"])
    ]
    rows += [DisclosureCaveat(response_id=spec["id"], caveat_id=c) for c in dict.fromkeys(spec["caveats"])]
    return Bundle(path=path, response=response, rows=rows)


def _document_row(d: dict, doc: SourceDocument, position: int) -> ResponseDocument:
    fmt = SourceFormat(d["format"])
    return ResponseDocument(
        name=d["name"],
        position=position,
        file=d["file"],
        format=fmt,
        media_type=MEDIA_TYPES[fmt],
        origin_url=d["url"],
        published=d["published"],
        retrieved=d["retrieved"],
        copy=CopyKind(d["copy"]),
        excerpt_note=d["excerpt"],
        original_sha256=hashlib.sha256(doc.original).hexdigest(),
        text_sha256=doc.sha256,
        text=doc.text,
        original=doc.original,
    )


def _part(spec: dict, key: str, part: str):
    """One part of an optional entry (`received.date`), or the entry's own falsy value."""
    return spec[key] and spec[key][part]


def check_response(ctx: DisclosureContext) -> None:
    s = ctx.spec
    for force_id in s["forces"]:
        if force_id not in ctx.lists.forces:
            ctx.report("forces", f"unknown force '{force_id}' (see reference/forces.yaml)")
    for key in (*DATED, "recording_system"):
        if s[key]:
            ctx.quote_line(s[key]["quote"], key)
    if s["method"]:
        ctx.quote_line(s["method"], "method")
    numbers = [q["number"] for q in s["questions"]]
    if len(set(numbers)) != len(numbers):
        ctx.report("questions", "question numbers repeat")
    check_scope(ctx, s["scope"], "scope")
    for q in s["questions"]:
        if not q["paraphrased"]:
            ctx.quote_line(q["text"], f"question {q['number']}")
        check_scope(ctx, q["scope"], f"question {q['number']} scope")
    for e in s["exemptions"]:
        ctx.quote_line(e["quote"], f"exemption {e['section']}")
    for c in s["caveats"]:
        if c not in ctx.lists.caveats:
            ctx.report("caveats", ctx.unknown_caveat(c))


def check_scope(ctx: DisclosureContext, scope: dict | None, where: str) -> None:
    """A scope is backed by the document: its quote and every keyword occur in it."""
    if scope is None:
        return
    ctx.quote_line(scope["quote"], where)
    for keyword in scope["keywords"]:
        ctx.check_as_written(keyword, f"{where} keyword")
    for caveat in scope["caveats"]:
        if caveat not in ctx.lists.caveats:
            ctx.report(where, ctx.unknown_caveat(caveat))
