"""Fixtures for talentgraph.text tests: the committed files and DOCX/XLSX built on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

FILES = Path(__file__).resolve().parents[1] / "data" / "files"


@pytest.fixture
def files() -> Path:
    """The folder of committed input fixtures."""
    return FILES


@pytest.fixture
def docx_path(tmp_path: Path) -> Path:
    """A resume DOCX with a heading, a paragraph and a table (one merged cell)."""
    import docx

    document = docx.Document()
    document.add_paragraph("王五 机器学习工程师")
    document.add_paragraph("工作经历")
    document.add_paragraph("2021-2024 某公司 负责推荐模型")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "专业技能"
    table.cell(0, 1).text = "Python、Spark"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "英语六级"
    path = tmp_path / "resume.docx"
    document.save(path)
    return path


@pytest.fixture
def xlsx_path(tmp_path: Path) -> Path:
    """A postings workbook: header row, two good rows, one row with a numeric text cell."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "title", "text", "salary"])
    sheet.append(["x1", "算法工程师", "熟悉PyTorch", "30k"])
    sheet.append([None, None, None, None])  # a blank row is skipped
    sheet.append([7, "Data Scientist", "Python and SQL", None])
    sheet.append(["x3", "Bad", 12345, None])
    path = tmp_path / "postings.xlsx"
    workbook.save(path)
    return path
