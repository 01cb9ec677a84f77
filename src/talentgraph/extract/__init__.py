"""Extraction: turn a posting or resume into skills, fields and a role family, with evidence."""

from talentgraph.extract._emerging import candidate_phrases
from talentgraph.extract._facts import make_facts, make_facts_batch
from talentgraph.extract._matcher import ExactMatch, SkillMatcher
from talentgraph.extract._occupation import OccupationNormaliser
from talentgraph.extract._pipeline import (
    COMPONENTS,
    DEFAULT_COMPONENTS,
    EXACT_ONLY_COMPONENTS,
    SPAN_MODELS,
    Pipeline,
    build_pipeline,
)
from talentgraph.extract._resume import parse_resume
from talentgraph.extract._resume_duplicates import MatchReason, find_duplicates, same_person
from talentgraph.extract._role import (
    RoleClassifier,
    evaluate_role_classifier,
    load_role_classifier,
    train_role_classifier,
)

__all__ = [
    "candidate_phrases",
    "make_facts",
    "make_facts_batch",
    "COMPONENTS",
    "DEFAULT_COMPONENTS",
    "EXACT_ONLY_COMPONENTS",
    "SPAN_MODELS",
    "ExactMatch",
    "OccupationNormaliser",
    "Pipeline",
    "RoleClassifier",
    "SkillMatcher",
    "build_pipeline",
    "evaluate_role_classifier",
    "MatchReason",
    "find_duplicates",
    "parse_resume",
    "same_person",
    "load_role_classifier",
    "train_role_classifier",
]
