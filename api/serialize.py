"""ORM rows to the plain structures the schemas in `schema/` describe."""

from __future__ import annotations

from flask import url_for

from .models import Figure


def figure(f: Figure) -> dict:
    question = next((q for q in f.response.questions if q.number == f.question_number), None)
    source_url = url_for("responses.ResponseSource", response_id=f.response_id, _external=True)
    return {
        "id": f.id,
        "measure": f.measure_id,
        "value": f.value,
        "value_as_written": f.value_as_written,
        "unit": f.measure.unit,
        "status": f.status.value,
        "exemption": f.exemption_section,
        "force": {"id": f.force.id, "name": f.force.name, "ons_code": f.force.ons_code},
        "period": {
            "start": f.period_start,
            "end": f.period_end,
            "label": f.period_label,
            "kind": f.period_kind.value,
        },
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
            ],
            "platform": f.platform
            and {"id": f.platform.id, "label": f.platform.name, "as_written": f.platform_as_written},
            "age_band": f.age_band
            and {
                "id": f.age_band.id,
                "label": f.age_band.label,
                "as_written": f.age_band_as_written,
                "lower": f.age_band.lower,
                "upper": f.age_band.upper,
            },
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
            "url": f"{source_url}#L{f.source_line}" if f.source_line else source_url,
        },
        "derived_from": f.derived_from,
    }
