"""The schema: migrations create it on both databases, downgrade and upgrade again, and match
the models; personal data is encrypted at rest; the audit log refuses updates and deletes."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from talentgraph.store import (
    AuditEvent,
    Candidate,
    Database,
    Employee,
    PayRecord,
    head_revision,
    metadata,
    migrate,
    schema_revision,
)
from talentgraph.store._db import _alembic_config


def test_migration_creates_every_table(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert set(metadata.tables) <= tables
    assert schema_revision(database.engine) == head_revision()


def test_personal_data_is_ciphertext_in_the_database(database: Database) -> None:
    from datetime import date

    with database.session() as session:
        employee = Employee(ref="e1", name="李雷", email="lilei@example.com",
                            protected={"gender": "M"})
        session.add(employee)
        session.flush()
        session.add(PayRecord(employee_id=employee.id, effective_on=date(2026, 1, 1),
                              pay={"annual": 480000.0, "currency": "CNY"}))
        session.add(Candidate(ref="c1", name="Hanna Smith", resume_text="PyTorch since 2019"))
    with database.engine.connect() as connection:
        raw = " ".join(str(v) for row in connection.execute(text(
            "SELECT e.name, e.email, e.protected, p.pay FROM employees e "
            "JOIN pay_records p ON p.employee_id = e.id")) for v in row)
        raw += " ".join(str(v) for v in connection.execute(
            text("SELECT name, resume_text FROM candidates")).one())
    for plain in ("李雷", "lilei", "480000", "gender", "Hanna", "PyTorch"):
        assert plain not in raw
    with database.session() as session:
        assert session.scalars(select(Employee)).one().email == "lilei@example.com"
        assert session.scalars(select(PayRecord)).one().pay["annual"] == 480000.0


def test_audit_log_is_append_only(database: Database) -> None:
    with database.session() as session:
        session.add(AuditEvent(actor="admin", action="read", resource="employee"))
    for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError), database.engine.begin() as connection:
            connection.execute(text(statement))
    with database.session() as session:
        assert session.scalars(select(AuditEvent.actor)).all() == ["admin"]


def test_migrations_downgrade_to_base_and_upgrade_again(database: Database) -> None:
    engine = database.engine
    with database.session() as session:
        session.add(AuditEvent(actor="admin", action="create", resource="employee"))

    command.downgrade(_alembic_config(engine), "base")

    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert schema_revision(engine) is None
    migrate(engine)
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    assert schema_revision(engine) == head_revision()
    with database.session() as session:  # a fresh, empty schema whose audit log is append-only
        assert session.scalars(select(AuditEvent)).all() == []
        session.add(AuditEvent(actor="admin", action="create", resource="employee"))
    with pytest.raises(DBAPIError), database.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events"))


def test_models_and_migrations_agree(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []
