"""risk_scores.drivers are encrypted at rest (a driver can quote pay); migration 0006 encrypts
the rows written before it and its downgrade decrypts them."""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from alembic import command

from talentgraph.store import Database, Employee, RiskScore
from talentgraph.store._db import _alembic_config, migrate

DRIVERS = [{"feature": "MonthlyIncome", "text_en": "low monthly income: 12,000 (raises risk)"}]
NOW = datetime(2026, 12, 1, 8, 0)


def _raw(database: Database) -> str:
    with database.engine.connect() as connection:
        value = connection.execute(sa.text("SELECT drivers FROM risk_scores")).scalar_one()
    return value if isinstance(value, str) else json.dumps(value)


def test_drivers_are_stored_encrypted_and_read_back(database: Database) -> None:
    with database.session() as session:
        employee = Employee(ref="E1", name="Ada")
        session.add(employee)
        session.flush()
        session.add(RiskScore(employee_id=employee.id, model_version="m", risk=0.7, band="high",
                              drivers=DRIVERS))
    assert "12,000" not in _raw(database) and "MonthlyIncome" not in _raw(database)
    with database.session() as session:
        assert session.scalars(sa.select(RiskScore)).one().drivers == DRIVERS


def test_migration_0006_encrypts_existing_rows_and_back(database: Database) -> None:
    engine = database.engine
    command.downgrade(_alembic_config(engine), "0005")
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO employees (ref, name, created_at, updated_at) "
            "VALUES ('E1', 'x', :now, :now)"), {"now": NOW})
        connection.execute(sa.table("risk_scores", sa.column("employee_id"),
                                    sa.column("model_version"), sa.column("risk"),
                                    sa.column("band"), sa.column("drivers", sa.JSON()),
                                    sa.column("scored_at")).insert(),
                           {"employee_id": connection.execute(sa.text(
                               "SELECT id FROM employees")).scalar_one(),
                            "model_version": "m", "risk": 0.5, "band": "medium",
                            "drivers": DRIVERS, "scored_at": NOW})
    assert "12,000" in _raw(database)
    migrate(engine)
    assert "12,000" not in _raw(database)
    with database.session() as session:
        assert session.scalars(sa.select(RiskScore)).one().drivers == DRIVERS
    command.downgrade(_alembic_config(engine), "0005")
    assert json.loads(_raw(database)) == DRIVERS
    migrate(engine)
