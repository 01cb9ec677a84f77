"""candidates.skill_levels: kept in step with the skills on every ORM write, filled by
migration 0005 for rows written before it, and read by ranking."""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from alembic import command

from talentgraph.domain import Actor
from talentgraph.services._ranking import rank_opening
from talentgraph.store import Application, Candidate, Database, Opening
from talentgraph.store._db import _alembic_config, migrate
from talentgraph.store._recruiting import skill_levels_of

NOW = datetime(2026, 12, 1, 8, 0)
HR = Actor(user_id=None, username="hr", role="hr")


def test_skill_levels_of_keeps_the_best_level_and_counts_a_missing_level_as_one() -> None:
    assert skill_levels_of([{"skill": "python", "level": 2}, {"skill": "python", "level": 3},
                            {"skill": "sql"}, {"skill": "rag", "level": 9},
                            {"skill": "", "level": 2}, {"level": 1}, "junk"]) == {
        "python": 3, "sql": 1, "rag": 4}
    assert skill_levels_of(None) == {}


def test_orm_writes_keep_the_levels_in_step(database: Database) -> None:
    with database.session() as session:
        candidate = Candidate(ref="C1", name="Ada", skills=[{"skill": "python", "level": 2}])
        session.add(candidate)
        session.flush()
        assert candidate.skill_levels == {"python": 2}
        candidate.skills = [*candidate.skills, {"skill": "pytorch", "level": 3}]
        session.flush()
        cid = candidate.id
    with database.session() as session:
        assert session.get(Candidate, cid).skill_levels == {"python": 2, "pytorch": 3}


def test_migration_0005_fills_the_levels_of_existing_rows(database: Database) -> None:
    engine = database.engine
    command.downgrade(_alembic_config(engine), "0004")
    assert "skill_levels" not in {c["name"] for c in sa.inspect(engine).get_columns("candidates")}
    table = sa.table("candidates", sa.column("ref", sa.String()), sa.column("name", sa.Text()),
                     sa.column("skills", sa.JSON()), sa.column("created_at", sa.DateTime()),
                     sa.column("updated_at", sa.DateTime()))
    with engine.begin() as connection:
        connection.execute(table.insert(), [
            {"ref": f"C{i}", "name": "x", "skills": [{"skill": "sql", "level": i % 5}],
             "created_at": NOW, "updated_at": NOW} for i in range(1, 2503)])
    migrate(engine)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT ref, skill_levels FROM candidates")).all()
    levels = {ref: (value if isinstance(value, dict) else json.loads(value))
              for ref, value in rows}
    assert len(levels) == 2502
    assert levels["C1"] == {"sql": 1} and levels["C5"] == {"sql": 0} and levels["C2502"] == {
        "sql": 2}


def test_ranking_reads_levels_and_computes_those_missing(database: Database) -> None:
    with database.session() as session:
        opening = Opening(ref="O1", title="Data engineer", skills=[
            {"skill": "sql", "level": 2, "weight": 1.0}, {"skill": "python", "level": 2,
                                                          "weight": 1.0}])
        strong = Candidate(ref="C1", name="Strong", skills=[
            {"skill": "sql", "level": 3, "spans": [{"start": 0, "end": 3, "surface": "SQL"}]},
            {"skill": "python", "level": 2}, {"skill": "go", "level": 4}])
        weak = Candidate(ref="C2", name="Weak", skills=[{"skill": "sql", "level": 1}])
        session.add_all([opening, strong, weak])
        session.flush()
        session.add_all([Application(candidate_id=c.id, opening_id=opening.id)
                         for c in (strong, weak)])
        ids = (opening.id, strong.id, weak.id)
    with database.session() as session:  # a row written around the ORM has no levels
        session.execute(sa.update(Candidate).where(Candidate.id == ids[1])
                        .values(skill_levels=None))
    with database.session() as session:
        ranking = rank_opening(session, actor=HR, opening_id=ids[0], encoder=None, top_k=5)
    first, second = ranking.items
    assert (first.candidate_id, second.candidate_id) == (ids[1], ids[2])
    assert [s.skill for s in first.matched] == ["sql", "python"]
    assert first.matched[0].evidence[0]["surface"] == "SQL"  # spans read for the best only
    assert [s.skill for s in second.partial] == ["sql"] and [
        s.skill for s in second.missing] == ["python"]
