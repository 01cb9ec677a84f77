"""A tiny, safe Markdown subset for the prompts of skill checks.

Blocks: paragraphs (lines joined by ``<br>``), bullet lists (``- item``), pipe tables (a header
row, a ``|---|`` rule, body rows) and fenced code blocks (three backticks). Inline: ``**bold**``
and ``\\`code\\```. Everything else is text: the input is escaped before any tag is added, so
no HTML, link, image or script in a prompt ever reaches the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markupsafe import Markup, escape

__all__ = ["render_markdown"]

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_MAX_CHARS = 50_000


def _inline(text: str) -> str:
    """Escaped ``text`` with `code` and **bold** turned into tags (code first: no bold in it)."""
    parts = []
    last = 0
    for match in _CODE.finditer(text):
        parts.append(_BOLD.sub(r"<strong>\1</strong>", str(escape(text[last:match.start()]))))
        parts.append(f"<code>{escape(match.group(1))}</code>")
        last = match.end()
    parts.append(_BOLD.sub(r"<strong>\1</strong>", str(escape(text[last:]))))
    return "".join(parts)


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [cell.strip() for cell in body.split("|")]


def _table(lines: list[str]) -> str:
    head, rows = _cells(lines[0]), [_cells(line) for line in lines[2:]]
    out = ['<div class="table-wrap"><table class="md-table"><thead><tr>']
    out.extend(f"<th>{_inline(cell)}</th>" for cell in head)
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _blocks(lines: list[str]) -> Iterator[str]:
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            index += 1
        elif stripped.startswith("```"):
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith("```"):
                end += 1
            code = "\n".join(lines[index + 1:end])
            yield f"<pre><code>{escape(code)}</code></pre>"
            index = end + 1
        elif (stripped.startswith("|") and index + 1 < len(lines)
              and _RULE.match(lines[index + 1].strip())):
            end = index + 2
            while end < len(lines) and lines[end].strip().startswith("|"):
                end += 1
            yield _table(lines[index:end])
            index = end
        elif stripped.startswith("- "):
            items = []
            while index < len(lines) and lines[index].strip().startswith("- "):
                items.append(f"<li>{_inline(lines[index].strip()[2:])}</li>")
                index += 1
            yield "<ul>" + "".join(items) + "</ul>"
        else:
            para = []
            while index < len(lines) and lines[index].strip() and not (
                    lines[index].strip().startswith(("```", "- "))
                    or (lines[index].strip().startswith("|") and index + 1 < len(lines)
                        and _RULE.match(lines[index + 1].strip()))):
                para.append(_inline(lines[index].strip()))
                index += 1
            yield "<p>" + "<br>".join(para) + "</p>"


def render_markdown(text: str) -> Markup:
    """The HTML of ``text`` in the safe subset (module doc); everything else is escaped."""
    lines = text[:_MAX_CHARS].replace("\r\n", "\n").split("\n")
    return Markup("\n".join(_blocks(lines)))  # noqa: S704 - built from escaped text only
