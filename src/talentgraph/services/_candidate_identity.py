"""Who a resume's person is among the stored candidates: the same e-mail, the same phone, or
the same name and school (the keys of talentgraph.extract.same_person), compared as SHA-256
digests so that no contact detail is decrypted or stored in clear to find a duplicate.

An e-mail digest is the candidate's ``email_hash`` (services._recruiting.email_digest), so a
candidate added by hand with an e-mail is found too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.domain import Resume
from talentgraph.extract._resume_duplicates import (
    MATCH_KINDS,
    _email_keys,
    _name_school_keys,
    _phone_keys,
)
from talentgraph.services._recruiting import email_digest
from talentgraph.store import Candidate, CandidateKey

__all__ = ["REASONS", "SameCandidate", "find_same_candidate", "identity_digests", "record_identity"]

#: Why a resume was merged into a stored candidate, by kind.
REASONS = {"email": "The same e-mail address as a stored candidate.",
           "phone": "The same phone number as a stored candidate.",
           "name_school": "The same name and school as a stored candidate."}
_KEYS = {"email": _email_keys, "phone": _phone_keys, "name_school": _name_school_keys}


@dataclass(frozen=True, slots=True)
class SameCandidate:
    """A stored candidate who is the resume's person, and why (a MATCH_KINDS kind)."""

    candidate_id: int
    reason: str

    def describe(self) -> str:
        """One sentence for the import report (no contact detail in it)."""
        return REASONS[self.reason]


def _digest(kind: str, key: str) -> str:
    if kind == "email":
        return email_digest(key)
    return hashlib.sha256(f"{kind}:{key}".encode()).hexdigest()


def identity_digests(resume: Resume) -> dict[str, set[str]]:
    """The digests of the resume's identity keys, by kind (strongest first)."""
    return {kind: {_digest(kind, key) for key in _KEYS[kind](resume)} for kind in MATCH_KINDS}


def find_same_candidate(session: Session, resume: Resume) -> SameCandidate | None:
    """The stored candidate (lowest id) who shares the strongest identity key with
    ``resume``, or None."""
    for kind, digests in identity_digests(resume).items():
        if not digests:
            continue
        ids = set(session.scalars(select(CandidateKey.candidate_id).where(
            CandidateKey.kind == kind, CandidateKey.digest.in_(sorted(digests)))))
        if kind == "email":
            ids |= set(session.scalars(select(Candidate.id).where(
                Candidate.email_hash.in_(sorted(digests)))))
        if ids:
            return SameCandidate(candidate_id=min(ids), reason=kind)
    return None


def record_identity(session: Session, *, candidate_id: int, resume: Resume) -> int:
    """Store the digests of the resume's identity keys for the candidate (those it has
    already are skipped); how many were added."""
    have = {(kind, digest) for kind, digest in session.execute(
        select(CandidateKey.kind, CandidateKey.digest).where(
            CandidateKey.candidate_id == candidate_id))}
    added = 0
    for kind, digests in identity_digests(resume).items():
        for digest in sorted(digests):
            if (kind, digest) not in have:
                session.add(CandidateKey(candidate_id=candidate_id, kind=kind, digest=digest))
                have.add((kind, digest))
                added += 1
    session.flush()
    return added
