"""Build the weakly labelled role-family set from the development data (training time only).

There is no labelled role-family data set, so labels come from a transparent rule table over
job *titles* (``ROLE_RULES``): the first rule, in priority order, whose pattern matches the
normalised title gives the family. A title no rule matches is dropped, except when its source
labels it as clearly non-tech (an ESCO occupation outside ICT, a CSCO 2022 code outside ICT), in
which case it becomes ``other``. The sources and the exact rules are documented in
docs/model-card-role.md. Nothing here runs at import time, and none of this text is shipped.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from talentgraph.errors import TrainingDataError

__all__ = [
    "ROLE_FAMILIES",
    "ROLE_FAMILY_NAMES_ZH",
    "ROLE_RULES",
    "SEED_TITLES",
    "LabelledTitle",
    "hash_labelled_set",
    "label_title",
    "load_labelled_set",
    "normalise_title_key",
    "seed_examples",
    "split_labelled_set",
]

#: The role families, in the order used for the model's classes.
ROLE_FAMILIES: tuple[str, ...] = (
    "llm-algorithm-engineer",
    "ml-research-scientist",
    "cv-multimodal-engineer",
    "ml-engineer",
    "ai-infra-engineer",
    "ai-application-engineer",
    "prompt-engineer",
    "data-scientist",
    "data-analyst",
    "data-engineer",
    "ai-product-manager",
    "software-engineer",
    "other",
)

ROLE_FAMILY_NAMES_ZH: dict[str, str] = dict(
    zip(
        ROLE_FAMILIES,
        (
            "大模型算法工程师",
            "机器学习研究科学家",
            "计算机视觉/多模态工程师",
            "机器学习工程师",
            "AI基础设施工程师",
            "AI应用工程师",
            "提示词工程师",
            "数据科学家",
            "数据分析师",
            "数据工程师",
            "AI产品经理",
            "软件工程师",
            "其他",
        ),
        strict=True,
    )
)

# (family, regex) in priority order: the first match wins; "_drop" leaves the title unlabelled
# (managers of projects/programmes are not the family in their title). Titles are matched after
# normalise_title (NFKC, casefold, single spaces). Latin terms use \b word boundaries;
# Chinese terms have none.
_AI = r"(?:\bai\b|\bml\b|machine learning|artificial intelligence|\bllm|genai|generative ai|人工智能|大模型|算法|机器学习)"
ROLE_RULES: tuple[tuple[str, str], ...] = (
    ("prompt-engineer", r"prompt|提示词|提示工程"),
    ("_drop", r"program manager|project manager|governance|项目经理"),
    (
        "ai-product-manager",
        _AI + r".{0,20}(?:product manager|product owner|product lead|产品经理|产品负责人|产品专家)",
    ),
    ("ai-product-manager", r"(?:ai|aigc|人工智能|大模型|算法)产品"),
    (
        "llm-algorithm-engineer",
        r"\bllms?\b|large language model|大模型|大语言模型|语言模型|\bgpt|genai|generative ai|aigc|\bnlp\b|natural language|自然语言|对话系统",
    ),
    (
        "cv-multimodal-engineer",
        r"computer vision|machine vision|\bcv\b|vision (?:engineer|scientist|researcher)|image (?:processing|recognition|analysis) engineer|video (?:analytics|algorithm)|计算机视觉|机器视觉|视觉算法|视觉工程师|图像算法|图像处理|图像识别|视频算法|多模态|multimodal|\bocr\b|perception engineer|感知算法|三维重建",
    ),
    (
        "ai-infra-engineer",
        r"mlops|ml ?ops|(?:ml|machine learning|ai|deep learning) (?:infrastructure|infra|platform|systems?)|ai ?infra|推理(?:加速|优化|引擎|框架)|训练框架|分布式训练|异构计算|\bcuda\b|\bgpu\b|高性能计算|ai ?平台|机器学习平台|算法平台",
    ),
    (
        "ml-research-scientist",
        r"(?:machine learning|\bml|\bai|deep learning|artificial intelligence|algorithms?) (?:research )?(?:researcher|scientist|research)|research (?:scientist|engineer).{0,25}(?:machine learning|\bml\b|\bai\b|deep learning)|ai research|研究科学家|算法研究|(?:ai|人工智能|机器学习|深度学习|大模型)研究员",
    ),
    (
        "ml-research-scientist@aijobs",
        r"^(?:research (?:scientist|engineer)|applied scientist|research associate)$",
    ),
    (
        "ai-application-engineer",
        r"\bai (?:engineer|developer|specialist|architect)|artificial intelligence (?:engineer|developer)|ai agent|agent (?:developer|engineer)|智能体|agent开发|\brag\b|langchain|ai ?应用|aigc ?应用|应用算法",
    ),
    ("data-scientist", r"data scien|decision scien|数据科学|statistician|统计师|统计建模"),
    (
        "ml-engineer",
        r"machine learning|\bml\b|deep learning|算法|机器学习|深度学习|algorithm|推荐系统|speech (?:recognition|synthesis|scientist|engineer)|语音(?:算法|识别|合成)|\bai\b|人工智能",
    ),
    (
        "data-engineer",
        r"data engineer|analytics engineer|\betl\b|big data (?:engineer|developer)|hadoop|spark|data architect|data integration|data warehouse|data pipeline|data platform|data infrastructure|data developer|data modeler|数据工程|数据开发|数仓|数据仓库|大数据开发|\betl|数据平台|数据架构",
    ),
    (
        "data-analyst",
        r"data analy|analytics|business intelligence|\bbi\b|power ?bi|tableau|insights? analyst|reporting analyst|product analyst|marketing analyst|数据分析|数据挖掘|商业分析|商业智能|bi工程师|数据运营|业务分析",
    ),
    (
        "software-engineer",
        r"software (?:engineer|developer|development|programmer|architect)|developer|programmer|back ?end|front ?end|full ?stack|devops|site reliability|\bsre\b|web develop|\bjava\b|python develop|\bqa\b|test engineer|cloud engineer|platform engineer|\bios\b|android|embedded|软件(?:工程师|开发|测试)|开发工程师|前端|后端|全栈|测试工程师|测试开发|运维工程师|程序员|\bc\+\+|golang|java|php|嵌入式",
    ),
)

_COMPILED: tuple[tuple[str, re.Pattern[str]], ...] = ()

# Seniority and noise words removed to build the duplicate-grouping key.
_SENIORITY = re.compile(
    r"\b(?:senior|sr|junior|jr|lead|principal|staff|chief|head|intern|internship|associate|"
    r"i{1,3}|iv|entry level|mid level)\b|高级|资深|初级|中级|实习生?|校招|应届生?|专家|主管|负责人"
)
_PUNCT = re.compile(r"[^\w+#]+")
_CJK = re.compile(r"[\u3400-\u9fff]")

# CSCO 2022 code prefixes and ESCO ISCO groups that are ICT/data work: an unmatched title from
# these is dropped (unknown family), every other unmatched one is labelled ``other``.
_CSCO_TECH_PREFIXES = ("2-02-10", "2-02-38", "2-02-30-09", "4-04", "4-07-02-05", "2-06-02")
_ISCO_TECH_PREFIXES = ("25", "35", "2120", "1330", "2152", "2153", "2434")


@dataclass(frozen=True, slots=True)
class LabelledTitle:
    """One weakly labelled example: a title, an optional text, its family and provenance."""

    title: str
    text: str
    label: str
    language: str
    source: str
    rule: str  # the rule that fired ("family#index"), or "source:<why>" for ``other``


def normalise_title(title: str) -> str:
    """NFKC, casefold and single spaces: the form the rules match."""
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def normalise_title_key(title: str) -> str:
    """The duplicate-grouping key: the normalised title without seniority words or punctuation."""
    key = _SENIORITY.sub(" ", normalise_title(title))
    return " ".join(_PUNCT.sub(" ", key).split())


def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    global _COMPILED
    if not _COMPILED:
        _COMPILED = tuple((fam, re.compile(pat)) for fam, pat in ROLE_RULES)
    return _COMPILED


def label_title(title: str, *, source: str | None = None) -> tuple[str, str] | None:
    """The (family, rule id) of the first rule matching ``title``, or None.

    A rule named ``family@source`` applies only to titles from that source: generic titles such
    as "Research Scientist" mean an ML researcher on an AI job board, and not elsewhere.
    """
    norm = normalise_title(title)
    key = normalise_title_key(title)
    for index, (name, pattern) in enumerate(_compiled()):
        family, _, only = name.partition("@")
        if only and only != source:
            continue
        if pattern.search(key if only else norm):
            return None if family == "_drop" else (family, f"{family}#{index}")
    return None


def _language(title: str) -> str:
    return "zh" if _CJK.search(title) else "en"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _iter_raw(data_dir: Path) -> Iterator[tuple[str, str, str, str | None]]:
    """(title, text, source, non_tech_reason-or-None-or-"tech") over every source."""
    postings = data_dir / "postings"
    titles = data_dir / "titles"
    for row in _read_csv(postings / "aijobs_salaries_2020_2025.csv"):
        yield row["job_title"], "", "aijobs", None
    for path in sorted(glob.glob(str(postings / "linkedin_2018" / "*.csv"))):
        for row in _read_csv(Path(path)):
            yield row["title"], row["description"], "linkedin_2018", None
    for row in _read_csv(postings / "glassdoor_2020.csv"):
        yield row["Job Title"], row["Job Description"], "glassdoor_2020", None
    for row in _read_csv(postings / "lagou_data_analyst_2019.csv"):
        yield row["positionName"], "", "lagou_2019", None
    for row in _read_csv(titles / "csco_titles_dev.csv"):
        code = row["expected_code"]
        tech = code.startswith(_CSCO_TECH_PREFIXES)
        yield row["job_name"], "", "csco_titles_dev", "tech" if tech else f"csco:{code}"
    isco = {
        row["conceptUri"]: row["iscoGroup"]
        for row in _read_csv(data_dir / "taxonomies" / "esco" / "occupations_en.csv")
    }
    for row in _read_csv(titles / "jobbert_titles_validation.csv"):
        group = isco.get(row["conceptUri"], "")
        tech = not group or group.startswith(_ISCO_TECH_PREFIXES)
        yield row["vacancyTitle"], "", "jobbert_validation", "tech" if tech else f"isco:{group}"


def load_labelled_set(
    data_dir: Path, *, text_chars: int = 1000, max_other: int = 5000, seed: int = 0
) -> list[LabelledTitle]:
    """Weakly label every title in ``data_dir`` (the shared data layout); deduplicated.

    Duplicates are (normalised title, text) pairs: the aijobs table repeats a handful of titles
    tens of thousands of times, and keeping them would weigh the model towards those strings.
    """
    data_dir = Path(data_dir)
    if not (data_dir / "postings").is_dir() or not (data_dir / "titles").is_dir():
        raise TrainingDataError(
            f"The data directory must hold postings/ and titles/ (the shared data layout). "
            f"Got {str(data_dir)!r}, which does not. Pass --data-dir pointing at shared/data."
        )
    seen: set[tuple[str, str]] = set()
    out: list[LabelledTitle] = []
    for title, text, source, tech in _iter_raw(data_dir):
        title = (title or "").strip()
        if not title:
            continue
        text = " ".join((text or "").split())[:text_chars]
        key = (normalise_title(title), text)
        if key in seen:
            continue
        seen.add(key)
        hit = label_title(title, source=source)
        if hit is not None:
            label, rule = hit
        elif tech is not None and tech != "tech":
            label, rule = "other", f"source:{tech}"
        else:
            continue
        out.append(LabelledTitle(title, text, label, _language(title), source, rule))
    others = [i for i, r in enumerate(out) if r.label == "other"]
    if len(others) > max_other:  # keep the set balanced enough: a seeded sample of ``other``
        rng = np.random.default_rng(seed)
        dropped = set(rng.choice(others, size=len(others) - max_other, replace=False).tolist())
        out = [r for i, r in enumerate(out) if i not in dropped]
    return out


def split_labelled_set(
    rows: list[LabelledTitle], *, seed: int = 0, test_size: float = 0.2
) -> tuple[list[LabelledTitle], list[LabelledTitle]]:
    """Split by duplicate group (normalise_title_key) so no title key is in both splits."""
    groups = sorted({normalise_title_key(r.title) for r in rows})
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(groups))
    n_test = round(len(groups) * test_size)
    test_keys = {groups[i] for i in order[:n_test]}
    train = [r for r in rows if normalise_title_key(r.title) not in test_keys]
    test = [r for r in rows if normalise_title_key(r.title) in test_keys]
    return train, test


def hash_labelled_set(rows: list[LabelledTitle]) -> str:
    """A sha256 of the labelled rows (title, text, label): identifies the training data."""
    digest = hashlib.sha256()
    for r in rows:
        digest.update(f"{r.title}\x1f{r.text}\x1f{r.label}\x1e".encode())
    return digest.hexdigest()


# Self-written seed titles (this project's own text, not from any data set) for the families the
# public data barely covers (LLM, AI infra, AI product, prompt, AI application roles; Chinese
# titles). They are added to the TRAINING split only, with seniority variants; test metrics are
# computed on real titles alone.
SEED_TITLES: dict[str, tuple[str, ...]] = {
    "llm-algorithm-engineer": (
        "LLM Engineer",
        "LLM Algorithm Engineer",
        "Large Language Model Engineer",
        "NLP Engineer",
        "NLP Scientist",
        "LLM Pretraining Engineer",
        "LLM Fine-tuning Engineer",
        "Generative AI Engineer",
        "GenAI Algorithm Engineer",
        "RLHF Engineer",
        "大模型算法工程师",
        "大模型训练工程师",
        "大语言模型算法工程师",
        "NLP算法工程师",
        "自然语言处理算法工程师",
        "大模型预训练工程师",
        "大模型微调算法工程师",
        "LLM算法工程师",
        "对话系统算法工程师",
        "AIGC算法工程师",
        "大模型对齐算法工程师",
    ),
    "ml-research-scientist": (
        "Research Scientist, Machine Learning",
        "AI Research Scientist",
        "Machine Learning Researcher",
        "Deep Learning Researcher",
        "Applied Scientist",
        "Research Scientist",
        "机器学习研究员",
        "人工智能研究员",
        "算法研究员",
        "深度学习研究科学家",
        "AI研究科学家",
        "算法研究科学家",
        "机器学习科学家",
    ),
    "cv-multimodal-engineer": (
        "Computer Vision Engineer",
        "Multimodal Engineer",
        "Vision Algorithm Engineer",
        "Perception Engineer",
        "OCR Engineer",
        "Image Recognition Engineer",
        "计算机视觉算法工程师",
        "视觉算法工程师",
        "图像算法工程师",
        "多模态算法工程师",
        "CV算法工程师",
        "视频算法工程师",
        "自动驾驶感知算法工程师",
        "OCR算法工程师",
    ),
    "ml-engineer": (
        "Machine Learning Engineer",
        "ML Engineer",
        "Deep Learning Engineer",
        "Recommendation Algorithm Engineer",
        "Speech Recognition Engineer",
        "机器学习工程师",
        "算法工程师",
        "推荐算法工程师",
        "搜索算法工程师",
        "深度学习工程师",
        "语音算法工程师",
        "广告算法工程师",
        "风控算法工程师",
    ),
    "ai-infra-engineer": (
        "MLOps Engineer",
        "ML Infrastructure Engineer",
        "AI Infrastructure Engineer",
        "ML Platform Engineer",
        "LLM Inference Engineer",
        "GPU Performance Engineer",
        "Distributed Training Engineer",
        "AI Systems Engineer",
        "CUDA Engineer",
        "AI Infra工程师",
        "大模型推理加速工程师",
        "推理优化工程师",
        "分布式训练工程师",
        "机器学习平台工程师",
        "AI平台开发工程师",
        "GPU高性能计算工程师",
        "训练框架研发工程师",
        "异构计算工程师",
        "AI基础设施工程师",
    ),
    "ai-application-engineer": (
        "AI Engineer",
        "AI Application Engineer",
        "AI Agent Developer",
        "LLM Application Developer",
        "RAG Engineer",
        "AI Solutions Engineer",
        "AI Developer",
        "AI应用工程师",
        "大模型应用开发工程师",
        "AI Agent开发工程师",
        "智能体开发工程师",
        "AIGC应用开发工程师",
        "RAG应用工程师",
        "AI应用开发",
        "LangChain开发工程师",
    ),
    "prompt-engineer": (
        "Prompt Engineer",
        "AI Prompt Engineer",
        "Prompt Engineering Specialist",
        "LLM Prompt Designer",
        "提示词工程师",
        "Prompt工程师",
        "AI提示词工程师",
        "提示工程师",
        "大模型提示词工程师",
        "Prompt设计师",
    ),
    "data-scientist": (
        "Data Scientist",
        "Decision Scientist",
        "数据科学家",
        "数据挖掘工程师",
        "数据科学工程师",
        "数据挖掘专家",
        "统计建模工程师",
    ),
    "data-analyst": (
        "Data Analyst",
        "Business Intelligence Analyst",
        "BI Analyst",
        "数据分析师",
        "商业分析师",
        "BI工程师",
        "数据运营分析师",
    ),
    "data-engineer": (
        "Data Engineer",
        "ETL Developer",
        "Big Data Engineer",
        "数据工程师",
        "大数据开发工程师",
        "数据仓库工程师",
        "数仓开发工程师",
        "ETL工程师",
        "数据平台开发工程师",
        "实时计算开发工程师",
    ),
    "ai-product-manager": (
        "AI Product Manager",
        "Machine Learning Product Manager",
        "LLM Product Manager",
        "GenAI Product Owner",
        "AI产品经理",
        "大模型产品经理",
        "人工智能产品经理",
        "AIGC产品经理",
        "算法产品经理",
        "AI产品负责人",
    ),
    "software-engineer": (
        "Software Engineer",
        "Backend Engineer",
        "Frontend Developer",
        "Full Stack Engineer",
        "Java开发工程师",
        "后端开发工程师",
        "前端开发工程师",
        "软件工程师",
        "Go开发工程师",
        "测试开发工程师",
        "运维工程师",
        "C++开发工程师",
        "iOS开发工程师",
        "Android开发工程师",
    ),
}
_SEED_PREFIXES_EN = ("", "Senior ", "Junior ", "Lead ", "Staff ")
_SEED_PREFIXES_ZH = ("", "高级", "资深", "初级", "")
_SEED_SUFFIXES_ZH = ("", "", "", "", "（实习）")


def seed_examples() -> list[LabelledTitle]:
    """The self-written seed titles with seniority variants, as training examples."""
    out: list[LabelledTitle] = []
    for family, titles in SEED_TITLES.items():
        for title in titles:
            zh = bool(_CJK.search(title))
            pre = _SEED_PREFIXES_ZH if zh else _SEED_PREFIXES_EN
            suf = _SEED_SUFFIXES_ZH if zh else ("",) * len(pre)
            for p, q in dict.fromkeys(zip(pre, suf, strict=True)):
                t = f"{p}{title}{q}"
                out.append(LabelledTitle(t, "", family, _language(t), "seed", f"seed:{family}"))
    return out
