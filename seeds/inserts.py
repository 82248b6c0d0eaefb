"""Make and insert many new model objects at once: one INSERT statement per table run over all
their rows (a COPY on PostgreSQL).

The unit of work's bookkeeping per object (history, cascades, identity map) took most of a large
load's write; the loader's figures and records need none of it, since they are new rows written
once. `insert_objects` reads the columns each object holds, follows the one-to-many relationships
it cascades to (a figure's caveat links and offences), fills their foreign keys from the parent,
and runs the INSERTs in the session's transaction, so the load stays all or nothing. `new_row`
makes such an object from its column values without the attribute events a model's constructor
fires for each value (nothing listens to them; at 110,000 figures they were half of reading the
seeds). `link_parents` then gives such objects their related rows to be rendered from, as reading
them back from the database would, without reading them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from operator import itemgetter
from typing import TypeVar

from sqlalchemy import Column, Connection, Dialect, Table, insert, null
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import InstrumentedAttribute, Mapper, RelationshipDirection, RelationshipProperty, Session

T = TypeVar("T")


def new_row(cls: type[T], **values) -> T:
    """A new `cls` object holding these column values (and child collections), as `cls(**values)`
    would but without its events. Set many-to-one relationships by their ids."""
    obj = cls.__mapper__.class_manager.new_instance()
    assign(obj, **values)
    return obj


def assign(obj, **values) -> None:
    """Set columns and one-to-many child collections (a figure's caveat links) on a new object,
    without events: an instrumented assignment of a collection fires one per child."""
    assignable = _assignable_keys(type(obj).__mapper__)
    if not values.keys() <= assignable:
        unknown = ", ".join(sorted(values.keys() - assignable))
        raise TypeError(f"{type(obj).__name__} has no column or child collection {unknown}")
    obj.__dict__.update(values)


def insert_objects(session: Session, objects: Iterable) -> None:
    """INSERT new objects and the children they cascade to; parents' tables before children's."""
    for table, table_rows in collect_rows(objects).items():
        insert_rows(session, table, table_rows)


def collect_rows(objects: Iterable) -> dict[Table, list[dict]]:
    """The rows of new objects and of the children they cascade to, by table: a parent's table is
    always met before its children's."""
    rows: dict[Table, list[dict]] = {}
    for obj in objects:
        _collect(obj, {}, rows)
    return rows


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    """`session.execute(insert(table), rows)` for rows holding every column of the table, in the
    session's transaction, with each row's values made as that makes them (each through its
    type's bind processor) but in one step per row rather than SQLAlchemy's general several:
    inserting the synthetic release's figures and their caveat links took 5.5 s rather than 7.2.

    On PostgreSQL (psycopg) the rows are sent by COPY rather than INSERT: the server runs one
    statement for them all rather than one per row, and psycopg formats them in C. With the
    documents compressed by lz4 (loader.compress_documents_with_lz4), replacing a loaded release
    with the synthetic one took 0.85 as long (bench/README.md). A COPY that fails raises
    SQLAlchemy's exception for the driver's, as an INSERT would (an IntegrityError, an
    OperationalError...), and a connection it finds lost is invalidated. It goes to the driver
    directly, so SQLAlchemy's execution and handle_error events do not see it. The values must be
    the columns' own types, as the seeds' are: COPY refuses True or 3.7 for an integer column,
    which an INSERT would store as 1 and 4."""
    if not rows:
        return
    connection = session.connection()
    if _copies(connection.dialect):
        _copy(connection, table, rows)
        return
    statement, parameters = _driver_insert(table, connection.dialect)
    connection.exec_driver_sql(statement, list(map(parameters, rows)))


def _copies(dialect: Dialect) -> bool:
    return dialect.name == "postgresql" and dialect.driver == "psycopg"


def _copy(connection: Connection, table: Table, rows: list[dict]) -> None:
    statement, values = _copy_from(table, connection.dialect)
    dbapi = connection.dialect.loaded_dbapi
    cursor = connection.connection.driver_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(values(row))
    except dbapi.Error as exc:
        # As SQLAlchemy's own execution does: a connection found lost is dropped now, so the
        # session's rollback does not try it and replace this error (the cause) with its own.
        lost = connection.dialect.is_disconnect(exc, connection.connection.dbapi_connection, cursor)
        if lost:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            statement, None, exc, dbapi.Error, connection_invalidated=lost, dialect=connection.dialect
        ) from exc
    finally:
        cursor.close()


@cache
def _copy_from(table: Table, dialect: Dialect) -> tuple[str, Callable[[dict], tuple]]:
    """The COPY of every column of `table` from the client, and the function giving a row's
    values for it in the columns' order."""
    columns = list(table.columns)
    quote = dialect.identifier_preparer
    names = ", ".join(map(quote.format_column, columns))
    values = _bound_values([c.key for c in columns], [c.type for c in columns], dialect)
    return f"COPY {quote.format_table(table)} ({names}) FROM STDIN", values


@cache
def _driver_insert(table: Table, dialect: Dialect) -> tuple[str, Callable[[dict], Sequence | dict]]:
    """The INSERT of every column of `table` as the dialect writes it, and the function giving a
    row's parameters for it as the driver takes them."""
    compiled = insert(table).compile(dialect=dialect)
    names = list(compiled.positiontup) if compiled.positional else list(compiled.binds)
    binds = [compiled.binds[name] for name in names]
    if {bind.key for bind in binds} != {column.key for column in table.columns}:
        raise TypeError(f"the INSERT of {table.name} does not name each of its columns once")
    values = _bound_values([bind.key for bind in binds], [bind.type for bind in binds], dialect)
    if compiled.positional:
        if dialect.execute_sequence_format is tuple:
            return compiled.string, values
        shape = dialect.execute_sequence_format
        return compiled.string, lambda row: shape(values(row))
    named = [compiled.escaped_bind_names.get(name, name) for name in names]
    return compiled.string, lambda row: dict(zip(named, values(row), strict=True))


def _bound_values(keys: list[str], types: list, dialect: Dialect) -> Callable[[dict], tuple]:
    """A row's values for these keys, as a tuple in their order, each through its type's bind
    processor."""
    values = itemgetter(*keys) if len(keys) > 1 else lambda row: (row[keys[0]],)
    processors = [
        (position, processor)
        for position, kind in enumerate(types)
        if (processor := kind.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    if not processors:
        return values

    def processed(row: dict) -> tuple:
        ordered = list(values(row))
        for position, processor in processors:
            ordered[position] = processor(ordered[position])
        return tuple(ordered)

    return processed


def _collect(obj, inherited: dict, rows: dict[Table, list[dict]]) -> None:
    mapper = type(obj).__mapper__
    values = obj.__dict__
    _, children, parents = _layout(mapper)
    if _parent_keys(mapper) & values.keys() and (
        set_parents := [rel.key for rel in parents if values.get(rel.key) is not None]
    ):
        raise ValueError(
            f"{obj!r} has {', '.join(set_parents)} set as objects: give their ids instead "
            "(insert_objects writes columns, not many-to-one relationships)"
        )
    row = _row_maker(mapper)(values)
    row.update(inherited)
    rows.setdefault(mapper.local_table, []).append(row)
    for rel in children:
        keys = {child.key: row[parent.key] for parent, child in rel.synchronize_pairs}
        for child in values.get(rel.key) or ():
            _collect(child, keys, rows)


def link_parents(obj, rows: dict[tuple[type, object], object]) -> None:
    """Make the object (and its children) read as it would read back from the database, without
    events: its many-to-one relationships set to the rows their foreign keys name, from `rows`
    ((class, primary key) -> row; a key not there, or null, gives None as a join finding nothing
    would), a column never set None (NULL) and a child collection never set empty."""
    values = obj.__dict__
    columns, children, parents = _layout(type(obj).__mapper__)
    for key, _, _ in columns:
        values.setdefault(key, None)
    for rel in parents:
        ((local, remote),) = rel.local_remote_pairs
        key = values[local.key]
        values[rel.key] = None if key is None else rows.get((rel.mapper.class_, key))
    for rel in children:
        for child in values.setdefault(rel.key, []):
            link_parents(child, rows)


@contextmanager
def attributes_read_from_dicts(classes: Iterable[type]) -> Iterator[None]:
    """While inside, read the mapped attributes of these models (and of the children they cascade
    inserts to) as read_attributes_from_dicts does; SQLAlchemy's descriptors are put back after.
    For models whose new objects only insert_objects writes, never the unit of work (which needs
    the events a write skips here): reading the synthetic release made 2.5 million reads of them,
    a sixth of its time, most through the descriptors. The swap is the process's, not the
    thread's: meanwhile no thread may write these models through a session (the API only reads
    them). Used again inside (or beside) itself, it finds nothing left to swap, and the first to
    leave puts every descriptor back."""
    swapped = []
    try:
        for cls, key, value in _instrumented(_with_children(classes)):
            swapped.append((cls, key, value))  # recorded first: a Ctrl-C here leaves none swapped
            _read_unless_in_dict(cls, key, value)
        yield
    finally:
        while swapped:
            cls, key, value = swapped[-1]
            type.__setattr__(cls, key, value)
            swapped.pop()


def _with_children(classes: Iterable[type]) -> list[type]:
    found = list(classes)
    for cls in found:  # grows as children are met
        found += [rel.mapper.class_ for rel in _layout(cls.__mapper__)[1] if rel.mapper.class_ not in found]
    return found


def read_attributes_from_dicts(base: type) -> None:
    """From now on, in this process, read each mapped attribute of `base`'s models from the
    object's `__dict__` where it is there, as Python reads a plain attribute, and through
    SQLAlchemy's descriptor only where it is not (a lazy load, a collection never set...). Reads
    give what they gave; writes go to `__dict__` without events, so no session may flush these
    models again. For a process that only renders objects and exits (a render worker,
    seeds/documents.py): SQLAlchemy's descriptor, consulted on every read of a mapped attribute,
    was a third of rendering a figure there."""
    for cls, key, value in _instrumented(mapper.class_ for mapper in base.registry.mappers):
        _read_unless_in_dict(cls, key, value)


def _instrumented(classes: Iterable[type]) -> list[tuple[type, str, InstrumentedAttribute]]:
    """Each mapped attribute the classes read through SQLAlchemy's descriptor."""
    return [
        (cls, key, value)
        for cls in classes
        for key, value in list(vars(cls).items())
        if isinstance(value, InstrumentedAttribute)
    ]


def _read_unless_in_dict(cls: type, key: str, instrumented: InstrumentedAttribute) -> None:
    # type's own setattr: the declarative class's would map the new attribute
    type.__setattr__(cls, key, _ReadUnlessInDict(instrumented))


class _ReadUnlessInDict:
    """A descriptor Python consults only for an attribute missing from the object's `__dict__`
    (it defines no __set__): then SQLAlchemy's own reads it."""

    __slots__ = ("instrumented",)

    def __init__(self, instrumented: InstrumentedAttribute):
        self.instrumented = instrumented

    def __get__(self, obj, owner=None):
        return self.instrumented.__get__(obj, owner)


def rows_by_key(rows) -> dict[tuple[type, object], object]:
    """Rows of single-column primary keys, by (class, primary key), for link_parents."""
    index = {}
    for row in rows:
        mapper = type(row).__mapper__
        (column,) = mapper.primary_key
        index[(mapper.class_, getattr(row, mapper.get_property_by_column(column).key))] = row
    return index


@cache
def _row_maker(mapper: Mapper) -> Callable[[dict], dict]:
    """The row of column values an object's attributes give (its `__dict__`), made in C rather than
    a comprehension: a release makes some 430,000 of them."""
    columns, _, _ = _layout(mapper)
    names = tuple(column.key for _, column, _ in columns)
    keys = tuple(key for key, _, _ in columns)
    unset_not_none = [(column.key, key, unset) for key, column, unset in columns if unset is not None]

    def make(values: dict) -> dict:
        row = dict(zip(names, map(values.get, keys), strict=True))
        for name, key, unset in unset_not_none:
            if key not in values:
                row[name] = unset
        return row

    return make


@cache
def _parent_keys(mapper: Mapper) -> frozenset[str]:
    return frozenset(rel.key for rel in _layout(mapper)[2])


@cache
def _assignable_keys(mapper: Mapper) -> frozenset[str]:
    columns, children, _ = _layout(mapper)
    return frozenset([key for key, _, _ in columns] + [rel.key for rel in children])


@cache
def _layout(
    mapper: Mapper,
) -> tuple[list[tuple[str, Column, object]], list[RelationshipProperty], list[RelationshipProperty]]:
    """A mapper's columns (attribute key, column, value when unset), the one-to-many relationships it cascades
    inserts to, and its many-to-one relationships."""
    columns = [
        # An attribute never set is SQL NULL, as the unit of work leaves it (not JSON's 'null').
        (prop.key, column, null() if column.type.should_evaluate_none else None)
        for prop in mapper.column_attrs
        for column in prop.columns
        if isinstance(column, Column) and column.table is mapper.local_table
    ]
    if defaulted := [column.key for _, column, _ in columns if column.default or column.server_default]:
        raise TypeError(
            f"{mapper.class_.__name__} has column defaults ({', '.join(defaulted)}), which only the "
            "unit of work applies: add such objects to the session instead"
        )
    writable = [rel for rel in mapper.relationships if not rel.viewonly]
    children = [
        rel
        for rel in writable
        if rel.direction is RelationshipDirection.ONETOMANY and rel.cascade.save_update
    ]
    parents = [rel for rel in writable if rel.direction is RelationshipDirection.MANYTOONE]
    return columns, children, parents


def overlong(objects: Iterable) -> list[str]:
    """Each text of the objects (and of the children they write with them) longer than its column:
    SQLite stores it, PostgreSQL refuses it at the write, after the check has passed. Column by
    column over all rows of a kind, so that 100,000 figures take a fraction of a second."""
    rows: dict[type, list] = {}  # each model -> its rows
    for row in objects:
        rows.setdefault(type(row), []).append(row)
    kinds = list(rows)
    for kind in kinds:  # grows as children of a new kind are met (a figure's offences...)
        for key, child_kind in _texts(kind.__mapper__)[1]:
            if child_kind not in rows:
                kinds.append(child_kind)
            rows.setdefault(child_kind, []).extend(
                c for row in rows[kind] for c in row.__dict__.get(key) or ()
            )
    problems = []
    for kind, of_kind in rows.items():
        for key, length in _texts(kind.__mapper__)[0]:
            values = [row.__dict__.get(key) for row in of_kind]
            if max(map(len, filter(None, values)), default=0) <= length:
                continue
            for row, value in zip(of_kind, values, strict=True):
                if value and len(value) > length:
                    named = row.__dict__.get("id") or f"'{value[:40]}...'"
                    problems.append(
                        f"{kind.__name__} {named}: {key} is {len(value)} characters; "
                        f"the database holds at most {length}"
                    )
    return problems


@cache
def _texts(mapper: Mapper) -> tuple[list[tuple[str, int]], list[tuple[str, type]]]:
    """A mapper's text columns that have a length, and the child collections written with it that
    have some. A foreign key is left out: its value is the key of a row that is checked itself."""
    texts = [
        (prop.key, column.type.length)
        for prop in mapper.column_attrs
        for column in prop.columns
        if getattr(column.type, "length", None) and not column.foreign_keys
    ]
    children = [
        (rel.key, rel.mapper.class_)
        for rel in mapper.relationships
        if rel.direction is RelationshipDirection.ONETOMANY and not rel.viewonly
        and rel.mapper is not mapper and any(_texts(rel.mapper))  # caveat links: only foreign keys
    ]  # fmt: skip
    return texts, children
