"""Imports of CSV, TSV, XLSX, JSON and JSON Lines files: all or nothing, with a validation report.

Every row is validated first (types, required columns, references to employees, users and
skills, cross-field checks, duplicate natural keys). If anything is wrong,
ImportValidationError carries an ImportReport naming the file, row and column of every issue,
and nothing is written. Otherwise the rows are upserted by natural key in one transaction: a
row equal to what is stored (encrypted fields compared decrypted) is counted unchanged and not
written, so importing the same file twice changes nothing but the audit log.

Row numbers are as a spreadsheet user counts them: the header is row 1, so the first data row
of a CSV/TSV/XLSX file is row 2; for JSON Lines the row is the line number, for a JSON list the
position of the object (from 1).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from talentgraph.domain import Actor
from talentgraph.errors import (
    BadRecordError,
    ConflictError,
    ImportValidationError,
    InputError,
    ParameterError,
    PermissionDeniedError,
)
from talentgraph.services._audit import record_event
from talentgraph.services._import_specs import IMPORT_KINDS, IMPORT_SPECS, ImportField, ImportSpec
from talentgraph.services._import_values import header_key
from talentgraph.settings import Settings
from talentgraph.store import Database, Employee, OrgSkill, SkillAlias, User
from talentgraph.taxonomy import Taxonomy, alias_key, load_taxonomy
from talentgraph.text import read_table_rows

__all__ = ["ImportIssue", "ImportProgressFn", "ImportReport", "import_records"]

#: progress(done, total): rows written (or compared, in a dry run) so far, of all rows.
ImportProgressFn = Callable[[int, int], None]

CHUNK = 500  # rows per lookup, flush and progress call
_TABULAR = ("csv", "tsv", "xlsx")
_VALUE_CHARS = 80
_MAX_DETAILS = 100


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem: where (file, row, column), the value found (None for personal data) and
    what was expected."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file} row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        got = "" if self.value is None else f" Got {self.value!r}."
        return f"{where}: {self.message}{got}"

    def to_dict(self) -> dict[str, Any]:
        """The issue as JSON-friendly fields."""
        return asdict(self)


@dataclass(slots=True)
class ImportReport:
    """What an import read and did: rows read, records created, updated and left unchanged."""

    kind: str
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[ImportIssue] = field(default_factory=list)
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-friendly fields."""
        return {"kind": self.kind, "file": self.file, "rows": self.rows,
                "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "issues": [issue.to_dict() for issue in self.issues], "dry_run": self.dry_run}


@dataclass(slots=True)
class _Row:
    """One data row: typed values of the fields present, the cells and column names read."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)
    key: tuple[Any, ...] = ()
    obj: Any = None
    status: str = ""


class _Issues:
    """The issues of one file, collected in reading order."""

    def __init__(self, spec: ImportSpec, file: str) -> None:
        self.spec, self.file = spec, file
        self.items: list[ImportIssue] = []
        self.bad_records = 0

    def add(self, row: int | None, column: str | None, message: str, *,
            value: Any = None) -> None:
        """Record one issue; ``value`` is shown truncated."""
        shown = None if value is None else str(value)
        if shown is not None and len(shown) > _VALUE_CHARS:
            shown = shown[:_VALUE_CHARS - 1] + "…"
        self.items.append(ImportIssue(self.file, row, column, shown, message))

    def on_field(self, row: _Row, name: str, message: str) -> None:
        """An issue with one field of ``row`` (its value hidden when personal)."""
        fld = _field(self.spec, name)
        value = None if fld.is_personal else row.cells.get(name)
        self.add(row.number, row.columns.get(name, name), message, value=value)
        row.failed.add(name)


def _field(spec: ImportSpec, name: str) -> ImportField:
    return next(f for f in spec.fields if f.name == name)


def _is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# -- reading and typing -------------------------------------------------------------------------
def _column_map(spec: ImportSpec, header: Iterable[str], issues: _Issues,
                first_seen: dict[str, int]) -> dict[str, str]:
    """field name -> the file's column; unknown and doubled columns become issues."""
    lookup: dict[str, str] = {}
    for fld in spec.fields:
        for alias in (fld.name, *fld.aliases):
            lookup.setdefault(header_key(alias), fld.name)
    expected = ", ".join(f.name for f in spec.fields)
    mapping: dict[str, str] = {}
    for column in header:
        if not column:
            continue
        name = lookup.get(header_key(column))
        row = first_seen.get(column, 1)
        if name is None:
            issues.add(row, column, f"is not a column of a {spec.kind} import. Expected columns "
                                    f"(or their Chinese names): {expected}. Rename or remove it.")
        elif name in mapping:
            issues.add(row, column, f"is a second {name} column (the first is "
                                    f"{mapping[name]!r}). Keep one of them.")
        else:
            mapping[name] = column
    return mapping


@dataclass(frozen=True, slots=True)
class _Table:
    format: str
    header: tuple[str, ...]
    items: list[tuple[int, dict[str, Any] | BadRecordError]]


def _load(path: Path | str, *, file: str, settings: Settings | None) -> _Table:
    """Every row of the file; a file-level InputError names the file, never the server path."""
    try:
        table = read_table_rows(path, settings=settings)
        return _Table(table.format, table.header, list(table))
    except InputError as exc:
        renamed = type(exc)(exc.message.replace(str(path), file),
                            details=[d.replace(str(path), file) for d in exc.details])
        raise renamed from None


def _read_rows(spec: ImportSpec, table: _Table, issues: _Issues) -> list[_Row]:
    """Type every cell of every row; issues for bad cells, bad records and missing columns."""
    tabular = table.format in _TABULAR
    items: list[tuple[int, dict[str, Any]]] = []
    first_seen: dict[str, int] = {}
    for row_no, cells in table.items:
        number = row_no + 1 if tabular else row_no
        if isinstance(cells, BadRecordError):
            message = re.sub(r"^.* row \d+: ", "", str(cells))
            issues.add(number, None, message)
            issues.bad_records += 1
            continue
        items.append((number, cells))
        if not tabular:
            for key in cells:
                first_seen.setdefault(key, number)
    mapping = _column_map(spec, table.header, issues, first_seen)
    missing = [f for f in spec.fields if f.is_required and f.name not in mapping]
    if tabular:
        for fld in missing:
            names = ", ".join(repr(a) for a in (fld.name, *fld.aliases))
            issues.add(1, fld.name, f"is required and missing. Add a column named one of {names}.")
    rows = []
    for number, cells in items:
        row = _Row(number)
        for name, column in mapping.items():
            if column in cells or tabular:
                row.columns[name] = column
                row.cells[name] = cells.get(column)
        for fld in spec.fields:
            if fld.name in row.columns:
                _type_cell(fld, row, issues)
            elif fld.is_required and not tabular:
                issues.on_field(row, fld.name, "is required; this record has no such field.")
        if not row.failed:
            for name, message in spec.check(row.values):
                issues.on_field(row, name, f"must be {message}.")
        rows.append(row)
    return rows


def _type_cell(fld: ImportField, row: _Row, issues: _Issues) -> None:
    cell = row.cells[fld.name]
    if _is_empty(cell):
        if fld.is_required:
            issues.on_field(row, fld.name, "is required; this row leaves it empty.")
        else:
            row.values[fld.name] = copy.copy(fld.empty)
        return
    try:
        row.values[fld.name] = fld.parse(cell)
    except ValueError as exc:
        issues.on_field(row, fld.name, f"must be {exc}.")


# -- references to the workspace ----------------------------------------------------------------
class _SkillResolver:
    """Skill slug or name -> slug: the organisation's own skills and aliases, then the shipped
    taxonomy (with its overlay)."""

    def __init__(self, session: Session) -> None:
        self.taxonomy: Taxonomy = load_taxonomy()
        self.own = set(session.scalars(select(OrgSkill.slug)))
        self.aliases = {alias_key(alias): slug for alias, slug in
                        session.execute(select(SkillAlias.alias, SkillAlias.skill_slug))}

    def resolve(self, term: str) -> str | None:
        """The slug ``term`` names, or None."""
        if term in self.own or term in self.taxonomy:
            return term
        return self.aliases.get(alias_key(term)) or self.taxonomy.resolve(term)


def _lookup(session: Session, column: Any, wanted: set[str], result: Any) -> dict[str, Any]:
    """{value of ``column``: ``result``} for the wanted values (queried in chunks)."""
    found: dict[str, Any] = {}
    values = sorted(wanted)
    for start in range(0, len(values), CHUNK):
        chunk = values[start:start + CHUNK]
        query = select(column, result).where(column.in_(chunk))
        found.update({value: res for value, res in session.execute(query)})
    return found


def _resolve(session: Session, spec: ImportSpec, rows: list[_Row], issues: _Issues) -> None:
    """Replace references by ids or slugs; issues for those that name nothing."""
    for fld in spec.fields:
        live = [row for row in rows if fld.name not in row.failed
                and row.values.get(fld.name) not in (None, [])]
        if fld.ref is None or not live:
            continue
        if fld.ref == "employee":
            ids = _lookup(session, Employee.ref, {r.values[fld.name] for r in live}, Employee.id)
            _replace(live, fld, ids, issues, "names no employee in the workspace. Import the "
                                            "employees first or correct the ref.")
        elif fld.ref == "user":
            ids = _lookup(session, User.username, {r.values[fld.name] for r in live}, User.id)
            _replace(live, fld, ids, issues, "names no user. Create the account first "
                                            "(talentgraph admin create-user) or correct it.")
        elif fld.ref == "manager":
            _check_managers(session, rows, live, issues)
        else:
            _resolve_skills(_SkillResolver(session), live, fld, issues)


def _replace(rows: list[_Row], fld: ImportField, ids: dict[str, Any], issues: _Issues,
             message: str) -> None:
    for row in rows:
        found = ids.get(row.values[fld.name])
        if found is None:
            issues.on_field(row, fld.name, message)
        else:
            row.values[fld.name] = found


def _resolve_skills(resolver: _SkillResolver, rows: list[_Row], fld: ImportField,
                    issues: _Issues) -> None:
    for row in rows:
        value = row.values[fld.name]
        entries = value if isinstance(value, list) else [value]
        terms = [entry["skill"] if isinstance(entry, dict) else entry for entry in entries]
        slugs = [resolver.resolve(term) for term in terms]
        unknown = [term for term, slug in zip(terms, slugs, strict=True) if slug is None]
        if unknown:
            shown = ", ".join(repr(term) for term in unknown[:5])
            issues.on_field(row, fld.name, f"names skills not in the skill framework: {shown}. "
                                           f"Use slugs or names found by `talentgraph taxonomy "
                                           f"search`, or add the skills to the framework first.")
            continue
        if not isinstance(value, list):
            row.values[fld.name] = slugs[0]
            continue
        resolved: dict[str, Any] = {}
        for entry, slug in zip(entries, slugs, strict=True):
            resolved.setdefault(slug, {**entry, "skill": slug} if isinstance(entry, dict)
                                else slug)
        row.values[fld.name] = list(resolved.values())


def _check_managers(session: Session, rows: list[_Row], live: list[_Row],
                    issues: _Issues) -> None:
    """Each manager ref names an employee in the file or the workspace; no management cycle."""
    manager = aliased(Employee)
    query = select(Employee.ref, manager.ref).outerjoin(manager, Employee.manager_id == manager.id)
    stored = {ref: boss for ref, boss in session.execute(query)}
    in_file = {row.values["ref"] for row in rows if "ref" in row.values}
    graph = dict(stored)
    graph.update({row.values["ref"]: row.values.get("manager_ref") for row in rows
                  if "ref" in row.values and "manager_ref" in row.values})
    for row in live:
        target = row.values["manager_ref"]
        if target not in in_file and target not in stored:
            issues.on_field(row, "manager_ref", "names no employee in this file or the "
                                                "workspace. Correct the manager's ref.")
            continue
        path, current = [row.values.get("ref")], target
        while current is not None and current not in path and len(path) <= len(graph):
            path.append(current)
            current = graph.get(current)
        if current is not None and current == path[0]:
            chain = " -> ".join([*path, current])
            issues.on_field(row, "manager_ref", f"must not make a management cycle ({chain}). "
                                                f"Correct one of these managers.")


def _check_duplicates(spec: ImportSpec, rows: list[_Row], issues: _Issues) -> None:
    """A natural key may appear once in a file; the later row names the earlier one."""
    key_fields = [spec.key_field(attr) for attr in spec.key]
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        if row.failed & {f.name for f in key_fields}:
            continue
        row.key = tuple(_frozen(row.values.get(f.name, f.empty)) for f in key_fields)
        first = seen.setdefault(row.key, row.number)
        if first != row.number:
            columns = "+".join(row.columns.get(f.name, f.name) for f in key_fields)
            shown = " / ".join(str(row.cells.get(f.name) or "") for f in key_fields)
            issues.add(row.number, columns, f"repeats the key of row {first}: each record may "
                                            f"appear once in a file. Merge the two rows or "
                                            f"remove one.", value=shown)


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


# -- writing ------------------------------------------------------------------------------------
def _attributes(spec: ImportSpec, row: _Row, existing: Any) -> dict[str, Any]:
    attrs = {fld.target: row.values[fld.name] for fld in spec.fields
             if fld.target and fld.name in row.values}
    attrs.update(spec.build(row.values, existing))
    return attrs


def _existing(session: Session, spec: ImportSpec, keys: list[tuple[Any, ...]]) -> dict[Any, Any]:
    """The stored records with these natural keys, by key."""
    column = getattr(spec.model, spec.key[0])
    found: dict[tuple[Any, ...], Any] = {}
    for obj in session.scalars(select(spec.model).where(column.in_({k[0] for k in keys}))):
        found.setdefault(tuple(getattr(obj, attr) for attr in spec.key), obj)
    return found


def _upsert(session: Session, spec: ImportSpec, rows: list[_Row], *, actor: Actor,
            progress: ImportProgressFn | None) -> None:
    """Create or update each row's record (unchanged ones are not touched), chunk by chunk."""
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        stored = _existing(session, spec, [row.key for row in chunk])
        for row in chunk:
            row.obj = stored.get(row.key)
            attrs = _attributes(spec, row, row.obj)
            if row.obj is None:
                row.obj = spec.model(**attrs)
                if spec.actor_attr:
                    setattr(row.obj, spec.actor_attr, actor.user_id)
                session.add(row.obj)
                row.status = "created"
            else:
                row.status = "updated" if _assign(row.obj, attrs) else "unchanged"
        session.flush()
        if progress is not None:
            progress(start + len(chunk), len(rows))
    if spec.kind == "employees":
        _link_managers(session, rows)


def _assign(obj: Any, attrs: dict[str, Any]) -> bool:
    """Set the attributes that differ; whether any did."""
    changed = False
    for name, value in attrs.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _link_managers(session: Session, rows: list[_Row]) -> None:
    """Set manager ids once every employee of the file has an id."""
    ids = {row.values["ref"]: row.obj.id for row in rows}
    wanted = {row.values["manager_ref"] for row in rows if row.values.get("manager_ref")}
    ids.update(_lookup(session, Employee.ref, wanted - ids.keys(), Employee.id))
    for row in rows:
        if "manager_ref" not in row.values:
            continue
        manager = row.values["manager_ref"]
        target = ids[manager] if manager else None
        if row.obj.manager_id != target:
            row.obj.manager_id = target
            if row.status == "unchanged":
                row.status = "updated"
    session.flush()


# -- the use case -------------------------------------------------------------------------------
def _spec_for(kind: str, actor: Actor) -> ImportSpec:
    spec = IMPORT_SPECS.get(kind)
    if spec is None:
        raise ParameterError.invalid("kind", "import_records", f"one of {', '.join(IMPORT_KINDS)}",
                                     kind)
    if actor.role not in spec.roles:
        raise PermissionDeniedError(
            f"The role {actor.role!r} may not import {kind}. Expected one of the roles "
            f"{', '.join(sorted(spec.roles))}. Ask an administrator or HR to import it.")
    return spec


def _validation_error(report: ImportReport) -> ImportValidationError:
    count = len(report.issues)
    details = [str(issue) for issue in report.issues[:_MAX_DETAILS]]
    if count > _MAX_DETAILS:
        details.append(f"... and {count - _MAX_DETAILS} more problems.")
    return ImportValidationError(
        f"{report.file} cannot be imported as {report.kind}: {count} "
        f"problem{'s' if count != 1 else ''} (the first: {report.issues[0]}). Nothing was "
        f"imported. Fix the rows listed and import the file again.",
        report=report, details=details)


def import_records(database: Database, *, kind: str, path: Path | str, actor: Actor,
                   dry_run: bool = False, progress: ImportProgressFn | None = None,
                   name: str | None = None, settings: Settings | None = None) -> ImportReport:
    """Import a CSV/TSV/XLSX/JSON/JSONL file of ``kind`` (one of IMPORT_KINDS), all or nothing.

    Raises ImportValidationError (with ``.report``) when any row is invalid, writing nothing;
    PermissionDeniedError when the actor's role may not import this kind; ConflictError when a
    concurrent write collides with this one; an InputError for a file that cannot be read.
    ``name`` is the file name shown in the report (default: the path's name). ``progress``
    (done, total) is called every CHUNK rows written; an exception from it rolls everything
    back. A dry run validates and counts but keeps nothing except its audit event.
    """
    spec = _spec_for(kind, actor)
    report = ImportReport(kind=kind, file=name or Path(path).name, dry_run=dry_run)
    table = _load(path, file=report.file, settings=settings)
    issues = _Issues(spec, report.file)
    with database.session() as session:
        rows = _read_rows(spec, table, issues)
        report.rows = len(rows) + issues.bad_records
        _resolve(session, spec, rows, issues)
        _check_duplicates(spec, rows, issues)
        if issues.items:
            report.issues = sorted(issues.items, key=lambda issue: issue.row or 0)
            raise _validation_error(report)
        try:
            _upsert(session, spec, rows, actor=actor, progress=progress)
        except IntegrityError as exc:  # a concurrent write of the same records
            raise ConflictError(
                f"{report.file}: the {kind} changed while they were being imported (another "
                f"import or edit wrote the same records). Nothing was imported. Import the file "
                f"again.") from exc
        for row in rows:
            setattr(report, row.status, getattr(report, row.status) + 1)
        if kind == "employee_skills":  # evidence moves the derived skill levels
            from talentgraph.services._profiles import refresh_levels

            refresh_levels(session, pairs=[(r.obj.employee_id, r.obj.skill_slug) for r in rows
                                           if r.status != "unchanged"])
        if dry_run:
            session.rollback()
        record_event(session, actor=actor, action="import", resource=kind, detail={
            "format": table.format, "rows": report.rows, "created": report.created,
            "updated": report.updated, "unchanged": report.unchanged, "dry_run": dry_run})
    return report
