"""The loaded skill framework: skills, aliases, roles, categories and occupations."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from talentgraph.domain import Category, Occupation, Role, RoleLevel, RoleSkill, Skill
from talentgraph.errors import ParameterError, UnknownSkillError
from talentgraph.taxonomy._graph import prerequisite_closure
from talentgraph.taxonomy._keys import alias_key

__all__ = ["SOURCE_ORDER", "Alias", "Taxonomy"]

#: Preference of ``resolve`` when several skills share an alias key (lower wins).
SOURCE_ORDER = {"curated": 0, "org": 1, "onet": 2, "esco": 3}
_EXACT, _AMBIGUOUS = 1, 2


class Alias(NamedTuple):
    """One written form of a skill, for the exact matcher."""

    text: str
    slug: str
    language: str  # "en" | "zh"
    is_exact: bool  # safe to match verbatim in running text
    is_ambiguous: bool  # needs context ("Go", "R", "Spark")
    source: str  # curated | org | onet | esco


def _skill_from(record: dict[str, Any]) -> Skill:
    en, zh = record["en"], record.get("zh")
    aliases = record.get("a", ())
    return Skill(
        slug=record["s"], name_en=en, name_zh=zh, type=record["t"], category=record.get("c"),
        aliases_en=tuple(a[0] for a in aliases if a[1] == "en" and a[0] != en),
        aliases_zh=tuple(a[0] for a in aliases if a[1] == "zh" and a[0] != zh),
        prerequisites=tuple(record.get("p", ())), esco_uri=record.get("u"),
        onet=tuple(record.get("o", ())), source=record.get("src", "curated"),
        description=record.get("d"), is_ambiguous=bool(record.get("amb")),
    )


def _role_from(record: dict[str, Any]) -> Role:
    return Role(
        slug=record["slug"], name_en=record["en"], name_zh=record["zh"],
        description_en=record.get("description_en", ""),
        description_zh=record.get("description_zh", ""),
        levels=tuple(RoleLevel(level=lv["level"], name_en=lv["en"], name_zh=lv["zh"],
                               summary_en=lv.get("summary_en", ""),
                               summary_zh=lv.get("summary_zh", ""))
                     for lv in record.get("levels", ())),
        skills=tuple(RoleSkill(skill=rs["skill"], weight=float(rs["weight"]),
                               levels=tuple(rs["levels"]))  # type: ignore[arg-type]
                     for rs in record.get("skills", ())),
        title_keywords_en=tuple(record.get("title_keywords_en", ())),
        title_keywords_zh=tuple(record.get("title_keywords_zh", ())),
        source=record.get("source", "curated"),
    )


class _SkillMap(Mapping[str, Skill]):
    """Skills by slug, each built from its record on first access (keeps loading fast)."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self._records = {r["s"]: r for r in records}
        self._built: dict[str, Skill] = {}

    def __getitem__(self, slug: str) -> Skill:
        skill = self._built.get(slug)
        if skill is None:
            skill = self._built[slug] = _skill_from(self._records[slug])
        return skill

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, slug: object) -> bool:
        return slug in self._records


class Taxonomy:
    """The skill framework. Build it with ``load_taxonomy()``; indexes are built on first use."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data["version"]
        self.sources: dict[str, str] = dict(data.get("sources", {}))
        self._records: list[dict[str, Any]] = data["skills"]
        self._skills = _SkillMap(self._records)
        self._roles: dict[str, Role] = {r["slug"]: _role_from(r) for r in data.get("roles", ())}
        self._categories = {
            c["id"]: Category(id=c["id"], name_en=c["en"], name_zh=c.get("zh"),
                              parent=c.get("parent"))
            for c in data.get("categories", ())
        }
        self._occupation_rows: dict[str, list[list[Any]]] = data.get("occupations", {})
        self._index: dict[str, list[tuple[int, int, str]]] | None = None
        self._search_keys: list[tuple[str, int, str]] | None = None

    # -- plain access -------------------------------------------------------------------------
    @property
    def skills(self) -> Mapping[str, Skill]:
        """Every skill by slug."""
        return self._skills

    @property
    def roles(self) -> Mapping[str, Role]:
        """Every role family by slug."""
        return self._roles

    @property
    def categories(self) -> Mapping[str, Category]:
        """Every category by id (``ai/llm/finetuning``, ``esco/...``, ``onet/...``)."""
        return self._categories

    def __len__(self) -> int:
        return len(self._skills)

    def __contains__(self, slug: object) -> bool:
        return slug in self._skills

    def get(self, slug: str) -> Skill:
        """The skill ``slug``; UnknownSkillError (with suggestions) when there is none."""
        try:
            return self._skills[slug]
        except KeyError:
            pass
        suggestions = difflib.get_close_matches(slug, self._skills.keys(), n=3, cutoff=0.75)
        resolved = self.resolve(slug)
        if resolved and resolved not in suggestions:
            suggestions.insert(0, resolved)
        hint = f" Did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise UnknownSkillError(
            f"No skill with the slug {slug!r} in taxonomy {self.version}.{hint} "
            "Find slugs with: talentgraph taxonomy search TERM")

    def category_path(self, category_id: str | None) -> list[Category]:
        """The categories from the root down to ``category_id`` (empty when unknown)."""
        path: list[Category] = []
        while category_id and category_id in self._categories and len(path) < 20:
            path.append(self._categories[category_id])
            category_id = self._categories[category_id].parent
        return path[::-1]

    def occupations(self, scheme: str) -> list[Occupation]:
        """The occupations of ``scheme``: ``"esco"`` (English) or ``"csco"`` (Chinese)."""
        if scheme not in ("esco", "csco"):
            raise ParameterError.invalid("scheme", "Taxonomy.occupations", "'esco' or 'csco'",
                                         scheme)
        return [Occupation(scheme=scheme, code=code, name=name, aliases=tuple(aliases))
                for code, name, aliases in self._occupation_rows.get(scheme, ())]

    def prerequisites_closure(self, slug: str) -> list[str]:
        """All direct and indirect prerequisites of ``slug``, each after its own prerequisites."""
        self.get(slug)
        graph = {r["s"]: r["p"] for r in self._records if r.get("p")}
        return prerequisite_closure(graph, slug)

    # -- aliases --------------------------------------------------------------------------------
    def iter_aliases(self) -> Iterator[Alias]:
        """Every written form of every skill (names included), with exact-matching flags."""
        for record in self._records:
            source = record.get("src", "curated")
            for text, language, bits, *rest in record.get("a", ()):
                yield Alias(text, record["s"], language, bool(bits & _EXACT),
                            bool(bits & _AMBIGUOUS), rest[0] if rest else source)

    def _build_index(self) -> dict[str, list[tuple[int, int, str]]]:
        index: dict[str, list[tuple[int, int, str]]] = {}
        for record in self._records:
            slug, source = record["s"], record.get("src", "curated")
            names = {record["en"], record.get("zh")}
            for text, _language, _bits, *rest in record.get("a", ()):
                rank = SOURCE_ORDER.get(rest[0] if rest else source, 9)
                entry = (rank, 0 if text in names else 1, slug)
                index.setdefault(alias_key(text), []).append(entry)
        for entries in index.values():
            entries.sort()
        return index

    def resolve(self, term: str) -> str | None:
        """The slug whose name or alias has the alias key of ``term`` (curated > org > onet >
        esco; then a skill's own name before an alias), or None. Accepts traditional Chinese."""
        if self._index is None:
            self._index = self._build_index()
        entries = self._index.get(alias_key(term))
        return entries[0][2] if entries else None

    def search(self, term: str, *, limit: int = 20) -> list[Skill]:
        """Skills whose names or aliases (both languages) start with or contain ``term``.

        Order: exact key match, then curated before org, O*NET, ESCO, then prefix before
        substring, then the shortest matching name.
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise ParameterError.invalid("limit", "Taxonomy.search", "an int >= 1", limit)
        key = alias_key(term)
        if not key:
            return []
        if self._index is None:
            self._index = self._build_index()
        best: dict[str, tuple[int, int, int, int, str]] = {}
        for alias, entries in self._index.items():
            pos = alias.find(key)
            if pos < 0:
                continue
            match = 0 if alias == key else (1 if pos == 0 else 2)
            for rank, _is_alias, slug in entries:
                score = (0 if match == 0 else 1, rank, match, len(alias), slug)
                if slug not in best or score < best[slug]:
                    best[slug] = score
        ranked = sorted(best.values())[:limit]
        return [self._skills[s[-1]] for s in ranked]
