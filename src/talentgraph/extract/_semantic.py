"""The semantic linker: phrases the dictionary does not know -> the nearest skills.

A phrase is encoded with the shared multilingual sentence encoder (``_encoder.py``) and compared
by cosine similarity with every embedded text of every skill (``_embeddings.py``); a skill's score
is the maximum over its texts. ``is_match`` accepts a candidate whose score reaches the threshold
calibrated in ``benchmarks/bench_linker.py`` (see docs/semantic-linker.md).

Also the two plain functions behind ``talentgraph link``: :func:`link_texts` and
:func:`link_records`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from talentgraph.errors import (
    NotFittedError,
    ParameterError,
)
from talentgraph.extract._embeddings import (
    SkillEmbeddings,
    TaxonomyLike,
    default_calibration_path,
    extend_skill_embeddings,
    load_skill_embeddings,
)
from talentgraph.extract._encoder import SentenceEncoder, get_encoder

__all__ = ["DEFAULT_THRESHOLD", "LinkCandidate", "SemanticLinker", "link_records", "link_texts"]

#: Used only when no calibration file sits beside the embeddings.
DEFAULT_THRESHOLD = 0.6
_MAX_TOP_K = 100
_CHUNK = 256  # phrases per matrix product: bounds memory at CHUNK x rows x 4 bytes
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    """A skill proposed for a phrase, with its cosine similarity and the text that matched."""

    slug: str
    esco_uri: str | None
    label: str
    score: float
    matched: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SemanticLinker:
    """Rank skills by similarity to free-text phrases (English, Chinese or mixed).

    >>> linker = SemanticLinker(top_k=3).initialize()        # doctest: +SKIP
    >>> linker.link_one("大模型指令微调")[0].slug            # doctest: +SKIP
    'fine-tuning'
    """

    def __init__(self, *, threshold: float | None = None, top_k: int = 5,
                 encoder: SentenceEncoder | None = None,
                 embeddings_path: Path | None = None) -> None:
        self.threshold = threshold
        self.top_k = top_k
        self.encoder = encoder
        self.embeddings_path = embeddings_path

    # ----------------------------------------------------------------- loading
    def initialize(self, taxonomy: TaxonomyLike | None = None) -> SemanticLinker:
        """Load the embeddings (checked against ``taxonomy``, default: the shipped one)."""
        _check_top_k(self.top_k, "SemanticLinker")
        if self.threshold is not None and not (
                isinstance(self.threshold, (int, float)) and -1.0 <= self.threshold <= 1.0):
            raise ParameterError.invalid("threshold", "SemanticLinker", "a float in [-1, 1] or None",
                                         self.threshold)
        if taxonomy is None:
            from talentgraph.taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
        encoder = self.encoder or get_encoder()
        emb = load_skill_embeddings(self.embeddings_path, taxonomy=taxonomy,
                                    encoder_version=encoder.version, encoder=encoder)
        known = set(emb.slugs)
        org = {slug: skill for slug, skill in taxonomy.skills.items()
               if skill.source == "org" and slug not in known}
        if org:  # an organisation overlay's own skills: few, embedded now
            emb = extend_skill_embeddings(emb, org, encoder=encoder)
        skills = [taxonomy.skills[slug] for slug in emb.slugs]
        self.encoder_ = encoder
        self.embeddings_: SkillEmbeddings = emb
        self.starts_ = emb.skill_starts
        self.labels_ = [s.name_en for s in skills]
        self.esco_uris_ = [s.esco_uri for s in skills]
        self.has_esco_ = np.array([u is not None for u in self.esco_uris_], dtype=bool)
        self.taxonomy_version_ = str(taxonomy.version)
        self.calibration_ = _read_calibration(self.embeddings_path)
        self.threshold_ = float(self.threshold if self.threshold is not None
                                else self.calibration_.get("threshold", DEFAULT_THRESHOLD))
        return self

    @property
    def version(self) -> str:
        """Provenance for ``Extraction.versions``: encoder and taxonomy the embeddings came from."""
        emb = self._fitted()
        return f"{emb.encoder_version}+taxonomy-{emb.taxonomy_version}"

    # ----------------------------------------------------------------- linking
    def link(self, phrases: Sequence[str], *, top_k: int | None = None,
             esco_only: bool = False) -> list[list[LinkCandidate]]:
        """The ``top_k`` best skills for each phrase, best first (an empty phrase gets ``[]``).

        With ``esco_only`` only skills that have an ESCO URI are proposed.
        """
        emb = self._fitted()
        if isinstance(phrases, str):
            raise ParameterError.invalid("phrases", "SemanticLinker.link",
                                         "a sequence of str (use link_one for one phrase)", phrases)
        k = self.top_k if top_k is None else top_k
        _check_top_k(k, "SemanticLinker.link")
        cleaned = [_SPACE.sub(" ", str(p)).strip() for p in phrases]
        first: dict[str, int] = {}
        for i, p in enumerate(cleaned):
            if p and p.casefold() not in first:
                first[p.casefold()] = i
        todo = sorted(first.values())  # each distinct phrase once; copies share the answer
        results: list[list[LinkCandidate]] = [[] for _ in cleaned]
        if not todo:
            return results
        queries = self.encoder_.encode([cleaned[i] for i in todo])
        n_skills = len(emb.slugs)
        k = min(k, n_skills)
        ends = np.r_[self.starts_[1:], len(emb.row_skill)]
        for lo in range(0, len(todo), _CHUNK):
            rows = queries[lo:lo + _CHUNK] @ emb.matrix.T  # (n, R) cosine: both sides unit length
            if k == 1 and not esco_only:  # the best skill is the skill of the best row
                best_rows = rows.argmax(axis=1)
                for j, best_row in enumerate(best_rows.tolist()):
                    s = int(emb.row_skill[best_row])
                    results[todo[lo + j]] = [LinkCandidate(
                        slug=emb.slugs[s], esco_uri=self.esco_uris_[s], label=self.labels_[s],
                        score=round(float(rows[j, best_row]), 4),
                        matched=emb.row_text[best_row])]
                continue
            scores = np.maximum.reduceat(rows, self.starts_, axis=1)  # (n, S) max per skill
            if esco_only:
                scores[:, ~self.has_esco_] = -np.inf
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
            for j in range(len(top)):
                order = top[j][np.argsort(-scores[j, top[j]], kind="stable")]
                cands = []
                for s in order:
                    score = float(scores[j, s])
                    if score == -np.inf:
                        continue
                    best_row = self.starts_[s] + int(np.argmax(rows[j, self.starts_[s]:ends[s]]))
                    cands.append(LinkCandidate(
                        slug=emb.slugs[s], esco_uri=self.esco_uris_[s], label=self.labels_[s],
                        score=round(score, 4), matched=emb.row_text[best_row]))
                results[todo[lo + j]] = cands
        for i, p in enumerate(cleaned):
            if p and first[p.casefold()] != i:
                results[i] = results[first[p.casefold()]]
        return results

    def link_one(self, phrase: str, *, top_k: int | None = None,
                 esco_only: bool = False) -> list[LinkCandidate]:
        """The best skills for one phrase."""
        return self.link([phrase], top_k=top_k, esco_only=esco_only)[0]

    def is_match(self, candidate: LinkCandidate) -> bool:
        """Whether ``candidate`` is confident enough to count as a skill mention."""
        self._fitted()
        return candidate.score >= self.threshold_

    def _fitted(self) -> SkillEmbeddings:
        emb = getattr(self, "embeddings_", None)
        if emb is None:
            raise NotFittedError(
                "This SemanticLinker is not initialised. Expected initialize() to have been "
                "called before link(). Fix: call linker.initialize() first."
            )
        return emb


def _check_top_k(value: object, owner: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_TOP_K:
        raise ParameterError.invalid("top_k", owner, f"an int in [1, {_MAX_TOP_K}]", value)


def _read_calibration(embeddings_path: Path | None) -> dict[str, Any]:
    path = default_calibration_path(embeddings_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# --------------------------------------------------------------------- CLI functions
@lru_cache(maxsize=1)
def _shared_linker() -> SemanticLinker:
    return SemanticLinker().initialize()


def link_texts(texts: Sequence[str], *, top_k: int = 5,
               linker: SemanticLinker | None = None) -> list[dict[str, Any]]:
    """Link each text to its ``top_k`` nearest ESCO skills; ids are "1".."N" in order.

    Returns ``[{"id": "1", "candidates": [{"esco_uri", "label", "score", "slug"}, ...]}, ...]``.
    Only skills with an ESCO URI are proposed (curated skills merged with ESCO included).
    """
    return _link_records([(str(i), t) for i, t in enumerate(texts, start=1)], top_k=top_k,
                         linker=linker)


def link_records(records: Sequence[tuple[str, str]], *, top_k: int = 5,
                 linker: SemanticLinker | None = None) -> list[dict[str, Any]]:
    """Link ``(id, text)`` pairs (e.g. read with ``talentgraph.text.read_records``), keeping
    their ids; same output as :func:`link_texts`."""
    out: list[dict[str, Any]] = []
    for lo in range(0, len(records), 1024):
        out.extend(_link_records(list(records[lo:lo + 1024]), top_k=top_k, linker=linker))
    return out


def _link_records(records: list[tuple[str, str]], *, top_k: int,
                  linker: SemanticLinker | None) -> list[dict[str, Any]]:
    _check_top_k(top_k, "link_texts")
    linker = linker or _shared_linker()
    linked = linker.link([text for _, text in records], top_k=top_k, esco_only=True)
    return [
        {"id": rid, "candidates": [
            {"esco_uri": c.esco_uri, "label": c.label, "score": c.score, "slug": c.slug}
            for c in cands]}
        for (rid, _), cands in zip(records, linked, strict=True)
    ]
