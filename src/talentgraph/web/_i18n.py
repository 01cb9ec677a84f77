"""Which language a visitor sees (zh or en), and the translator the templates call as ``_()``.

``negotiate_language`` picks the language: the ``lang`` cookie (set by the language switch) wins,
then the browser's ``Accept-Language`` by q-value (any ``zh-*`` variant is Chinese), else English.
``translator`` returns a function that looks a key up in ``messages.json``
(``{"key": {"en": ..., "zh": ...}}``) and fills ``{name}`` fields with ``str.format``. A key that
is not in the catalogue raises ``KeyError`` when ``strict=True``; otherwise the key itself is shown
and a ``MissingMessageWarning`` is issued, which the test suite (``filterwarnings = error``) turns
into a failure.
"""

from __future__ import annotations

import json
import warnings
from functools import lru_cache
from importlib import resources
from typing import Protocol

from talentgraph.errors import ParameterError

__all__ = [
    "DEFAULT_LANGUAGE",
    "SUPPORTED_LANGUAGES",
    "MissingMessageWarning",
    "Translate",
    "load_messages",
    "negotiate_language",
    "translator",
]

SUPPORTED_LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
#: Only this much of an Accept-Language header is read; real browsers send far less.
_MAX_HEADER_CHARS = 2000


class MissingMessageWarning(UserWarning):
    """A template asked for a message key that messages.json does not have."""


class Translate(Protocol):
    """The ``_`` of the templates: a message key (and format fields) to text."""

    def __call__(self, key: str, /, **fields: object) -> str:
        """The text of ``key`` in the translator's language."""
        ...


def _supported(tag: str) -> str | None:
    """The supported language of a language tag ("zh-Hans-CN" -> "zh"), or None."""
    primary = tag.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in SUPPORTED_LANGUAGES else None


def _quality(params: list[str]) -> float | None:
    """The q-value among an Accept-Language entry's parameters; None if malformed."""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return None
            return q if 0.0 <= q <= 1.0 else None
    return 1.0


def _from_accept_language(header: str) -> str | None:
    """The best supported language of an Accept-Language header, or None."""
    ranked: list[tuple[float, int, str]] = []
    for position, entry in enumerate(header[:_MAX_HEADER_CHARS].split(",")):
        tag, *params = entry.split(";")
        q = _quality(params)
        if q is None or q <= 0.0 or not tag.strip():
            continue
        language = DEFAULT_LANGUAGE if tag.strip() == "*" else _supported(tag)
        if language is not None:
            ranked.append((-q, position, language))
    return min(ranked)[2] if ranked else None


def negotiate_language(accept_language: str | None, cookie: str | None) -> str:
    """The page language, "zh" or "en": the cookie, else Accept-Language, else English."""
    if cookie:
        chosen = _supported(cookie)
        if chosen is not None:
            return chosen
    if accept_language:
        chosen = _from_accept_language(accept_language)
        if chosen is not None:
            return chosen
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=1)
def load_messages() -> dict[str, dict[str, str]]:
    """The message catalogue of the web app: key -> {"en": text, "zh": text}."""
    text = resources.files("talentgraph.web").joinpath("messages.json").read_text("utf-8")
    return json.loads(text)


def translator(lang: str, *, strict: bool = False) -> Translate:
    """A function from message key (and ``{name}`` fields) to text in ``lang``."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ParameterError.invalid("lang", "translator", "one of 'en', 'zh'", lang)
    messages = load_messages()

    def translate(key: str, /, **fields: object) -> str:
        entry = messages.get(key)
        if entry is None:
            if strict:
                raise KeyError(f"No message {key!r} in talentgraph/web/messages.json; add it "
                               f"with an 'en' and a 'zh' text.")
            warnings.warn(f"No message {key!r} in talentgraph/web/messages.json.",
                          MissingMessageWarning, stacklevel=2)
            return key
        text = entry[lang]
        return text.format(**fields) if fields else text

    return translate
