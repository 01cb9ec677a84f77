"""scikit-learn's ``char_wb`` analyser in plain Python, shared by the role classifier and the
occupation index so both rebuild scikit-learn's features exactly at run time."""

from __future__ import annotations

import re

__all__ = ["char_wb_ngrams"]

_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's char_wb analyser


def char_wb_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's ``char_wb`` analyser (lowercase, no accent stripping), n-grams in order."""
    text = _WHITE_SPACES.sub(" ", text.lower())
    min_n, max_n = ngram_range
    out: list[str] = []
    for word in text.split():
        w = " " + word + " "
        w_len = len(w)
        for n in range(min_n, max_n + 1):
            offset = 0
            out.append(w[offset : offset + n])
            while offset + n < w_len:
                offset += 1
                out.append(w[offset : offset + n])
            if offset == 0:  # a short word (w_len < n) is counted once
                break
    return out
