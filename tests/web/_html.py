"""A small HTML reader for the web tests: elements with their attributes and text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    """One start tag, its attributes and the text directly inside it."""

    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        """Every descendant ``tag`` whose attributes include ``attrs`` (``class_`` for class)."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        found = []
        for child in self.children:
            if child.tag == tag and all(_matches(child.attrs.get(k), v) for k, v in wanted.items()):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found

    def find(self, tag: str, **attrs: str) -> Element:
        """The first descendant ``tag`` with ``attrs``; fails the test when there is none."""
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def all_text(self) -> str:
        """The text of this element and its descendants, whitespace collapsed."""
        parts = [self.text] + [child.all_text() for child in self.children]
        return " ".join(" ".join(parts).split())


def _matches(value: str | None, wanted: str) -> bool:
    if value is None:
        return False
    return value == wanted or wanted in value.split()


VOID = {"meta", "link", "input", "br", "img", "hr", "source", "area", "base", "col", "wbr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].text += data


def parse_html(markup: str) -> Element:
    """The element tree of ``markup``."""
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    return builder.root
