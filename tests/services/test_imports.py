"""Imports: CSV, XLSX and JSONL with English or Chinese headers; every bad row is reported by
file, row and column and nothing is written; re-importing changes nothing; a failure in the
middle of the write leaves the database as it was; personal data stays encrypted at rest."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from talentgraph.domain import SYSTEM, Actor
from talentgraph.errors import (
    FileNotFoundInputError,
    ImportValidationError,
    InputError,
    ParameterError,
    PermissionDeniedError,
)
from talentgraph.services._import_specs import IMPORT_KINDS, IMPORT_SPECS, email_hash
from talentgraph.services._import_values import header_key
from talentgraph.services._imports import ImportReport, import_records
from talentgraph.store import (
    AuditEvent,
    Candidate,
    Database,
    Employee,
    EmployeeSkill,
    LearningResource,
    Opening,
    PayBand,
    PayRecord,
    SkillEvidence,
    User,
)

HR = Actor(user_id=None, username="hr-test", role="hr")
RECRUITER = Actor(user_id=None, username="recruiter-test", role="recruiter")

EMPLOYEES_ZH = """工号,姓名,邮箱,手机,部门,城市,职级,入职日期,上级工号,性别
E001,张三,zhang@example.com,13800138000,研发部,北京,P7,2020/3/1,,男
E002,李四,li@example.com,13900139000,研发部,上海,P6,2021-05-10,E001,女
E003,王五,,,数据部,深圳,P5,2022年7月1日,E002,
"""


def _write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _jsonl(tmp_path: Path, name: str, records: list[dict[str, Any]]) -> Path:
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    return _write(tmp_path, name, "\n".join(lines) + "\n")


def _xlsx(tmp_path: Path, name: str, rows: list[list[Any]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def _snapshot(database: Database, table: str) -> list[tuple[Any, ...]]:
    """Every stored row of ``table`` as raw values (ciphertext included), by id."""
    with database.session() as session:
        return [tuple(row) for row in session.execute(text(f"SELECT * FROM {table} ORDER BY id"))]


def _audit_count(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def _employees(database: Database) -> dict[str, Employee]:
    with database.session() as session:
        return {e.ref: e for e in session.scalars(select(Employee))}


def _add_user(database: Database, username: str, role: str) -> int:
    with database.session() as session:
        user = User(username=username, role=role, password_hash="x")
        session.add(user)
        session.flush()
        return user.id


# -- employees: CSV with Chinese headers ------------------------------------------------------
def test_a_csv_with_chinese_headers_creates_employees_with_managers_and_protected_data(
        database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "员工.csv", EMPLOYEES_ZH)
    report = import_records(database, kind="employees", path=path, actor=HR)

    assert (report.kind, report.file, report.rows) == ("employees", "员工.csv", 3)
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.issues == [] and report.dry_run is False
    people = _employees(database)
    assert people["E001"].name == "张三" and people["E001"].email == "zhang@example.com"
    assert people["E001"].phone == "13800138000" and people["E001"].department == "研发部"
    assert people["E001"].hired_on == date(2020, 3, 1)
    assert people["E003"].hired_on == date(2022, 7, 1)
    assert people["E001"].manager_id is None
    assert people["E002"].manager_id == people["E001"].id
    assert people["E003"].manager_id == people["E002"].id
    assert people["E001"].protected == {"gender": "male"}
    assert people["E002"].protected == {"gender": "female"}
    assert people["E003"].protected is None and people["E003"].email is None


def test_reimporting_the_same_file_writes_nothing_but_one_audit_event(
        database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "employees.csv", EMPLOYEES_ZH)
    import_records(database, kind="employees", path=path, actor=HR)
    before, audits = _snapshot(database, "employees"), _audit_count(database)

    again = import_records(database, kind="employees", path=path, actor=HR)

    assert (again.created, again.updated, again.unchanged, again.rows) == (0, 0, 3, 3)
    assert _snapshot(database, "employees") == before  # updated_at and ciphertexts untouched
    assert _audit_count(database) == audits + 1
    with database.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    assert (event.action, event.resource, event.actor) == ("import", "employees", "hr-test")
    assert event.detail == {"format": "csv", "rows": 3, "created": 0, "updated": 0,
                            "unchanged": 3, "dry_run": False}
    assert "张三" not in json.dumps(event.detail, ensure_ascii=False)


def test_a_changed_row_is_the_only_update(database: Database, tmp_path: Path) -> None:
    import_records(database, kind="employees", path=_write(tmp_path, "a.csv", EMPLOYEES_ZH),
                   actor=HR)
    before = {row[1]: row for row in _snapshot(database, "employees")}
    changed = EMPLOYEES_ZH.replace("E003,王五,,,数据部", "E003,王五,,,算法部")

    report = import_records(database, kind="employees", path=_write(tmp_path, "b.csv", changed),
                            actor=HR)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    after = {row[1]: row for row in _snapshot(database, "employees")}
    assert after["E001"] == before["E001"] and after["E002"] == before["E002"]
    assert after["E003"] != before["E003"]
    assert _employees(database)["E003"].department == "算法部"


def test_a_new_manager_counts_as_an_update(database: Database, tmp_path: Path) -> None:
    import_records(database, kind="employees", path=_write(tmp_path, "a.csv", EMPLOYEES_ZH),
                   actor=HR)
    moved = "工号,上级工号,姓名\nE003,E001,王五\n"

    report = import_records(database, kind="employees", path=_write(tmp_path, "b.csv", moved),
                            actor=HR)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    people = _employees(database)
    assert people["E003"].manager_id == people["E001"].id
    assert people["E003"].department == "数据部"  # columns not in the file are left alone
    assert people["E003"].city == "深圳"


# -- validation: every problem, nothing written -----------------------------------------------
def test_three_bad_rows_are_each_named_and_nothing_is_written(
        database: Database, tmp_path: Path) -> None:
    import_records(database, kind="employees", path=_write(tmp_path, "a.csv", EMPLOYEES_ZH),
                   actor=HR)
    before, audits = _snapshot(database, "employees"), _audit_count(database)
    bad = ("工号,姓名,邮箱,部门,入职日期,上级工号\n"
           "E001,张三,zhang@example.com,新部门,2020-03-01,\n"   # row 2: fine (a change)
           "E004,赵六,not-an-email,研发部,2023-01-01,E001\n"    # row 3: email
           "E005,钱七,qian@example.com,研发部,01/02/2023,E001\n"  # row 4: date
           "E006,孙八,sun@example.com,研发部,2023-02-01,E999\n"   # row 5: manager
           "E007,周九,zhou@example.com,研发部,2023-02-01,E006\n")  # row 6: fine (new)

    with pytest.raises(ImportValidationError) as caught:
        import_records(database, kind="employees", path=_write(tmp_path, "bad.csv", bad),
                       actor=HR)

    error = caught.value
    assert isinstance(error, InputError)
    assert (error.code, error.status) == ("E0210", 422)
    report = error.report
    assert isinstance(report, ImportReport) and report.rows == 5
    where = [(issue.file, issue.row, issue.column) for issue in report.issues]
    assert where == [("bad.csv", 3, "邮箱"), ("bad.csv", 4, "入职日期"), ("bad.csv", 5, "上级工号")]
    email, day, manager = report.issues
    assert email.value is None  # personal data is never echoed
    assert "email address" in email.message
    assert day.value == "01/02/2023" and "2024-03-01" in day.message
    assert manager.value == "E999"
    assert "no employee in this file or the workspace" in manager.message
    assert "bad.csv row 3, column '邮箱'" in error.details[0]
    assert "3 problems" in error.message and "Nothing was imported" in error.message
    assert error.to_dict()["errors"] == error.details
    assert _snapshot(database, "employees") == before
    assert _audit_count(database) == audits


def test_duplicate_keys_in_one_file_name_both_rows(database: Database, tmp_path: Path) -> None:
    rows = "ref,name\nE1,A\nE2,B\nE1,C\n"
    with pytest.raises(ImportValidationError) as caught:
        import_records(database, kind="employees", path=_write(tmp_path, "d.csv", rows), actor=HR)
    (issue,) = caught.value.report.issues
    assert (issue.row, issue.column, issue.value) == (4, "ref", "E1")
    assert "row 2" in issue.message
    assert _snapshot(database, "employees") == []


def test_header_problems_are_reported_on_row_one(database: Database, tmp_path: Path) -> None:
    rows = "姓名,emial,手机,电话\nA,a@example.com,13800138000,13800138001\n"
    with pytest.raises(ImportValidationError) as caught:
        import_records(database, kind="employees", path=_write(tmp_path, "h.csv", rows),
                       actor=HR)
    found = {(issue.row, issue.column) for issue in caught.value.report.issues}
    assert found == {(1, "emial"), (1, "电话"), (1, "ref")}
    messages = " ".join(issue.message for issue in caught.value.report.issues)
    assert "'工号'" in messages and "second phone column" in messages


def test_a_management_cycle_is_refused(database: Database, tmp_path: Path) -> None:
    rows = "ref,name,manager_ref\nA,a,B\nB,b,C\nC,c,A\nD,d,D\n"
    with pytest.raises(ImportValidationError) as caught:
        import_records(database, kind="employees", path=_write(tmp_path, "c.csv", rows), actor=HR)
    issues = caught.value.report.issues
    assert [(i.row, i.column) for i in issues] == [(2, "manager_ref"), (3, "manager_ref"),
                                                   (4, "manager_ref"), (5, "manager_ref")]
    assert "A -> B -> C -> A" in issues[0].message
    assert "cannot manage themselves" in issues[3].message


# -- XLSX: pay bands ----------------------------------------------------------------------------
def test_an_xlsx_of_pay_bands_with_chinese_headers(database: Database, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, "bands.xlsx", [
        ["职位族", "职级", "城市", "币种", "最低", "中位值", "最高"],
        ["ml-engineer", "P6", "北京", "人民币", 300000, 400000, 500000],
        ["ml-engineer", "P7", None, "USD", "60k", None, "90k"],
        ["data-analyst", "P5", "上海", None, "20万", 250000.0, 300000],
    ])
    report = import_records(database, kind="pay_bands", path=path, actor=HR)
    assert (report.created, report.updated, report.unchanged, report.rows) == (3, 0, 0, 3)
    with database.session() as session:
        bands = {(b.role_family, b.level, b.city): b for b in session.scalars(select(PayBand))}
    p6 = bands[("ml-engineer", "P6", "北京")]
    assert (p6.currency, p6.minimum, p6.midpoint, p6.maximum) == ("CNY", 300000, 400000, 500000)
    p7 = bands[("ml-engineer", "P7", "")]
    assert (p7.currency, p7.minimum, p7.midpoint, p7.maximum) == ("USD", 60000, 75000, 90000)
    assert bands[("data-analyst", "P5", "上海")].minimum == 200000

    again = import_records(database, kind="pay_bands", path=path, actor=HR)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_an_xlsx_band_with_minimum_above_maximum_names_its_row(
        database: Database, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, "bands.xlsx", [
        ["role_family", "level", "minimum", "midpoint", "maximum"],
        ["ml-engineer", "P6", 300000, 400000, 500000],
        ["ml-engineer", "P7", 600000, 650000, 500000],
        ["ml-engineer", "P8", 600000, 900000, 800000],
    ])
    with pytest.raises(ImportValidationError) as caught:
        import_records(database, kind="pay_bands", path=path, actor=HR)
    issues = caught.value.report.issues
    assert [(i.file, i.row, i.column) for i in issues] == [
        ("bands.xlsx", 3, "maximum"), ("bands.xlsx", 4, "midpoint")]
    assert _snapshot(database, "pay_bands") == []


# -- JSONL: openings ------------------------------------------------------------------------------
def test_a_jsonl_of_openings_resolves_skills_and_hiring_managers(
        database: Database, tmp_path: Path) -> None:
    manager_id = _add_user(database, "wang.manager", "hiring_manager")
    path = _jsonl(tmp_path, "openings.jsonl", [
        {"职位编号": "J1", "职位名称": "机器学习工程师", "城市": "北京", "薪资下限": 30000,
         "薪资上限": 50000, "币种": "CNY", "技能": "python:3:1;机器学习:3:2;SQL",
         "用人经理": "wang.manager"},
        {"职位编号": "J2", "职位名称": "Data Analyst",
         "技能": [{"skill": "sql", "level": 2, "weight": 1}]},
    ])
    report = import_records(database, kind="openings", path=path, actor=RECRUITER)
    assert (report.created, report.rows) == (2, 2)
    with database.session() as session:
        openings = {o.ref: o for o in session.scalars(select(Opening))}
    assert openings["J1"].skills == [
        {"skill": "python", "level": 3, "weight": 1.0},
        {"skill": "machine-learning", "level": 3, "weight": 2.0},
        {"skill": "sql", "level": 2, "weight": 1.0}]
    assert openings["J1"].hiring_manager_id == manager_id
    assert (openings["J1"].pay_min, openings["J1"].pay_max) == (30000, 50000)
    assert openings["J2"].skills == [{"skill": "sql", "level": 2, "weight": 1.0}]
    assert openings["J2"].status == "open" and openings["J2"].description == ""

    again = import_records(database, kind="openings", path=path, actor=RECRUITER)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_jsonl_issues_name_the_line(database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "openings.jsonl", "\n".join([
        json.dumps({"ref": "J1", "title": "ok", "skills": "python"}),
        "",
        json.dumps({"ref": "J2", "title": "bad skill", "skills": "python;no-such-skill-xyz"}),
        "{not json",
        json.dumps({"ref": "J3", "skills": "python", "hiring_manager": "nobody"}),
    ]) + "\n")
    with pytest.raises(ImportValidationError) as caught:
        import_records(database, kind="openings", path=path, actor=RECRUITER)
    issues = caught.value.report.issues
    assert [(i.row, i.column) for i in issues] == [
        (3, "skills"), (4, None), (5, "title"), (5, "hiring_manager")]
    assert "'no-such-skill-xyz'" in issues[0].message
    assert "not valid JSON" in issues[1].message and str(tmp_path) not in issues[1].message
    assert caught.value.report.rows == 4
    assert _snapshot(database, "openings") == []


# -- pay, evidence, candidates, learning resources -------------------------------------------------
def test_pay_is_keyed_by_employee_and_date_and_stays_encrypted(
        database: Database, tmp_path: Path) -> None:
    import_records(database, kind="employees", path=_write(tmp_path, "e.csv", EMPLOYEES_ZH),
                   actor=HR)
    pay = ("工号,生效日期,年薪,币种,调薪原因\n"
           "E001,2024-01-01,480000,CNY,annual review\n"
           "E001,2025-01-01,520000,,promotion\n"
           "E002,2024-01-01,360000,CNY,\n")
    path = _write(tmp_path, "pay.csv", pay)
    report = import_records(database, kind="pay", path=path, actor=HR)
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    again = import_records(database, kind="pay", path=path, actor=HR)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    raised = pay.replace("520000", "530000")
    third = import_records(database, kind="pay", path=_write(tmp_path, "p2.csv", raised), actor=HR)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)

    people = _employees(database)
    with database.session() as session:
        records = {(r.employee_id, r.effective_on): r for r in session.scalars(select(PayRecord))}
        raw = [row[0] for row in session.execute(text("SELECT pay FROM pay_records"))]
    assert records[(people["E001"].id, date(2025, 1, 1))].pay == {"annual": 530000.0,
                                                                  "currency": "CNY"}
    assert records[(people["E002"].id, date(2024, 1, 1))].reason == ""
    assert all(value.startswith("gAAAAA") and "530000" not in value for value in raw)


def test_pay_for_an_unknown_employee_is_refused(database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "pay.csv", "employee_ref,effective_on,annual\nE404,2024-01-01,1\n")
    with pytest.raises(ImportValidationError) as caught:
        import_records(database, kind="pay", path=path, actor=HR)
    (issue,) = caught.value.report.issues
    assert (issue.row, issue.column, issue.value) == (2, "employee_ref", "E404")
    assert "no employee" in issue.message


def test_skill_evidence_resolves_names_and_checks_levels(
        database: Database, tmp_path: Path) -> None:
    import_records(database, kind="employees", path=_write(tmp_path, "e.csv", EMPLOYEES_ZH),
                   actor=HR)
    good = ("工号,技能,来源,等级,日期,说明\n"
            "E001,机器学习,经理,3,2024-06-30,led the ranking model\n"
            "E001,python,自评,4,2024-06-30,\n")
    report = import_records(database, kind="employee_skills",
                            path=_write(tmp_path, "s.csv", good), actor=HR)
    assert report.created == 2
    with database.session() as session:
        found = sorted((e.skill_slug, e.source, e.level) for e in
                       session.scalars(select(SkillEvidence)))
    assert found == [("machine-learning", "manager", 3), ("python", "self", 4)]
    with database.session() as session:  # the derived profile levels follow the evidence
        levels = sorted((s.skill_slug, s.level) for s in session.scalars(select(EmployeeSkill)))
    # (a self-assessment alone is a claim: capped at 2 until someone confirms more)
    assert levels == [("machine-learning", 3), ("python", 2)]

    bad = good.replace(",3,2024-06-30", ",5,2024-06-30").replace("python,自评", "pythn-xyz,自评")
    with pytest.raises(ImportValidationError) as caught:
        import_records(database, kind="employee_skills", path=_write(tmp_path, "b.csv", bad),
                       actor=HR)
    assert [(i.row, i.column) for i in caught.value.report.issues] == [(2, "等级"), (3, "技能")]
    assert "from 0 to 4" in caught.value.report.issues[0].message


def test_recruiters_import_candidates_with_an_email_hash_but_not_employees(
        database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "c.csv", "候选人编号,姓名,邮箱,工作年限,学历,简历\n"
                                     "C1,陈一,Chen@Example.com,3.5,硕士,熟悉 Python 和 SQL\n")
    report = import_records(database, kind="candidates", path=path, actor=RECRUITER)
    assert report.created == 1
    with database.session() as session:
        person = session.scalars(select(Candidate)).one()
        raw = session.execute(text("SELECT name, email, resume_text FROM candidates")).one()
    assert person.email_hash == email_hash("chen@example.com")
    assert (person.years_experience, person.education) == (3.5, "硕士")
    assert person.resume_text == "熟悉 Python 和 SQL"
    assert all(value.startswith("gAAAAA") for value in raw)
    assert not any("陈一" in value or "Chen" in value for value in raw)

    with pytest.raises(PermissionDeniedError):
        import_records(database, kind="employees", path=_write(tmp_path, "e.csv", EMPLOYEES_ZH),
                       actor=RECRUITER)
    assert _snapshot(database, "employees") == []


def test_learning_resources_read_booleans_choices_and_skill_lists(
        database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "lr.csv", "编号,标题,类型,语言,技能,难度,学时,内部\n"
                                      "R1,深度学习,书籍,中文,深度学习;Python,3,40,否\n"
                                      "R2,SQL 101,course,en,sql,1,,是\n")
    report = import_records(database, kind="learning_resources", path=path, actor=HR)
    assert report.created == 2
    with database.session() as session:
        found = {r.ref: r for r in session.scalars(select(LearningResource))}
    assert (found["R1"].kind, found["R1"].language, found["R1"].is_internal) == ("book", "zh",
                                                                                 False)
    assert found["R1"].skills == ["deep-learning", "python"] and found["R1"].hours == 40
    assert (found["R2"].hours, found["R2"].is_internal) == (1.0, True)


# -- dry runs, failures mid-write, misuse ----------------------------------------------------------
def test_a_dry_run_counts_but_keeps_nothing(database: Database, tmp_path: Path) -> None:
    report = import_records(database, kind="employees", dry_run=True,
                            path=_write(tmp_path, "e.csv", EMPLOYEES_ZH), actor=HR)
    assert (report.created, report.dry_run) == (3, True)
    assert _snapshot(database, "employees") == []
    with database.session() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert event.detail["dry_run"] is True and event.action == "import"


def test_a_failure_in_the_middle_of_the_write_leaves_the_database_as_it_was(
        database: Database, tmp_path: Path) -> None:
    import_records(database, kind="employees", path=_write(tmp_path, "e.csv", EMPLOYEES_ZH),
                   actor=HR)
    before, audits = _snapshot(database, "employees"), _audit_count(database)
    lines = ["ref,name,department"] + [f"E{n:03d},Person {n},Dept {n % 7}" for n in range(1, 1101)]
    calls: list[tuple[int, int]] = []

    def fail_after_first_chunk(done: int, total: int) -> None:
        calls.append((done, total))
        raise RuntimeError("the server died")

    with pytest.raises(RuntimeError, match="the server died"):
        import_records(database, kind="employees", actor=HR, progress=fail_after_first_chunk,
                       path=_write(tmp_path, "big.csv", "\n".join(lines) + "\n"))

    assert calls == [(500, 1100)]  # the first 500 rows were written (flushed) before it failed
    assert _snapshot(database, "employees") == before
    assert _audit_count(database) == audits


def test_progress_is_reported_every_500_rows(database: Database, tmp_path: Path) -> None:
    lines = ["ref,name"] + [f"P{n},Person {n}" for n in range(1200)]
    calls: list[tuple[int, int]] = []
    report = import_records(database, kind="employees", actor=HR,
                            progress=lambda done, total: calls.append((done, total)),
                            path=_write(tmp_path, "p.csv", "\n".join(lines) + "\n"))
    assert report.created == 1200
    assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]


def test_the_report_and_errors_name_the_file_never_the_server_path(
        database: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "tmp8f3k2.csv", "ref,name\nE1,\n")
    with pytest.raises(ImportValidationError) as caught:
        import_records(database, kind="employees", path=path, actor=HR, name="员工名单.csv")
    (issue,) = caught.value.report.issues
    assert (issue.file, issue.row, issue.column) == ("员工名单.csv", 2, "name")
    assert "is required" in issue.message and str(tmp_path) not in caught.value.message

    with pytest.raises(FileNotFoundInputError) as missing:
        import_records(database, kind="employees", path=tmp_path / "gone.csv", actor=HR,
                       name="upload.csv")
    assert "upload.csv does not exist" in missing.value.message
    assert str(tmp_path) not in missing.value.message


def test_an_unknown_kind_is_a_parameter_error(database: Database, tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="'kind' parameter of import_records must be one of"):
        import_records(database, kind="salaries", path=tmp_path / "x.csv", actor=SYSTEM)


# -- the specs themselves (no database) ------------------------------------------------------------
@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_no_two_columns_of_a_kind_share_a_header_alias(kind: str) -> None:
    spec = IMPORT_SPECS[kind]
    owners: dict[str, str] = {}
    for fld in spec.fields:
        for alias in {header_key(a) for a in (fld.name, *fld.aliases)}:
            assert owners.setdefault(alias, fld.name) == fld.name, (kind, alias)
    assert {spec.key_field(attr).name for attr in spec.key} <= {f.name for f in spec.fields}


@pytest.mark.parametrize(("raw", "expected"), [
    ("2024-03-01", date(2024, 3, 1)), ("2024/3/1", date(2024, 3, 1)),
    ("2024.03.01", date(2024, 3, 1)), ("2024年3月1日", date(2024, 3, 1)),
    ("20240301", date(2024, 3, 1)), ("2024-03-01T09:30:00", date(2024, 3, 1)),
    (45352, date(2024, 3, 1)),
])
def test_dates_are_read_in_the_forms_hr_files_use(raw: object, expected: date) -> None:
    parse = IMPORT_SPECS["employees"].key_field("hired_on").parse
    assert parse(raw) == expected


@pytest.mark.parametrize("raw", ["01/02/2023", "2024-02-30", "soon", "3 days ago"])
def test_ambiguous_or_impossible_dates_are_refused(raw: str) -> None:
    parse: Callable[[object], object] = IMPORT_SPECS["employees"].key_field("hired_on").parse
    with pytest.raises(ValueError, match="a date such as 2024-03-01"):
        parse(raw)
