"""The text of a candidate's experience and the sentence vectors of documents.

The multilingual encoder reads a whole document well (better, on the ranking benchmark, than the
mean of its chunks), so a document is encoded whole, cut at ``MAX_CHARS`` characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from talentgraph.domain import Resume

__all__ = ["MAX_CHARS", "embed_documents", "experience_text"]

#: Characters of a document that are encoded (the rest adds little and costs time).
MAX_CHARS = 5000
#: A personal attribute (birth date, age, gender, marital status, ...) and its value, up to the
#: next line break or separator: never part of the experience text, so it cannot move a score.
_PERSONAL = re.compile(
    r"(?:date of birth|\bd\.?o\.?b\b|\bgender\b|\bsex\s*[:：]|\bage\s*[:：]|marital status|"
    r"\bnationality\b|\breligion\b|\bcaste\b|\bheight\s*[:：]|\bweight\s*[:：]|"
    r"性别|年龄|出生日期|出生年月|婚姻状况|婚否|民族|籍贯|政治面貌|身高|体重|宗教信仰|身份证号?)"
    r"\s*[:：\-]?\s*[^\n,;|，；、]{0,40}",
    re.IGNORECASE)


def experience_text(resume: Resume) -> str:
    """What a resume says about the candidate's work and knowledge: its text without the
    contact section, the name, e-mail addresses, phone numbers and lines that state personal
    attributes with their values (birth date, age, gender, marital status, ...)."""
    text = resume.text
    contact = sorted((span for kind, span in resume.sections.items()
                      if kind.split("_")[0] == "contact"), reverse=True)
    for start, end in contact:
        text = text[:start] + "\n" + text[end:]
    for value in (resume.name, *resume.emails, *resume.phones):
        if value and value.strip():
            text = text.replace(value, " ")
    return _PERSONAL.sub(" ", text).strip()


def embed_documents(texts: Sequence[str], *, encoder: Any = None) -> np.ndarray:
    """An ``(N, dim)`` float32 array of L2-normalised vectors of the texts (each cut at
    MAX_CHARS; a zero row for an empty text). ``encoder`` defaults to the shared multilingual
    encoder."""
    if encoder is None:
        from talentgraph.extract._encoder import get_encoder

        encoder = get_encoder()
    cut = [" ".join(t[:MAX_CHARS].split()) for t in texts]
    filled = [i for i, t in enumerate(cut) if t]
    if not filled:
        dim = int(encoder.encode(["x"]).shape[1])
        return np.zeros((len(texts), dim), dtype=np.float32)
    vectors = np.asarray(encoder.encode([cut[i] for i in filled]), dtype=np.float32)
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    out[filled] = vectors
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out
