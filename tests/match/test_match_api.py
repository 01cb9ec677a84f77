"""The public API of talentgraph.match: exactly __all__, every name documented, no upward deps."""

from __future__ import annotations

import inspect

import talentgraph.match as match_package


def test_all_is_the_public_surface_and_documented() -> None:
    public = {name for name in vars(match_package) if not name.startswith("_")
              and not inspect.ismodule(getattr(match_package, name))}
    assert public - {"annotations"} == set(match_package.__all__)
    for name in match_package.__all__:
        value = getattr(match_package, name)
        if callable(value):
            assert value.__doc__, f"{name} has no docstring"


def test_public_methods_are_typed_and_documented() -> None:
    for cls in (match_package.CandidateRanker, match_package.CandidateIndex,
                match_package.MatchWeights):
        for name, member in vars(cls).items():
            if name.startswith("_") or not callable(member):
                continue
            function = getattr(member, "__func__", member)
            assert function.__doc__, f"{cls.__name__}.{name} has no docstring"
            assert "return" in function.__annotations__, f"{cls.__name__}.{name} is untyped"
