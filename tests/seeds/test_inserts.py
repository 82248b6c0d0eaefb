"""seeds/inserts.py: objects made from their columns, and written with one INSERT per table."""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.models import (
    Base,
    Disclosure,
    Figure,
    FigureCaveat,
    FigureDocument,
    FigureOffence,
    FigureStatus,
    Force,
    OffenceCode,
)
from seeds import inserts
from seeds.inserts import (
    assign,
    attributes_read_from_dicts,
    insert_objects,
    insert_rows,
    link_parents,
    new_row,
    read_attributes_from_dicts,
    rows_by_key,
)
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


@pytest.mark.parametrize("name", ["no_such_column", "force", "caveats"])
def test_a_new_row_takes_columns_and_child_collections_only(name):
    with pytest.raises(TypeError, match=f"Figure has no column or child collection {name}"):
        new_row(Figure, **COLUMNS, **{name: None})


def test_a_new_rows_child_collection_is_its_own_list():
    links = [new_row(FigureCaveat, caveat_id="keyword-search", position=0)]
    figure = new_row(Figure, **COLUMNS, caveat_links=links)
    assert figure.caveat_links is links
    assign(figure, caveat_links=[])
    assert figure.caveat_links == []


def test_linked_parents_read_as_a_join_would():
    kent, code = Force(id="kent", name="Kent Police"), OffenceCode(code="22B", title="Sexual activity")
    figure = new_row(Figure, **COLUMNS, caveat_links=[new_row(FigureCaveat, caveat_id="nowhere", position=0)])
    figure.offences = [FigureOffence(position=0, code="22B", as_written="22B", role="counted")]
    link_parents(figure, rows_by_key([kent, code]))
    assert figure.force is kent
    assert figure.measure is None  # its id names no row given: nothing, as a join finding none
    assert figure.platform is None and figure.note is None  # never set: NULL, as read back
    assert figure.offences[0].offence is code
    assert figure.caveat_links[0].caveat is None
    assert figure.total_links == []


def reads(swapped: bool) -> dict:
    """What reading a linked figure gives, after read_attributes_from_dicts when `swapped`."""
    if swapped:
        read_attributes_from_dicts(Base)
    kent = Force(id="kent", name="Kent Police")
    figure = new_row(Figure, **COLUMNS)
    link_parents(figure, rows_by_key([kent]))
    del figure.__dict__["offences"]  # a collection never set: SQLAlchemy's descriptor makes it
    return {
        "read by Python": not hasattr(type(vars(Figure)["value"]), "__set__"),
        "values": [figure.value, figure.force.name, figure.measure, figure.period_start],
        "never set": figure.offences,
        "a query": str(select(Figure.id).where(Figure.force_id == "kent")),
        "a class attribute": type(Figure.value).__name__,
    }


def test_mapped_attributes_read_from_dicts_read_as_before():
    """Only in a process of its own (a render worker's): the swap changes the classes for good."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        swapped = pool.apply(reads, (True,))
    before = reads(False)
    assert swapped.pop("read by Python") and not before.pop("read by Python")
    assert swapped == before
    assert before["never set"] == [] and before["a class attribute"] == InstrumentedAttribute.__name__


def test_attributes_read_from_dicts_only_inside_and_only_for_the_models_named_and_their_children():
    before = reads(False)
    with pytest.raises(RuntimeError), attributes_read_from_dicts([Figure]):
        inside = reads(False)
        swapped = {cls: instrumented(cls) == [] for cls in (FigureCaveat, Disclosure)}
        raise RuntimeError("put back even so")
    assert inside.pop("read by Python") and not before["read by Python"]
    assert inside == {k: v for k, v in before.items() if k != "read by Python"}
    assert swapped == {FigureCaveat: True, Disclosure: False}  # a child it cascades to; not the response
    assert instrumented(Figure) and instrumented(FigureCaveat)


def instrumented(cls: type) -> list[str]:
    return [key for key, value in vars(cls).items() if isinstance(value, InstrumentedAttribute)]


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


def test_rows_go_by_copy_on_postgresql_and_by_insert_elsewhere(database_url, monkeypatch):
    copied, copy = [], inserts._copy
    monkeypatch.setattr(inserts, "_copy", lambda *args: (copied.append(args[1].name), copy(*args)))
    engine = engine_for(database_url)
    with Session(engine) as session:
        response, force = session.execute(select(Figure.response_id, Figure.force_id).limit(1)).one()
        figure = new_row(
            Figure, **{**COLUMNS, "id": "test.copied", "response_id": response, "force_id": force}
        )
        figure.caveat_links = [new_row(FigureCaveat, caveat_id="keyword-search", position=0)]
        insert_objects(session, [figure])
        assert session.get(Figure, "test.copied").caveat_links[0].caveat_id == "keyword-search"
        session.rollback()
    postgresql = engine.dialect.name == "postgresql"
    engine.dispose()
    assert copied == (["figures", "figure_caveats"] if postgresql else [])


def test_text_that_copy_treats_specially_reads_back_as_written(database_url):
    """On PostgreSQL the rows go by COPY, whose text format gives a tab, a line break, a backslash
    and \\N meanings of their own: a quote holding each reads back as it was."""
    quote = "Snap\tChat\n\\N\t\\\\server\\share – é\r\nend"
    engine = engine_for(database_url)
    with Session(engine) as session:
        response, force = session.execute(select(Figure.response_id, Figure.force_id).limit(1)).one()
        row = {**COLUMNS, "id": "test.escaped", "response_id": response, "force_id": force, "quote": quote}
        insert_objects(session, [new_row(Figure, **row)])
        assert session.scalar(select(Figure.quote).where(Figure.id == "test.escaped")) == quote
        assert session.scalar(select(Figure.note).where(Figure.id == "test.escaped")) is None
        session.rollback()
    engine.dispose()


def test_a_row_the_database_refuses_raises_sqlalchemys_error_and_rolls_back(database_url):
    """A COPY goes to the driver past SQLAlchemy's execution; a row it refuses still reaches the
    loader as SQLAlchemy's IntegrityError, as an INSERT's does (the CLI reports those as a
    rolled-back load, not as a traceback)."""
    engine = engine_for(database_url)
    with Session(engine) as session:
        dangling = new_row(Figure, **{**COLUMNS, "id": "test.dangling", "response_id": "no-such-response"})
        with pytest.raises(IntegrityError):
            insert_objects(session, [dangling])
        session.rollback()
        assert session.get(Figure, "test.dangling") is None
        assert session.scalar(select(func.count()).select_from(Figure)) > 0  # the connection still serves
    engine.dispose()


def test_rows_inserted_by_the_driver_read_back_as_they_were_written(database_url):
    """insert_rows makes each row's parameters itself: every kind of column a release's figures
    hold (enums, dates, JSON, text, integers, NULLs) reads back as SQLAlchemy's own insert wrote it.
    Copies of stored figures, their children and documents are inserted under new ids."""
    tables = [Figure.__table__, FigureCaveat.__table__, FigureOffence.__table__, FigureDocument.__table__]
    engine = engine_for(database_url)
    with Session(engine) as session:
        ids = session.scalars(select(Figure.id).order_by(Figure.id).limit(200)).all()
        ids += session.scalars(select(FigureOffence.figure_id).limit(20)).all()

        def rows_of(table, figure_ids):
            key = table.c.id if table is Figure.__table__ else table.c.figure_id
            return sorted(
                (dict(row) for row in session.execute(select(table).where(key.in_(figure_ids))).mappings()),
                key=repr,
            )

        def copied(table, row):
            key = "id" if table is Figure.__table__ else "figure_id"
            return {**row, key: f"copy.{row[key]}"}

        written = {t.name: [copied(t, row) for row in rows_of(t, ids)] for t in tables}
        assert all(written.values())
        for table in tables:  # the figures first: their children name them
            insert_rows(session, table, written[table.name])
        copies = [f"copy.{i}" for i in ids]
        assert {t.name: rows_of(t, copies) for t in tables} == {
            name: sorted(rows, key=repr) for name, rows in written.items()
        }
        session.rollback()
    engine.dispose()
