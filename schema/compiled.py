"""A schema's dump, compiled once into plain functions: the same output as `schema.dump(obj)`, for
rendering a release's ~100,000 figures at load time.

marshmallow finds each member's value through several general calls per member and object
(`Field.serialize`, `get_value`, the schema's accessor, `utils.get_value`), which at 35 members a
figure was most of rendering one. `compile_dump` reads the schema's fields once and returns a
function doing only what they say for the objects given: a field's own `get_value` and
`_serialize` where it defines them (Link, Gathered, Computed...), a plain attribute read where it
does not, and nested schemas and lists compiled in turn. Anything it cannot follow exactly (hooks,
a schema accessor of its own) is refused, not approximated. tests/schema/test_compiled.py checks
it against `schema.dump` for every figure of the seeds and fixtures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
from marshmallow import fields, missing, utils

from .fields import attribute

Dump = Callable[[Any], Any]


def compile_dump(schema: ma.Schema) -> Dump:
    """`schema.dump`, as plain functions."""
    dump_one = _compile_one(schema)
    if schema.many:
        return lambda objs: [dump_one(obj) for obj in objs]
    return dump_one


def _compile_one(schema: ma.Schema) -> Dump:
    """The schema's dump of one object (whether or not the schema is `many`)."""
    if any(schema._hooks.values()):
        raise TypeError(f"{type(schema).__name__} has processing hooks, which compile_dump does not run")
    if type(schema).get_attribute is not ma.Schema.get_attribute:
        raise TypeError(f"{type(schema).__name__} reads attributes its own way")
    members = [
        (field.data_key if field.data_key is not None else name, _member(field, name))
        for name, field in schema.dump_fields.items()
    ]

    def dump(obj):
        document = {}
        for key, member in members:
            value = member(obj)
            if value is not missing:
                document[key] = value
        return document

    return dump


def _member(field: fields.Field, name: str) -> Dump:
    """One member's value for an object: read it, fall back to its dump default, serialise it."""
    serialize = _serializer(field)
    if not field._CHECK_ATTRIBUTE:  # the field reads the object itself (fields.Method)
        return lambda obj: serialize(None, name, obj)
    get = _getter(field, name)
    default = field.dump_default
    if (plain := _plain_member(field, name, get)) is not None:
        return plain

    def member(obj):
        value = get(obj)
        if value is missing:
            value = default() if callable(default) else default
            if value is missing:
                return missing
        return serialize(value, name, obj)

    return member


def _plain_member(field: fields.Field, name: str, get: Dump) -> Dump | None:
    """A plain string or integer member read from one attribute, as one function: most of a
    figure's members are, and the general member's four calls each (read, attribute, serialise,
    marshmallow's text conversion) made rendering one 150 us rather than 137 (in a render
    worker, seeds/documents.py). The value is read from the object's `__dict__` where
    attribute() would read it (not from a mapping: Gathered's members), else by the general
    getter; then serialised as marshmallow's String (text, bytes decoded) or Integer (int) does."""
    key = field.attribute or name
    if (
        "." in key
        or "_serialize" in vars(field)
        or field.dump_default is not missing
        or type(field).get_value is not fields.Field.get_value
    ):
        return None
    if type(field) is fields.String:
        kind, convert = str, utils.ensure_text_type
    elif type(field) is fields.Integer and not field.as_string:
        kind, convert = int, int
    else:
        return None

    def member(obj):
        if _READ_FROM_DICT[type(obj)]:
            try:
                value = obj.__dict__[key]
            except (KeyError, AttributeError):  # not loaded, a property, or no __dict__ (slots)
                value = get(obj)
        else:
            value = get(obj)
        if value is None or value is missing:  # None is serialised as None; missing is left out
            return value
        return value if type(value) is kind else convert(value)

    return member


class _ReadFromDict(dict):
    """Whether a member reads an object of this type as attributes (from its `__dict__` first)
    rather than by item as utils.get_value reads a mapping or a sequence: the one rule both
    getters follow, decided on first sight of each type."""

    def __missing__(self, kind: type) -> bool:
        self[kind] = decided = not hasattr(kind, "__getitem__")
        return decided


_READ_FROM_DICT = _ReadFromDict()


def _getter(field: fields.Field, name: str) -> Dump:
    if type(field).get_value is not fields.Field.get_value:  # the field reads its value itself
        return lambda obj: field.get_value(obj, name)
    getters = [_key_getter(key) for key in (field.attribute or name).split(".")]
    if len(getters) == 1:
        return getters[0]

    def get_path(obj):
        for get in getters:
            obj = get(obj)
        return obj

    return get_path


def _key_getter(key: str) -> Dump:
    """utils.get_value for one key: an item of a mapping (or sequence), else an attribute."""

    def get(obj):
        if not _READ_FROM_DICT[type(obj)]:
            return utils.get_value(obj, key)
        try:
            return attribute(obj, key)
        except AttributeError:
            return missing

    return get


def _serializer(field: fields.Field) -> Callable[[Any, str, Any], Any]:
    if "_serialize" in vars(field):  # replaced on this instance (a memo, schema/figures.py)
        return field._serialize
    if isinstance(field, fields.Nested) and type(field)._serialize is fields.Nested._serialize:
        return _nested(field)
    if isinstance(field, fields.List) and type(field)._serialize is fields.List._serialize:
        inner = _serializer(field.inner)
        return lambda value, attr, obj: None if value is None else [inner(each, attr, obj) for each in value]
    return field._serialize


def _nested(field: fields.Nested) -> Callable[[Any, str, Any], Any]:
    dump_one = _compile_one(field.schema)
    if field.schema.many or field.many:
        return lambda value, attr, obj: None if value is None else [dump_one(each) for each in value]
    return lambda value, attr, obj: None if value is None else dump_one(value)
