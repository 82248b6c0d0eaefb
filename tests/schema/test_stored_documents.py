"""The loader's DocumentRenderer writes what FigureSchema renders, as json.dumps would print it: the
loader renders its own objects, and what it stores is what the figures read back from the database
give, through marshmallow's own dump."""

from __future__ import annotations

import json

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from core.models import Disclosure, Figure, FigureCaveat, FigureDocument, FigureOffence, OffenceCode
from schema.fields import LinkBase
from schema.figures import BASE_PLACEHOLDER, FIGURE, ITEM_INDENT, DocumentRenderer
from tests.conftest import engine_for

# Everything FigureSchema reads, loaded with the figures.
FIGURE_LOADS = (
    selectinload(Figure.caveat_links).joinedload(FigureCaveat.caveat),
    selectinload(Figure.offences).joinedload(FigureOffence.offence).selectinload(OffenceCode.variants),
    selectinload(Figure.total_links),
    joinedload(Figure.force),
    joinedload(Figure.measure),
    joinedload(Figure.platform),
    joinedload(Figure.age_band),
    joinedload(Figure.gender),
    joinedload(Figure.outcome),
    joinedload(Figure.response).selectinload(Disclosure.questions),
)


def plainly(figure: Figure) -> str:
    """The document as FigureSchema renders it, each figure on its own, through json.dumps."""
    with LinkBase(BASE_PLACEHOLDER):
        text = json.dumps(FIGURE.dump(figure), indent=2, ensure_ascii=False)
    return ITEM_INDENT + text.replace("\n", "\n" + ITEM_INDENT)


def test_every_stored_document_is_the_schemas_rendering_of_its_figure(any_app):
    engine = engine_for(any_app.config["DATABASE_URL"])
    with Session(engine) as session:
        figures = session.scalars(select(Figure).options(*FIGURE_LOADS).order_by(Figure.id)).all()
        stored = dict(session.execute(select(FigureDocument.figure_id, FigureDocument.document)).all())
        assert len(stored) == len(figures) > 0
        renderer = DocumentRenderer()
        for figure in figures:  # shared pieces dumped once give what each figure alone does
            assert stored[figure.id] == renderer.render(figure) == plainly(figure), figure.id
    engine.dispose()


def test_orjson_prints_what_json_dumps_prints():
    awkward = "".join(map(chr, range(0x30))) + "\\\"'/<>&\x7f\x80\x85\x9f\u2028\u2029\ufeffé–\U0001f600"
    document = {
        "text": awkward,
        "empty": [],
        "nothing": {},
        "values": [0, -5, 2**62, None, True, False, ""],
        "nested": [{"list": [{"a": awkward}], "null": None}],
    }
    assert orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() == json.dumps(
        document, indent=2, ensure_ascii=False
    )
