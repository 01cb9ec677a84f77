"""Tell Chinese from English text by the share of CJK ideographs."""

from __future__ import annotations

import re

__all__ = ["ZH_IDEOGRAPH_SHARE", "detect_language"]

#: "zh" when CJK ideographs are at least this share of letters + ideographs.
ZH_IDEOGRAPH_SHARE = 0.10
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_LETTER = re.compile(r"[^\W\d_]")  # letters of any script, ideographs included
_SAMPLE_CHARS = 100_000


def detect_language(text: str) -> str:
    """``"zh"`` when CJK ideographs are >= 10% of the letters and ideographs, else ``"en"``.

    The threshold is low on purpose: one ideograph stands for a word, while an English word has
    about five letters, so a Chinese posting full of English skill names (Python, PyTorch, LLM)
    still has well over 10% ideographs. Text without letters is ``"en"``. Only the first
    100,000 characters are looked at.
    """
    sample = text[:_SAMPLE_CHARS]
    ideographs = _IDEOGRAPH.subn("", sample)[1]
    if not ideographs:
        return "en"
    letters = _LETTER.subn("", sample)[1]
    return "zh" if ideographs >= ZH_IDEOGRAPH_SHARE * letters else "en"
