"""Build logic on the self-written fixture sources (no ../shared/data needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentgraph.errors import CyclicPrerequisiteError, TaxonomyBuildError
from talentgraph.taxonomy import build_taxonomy
from talentgraph.taxonomy._esco import read_esco_skills
from talentgraph.taxonomy._taxonomy import Taxonomy

DATA = Path(__file__).parent / "data"


def _skills(data: dict) -> dict[str, dict]:
    return {s["s"]: s for s in data["skills"]}


def test_every_esco_uri_present_exactly_once(fixture_build) -> None:
    data, report = fixture_build
    uris = [s["u"] for s in data["skills"] if s.get("u")]
    assert len(uris) == len(set(uris)) == 7
    assert report.esco_covered == report.esco_total == 7


def test_esco_label_matching_curated_alias_is_merged(fixture_build) -> None:
    skills = _skills(fixture_build[0])
    assert skills["fine-tuning"]["u"].endswith("000000000004")
    assert not any(s["src"] == "esco" and s["en"] == "fine-tuning" for s in skills.values())


def test_onet_example_merged_into_curated_and_grouped_by_key(fixture_build) -> None:
    skills = _skills(fixture_build[0])
    assert skills["python"]["o"] == ["Python"]
    assert "python" not in {s["en"].lower() for s in skills.values() if s["src"] == "onet"}
    spark = [s for s in skills.values() if s["src"] == "onet" and "Spark" in s["en"]]
    assert len(spark) == 1 and spark[0]["o"] == ["Apache Spark", "Apache-Spark"]
    assert spark[0]["c"] == "onet/data-base-user-interface-and-query-software"


def test_esco_slug_collision_gets_uri_suffix(fixture_build) -> None:
    skills = _skills(fixture_build[0])
    assert {"manage-a-team-aaaa11", "manage-a-team-bbbb22"} <= set(skills)
    assert any("manage-a-team" in c for c in fixture_build[1].alias_conflicts)


def test_esco_types_categories_and_recovered_labels(fixture_build) -> None:
    skills = _skills(fixture_build[0])
    assert skills["speak-dutch"]["t"] == "language"
    assert skills["manage-a-team-aaaa11"]["t"] == "transversal"
    assert skills["manage-a-team-aaaa11"]["c"] == "esco/leading-others"
    assert skills["python-computer-programming"]["t"] == "technical"
    assert skills["design"]["t"] == "knowledge"
    assert skills["incremental-development"]["en"] == "incremental development"
    assert skills["incremental-development"]["d"].startswith("The incremental development")


def test_label_recovery_methods() -> None:
    by_uri = {s.uri[-2:]: s for s in read_esco_skills(DATA / "esco")}
    assert by_uri["01"].label_method == "collection"
    assert by_uri["01"].alt_labels == ("Python programming language",)
    assert by_uri["06"].label_method == "labels-file" and by_uri["06"].label == "manage a team"
    assert by_uri["07"].label_method == "heuristic"


def test_alias_flags_and_traditional_variants(fixture_build) -> None:
    skills = _skills(fixture_build[0])
    rag = {a[0]: a for a in skills["rag"]["a"]}
    assert "檢索增強生成" in rag and rag["檢索增強生成"][1] == "zh"
    design = skills["design"]["a"][0]
    assert design[0] == "design" and not design[2] & 1  # not exact-safe
    go = {a[0]: a[2] for a in skills["go-lang"]["a"]}
    assert go["Go"] == 2 and go["Golang"] == 1


def test_roles_and_occupations(fixture_build) -> None:
    data = fixture_build[0]
    assert [r["slug"] for r in data["roles"]] == ["llm-engineer"]
    assert data["occupations"]["csco"] == [
        ["2-02-38-01", "人工智能工程技术人员", ["大模型工程师", "算法工程师"]]]
    assert data["occupations"]["esco"][0][2] == ["programmer", "software engineer"]


def test_build_twice_gives_identical_bytes(tmp_path: Path) -> None:
    paths = [tmp_path / "a.json.gz", tmp_path / "b.json.gz"]
    reports = [build_taxonomy(src=DATA / "src", esco_dir=DATA / "esco", onet_dir=DATA / "onet",
                              csco=DATA / "csco" / "csco22.csv", out=p) for p in paths]
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert reports[0].version == reports[1].version
    assert reports[0].version.startswith("2026.11.0+") and len(reports[0].version) == 22


def test_version_changes_with_sources(build_fixture, src_copy: Path, fixture_build) -> None:
    (src_copy / "curated" / "ai.yaml").write_text(
        (src_copy / "curated" / "ai.yaml").read_text(encoding="utf-8") + "\n# edited\n",
        encoding="utf-8")
    assert build_fixture(src_copy)[1].version != fixture_build[1].version


def test_cycle_is_named(build_fixture, src_copy: Path) -> None:
    path = src_copy / "curated" / "ai.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    prerequisites: [large-language-models]\n  - slug: lora",
                        "    prerequisites: [large-language-models, lora]\n  - slug: lora", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CyclicPrerequisiteError, match="fine-tuning -> lora -> fine-tuning"):
        build_fixture(src_copy)


def test_missing_prerequisite_fails_or_is_dropped_when_lenient(build_fixture, src_copy: Path) -> None:
    path = src_copy / "curated" / "ai.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "prerequisites: [fine-tuning]", "prerequisites: [fine-tuning, no-such-skill]"),
        encoding="utf-8")
    with pytest.raises(TaxonomyBuildError, match="lora -> no-such-skill"):
        build_fixture(src_copy)
    data, report = build_fixture(src_copy, strict=False)
    assert _skills(data)["lora"]["p"] == ["fine-tuning"]
    assert any("no-such-skill" in w for w in report.warnings)


def test_alias_conflict_within_curated_is_reported(build_fixture, src_copy: Path) -> None:
    (src_copy / "curated" / "extra.yaml").write_text(
        "skills:\n  - slug: retrieval\n    en: Retrieval\n    category: ai\n"
        "    aliases_en: [R.A.G.]\n", encoding="utf-8")
    data, report = build_fixture(src_copy)
    assert "curated: alias key 'rag' used by rag, retrieval" in report.alias_conflicts
    assert Taxonomy(data).resolve("RAG") == "rag"  # its own name/alias order, then slug


def test_duplicate_slug_names_both_files(build_fixture, src_copy: Path) -> None:
    (src_copy / "curated" / "dup.yaml").write_text(
        "skills:\n  - slug: lora\n    en: LoRA again\n", encoding="utf-8")
    with pytest.raises(TaxonomyBuildError, match=r"ai.yaml: skills\[2\].*dup.yaml: skills\[0\]"):
        build_fixture(src_copy)


def test_bad_field_names_file_entry_and_field(build_fixture, src_copy: Path) -> None:
    (src_copy / "curated" / "bad.yaml").write_text(
        "skills:\n  - slug: x-skill\n    en: X\n    type: tol\n", encoding="utf-8")
    with pytest.raises(TaxonomyBuildError) as info:
        build_fixture(src_copy)
    assert "bad.yaml: skills[0] (slug 'x-skill') field 'type'" in info.value.message
    assert "'tol'" in info.value.message


def test_role_with_unknown_skill_fails(build_fixture, src_copy: Path) -> None:
    path = src_copy / "roles.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("skill: rag", "skill: ragg"),
                    encoding="utf-8")
    with pytest.raises(TaxonomyBuildError, match="skill 'ragg' does not exist"):
        build_fixture(src_copy)


def test_missing_roles_file_is_a_warning(build_fixture, src_copy: Path) -> None:
    (src_copy / "roles.yaml").unlink()
    data, report = build_fixture(src_copy)
    assert data["roles"] == []
    assert any("roles.yaml not found" in w for w in report.warnings)


def test_missing_source_says_where_to_put_it(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyBuildError, match="Technology_Skills.txt.*--onet-dir"):
        build_taxonomy(src=DATA / "src", esco_dir=DATA / "esco", onet_dir=tmp_path,
                       csco=DATA / "csco" / "csco22.csv", out=tmp_path / "t.json.gz")
