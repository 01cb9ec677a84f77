"""Learning paths (talentgraph.plan._paths): prerequisite order, resources, hours, schedule."""

from __future__ import annotations

import math

import pytest

from talentgraph.domain import Role, RoleSkill, Skill
from talentgraph.errors import CyclicPrerequisiteError, ParameterError
from talentgraph.plan import (
    DEFAULT_STEP_HOURS,
    Catalogue,
    Resource,
    analyse_gap,
    build_learning_path,
    load_catalogue,
)
from talentgraph.taxonomy import Taxonomy, load_taxonomy
from talentgraph.taxonomy._graph import check_acyclic


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


class _ToyTaxonomy:
    """A tiny stand-in with the two things a path needs: ``skills`` with prerequisites."""

    def __init__(self, prerequisites: dict[str, tuple[str, ...]]) -> None:
        self.skills = {slug: Skill(slug=slug, name_en=slug, name_zh=None, type="technical",
                                   prerequisites=pre) for slug, pre in prerequisites.items()}


def _resource(ref: str, skills: tuple[str, ...], level: int, hours: float,
              language: str = "en") -> Resource:
    return Resource(ref=ref, title=ref, kind="course", language=language, skills=skills,
                    level=level, hours=hours, url=f"https://example.com/{ref}")


def _role(skills: dict[str, tuple[float, tuple[int, int, int, int, int]]]) -> Role:
    return Role(slug="toy", name_en="Toy", name_zh="玩具",
                skills=tuple(RoleSkill(skill=s, weight=w, levels=lv)
                             for s, (w, lv) in skills.items()))


def test_real_role_prerequisites_come_first(taxonomy: Taxonomy, catalogue: Catalogue) -> None:
    role = taxonomy.roles["llm-algorithm-engineer"]
    gap = analyse_gap({}, role=role, level="L3")
    path = build_learning_path(gap, taxonomy=taxonomy, catalogue=catalogue, hours_per_week=5,
                               find_check=lambda slug: None)
    order = [step.slug for step in path.steps]
    position = {slug: i for i, slug in enumerate(order)}
    assert len(order) == len(set(order))
    assert {g.slug for g in gap.gaps} <= set(order)
    for slug in order:
        for prereq in taxonomy.prerequisites_closure(slug):
            if prereq in position:
                assert position[prereq] < position[slug], (prereq, slug)
    assert position["transformer"] < position["large-language-models"]
    assert position["attention-mechanism"] < position["transformer"]
    assert position["supervised-fine-tuning"] < position["rlhf"]
    prereqs = {s.slug: s for s in path.steps if s.is_prerequisite}
    assert "attention-mechanism" in prereqs and prereqs["attention-mechanism"].to_level == 2
    assert "transformer" in prereqs["attention-mechanism"].needed_for
    assert all(s.check == "manager assessment" and not s.has_check for s in path.steps)
    assert path.total_hours == pytest.approx(sum(s.hours for s in path.steps), abs=0.5)
    assert path.weeks == math.ceil(path.total_hours / 5)
    starts = [s.start_week for s in path.steps]
    assert starts == sorted(starts) and starts[0] == 1 and starts[-1] <= path.weeks


def test_taxonomy_prerequisite_graph_is_acyclic(taxonomy: Taxonomy) -> None:
    graph = {slug: taxonomy.skills[slug].prerequisites for slug in taxonomy.skills}
    check_acyclic(graph)  # raises CyclicPrerequisiteError on a cycle
    with pytest.raises(CyclicPrerequisiteError):
        check_acyclic({"a": ("b",), "b": ("a",)})


def test_path_uses_skill_checks_when_the_check_module_has_one(taxonomy: Taxonomy,
                                                              catalogue: Catalogue) -> None:
    gap = analyse_gap({}, role=taxonomy.roles["data-analyst"], level="L2")
    path = build_learning_path(gap, taxonomy=taxonomy, catalogue=catalogue,
                               find_check=lambda slug: "sql-query" if slug == "sql" else None)
    sql = next(s for s in path.steps if s.slug == "sql")
    assert (sql.check, sql.has_check) == ("sql-query", True)
    other = next(s for s in path.steps if s.slug == "excel")
    assert (other.check, other.has_check) == ("manager assessment", False)
    default = build_learning_path(gap, taxonomy=taxonomy, catalogue=catalogue)
    checks = {s.slug: s.check for s in default.steps}
    assert checks["excel"] == "manager assessment"  # plan._checks has no excel check


def test_toy_path_order_resources_hours_and_schedule() -> None:
    toy = _ToyTaxonomy({"python": (), "numpy": ("python",), "pandas": ("numpy", "python"),
                        "sql": (), "excel": ()})
    catalogue = Catalogue([
        _resource("py-basics", ("python",), 2, 6),
        _resource("py-pro", ("python",), 4, 40),
        _resource("py-zh", ("python",), 2, 8, language="zh"),
        _resource("pandas-book", ("pandas", "numpy"), 3, 20),
        _resource("numpy-intro", ("numpy",), 2, 3),
        _resource("sql-course", ("sql",), 3, 10),
    ])
    role = _role({"pandas": (1.0, (3, 3, 3, 3, 3)), "sql": (0.6, (2, 2, 3, 3, 3)),
                  "excel": (0.9, (2, 2, 2, 2, 2))})
    gap = analyse_gap({"sql": 1}, role=role, level="L3")
    path = build_learning_path(gap, taxonomy=toy, catalogue=catalogue, hours_per_week=10,
                               find_check=lambda slug: None)
    # python and numpy are prerequisites of pandas (held below 2): they come first, then the
    # heavier of the free skills (pandas 1.0 after its prerequisites, excel 0.9, sql 0.6)
    assert [s.slug for s in path.steps] == ["python", "numpy", "pandas", "excel", "sql"]
    python, numpy, pandas, excel, sql = path.steps
    assert python.is_prerequisite and python.to_level == 2 and python.refs == ("py-basics",)
    assert python.weight == 0.0 and python.needed_for == ("pandas",)
    assert numpy.refs == ("numpy-intro",) and numpy.hours == 3.0
    assert pandas.refs == ("pandas-book",) and pandas.hours == 20.0  # main subject first
    assert excel.resources == () and excel.hours == DEFAULT_STEP_HOURS[1] + DEFAULT_STEP_HOURS[2]
    assert sql.from_level == 1 and sql.to_level == 3 and sql.refs == ("sql-course",)
    assert path.uncovered == ("excel",)
    assert path.total_hours == 6 + 3 + 20 + 16 + 10
    assert path.weeks == 6  # ceil(55 / 10)
    assert path.schedule == {"python": 1, "numpy": 1, "pandas": 1, "excel": 3, "sql": 5}
    data = path.to_dict()
    assert set(data) >= {"role", "level", "gaps", "steps", "uncovered", "total_hours", "weeks"}
    assert data["steps"][0]["resources"] == ["py-basics"]
    assert data["steps"][0]["resource_details"][0]["url"] == "https://example.com/py-basics"
    assert {"slug", "current", "target", "weight"} <= set(data["gaps"][0])


def test_language_preference_and_known_prerequisites() -> None:
    toy = _ToyTaxonomy({"python": (), "pandas": ("python",)})
    catalogue = Catalogue([_resource("py-basics", ("python",), 2, 6),
                           _resource("py-zh", ("python",), 2, 8, language="zh"),
                           _resource("pd", ("pandas",), 3, 5)])
    role = _role({"pandas": (1.0, (3, 3, 3, 3, 3))})
    gap = analyse_gap({}, role=role, level="L1")
    zh = build_learning_path(gap, taxonomy=toy, catalogue=catalogue, language="zh",
                             find_check=lambda slug: None)
    assert zh.steps[0].refs == ("py-zh",)
    known = build_learning_path(gap, taxonomy=toy, catalogue=catalogue, profile={"python": 2},
                                find_check=lambda slug: None)
    assert [s.slug for s in known.steps] == ["pandas"]


def test_a_resource_reused_by_a_later_step_adds_no_hours() -> None:
    toy = _ToyTaxonomy({"a": (), "b": ()})
    catalogue = Catalogue([_resource("both", ("a", "b"), 3, 10)])
    role = _role({"a": (1.0, (3, 3, 3, 3, 3)), "b": (0.5, (3, 3, 3, 3, 3))})
    path = build_learning_path(analyse_gap({}, role=role, level="L1"), taxonomy=toy,
                               catalogue=catalogue, find_check=lambda slug: None)
    assert [(s.slug, s.refs, s.hours) for s in path.steps] == [("a", ("both",), 10.0),
                                                               ("b", ("both",), 0.0)]


def test_partly_covered_steps_add_default_hours_for_the_rest() -> None:
    toy = _ToyTaxonomy({"a": ()})
    catalogue = Catalogue([_resource("intro", ("a",), 2, 5)])
    role = _role({"a": (1.0, (4, 4, 4, 4, 4))})
    path = build_learning_path(analyse_gap({}, role=role, level="L1"), taxonomy=toy,
                               catalogue=catalogue, find_check=lambda slug: None)
    step = path.steps[0]
    assert step.covered_level == 2 and not step.is_covered
    assert step.hours == 5 + DEFAULT_STEP_HOURS[3] + DEFAULT_STEP_HOURS[4]
    assert path.partly_covered == ("a",) and path.uncovered == ()


def test_a_cycle_is_reported() -> None:
    toy = _ToyTaxonomy({"a": ("b",), "b": ("a",)})
    role = _role({"a": (1.0, (2, 2, 2, 2, 2)), "b": (1.0, (2, 2, 2, 2, 2))})
    with pytest.raises(CyclicPrerequisiteError, match="form a cycle.*a, b"):
        build_learning_path(analyse_gap({}, role=role, level="L1"), taxonomy=toy,
                            catalogue=Catalogue([]), find_check=lambda slug: None)


def test_no_gap_no_steps(taxonomy: Taxonomy, catalogue: Catalogue) -> None:
    role = _role({"python": (1.0, (2, 2, 2, 2, 2))})
    path = build_learning_path(analyse_gap({"python": 3}, role=role, level="L1"),
                               taxonomy=taxonomy, catalogue=catalogue)
    assert (path.steps, path.total_hours, path.weeks) == ((), 0.0, 0)


def test_bad_arguments(taxonomy: Taxonomy, catalogue: Catalogue) -> None:
    gap = analyse_gap({}, role=_role({"python": (1.0, (2, 2, 2, 2, 2))}), level="L1")
    with pytest.raises(ParameterError, match=r"The 'hours_per_week' parameter of "
                       r"build_learning_path must be a number of hours in \(0, 168\]. Got 0"):
        build_learning_path(gap, taxonomy=taxonomy, catalogue=catalogue, hours_per_week=0)
    with pytest.raises(ParameterError, match="'gap' parameter"):
        build_learning_path({}, taxonomy=taxonomy, catalogue=catalogue)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="'language' parameter"):
        build_learning_path(gap, taxonomy=taxonomy, catalogue=catalogue, language="de")
    with pytest.raises(ParameterError, match=r"'profile' parameter .* Got 9 instead"):
        build_learning_path(gap, taxonomy=taxonomy, catalogue=catalogue, profile={"sql": 9})
    with pytest.raises(ParameterError, match="'catalogue' parameter"):
        build_learning_path(gap, taxonomy=taxonomy, catalogue=[])  # type: ignore[arg-type]
