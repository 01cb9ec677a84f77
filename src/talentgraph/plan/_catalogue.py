"""The learning-resource catalogue: books, papers, courses, documentation, tutorials, projects
and mentors, each tagged with the skills it teaches, the level it takes a learner to (1-4), its
language and the hours it takes.

A bilingual catalogue ships with the product (``plan/data/resources.json``); an organisation
adds its own resources (internal courses, mentors, projects) in the same schema::

    {"ref": "internal-rag-bootcamp", "title": "RAG bootcamp", "title_zh": "RAG 训练营",
     "kind": "course", "language": "zh", "url": "https://wiki.example.com/rag",
     "authors": ["Platform team"], "year": 2025, "skills": ["rag", "向量数据库"],
     "level": 3, "hours": 12, "check": "capstone review"}

``url`` is optional for an organisation's own resources (a mentor has none).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from talentgraph.errors import BadRecordError, ParameterError

__all__ = ["RESOURCE_KINDS", "RESOURCE_LANGUAGES", "Catalogue", "Resource", "load_catalogue"]

#: What a resource is.
RESOURCE_KINDS = ("book", "paper", "course", "docs", "tutorial", "project", "mentor")
#: The languages a resource can be in.
RESOURCE_LANGUAGES = ("en", "zh")
_ALIASES = {"documentation": "docs"}  # the workspace's learning_resources table says this
_FIELDS = {"ref", "title", "title_zh", "kind", "language", "url", "authors", "year", "skills",
           "level", "hours", "check", "is_internal"}


@dataclass(frozen=True, slots=True)
class Resource:
    """One learning resource and the skills (slugs) it teaches, up to ``level``."""

    ref: str
    title: str
    kind: str
    language: str
    skills: tuple[str, ...]
    level: int
    hours: float
    url: str | None = None
    title_zh: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    check: str | None = None
    is_internal: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the catalogue schema)."""
        data: dict[str, Any] = {"ref": self.ref, "title": self.title}
        if self.title_zh:
            data["title_zh"] = self.title_zh
        data.update({"kind": self.kind, "language": self.language, "url": self.url})
        if self.authors:
            data["authors"] = list(self.authors)
        if self.year is not None:
            data["year"] = self.year
        data.update({"skills": list(self.skills), "level": self.level, "hours": self.hours})
        if self.check:
            data["check"] = self.check
        if self.is_internal:
            data["is_internal"] = True
        return data


class Catalogue:
    """The resources, indexed by ref and by skill. Build it with ``load_catalogue()``."""

    def __init__(self, items: Iterable[Resource]) -> None:
        self._items: dict[str, Resource] = {}
        self._by_skill: dict[str, list[Resource]] = {}
        for item in items:
            if item.ref in self._items:
                raise ParameterError.invalid("resources", "Catalogue", "resources with unique "
                                             "refs", item.ref)
            self._items[item.ref] = item
            for slug in item.skills:
                self._by_skill.setdefault(slug, []).append(item)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self._items.values())

    def __contains__(self, ref: object) -> bool:
        return ref in self._items

    def get(self, ref: str) -> Resource:
        """The resource ``ref``; ParameterError when there is none."""
        try:
            return self._items[ref]
        except KeyError:
            raise ParameterError.invalid("ref", "Catalogue.get", "the ref of a resource in the "
                                         "catalogue", ref) from None

    def skills(self) -> set[str]:
        """Every skill slug some resource teaches."""
        return set(self._by_skill)

    def for_skill(self, slug: str, *, level: int, language: str | None = None) -> list[Resource]:
        """The resources that teach ``slug``, best first: those reaching ``level`` (0-4) before
        those that stop below it, then those in ``language`` (en, zh; None: no preference),
        then those whose main subject (first skill) is ``slug``, then the fewest hours."""
        owner = "Catalogue.for_skill"
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
            raise ParameterError.invalid("level", owner, "an int in [0, 4]", level)
        if language is not None and language not in RESOURCE_LANGUAGES:
            raise ParameterError.invalid("language", owner, "'en', 'zh' or None", language)
        return sorted(self._by_skill.get(slug, ()), key=lambda r: (
            r.level < level, language is not None and r.language != language,
            r.skills[0] != slug, r.hours, r.ref))


def _fail(where: str, field: str, expected: str, got: object) -> str:
    return f"{where}: the {field!r} field must be {expected}. Got {got!r} instead."


def _text(record: Mapping[str, Any], field: str, where: str, problems: list[str], *,
          required: bool = True) -> str | None:
    value = record.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(_fail(where, field, "a non-empty string", value))
        return None
    return value.strip()


def _parse(record: object, where: str, *, taxonomy: Any, require_url: bool,
           problems: list[str]) -> Resource | None:
    if not isinstance(record, Mapping):
        problems.append(f"{where}: expected an object with ref, title, kind, language, skills, "
                        f"level and hours. Got {type(record).__name__} instead.")
        return None
    before = len(problems)
    unknown = sorted(set(record) - _FIELDS)
    if unknown:
        problems.append(_fail(where, unknown[0], "one of " + ", ".join(sorted(_FIELDS))
                              + " (unknown field)", record[unknown[0]]))
    ref = _text(record, "ref", where, problems)
    title = _text(record, "title", where, problems)
    title_zh = _text(record, "title_zh", where, problems, required=False)
    check = _text(record, "check", where, problems, required=False)
    kind = record.get("kind")
    kind = _ALIASES.get(kind, kind) if isinstance(kind, str) else kind
    if kind not in RESOURCE_KINDS:
        problems.append(_fail(where, "kind", "one of " + ", ".join(RESOURCE_KINDS), record.get("kind")))
    language = record.get("language")
    if language not in RESOURCE_LANGUAGES:
        problems.append(_fail(where, "language", "'en' or 'zh'", language))
    url = record.get("url")
    if url is None and not require_url:
        pass
    elif not isinstance(url, str) or not url.startswith(("https://", "http://")):
        problems.append(_fail(where, "url", "a web address starting with https:// or http://",
                              url))
    level = record.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 4:
        problems.append(_fail(where, "level", "an int in [1, 4] (the level the resource takes "
                              "a learner to)", level))
    hours = record.get("hours")
    if isinstance(hours, bool) or not isinstance(hours, int | float) \
            or not math.isfinite(hours) or not 0 < hours <= 10_000:
        problems.append(_fail(where, "hours", "a number of hours in (0, 10000]", hours))
    year = record.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)
                             or not 1500 <= year <= 2100):
        problems.append(_fail(where, "year", "an int year", year))
    authors = record.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) and a for a in authors):
        problems.append(_fail(where, "authors", "a list of names", authors))
        authors = []
    is_internal = record.get("is_internal", not require_url)
    if not isinstance(is_internal, bool):
        problems.append(_fail(where, "is_internal", "true or false", is_internal))
    skills = record.get("skills")
    slugs: list[str] = []
    if not isinstance(skills, list) or not skills or \
            not all(isinstance(s, str) and s.strip() for s in skills):
        problems.append(_fail(where, "skills", "a non-empty list of skill slugs or names",
                              skills))
    else:
        for name in skills:
            slug = name.strip()
            if taxonomy is not None and slug not in taxonomy.skills:
                resolved = taxonomy.resolve(slug)
                if resolved is None:
                    problems.append(_fail(where, "skills", f"skills of taxonomy "
                                          f"{taxonomy.version} (slugs or names)", name))
                    continue
                slug = resolved
            if slug not in slugs:
                slugs.append(slug)
    if len(problems) > before:
        return None
    return Resource(ref=ref or "", title=title or "", kind=kind, language=language,
                    skills=tuple(slugs), level=level, hours=float(hours), url=url,
                    title_zh=title_zh, authors=tuple(authors), year=year, check=check,
                    is_internal=bool(is_internal))


def _raise(problems: list[str], source: str) -> None:
    count = len(problems)
    raise BadRecordError(
        f"{count} problem{'s' if count > 1 else ''} in {source}; nothing was loaded. First: "
        f"{problems[0]} Fix the resources (schema: docs/cultivation.md, 'Resource catalogue').",
        details=problems)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Resource, ...]:
    path = resources.files("talentgraph.plan") / "data" / "resources.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    parsed = [_parse(record, f"resources.json item {i}", taxonomy=None, require_url=True,
                     problems=problems) for i, record in enumerate(records)]
    if problems:
        _raise(problems, "the shipped resources.json")
    return tuple(p for p in parsed if p is not None)


def load_catalogue(extra: Iterable[Mapping[str, Any]] = (), *,
                   taxonomy: Any = None) -> Catalogue:
    """The shipped catalogue plus an organisation's ``extra`` resources (same schema, validated;
    every problem is listed and nothing is loaded when there is one). With ``taxonomy``, the
    extra resources' skill names are resolved to slugs and unknown ones rejected."""
    shipped = _shipped()
    known = {r.ref for r in shipped}
    problems: list[str] = []
    added: list[Resource] = []
    for index, record in enumerate(extra):
        ref = record.get("ref") if isinstance(record, Mapping) else None
        where = f"extra resource {index}" + (f" (ref {ref!r})" if isinstance(ref, str) else "")
        item = _parse(record, where, taxonomy=taxonomy, require_url=False, problems=problems)
        if item is None:
            continue
        if item.ref in known:
            problems.append(_fail(where, "ref", "a ref not already in the catalogue", item.ref))
            continue
        known.add(item.ref)
        added.append(item)
    if problems:
        _raise(problems, "the extra resources")
    return Catalogue((*shipped, *added))
