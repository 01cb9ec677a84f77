"""Lookup keys and slugs: how a written term becomes the key every alias is indexed under."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = ["alias_key", "has_cjk", "slugify", "to_traditional"]

# Spaces, hyphens/dashes, underscores, dots, middle dots (· ・ •) and slashes are dropped;
# "+" and "#" are kept so that C, C++ and C# stay three different keys.
_DROP = re.compile(r"[\s\-\u2010-\u2015\u2212_.\u00b7\u30fb\u2022\u2027/\\]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# American spellings folded to British ones, so "optimization" finds "optimisation".
_US_UK = re.compile(r"(?<=[a-z])(ization|izing|ized|izes|yzing|yzed|yze|eling|eled)(?![a-z])")
_US_UK_MAP = {"ization": "isation", "izing": "ising", "ized": "ised", "izes": "ises",
              "yzing": "ysing", "yzed": "ysed", "yze": "yse", "eling": "elling", "eled": "elled"}


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc  # imported lazily: only needed for text with Chinese characters

    return opencc.OpenCC(config)


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains a CJK ideograph."""
    return _CJK.search(text) is not None


def alias_key(term: str) -> str:
    """The lookup key of ``term``.

    NFKC, traditional -> simplified Chinese, casefold, and spaces, hyphens, underscores, dots,
    middle dots and slashes removed; ``+`` and ``#`` kept; American spellings folded to British
    ("optimization" -> "optimisation", "modeling" -> "modelling").

    >>> alias_key("Fine-Tuning") == alias_key("fine tuning") == "finetuning"
    True
    >>> alias_key("檢索增強生成")
    '检索增强生成'
    """
    text = unicodedata.normalize("NFKC", term)
    if has_cjk(text):
        text = _converter("t2s").convert(text)
    folded = text.casefold()
    if "iz" in folded or "yz" in folded or "el" in folded:
        folded = _US_UK.sub(lambda m: _US_UK_MAP[m.group(1)], folded)
    return _DROP.sub("", folded)


def to_traditional(text: str) -> str:
    """``text`` converted from simplified to traditional Chinese (OpenCC ``s2t``)."""
    return str(_converter("s2t").convert(text))


_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SYMBOLS = (("c++", "cpp"), ("c#", "csharp"), ("f#", "fsharp"), (".net", "dotnet"), ("+", "plus"),
            ("#", "sharp"), ("&", "and"))


def slugify(text: str, *, max_length: int = 60) -> str:
    """A lowercase ASCII slug ``[a-z0-9-]`` for a label (``"C++"`` -> ``"cpp"``).

    Non-ASCII letters are transliterated by dropping accents; a label with no ASCII letters or
    digits at all (for example a purely Chinese name) gets ``"x-"`` plus a short hash.
    """
    original = text
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    for symbol, word in _SYMBOLS:
        text = text.replace(symbol, f" {word} ")
    slug = _NON_SLUG.sub("-", text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    if not slug:
        slug = "x-" + hashlib.sha256(unicodedata.normalize("NFC", original).encode()).hexdigest()[:8]
    return slug
