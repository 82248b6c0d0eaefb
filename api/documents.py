"""Each figure's JSON, rendered once per release at load time and stored beside it.

A figure's representation depends only on the release, except for the scheme and host its URLs
start with; documents are stored with BASE_PLACEHOLDER there, which a response replaces with its
own base URL. Serving a page of figures is then a query and some string joining, with no
per-figure serialisation (see bench/README.md for what that buys).
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import serialize
from .models import Figure, FigureDocument

BASE_PLACEHOLDER = "https://base.foi-stats.invalid"
ITEM_INDENT = " " * 4  # where a figure sits inside {"data": [...]} pretty-printed with indent=2
BATCH = 2000


def render(figure: Figure) -> str:
    """The figure as the API shows it, pretty-printed and indented to sit in a list's `data`."""
    text = json.dumps(serialize.figure(figure, BASE_PLACEHOLDER), indent=2, ensure_ascii=False, default=str)
    return "\n".join(ITEM_INDENT + line for line in text.splitlines())


def render_all(session: Session) -> int:
    """Store every figure's document (inside the loader's transaction)."""
    from .queries import FIGURE_LOADS

    session.expunge_all()  # read back from the database, as the API will (enums, not strings)
    ids = list(session.scalars(select(Figure.id).order_by(Figure.id)))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        figures = session.scalars(select(Figure).options(*FIGURE_LOADS).where(Figure.id.in_(batch)))
        session.add_all([FigureDocument(figure_id=f.id, document=render(f)) for f in figures])
        session.flush()
        session.expunge_all()  # keep memory flat on large releases
    return len(ids)


def as_object(document: str, base: str) -> dict:
    """A stored document back as a dict (for CSV and single figures)."""
    return json.loads(document.replace(BASE_PLACEHOLDER, base))
