"""parse_posting_date: every documented form, the ambiguity rules, and garbage giving None."""

from __future__ import annotations

import datetime as dt

import pytest

from talentgraph.text import parse_posting_date

REF = dt.date(2024, 3, 10)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("2024/3/1", dt.date(2024, 3, 1)),
        ("2024.3.1", dt.date(2024, 3, 1)),
        ("20240301", dt.date(2024, 3, 1)),
        ("2024年3月1日", dt.date(2024, 3, 1)),
        ("２０２４年３月１号 10:30", dt.date(2024, 3, 1)),  # full-width digits
        ("2024-03-01 10:00:00", dt.date(2024, 3, 1)),
        ("2024-03-01T23:30:00-05:00", dt.date(2024, 3, 1)),  # as written, not shifted to UTC
        ("2024-03-01T00:30:00Z", dt.date(2024, 3, 1)),
        ("Mar 1, 2024", dt.date(2024, 3, 1)),
        ("March 1st 2024", dt.date(2024, 3, 1)),
        ("1 March 2024", dt.date(2024, 3, 1)),
        ("01-Mar-24", dt.date(2024, 3, 1)),
        ("Fri, 01 Mar 2024 10:00:00 GMT", dt.date(2024, 3, 1)),
        ("Sept 9, 2023", dt.date(2023, 9, 9)),
        ("Posted on 2024-03-01", dt.date(2024, 3, 1)),
        ("发布于2024-03-01", dt.date(2024, 3, 1)),
        ("2024-03", dt.date(2024, 3, 1)),
        ("2024年3月", dt.date(2024, 3, 1)),
        ("March 2024", dt.date(2024, 3, 1)),
        ("2024", dt.date(2024, 7, 1)),
        (2024, dt.date(2024, 7, 1)),
        (2024.0, dt.date(2024, 7, 1)),
        (20240301, dt.date(2024, 3, 1)),
        (45352, dt.date(2024, 3, 1)),  # Excel serial
        (45352.75, dt.date(2024, 3, 1)),  # serial with a time of day
        ("45352", dt.date(2024, 3, 1)),
        (1709251200, dt.date(2024, 3, 1)),  # Unix seconds, 2024-03-01T00:00Z
        (1709251200000, dt.date(2024, 3, 1)),  # Unix milliseconds
        (dt.datetime(2024, 3, 1, 18, 5), dt.date(2024, 3, 1)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
    ],
)
def test_absolute_dates(raw: object, expected: dt.date) -> None:
    assert parse_posting_date(raw) == expected
    assert parse_posting_date(raw, reference=REF) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13/03/2024", dt.date(2024, 3, 13)),  # first part > 12: day/month
        ("03/13/2024", dt.date(2024, 3, 13)),  # second part > 12: month/day
        ("01/03/2024", dt.date(2024, 1, 3)),  # both <= 12: US month/day
        ("01.03.2024", dt.date(2024, 1, 3)),  # the same rule whatever the separator
        ("3/1/24", dt.date(2024, 3, 1)),
        ("3/1/99", dt.date(1999, 3, 1)),
    ],
)
def test_year_last_dates_follow_the_documented_rule(raw: str, expected: dt.date) -> None:
    assert parse_posting_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("today", REF),
        ("Just posted", REF),
        ("2 hours ago", REF),
        ("yesterday", dt.date(2024, 3, 9)),
        ("3 days ago", dt.date(2024, 3, 7)),
        ("30+ days ago", dt.date(2024, 2, 9)),
        ("Posted 30+ days ago", dt.date(2024, 2, 9)),
        ("a week ago", dt.date(2024, 3, 3)),
        ("2 weeks ago", dt.date(2024, 2, 25)),
        ("1 month ago", dt.date(2024, 2, 9)),
        ("3天前", dt.date(2024, 3, 7)),
        ("昨天", dt.date(2024, 3, 9)),
        ("前天", dt.date(2024, 3, 8)),
        ("刚刚", REF),
        ("5小时前", REF),
        ("2周前", dt.date(2024, 2, 25)),
        ("3月1日", dt.date(2024, 3, 1)),
        ("12月30日", dt.date(2023, 12, 30)),  # after the reference: last year's
        ("Mar 5", dt.date(2024, 3, 5)),
        ("5 March", dt.date(2024, 3, 5)),
    ],
)
def test_relative_and_yearless_dates_need_a_reference(raw: str, expected: dt.date) -> None:
    assert parse_posting_date(raw, reference=REF) == expected
    assert parse_posting_date(raw) is None


@pytest.mark.parametrize(
    "raw",
    [None, "", "   ", "garbage", "N/A", "-1", "0", "2024-02-30", "13/13/2024", "9999-01-01",
     "1850", "marketing 1 2024", "Foo 3, 2024", True, float("nan"), float("inf"), -45352,
     12.5, [2024], {"date": "2024-03-01"}, b"2024-03-01", "99 days", "3月40日"],
)
def test_garbage_gives_none_never_an_exception(raw: object) -> None:
    assert parse_posting_date(raw, reference=REF) is None
