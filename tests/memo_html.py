"""Read an HTML memo the way a browser would, listing what could run or restyle a host page."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "hr"}


@dataclass
class Inspection:
    tags: list[str] = field(default_factory=list)
    attributes: set[str] = field(default_factory=set)
    urls: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    text: str = ""
    unbalanced: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Inspection()
        self.open: list[str] = []
        self.heading: list[str] | None = None
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.tags.append(tag)
        for name, value in attrs:
            self.found.attributes.add(name)
            if value and ":" in value and name in {"href", "src", "action", "formaction"}:
                self.found.urls.append(value)
        if tag not in VOID:
            self.open.append(tag)
        if tag in {"h1", "h2", "h3", "h4"}:
            self.heading = []

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.found.unbalanced.append(tag)
        if tag in {"h1", "h2", "h3", "h4"} and self.heading is not None:
            self.found.headings.append("".join(self.heading))
            self.heading = None

    def handle_data(self, data):
        self.chunks.append(data)
        if self.heading is not None:
            self.heading.append(data)


def inspect(fragment: str) -> Inspection:
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    reader.found.unbalanced += reader.open
    reader.found.text = "".join(reader.chunks)
    return reader.found


def assert_inert(fragment: str) -> Inspection:
    """No script or style, no handler or inline style, no URL, and every element closed."""
    found = inspect(fragment)
    assert not {"script", "style", "iframe", "object", "embed", "img", "a", "link"} & set(
        found.tags
    )
    assert not [a for a in found.attributes if a.startswith("on") or a == "style"]
    assert found.attributes <= {"class", "value"}
    assert found.urls == []
    assert "javascript:" not in " ".join(found.urls).lower()
    assert found.unbalanced == []
    return found
