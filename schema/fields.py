"""Fields the schemas share: strict query arguments, and the fields that let one schema both
document a representation and render it from the model (core/models/).

Rendering needs one fact from outside: the public base URL links start with. It comes from the
`LinkBase` context (marshmallow's contextvar-based Context), set by the web layer for a request
and by the loader when it stores figure documents; links are relative where none is set.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import quote

import marshmallow as ma
from marshmallow import fields, validate
from marshmallow.experimental.context import Context
from webargs.fields import DelimitedList

from core.harmonise import Unresolved, financial_year

MAX_FILTER_VALUES = 20

# --- query arguments -----------------------------------------------------------------------------


class IdList(DelimitedList):
    """Several values, comma-separated (`force=a,b`) or repeated (`force=a&force=b`, as generated
    clients send them): both mean the same, and neither loses a value."""

    is_multiple = True  # webargs passes every repeated value, not only the first

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, list | tuple):
            if not all(isinstance(v, str) for v in value):
                raise self.make_error("invalid")
            value = self.delimiter.join(value)
        return super()._deserialize(value, attr, data, **kwargs)


class StrictInt(fields.Integer):
    """An integer query parameter in ASCII digits only. Python's int() also reads '١', '２', '1_0',
    ' 2' and '+2'; a client sending those has a bug we should report, not guess around."""

    # A minus is read so that page=-1 gets the range's "at least 1" rather than "not an integer".
    ASCII_DIGITS = re.compile(r"-?[0-9]+")
    default_error_messages = {"invalid": "Not a valid integer: write it in the digits 0-9 only, such as 2."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and not self.ASCII_DIGITS.fullmatch(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class FinancialYear(validate.Regexp):
    """The shape (documented as the spec's `pattern`), then the same check the seeds get, so a
    year outside the ones served (9999/00) is a 400 naming financial_year."""

    def __call__(self, value: str) -> str:
        super().__call__(value)
        try:
            financial_year(value)
        except Unresolved as exc:
            raise ma.ValidationError(str(exc)) from None
        return value


def id_list(description: str, choices: list[str] | None = None) -> IdList:
    """A filter taking one or more values (at most MAX_FILTER_VALUES)."""
    validators = [validate.Length(min=1, max=100)] + ([validate.OneOf(choices)] if choices else [])
    return IdList(
        fields.Str(validate=validators),
        validate=validate.Length(
            min=1,
            max=MAX_FILTER_VALUES,
            error=f"give between 1 and {MAX_FILTER_VALUES} values (an empty filter is an error)",
        ),
        metadata={
            "description": f"{description} Several values: comma-separated or repeated (any of them matches)."
        },
    )


def one_of(enum_cls: type[enum.Enum]) -> validate.OneOf:
    """The values of one of core's enums, so a schema never re-spells them."""
    return validate.OneOf([member.value for member in enum_cls])


# --- rendering from the model --------------------------------------------------------------------


def attribute(obj: Any, name: str) -> Any:
    """`getattr(obj, name)`, sooner for a model object: a column or relationship it has loaded is
    read from its `__dict__`, where SQLAlchemy's descriptor would read it, in a sixth of the time
    (rendering a release reads ~100 attributes a figure). Anything else (a property, an attribute
    not loaded) is getattr's. Not for objects that keep a property's name in their `__dict__`."""
    try:
        return obj.__dict__[name]
    except (AttributeError, KeyError):
        return getattr(obj, name)


def read(obj: Any, path: str) -> Any:
    """`obj.a.b` for the path "a.b", None as soon as a step is None (an unresolved relation)."""
    return reader(path)(obj)


@cache
def reader(path: str) -> Callable[[Any], Any]:
    """read(obj, path) for this path, as one function made once: a figure's document reads some
    forty paths, most of one or two steps, and rendering ~100,000 figures spent a tenth of its
    time looking the steps up and looping over them."""
    first, _, rest = path.partition(".")
    if rest:
        head, tail = reader(first), reader(rest)
        return lambda obj: tail(head(obj))

    def one_step(obj):  # attribute(obj, first), inlined: this is most of a render's reads
        if obj is None:
            return None
        try:
            return obj.__dict__[first]
        except (AttributeError, KeyError):
            return getattr(obj, first)

    return one_step


class Itself(fields.Nested):
    """A nested object rendered from the parent object itself: a record's `source` is its own
    quote, source_line and response_id."""

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return obj


class Gathered(fields.Nested):
    """A nested object whose members are read from the parent object itself: `{key: parent.path}`,
    e.g. a figure's period from its period_start, period_end... columns. Null when every member
    named in `null_unless` is null."""

    def __init__(self, nested, paths: dict[str, str], *, null_unless: tuple[str, ...] = (), **kwargs):
        super().__init__(nested, **kwargs)
        self.paths = paths
        self.null_unless = null_unless

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return obj

    def _serialize(self, nested_obj, attr, obj, **kwargs):
        gathered = {key: read(nested_obj, path) for key, path in self.paths.items()}
        if self.null_unless and all(gathered[key] is None for key in self.null_unless):
            return None
        return super()._serialize(gathered, attr, obj, **kwargs)


def harmonised(nested, *, id: str, label: str, as_written: str, metadata=None, **more: str) -> Gathered:
    """A harmonised value beside what the force wrote (never one in place of the other): null when
    the object has neither. `more` adds members, e.g. an age band's bounds."""
    paths = {"id": id, "label": label, "as_written": as_written, **more}
    return Gathered(
        nested, paths, null_unless=("id", "as_written"), required=True, allow_none=True, metadata=metadata
    )


class Computed(fields.String):
    """A string computed from the object (a figure's citation), documented as a string."""

    def __init__(self, function, **kwargs):
        super().__init__(**kwargs)
        self.function = function

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return self.function(obj)


class Counts(fields.Dict):
    """Counts a query attached to the object (query_expression attributes), documented as a map of
    integers: `Counts({"figures": "figure_count"})`."""

    def __init__(self, paths: dict[str, str], **kwargs):
        super().__init__(keys=fields.Str(), values=fields.Int(), required=True, **kwargs)
        self.paths = paths
        self.member_names = list(paths)  # its keys, always all present (schema/tables.py)

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return {key: read(obj, path) or 0 for key, path in self.paths.items()}


class SortedValues(fields.List):
    """A sorted list of distinct values, one read from each of the object's related rows:
    `SortedValues("variants", "variant")` for an offence code's written variants."""

    def __init__(self, relation: str, member: str, **kwargs):
        super().__init__(fields.Str(), required=True, **kwargs)
        self.relation = relation
        self.member = member

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return sorted({read(row, self.member) for row in read(obj, self.relation)})


class LinkBase(Context[str]):
    """The public base URL (`https://api.example.org`, or "" for relative links) while rendering."""


# Characters kept as they are in a link's path or query, as the web layer's URL map keeps them.
URL_SAFE = "!$'()*,/:;@"


def fill(template: str, obj: Any) -> str | None:
    """The template with each `{path}` replaced by the object's value, URL-quoted; None when a
    value is missing."""
    literals, readers = _parsed(template)
    values = [read_one(obj) for read_one in readers]
    if any(value is None or value == "" for value in values):
        return None
    return literals[0] + "".join(
        _quoted(value) + literal for value, literal in zip(values, literals[1:], strict=True)
    )


@cache
def _parsed(template: str) -> tuple[list[str], list[Callable[[Any], Any]]]:
    """`/v1/figures/{id}` as its literal parts (['/v1/figures/', '']) and the readers of its paths
    (['id'])."""
    parts = re.split(r"{([\w.]+)}", template)
    return parts[0::2], [reader(path) for path in parts[1::2]]


# What quote() leaves as it is: the unreserved characters and URL_SAFE.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~" + re.escape(URL_SAFE) + r"-]*")


def _quoted(value: Any) -> str:
    text = str(value)
    return text if _UNQUOTED.fullmatch(text) else quote(text, safe=URL_SAFE)


class Link(fields.Url):
    """A link into this API, filled from the object: `Link("/v1/forces/{id}")`. An optional
    fragment (`L{source_line}`) is added when its value is known; `otherwise` is the template
    used where the first lacks a value. tests/schema/test_fields.py checks
    that every template names a route the app serves."""

    def __init__(
        self,
        template: str,
        *,
        fragment: str | None = None,
        otherwise: str | None = None,
        optional: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("required", True)
        if optional:
            kwargs["allow_none"] = True
        super().__init__(**kwargs)
        self.template = template
        self.fragment = fragment
        self.otherwise = otherwise  # the template where `template` lacks a value
        self.optional = optional  # null, rather than an error, when no template can be filled

    @property
    def templates(self) -> list[str]:
        return [t for t in (self.template, self.otherwise) if t]

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        path = fill(self.template, obj)
        if path is None and self.otherwise:
            path = fill(self.otherwise, obj)
        if path is None and self.optional:
            return None
        if path is None:
            raise ValueError(f"cannot fill the link {self.template!r} from {obj!r}: a value is missing")
        url = LinkBase.get("") + path
        anchor = self.fragment and fill(self.fragment, obj)
        return f"{url}#{anchor}" if anchor else url


class Links(fields.Dict):
    """A links object documented as a map of URLs: `Links({"self": "/v1/caveats/{id}", ...})`."""

    def __init__(self, templates: dict[str, str], **kwargs):
        super().__init__(keys=fields.Str(), values=fields.Url(), required=True, **kwargs)
        self.links = {name: Link(template) for name, template in templates.items()}
        self.member_names = list(templates)

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return {name: link.get_value(obj, name) for name, link in self.links.items()}
