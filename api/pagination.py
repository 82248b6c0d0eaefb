"""Page-number pagination in the body envelope: `pagination` counts and `links` to other pages."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import request
from sqlalchemy import Select, func, select

from . import links
from .database import db_session


@dataclass
class Page:
    items: list
    page: int
    page_size: int
    total: int
    _links: dict | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    def pagination(self) -> dict:
        return {"page": self.page, "page_size": self.page_size, "total": self.total, "pages": self.pages}

    def links(self) -> dict:
        """Built once per page: the body and the Link header both give them."""
        if self._links is None:
            page_url = _page_urls()
            self._links = {"self": page_url(self.page), "first": page_url(1), "last": page_url(self.pages)}
            self._links["next"] = page_url(self.page + 1) if self.page < self.pages else None
            self._links["prev"] = page_url(self.page - 1) if self.page > 1 else None
        return self._links

    def envelope(self) -> tuple[dict, dict]:
        """The body a page schema renders (data, pagination, links), and the Link header."""
        body = {"data": self.items, "pagination": self.pagination(), "links": self.links()}
        return body, {"Link": self.link_header()}

    def link_header(self) -> str:
        """The same links as an RFC 8288 Link header, for clients that page by headers."""
        return ", ".join(
            f'<{url}>; rel="{rel}"' for rel, url in self.links().items() if url and rel != "self"
        )


def paginate(stmt: Select, page: int, page_size: int) -> Page:
    total = db_session().scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = db_session().scalars(stmt.limit(page_size).offset((page - 1) * page_size)).all()
    return Page(items=list(items), page=page, page_size=page_size, total=total)


# Stands for the page number in a URL built once for every page of a request: a NUL, which the
# URL holds percent-encoded.
PAGE_MARK, ENCODED_PAGE_MARK = "\x00", "%00"


def _page_url(page: int | str) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return links.url(request.endpoint, **(request.view_args or {}), **args)


def _page_urls() -> Callable[[int], str]:
    """The URL of each page of this request's list, from one build of it (a build costs more than
    the rest of a page's links): the page number goes where the mark is. When another argument
    holds a NUL too, the mark is not the only one, and each page's URL is built."""
    marked = _page_url(PAGE_MARK)
    if marked.count(ENCODED_PAGE_MARK) != 1:
        return _page_url
    before, after = marked.split(ENCODED_PAGE_MARK)
    return lambda page: f"{before}{page}{after}"
