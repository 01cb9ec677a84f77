"""The public API of talentgraph.text: exactly __all__, every name importable and documented."""

from __future__ import annotations

import talentgraph.text as text_package


def test_all_names_exist_and_are_documented() -> None:
    assert len(set(text_package.__all__)) == len(text_package.__all__)
    for name in text_package.__all__:
        value = getattr(text_package, name)
        if callable(value):
            assert value.__doc__, f"{name} has no docstring"


def test_public_functions_are_exported() -> None:
    expected = {
        "read_records",
        "read_document",
        "decode_bytes",
        "iter_paths",
        "normalise_text",
        "NormalisedText",
        "detect_language",
        "split_sections",
        "requirement_of",
    }
    assert expected <= set(text_package.__all__)


def test_importing_does_not_load_heavy_readers() -> None:
    import subprocess
    import sys

    code = (
        "import sys, talentgraph.text; "
        "print(sorted(m for m in ('pypdf', 'docx', 'openpyxl', 'opencc', 'charset_normalizer') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
