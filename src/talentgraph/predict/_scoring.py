"""Scores for a table of employees: row, optional id, risk, band and the top drivers in words."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from talentgraph.errors import ParameterError
from talentgraph.predict._attrition import AttritionModel, band_of

__all__ = ["DRIVER_SEPARATOR", "SCORE_COLUMNS", "score_frame"]

SCORE_COLUMNS = ("row", "risk", "band", "drivers")
DRIVER_SEPARATOR = "; "


def score_frame(model: AttritionModel, frame: pd.DataFrame, *, rows: Sequence[int] | None = None,
                id_col: str | None = None, lang: str = "en", top: int = 3) -> pd.DataFrame:
    """One line per employee: ``row`` (1-based input row), ``id_col`` when given, ``risk``
    (0-1, 4 decimals), ``band`` and ``drivers`` (the ``top`` drivers, "; "-separated)."""
    numbers = np.arange(1, len(frame) + 1) if rows is None else np.asarray(rows, dtype=int)
    if len(numbers) != len(frame):
        raise ParameterError(f"score_frame needs one row number per row of the frame. Got "
                             f"{len(numbers)} numbers for {len(frame)} rows instead.")
    risk = model.predict_risk(frame)
    drivers = model.explain(frame, top=top, lang=lang)
    out = {"row": numbers}
    if id_col is not None:
        out[id_col] = frame[id_col].to_numpy()
    out["risk"] = np.round(risk, 4)
    out["band"] = [band_of(float(r), model.band_cutoffs_) for r in risk]
    out["drivers"] = [DRIVER_SEPARATOR.join(d.text for d in row) for row in drivers]
    return pd.DataFrame(out)
