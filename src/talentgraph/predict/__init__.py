"""Attrition risk: a calibrated, explained estimator, its evaluation, storage, card and report.

Public API (everything else lives in private ``_module.py`` files):

- ``AttritionModel``: scikit-learn estimator (``fit`` / ``predict_proba`` / ``predict`` /
  ``risk_bands`` / ``contributions`` / ``explain``) for snapshot or survival HR data, protected
  attributes excluded; ``Driver`` is one worded driver of a risk;
- ``evaluate_attrition``: stratified k-fold CV of the model and a plain baseline in one run;
- ``train_attrition``: HR table -> evaluated model folder (model, ``model.json``,
  ``metrics.json``, ``model_card.md``); ``save_model`` / ``load_model`` -> ``ModelBundle``;
- ``read_hr_table`` -> ``HrTable``; ``score_frame``: row, id, risk, band, drivers;
- ``build_retention_report`` / ``write_retention_report``: the HTML report with its fairness
  section (``fairness_by_group``);
- ``find_protected_columns``, ``parse_left_flag``: the column rules.
"""

from talentgraph.predict._attrition import BANDS, CALIBRATION_METHODS, AttritionModel, band_of
from talentgraph.predict._columns import (
    PROTECTED_ALIASES,
    find_protected_columns,
    parse_left_flag,
    screen_columns,
)
from talentgraph.predict._evaluate import evaluate_attrition
from talentgraph.predict._explain import Driver, summarise_drivers
from talentgraph.predict._fairness import FOUR_FIFTHS, fairness_by_group
from talentgraph.predict._report import (
    REPORT_FILE,
    RetentionReport,
    build_retention_report,
    write_retention_report,
)
from talentgraph.predict._scoring import score_frame
from talentgraph.predict._store import ModelBundle, load_model, model_version, save_model
from talentgraph.predict._survival import DURATION_UNITS
from talentgraph.predict._table import HrTable, read_hr_table
from talentgraph.predict._training import train_attrition

__all__ = [
    "BANDS",
    "CALIBRATION_METHODS",
    "DURATION_UNITS",
    "FOUR_FIFTHS",
    "PROTECTED_ALIASES",
    "REPORT_FILE",
    "AttritionModel",
    "Driver",
    "HrTable",
    "ModelBundle",
    "RetentionReport",
    "band_of",
    "build_retention_report",
    "evaluate_attrition",
    "fairness_by_group",
    "find_protected_columns",
    "load_model",
    "model_version",
    "parse_left_flag",
    "read_hr_table",
    "save_model",
    "score_frame",
    "screen_columns",
    "summarise_drivers",
    "train_attrition",
    "write_retention_report",
]
