"""Read files, decode bytes, normalise text with an offset map, detect language, split sections.

Public API (everything else lives in private ``_module.py`` files):

- ``read_records``, ``read_document``, ``decode_bytes``, ``iter_paths``: files -> text/records;
- ``normalise_text`` -> ``NormalisedText`` (text, offsets, ``span_to_original``);
- ``detect_language``: "zh" or "en";
- ``split_sections`` -> ``list[Section]``; ``requirement_of``: "required"/"preferred"/None.
"""

from talentgraph.text._decode import decode_bytes
from talentgraph.text._language import ZH_IDEOGRAPH_SHARE, detect_language
from talentgraph.text._legal import LEGAL_CUES, mark_legal
from talentgraph.text._normalise import NormalisedText, normalise_text
from talentgraph.text._paths import iter_paths
from talentgraph.text._read import DOCUMENT_FORMATS, TABLE_FORMATS, read_document, read_records
from talentgraph.text._requirement import (
    HARD_REQUIRED_CUES,
    PREFERRED_CUES,
    REQUIRED_CUES,
    requirement_of,
    requirements_of,
)
from talentgraph.text._sections import SECTION_HEADINGS, SECTION_KINDS, split_sections

__all__ = [
    "LEGAL_CUES",
    "mark_legal",
    "DOCUMENT_FORMATS",
    "HARD_REQUIRED_CUES",
    "PREFERRED_CUES",
    "REQUIRED_CUES",
    "SECTION_HEADINGS",
    "SECTION_KINDS",
    "TABLE_FORMATS",
    "ZH_IDEOGRAPH_SHARE",
    "NormalisedText",
    "decode_bytes",
    "detect_language",
    "iter_paths",
    "normalise_text",
    "read_document",
    "read_records",
    "requirement_of",
    "requirements_of",
    "split_sections",
]
