"""Candidate-job matching (issue 6): explainable ranking of resumes against an opening.

- ``OpeningSpec`` (+ ``SkillRequirement``): what an opening asks for; ``opening_from_text``
  extracts one from a pasted job description, ``opening_from_yaml`` reads one from YAML;
- ``MatchWeights``: the weight of each named part of the score (skills, similarity,
  experience, education);
- ``CandidateRanker``: ``fit(opening)`` then ``rank(candidates, top_k=..., lang=...)`` ->
  ``MatchResult`` (score 0-100, parts, matched / partly matched / missing skills with the resume
  evidence, an explanation); ``CandidateIndex`` holds many resumes encoded once;
- ``explain(result, lang)``: the explanation in English or Chinese.
"""

from talentgraph.match._explain import LANGUAGES, explain
from talentgraph.match._index import CandidateIndex
from talentgraph.match._opening import OpeningSpec, SkillRequirement, opening_from_text
from talentgraph.match._opening_yaml import opening_from_yaml
from talentgraph.match._parts import SIMILARITY_CEIL, SIMILARITY_FLOOR, UNKNOWN_FIT
from talentgraph.match._ranker import CandidateRanker
from talentgraph.match._result import MatchPart, MatchResult, SkillMatch
from talentgraph.match._weights import PARTS, MatchWeights

__all__ = [
    "LANGUAGES",
    "PARTS",
    "SIMILARITY_CEIL",
    "SIMILARITY_FLOOR",
    "UNKNOWN_FIT",
    "CandidateIndex",
    "CandidateRanker",
    "MatchPart",
    "MatchResult",
    "MatchWeights",
    "OpeningSpec",
    "SkillMatch",
    "SkillRequirement",
    "explain",
    "opening_from_text",
    "opening_from_yaml",
]
