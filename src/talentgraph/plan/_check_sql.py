"""Check family ``sql-query``: questions on a small random table, answered by running the
reference SQL in an in-memory SQLite database."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass

from talentgraph.plan._check_base import (
    CheckFamily,
    Draw,
    Exercise,
    Item,
    Question,
    choices_from,
    key_of,
    markdown_table,
)

__all__ = ["SQL_FAMILY"]

_DEPARTMENTS = (("AI Lab", "AI 实验室"), ("Data", "数据部"), ("Platform", "平台部"),
                ("Product", "产品部"), ("Sales", "销售部"))
_NAMES = ("Li Wei", "Wang Fang", "Zhang Min", "Liu Yang", "Chen Jing", "Yang Lei", "Zhao Qiang",
          "Huang Li", "Zhou Tao", "Wu Xia", "Xu Ming", "Sun Hui", "Ma Lin", "Zhu Yan", "Hu Jun",
          "Guo Ping")
_QUARTERS = ("Q1", "Q2", "Q3", "Q4")


@dataclass(frozen=True, slots=True)
class _Tables:
    employees: list[tuple[int, str, str, int, int]]  # id, name, department, salary, hired_year
    sales: list[tuple[int, str, int]]  # employee_id, quarter, amount
    departments: list[str]

    def script(self, *, with_sales: bool) -> str:
        """The SQL that creates and fills the tables."""
        rows = ",\n  ".join(f"({i}, '{n}', '{d}', {s}, {y})" for i, n, d, s, y in self.employees)
        sql = ("CREATE TABLE employees (id INTEGER PRIMARY KEY, name TEXT, department TEXT,\n"
               "  salary INTEGER, hired_year INTEGER);\n"
               f"INSERT INTO employees VALUES\n  {rows};")
        if with_sales:
            sales = ",\n  ".join(f"({e}, '{q}', {a})" for e, q, a in self.sales)
            sql += ("\nCREATE TABLE sales (employee_id INTEGER REFERENCES employees(id),\n"
                    f"  quarter TEXT, amount INTEGER);\nINSERT INTO sales VALUES\n  {sales};")
        return sql


def _draw_tables(draw: Draw) -> _Tables:
    departments = [d for d, _ in draw.sample(_DEPARTMENTS, draw.integer(3, 4))]
    count = draw.integer(8, 12)
    names = draw.sample(_NAMES, count)
    staff = departments * 2 + [draw.choice(departments) for _ in range(count - 2 * len(departments))]
    staff = draw.shuffled(staff)
    employees = [(i + 1, names[i], staff[i], 500 * draw.integer(24, 120), draw.integer(2012, 2024))
                 for i in range(count)]
    sales = [(e, q, 100 * draw.integer(5, 200)) for e in range(1, count + 1)
             for q in draw.sample(_QUARTERS, draw.integer(1, 2))]
    return _Tables(employees, sales, departments)


def _run(tables: _Tables, queries: list[str]) -> list[float | str | None]:
    """The single value each query returns."""
    with closing(sqlite3.connect(":memory:")) as db:
        db.executescript(tables.script(with_sales=True))
        return [db.execute(q).fetchone()[0] for q in queries]


def _department_averages(tables: _Tables) -> dict[str, float]:
    by_dept: dict[str, list[int]] = {}
    for _, _, dept, salary, _ in tables.employees:
        by_dept.setdefault(dept, []).append(salary)
    return {d: sum(v) / len(v) for d, v in by_dept.items()}


def _draw_usable(draw: Draw) -> tuple[_Tables, dict[str, float]]:
    """Tables where the best-paid department is clear (no tie)."""
    for _ in range(500):
        tables = _draw_tables(draw)
        averages = sorted(_department_averages(tables).values(), reverse=True)
        if averages[0] - averages[1] >= 1:
            return tables, _department_averages(tables)
    raise RuntimeError("no usable table drawn")  # pragma: no cover


def _zh(dept: str) -> str:
    return f"'{dept}'（{dict(_DEPARTMENTS)[dept]}）"


def build_sql(draw: Draw, level: int) -> Exercise:
    """Average, filtered count and GROUP BY questions; level 3 adds a JOIN and a HAVING."""
    tables, averages = _draw_usable(draw)
    dept = draw.choice(tables.departments)
    salaries = sorted(s for _, _, _, s, _ in tables.employees)
    floor, year = draw.choice(salaries[2:-2]), draw.integer(2015, 2023)
    top = choices_from(draw, [(d, dict(_DEPARTMENTS)[d]) for d in tables.departments])
    queries = [
        f"SELECT AVG(salary) FROM employees WHERE department = '{dept}'",
        f"SELECT COUNT(*) FROM employees WHERE salary >= {floor} AND hired_year < {year}",
        "SELECT department FROM employees GROUP BY department ORDER BY AVG(salary) DESC LIMIT 1",
    ]
    labels = [
        (f"The average salary in department '{dept}' (to 2 decimal places)",
         f"部门 {_zh(dept)}的平均工资（保留 2 位小数）"),
        (f"How many employees earn at least {floor} and were hired before {year}?",
         f"工资不低于 {floor} 且入职年份早于 {year} 的员工有多少人？"),
        ("Which department has the highest average salary?", "哪个部门的平均工资最高？"),
    ]
    if level >= 3:
        quarter = draw.choice(_QUARTERS)
        means = sorted(averages.values())
        split = draw.integer(0, len(means) - 2)
        bar = int((means[split] + means[split + 1]) // 2)
        queries += [
            "SELECT COALESCE(SUM(s.amount), 0) FROM sales s JOIN employees e ON e.id = s.employee_id"
            f" WHERE e.department = '{dept}' AND s.quarter = '{quarter}'",
            "SELECT COUNT(*) FROM (SELECT department FROM employees GROUP BY department"
            f" HAVING AVG(salary) > {bar})",
        ]
        labels += [
            (f"The total sales amount in {quarter} of the employees of department '{dept}'",
             f"部门 {_zh(dept)}的员工在 {quarter} 的销售总额"),
            (f"How many departments have an average salary above {bar}?",
             f"平均工资高于 {bar} 的部门有几个？"),
        ]
    results = _run(tables, queries)
    items = []
    for n, ((en, zh), query, value) in enumerate(zip(labels, queries, results, strict=True)):
        if n == 2:
            items.append(Item(Question("top_department", en, zh, kind="choice", choices=top),
                              key_of(top, str(value)), query, query))
            continue
        key = ("avg_salary", "count", "", "join_total", "having_count")[n]
        tol = {"abs_tol": 0.01} if n == 0 else {"abs_tol": 0.5}
        items.append(Item(Question(key, en, zh, **tol), float(value or 0), query, query))
    with_sales = level >= 3
    table_en = markdown_table(("id", "name", "department", "salary", "hired_year"),
                              tables.employees)
    sales_md = markdown_table(("employee_id", "quarter", "amount"), tables.sales)
    sales_en = f"\n\nTable `sales`:\n\n{sales_md}" if with_sales else ""
    sales_zh = f"\n\n表 `sales`：\n\n{sales_md}" if with_sales else ""
    script = f"```sql\n{tables.script(with_sales=with_sales)}\n```"
    en = ("Table `employees` (salary is monthly, in CNY):\n\n" + table_en + sales_en +
          "\n\nThe same data as SQL, to paste into any SQL database (SQLite, PostgreSQL, MySQL):\n\n"
          + script + "\n\nWrite a query for each question and enter the number it returns.")
    zh = ("表 `employees`（salary 为月薪，单位：元）：\n\n" + table_en + sales_zh +
          "\n\n以下是同样数据的 SQL，可粘贴到任意 SQL 数据库（SQLite、PostgreSQL、MySQL）中执行：\n\n"
          + script + "\n\n请为每个问题写一条查询，并填写查询得到的结果。")
    return Exercise(en, zh, tuple(items))


SQL_FAMILY = CheckFamily(
    name="sql-query",
    title_en="SQL on a small table",
    title_zh="在小表上写 SQL 查询",
    skills={"sql": 2, "sql-reporting": 2, "sqlite": 2},
    build=build_sql,
)
