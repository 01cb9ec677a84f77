"""Find the same person applying twice: same e-mail, same phone, or same name and school.

Keys are normalised before they are compared:

- e-mail: lower-cased, surrounding space removed (``Zhang.Wei@Example.com`` =
  ``zhang.wei@example.com``); dots and ``+tags`` are kept, since not every provider ignores them;
- phone: its digits with ``+86`` (China) and ``+1`` (North America) dropped, so
  ``+86 138-1234-5678`` = ``13812345678`` and ``+1 (415) 555-0142`` = ``(415) 555-0142``;
- name plus school: the name NFKC-normalised, case-folded, its punctuation dropped and its
  Latin words sorted (``Smith, John`` = ``JOHN SMITH``), with any one school in common
  (case-folded, spaces and punctuation dropped). A name alone is not enough: names repeat.

The strongest reason is reported: e-mail, then phone, then name plus school.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from talentgraph.domain import Resume
from talentgraph.extract._resume_contact import phone_key

__all__ = ["MATCH_KINDS", "MatchReason", "find_duplicates", "same_person"]

#: Why two resumes are the same person, strongest first.
MATCH_KINDS = ("email", "phone", "name_school")
_PUNCT = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class MatchReason:
    """Why two resumes look like one person: the kind of key and the normalised value shared."""

    kind: str  # one of MATCH_KINDS
    value: str

    def describe(self) -> str:
        """One sentence for the merge record and the UI."""
        what = {"email": "the same e-mail address", "phone": "the same phone number",
                "name_school": "the same name and school"}[self.kind]
        return f"Both resumes give {what} ({self.value})."


def _email_keys(resume: Resume) -> set[str]:
    return {email.strip().lower() for email in resume.emails if email.strip()}


def _phone_keys(resume: Resume) -> set[str]:
    return {key for phone in resume.phones if len(key := phone_key(phone)) >= 7}


def _name_key(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    words = [w for w in _PUNCT.split(name) if w]
    if all(w.isascii() for w in words):
        words.sort()
    return " ".join(words)


def _school_key(school: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", school).casefold())


def _name_school_keys(resume: Resume) -> set[str]:
    if not resume.name:
        return set()
    name = _name_key(resume.name)
    if not name:
        return set()
    return {f"{name} @ {school}" for entry in resume.education
            if entry.school and (school := _school_key(entry.school))}


_KEYS = (("email", _email_keys), ("phone", _phone_keys), ("name_school", _name_school_keys))


def same_person(a: Resume, b: Resume) -> MatchReason | None:
    """Why ``a`` and ``b`` are the same person (the strongest reason), or None."""
    for kind, keys in _KEYS:
        shared = keys(a) & keys(b)
        if shared:
            return MatchReason(kind=kind, value=min(shared))
    return None


def find_duplicates(resumes: Iterable[Resume]) -> list[tuple[str, str, MatchReason]]:
    """Every pair ``(id_a, id_b, reason)`` of resumes that look like one person.

    Pairs are in input order (``id_a`` came first), each once, with the strongest reason.
    Work is linear in the number of resumes plus the pairs found (keys are indexed).
    """
    items = list(resumes)
    candidates: set[tuple[int, int]] = set()
    for _kind, keys in _KEYS:
        index: dict[str, list[int]] = {}
        for position, resume in enumerate(items):
            for key in keys(resume):
                index.setdefault(key, []).append(position)
        for positions in index.values():
            candidates.update((first, second) for i, first in enumerate(positions)
                              for second in positions[i + 1:])
    found = []
    for first, second in sorted(candidates):
        reason = same_person(items[first], items[second])
        if reason is not None:
            found.append((items[first].id, items[second].id, reason))
    return found
