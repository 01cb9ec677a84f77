"""Skill embeddings: which texts of each skill are embedded, the file format, build and load.

The shipped file ``talentgraph/taxonomy/data/embeddings.npz`` holds

    matrix        float16 (R, 512)  one L2-normalised row per embedded text
    row_skill     int32   (R,)      index into ``slugs``; rows of one skill are contiguous
    row_text      str               JSON list: the text each row embeds (the "matched" evidence)
    slugs         str               JSON list: the skills that have at least one row
    meta          str               JSON: format, taxonomy_version, encoder_version, settings

and ``embeddings.calibration.json`` beside it holds the calibrated match threshold.

Rebuild after the taxonomy changes with ``python -m talentgraph.extract._embeddings``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from talentgraph.domain import Skill
from talentgraph.errors import ModelError, ModelNotFoundError, ParameterError

__all__ = [
    "FORMAT_VERSION",
    "REBUILD_COMMAND",
    "SkillEmbeddings",
    "build_skill_embeddings",
    "default_calibration_path",
    "default_embeddings_path",
    "extend_skill_embeddings",
    "load_skill_embeddings",
    "reconcile_skill_embeddings",
    "skill_texts",
]

FORMAT_VERSION = 1
REBUILD_COMMAND = "python -m talentgraph.extract._embeddings"
#: Words of "label + alt labels + definition" in the optional second vector of an ESCO skill.
BLOB_WORDS = 12
_SPACE = re.compile(r"\s+")


class TaxonomyLike(Protocol):
    """What the build needs from :class:`talentgraph.taxonomy.Taxonomy`."""

    @property
    def version(self) -> str: ...  # pragma: no cover

    @property
    def skills(self) -> Mapping[str, Skill]: ...  # pragma: no cover


@dataclass(frozen=True)
class SkillEmbeddings:
    """The loaded embedding file: float32 matrix, row -> skill mapping and provenance."""

    matrix: np.ndarray  # float32 (R, 512)
    row_skill: np.ndarray  # int32 (R,)
    row_text: tuple[str, ...]
    slugs: tuple[str, ...]
    taxonomy_version: str
    encoder_version: str
    settings: dict[str, Any]

    @property
    def skill_starts(self) -> np.ndarray:
        """First row of each skill (rows are grouped by skill), for ``np.maximum.reduceat``."""
        return np.flatnonzero(np.r_[True, self.row_skill[1:] != self.row_skill[:-1]])


def default_embeddings_path() -> Path:
    """Where the shipped embeddings live (inside the installed package)."""
    return Path(__file__).resolve().parents[1] / "taxonomy" / "data" / "embeddings.npz"


def default_calibration_path(embeddings: Path | None = None) -> Path:
    """The calibration JSON that sits beside ``embeddings``."""
    path = embeddings or default_embeddings_path()
    return path.with_name(path.stem + ".calibration.json")


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def skill_texts(skill: Skill, *, esco_aliases: bool = True, esco_blob: bool = False) -> list[str]:
    """The texts embedded for ``skill`` (deduplicated, case-insensitively, in order).

    - curated (and organisation) skills: English name, Chinese name and every alias;
    - ESCO skills: the preferred label, with ``esco_aliases`` its alternative labels (the taxonomy
      has them for the ICT, transversal and language collections), and with ``esco_blob`` the
      first ``BLOB_WORDS`` words of "label + alt labels + definition" (off: it did not help on
      the calibration set and doubles the file);
    - O*NET tool skills: nothing (the exact matcher handles tool names).
    """
    if skill.source == "onet":
        return []
    if skill.source == "esco":
        texts = [skill.name_en, *(skill.aliases_en if esco_aliases else ())]
        if esco_blob:
            description = _clean(skill.description)
            if description.casefold().startswith(skill.name_en.casefold()):
                blob = description
            else:
                blob = " ".join([skill.name_en, *skill.aliases_en, description])
            texts.append(" ".join(_clean(blob).split(" ")[:BLOB_WORDS]))
    else:
        texts = [skill.name_en, skill.name_zh or "", *skill.aliases_en, *skill.aliases_zh]
    seen: set[str] = set()
    out = []
    for text in map(_clean, texts):
        key = text.casefold()
        if text and key not in seen:
            seen.add(key)
            out.append(text)
    return out


def _iter_rows(skills: Mapping[str, Skill], *, esco_aliases: bool,
               esco_blob: bool) -> Iterator[tuple[str, str]]:
    for slug in sorted(skills):
        for text in skill_texts(skills[slug], esco_aliases=esco_aliases, esco_blob=esco_blob):
            yield slug, text


def build_skill_embeddings(*, taxonomy: TaxonomyLike, out: Path, esco_aliases: bool = True,
                           esco_blob: bool = False, encoder: Any = None) -> Path:
    """Embed the skills of ``taxonomy`` and write them to ``out`` (an ``.npz``); returns ``out``.

    Deterministic for a given taxonomy and encoder version. ``encoder`` defaults to the shared
    :func:`talentgraph.extract._encoder.get_encoder`.
    """
    if encoder is None:
        from talentgraph.extract._encoder import get_encoder

        encoder = get_encoder()
    rows = list(_iter_rows(taxonomy.skills, esco_aliases=esco_aliases, esco_blob=esco_blob))
    if not rows:
        raise ParameterError.invalid("taxonomy", "build_skill_embeddings",
                                     "a taxonomy with curated or ESCO skills", "no skills to embed")
    slugs: list[str] = []
    index: dict[str, int] = {}
    row_skill = np.empty(len(rows), dtype=np.int32)
    for i, (slug, _) in enumerate(rows):
        if slug not in index:
            index[slug] = len(slugs)
            slugs.append(slug)
        row_skill[i] = index[slug]
    texts = [text for _, text in rows]
    matrix = encoder.encode(texts).astype(np.float16)
    meta = {
        "format": FORMAT_VERSION,
        "taxonomy_version": str(taxonomy.version),
        "encoder_version": encoder.version,
        "settings": {"esco_aliases": esco_aliases, "esco_blob": esco_blob,
                     "blob_words": BLOB_WORDS},
        "rows": len(rows),
        "skills": len(slugs),
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:  # np.savez would append ".npz" to a path without it
        np.savez(fh, matrix=matrix, row_skill=row_skill,
                 row_text=np.array(json.dumps(texts, ensure_ascii=False)),
                 slugs=np.array(json.dumps(slugs)), meta=np.array(json.dumps(meta, sort_keys=True)))
    return out


def extend_skill_embeddings(embeddings: SkillEmbeddings, skills: Mapping[str, Skill], *,
                            encoder: Any) -> SkillEmbeddings:
    """``embeddings`` plus rows for ``skills`` (e.g. an organisation overlay's), encoded now."""
    rows = list(_iter_rows(skills, esco_aliases=True, esco_blob=False))
    if not rows:
        return embeddings
    slugs = list(embeddings.slugs)
    row_skill = []
    for slug, _ in rows:
        if not slugs or slugs[-1] != slug:
            slugs.append(slug)
        row_skill.append(len(slugs) - 1)
    vecs = encoder.encode([text for _, text in rows])
    return replace(
        embeddings,
        matrix=np.vstack([embeddings.matrix, vecs.astype(np.float16).astype(np.float32)]),
        row_skill=np.concatenate([embeddings.row_skill, np.array(row_skill, dtype=np.int32)]),
        row_text=embeddings.row_text + tuple(text for _, text in rows),
        slugs=tuple(slugs),
    )


#: Most skills re-embedded at load when the taxonomy changed since the file was built.
MAX_RECONCILE = 3000


def reconcile_skill_embeddings(embeddings: SkillEmbeddings, taxonomy: TaxonomyLike, *,
                               encoder: Any) -> SkillEmbeddings | None:
    """Bring ``embeddings`` up to date with ``taxonomy``: drop skills that left, embed skills
    that are new or whose texts changed. None when too many changed (a rebuild is due)."""
    settings = embeddings.settings
    expected: dict[str, list[str]] = {}
    for slug, text in _iter_rows(taxonomy.skills, esco_aliases=bool(settings.get("esco_aliases",
                                 True)), esco_blob=bool(settings.get("esco_blob", False))):
        expected.setdefault(slug, []).append(text)
    existing: dict[str, list[int]] = {}
    for row, skill_index in enumerate(embeddings.row_skill.tolist()):
        existing.setdefault(embeddings.slugs[skill_index], []).append(row)
    keep_rows: list[int] = []
    changed: dict[str, Skill] = {}
    for slug, texts in expected.items():
        rows = existing.get(slug)
        if rows is not None and [embeddings.row_text[r] for r in rows] == texts:
            keep_rows.extend(rows)
        else:
            changed[slug] = taxonomy.skills[slug]
    if len(changed) > MAX_RECONCILE:
        return None
    keep = np.array(sorted(keep_rows), dtype=np.int64)
    kept_slugs = [embeddings.slugs[i] for i in embeddings.row_skill[keep].tolist()]
    slugs: list[str] = []
    row_skill: list[int] = []
    for slug in kept_slugs:
        if not slugs or slugs[-1] != slug:
            slugs.append(slug)
        row_skill.append(len(slugs) - 1)
    base = replace(
        embeddings,
        matrix=embeddings.matrix[keep],
        row_skill=np.array(row_skill, dtype=np.int32),
        row_text=tuple(embeddings.row_text[i] for i in keep.tolist()),
        slugs=tuple(slugs),
        taxonomy_version=str(taxonomy.version),
    )
    return extend_skill_embeddings(base, changed, encoder=encoder) if changed else base


def load_skill_embeddings(path: Path | None = None, *, taxonomy: TaxonomyLike | None = None,
                          encoder_version: str | None = None,
                          encoder: Any = None) -> SkillEmbeddings:
    """Read an embedding file; with ``taxonomy`` (and ``encoder_version``) check it is current.

    Raises ModelNotFoundError when the file is missing and ModelError when it was built from
    another taxonomy or encoder version (the message gives the rebuild command). With an
    ``encoder``, a file built from an older taxonomy is reconciled in memory instead, as long
    as at most ``MAX_RECONCILE`` skills changed.
    """
    path = Path(path) if path is not None else default_embeddings_path()
    if not path.is_file():
        raise ModelNotFoundError(
            f"The skill embeddings file {path.name} was not found. Expected it at {path}. "
            f"Fix: build it with `{REBUILD_COMMAND}`."
        )
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            matrix = data["matrix"].astype(np.float32)
            row_skill = data["row_skill"].astype(np.int32)
            row_text = tuple(json.loads(str(data["row_text"])))
            slugs = tuple(json.loads(str(data["slugs"])))
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(
            f"The skill embeddings file {path.name} is unreadable ({exc}). Expected an .npz "
            f"written by build_skill_embeddings (format {FORMAT_VERSION}). "
            f"Fix: rebuild it with `{REBUILD_COMMAND}`."
        ) from exc
    if (matrix.ndim != 2 or matrix.shape[0] != len(row_skill) or len(row_text) != len(row_skill)
            or (len(row_skill) and int(row_skill.max()) >= len(slugs))):
        raise ModelError(
            f"The skill embeddings file {path.name} is inconsistent: {matrix.shape} matrix, "
            f"{len(row_skill)} row ids, {len(row_text)} texts, {len(slugs)} skills. Expected one "
            f"row id and text per matrix row. Fix: rebuild it with `{REBUILD_COMMAND}`."
        )
    embeddings = SkillEmbeddings(
        matrix=matrix, row_skill=row_skill, row_text=row_text, slugs=slugs,
        taxonomy_version=str(meta.get("taxonomy_version")),
        encoder_version=str(meta.get("encoder_version")), settings=dict(meta.get("settings", {})),
    )
    problems = []
    if meta.get("format") != FORMAT_VERSION:
        problems.append(f"file format {meta.get('format')!r}, expected {FORMAT_VERSION}")
    if taxonomy is not None:
        current = str(taxonomy.version)
        # an organisation overlay adds ".org<hash>" to the shipped version: still current
        is_current = current == embeddings.taxonomy_version or current.startswith(
            embeddings.taxonomy_version + ".org")
        if not is_current and encoder is not None:
            fixed = reconcile_skill_embeddings(embeddings, taxonomy, encoder=encoder)
            if fixed is not None:
                embeddings, slugs, is_current = fixed, fixed.slugs, True
        if not is_current:
            problems.append(f"taxonomy version {embeddings.taxonomy_version!r}, "
                            f"expected {taxonomy.version!r} (the taxonomy loaded now)")
        else:
            unknown = [s for s in slugs if s not in taxonomy.skills]
            if unknown:
                problems.append(f"{len(unknown)} skills not in the taxonomy, e.g. {unknown[0]!r}")
    if encoder_version is not None and embeddings.encoder_version != encoder_version:
        problems.append(f"encoder {embeddings.encoder_version!r}, expected {encoder_version!r}")
    if problems:
        raise ModelError(
            f"The skill embeddings in {path.name} are stale: built with "
            + "; ".join(problems)
            + f". Fix: rebuild them with `{REBUILD_COMMAND}`."
        )
    return embeddings


def main(argv: list[str] | None = None) -> int:
    """Rebuild the shipped embeddings from the shipped taxonomy."""
    import argparse

    parser = argparse.ArgumentParser(description="Build the skill embeddings for the linker.")
    parser.add_argument("--out", type=Path, default=None, help="output .npz (default: shipped)")
    parser.add_argument("--esco-blob", action="store_true",
                        help="add a vector of the first words of each ESCO skill's text")
    args = parser.parse_args(argv)
    from talentgraph.taxonomy import load_taxonomy

    out = build_skill_embeddings(taxonomy=load_taxonomy(), out=args.out or default_embeddings_path(),
                                 esco_blob=args.esco_blob)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
