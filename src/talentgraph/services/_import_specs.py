"""What each import kind reads: its columns with English and Chinese header aliases, their
types (parsers from ``_import_values``) and checks, the natural key an import upserts by, the
roles that may import it and how combined attributes are built (protected attributes, pay).

Empty cells become the field's ``empty`` value (None unless stated), or an issue when the field
is required. A column absent from the file leaves that attribute of existing records untouched.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from talentgraph.services._import_values import (
    SKILL_LEVELS,
    ParseFn,
    boolean,
    choice,
    currency,
    day,
    email,
    integer,
    number,
    phone,
    skill,
    skills,
    text,
    weighted_skills,
)
from talentgraph.store import (
    Candidate,
    Employee,
    LearningResource,
    Opening,
    PayBand,
    PayRecord,
    SalarySurvey,
    SkillEvidence,
)

__all__ = [
    "IMPORT_KINDS",
    "IMPORT_SPECS",
    "PROTECTED",
    "ImportField",
    "ImportSpec",
    "email_hash",
    "import_columns_markdown",
]

BuildFn = Callable[[Mapping[str, Any], Any], dict[str, Any]]
CheckFn = Callable[[Mapping[str, Any]], list[tuple[str, str]]]

HR = frozenset({"admin", "hr"})
RECRUITERS = frozenset({"admin", "hr", "recruiter"})


def email_hash(email: str) -> str:
    """SHA-256 of the normalised (trimmed, NFKC, case-folded) email: finds a person twice."""
    normal = unicodedata.normalize("NFKC", email).strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


# -- fields and specs ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ImportField:
    """One column of an import: its name, parser, header aliases and what it sets.

    ``attr`` is the model attribute set (default: ``name``; "" for a value a builder combines,
    such as the protected attributes); ``ref`` names what the value refers to and is resolved
    against the workspace: "employee" (an employee ref -> id), "manager" (an employee ref in the
    file or the workspace), "user" (a username -> id), "skill" or "skills" (slugs). A personal
    field's value is never repeated in an issue (contact details, resume, pay, protected).
    """

    name: str
    parse: ParseFn
    aliases: tuple[str, ...] = ()
    is_required: bool = False
    empty: Any = None
    attr: str | None = None
    ref: str | None = None
    is_personal: bool = False

    @property
    def target(self) -> str:
        """The model attribute this field sets ("" when a builder combines it)."""
        return self.name if self.attr is None else self.attr


def _no_build(values: Mapping[str, Any], existing: Any) -> dict[str, Any]:
    return {}


def _no_check(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    return []


@dataclass(frozen=True, slots=True)
class ImportSpec:
    """An importable resource: its model, fields, natural key (model attributes), the roles
    that may import it, a cross-field check and a builder of combined attributes."""

    kind: str
    model: type[Any]
    fields: tuple[ImportField, ...]
    key: tuple[str, ...]
    roles: frozenset[str]
    build: BuildFn = _no_build
    check: CheckFn = _no_check
    actor_attr: str | None = None

    def key_field(self, attr: str) -> ImportField:
        """The field that sets the key attribute ``attr``."""
        return next(f for f in self.fields if f.target == attr)


def _length(model: type[Any], attr: str) -> int | None:
    return getattr(model.__table__.c[attr].type, "length", None)


def _str(model: type[Any], attr: str, *aliases: str, required: bool = False) -> ImportField:
    return ImportField(attr, text(_length(model, attr)), aliases, is_required=required)


_REF = ("employee_ref", "employee_no", "employee_id", "staff_id", "工号", "员工编号", "员工号",
        "员工工号")
_ROLE_FAMILY = ("role_family", "job_family", "role", "职位族", "岗位族", "职族", "序列", "岗位序列")
_LEVEL = ("grade", "job_level", "职级", "级别")
_CURRENCY_NAMES = ("currency", "币种", "货币")
_NAME = ("full_name", "姓名", "名字")
_EMAIL_NAMES = ("e-mail", "mail", "邮箱", "电子邮箱", "邮件")
_PHONE_NAMES = ("mobile", "telephone", "tel", "手机", "电话", "手机号", "联系电话")
_SKILL_NAMES = ("skill_slug", "技能", "技能名称")
_SKILLS_NAMES = ("skill_list", "技能", "技能要求", "技能列表")
_GENDER = {"female": ("f", "woman", "女", "女性"), "male": ("m", "man", "男", "男性"),
           "other": ("其他",), "undisclosed": ("prefer not to say", "未透露", "不愿透露", "保密")}
_MARITAL = {"single": ("unmarried", "未婚", "单身"), "married": ("已婚",),
            "divorced": ("离异", "离婚"), "widowed": ("丧偶",), "undisclosed": ("保密", "未透露")}
PROTECTED = ("gender", "age", "marital_status")


def _employee_build(values: Mapping[str, Any], existing: Any) -> dict[str, Any]:
    if not any(name in values for name in PROTECTED):
        return {}
    merged = dict(getattr(existing, "protected", None) or {})
    for name in PROTECTED:
        if name in values:
            if values[name] is None:
                merged.pop(name, None)
            else:
                merged[name] = values[name]
    return {"protected": merged or None}


def _employee_check(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    issues = []
    hired, left = values.get("hired_on"), values.get("left_on")
    if hired and left and left < hired:
        issues.append(("left_on", f"on or after the hire date {hired.isoformat()}"))
    if values.get("manager_ref") and values.get("manager_ref") == values.get("ref"):
        issues.append(("manager_ref", "another employee's ref (an employee cannot manage "
                                      "themselves)"))
    return issues


EMPLOYEES = ImportSpec(
    kind="employees", model=Employee, key=("ref",), roles=HR,
    build=_employee_build, check=_employee_check,
    fields=(
        _str(Employee, "ref", *_REF, "id", "编号", required=True),
        ImportField("name", text(200), ("employee_name", "员工姓名", *_NAME), is_required=True,
                    is_personal=True),
        ImportField("email", email(), _EMAIL_NAMES, is_personal=True),
        ImportField("phone", phone(), _PHONE_NAMES, is_personal=True),
        _str(Employee, "role_family", *_ROLE_FAMILY),
        _str(Employee, "level", *_LEVEL),
        _str(Employee, "department", "dept", "部门", "所属部门"),
        _str(Employee, "city", "location", "base", "城市", "工作地点", "工作城市", "地点"),
        ImportField("manager_ref", text(64), (
            "manager", "manager_id", "manager_no", "上级工号", "直属上级工号", "经理工号",
            "上级", "直属上级"), attr="", ref="manager"),
        ImportField("hired_on", day(), ("hire_date", "start_date", "joined_on", "入职日期",
                                        "入职时间")),
        ImportField("left_on", day(), ("leave_date", "termination_date", "end_date", "离职日期",
                                       "离职时间")),
        ImportField("gender", choice(_GENDER), ("sex", "性别"), attr="", is_personal=True),
        ImportField("age", integer(14, 100), ("年龄",), attr="", is_personal=True),
        ImportField("marital_status", choice(_MARITAL), ("marital", "婚姻状况", "婚姻状态",
                                                         "婚姻"), attr="",
                    is_personal=True),
    ),
)


def _band_build(values: Mapping[str, Any], existing: Any) -> dict[str, Any]:
    if values.get("midpoint") is not None:
        return {"midpoint": values["midpoint"]}
    if "minimum" in values and "maximum" in values:  # an empty midpoint: halfway
        return {"midpoint": (values["minimum"] + values["maximum"]) / 2}
    return {}


def _band_check(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    low, mid, high = values.get("minimum"), values.get("midpoint"), values.get("maximum")
    if low is not None and high is not None and low > high:
        return [("maximum", f"at least the minimum {low:g}")]
    if mid is not None and ((low is not None and mid < low) or (high is not None and mid > high)):
        return [("midpoint", "between the minimum and the maximum")]
    return []


PAY_BANDS = ImportSpec(
    kind="pay_bands", model=PayBand, key=("role_family", "level", "city"), roles=HR,
    build=_band_build, check=_band_check,
    fields=(
        _str(PayBand, "role_family", *_ROLE_FAMILY, required=True),
        _str(PayBand, "level", *_LEVEL, required=True),
        ImportField("city", text(_length(PayBand, "city")), ("location", "城市", "地区"),
                    empty=""),
        ImportField("currency", currency(), _CURRENCY_NAMES, empty="CNY"),
        ImportField("minimum", number(), ("min", "low", "最低", "下限", "最小值", "最低值"),
                    is_required=True),
        ImportField("midpoint", number(), ("mid", "median", "中位", "中位值", "中点", "中位数"),
                    empty=None, attr=""),
        ImportField("maximum", number(), ("max", "high", "最高", "上限", "最大值", "最高值"),
                    is_required=True),
    ),
)


def _pay_build(values: Mapping[str, Any], existing: Any) -> dict[str, Any]:
    old = getattr(existing, "pay", None) or {}
    cur = values.get("currency") or old.get("currency", "CNY")
    return {"pay": {"annual": values["annual"], "currency": cur}}


PAY = ImportSpec(
    kind="pay", model=PayRecord, key=("employee_id", "effective_on"), roles=HR, build=_pay_build,
    fields=(
        ImportField("employee_ref", text(64), (*_REF, "ref"), is_required=True,
                    attr="employee_id", ref="employee"),
        ImportField("effective_on", day(), ("effective_date", "effective", "date", "生效日期",
                                            "生效时间", "日期"), is_required=True),
        ImportField("annual", number(), ("annual_pay", "annual_salary", "salary", "pay", "年薪",
                                         "年度薪酬", "薪酬", "年收入"), is_required=True, attr="",
                    is_personal=True),
        ImportField("currency", currency(), _CURRENCY_NAMES, attr=""),
        ImportField("reason", text(_length(PayRecord, "reason")),
                    ("调薪原因", "原因", "变动原因"), empty=""),
    ),
)


def _opening_check(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    low, high = values.get("pay_min"), values.get("pay_max")
    if low is not None and high is not None and low > high:
        return [("pay_max", f"at least pay_min {low:g}")]
    return []


OPENINGS = ImportSpec(
    kind="openings", model=Opening, key=("ref",), roles=RECRUITERS, check=_opening_check,
    fields=(
        _str(Opening, "ref", "opening_ref", "opening_id", "job_id", "id", "职位编号",
             "岗位编号", "编号", required=True),
        _str(Opening, "title", "job_title", "position", "职位名称", "岗位名称", "职位", "岗位",
             required=True),
        _str(Opening, "role_family", *_ROLE_FAMILY),
        _str(Opening, "level", *_LEVEL),
        _str(Opening, "location", "city", "城市", "工作地点", "地点"),
        ImportField("pay_min", number(), ("salary_min", "min_pay", "薪资下限", "最低薪资")),
        ImportField("pay_max", number(), ("salary_max", "max_pay", "薪资上限", "最高薪资")),
        ImportField("currency", currency(), _CURRENCY_NAMES),
        ImportField("description", text(), ("jd", "job_description", "职位描述", "岗位职责",
                                             "职位详情"), empty=""),
        ImportField("skills", weighted_skills(), _SKILLS_NAMES, empty=[], ref="skills"),
        ImportField("hiring_manager", text(64), ("hiring_manager_username", "manager",
                                                 "用人经理", "招聘经理", "用人部门负责人"),
                    attr="hiring_manager_id", ref="user"),
    ),
)


def _candidate_build(values: Mapping[str, Any], existing: Any) -> dict[str, Any]:
    if "email" not in values:
        return {}
    return {"email_hash": email_hash(values["email"]) if values["email"] else None}


CANDIDATES = ImportSpec(
    kind="candidates", model=Candidate, key=("ref",), roles=RECRUITERS, build=_candidate_build,
    fields=(
        _str(Candidate, "ref", "candidate_ref", "candidate_id", "id", "候选人编号",
             "编号", required=True),
        ImportField("name", text(200), ("candidate_name", "候选人姓名", *_NAME), is_required=True,
                    is_personal=True),
        ImportField("email", email(), _EMAIL_NAMES, is_personal=True),
        ImportField("phone", phone(), _PHONE_NAMES, is_personal=True),
        _str(Candidate, "source", "channel", "来源", "渠道", "简历来源"),
        _str(Candidate, "city", "location", "城市", "所在城市", "所在地"),
        ImportField("years_experience", number(0.0, 70.0), (
            "experience", "years", "工作年限", "工作经验", "经验年限")),
        _str(Candidate, "education", "degree", "学历", "最高学历"),
        ImportField("resume_text", text(), ("resume", "cv", "简历", "简历内容", "简历文本"),
                    is_personal=True),
    ),
)

_SOURCES = {"resume": ("cv", "简历"), "self": ("self-assessment", "自评", "自我评估"),
            "manager": ("经理", "上级", "主管", "经理评估", "上级评估"),
            "check": ("assessment", "test", "测评", "考核", "测试"),
            "course": ("training", "课程", "培训")}

EMPLOYEE_SKILLS = ImportSpec(
    kind="employee_skills", model=SkillEvidence, roles=HR, actor_attr="recorded_by",
    key=("employee_id", "skill_slug", "source", "observed_on"),
    fields=(
        ImportField("employee_ref", text(64), (*_REF, "ref"), is_required=True,
                    attr="employee_id", ref="employee"),
        ImportField("skill", skill(), _SKILL_NAMES, is_required=True, attr="skill_slug",
                    ref="skill"),
        ImportField("source", choice(_SOURCES), ("evidence_source", "来源", "证据来源"),
                    is_required=True),
        ImportField("level", integer(*SKILL_LEVELS), ("skill_level", "等级", "水平", "技能等级"),
                    is_required=True),
        ImportField("observed_on", day(), ("date", "observed", "日期", "评估日期", "观察日期"),
                    is_required=True),
        ImportField("detail", text(), ("evidence", "note", "notes", "说明", "详情", "备注",
                                       "证据"), empty=""),
    ),
)

def _survey_check(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    low, mid, high = values.get("p25"), values.get("p50"), values.get("p75")
    if low is not None and mid is not None and low > mid:
        return [("p25", f"at most the median p50 {mid:g}")]
    if high is not None and mid is not None and high < mid:
        return [("p75", f"at least the median p50 {mid:g}")]
    return []


#: A salary survey's level: L1..L5 of the ladder, or empty for every level.
_LADDER = {f"L{n}": () for n in range(1, 6)}

SALARY_SURVEY = ImportSpec(
    kind="salary_survey", model=SalarySurvey, roles=HR, check=_survey_check,
    key=("source", "role_family", "level", "city", "effective_on"),
    fields=(
        _str(SalarySurvey, "source", "survey", "provider", "调研来源", "数据来源", "来源",
             "薪酬报告", required=True),
        _str(SalarySurvey, "role_family", *_ROLE_FAMILY, required=True),
        ImportField("level", choice(_LADDER), _LEVEL, empty=""),
        ImportField("city", text(_length(SalarySurvey, "city")), ("location", "城市", "地区"),
                    empty=""),
        ImportField("currency", currency(), _CURRENCY_NAMES, empty="CNY"),
        ImportField("p25", number(), ("25th", "percentile_25", "25分位", "25分位值", "下四分位")),
        ImportField("p50", number(), ("median", "50th", "percentile_50", "中位数", "中位值",
                                      "50分位", "50分位值"), is_required=True),
        ImportField("p75", number(), ("75th", "percentile_75", "75分位", "75分位值", "上四分位")),
        ImportField("effective_on", day(), ("effective_date", "survey_date", "date", "生效日期",
                                            "调研日期", "日期"), is_required=True),
    ),
)

_KINDS = {"book": ("书", "书籍", "图书"), "paper": ("article", "论文", "文章"),
          "course": ("training", "课程", "培训"), "mentor": ("mentoring", "导师", "带教"),
          "project": ("项目", "实践项目")}

LEARNING_RESOURCES = ImportSpec(
    kind="learning_resources", model=LearningResource, key=("ref",), roles=HR,
    fields=(
        _str(LearningResource, "ref", "resource_ref", "resource_id", "id", "资源编号",
             "编号", required=True),
        _str(LearningResource, "title", "name", "标题", "名称", "资源名称", required=True),
        ImportField("kind", choice(_KINDS), ("type", "类型", "资源类型"), is_required=True),
        ImportField("language", choice({"en": ("english", "英文", "英语"),
                                        "zh": ("chinese", "zh-cn", "中文", "汉语")}),
                    ("lang", "语言"), empty="en"),
        _str(LearningResource, "url", "link", "链接", "网址"),
        ImportField("skills", skills(), _SKILLS_NAMES, empty=[], ref="skills"),
        ImportField("level", integer(*SKILL_LEVELS), ("difficulty", "等级", "难度"), empty=1),
        ImportField("hours", number(0.0, 10_000.0), ("duration", "时长", "学时", "小时"),
                    empty=1.0),
        ImportField("is_internal", boolean(), ("internal", "内部", "是否内部"), empty=False),
    ),
)

#: Every importable resource by kind.
IMPORT_SPECS: Mapping[str, ImportSpec] = {spec.kind: spec for spec in (
    EMPLOYEES, PAY_BANDS, PAY, OPENINGS, CANDIDATES, EMPLOYEE_SKILLS, LEARNING_RESOURCES,
    SALARY_SURVEY)}
IMPORT_KINDS = tuple(IMPORT_SPECS)


def import_columns_markdown() -> str:
    """Every import kind's columns as Markdown (docs/imports.md embeds it; a test keeps them
    equal)."""
    parts = []
    for spec in IMPORT_SPECS.values():
        parts.append(f"### `{spec.kind}`\n\nKey: {', '.join(f'`{k}`' for k in spec.key)}. "
                     f"Who may import: {', '.join(sorted(spec.roles))}.\n\n"
                     "| column | required | also accepted as |\n|---|---|---|")
        for fld in spec.fields:
            aliases = ", ".join(fld.aliases) or "-"
            parts.append(f"| `{fld.name}` | {'yes' if fld.is_required else '-'} | {aliases} |")
        parts.append("")
    return "\n".join(parts)
