"""Build the demo corpus of the market analysis: ``src/talentgraph/demo/market/``.

Four data files and a README (sources, licences, what we wrote ourselves):

- ``skillspan_postings.jsonl``: the SkillSpan (MIT) train+dev sentences regrouped into whole
  postings by ``idx`` and detokenised (no space before punctuation); ``title`` is null.
- ``aijobs_salaries.csv``: a year-stratified sample of AI/ML titles from the ai-jobs.net salary
  records (CC0). Title-only postings; salary written as "$153,000 a year" so the salary parser
  reads it; ``company_location`` renamed to ``location``; ``work_year`` kept (read as a date).
- ``zh_postings_demo.csv``: Chinese postings WRITTEN BY US from the templates below (13 role
  families, real skill names of the curated taxonomy, planted trends, pay premiums, emerging
  terms not in the taxonomy, ~5% reposts). Companies are fictitious.
- ``bad_rows.csv``: a few deliberately bad rows for the data-quality section.

Run from the repository root, once (needs ../shared/data; the output is committed)::

    .venv/bin/python scripts/build_demo_corpus.py

The output is deterministic (fixed seeds, sorted inputs). ``benchmarks/make_market_corpus.py``
imports ``generate_zh_postings`` from this file for its Chinese sentences.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("TALENTGRAPH_SHARED_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "src" / "talentgraph" / "demo" / "market"
SEED = 20240101
ZH_COUNT = 600
ZH_SOURCE = "demo (written by talentgraph)"
ZH_HEADER = ["编号", "职位名称", "职位描述", "薪资", "城市", "发布日期", "公司", "招聘渠道", "来源"]
START, END = date(2024, 1, 1), date(2025, 12, 31)

# ------------------------------------------------------------------------------------------------
# Chinese postings written for the demo. Skill names are real zh names/aliases of the curated
# taxonomy (checked by ``check_terms`` at build time). A skill entry is (surface, p_start, p_end):
# the probability a posting of the family asks for it at 2024-01-01 and at 2025-12-31 (linear in
# between): p_end > p_start plants a rising trend, p_end < p_start a falling one. An optional 4th
# item is the day the skill appears (p_start from then on, 0 before; e.g. MCP from 2024-11-25).
# ``plus`` skills go to 加分项 (preferred). ``premium``: pay multiplier when the skill is asked.
# ``EMERGING`` terms are NOT in the taxonomy; they appear only from their start date on.
# ------------------------------------------------------------------------------------------------

FAMILIES: dict[str, dict] = {
    "llm-algorithm-engineer": {
        "titles": ["大模型算法工程师", "LLM算法工程师", "大模型后训练算法工程师", "NLP算法工程师",
                   "大模型预训练算法工程师", "大模型对齐算法工程师"],
        "pay": 45, "weight": 9,
        "duties": [
            "负责大语言模型的预训练、指令微调与偏好对齐训练",
            "构建高质量的SFT与偏好数据，设计数据清洗、去重与配比策略",
            "搭建自动化评测体系，持续提升模型在代码、数学与推理任务上的表现",
            "跟踪学术前沿，将最新的训练方法在业务模型上落地验证",
            "优化长文本、多轮对话和工具调用能力，支撑公司核心产品",
            "分析模型的典型错误案例，定位数据与训练问题并给出改进方案",
            "与工程团队协作提升训练效率，缩短模型迭代周期",
            "参与基座模型的能力规划与技术路线讨论",
        ],
        "skills": [("Python", .9, .9), ("PyTorch", .8, .8), ("Transformer", .6, .6),
                   ("SFT", .5, .6), ("RLHF", .45, .5), ("DPO", .15, .4), ("GRPO", .1, .6, date(2025, 1, 20)),
                   ("DeepSpeed", .4, .35), ("Megatron", .3, .35), ("LoRA", .35, .3),
                   ("BERT", .45, .02), ("MoE", .05, .4), ("奖励模型", .15, .3),
                   ("数据合成", .1, .35), ("思维链", .1, .3)],
        "plus": [("强化学习", .3, .4), ("分布式训练", .3, .3), ("Hugging Face Transformers", .3, .25),
                 ("长文本", .1, .25)],
        "premium": {"RLHF": 1.10, "GRPO": 1.08, "Megatron": 1.06},
    },
    "ml-research-scientist": {
        "titles": ["算法研究员", "AI研究员", "机器学习研究科学家", "大模型研究员", "多模态研究员"],
        "pay": 52, "weight": 4,
        "duties": [
            "围绕大模型基础能力开展前沿研究，产出高水平论文与专利",
            "探索新的模型结构、训练目标与推理方法，并在实际模型上验证",
            "将研究成果转化为产品能力，与工程团队合作完成落地",
            "跟踪国际前沿进展，定期组织技术分享与论文研读",
            "设计严谨的实验方案，对结果进行系统分析与总结",
            "参与制定团队中长期研究方向",
        ],
        "skills": [("深度学习", .8, .8), ("PyTorch", .7, .7), ("机器学习", .6, .5),
                   ("论文复现", .5, .5), ("强化学习", .3, .45), ("多模态", .3, .45),
                   ("世界模型", .0, .3), ("具身智能", .05, .35), ("TensorFlow", .35, .08),
                   ("线性代数", .3, .3)],
        "plus": [("英文论文阅读", .4, .4), ("分布式训练", .2, .3)],
        "premium": {"具身智能": 1.08},
    },
    "cv-multimodal-engineer": {
        "titles": ["计算机视觉算法工程师", "多模态算法工程师", "图像算法工程师", "AIGC算法工程师",
                   "自动驾驶感知算法工程师", "视频理解算法工程师"],
        "pay": 38, "weight": 7,
        "duties": [
            "负责图像、视频相关算法的研发与优化，支撑业务场景落地",
            "负责多模态大模型的训练、微调与效果评估",
            "研究文生图、图像编辑等生成算法，提升生成质量与可控性",
            "负责感知算法在车端或端侧设备上的部署与性能优化",
            "构建视觉数据的采集、标注与清洗流程",
            "跟进视觉与多模态领域的最新进展并推动落地",
            "与产品、工程团队配合，完成算法方案的设计与交付",
        ],
        "skills": [("计算机视觉", .7, .6), ("PyTorch", .75, .8), ("OpenCV", .5, .4),
                   ("目标检测", .5, .35), ("图像分割", .35, .25), ("多模态大模型", .15, .55),
                   ("扩散模型", .15, .35), ("Stable Diffusion", .2, .25), ("ComfyUI", .03, .2),
                   ("CLIP", .15, .3), ("YOLO", .3, .2), ("Caffe", .2, .02), ("BEV感知", .1, .15),
                   ("C++", .4, .4)],
        "plus": [("TensorRT", .25, .25), ("点云", .1, .1), ("模型量化", .15, .2)],
        "premium": {"多模态大模型": 1.08, "BEV感知": 1.10},
    },
    "ml-engineer": {
        "titles": ["推荐算法工程师", "搜索算法工程师", "广告算法工程师", "机器学习工程师",
                   "风控算法工程师", "策略算法工程师"],
        "pay": 38, "weight": 7,
        "duties": [
            "负责推荐系统召回、粗排、精排与重排各环节的算法优化",
            "负责用户与内容特征体系建设，提升模型效果与稳定性",
            "设计并分析线上A/B实验，以数据驱动业务指标增长",
            "探索大模型在搜索、推荐与广告场景中的应用",
            "负责风险识别模型的开发、上线与持续监控",
            "与工程团队合作优化模型训练与在线推理链路",
            "深入理解业务，将业务问题抽象为可建模的算法问题",
        ],
        "skills": [("机器学习", .8, .75), ("推荐系统", .5, .45), ("特征工程", .5, .45),
                   ("XGBoost", .35, .25), ("LightGBM", .3, .25), ("TensorFlow", .55, .08),
                   ("PyTorch", .35, .65), ("Spark", .4, .35), ("Hive", .35, .3),
                   ("CTR预估", .3, .3), ("A/B测试", .35, .35), ("大模型", .05, .4),
                   ("Python", .8, .8)],
        "plus": [("图神经网络", .15, .15), ("强化学习", .1, .15), ("C++", .3, .3)],
        "premium": {"CTR预估": 1.05, "大模型": 1.08},
    },
    "ai-infra-engineer": {
        "titles": ["大模型推理优化工程师", "AI Infra工程师", "推理引擎开发工程师", "分布式训练框架工程师",
                   "CUDA算子开发工程师", "AI平台研发工程师"],
        "pay": 48, "weight": 7,
        "duties": [
            "负责大模型推理服务的性能优化，降低延迟、提升吞吐",
            "负责分布式训练框架的开发与优化，提升千卡集群训练效率",
            "开发与优化高性能GPU算子，支持新模型结构快速上线",
            "建设模型部署与弹性调度平台，提升算力利用率",
            "负责模型量化、压缩等推理加速方案的研发与落地",
            "定位训练与推理中的性能瓶颈，持续改进系统稳定性",
            "跟进业界开源推理框架演进，完成适配与二次开发",
        ],
        "skills": [("CUDA", .6, .65), ("C++", .75, .75), ("Python", .7, .7),
                   ("vLLM", .1, .75), ("SGLang", .05, .55, date(2024, 6, 1)), ("TensorRT", .4, .25),
                   ("TensorRT-LLM", .15, .3), ("Kubernetes", .35, .35), ("NCCL", .2, .25),
                   ("Megatron", .2, .3), ("DeepSpeed", .3, .25), ("模型量化", .3, .35),
                   ("KV Cache", .05, .35), ("FlashAttention", .1, .3)],
        "plus": [("Triton Inference Server", .15, .15), ("ONNX", .25, .15), ("RDMA", .1, .15)],
        "premium": {"CUDA": 1.12, "vLLM": 1.08, "SGLang": 1.08},
    },
    "ai-application-engineer": {
        "titles": ["大模型应用开发工程师", "AI应用开发工程师", "AI Agent开发工程师", "RAG开发工程师",
                   "AI全栈工程师", "智能体开发工程师"],
        "pay": 32, "weight": 10,
        "duties": [
            "负责基于大模型的智能助手、知识库问答等应用的设计与开发",
            "负责智能体（Agent）的任务规划、工具调用与记忆模块开发",
            "搭建检索增强生成链路，优化召回与回答质量",
            "对接企业内部系统与第三方工具，打通数据与业务流程",
            "设计评测集与评测流程，持续提升应用效果与稳定性",
            "与产品经理协作，把业务需求转化为可落地的AI方案",
            "负责AI应用的后端服务开发与线上运维",
        ],
        "skills": [("Python", .85, .85), ("LangChain", .4, .35), ("LlamaIndex", .15, .15),
                   ("RAG", .3, .65), ("智能体", .15, .75), ("MCP", .1, .7, date(2024, 11, 25)),
                   ("Function Calling", .1, .35), ("LangGraph", .05, .4, date(2024, 3, 1)), ("多智能体", .02, .35),
                   ("向量数据库", .35, .35), ("Milvus", .2, .2), ("提示词工程", .45, .35),
                   ("FastAPI", .3, .3), ("Dify", .08, .3), ("Coze", .05, .2)],
        "plus": [("Docker", .3, .3), ("大模型微调", .2, .2), ("Java", .15, .15)],
        "premium": {"MCP": 1.06, "多智能体": 1.06},
    },
    "prompt-engineer": {
        "titles": ["提示词工程师", "AI训练师", "大模型评测工程师", "大模型数据运营", "对话设计师"],
        "pay": 16, "weight": 4,
        "duties": [
            "负责大模型提示词的设计、调优与版本管理",
            "制定数据标注规范，组织和审核训练数据的标注质量",
            "设计大模型评测方案，对模型回答进行打分与问题归类",
            "整理业务场景中的典型问答，沉淀高质量语料",
            "与算法团队沟通模型问题，推动效果迭代",
            "跟踪竞品模型能力变化，输出分析报告",
        ],
        "skills": [("提示词工程", .7, .7), ("数据标注", .5, .45), ("大模型评测", .3, .45),
                   ("Python", .25, .35), ("Excel", .4, .35), ("思维链", .05, .2)],
        "plus": [("SQL", .15, .15), ("竞品分析", .15, .15)],
        "premium": {},
    },
    "data-scientist": {
        "titles": ["数据科学家", "数据挖掘工程师", "算法分析师", "增长数据科学家", "量化分析师"],
        "pay": 32, "weight": 5,
        "duties": [
            "运用统计与机器学习方法解决增长、定价与风控等业务问题",
            "设计实验与因果分析方案，评估策略与产品改动的真实效果",
            "搭建预测模型，支撑业务规划与资源分配",
            "挖掘用户行为数据中的规律，输出可执行的业务建议",
            "与业务、产品团队合作，推动数据驱动的决策机制",
            "沉淀分析方法与工具，提升团队效率",
        ],
        "skills": [("统计学", .6, .6), ("机器学习", .6, .6), ("Python", .85, .85), ("SQL", .8, .8),
                   ("因果推断", .2, .4), ("A/B测试", .4, .45), ("R语言", .3, .12),
                   ("时间序列分析", .2, .2), ("Pandas", .3, .3), ("Spark", .25, .25),
                   ("大模型", .02, .25)],
        "plus": [("数据可视化", .2, .2), ("用户增长", .15, .2)],
        "premium": {"因果推断": 1.07},
    },
    "data-analyst": {
        "titles": ["数据分析师", "商业分析师", "经营分析专员", "BI分析师", "数据运营分析师", "用户研究分析师"],
        "pay": 18, "weight": 9,
        "duties": [
            "负责业务核心指标的监控与分析，及时发现问题并给出建议",
            "搭建并维护数据报表与可视化看板",
            "开展用户行为、转化漏斗与留存等专题分析",
            "参与指标体系建设，统一业务口径",
            "支持A/B实验的设计与效果评估",
            "撰写分析报告，向管理层汇报关键结论",
            "与数据开发团队协作，推动数据质量提升",
        ],
        "skills": [("SQL", .9, .9), ("Excel", .7, .65), ("Python", .5, .65), ("Tableau", .3, .25),
                   ("Power BI", .2, .3), ("数据可视化", .4, .4), ("Hive", .3, .3),
                   ("统计学", .4, .4), ("指标体系", .3, .35), ("SPSS", .25, .05),
                   ("A/B测试", .25, .3), ("大模型", .0, .2)],
        "plus": [("用户增长", .15, .15), ("FineBI", .1, .15)],
        "premium": {"Python": 1.06},
    },
    "data-engineer": {
        "titles": ["大数据开发工程师", "数据仓库工程师", "实时计算开发工程师", "数据平台开发工程师",
                   "数据治理工程师", "ETL开发工程师"],
        "pay": 28, "weight": 8,
        "duties": [
            "负责公司数据仓库的分层设计、模型建设与维护",
            "负责离线与实时数据链路的开发、调度与监控",
            "参与数据平台建设，提升数据开发效率与资源利用率",
            "推动数据治理，保障数据质量、一致性与安全合规",
            "对接业务需求，提供稳定高效的数据服务",
            "优化大规模数据任务的性能与成本",
            "建设面向大模型训练的数据处理流水线",
        ],
        "skills": [("Hadoop", .6, .08), ("Hive", .7, .55), ("Spark", .65, .65), ("Flink", .35, .55),
                   ("Kafka", .45, .45), ("数据仓库", .55, .55), ("SQL", .8, .8), ("Java", .45, .4),
                   ("Scala", .2, .12), ("MapReduce", .35, .02), ("Doris", .1, .3),
                   ("ClickHouse", .2, .25), ("数据湖", .05, .3), ("Airflow", .15, .2)],
        "plus": [("数据治理", .25, .3), ("Python", .3, .35), ("StarRocks", .05, .2)],
        "premium": {"Flink": 1.05, "数据湖": 1.05},
    },
    "ai-product-manager": {
        "titles": ["AI产品经理", "大模型产品经理", "AIGC产品经理", "智能体产品经理", "AI产品专家"],
        "pay": 30, "weight": 6,
        "duties": [
            "负责AI产品的规划与设计，定义产品功能与交互方案",
            "深入调研用户需求与竞品，输出产品需求文档",
            "与算法、研发团队紧密协作，推动产品按期高质量上线",
            "设计产品效果评估体系，基于数据持续迭代",
            "探索大模型在垂直行业的落地场景与商业化路径",
            "协调内外部资源，推进项目落地",
        ],
        "skills": [("产品设计", .6, .6), ("需求分析", .6, .6), ("Axure", .35, .2), ("大模型", .3, .6),
                   ("提示词工程", .15, .35), ("数据分析", .45, .45), ("竞品分析", .35, .35),
                   ("智能体", .02, .45), ("项目管理", .3, .3)],
        "plus": [("SQL", .15, .15), ("用户研究", .2, .2)],
        "premium": {"智能体": 1.06},
    },
    "software-engineer": {
        "titles": ["Java开发工程师", "Go开发工程师", "后端开发工程师", "前端开发工程师", "Python开发工程师",
                   "C++开发工程师"],
        "pay": 25, "weight": 8,
        "duties": [
            "负责核心业务系统的设计、开发与维护",
            "参与系统架构设计，保障服务的高可用与高并发",
            "负责前端页面与组件开发，提升用户体验",
            "编写高质量代码与单元测试，参与代码评审",
            "定位并解决线上问题，持续优化系统性能",
            "与产品、测试团队协作，按期交付需求",
        ],
        "skills": [("Java", .45, .4), ("Spring Boot", .35, .3), ("MySQL", .55, .5), ("Redis", .45, .45),
                   ("Kafka", .25, .25), ("Go", .2, .3), ("Docker", .3, .35), ("Kubernetes", .2, .3),
                   ("微服务", .35, .35), ("Vue", .2, .2), ("React", .2, .2), ("TypeScript", .15, .25),
                   ("Linux", .4, .4), ("Python", .3, .35)],
        "plus": [("Git", .2, .2), ("CI/CD", .15, .2)],
        "premium": {"Go": 1.05, "Kubernetes": 1.05},
    },
    "other": {
        "titles": ["技术招聘专员", "行政专员", "HRBP", "商务助理"],
        "pay": 12, "weight": 1,
        "duties": [
            "负责公司各类岗位的招聘工作，包括简历筛选、面试安排与入职跟进",
            "维护员工关系，组织团队活动",
            "负责办公室日常行政事务与供应商对接",
            "协助部门负责人处理日常事务与会议纪要",
        ],
        "skills": [("Excel", .5, .5), ("沟通能力", .6, .6)],
        "plus": [],
        "premium": {},
    },
}

#: Terms that are NOT in the taxonomy (checked at build time): family, surface, from, p at end.
EMERGING = [
    ("ai-application-engineer", "A2A", date(2025, 4, 1), .30),
    ("ai-application-engineer", "Claude Code", date(2025, 3, 1), .25),
    ("software-engineer", "Cursor", date(2024, 9, 1), .30),
    ("software-engineer", "Claude Code", date(2025, 3, 1), .25),
    ("llm-algorithm-engineer", "Agentic RL", date(2025, 3, 1), .35),
    ("cv-multimodal-engineer", "VLA", date(2024, 10, 1), .30),
    ("ml-research-scientist", "VLA", date(2024, 10, 1), .25),
    ("ai-infra-engineer", "KTransformers", date(2025, 2, 1), .25),
    ("data-engineer", "Paimon", date(2024, 7, 1), .25),
]

CITIES = [("北京", 1.0, 20, ["海淀区", "朝阳区", "中关村", "望京"]),
          ("上海", 1.0, 18, ["浦东新区", "徐汇区", "张江"]),
          ("深圳", .98, 14, ["南山区", "福田区"]), ("杭州", .95, 12, ["余杭区", "滨江区"]),
          ("广州", .85, 8, ["天河区", "海珠区"]), ("成都", .75, 7, ["高新区"]),
          ("南京", .82, 5, []), ("武汉", .75, 5, []), ("苏州", .8, 4, []), ("西安", .72, 4, [])]
#: Seniority: title prefix, pay multiplier, experience ask, weight.
LEVELS = [("实习", 0.0, "在校生", 8), ("初级", .6, "1-3年", 20), ("", 1.0, "3-5年", 40),
          ("高级", 1.45, "5-10年", 24), ("资深专家", 2.0, "10年以上", 8)]
EDUCATION = {"实习": ["本科在读", "硕士在读"], "初级": ["本科", "硕士"], "": ["本科", "本科", "硕士"],
             "高级": ["本科", "硕士", "硕士"], "资深专家": ["硕士", "博士"]}
RESEARCH_EDU = ["硕士", "博士", "博士"]
COMPANY_HEADS = ["星衡", "云岫", "墨池", "青穹", "澄明", "曜石", "帆远", "知微", "朗汐", "砺行",
                 "栖梧", "若水", "沧蓝", "拾光", "枫屿", "启元数", "观澜", "弈川"]
COMPANY_TAILS = ["智能", "科技", "数据", "信息技术", "网络"]
BOARDS = ["招聘网站A", "招聘网站B", "公司官网", "内推"]
WELFARE = ["五险一金、带薪年假、弹性工作", "六险一金、免费三餐、年度体检", "五险一金、股票期权、年终奖",
           "补充医疗保险、团建旅游、节日福利", "双休、下午茶、定期技术分享", "五险一金、租房补贴、通勤班车"]
SOFT = ["良好的沟通能力和团队合作精神", "较强的学习能力和逻辑思维能力", "有责任心，抗压能力强",
        "积极主动，对技术有热情", "良好的英文读写能力"]
REQ_FORMS = ["熟悉{x}", "精通{x}", "熟练掌握{x}", "掌握{x}，有实际项目经验", "具备{x}相关开发经验",
             "了解{x}的原理与使用", "有{x}的实战经验"]
PLUS_FORMS = ["有{x}经验者优先", "熟悉{x}者优先", "掌握{x}者优先"]
INTRO_FORMS = ["{c}是一家专注于{f}的科技公司，团队成员来自国内外知名企业。",
               "{c}成立于{y}年，致力于用{f}技术服务千行百业。",
               "{c}正在快速发展中，现诚邀优秀的你加入。"]
FOCUS = ["人工智能", "大模型", "企业服务", "智能制造", "金融科技", "智慧医疗", "电商零售", "自动驾驶"]


def _progress(day: date) -> float:
    return (day - START).days / (END - START).days


def _p(p0: float, p1: float, day: date, since: date = START) -> float:
    """Probability of an ask on ``day``: 0 before ``since``, then p0 rising linearly to p1."""
    if day < since:
        return 0.0
    return p0 + (p1 - p0) * (day - since).days / max(1, (END - since).days)


def _pick_weighted(rng: random.Random, items: list, weights: list[float]):
    return rng.choices(items, weights=weights, k=1)[0]


def _format_date(day: date, rng: random.Random) -> str:
    form = rng.random()
    if form < .5:
        return day.isoformat()
    if form < .75:
        return f"{day.year}/{day.month}/{day.day}"
    return f"{day.year}年{day.month}月{day.day}日"


def _format_salary(monthly_k: float, *, level: str, rng: random.Random) -> str:
    """A board-style salary string for a midpoint of ``monthly_k`` thousand CNY a month."""
    if level == "实习":
        low = rng.choice([150, 200, 250, 300])
        return f"{low}-{low + rng.choice([50, 100, 150])}元/天"
    low, high = max(3, round(monthly_k * .8)), max(5, round(monthly_k * 1.25))
    form = rng.random()
    if form < .02:
        return "面议"
    if form < .55:
        return f"{low}-{high}K·{rng.choice([12, 13, 14, 14, 15, 16])}薪"
    if form < .70 and low >= 20:
        return f"{round(low / 5) / 2:g}-{round(high / 5) / 2:g}万/月"
    if form < .85:
        return f"{round(low * 12 / 10)}-{round(high * 12 / 10)}万/年"
    return f"{low}-{high}K"


def _group(items: list[str], rng: random.Random) -> list[list[str]]:
    """Split a list of skill names into chunks of 1-3 for the requirement sentences."""
    groups: list[list[str]] = []
    rest = list(items)
    while rest:
        size = min(len(rest), rng.choice([1, 2, 2, 3]))
        groups.append(rest[:size])
        rest = rest[size:]
    return groups


def _render_skills(group: list[str], form: str, rng: random.Random) -> str:
    joined = "、".join(group)
    if len(group) > 1 and rng.random() < .5:
        joined += "等"
    return form.format(x=joined)


def _zh_posting(rng: random.Random, *, family: str, day: date, company: str) -> dict:
    """One posting of ``family`` dated ``day``: title, text, salary, city (with the skills asked)."""
    spec = FAMILIES[family]
    prefix, pay_mult, exp, _ = _pick_weighted(rng, LEVELS, [lv[3] for lv in LEVELS])
    if family == "other" and prefix in ("资深专家", "实习"):
        prefix, pay_mult, exp = "", 1.0, "1-3年"
    base_title = rng.choice(spec["titles"])
    if prefix == "实习":
        title = base_title.replace("工程师", "实习生").replace("专员", "实习生")
        if title == base_title:
            title = base_title + "（实习）"
    else:
        title = (prefix + base_title) if prefix and rng.random() < .8 else base_title
    city, city_mult, _, districts = _pick_weighted(rng, CITIES, [c[2] for c in CITIES])
    where = f"{city}·{rng.choice(districts)}" if districts and rng.random() < .5 else city

    asked = [s for s, p0, p1, *since in spec["skills"] if rng.random() < _p(p0, p1, day, *since)]
    if len(asked) < 3:
        for s, *_ in sorted(spec["skills"], key=lambda t: -(t[1] + t[2])):
            if s not in asked and len(asked) < 3:
                asked.append(s)
    for fam, term, since, p_end in EMERGING:
        if fam == family and day >= since:
            ramp = (day - since).days / max(1, (END - since).days)
            if rng.random() < p_end * min(1.0, .3 + ramp):
                asked.append(term)
    rng.shuffle(asked)
    plus = [s for s, p0, p1, *since in spec["plus"] if rng.random() < _p(p0, p1, day, *since)]

    premium = 1.0
    for s in asked + plus:
        premium *= spec["premium"].get(s, 1.0)
    monthly = spec["pay"] * pay_mult * city_mult * premium * (1 + .03 * _progress(day) * 2)
    monthly *= rng.lognormvariate(0, .12)
    salary = _format_salary(monthly, level=prefix, rng=rng)

    if family == "ml-research-scientist":
        edu = rng.choice(RESEARCH_EDU)
    else:
        edu = rng.choice(EDUCATION[prefix])
    duties = rng.sample(spec["duties"], k=min(len(spec["duties"]), rng.randint(3, 5)))
    reqs = []
    if prefix == "实习":
        reqs.append(f"{edu}，计算机、数学等相关专业，每周可实习4天以上，实习期不少于{rng.choice([3, 6])}个月")
    elif exp == "1-3年" and rng.random() < .3:
        reqs.append(f"{edu}及以上学历，经验不限，优秀应届生亦可")
    else:
        reqs.append(f"{edu}及以上学历，{exp}相关工作经验")
    for group in _group(asked, rng):
        reqs.append(_render_skills(group, rng.choice(REQ_FORMS), rng))
    reqs.append(rng.choice(SOFT))
    lines = [title, f"公司：{company} | 工作地点：{where} | 经验{exp} | {edu}", ""]
    if rng.random() < .5:
        lines += [rng.choice(INTRO_FORMS).format(c=company, f=rng.choice(FOCUS),
                                                 y=rng.randint(2012, 2023)), ""]
    lines.append("岗位职责：")
    lines += [f"{i}. {d}；" for i, d in enumerate(duties, 1)]
    lines += ["", "任职要求："]
    lines += [f"{i}. {r}；" for i, r in enumerate(reqs, 1)]
    if plus:
        lines += ["", "加分项："]
        lines += [f"{i}. {_render_skills(g, rng.choice(PLUS_FORMS), rng)}；"
                  for i, g in enumerate(_group(plus, rng), 1)]
    lines += ["", f"福利待遇：{rng.choice(WELFARE)}。"]
    return {"职位名称": title, "职位描述": "\n".join(lines), "薪资": salary, "城市": city,
            "_day": day, "公司": company, "_skills": asked + plus}


def _random_day(rng: random.Random) -> date:
    """A day in 2024-01..2025-12, later days a little more likely (the market grows)."""
    span = (END - START).days
    return START + timedelta(days=int(span * rng.random() ** .8))


def shingles(text: str) -> set[str]:
    """Character 4-grams of the text without spaces and punctuation (for the overlap checks)."""
    kept = "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold()
                   if ch.isalnum())
    return {kept[i:i + 4] for i in range(max(1, len(kept) - 3))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def generate_zh_postings(n: int, *, seed: int = SEED, max_overlap: float = .6
                         ) -> Iterator[dict]:
    """``n`` distinct written postings (no reposts): each has Jaccard < ``max_overlap`` with every
    earlier posting of its role family (char 4-grams), so deduplication keeps them all."""
    rng = random.Random(seed)
    companies = [h + t for h in COMPANY_HEADS for t in COMPANY_TAILS]
    rng.shuffle(companies)
    companies = companies[:40]
    families = list(FAMILIES)
    weights = [FAMILIES[f]["weight"] for f in families]
    seen: dict[str, list[set[str]]] = {f: [] for f in families}
    for _ in range(n):
        family = _pick_weighted(rng, families, weights)
        for _attempt in range(30):
            posting = _zh_posting(rng, family=family, day=_random_day(rng),
                                  company=rng.choice(companies))
            grams = shingles(posting["职位名称"] + posting["职位描述"])
            if all(jaccard(grams, other) < max_overlap for other in seen[family][-400:]):
                break
        seen[family].append(grams)
        posting["_family"] = family
        yield posting


def _near_duplicate(posting: dict, rng: random.Random) -> dict:
    """The same ad reposted with one changed line: another welfare line, or a line added."""
    lines = posting["职位描述"].split("\n")
    if rng.random() < .5:
        lines.append("欢迎投递，简历请注明应聘岗位。")
        return {**posting, "职位描述": "\n".join(lines)}
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].startswith("福利待遇："):
            others = [w for w in WELFARE if w not in lines[i]]
            lines[i] = f"福利待遇：{rng.choice(others)}。"
            break
    return {**posting, "职位描述": "\n".join(lines)}


def build_zh_rows(*, seed: int = SEED, n: int = ZH_COUNT) -> tuple[list[dict], dict[str, int]]:
    """The zh demo rows (about 5% of them reposts) and counts of what was planted."""
    rng = random.Random(seed + 1)
    originals = list(generate_zh_postings(n - n // 20, seed=seed))
    originals.sort(key=lambda p: (p["_day"], p["职位名称"]))
    rows: list[dict] = []
    for p in originals:
        rows.append({**p, "招聘渠道": rng.choice(BOARDS[:3])})
    reposts = []
    for k, p in enumerate(rng.sample(originals, n // 20)):
        later = min(END, p["_day"] + timedelta(days=rng.randint(1, 20)))
        other_board = [b for b in BOARDS if b != "内推"]
        base = {**p, "_day": later, "招聘渠道": rng.choice(other_board)}
        if k % 5 < 2:  # 40% exact reposts
            reposts.append({**base, "_kind": "exact"})
        else:
            dup = _near_duplicate(base, rng)
            a, b = shingles(p["职位名称"] + p["职位描述"]), shingles(dup["职位名称"] + dup["职位描述"])
            if jaccard(a, b) < .85:
                raise SystemExit(f"near-duplicate too different ({jaccard(a, b):.2f}): fix the"
                                 " repost rule")
            reposts.append({**dup, "_kind": "near"})
    rows += reposts
    rows.sort(key=lambda p: (p["_day"], p["职位名称"]))
    date_rng = random.Random(seed + 2)
    for i, row in enumerate(rows, 1):
        row["编号"] = f"zh-demo-{i:04d}"
        row["发布日期"] = _format_date(row["_day"], date_rng)
        row["来源"] = ZH_SOURCE
    counts = {"originals": len(originals),
              "exact_reposts": sum(r.get("_kind") == "exact" for r in rows),
              "near_reposts": sum(r.get("_kind") == "near" for r in rows)}
    return rows, counts


# ------------------------------------------------------------------------------------------------
# SkillSpan (MIT) and ai-jobs.net (CC0)
# ------------------------------------------------------------------------------------------------

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s\b|'re\b|'ll\b|'ve\b|'d\b|n't\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def detokenise(tokens: list[str]) -> str:
    """Join SkillSpan tokens into text: no space before punctuation or after an opening bracket."""
    text = " ".join(tokens)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def build_skillspan_rows() -> list[dict]:
    """Whole SkillSpan postings (train then dev, in file order), one sentence per line."""
    rows: list[dict] = []
    for split in ("train", "dev"):
        postings: dict[int, dict] = {}
        with open(DATA / "skills" / "skillspan" / f"{split}.json", encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                item = json.loads(line)
                entry = postings.setdefault(item["idx"], {"lines": [], "source": item["source"]})
                entry["lines"].append(detokenise(item["tokens"]))
        for idx, entry in postings.items():
            rows.append({"id": f"skillspan-{split}-{idx:03d}", "title": None,
                         "text": "\n".join(entry["lines"]), "source": entry["source"]})
    return rows


AI_TITLE = re.compile(
    r"\b(?:AI|ML|MLOps|NLP|LLM|GenAI|Machine Learning|Deep Learning|Computer Vision|"
    r"Artificial Intelligence|Data Scien\w*|Research Scientist|Applied Scientist|Prompt)\b",
    re.IGNORECASE)
AIJOBS_COLUMNS = {"work_year": "work_year", "experience_level": "experience_level",
                  "employment_type": "employment_type", "job_title": "job_title",
                  "salary_in_usd": "salary", "employee_residence": "employee_residence",
                  "remote_ratio": "remote_ratio", "company_location": "location",
                  "company_size": "company_size"}
AIJOBS_TARGET, AIJOBS_MIN_PER_YEAR = 1500, 60


def build_aijobs_rows(*, seed: int = SEED) -> tuple[list[dict], dict[int, int]]:
    """A year-stratified sample of distinct AI/ML salary records, columns renamed for recognition."""
    import pandas as pd

    frame = pd.read_csv(DATA / "postings" / "aijobs_salaries_2020_2025.csv")
    frame = frame[frame["job_title"].str.contains(AI_TITLE)]
    # One record per (title, year, location, salary): the analysis would count the rest as
    # exact duplicates of a title-only posting.
    frame = frame[list(AIJOBS_COLUMNS)].drop_duplicates(
        ["job_title", "work_year", "company_location", "salary_in_usd"]).reset_index(drop=True)
    available = {int(y): int(c) for y, c in frame["work_year"].value_counts().items()}
    total, biggest = sum(available.values()), max(available, key=available.__getitem__)
    quota = {y: min(c, max(AIJOBS_MIN_PER_YEAR, round(AIJOBS_TARGET * c / total)))
             for y, c in available.items() if y != biggest}
    quota[biggest] = AIJOBS_TARGET - sum(quota.values())
    parts = [frame[frame["work_year"] == y].sample(n=q, random_state=seed) for y, q in
             sorted(quota.items())]
    sample = pd.concat(parts).sort_values(["work_year", "job_title", "salary_in_usd"],
                                          kind="stable")
    rows = []
    for i, rec in enumerate(sample.to_dict("records"), 1):
        row = {"id": f"aijobs-{i:04d}"}
        for src, dst in AIJOBS_COLUMNS.items():
            value = rec[src]
            row[dst] = f"${int(value):,} a year" if src == "salary_in_usd" else value
        rows.append(row)
    return rows, quota


BAD_ROWS = [
    # (编号, 职位名称, 职位描述, 薪资, 城市, 发布日期, 公司, what is wrong)
    ("bad-001", "", "", "20-30K", "北京", "2025-03-01", "星衡科技", "no title and no text"),
    ("bad-002", "数据分析师", "负责经营数据分析，熟悉SQL与Excel。", "15-25K", "上海", "30+ days ago",
     "云岫数据", "garbage date"),
    ("bad-003", "大模型应用开发工程师", "负责RAG知识库问答开发，熟悉LangChain。", "面议", "深圳",
     "2025-06-18", "墨池智能", "unparseable salary"),
    ("bad-004", "Java开发工程师", "负责后端服务开发，熟悉Spring Boot与MySQL。", "18-28K·13薪", "杭州",
     "2025/7/2", "青穹网络", "first of a duplicate id"),
    ("bad-004", "前端开发工程师", "负责Web前端开发，熟悉Vue与TypeScript。", "15-22K", "杭州",
     "2025/7/3", "青穹网络", "duplicate id"),
    ("bad-005", "算法工程师", "   ", "", "", "", "", "whitespace-only text, nothing else"),
]

README = """# Demo corpus of the market analysis

Postings for `talentgraph market analyze` (what `make run` analyses). Built by
`scripts/build_demo_corpus.py` (deterministic, seed {seed}); do not edit by hand. Pass the data
files, not this folder (this README is not a posting).

| file | rows | source | licence |
|---|---|---|---|
| skillspan_postings.jsonl | {n_span} | SkillSpan (Zhang et al., NAACL 2022), https://github.com/kris927b/SkillSpan | MIT |
| aijobs_salaries.csv | {n_aijobs} | ai-jobs.net salary records 2020-2025 (via jomachase/AI_ML_Salaries) | CC0 |
| zh_postings_demo.csv | {n_zh} | written by talentgraph for this demo | Apache-2.0 (this project) |
| bad_rows.csv | {n_bad} | written by talentgraph for this demo | Apache-2.0 (this project) |

## skillspan_postings.jsonl (MIT)

English job postings from SkillSpan: Mike Zhang, Kristian Nørgaard Jensen, Sif Dam Sonniks and
Barbara Plank, "SkillSpan: Hard and Soft Skill Extraction from English Job Postings", NAACL 2022.
MIT License, Copyright (c) 2023 Mike Zhang; https://github.com/kris927b/SkillSpan. Modified: the
train and dev sentences were regrouped into whole postings by `idx` (one sentence per line) and
detokenised (no space before punctuation); the skill tags were dropped. Fields: `id`
(`skillspan-<split>-<idx>`), `title` (null: the data has none), `text`, `source` (tech|house).
The anonymisation tags of the original (`<ORGANIZATION>`, `<ADDRESS>` ...) are kept.

The SkillSpan licence (MIT), as the licence requires:

    MIT License

    Copyright (c) 2023 Mike Zhang

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.

## aijobs_salaries.csv (CC0)

A sample of the ai-jobs.net salary records (CC0, as published by ai-jobs.net; file
`data/raw/salaries.csv` of jomachase/AI_ML_Salaries): titles matching AI/ML words (AI, ML,
machine learning, data scientist, research/applied scientist, NLP, computer vision, LLM, prompt
...), one record per (title, year, location, salary) (the analysis would count the others as
exact duplicates of a title-only posting), then stratified by year: {quota}. Title-only
postings: no description text. Changes so that the column recognition reads them:
`company_location` -> `location` (ISO country code, as in the source), `salary_in_usd` ->
`salary` written as "$153,000 a year" (the source's `salary` and `salary_currency`, in local
currency, are dropped); `id` (`aijobs-NNNN`) added. Other columns keep their source names:
experience_level (EN/MI/SE/EX), employment_type, employee_residence, remote_ratio,
company_size, and `work_year` (the column recognition reads it as a date: the year's 1 July).
Note: these title-only records then fill the third quarter of each year (900+ in 2024-Q3), which
dilutes skill-demand shares by period; they carry no skill asks.

## zh_postings_demo.csv (written by talentgraph)

Every row was WRITTEN BY US for this demo (column `来源` = "{zh_source}"); no text comes from a
job board. A template generator writes postings for the 13 role families of
`taxonomy_src/roles.yaml`, with real skill names of the curated taxonomy, cities, salaries in
board forms ("25-45K·15薪", "3-5万/月", "40-70万/年", "200-300元/天" for interns, ~2% "面议"),
experience and education asks, dates 2024-01..2025-12 in three formats (2024-03-01, 2024/3/1,
2024年3月1日). Companies (e.g. 星衡智能) are made up; any likeness to a real company is chance.
Planted on purpose, so the report has something to find:
- rising asks: MCP (from 2024-11-25), 智能体/Agent, RAG, LangGraph (AI application); vLLM,
  SGLang, KV Cache (AI infra); GRPO (from 2025-01-20), DPO, MoE (LLM algorithm); 多模态大模型;
  Flink, Doris, 数据湖 (data engineering);
- falling asks: BERT, TensorFlow, Caffe, Hadoop, MapReduce, SPSS, R语言;
- emerging terms that are not in the taxonomy, from 2024-07..2025-04 on: {emerging};
- pay premiums (salary multiplier when a role family that lists the skill asks for it):
  {premiums};
- {originals} distinct postings plus {exact} exact reposts (same title and text, later date,
  another `招聘渠道`) and {near} near duplicates (one line changed or added).
Columns: 编号, 职位名称, 职位描述, 薪资, 城市, 发布日期, 公司, 招聘渠道, 来源.

## bad_rows.csv (written by talentgraph)

{n_bad} deliberately bad rows, same columns as zh_postings_demo.csv, for the data-quality section:
no title and no text (bad-001), a garbage date "30+ days ago" (bad-002), an unparseable salary
"面议" (bad-003), a duplicate id (bad-004 twice), whitespace-only text with nothing else (bad-005).
"""


# ------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------


def _csv_text(header: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def check_terms() -> None:
    """Every planted skill resolves in the shipped taxonomy; every emerging term does not."""
    from talentgraph.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    missing = sorted({s for spec in FAMILIES.values() for s, *_ in spec["skills"] + spec["plus"]
                      if taxonomy.resolve(s) is None})
    known = sorted({t for _, t, _, _ in EMERGING if taxonomy.resolve(t) is not None})
    if missing or known:
        raise SystemExit(f"skills not in the taxonomy: {missing}; emerging terms that are: {known}")


def main() -> None:
    """Write the demo corpus and print what was written."""
    check_terms()
    OUT.mkdir(parents=True, exist_ok=True)
    span = build_skillspan_rows()
    (OUT / "skillspan_postings.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in span), encoding="utf-8")
    aijobs, quota = build_aijobs_rows()
    (OUT / "aijobs_salaries.csv").write_text(
        _csv_text(["id", *AIJOBS_COLUMNS.values()], aijobs), encoding="utf-8")
    zh, counts = build_zh_rows()
    (OUT / "zh_postings_demo.csv").write_text(_csv_text(ZH_HEADER, zh), encoding="utf-8")
    bad = [dict(zip([*ZH_HEADER[:7], "_why"], r, strict=True)) | {"招聘渠道": "招聘网站A",
                                                                   "来源": ZH_SOURCE}
           for r in BAD_ROWS]
    (OUT / "bad_rows.csv").write_text(_csv_text(ZH_HEADER, bad), encoding="utf-8")
    premiums = sorted({f"{k} x{v:.2f}" for spec in FAMILIES.values()
                       for k, v in spec["premium"].items()})
    (OUT / "README.md").write_text(README.format(
        seed=SEED, n_span=len(span), n_aijobs=len(aijobs), n_zh=len(zh), n_bad=len(bad),
        quota=", ".join(f"{y}: {q}" for y, q in sorted(quota.items())), zh_source=ZH_SOURCE,
        emerging=", ".join(sorted({t for _, t, _, _ in EMERGING})), premiums=", ".join(premiums),
        originals=counts["originals"], exact=counts["exact_reposts"],
        near=counts["near_reposts"]), encoding="utf-8")
    print(f"skillspan_postings.jsonl: {len(span)} postings")
    print(f"aijobs_salaries.csv: {len(aijobs)} rows, per year {dict(sorted(quota.items()))}")
    print(f"zh_postings_demo.csv: {len(zh)} rows {counts}")
    print(f"bad_rows.csv: {len(bad)} rows")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"{OUT}: {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
