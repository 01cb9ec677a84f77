"""The public API of talentgraph.predict: exactly __all__, documented, typed; the estimator contract."""

from __future__ import annotations

import inspect

import pandas as pd
from sklearn.base import clone

import talentgraph.predict as predict_package
from talentgraph.predict import AttritionModel
from tests.predict._synthetic import make_snapshot


def test_all_is_the_public_surface_and_documented() -> None:
    public = {name for name in vars(predict_package) if not name.startswith("_")
              and not inspect.ismodule(getattr(predict_package, name))}
    assert public - {"annotations"} == set(predict_package.__all__)
    for name in predict_package.__all__:
        value = getattr(predict_package, name)
        if callable(value):
            assert value.__doc__, f"{name} has no docstring"


def test_public_methods_are_typed_and_documented() -> None:
    for name, member in vars(AttritionModel).items():
        if name.startswith("_") or not callable(member):
            continue
        assert member.__doc__, f"AttritionModel.{name} has no docstring"
        assert "return" in member.__annotations__, f"AttritionModel.{name} is untyped"


def test_estimator_contract_init_stores_fit_learns_returns_self() -> None:
    model = AttritionModel(C=0.1, protected=("Team",), cv=3)
    assert model.get_params()["C"] == 0.1 and model.get_params()["protected"] == ("Team",)
    assert not [k for k in vars(model) if k.endswith("_")]  # nothing learned at construction
    copy = clone(model)
    assert copy.get_params() == model.get_params()
    data = make_snapshot(150, seed=7)
    fitted = copy.fit(data.drop(columns="Attrition"), data["Attrition"])
    assert fitted is copy
    assert {"threshold_", "band_cutoffs_", "excluded_", "calibrated_", "design_"} <= set(vars(copy))
    assert list(copy.feature_names_in_) == list(data.drop(columns="Attrition").columns)
    assert isinstance(copy.contributions(data.head(3)), pd.DataFrame)
