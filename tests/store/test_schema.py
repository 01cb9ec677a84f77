"""The schema: migrations create it on both databases; personal data is encrypted at rest; the
audit log refuses updates and deletes."""

from __future__ import annotations

import pytest
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
    schema_revision,
)


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
