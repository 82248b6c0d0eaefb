"""ORM rows to the plain structures the schemas in `schema/` describe."""

from __future__ import annotations

from core.models import DisclosedRecord, Disclosure, Force, OffenceCode, Platform
from schema.figure_documents import force_ref, period

from . import links


def _url(endpoint: str, **values) -> str:
    return links.url(endpoint, **values)


def source_url(response_id: str, line: int | None = None) -> str:
    url = _url("responses.ResponseSource", response_id=response_id)
    return f"{url}#L{line}" if line else url


def force(f: Force, counts: dict) -> dict:
    return {
        "id": f.id, "name": f.name, "ons_code": f.ons_code, "ons_name": f.ons_name, "kind": f.kind, "note": f.note,
        "counts": {"responses": counts.get("responses", 0), "figures": counts.get("figures", 0)},
        "links": {
            "self": _url("forces.ForceById", force_id=f.id),
            "responses": _url("responses.Responses", force=f.id),
            "figures": _url("figures.Figures", force=f.id),
        },
    }  # fmt: skip


def _dated(date, precision) -> dict | None:
    return {"date": date, "precision": precision.value} if date else None


def response_summary(r: Disclosure) -> dict:
    return {
        "id": r.id,
        "reference": r.reference,
        "title": r.title,
        "responding_body": r.responding_body,
        "forces": [force_ref(f) for f in r.forces],
        "responded": _dated(r.response_date, r.response_precision),
        "links": {
            "self": _url("responses.ResponseById", response_id=r.id),
            "source": source_url(r.id),
            "figures": _url("figures.Figures", response=r.id),
            "records": _url("records.Records", response=r.id),
        },
    }


def response(r: Disclosure, counts: dict) -> dict:
    return {
        **response_summary(r),
        "attribution_note": r.attribution_note,
        "received": _dated(r.received_date, r.received_precision),
        "data_as_of": r.data_as_of,
        "recording_system": r.recording_system,
        "questions": [{"number": q.number, "text": q.text} for q in r.questions],
        "method": r.method,
        "exemptions": [
            {"section": e.section, "title": e.title, "covers": e.covers, "quote": e.quote}
            for e in r.exemptions
        ],
        "caveats": [{"id": c.id, "kind": c.kind.value, "text": c.text} for c in r.caveats],
        "counts": counts,
        "source": {"file": r.source_file, "sha256": r.source_sha256, "url": source_url(r.id)},
    }


def offence_code(code: OffenceCode, children: list[dict]) -> dict:
    return {
        "code": code.code, "title": code.title, "group": code.group, "umbrella": code.umbrella,
        "legislation": code.legislation, "confidence": code.confidence, "note": code.note,
        "variants": sorted(v.variant for v in code.variants),
        "parent": code.parent and {"code": code.parent.code, "title": code.parent.title},
        "children": children,
        "links": {
            "self": _url("offence_codes.OffenceCodeById", code=code.code),
            "figures": _url("figures.Figures", offence=code.code, include_children="true"),
            "records": _url("records.Records", offence=code.code, include_children="true"),
        },
    }  # fmt: skip


def offence_tree(codes: list[OffenceCode], root: OffenceCode | None = None) -> list[dict] | dict:
    """Codes nested under their parents; with `root`, that code and its descendants."""
    children_of: dict[str | None, list[OffenceCode]] = {}
    for code in codes:
        children_of.setdefault(code.parent_code, []).append(code)

    def node(code: OffenceCode) -> dict:
        return offence_code(code, [node(child) for child in children_of.get(code.code, [])])

    return node(root) if root is not None else [node(code) for code in children_of.get(None, [])]


def platform(p: Platform, names: dict[str, str], predecessors: list[Platform]) -> dict:
    return {
        "id": p.id, "name": p.name, "owner": p.owner,
        "aliases": sorted({a.alias for a in p.aliases}),
        "successor": p.successor_id and {"id": p.successor_id, "name": names[p.successor_id]},
        "predecessors": [{"id": q.id, "name": q.name} for q in predecessors],
        "history": p.history, "confidence": p.confidence,
        "links": {
            "self": _url("platforms.PlatformById", platform_id=p.id),
            "figures": _url("platform_mentions.PlatformMentions", platform=p.id),
            "records": _url("records.Records", platform=p.id),
        },
    }  # fmt: skip


def record(r: DisclosedRecord) -> dict:
    return {
        "id": r.id,
        "response": {"id": r.response_id, "reference": r.response.reference,
                     "url": _url("responses.ResponseById", response_id=r.response_id)},
        "question": r.question_number,
        "force": force_ref(r.force),
        "period": period(r),
        "offence": r.offence_as_written is not None and {
            "id": r.offence_code, "label": r.offence.title if r.offence else None,
            "as_written": r.offence_as_written, "note": r.offence_note,
        } or None,
        "outcome": r.outcome_as_written is not None and {
            "id": r.outcome_id, "label": r.outcome.title if r.outcome else None,
            "as_written": r.outcome_as_written, "framework": r.outcome.framework if r.outcome else None,
        } or None,
        "platform": r.platform_as_written and {
            "id": r.platform_id, "label": r.platform.name if r.platform else None, "as_written": r.platform_as_written,
        },
        "victim": {
            "age": r.victim_age, "age_as_written": r.victim_age_as_written,
            "gender": r.victim_gender_as_written and {
                "id": r.victim_gender_id, "label": r.gender.label if r.gender else None,
                "as_written": r.victim_gender_as_written,
            },
        },
        "description": r.description,
        "source": {"quote": r.quote, "line": r.source_line, "url": source_url(r.response_id, r.source_line)},
    }  # fmt: skip
