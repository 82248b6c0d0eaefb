"""Reading the explorer's HTML in tests with the standard library: the figures table's rows and
cells, a page's links, and the chart's groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            if child.tag == tag and all(attr_has(child.attrs.get(k), v) for k, v in attrs.items()):
                found.append(child)
            found += child.find_all(tag, **attrs)
        return found

    def find(self, tag: str, **attrs: str) -> Element:
        (only,) = self.find_all(tag, **attrs)[:1] or [None]
        assert only is not None, f"no <{tag}> with {attrs}"
        return only

    @property
    def words(self) -> str:
        return " ".join(self.text.split())


def attr_has(value: str | None, wanted: str) -> bool:
    return value is not None and (value == wanted or wanted in value.split())


VOID = {"meta", "link", "input", "br", "img", "hr", "col", "source", "rect", "line"}


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while len(self.open) > 1:
            closed = self.open.pop()
            if closed.tag == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element.text += data


def parse(html: str) -> Element:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass
class Row:
    figure: str
    status_class: str
    cells: dict[str, Element]


def figure_rows(document: Element) -> list[Row]:
    """The figures table's rows, each cell under its column's heading."""
    table = document.find("table", **{"class": "figures"})
    headings = [th.words for th in table.find("thead").find_all("th")]
    rows = []
    for tr in table.find("tbody").find_all("tr"):
        cells = [c for c in tr.children if c.tag in ("th", "td")]
        rows.append(Row(tr.attrs["data-figure"], tr.attrs["class"], dict(zip(headings, cells, strict=True))))
    return rows
