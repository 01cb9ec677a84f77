"""Benchmark the English SpanTagger: speed on ~3 KB postings, peak memory, and dev-set quality.

    .venv/bin/python benchmarks/bench_spans.py [--data-dir ../shared/data] [--repeats 200]

Speed is reported as postings/s and ms/posting on one core, and as a ratio against a baseline run
side by side (tokenising and sentence-splitting the same text without tagging). Quality (strict
and loose span F1 on the SkillSpan and Green dev sets) is printed when the data folder exists.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from talentgraph.extract._spans import SpanTagger
from talentgraph.extract._tokens import split_sentences, tokenize

_PARAGRAPHS = [
    "Senior Machine Learning Engineer - Platform Team",
    (
        "About the role: we are looking for an engineer to design, build and operate the systems "
        "that train and serve our large language models. You will work closely with researchers "
        "and product managers to turn prototypes into reliable services."
    ),
    "What you will do:",
    "• Design and maintain distributed training pipelines in Python and PyTorch.",
    "• Build low-latency inference services with Kubernetes, Docker and gRPC.",
    "• Monitor model quality and set up evaluation dashboards for stakeholders.",
    "• Mentor junior engineers and review code with care.",
    "What we are looking for:",
    "- 5+ years of experience in software engineering, including 2 years with machine learning.",
    "- Strong knowledge of SQL, data modelling and cloud platforms such as AWS or GCP.",
    "- Experience with CI/CD, infrastructure as code (Terraform) and observability tools.",
    "- Excellent communication skills and the ability to explain technical trade-offs clearly.",
    "- Familiarity with vector databases, retrieval-augmented generation and prompt engineering.",
    "Nice to have: experience with Spark, Airflow, C++ or Rust; a degree in computer science.",
    (
        "We offer flexible working, a learning budget and a friendly, inclusive team. Please "
        "apply with your CV and a short note about a project you are proud of."
    ),
]


def make_posting(target_chars: int = 3000) -> str:
    """A self-written English posting of about ``target_chars`` characters."""
    parts: list[str] = []
    i = 0
    while sum(len(p) + 1 for p in parts) < target_chars:
        parts.append(_PARAGRAPHS[i % len(_PARAGRAPHS)])
        i += 1
    return "\n".join(parts)


def _rate(fn, text: str, repeats: int) -> float:
    fn(text)
    start = time.perf_counter()
    for _ in range(repeats):
        fn(text)
    return (time.perf_counter() - start) / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()

    posting = make_posting()
    start = time.perf_counter()
    tagger = SpanTagger().initialize()
    load_s = time.perf_counter() - start

    def baseline(text: str) -> int:
        return sum(len(tokenize(text, start=s, end=e)) for s, e in split_sentences(text))

    t_base = _rate(baseline, posting, args.repeats)
    t_tag = _rate(tagger.predict_spans, posting, args.repeats)

    def cold(text: str) -> object:
        tagger.cache_.clear()  # no feature reuse across calls: a worst case
        return tagger.predict_spans(text)

    t_cold = _rate(cold, posting, args.repeats)
    spans = tagger.predict_spans(posting)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"posting: {len(posting)} chars, {baseline(posting)} tokens, {len(spans)} spans found")
    print(f"model load: {load_s * 1000:.0f} ms")
    print(f"tagging: {t_tag * 1000:.2f} ms/posting = {1 / t_tag:.0f} postings/s (one core)")
    print(
        f"tagging, cold feature cache: {t_cold * 1000:.2f} ms/posting = {1 / t_cold:.0f} postings/s"
    )
    print(f"baseline (tokenise+split only): {t_base * 1000:.2f} ms; ratio {t_tag / t_base:.1f}x")
    print(f"peak RSS: {peak_mb:.0f} MB")
    print("sample spans:", [posting[s:e] for s, e, _ in spans[:12]])
    if (args.data_dir / "skills" / "skillspan" / "dev.json").is_file():
        from talentgraph.extract._spans_train import evaluate_span_model, format_span_metrics

        print(format_span_metrics(evaluate_span_model(data_dir=args.data_dir)))
    else:
        print(f"quality: skipped ({args.data_dir} has no skills/skillspan/dev.json)")


if __name__ == "__main__":
    main()
