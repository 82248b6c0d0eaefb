"""seeds/inserts.py: objects made from their columns, and written with one INSERT per table."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import Figure, FigureCaveat, FigureStatus, Force, OffenceCode
from seeds.inserts import insert_objects, new_row
from tests.conftest import engine_for

COLUMNS = {
    "id": "a.table.line-3",
    "position": 0,
    "response_id": "a",
    "question_number": "1",
    "measure_id": "victims",
    "value": 3,
    "value_as_written": "3",
    "status": FigureStatus.REPORTED,
    "force_id": "kent",
    "period_start": dt.date(2017, 4, 1),
    "period_end": dt.date(2018, 3, 31),
    "period_label": "2017/18",
    "period_kind": "financial_year",
    "quote": "2017/18\t3",
    "breakdown": "",
}


def test_a_new_row_reads_as_the_constructors_object_does():
    made, built = new_row(Figure, **COLUMNS), Figure(**COLUMNS)
    for prop in Figure.__mapper__.column_attrs:
        assert getattr(made, prop.key) == getattr(built, prop.key), prop.key
    assert made.offences == [] and made.caveat_links == []
    made.caveat_links = [new_row(FigureCaveat, caveat_id="keyword-search", position=0)]
    assert [c.caveat_id for c in made.caveat_links] == ["keyword-search"]


@pytest.mark.parametrize("name", ["no_such_column", "caveat_links", "force"])
def test_a_new_row_takes_columns_only(name):
    with pytest.raises(TypeError, match=f"Figure has no column {name}"):
        new_row(Figure, **COLUMNS, **{name: None})


def test_inserting_a_parent_given_as_an_object_rather_than_its_id_is_refused():
    figure = Figure(**COLUMNS, force=Force(id="kent"))
    with pytest.raises(ValueError, match="has force set as objects: give their ids instead"):
        insert_objects(Session(), [figure])


def test_a_model_with_column_defaults_is_left_to_the_unit_of_work():
    with pytest.raises(TypeError, match="OffenceCode has column defaults"):
        insert_objects(Session(), [OffenceCode(code="22B", title="Sexual activity")])


def test_children_are_inserted_with_their_parents_key_and_unset_columns_are_null(database_url):
    engine = engine_for(database_url)
    with Session(engine) as session:
        response, force = session.execute(select(Figure.response_id, Figure.force_id).limit(1)).one()
        figure = new_row(
            Figure, **{**COLUMNS, "id": "test.inserted", "response_id": response, "force_id": force}
        )
        figure.caveat_links = [
            new_row(FigureCaveat, caveat_id="keyword-search", position=0),
            new_row(FigureCaveat, caveat_id="platforms-overlap", position=1),
        ]
        insert_objects(session, [figure])
        stored = session.get(Figure, "test.inserted")
        assert (stored.value, stored.status) == (3, FigureStatus.REPORTED)
        assert session.scalar(select(Figure.derived_from.is_(None)).where(Figure.id == stored.id))  # SQL NULL
        assert [(c.caveat_id, c.position) for c in stored.caveat_links] == [
            ("keyword-search", 0),
            ("platforms-overlap", 1),
        ]
        session.rollback()
    engine.dispose()
