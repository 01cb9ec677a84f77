"""Forms whose fields a page builds from data (one rating per goal, one answer per question):
the posted form as a dependency, so that sync views can read fields they cannot declare, and
the small parsers those views share."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from talentgraph.errors import ParameterError

__all__ = ["FormDep", "form_text", "parse_number", "posted_form"]

#: Longest text kept from one dynamic field.
_MAX_FIELD = 2000


async def posted_form(request: Request) -> FormData:
    """The request's form (read once; Starlette caches it for the CSRF check too)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(posted_form)]


def form_text(form: FormData, name: str) -> str:
    """The text of field ``name`` (stripped, at most 2,000 characters; "" when absent or a
    file)."""
    value = form.get(name)
    return value.strip()[:_MAX_FIELD] if isinstance(value, str) else ""


def parse_number(text: str, *, field: str) -> float:
    """``text`` as a finite number ("3", "4.5", "3,5"); ParameterError naming ``field``."""
    try:
        value = float(text.replace(",", ".").replace("，", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ParameterError(f"The {field!r} field must be a number. Got {text!r} instead.")
    return value
