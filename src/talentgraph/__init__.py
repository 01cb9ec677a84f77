"""talentgraph: bilingual talent intelligence for AI organisations.

The public API is what ``__all__`` lists; everything in ``_private`` modules may change.
"""

from talentgraph.errors import TalentGraphError

__version__ = "0.1.0"

__all__ = ["TalentGraphError", "__version__"]
