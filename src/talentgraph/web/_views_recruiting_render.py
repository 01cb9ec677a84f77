"""Rendering the recruiting pages: how they name coded values (stages, recommendations,
score parts, degrees, merge reasons, import outcomes) in the page's language, how they mark a
skill's resume span inside the line that shows it, and which form errors a page shows again.
Used by the _views_recruiting* modules; no routes here.

Templates get ``rl(kind, value)`` (the text of a coded value), ``marks(line, evidence)`` (the
line cut into (text, is_marked) pieces), ``stages`` and ``next_stage(stage)`` from
:func:`render_recruiting`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from talentgraph.domain import EDUCATION_LEVELS, Actor
from talentgraph.errors import TalentGraphError
from talentgraph.match import PARTS
from talentgraph.services._pipeline import RECOMMENDATIONS, STAGES
from talentgraph.services._recruiting import OPENING_STATUSES
from talentgraph.web._i18n import Translate
from talentgraph.web._page import render_page, translate_for

__all__ = ["RECRUITING_LABELS", "evidence_marks", "is_shown_again", "next_stage",
           "recruiting_context", "recruiting_label", "render_recruiting"]

#: Message keys of the recruiting pages' coded values, by kind (a value not listed shows as is).
RECRUITING_LABELS: dict[str, dict[str, str]] = {
    "stage": {stage: f"recruiting.stage_{stage}" for stage in STAGES},
    "recommendation": {r: f"recruiting.rec_{r}" for r in RECOMMENDATIONS},
    "part": {part: f"recruiting.part_{part}" for part in PARTS},
    "education": {degree: f"recruiting.degree_{degree}" for degree in EDUCATION_LEVELS},
    "merge_reason": {r: f"recruiting.merge_{r}" for r in ("email", "phone", "name_school")},
    "import_status": {s: f"recruiting.import_{s}" for s in ("created", "merged", "error")},
    "opening_status": {s: f"recruiting.status_{s}" for s in OPENING_STATUSES},
}
#: The longest evidence line shown.
MAX_LINE = 300


def recruiting_label(kind: str, value: object, translate: Translate) -> str:
    """The text of a coded value of ``kind`` ("–" for none, the value itself when unknown)."""
    if value is None or value == "":
        return "–"
    key = RECRUITING_LABELS[kind].get(str(value))
    return translate(key) if key is not None else str(value)


def next_stage(stage: str) -> str | None:
    """The stage after ``stage`` in the pipeline (None after "hired", and for "rejected")."""
    flow = [s for s in STAGES if s != "rejected"]
    if stage not in flow or stage == flow[-1]:
        return None
    return flow[flow.index(stage) + 1]


def evidence_marks(line: str | None,
                   evidence: Iterable[Mapping[str, Any]]) -> list[tuple[str, bool]]:
    """``line`` cut into pieces, the evidence spans' words marked (case-insensitive, the first
    occurrence of each); [] when there is no line."""
    if not line:
        return []
    text = line[:MAX_LINE]
    folded = text.casefold()
    found: list[tuple[int, int]] = []
    for span in evidence:
        surface = str(span.get("surface") or "").strip()
        at = folded.find(surface.casefold()) if surface else -1
        if at >= 0 and not any(a < at + len(surface) and at < b for a, b in found):
            found.append((at, at + len(surface)))
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in sorted(found):
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces


def recruiting_context(translate: Translate) -> dict[str, Callable[..., Any] | tuple[str, ...]]:
    """What every recruiting template gets beyond the base context."""

    def rl(kind: str, value: object) -> str:
        return recruiting_label(kind, value, translate)

    return {"rl": rl, "marks": evidence_marks, "stages": STAGES, "next_stage": next_stage}


def render_recruiting(request: Request, template: str, *, actor: Actor, status_code: int = 200,
                      error: str = "", notice: str = "", **context: Any) -> HTMLResponse:
    """A recruiting page: ``render_page`` with :func:`recruiting_context`, and ``error`` or
    ``notice`` as the page's flash."""
    flashes = ([{"level": "error", "message": error}] if error else []) + (
        [{"level": "success", "message": notice}] if notice else [])
    return render_page(request, template, actor=actor, status_code=status_code,
                       flashes=flashes, **recruiting_context(translate_for(request)), **context)


def is_shown_again(exc: TalentGraphError) -> bool:
    """Whether a form's error is shown on its page again (not a missing record, a refusal or a
    crash, which get the error page)."""
    return exc.status < 500 and exc.status not in (401, 403, 404)
