"""Recognise which column of a postings table holds each posting field, in Chinese and English.

Names are compared by a key that ignores case, width (NFKC), spaces, underscores, hyphens and
dots, so ``Job Title``, ``job_title`` and ``JOBTITLE`` are one name. For each field the aliases in
``POSTING_COLUMN_ALIASES`` are tried in order and the first one present wins; a column serves one
field only, and a column spelt exactly like one field's alias is kept for that field (lagou's
``workYear`` is experience, a salary survey's ``work_year`` a date). ``text`` is the exception: every column matching a text alias is used, in file order,
and their values are joined (a Chinese export often splits 职位描述 and 任职要求). When no text
column exists, a skill-tag column (``TEXT_FALLBACK_ALIASES``, e.g. lagou's ``skillLables``) is
used as the text so skills can still be counted.

``--map FIELD=COLUMN`` overrides win over recognition; ``--map text=A+B`` maps several columns
(when ``A+B`` is not itself a column) and ``--map salary=`` (empty) leaves a field unmapped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

from talentgraph.domain import POSTING_FIELDS
from talentgraph.errors import MissingColumnError, ParameterError

__all__ = ["POSTING_COLUMN_ALIASES", "TEXT_FALLBACK_ALIASES", "recognise_columns"]

#: Column names recognised for each posting field, best first (compared by a normalised key).
POSTING_COLUMN_ALIASES: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "job_id", "posting_id", "positionId", "jobId", "编号", "职位编号", "岗位编号"),
    "title": ("title", "job_title", "positionName", "jobName", "position_title", "position",
              "职位名称", "职位", "岗位名称", "岗位", "招聘职位"),
    "text": ("description", "job_description", "jd", "text", "job_desc", "body", "details",
             "职位描述", "岗位描述", "岗位职责", "工作职责", "工作内容", "职位详情", "任职要求",
             "任职资格", "岗位要求", "职位要求"),
    # salary_in_usd first: a posting has no currency field, so a column that states it is safer
    "salary": ("salary_in_usd", "salary", "salary_estimate", "pay", "salary_range",
               "compensation", "薪资", "薪水", "月薪", "工资", "薪酬", "薪资待遇"),
    "city": ("city", "location", "job_location", "城市", "工作地点", "地点", "工作城市"),
    "date": ("date", "posted", "date_posted", "posted_at", "posted_date", "post_date",
             "publish_date", "published", "published_at", "created_at", "createTime",
             "发布日期", "发布时间", "更新日期", "日期", "work_year", "year", "年份"),
    "company": ("company", "company_name", "employer", "companyFullName", "companyName",
                "公司", "公司名称", "企业名称", "招聘单位", "companyShortName", "公司简称"),
    "experience": ("experience", "years_of_experience", "experience_required", "workYear",
                   "经验", "工作经验", "经验要求", "工作年限"),
    "education": ("education", "education_level", "degree", "学历", "学历要求"),
    "seniority": ("seniority", "seniority_level", "experience_level", "job_level", "level",
                  "级别", "职级"),
}
#: Used as the text only when no text column exists: skill tags are better than nothing.
TEXT_FALLBACK_ALIASES = ("skillLables", "skillLabels", "skill_tags", "skills", "技能标签", "技能")


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "_-.")


def _shown(header: Sequence[str]) -> str:
    return ", ".join(repr(name) for name in header if name) or "none"


def _resolve(column: str, header: Sequence[str]) -> str | None:
    """The header column a user named: exact, else the one column with the same key."""
    if column in header:
        return column
    matches = [name for name in header if name and _key(name) == _key(column)]
    return matches[0] if len(matches) == 1 else None


def _apply_overrides(
    overrides: Mapping[str, str], header: Sequence[str], source: str
) -> dict[str, tuple[str, ...]]:
    mapped: dict[str, tuple[str, ...]] = {}
    for field, column in overrides.items():
        if field not in POSTING_FIELDS:
            raise ParameterError(
                f"--map {field}={column}: {field!r} is not a posting field. Expected one of: "
                f"{', '.join(POSTING_FIELDS)}. Columns found in {source}: {_shown(header)}."
            )
        column = column.strip()
        if not column:
            mapped[field] = ()  # explicitly unmapped
            continue
        single = _resolve(column, header)
        parts = [single] if single else [_resolve(part.strip(), header) for part in column.split("+")]
        if not parts or any(part is None for part in parts):
            raise ParameterError(
                f"--map {field}={column}: {source} has no column {column!r} for the field "
                f"{field!r}. Columns found: {_shown(header)}. Name one of them (join several "
                f"with '+', e.g. --map text=职位描述+任职要求).",
                details=[f"column found: {name}" for name in header if name],
            )
        mapped[field] = tuple(part for part in parts if part is not None)
    return mapped


def recognise_columns(
    header: Sequence[str], *, overrides: Mapping[str, str] | None = None, source: str
) -> dict[str, tuple[str, ...]]:
    """Map posting fields (POSTING_FIELDS) to the header's columns: ``{field: (column, ...)}``.

    Only mapped fields appear; ``text`` may map to several columns (joined in file order by the
    reader), every other field to one. ``overrides`` ({field: column}, from ``--map``) win; an
    unknown field or a column not in the header raises ParameterError naming both and listing the
    columns found. ``source`` names the file in messages. Raises MissingColumnError when neither
    a title nor a text column is found, listing the columns and suggesting ``--map``.
    """
    mapped = _apply_overrides(overrides or {}, header, source)
    used = {column for columns in mapped.values() for column in columns}
    # a column spelt exactly like an alias is kept for that alias's field: lagou's workYear is
    # experience, the salary survey's work_year is a date, though both have the key "workyear"
    reserved = {alias: field for field, aliases in POSTING_COLUMN_ALIASES.items()
                for alias in aliases if alias in header}

    def free(name: str, field: str) -> bool:
        return bool(name) and name not in used and reserved.get(name, field) == field

    for field in POSTING_FIELDS:
        if field in mapped:
            continue
        keys = [_key(alias) for alias in POSTING_COLUMN_ALIASES[field]]
        if field == "text":
            found = [name for name in header if free(name, field) and _key(name) in keys]
            if not found:
                fallback = [_key(alias) for alias in TEXT_FALLBACK_ALIASES]
                found = [name for key in fallback for name in header
                         if free(name, field) and _key(name) == key][:1]
            if found:
                mapped[field] = tuple(dict.fromkeys(found))
                used.update(found)
            continue
        for key in keys:
            name = next((n for n in header if free(n, field) and _key(n) == key), None)
            if name is not None:
                mapped[field] = (name,)
                used.add(name)
                break
    result = {field: columns for field, columns in mapped.items() if columns}
    if "title" not in result and "text" not in result:
        raise MissingColumnError(
            f"{source} has no column for the posting title or text. Columns found: "
            f"{_shown(header)}. Expected e.g. title, job_title, 职位名称 (title) or description, "
            f"职位描述 (text). Name the columns with --map title=COLUMN and/or --map text=COLUMN.",
            details=[f"column found: {name}" for name in header if name],
        )
    return {field: result[field] for field in POSTING_FIELDS if field in result}
