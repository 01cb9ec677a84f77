"""Privacy operations on the workspace: rotating the encryption key of personal data, and
exporting or erasing everything stored about one person (an employee or a candidate).

Which columns are encrypted, and which rows are "about" a person, is read from the table
metadata (column types and foreign keys), never from a hand-kept list, so a new table is
covered the day it is added: a row whose foreign key to the person's rows is ``ON DELETE SET
NULL`` merely points at them (a user account, another employee's manager); any other reference
makes the row part of the person's data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Column, ForeignKey, Table, bindparam, select, update
from sqlalchemy import column as sql_column
from sqlalchemy import delete as sql_delete
from sqlalchemy import inspect as sql_inspect
from sqlalchemy import table as sql_table
from sqlalchemy.orm import Session
from sqlalchemy.types import Text

from talentgraph.domain import Actor
from talentgraph.errors import ConfigError, NotFoundError, ParameterError, PermissionDeniedError
from talentgraph.services._audit import record_event
from talentgraph.store import (
    Base,
    Candidate,
    Database,
    Employee,
    EncryptedJSON,
    EncryptedText,
    Opening,
    User,
    configure_keys,
    metadata,
)

__all__ = [
    "ErasureReport",
    "PersonKind",
    "RotationReport",
    "TableRotation",
    "encrypted_columns",
    "erase_person",
    "export_person",
    "rotate_keys",
]

PersonKind = Literal["employee", "candidate"]
_PEOPLE: dict[str, type[Base]] = {"employee": Employee, "candidate": Candidate}
_BATCH = 500


@dataclass(frozen=True, slots=True)
class TableRotation:
    """How many rows and non-null encrypted values of one table were re-encrypted."""

    table: str
    columns: tuple[str, ...]
    rows: int
    values: int


@dataclass(frozen=True, slots=True)
class RotationReport:
    """What :func:`rotate_keys` re-encrypted, table by table."""

    tables: tuple[TableRotation, ...]

    @property
    def rows(self) -> int:
        """Rows re-encrypted, over all tables."""
        return sum(t.rows for t in self.tables)

    @property
    def values(self) -> int:
        """Values re-encrypted, over all tables."""
        return sum(t.values for t in self.tables)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: {table: {"rows", "values"}} and the totals."""
        return {"tables": {t.table: {"rows": t.rows, "values": t.values} for t in self.tables},
                "rows": self.rows, "values": self.values}


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What :func:`erase_person` removed: rows deleted per table, references set to null
    per "table.column" (such as ``users.employee_id``)."""

    kind: str
    ref: str
    deleted: dict[str, int] = field(default_factory=dict)
    detached: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """Rows deleted, over all tables."""
        return sum(self.deleted.values())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the ref, never the person's name)."""
        return {"kind": self.kind, "ref": self.ref, "deleted": dict(self.deleted),
                "detached": dict(self.detached), "rows": self.rows}


# --- metadata walking ---------------------------------------------------------------------------

def encrypted_columns() -> dict[str, tuple[str, ...]]:
    """Every encrypted column of every table, found by its type: {table: (column, ...)}."""
    found: dict[str, tuple[str, ...]] = {}
    for table in metadata.sorted_tables:
        names = tuple(c.name for c in table.columns
                      if isinstance(c.type, EncryptedText | EncryptedJSON))
        if names:
            found[table.name] = names
    return found


def _primary_key(table: Table) -> Column[Any]:
    columns = list(table.primary_key.columns)
    if len(columns) != 1:
        raise ConfigError(f"Table {table.name!r} has no single-column primary key; "
                          "privacy operations need one.")
    return columns[0]


def _references(table: Table) -> Iterator[tuple[Table, ForeignKey]]:
    """Every foreign key of any table that points at ``table``."""
    for child in metadata.sorted_tables:
        for foreign_key in child.foreign_keys:
            if foreign_key.column.table is table:
                yield child, foreign_key


def _is_pointer(foreign_key: ForeignKey) -> bool:
    return (foreign_key.ondelete or "").upper() == "SET NULL"


def _person_rows(session: Session, table: Table, ids: list[int]) -> dict[Table, list[int]]:
    """The ids of every row about the person, by table (the person's own rows included)."""
    found: dict[Table, list[int]] = {}
    pending: list[tuple[Table, list[int]]] = [(table, ids)]
    while pending:
        current, current_ids = pending.pop()
        seen = set(found.get(current, []))
        new = [i for i in current_ids if i not in seen]
        if not new:
            continue
        found.setdefault(current, []).extend(new)
        for child, foreign_key in _references(current):
            if _is_pointer(foreign_key):
                continue
            child_ids = list(session.scalars(
                select(_primary_key(child)).where(foreign_key.parent.in_(new))))
            pending.append((child, child_ids))
    return found


def _in_dependency_order(found: dict[Table, list[int]]) -> list[tuple[Table, list[int]]]:
    """Tables parents first (metadata.sorted_tables order), each with its ids sorted."""
    return [(t, sorted(found[t])) for t in metadata.sorted_tables if t in found]


# --- key rotation -------------------------------------------------------------------------------

def _cipher(keys: list[str]) -> MultiFernet:
    if not keys:
        raise ParameterError.invalid("new_keys", "rotate_keys",
                                     "a non-empty list of Fernet keys (the new key first)",
                                     "an empty list")
    try:
        return MultiFernet([Fernet(k.encode("ascii")) for k in keys])
    except (ValueError, UnicodeEncodeError) as exc:
        raise ConfigError(
            "A key in new_keys is not a valid Fernet key (32 url-safe base64-encoded bytes).",
            details=["Make one with `talentgraph admin generate-key`."]) from exc


def _rotate_table(session: Session, table: Table, names: tuple[str, ...],
                  cipher: MultiFernet) -> TableRotation:
    """Re-encrypt one table's encrypted columns, in batches by primary key."""
    key = _primary_key(table)
    # Plain-text view of the table: reads and writes the ciphertext as it is stored.
    raw = sql_table(table.name, sql_column(key.name, key.type),
                    *(sql_column(n, Text()) for n in names))
    change = (update(raw).where(raw.c[key.name] == bindparam("row_id"))
              .values({n: bindparam(f"new_{n}") for n in names}))
    rows = values = 0
    last: Any = None
    while True:
        query = select(raw).order_by(raw.c[key.name]).limit(_BATCH).with_for_update()
        if last is not None:
            query = query.where(raw.c[key.name] > last)
        batch = session.execute(query).all()
        if not batch:
            break
        last = batch[-1][0]
        params = []
        for row in batch:
            mapping = row._mapping
            if all(mapping[n] is None for n in names):
                continue
            params.append({"row_id": mapping[key.name],
                           **{f"new_{n}": _rotate_value(cipher, mapping[n], table.name, n)
                              for n in names}})
            values += sum(mapping[n] is not None for n in names)
        if params:
            session.execute(change, params)
            rows += len(params)
    return TableRotation(table=table.name, columns=names, rows=rows, values=values)


def _rotate_value(cipher: MultiFernet, token: str | None, table: str, column: str) -> str | None:
    if token is None:
        return None
    try:
        return cipher.rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise ConfigError(
            f"A value in {table}.{column} cannot be decrypted with any of new_keys; nothing "
            "was re-encrypted.",
            details=["Pass the new key first, then every key in use now "
                     "(TALENTGRAPH_ENCRYPTION_KEYS), so old values can be read."]) from exc


def rotate_keys(database: Database, *, new_keys: list[str], actor: Actor) -> RotationReport:
    """Re-encrypt every encrypted value under ``new_keys[0]``, in one transaction.

    ``new_keys`` must also hold the key(s) the data is encrypted with now (after the new one);
    afterwards ``new_keys[0]`` alone opens the data, and this process uses ``new_keys``.
    """
    if actor.role != "admin":
        raise PermissionDeniedError("Only an admin may rotate the encryption key.",
                                    details=[f"Your role is {actor.role!r}."])
    cipher = _cipher(new_keys)
    tables = {t.name: t for t in metadata.sorted_tables}
    with database.session() as session:
        report = RotationReport(tables=tuple(
            _rotate_table(session, tables[name], names, cipher)
            for name, names in encrypted_columns().items()))
        record_event(session, actor=actor, action="rotate_key", resource="encryption_key",
                     detail={**report.to_dict(), "keys": len(new_keys)})
    configure_keys(new_keys)
    return report


# --- export and erasure -------------------------------------------------------------------------

def _person_model(kind: str, owner: str) -> type[Base]:
    if kind not in _PEOPLE:
        raise ParameterError.invalid("kind", owner, "'employee' or 'candidate'", kind)
    return _PEOPLE[kind]


def _require_hr(actor: Actor, what: str) -> None:
    if not actor.is_hr:
        raise PermissionDeniedError(f"Only hr and admin may {what}.",
                                    details=[f"Your role is {actor.role!r}."])


def _find_person(session: Session, model: type[Base], kind: str, ref: str) -> int:
    found = session.scalar(select(model.id).where(model.ref == ref))  # type: ignore[attr-defined]
    if found is None:
        raise NotFoundError(f"No {kind} with ref {ref!r}.",
                            details=[f"Check the {kind}'s reference (its `ref` field)."])
    return int(found)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _as_dict(obj: Any, *, skip: Iterable[str] = ()) -> dict[str, Any]:
    omitted = set(skip)
    return {attr.key: _jsonable(getattr(obj, attr.key))
            for attr in sql_inspect(obj).mapper.column_attrs if attr.key not in omitted}


def _model_for(table: Table) -> type[Any]:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    raise ConfigError(f"Table {table.name!r} has no mapped class.")


def _context(session: Session, kind: str, person_id: int,
             rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """What the person's rows point at that is not theirs, to make the export readable:
    their login account (no secrets) or the openings they applied to."""
    if kind == "employee":
        users = session.scalars(select(User).where(User.employee_id == person_id))
        return {"accounts": [_as_dict(u, skip=("password_hash",)) for u in users]}
    opening_ids = sorted({a["opening_id"] for a in rows.get("applications", [])})
    openings = session.scalars(select(Opening).where(Opening.id.in_(opening_ids))
                               .order_by(Opening.id)) if opening_ids else []
    return {"openings": [{"id": o.id, "ref": o.ref, "title": o.title} for o in openings]}


def export_person(database: Database, *, kind: PersonKind, ref: str,
                  actor: Actor) -> dict[str, Any]:
    """Everything stored about one employee or candidate, decrypted and JSON-serialisable:
    {"kind", "ref", "exported_at", "person", "records": {table: [rows]}, ...context}."""
    model = _person_model(kind, "export_person")
    _require_hr(actor, "export a person's data")
    with database.session() as session:
        person_id = _find_person(session, model, kind, ref)
        found = _person_rows(session, model.__table__, [person_id])  # type: ignore[arg-type]
        records: dict[str, list[dict[str, Any]]] = {}
        for table, ids in _in_dependency_order(found):
            cls = _model_for(table)
            key = getattr(cls, _primary_key(table).key)
            records[table.name] = [_as_dict(o) for o in
                                   session.scalars(select(cls).where(key.in_(ids)).order_by(key))]
        person = records.pop(model.__tablename__)[0]  # type: ignore[attr-defined]
        export = {"kind": kind, "ref": ref, "exported_at": datetime.now(UTC).isoformat(),
                  "person": person, "records": records,
                  **_context(session, kind, person_id, records)}
        record_event(session, actor=actor, action="export", resource=kind, resource_id=ref,
                     detail={"records": {name: len(rows) for name, rows in records.items()}})
    return export


def erase_person(database: Database, *, kind: PersonKind, ref: str,
                 actor: Actor) -> ErasureReport:
    """Delete one employee or candidate and every row about them, in one transaction; rows
    that only point at them (a user account, their reports' manager) are detached, rows with
    no personal data (openings, pay bands, market snapshots, the audit log) are kept."""
    model = _person_model(kind, "erase_person")
    _require_hr(actor, "erase a person's data")
    with database.session() as session:
        person_id = _find_person(session, model, kind, ref)
        ordered = _in_dependency_order(
            _person_rows(session, model.__table__, [person_id]))  # type: ignore[arg-type]
        detached: dict[str, int] = {}
        for table, ids in ordered:
            for child, foreign_key in _references(table):
                if not _is_pointer(foreign_key):
                    continue
                column = foreign_key.parent
                result = session.execute(update(child).where(column.in_(ids))
                                         .values({column.name: None}))
                if result.rowcount:
                    name = f"{child.name}.{column.name}"
                    detached[name] = detached.get(name, 0) + result.rowcount
        deleted: dict[str, int] = {}
        for table, ids in reversed(ordered):
            result = session.execute(sql_delete(table).where(_primary_key(table).in_(ids)))
            deleted[table.name] = result.rowcount
        report = ErasureReport(kind=kind, ref=ref, deleted=deleted, detached=detached)
        record_event(session, actor=actor, action="erase", resource=kind, resource_id=ref,
                     detail={"deleted": deleted, "detached": detached})
    return report
