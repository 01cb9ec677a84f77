"""The pipeline components. Each is cheap to construct, loads in ``initialize()``, and is a
callable ``Extraction -> Extraction``. Working state between components lives in
``Extraction`` (normalised text, offsets, sections, provisional mentions in normalised
coordinates); ``Finalise`` maps every span back into the ORIGINAL text.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from typing import Any, ClassVar

from talentgraph.domain import Extraction, Section, SkillMention

__all__ = [
    "Component",
    "ExactSkills",
    "Fields",
    "Finalise",
    "ModelSpans",
    "Normalise",
    "OccupationTitle",
    "Requirement",
    "RoleFamily",
    "Sections",
    "SemanticSkills",
]


class Component:
    """Base class: ``name``, what it requires and assigns, ``initialize()``, ``__call__``."""

    name: ClassVar[str] = "component"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def initialize(self) -> None:
        """Load data or models. Called once before the first document."""

    def __call__(self, ex: Extraction) -> Extraction:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, batch: Sequence[Extraction]) -> list[Extraction]:
        """Process a batch; components with a vectorised path override this."""
        return [self(ex) for ex in batch]

    @property
    def version(self) -> str | None:
        return None


class Normalise(Component):
    """NFKC, full-width to half-width, traditional to simplified, whitespace; language."""

    name = "normalise"
    assigns = ("normalised", "offsets", "language")

    def __call__(self, ex: Extraction) -> Extraction:
        from talentgraph.text import detect_language, normalise_text

        norm = normalise_text(ex.text)
        ex.normalised = norm.text
        ex.offsets = norm.offsets.tolist()
        sample = (ex.title or "") + "\n" + norm.text[:4000]
        ex.language = detect_language(sample)
        return ex


class Sections(Component):
    """Responsibilities, requirements, nice-to-have, benefits, company ... (both languages)."""

    name = "sections"
    requires = ("normalised",)
    assigns = ("sections",)

    def __call__(self, ex: Extraction) -> Extraction:
        from talentgraph.text import mark_legal, split_sections

        text = ex.normalised or ""
        ex.sections = mark_legal(text, split_sections(text, language=ex.language))
        return ex


def _file_version(path: Any) -> str:
    """``<file name>@<first 12 hex of its sha256>``: which model file produced a result."""
    import hashlib
    from pathlib import Path

    data = Path(path).read_bytes()
    return f"{Path(path).name}@{hashlib.sha256(data).hexdigest()[:12]}"


def _mention(taxonomy: Any, slug: str, start: int, end: int, *, method: str,
             confidence: float) -> SkillMention:
    skill = taxonomy.get(slug)
    return SkillMention(
        slug=slug,
        name_en=skill.name_en,
        name_zh=skill.name_zh,
        esco_uri=skill.esco_uri,
        start=start,
        end=end,
        surface="",
        section=None,
        requirement=None,
        method=method,
        confidence=round(confidence, 3),
    )


class ExactSkills(Component):
    """Every alias of the framework, by Aho-Corasick, with boundary and context rules."""

    name = "skills_exact"
    requires = ("normalised",)
    assigns = ("skills",)

    def __init__(self, taxonomy: Any = None) -> None:
        self._taxonomy = taxonomy

    def initialize(self) -> None:
        from talentgraph.extract._matcher import load_or_fit_matcher
        from talentgraph.taxonomy import load_taxonomy

        self.taxonomy_ = self._taxonomy or load_taxonomy()
        aliases = list(self.taxonomy_.iter_aliases())
        own = sorted({a.slug for a in aliases if a.source in ("curated", "org")})
        context = [
            slug for slug in own
            if (self.taxonomy_.get(slug).category or "").startswith(("eng", "ai", "analytics"))
        ]
        self.matcher_ = load_or_fit_matcher(aliases, context_slugs=context)
        self._names: dict[str, tuple[str, str | None, str | None]] = {}  # filled as found

    @property
    def version(self) -> str | None:
        return getattr(getattr(self, "taxonomy_", None), "version", None)

    def __call__(self, ex: Extraction) -> Extraction:
        legal = _excluded(ex, ("legal",))
        per_skill: dict[str, int] = {}
        names = self._names
        for hit in self.matcher_.find(ex.normalised or ""):
            if legal and _inside(hit.start, legal):
                continue  # an equal-opportunity statement names no requirement
            slug = hit.slug
            per_skill[slug] = per_skill.get(slug, 0) + 1
            if per_skill[slug] > MAX_MENTIONS_PER_SKILL:
                continue  # enough evidence; a pathological file must not explode the output
            conf = 0.8 if hit.is_ambiguous else (1.0 if hit.source in ("curated", "org") else 0.9)
            name = names.get(slug)
            if name is None:
                skill = self.taxonomy_.get(slug)
                names[slug] = name = (skill.name_en, skill.name_zh, skill.esco_uri)
            # as _mention builds it, without the look-up and keyword passing per hit
            ex.skills.append(SkillMention(slug, name[0], name[1], name[2], hit.start, hit.end,
                                          "", None, None, "exact", conf))
        return ex


def _excluded(ex: Extraction, kinds: tuple[str, ...]) -> list[tuple[int, int]]:
    """The spans of the sections of these kinds (normalised coordinates)."""
    return [(s.start, s.end) for s in ex.sections if s.kind in kinds]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def _free(ex: Extraction, start: int, end: int) -> bool:
    return all(m.end <= start or m.start >= end for m in ex.skills)


#: Similarity a span the tagger found must reach to be linked to its nearest skill (lower than
#: the linker's own threshold, which must also decide whether a phrase is a skill at all).
MODEL_SPAN_THRESHOLD = 0.70
#: Most mentions of one skill reported per document (the first ones, in text order).
MAX_MENTIONS_PER_SKILL = 20
#: Sections whose phrases are not linked: perks and the company's self-description.
_NOT_SKILL_SECTIONS = ("benefits", "company", "legal")
#: Longest model span sent to the semantic linker (longer ones are clauses, not skills).
_MAX_LINK_WORDS = 6


class ModelSpans(Component):
    """English skill phrases found by the trained span tagger; resolved by alias or kept for
    the semantic linker (``ex.candidate_spans``)."""

    name = "skills_model"
    requires = ("normalised", "skills")
    assigns = ("skills", "candidate_spans")

    def _spans(self, ex: Extraction, text: str) -> list[tuple[int, int, float]]:
        """Tagger spans over the sections that can hold requirements (not perks, the
        company's self-description or legal text), in ``text`` coordinates."""
        regions: list[tuple[int, int]] = []
        for sec in ex.sections or [Section(kind="summary", start=0, end=len(text))]:
            if sec.kind in _NOT_SKILL_SECTIONS:
                continue
            if regions and regions[-1][1] == sec.start:
                regions[-1] = (regions[-1][0], sec.end)
            else:
                regions.append((sec.start, sec.end))
        out: list[tuple[int, int, float]] = []
        for a, b in regions:
            out.extend((a + s, a + e, c) for s, e, c in self.tagger_.predict_spans(text[a:b]))
        return out

    def __init__(self, taxonomy: Any = None) -> None:
        self._taxonomy = taxonomy

    def initialize(self) -> None:
        from talentgraph.extract._spans import SpanTagger
        from talentgraph.taxonomy import load_taxonomy

        self.taxonomy_ = self._taxonomy or load_taxonomy()
        from talentgraph.extract._spans import default_model_path

        self.tagger_ = SpanTagger()
        self.tagger_.initialize()
        self.version_ = _file_version(default_model_path())

    @property
    def version(self) -> str | None:
        return getattr(self, "version_", None)

    def __call__(self, ex: Extraction) -> Extraction:
        if ex.language != "en":
            return ex
        text = ex.normalised or ""
        for start, end, conf in self._spans(ex, text):
            if not _free(ex, start, end):
                continue
            slug = self.taxonomy_.resolve(text[start:end])
            if slug:
                ex.skills.append(
                    _mention(self.taxonomy_, slug, start, end, method="model", confidence=conf)
                )
            elif len(text[start:end].split()) <= _MAX_LINK_WORDS:
                ex.candidate_spans.append((start, end, conf))
        return ex


class NeuralSpans(ModelSpans):
    """Like ``skills_model`` with the fine-tuned MiniLM token tagger (ONNX, int8) instead of
    the CRF: better span recall and boundaries, slower."""

    name = "skills_neural"

    def initialize(self) -> None:
        from talentgraph.extract._neural_spans import (
            NeuralSpanTagger,
            default_neural_model_path,
        )
        from talentgraph.taxonomy import load_taxonomy

        self.taxonomy_ = self._taxonomy or load_taxonomy()
        self.tagger_ = NeuralSpanTagger()
        self.tagger_.initialize()
        self.version_ = _file_version(default_neural_model_path())


class SemanticSkills(Component):
    """Links phrases the dictionary does not know (model spans in English, cue phrases in
    Chinese) to skills by multilingual sentence-encoder similarity above a calibrated
    threshold."""

    name = "skills_semantic"
    requires = ("normalised", "skills")
    assigns = ("skills",)

    def __init__(self, taxonomy: Any = None, *, threshold: float | None = None) -> None:
        self._taxonomy = taxonomy
        self.threshold = threshold

    def initialize(self) -> None:
        from talentgraph.extract._semantic import SemanticLinker
        from talentgraph.taxonomy import load_taxonomy

        self.taxonomy_ = self._taxonomy or load_taxonomy()
        self.linker_ = SemanticLinker(threshold=self.threshold, top_k=1)
        self.linker_.initialize(self.taxonomy_)

    @property
    def version(self) -> str | None:
        linker = getattr(self, "linker_", None)
        if linker is None:
            return None
        return (f"{linker.encoder_.version}; embeddings of {linker.embeddings_.taxonomy_version}; "
                f"threshold {linker.threshold_:.3f}")

    def _candidates(self, ex: Extraction) -> list[tuple[int, int, float, str]]:
        from talentgraph.extract._phrases import candidate_phrases_zh

        text = ex.normalised or ""
        out: list[tuple[int, int, float, str]] = []
        if ex.language == "zh":
            skip = _excluded(ex, _NOT_SKILL_SECTIONS)
            for start, end in candidate_phrases_zh(text):
                if _free(ex, start, end) and not _inside(start, skip):
                    out.append((start, end, 1.0, "semantic"))
        else:
            out.extend((s, e, c, "model") for s, e, c in ex.candidate_spans)
        return out

    def pipe(self, batch: Sequence[Extraction]) -> list[Extraction]:
        jobs: list[tuple[Extraction, int, int, float, str]] = []
        for ex in batch:
            for start, end, conf, method in self._candidates(ex):
                jobs.append((ex, start, end, conf, method))
        if not jobs:
            return list(batch)
        phrases = [(ex.normalised or "")[s:e] for ex, s, e, _, _ in jobs]
        results = self.linker_.link(phrases, top_k=1)
        for (ex, start, end, conf, method), cands in zip(jobs, results, strict=True):
            if not cands:
                continue
            if method == "model":  # the span model already says "skill": only pick which one
                if cands[0].score < MODEL_SPAN_THRESHOLD:
                    continue
            elif not self.linker_.is_match(cands[0]):
                continue
            best = cands[0]
            if not _free(ex, start, end):
                continue
            ex.skills.append(
                _mention(self.taxonomy_, best.slug, start, end, method=method,
                         confidence=float(best.score) * conf)
            )
        return list(batch)

    def __call__(self, ex: Extraction) -> Extraction:
        return self.pipe([ex])[0]


class Requirement(Component):
    """Section of each mention and whether it is required or preferred."""

    name = "requirement"
    requires = ("normalised", "sections", "skills")

    def __call__(self, ex: Extraction) -> Extraction:
        from talentgraph.text import requirements_of

        text = ex.normalised or ""
        reqs = requirements_of(text, [(m.start, m.end) for m in ex.skills], ex.sections)
        spans = [(s.start, s.end, s.kind) for s in ex.sections]
        updated = []
        for m, req in zip(ex.skills, reqs, strict=True):
            start = m.start
            section = next((kind for a, b, kind in spans if a <= start < b), None)
            updated.append(SkillMention(m.slug, m.name_en, m.name_zh, m.esco_uri, start, m.end,
                                        m.surface, section, req, m.method, m.confidence))
        ex.skills = sorted(updated, key=_span_key)
        return ex


def _span_key(m: SkillMention) -> tuple[int, int]:
    return m.start, m.end


#: Column names (lower-case, without spaces, underscores or hyphens) that hold a field, as
#: common exports in both languages name them. A value found there beats the free text.
FIELD_COLUMNS = {
    "salary": ("salary", "salaryestimate", "pay", "compensation", "薪资", "薪酬", "月薪", "年薪",
               "工资", "待遇", "salaryrange"),
    "experience": ("experience", "workyear", "yearsofexperience", "经验", "工作经验", "工作年限",
                   "经验要求"),
    "education": ("education", "degree", "学历", "学历要求", "教育程度"),
    "city": ("city", "location", "joblocation", "城市", "工作地点", "地点", "工作城市", "所在地"),
}


def _field_columns(meta: dict[str, Any]) -> dict[str, str]:
    """The record's columns that hold a field, by field (first matching column wins)."""
    out: dict[str, str] = {}
    for key, value in meta.items():
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            continue
        norm = str(key).lower().replace(" ", "").replace("_", "").replace("-", "")
        for name, keys in FIELD_COLUMNS.items():
            if name not in out and norm in keys and str(value).strip():
                out[name] = str(value).strip()
    return out


def _first(parse: Any, value: str | None) -> Any:
    if value is None:
        return None
    from talentgraph.text import normalise_text

    return parse(normalise_text(value).text)


def _bare_city(value: str) -> str | None:
    """A location column's own city when no known city is in it ("Albuquerque, NM")."""
    head = value.replace("，", ",").split(",")[0].strip()
    return head if 1 < len(head) <= 40 and not head.isdigit() else None


class Fields(Component):
    """Salary, minimum experience, minimum education, city, seniority, remote."""

    name = "fields"
    requires = ("normalised",)

    def __call__(self, ex: Extraction) -> Extraction:
        from talentgraph.extract._city import extract_city
        from talentgraph.extract._fields import (
            extract_education,
            extract_experience,
            extract_remote,
            extract_seniority,
        )
        from talentgraph.extract._salary import extract_salary

        text = ex.normalised or ""
        columns = _field_columns(ex.meta)
        ex.salary = _first(extract_salary, columns.get("salary")) or extract_salary(text)
        ex.experience_min_years = _first(extract_experience, columns.get("experience"))
        if ex.experience_min_years is None:
            ex.experience_min_years = extract_experience(text)
        ex.education_min = (_first(extract_education, columns.get("education"))
                            or extract_education(text))
        ex.city = _first(lambda v: extract_city(v, title=None) or _bare_city(v),
                         columns.get("city")) or extract_city(text, title=ex.title)
        ex.seniority = extract_seniority(ex.title or "", text)
        ex.is_remote = extract_remote(text)
        return ex


@functools.lru_cache(maxsize=50_000)
def _normalised_title(title: str) -> str:
    """``normalise_text(title).text``, remembered: postings repeat their titles."""
    from talentgraph.text import normalise_text

    return normalise_text(title).text


class RoleFamily(Component):
    """The role family with probabilities (trained classifier over title and text)."""

    name = "role"

    def initialize(self) -> None:
        from talentgraph.extract._role import default_role_model_path, load_role_classifier

        self.model_ = load_role_classifier()
        self.version_ = _file_version(default_role_model_path())

    @property
    def version(self) -> str | None:
        return getattr(self, "version_", None)

    def _from_skills(self, ex: Extraction, classes: list[str]) -> Any:
        """Role-family probabilities from the skills found, weighted as the framework's roles
        weigh them (weighted coverage, sharpened); None when too few skills say anything."""
        import numpy as np

        from talentgraph.taxonomy import load_taxonomy

        found = {m.slug for m in ex.skills}
        if len(found) < 5:
            return None
        roles = load_taxonomy().roles
        scores = np.zeros(len(classes))
        for j, slug in enumerate(classes):
            role = roles.get(slug)
            if role is None or not role.skills:
                continue
            total = sum(r.weight for r in role.skills)
            scores[j] = sum(r.weight for r in role.skills if r.skill in found) / total
        if scores.max() < 0.25:
            return None
        sharp = np.exp(scores * 12)
        return sharp / sharp.sum()

    def pipe(self, batch: Sequence[Extraction]) -> list[Extraction]:
        if not batch:
            return []
        titles = [_normalised_title(ex.title) if ex.title else "" for ex in batch]
        texts = [ex.normalised or ex.text for ex in batch]
        proba = self.model_.predict_proba(titles, texts)
        classes = list(self.model_.classes_)
        if "other" in classes:
            # A title that is no job title (a resume headed by the person's name, 个人简历)
            # drags the prediction to "other": then let the text speak on its own.
            other = classes.index("other")
            retry = [i for i, row in enumerate(proba) if row.argmax() == other and titles[i]]
            for i in retry:
                row = self._from_skills(batch[i], classes)
                if row is not None:
                    proba[i] = row
        for ex, row in zip(batch, proba, strict=True):
            order = row.argsort()[::-1]
            ex.role_family = classes[order[0]]
            ex.role_family_scores = {
                classes[i]: round(float(row[i]), 4) for i in order[:5] if row[i] >= 0.01
            }
        return list(batch)

    def __call__(self, ex: Extraction) -> Extraction:
        return self.pipe([ex])[0]


class OccupationTitle(Component):
    """Title normalisation: an ESCO occupation (English) and a CSCO 2022 code (Chinese)."""

    name = "occupation"

    @property
    def version(self) -> str | None:
        return getattr(self, "version_", None)

    def initialize(self) -> None:
        from talentgraph.extract._occupation import OccupationNormaliser

        self.normaliser_ = OccupationNormaliser()
        self.normaliser_.initialize()
        self.version_ = f"occupations@{self.normaliser_.version_}"
        self.cache_: dict[tuple[str, str | None], Any] = {}

    def __call__(self, ex: Extraction) -> Extraction:
        title = (ex.title or (ex.normalised or "").split("\n", 1)[0][:80]).strip()
        if title:
            key = (title, ex.language)
            if key not in self.cache_:
                if len(self.cache_) > 50_000:
                    self.cache_.clear()
                self.cache_[key] = self.normaliser_.normalise(title, language=ex.language)
            ex.occupation = self.cache_[key]
        return ex


class Finalise(Component):
    """Map every span back into the ORIGINAL text and fill in surfaces."""

    name = "finalise"

    def __call__(self, ex: Extraction) -> Extraction:
        offsets = ex.offsets
        if offsets is None:
            return ex
        n = len(ex.text)

        def to_original(start: int, end: int) -> tuple[int, int]:
            if start >= len(offsets):
                return n, n
            o_start = offsets[start]
            if end >= len(offsets):
                o_end = n
            elif offsets[end] == offsets[end - 1]:  # one original char expanded to several
                o_end = offsets[end - 1] + 1
            else:
                o_end = offsets[end]
            if o_end <= o_start:
                o_end = min(n, o_start + 1)
            return o_start, o_end

        mentions = []
        text = ex.text
        for m in ex.skills:
            s, e = to_original(m.start, m.end)
            piece = text[s:e]
            mentions.append(SkillMention(m.slug, m.name_en, m.name_zh, m.esco_uri, s,
                                         s + len(piece.rstrip()), piece.strip(), m.section,
                                         m.requirement, m.method, m.confidence))
        ex.skills = mentions
        ex.sections = [
            dataclasses.replace(sec, start=to_original(sec.start, sec.end)[0],
                                end=to_original(sec.start, sec.end)[1])
            for sec in ex.sections
        ]
        ex.candidate_spans = []
        return ex
