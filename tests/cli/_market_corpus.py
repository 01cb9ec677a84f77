"""A small zh/en corpus of postings for the market command's tests: two periods, skills that
rise, an exact repost, a near duplicate, a row with nothing to read and an unparseable salary."""

from __future__ import annotations

import csv
import json
from pathlib import Path

_ZH_REQS = [
    "熟练掌握Python和PyTorch，有大模型微调经验",
    "熟悉检索增强生成（RAG）和向量数据库",
    "熟悉vLLM推理加速和模型量化",
    "熟悉分布式训练框架DeepSpeed或Megatron",
    "熟练使用SQL和Excel进行数据分析",
    "良好的沟通能力和团队合作精神",
]
_EN_REQS = [
    "Strong Python and PyTorch skills; experience fine-tuning large language models.",
    "Experience with retrieval-augmented generation and vector databases.",
    "Knowledge of Kubernetes and Docker for model serving.",
    "Solid SQL and data visualisation with Tableau.",
    "Excellent communication skills and teamwork.",
]


def _zh_rows() -> list[dict[str, str]]:
    rows = []
    for i in range(24):
        quarter_month = 2 if i < 12 else 8
        reqs = [_ZH_REQS[i % 6], _ZH_REQS[(i + 1) % 6]]
        if i >= 12:
            reqs.append("熟悉智能体（Agent）开发与工具调用")
        text = (f"岗位职责：\n1. 负责第{i}号业务线的模型研发与落地；\n任职要求：\n"
                + "\n".join(f"{k + 2}. {r}；" for k, r in enumerate(reqs))
                + f"\n{i}年以上相关工作经验，硕士及以上学历。")
        rows.append({"职位名称": "大模型算法工程师" if i % 2 else "数据分析师",
                     "职位描述": text, "薪资": f"{20 + i}-{40 + i}K·14薪",
                     "城市": "北京" if i % 3 else "上海",
                     "发布日期": f"2025/{quarter_month}/{i % 27 + 1}",
                     "公司": f"示例科技{i}"})
    # an exact repost (whitespace and case differ) and a near duplicate (one sentence changed)
    rows.append(dict(rows[3], 职位描述=rows[3]["职位描述"].replace("\n", "\n  "), 公司="示例科技3"))
    rows.append(dict(rows[5], 职位描述=rows[5]["职位描述"] + "\n欢迎投递。"))
    # a long ad and the same ad reposted with its last sentence changed: a near duplicate
    # (short descriptions are never compared for near duplicates)
    long_ad = ("岗位职责：\n1. 负责公司大模型推理服务的架构设计与性能优化，降低延迟与成本；\n"
               "2. 基于vLLM与TensorRT-LLM搭建高并发推理平台，支持多租户与弹性扩缩容；\n"
               "3. 研究量化、KV Cache复用与投机解码等技术并推动在生产环境落地；\n"
               "4. 建设推理服务的监控、压测与容量规划体系，保障线上稳定性；\n"
               "任职要求：\n1. 计算机相关专业本科及以上学历，三年以上后端或系统开发经验；\n"
               "2. 熟练掌握C++与Python，熟悉CUDA编程与GPU体系结构；\n"
               "3. 熟悉Kubernetes与Docker，有大规模分布式系统经验者优先；\n"
               "4. 良好的沟通能力与团队合作精神，能在快节奏环境中独立解决问题。")
    rows.append({"职位名称": "AI推理平台工程师", "职位描述": long_ad, "薪资": "40-70K·16薪",
                 "城市": "杭州", "发布日期": "2025/8/20", "公司": "示例智能"})
    rows.append({"职位名称": "AI推理平台工程师", "职位描述": long_ad.replace(
        "能在快节奏环境中独立解决问题。", "欢迎对推理优化有热情的你加入我们。"),
        "薪资": "40-70K·16薪", "城市": "杭州", "发布日期": "2025/8/22", "公司": "示例智能"})
    rows.append({"职位名称": "", "职位描述": "", "薪资": "", "城市": "", "发布日期": "",
                 "公司": "空行公司"})  # nothing to read: skipped
    rows.append(dict(rows[7], 薪资="面议", 发布日期="30+ days ago", 职位名称="数据分析师（急招）",
                     职位描述="负责用户增长分析。要求：熟练使用SQL、Tableau和Python，懂A/B测试。"))
    return rows


def write_corpus(folder: Path) -> Path:
    """Write zh.csv (30 rows) and en.jsonl (16 rows) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = _zh_rows()
    with (folder / "zh.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with (folder / "en.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(16):
            text = ("Responsibilities: build and ship models for product team "
                    f"{i}.\nRequirements:\n- {_EN_REQS[i % 5]}\n- {_EN_REQS[(i + 2) % 5]}\n"
                    f"- {i % 6 + 1}+ years of experience; Bachelor's degree required.")
            fh.write(json.dumps({"job_id": f"en-{i}", "job_title": "Machine Learning Engineer"
                                 if i % 2 else "Data Analyst", "description": text,
                                 "salary": f"${90 + i}K-${130 + i}K",
                                 "location": "San Francisco, CA",
                                 "date_posted": f"2025-0{2 if i < 8 else 8}-1{i % 9}"}) + "\n")
    return folder
