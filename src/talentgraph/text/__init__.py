"""Read files, decode bytes, normalise text with an offset map, detect language, split sections.

Public API (everything else lives in private ``_module.py`` files):

- ``read_records``, ``read_document``, ``decode_bytes``, ``iter_paths``: files -> text/records;
- ``read_table_rows`` -> ``TableRows`` (header + raw rows), ``recognise_columns``,
  ``iter_postings`` (+ ``PostingReadStats``), ``parse_posting_date``: postings for the market
  analysis;
- ``normalise_text`` -> ``NormalisedText`` (text, offsets, ``span_to_original``);
- ``detect_language``: "zh" or "en";
- ``split_sections`` -> ``list[Section]``; ``requirement_of``: "required"/"preferred"/None.
"""

from talentgraph.text._columns import (
    POSTING_COLUMN_ALIASES,
    TEXT_FALLBACK_ALIASES,
    recognise_columns,
)
from talentgraph.text._dates import parse_posting_date
from talentgraph.text._decode import decode_bytes
from talentgraph.text._language import ZH_IDEOGRAPH_SHARE, detect_language
from talentgraph.text._legal import LEGAL_CUES, mark_legal
from talentgraph.text._minhash import (
    MINHASH_NUM_PERM,
    MINHASH_SEED,
    duplicate_keys,
    minhash_signature,
    text_key,
)
from talentgraph.text._normalise import NormalisedText, normalise_text
from talentgraph.text._paths import iter_paths
from talentgraph.text._postings import MAX_POSTING_CHARS, PostingReadStats, iter_postings
from talentgraph.text._read import DOCUMENT_FORMATS, TABLE_FORMATS, read_document, read_records
from talentgraph.text._requirement import (
    HARD_REQUIRED_CUES,
    PREFERRED_CUES,
    REQUIRED_CUES,
    requirement_of,
    requirements_of,
)
from talentgraph.text._rows import TableRows, read_table_rows
from talentgraph.text._sections import SECTION_HEADINGS, SECTION_KINDS, split_sections

__all__ = [
    "MINHASH_NUM_PERM",
    "MINHASH_SEED",
    "duplicate_keys",
    "minhash_signature",
    "text_key",
    "LEGAL_CUES",
    "mark_legal",
    "DOCUMENT_FORMATS",
    "HARD_REQUIRED_CUES",
    "MAX_POSTING_CHARS",
    "POSTING_COLUMN_ALIASES",
    "PREFERRED_CUES",
    "REQUIRED_CUES",
    "SECTION_HEADINGS",
    "SECTION_KINDS",
    "TABLE_FORMATS",
    "TEXT_FALLBACK_ALIASES",
    "ZH_IDEOGRAPH_SHARE",
    "NormalisedText",
    "PostingReadStats",
    "TableRows",
    "decode_bytes",
    "detect_language",
    "iter_paths",
    "iter_postings",
    "normalise_text",
    "parse_posting_date",
    "read_document",
    "read_records",
    "read_table_rows",
    "recognise_columns",
    "requirement_of",
    "requirements_of",
    "split_sections",
]
