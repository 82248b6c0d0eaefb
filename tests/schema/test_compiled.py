"""schema/compiled.py: a compiled dump gives what marshmallow's dump gives, member for member.

Every figure of the seeds and fixtures is compared in test_stored_documents.py; these cases are the
rules of marshmallow's dump that FigureSchema happens not to exercise.
"""

from __future__ import annotations

from types import SimpleNamespace

import marshmallow as ma
import pytest
from marshmallow import fields

from schema.compiled import compile_dump
from schema.fields import Computed, Link, LinkBase


class Inner(ma.Schema):
    name = fields.Str()
    size = fields.Int(data_key="bytes")


class Outer(ma.Schema):
    id = fields.Str()
    label = fields.Str(attribute="kind.label")  # through a relation that may be None
    secret = fields.Str(load_only=True)
    absent = fields.Str()  # no such attribute: left out of the output
    fallback = fields.Str(dump_default="none given")
    count = fields.Int(allow_none=True)
    ratio = fields.Float()
    when = fields.Date()
    tags = fields.List(fields.Str())
    parts = fields.List(fields.Nested(Inner))
    pieces = fields.Nested(Inner, many=True)
    one = fields.Nested(Inner, allow_none=True)
    some = fields.Nested(Inner, only=("name",))
    mapping = fields.Dict(keys=fields.Str(), values=fields.Int())
    kind_of = Computed(lambda obj: type(obj).__name__)
    url = Link("/v1/figures/{id}", fragment="L{line}")
    constant = fields.Constant(7)
    blob = fields.Str()  # bytes are decoded


class WithProperties(SimpleNamespace):
    """Members read through properties, not from the object's __dict__."""

    id = property(lambda self: "from a property")
    count = property(lambda self: True)  # a bool as an Int: 1


def objects():
    import datetime as dt

    part = SimpleNamespace(name="p", size=3)
    yield SimpleNamespace(
        id="a b/é", kind=SimpleNamespace(label="K"), secret="s", count=None, ratio=1, line=4,
        when=dt.date(2020, 1, 2), tags=["x", 1], parts=[part, {"name": "d", "size": "5"}], pieces=[part],
        one=None, some=part, mapping={"k": 2}, fallback="set", blob="caf\u00e9".encode(),
    )  # fmt: skip
    yield SimpleNamespace(
        id="b", kind=None, secret=None, count=2, ratio=None, line=None, when=None, tags=None, parts=[],
        pieces=None, one=part, some=None, mapping=None,
    )  # fmt: skip
    yield {"id": "c", "kind": {"label": "from a dict"}, "count": 1, "line": 9, "tags": [], "parts": []}
    yield WithProperties(kind=None, line=None, blob=7)


@pytest.mark.parametrize("obj", list(objects()), ids=["object", "nulls", "dict", "properties"])
def test_a_compiled_dump_is_marshmallows(obj):
    schema = Outer(exclude=["url"]) if isinstance(obj, dict) else Outer()  # a Link reads attributes
    with LinkBase("https://api.example.org"):
        assert compile_dump(schema)(obj) == schema.dump(obj)


def test_a_schema_with_hooks_is_refused_not_approximated():
    class Hooked(ma.Schema):
        id = fields.Str()

        @ma.post_dump
        def shout(self, data, **kwargs):
            return data

    with pytest.raises(TypeError, match="hooks"):
        compile_dump(Hooked())


def test_a_schema_reading_attributes_its_own_way_is_refused():
    class OwnWay(ma.Schema):
        id = fields.Str()

        def get_attribute(self, obj, attr, default):
            return "always"

    with pytest.raises(TypeError, match="its own way"):
        compile_dump(OwnWay())
