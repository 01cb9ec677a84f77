"""The skill framework (技能框架): skills, aliases (zh/en), categories, prerequisites, roles.

Built from a curated AI/LLM layer, ESCO and O*NET by ``talentgraph taxonomy build``; shipped as
``data/taxonomy.json.gz``; an organisation can add its own skills, aliases and roles with a YAML
overlay (see docs/taxonomy.md).
"""

from talentgraph.taxonomy._build import BuildReport, build_taxonomy
from talentgraph.taxonomy._keys import alias_key
from talentgraph.taxonomy._load import load_taxonomy
from talentgraph.taxonomy._taxonomy import SOURCE_ORDER, Alias, Taxonomy

__all__ = [
    "SOURCE_ORDER",
    "Alias",
    "BuildReport",
    "Taxonomy",
    "alias_key",
    "build_taxonomy",
    "load_taxonomy",
]
