"""Which aliases are safe for the exact matcher in running text (written into the built data).

Rules (documented in docs/taxonomy.md):

- curated and org aliases: exact-safe unless ambiguous. An alias of a skill marked
  ``ambiguous: true`` is ambiguous when it is a single Latin word that is the skill's English name,
  is at most 3 characters, or is a common English word ("Go", "R", "Spark"); other aliases of such a
  skill ("Golang", "R语言") stay exact-safe. A 1-character Latin alias is always ambiguous.
- O*NET examples: exact-safe when the key has at least 2 characters and the example is not a
  common English word (case-insensitive: "Slack", "Chef", "Zoom" are not).
- ESCO labels: exact-safe only when at most 4 words (long verb phrases rarely occur verbatim), with
  no parentheses, and, for single words, not a common English word. A single-word ESCO label that
  is all lowercase counts as common when it is on the stop list below or has at most 6 letters
  ("design", "sales", "food", "golf").
- ESCO and O*NET single words that are entries of an English dictionary (GCIDE, through the
  ``english-words`` package, read at build time only) are not exact-safe either: "Analyze",
  "reduce", "less", "magic", "pregnancy" are tools or skills somewhere, but in running text they
  are ordinary words. Curated aliases ("Docker", "Spark", "Excel") are not affected.
"""

from __future__ import annotations

import re

from talentgraph.taxonomy._keys import alias_key, has_cjk

__all__ = ["COMMON_WORDS", "alias_flags", "is_common_word"]

#: Common English words that are also skill or tool labels somewhere in ESCO or O*NET.
COMMON_WORDS = frozenset(["a", "access", "act", "ada", "agile", "air", "analysis", "answer", "apple", "art", "arts", "assessment", "balance", "bash", "basic", "basis", "beam", "blink", "boost", "box", "brain", "bridge", "budget", "build", "business", "buy", "camera", "cameras", "care", "case", "change", "chef", "civil", "class", "clean", "clear", "cloud", "coach", "code", "coding", "cold", "color", "communication", "compass", "compilers", "computer", "computers", "concept", "connect", "construction", "consultation", "content", "control", "cook", "cooking", "copy", "cost", "crafting", "create", "culture", "current", "customer", "dance", "data", "database", "decompilers", "delta", "design", "develop", "diameter", "dig", "direct", "discovery", "dive", "draw", "drive", "drop", "dynamics", "economics", "edge", "education", "electricity", "electronics", "elements", "energy", "engine", "english", "environment", "equipment", "ethics", "event", "excel", "express", "fabric", "fashion", "finance", "fire", "first", "flash", "flow", "focus", "food", "form", "forth", "frame", "front", "fuel", "fusion", "gamma", "gardening", "general", "git", "glass", "go", "golf", "google", "graph", "grid", "growth", "guide", "hands", "harvest", "health", "help", "history", "hive", "home", "honeypot", "hospitality", "housing", "image", "impact", "improvise", "insight", "inspire", "intelligence", "java", "jet", "journey", "keys", "kit", "lab", "language", "law", "leadership", "lean", "learn", "lens", "lift", "light", "link", "literature", "live", "logic", "loom", "machines", "mail", "management", "map", "marketing", "master", "materials", "math", "mathematics", "maven", "media", "medicine", "medicines", "mercury", "merge", "mesh", "metro", "migration", "mind", "mobile", "model", "money", "monitor", "motion", "move", "music", "nature", "network", "news", "notes", "nursing", "office", "one", "open", "operations", "orbit", "order", "pages", "paint", "paper", "pascal", "patents", "peak", "people", "performance", "photography", "physics", "pilot", "pipeline", "plan", "planning", "plant", "play", "point", "politics", "portal", "power", "presentation", "press", "prime", "print", "production", "project", "prophet", "prospect", "pulse", "puppet", "python", "quality", "quest", "radar", "reach", "react", "read", "reading", "realm", "record", "recruitment", "regulations", "relay", "research", "resolve", "retail", "ride", "river", "road", "rock", "route", "ruby", "rust", "safety", "sage", "sales", "sales", "sand", "scale", "scheme", "science", "scout", "search", "security", "seesaw", "select", "sense", "sensors", "service", "shape", "shell", "shift", "sign", "signal", "simple", "ski", "sketch", "slack", "snap", "social", "solid", "solver", "sound", "source", "space", "spark", "speed", "spelling", "sphere", "spring", "square", "stage", "standard", "stars", "storm", "story", "strategy", "stream", "studio", "style", "summit", "surgery", "survey", "swift", "switch", "system", "target", "teaching", "team", "teams", "tempo", "tennis", "test", "theory", "thread", "tide", "timber", "time", "tools", "touch", "trade", "training", "transport", "travel", "trust", "tutor", "unity", "vault", "vector", "velocity", "venture", "vision", "voice", "wave", "weather", "web", "welding", "wildlife", "wing", "word", "work", "workday", "writing", "yoga", "zoom"])

_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9+#.\-']*$")


_DICTIONARY: list[frozenset[str]] = []


def _dictionary() -> frozenset[str]:
    """English dictionary words (GCIDE), lower-cased; loaded once, at build time only."""
    if not _DICTIONARY:
        try:
            from english_words import get_english_words_set
        except ImportError as exc:
            from talentgraph.errors import TaxonomyBuildError

            raise TaxonomyBuildError(
                "Building the taxonomy needs the English word list of the 'english-words' "
                "package to tell ordinary words from tool names. Got no such package. Fix: "
                "pip install english-words==2.0.2 (make taxonomy does this)."
            ) from exc
        _DICTIONARY.append(frozenset(get_english_words_set(["gcide"], lower=True, alpha=True)))
    return _DICTIONARY[0]


def is_common_word(text: str) -> bool:
    """Whether ``text`` is one common English word (stop list, case-insensitive)."""
    return text.strip().casefold() in COMMON_WORDS


def is_dictionary_word(text: str) -> bool:
    """Whether ``text`` is one word of the English dictionary (case-insensitive)."""
    return text.strip().casefold() in _dictionary()


def _is_single_latin_word(text: str) -> bool:
    return _LATIN_WORD.match(text.strip()) is not None


def alias_flags(text: str, *, source: str, skill_name_en: str = "",
                is_skill_ambiguous: bool = False) -> tuple[bool, bool]:
    """``(is_exact, is_ambiguous)`` for one alias of a skill from ``source``."""
    key = alias_key(text)
    single = _is_single_latin_word(text)
    if source in ("curated", "org"):
        ambiguous = single and len(key) <= 1
        if is_skill_ambiguous and single:
            ambiguous = (
                ambiguous or key == alias_key(skill_name_en) or len(key) <= 3
                or is_common_word(text)
            )
        return (not ambiguous, ambiguous)
    if source == "onet":
        common = single and (is_common_word(text) or is_dictionary_word(text))
        exact = len(key) >= 2 and not common
        return (exact, common or len(key) < 2)
    # esco
    if has_cjk(text):
        return (True, False)
    if "(" in text or len(text.split()) > 4:
        return (False, False)
    if single:
        lower_common = text == text.lower() and (is_common_word(text) or len(key) <= 6)
        common = is_common_word(text) or lower_common or is_dictionary_word(text)
        return (not common and len(key) >= 2, common)
    return (True, False)
