"""The fields that let one schema both document a representation and render it from the model."""

from __future__ import annotations

import inspect
import re
from types import SimpleNamespace
from urllib.parse import parse_qsl, quote, urlsplit

import marshmallow as ma
import pytest
from hypothesis import given
from hypothesis import strategies as st

import schema.code_lists
import schema.common
import schema.figures
import schema.index
import schema.records
import schema.releases
import schema.responses
from api.links import routes
from core.models import MEASURE_VIEWS
from schema.common import DimensionSchema
from schema.fields import URL_SAFE, Gathered, Link, LinkBase, Links, fill, harmonised, read, reader

REPRESENTATIONS = [
    schema.code_lists,
    schema.common,
    schema.figures,
    schema.index,
    schema.records,
    schema.releases,
    schema.responses,
]


def link_templates() -> list[tuple[str, str]]:
    """(schema.field, template) for every link any representation renders."""
    found = []
    for module in REPRESENTATIONS:
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, ma.Schema) or cls.__module__ != module.__name__:
                continue
            for field_name, field in cls._declared_fields.items():
                links = field.links.values() if isinstance(field, Links) else [field]
                found += [
                    (f"{name}.{field_name}", template)
                    for link in links
                    if isinstance(link, Link)
                    for template in link.templates
                ]
    return found


def test_the_representations_render_links():
    assert len(link_templates()) >= 10


# Values for placeholders that take one of a few words (a measure's view); any other takes "x".
SAMPLE_VALUES = {"view": MEASURE_VIEWS[0]}


@pytest.fixture(scope="module")
def spec(app) -> dict:
    return app.test_client().get("/openapi.json").get_json()


@pytest.mark.parametrize(("where", "template"), link_templates())
def test_every_link_template_names_a_route_and_its_declared_parameters(app, spec, where, template):
    """A link is written as a path template in its schema; it must be a path the app serves, with
    query parameters that path's operation takes (a renamed route or filter fails here)."""
    url = urlsplit(re.sub(r"{([\w.]+)}", lambda m: SAMPLE_VALUES.get(m[1], "x"), template))
    endpoint, _ = routes(app).match(url.path, method="GET")
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
    parameters = {p["name"] for p in spec["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}
    asked = {name for name, _ in parse_qsl(url.query)}
    assert asked <= parameters, f"{where}: {template} asks for {asked - parameters}, not parameters of {path}"


def test_a_link_is_filled_quoted_and_starts_with_the_base():
    row = SimpleNamespace(code="71/17", response_id="a b", source_line=7)
    with LinkBase("https://api.example.org"):
        assert (
            Link("/v1/offence-codes/{code}").get_value(row, "x")
            == "https://api.example.org/v1/offence-codes/71/17"
        )
        assert (
            Link("/v1/responses/{response_id}/source", fragment="L{source_line}").get_value(row, "x")
            == "https://api.example.org/v1/responses/a%20b/source#L7"
        )
    assert Link("/v1/figures?offence={code}").get_value(row, "x") == "/v1/figures?offence=71/17"


def test_a_link_without_its_fragment_value_has_no_fragment_and_one_without_its_path_value_fails():
    row = SimpleNamespace(response_id="r", source_line=None)
    assert Link("/v1/responses/{response_id}/source", fragment="L{source_line}").get_value(row, "x") == (
        "/v1/responses/r/source"
    )
    assert fill("/v1/responses/{response_id}", SimpleNamespace(response_id=None)) is None
    with pytest.raises(ValueError, match="a value is missing"):
        Link("/v1/responses/{response_id}").get_value(SimpleNamespace(response_id=None), "x")


def test_a_link_without_a_value_for_its_template_takes_the_other():
    link = Link(
        "/v1/responses/{response_id}/documents/{document}", otherwise="/v1/responses/{response_id}/source"
    )
    assert (
        link.get_value(SimpleNamespace(response_id="r", document="sheet"), "x")
        == "/v1/responses/r/documents/sheet"
    )
    assert link.get_value(SimpleNamespace(response_id="r", document=None), "x") == "/v1/responses/r/source"


class Row(ma.Schema):
    platform = harmonised(
        DimensionSchema, id="platform_id", label="platform.name", as_written="platform_as_written"
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            SimpleNamespace(
                platform_id="snapchat",
                platform=SimpleNamespace(name="Snapchat"),
                platform_as_written="SnapChat",
            ),
            {"id": "snapchat", "label": "Snapchat", "as_written": "SnapChat"},
        ),
        # What the force wrote stays even where it maps to nothing.
        (
            SimpleNamespace(platform_id=None, platform=None, platform_as_written="Kik?"),
            {"id": None, "label": None, "as_written": "Kik?"},
        ),
        # A derived figure's value has no wording of the force's.
        (
            SimpleNamespace(
                platform_id="kik", platform=SimpleNamespace(name="Kik"), platform_as_written=None
            ),
            {"id": "kik", "label": "Kik", "as_written": None},
        ),
        (SimpleNamespace(platform_id=None, platform=None, platform_as_written=None), None),
    ],
)
def test_a_harmonised_value_keeps_the_forces_wording_beside_it_and_is_null_only_when_both_are(row, expected):
    assert Row().dump(row) == {"platform": expected}


def test_a_gathered_object_reads_the_parents_own_attributes():
    class Span(ma.Schema):
        start = ma.fields.Int()
        end = ma.fields.Int()

    class Parent(ma.Schema):
        span = Gathered(Span, {"start": "period_start", "end": "period_end"})

    assert Parent().dump(SimpleNamespace(period_start=1, period_end=2)) == {"span": {"start": 1, "end": 2}}


@given(st.text(max_size=30) | st.integers())
def test_a_filled_value_is_quoted_as_urllib_quotes_it(value):
    # fill() leaves alone what quote() would leave alone, and quotes the rest with quote() itself.
    expected = None if value == "" else "/v1/figures/" + quote(str(value), safe=URL_SAFE)
    assert fill("/v1/figures/{id}", SimpleNamespace(id=value)) == expected


class _Slotted:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name


class _Node:
    def __init__(self, **values):
        self.__dict__.update(values)

    @property
    def shout(self) -> str:
        return self.name.upper()


@pytest.mark.parametrize(
    "path",
    ["name", "shout", "child.name", "child.shout", "child.child.name", "missing_child.name", "slotted.name"],
)
def test_a_paths_reader_reads_what_read_reads(path):
    leaf = _Node(name="leaf", child=None)
    obj = _Node(name="root", child=_Node(name="mid", child=leaf), missing_child=None, slotted=_Slotted("s"))
    assert reader(path)(obj) == read(obj, path)
    assert reader(path)(None) is None
    with pytest.raises(AttributeError):
        reader("no_such")(obj)
