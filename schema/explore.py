"""The explorer's pages (/explore): what a source page takes besides the figures' own filters."""

import marshmallow as ma
from marshmallow import fields, validate

from .fields import StrictInt
from .figures import FigureQueryArgsSchema

EXPLORER_PAGE_SIZE = 25
EXPLORER_MAX_PAGE_SIZE = 100
HIGHLIGHT_FORM = "write lines as 31 or 31-33"


class ExplorerArgsSchema(FigureQueryArgsSchema):
    """The figures' own filters (FigureQueryArgsSchema), on pages short enough to read."""

    page_size = StrictInt(
        load_default=EXPLORER_PAGE_SIZE,
        validate=validate.Range(min=1, max=EXPLORER_MAX_PAGE_SIZE),
        metadata={
            "description": f"Figures per page: default {EXPLORER_PAGE_SIZE}, at most {EXPLORER_MAX_PAGE_SIZE}."
        },
    )


class SourcePageArgsSchema(ma.Schema):
    figure = fields.Str(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "A figure of this response: its quoted lines are highlighted."},
    )
    highlight = fields.Str(
        # \Z, not $: `$` also matches before a final line break, and "31\n" is no line number.
        validate=validate.Regexp(r"^[0-9]{1,6}(-[0-9]{1,6})?\Z", error=HIGHLIGHT_FORM),
        metadata={"description": "Lines to highlight, as 31 or 31-33."},
    )

    @ma.validates("highlight")
    def first_line_first(self, value: str, **kwargs) -> None:
        first, _, last = value.partition("-")
        if last and int(last) < int(first):
            raise ma.ValidationError(f"{HIGHLIGHT_FORM}, the first line first")
