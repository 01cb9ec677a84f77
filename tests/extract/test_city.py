"""extract_city: Chinese cities, world tech hubs, cues, titles and false hits."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from talentgraph.extract._city import extract_city, load_cities


@pytest.mark.parametrize(
    ("text", "title", "city"),
    [
        ("工作地点：北京市海淀区", None, "北京"),
        ("北京", None, "北京"),
        ("北京-朝阳区", None, "北京"),
        ("海淀区中关村软件园", None, "北京"),
        ("上海市浦东新区张江高科", None, "上海"),
        ("Beijing, China", None, "北京"),
        ("Location: Shanghai", None, "上海"),
        ("Base: Shenzhen", None, "深圳"),
        ("base杭州，双休", None, "杭州"),
        ("Chengdu, Sichuan", None, "成都"),
        ("", "数据分析师-杭州", "杭州"),
        ("负责数据平台建设", "算法工程师（广州）", "广州"),
        ("熟悉阿里巴巴中间件。工作地点：杭州", None, "杭州"),
        ("我们的办公室在上海口岸附近", None, "上海"),
        ("公司位于苏州工业园区", None, "苏州"),
        ("工作地点：中山市", None, "中山"),
        ("上班地点：大同", None, "大同"),
        ("Location: San Francisco, CA", None, "San Francisco"),
        ("We are based in SF, near the Caltrain", None, "San Francisco"),
        ("The office is in New York City", None, "New York"),
        ("Data Scientist - London", None, "London"),
        ("Bengaluru, India", None, "Bangalore"),
        ("Location: Reading, UK", None, "Reading"),
        ("香港", None, "Hong Kong"),
        ("台北", None, "Taipei"),
        ("Mountain View, CA", None, "Mountain View"),
        ("Location: Albuquerque, NM", None, "Albuquerque"),
    ],
)
def test_city(text: str, title: str | None, city: str) -> None:
    assert extract_city(text, title=title) == city


@pytest.mark.parametrize(
    "text",
    [
        "毕业于中山大学计算机系",
        "熟悉阿里巴巴技术栈",
        "世界大同",
        "Reading comprehension skills are needed",
        "Nice to have: Spark",
        "We are a team of 20.",
        "远程",
        "",
    ],
)
def test_no_city(text: str) -> None:
    assert extract_city(text) is None


def test_location_cue_beats_earlier_mentions() -> None:
    text = "我们在北京、上海都有团队。\n工作地点：深圳南山区"
    assert extract_city(text) == "深圳"


def test_cue_beats_title() -> None:
    assert extract_city("Location: Seattle, WA", title="Data Scientist (Boston)") == "Seattle"


def test_shipped_table_covers_prefecture_cities() -> None:
    data = json.loads(
        resources.files("talentgraph.extract.data").joinpath("cities.json").read_text("utf-8"))
    names = {city["name"] for city in data["china"]}
    assert {"北京", "上海", "天津", "重庆", "深圳", "苏州", "大理"} <= names
    assert len(names) > 300
    assert all(not name.endswith("市") for name in names)
    assert load_cities() is load_cities()  # loaded once
