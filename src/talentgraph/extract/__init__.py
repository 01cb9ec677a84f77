"""Extraction: turn a posting or resume into skills, fields and a role family, with evidence."""

from talentgraph.extract._matcher import ExactMatch, SkillMatcher
from talentgraph.extract._pipeline import (
    COMPONENTS,
    DEFAULT_COMPONENTS,
    EXACT_ONLY_COMPONENTS,
    Pipeline,
    build_pipeline,
)

__all__ = [
    "COMPONENTS",
    "DEFAULT_COMPONENTS",
    "EXACT_ONLY_COMPONENTS",
    "ExactMatch",
    "Pipeline",
    "SkillMatcher",
    "build_pipeline",
]
