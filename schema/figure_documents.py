"""Each figure's JSON document, rendered once per release at load time and stored beside it.

A figure's representation depends only on the release, except for the public base URL its links
start with; documents are stored with BASE_PLACEHOLDER there, which the API replaces with its
configured base. Serving a page of figures is then a query and some string joining, with no
per-figure serialisation (see bench/README.md for what that buys). The shape is the one
FigureSchema (schema/figures.py) documents; a test checks every stored document against it.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from core.citation import citation
from core.models import Figure, Force

BASE_PLACEHOLDER = "https://base.foi-stats.invalid"
ITEM_INDENT = " " * 4  # where a figure sits inside {"data": [...]} pretty-printed with indent=2


def source_path(response_id: str, line: int | None = None) -> str:
    """The path of a response's stored source document, at a line when given."""
    path = f"/v1/responses/{quote(response_id, safe='')}/source"
    return f"{path}#L{line}" if line else path


def force_ref(force: Force) -> dict:
    return {"id": force.id, "name": force.name, "ons_code": force.ons_code}


def period(row) -> dict:
    return {
        "start": row.period_start,
        "end": row.period_end,
        "label": row.period_label,
        "kind": row.period_kind.value,
    }


def figure_document(f: Figure, base: str) -> dict:
    """A figure as the API shows it; URLs start with `base`."""
    question = next((q for q in f.response.questions if q.number == f.question_number), None)
    return {
        "id": f.id,
        "measure": f.measure_id,
        "value": f.value,
        "value_as_written": f.value_as_written,
        "unit": f.measure.unit,
        "status": f.status.value,
        "exemption": f.exemption_section,
        "force": force_ref(f.force),
        "period": period(f),
        "dimensions": {
            "offences": [
                {
                    "id": o.code,
                    "label": o.offence.title if o.offence else None,
                    "as_written": o.as_written,
                    "role": o.role.value,
                    "note": o.note,
                }
                for o in f.offences
            ],  # fmt: skip
            "platform": f.platform
            and {"id": f.platform.id, "label": f.platform.name, "as_written": f.platform_as_written},
            "age_band": f.age_band
            and {
                "id": f.age_band.id,
                "label": f.age_band.label,
                "as_written": f.age_band_as_written,
                "lower": f.age_band.lower,
                "upper": f.age_band.upper,
            },  # fmt: skip
            "gender": f.gender
            and {"id": f.gender.id, "label": f.gender.label, "as_written": f.gender_as_written},
        },
        "caveats": [
            {"id": c.caveat.id, "kind": c.caveat.kind.value, "text": c.caveat.text} for c in f.caveat_links
        ],
        "note": f.note,
        "source": {
            "response_id": f.response_id,
            "reference": f.response.reference,
            "question": f.question_number,
            "question_text": question.text if question else "",
            "quote": f.quote,
            "line": f.source_line,
            "url": base + source_path(f.response_id, f.source_line),
        },
        "derived_from": f.derived_from,
        "citation": citation(f),
        "links": {"self": f"{base}/v1/figures/{quote(f.id, safe='')}"},
    }


def render(figure: Figure) -> str:
    """The figure as the API shows it, pretty-printed and indented to sit in a list's `data`."""
    text = json.dumps(figure_document(figure, BASE_PLACEHOLDER), indent=2, ensure_ascii=False, default=str)
    return "\n".join(ITEM_INDENT + line for line in text.splitlines())


def as_object(document: str, base: str) -> dict:
    """A stored document back as a dict (for CSV and single figures)."""
    return json.loads(document.replace(BASE_PLACEHOLDER, base))
