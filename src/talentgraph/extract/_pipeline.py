"""The extraction pipeline: named components run in order over each record.

    read -> normalise -> sections -> skills (exact, model, semantic) -> requirement
         -> fields -> role -> occupation -> finalise (spans back to the original text)

Components register by name in ``COMPONENTS``; ``build_pipeline`` picks the default list or the
one given, so any component can be replaced or left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from talentgraph.domain import Extraction, Record
from talentgraph.errors import ExtractionError, UnknownComponentError
from talentgraph.extract import _components as c

__all__ = ["COMPONENTS", "DEFAULT_COMPONENTS", "EXACT_ONLY_COMPONENTS", "SPAN_MODELS",
           "Pipeline", "build_pipeline"]

#: name -> factory(taxonomy) of every known component.
COMPONENTS: dict[str, Callable[[Any], c.Component]] = {
    "normalise": lambda tx: c.Normalise(),
    "sections": lambda tx: c.Sections(),
    "skills_exact": lambda tx: c.ExactSkills(tx),
    "skills_model": lambda tx: c.ModelSpans(tx),
    "skills_neural": lambda tx: c.NeuralSpans(tx),
    "skills_semantic": lambda tx: c.SemanticSkills(tx),
    "requirement": lambda tx: c.Requirement(),
    "fields": lambda tx: c.Fields(),
    "role": lambda tx: c.RoleFamily(),
    "occupation": lambda tx: c.OccupationTitle(),
    "finalise": lambda tx: c.Finalise(),
}

DEFAULT_COMPONENTS = (
    "normalise", "sections", "skills_exact", "skills_model", "skills_semantic", "requirement",
    "fields", "role", "occupation", "finalise",
)
EXACT_ONLY_COMPONENTS = tuple(
    n for n in DEFAULT_COMPONENTS if n not in ("skills_model", "skills_semantic")
)
#: The span models ``build_pipeline(span_model=...)`` can use.
SPAN_MODELS = {"crf": "skills_model", "neural": "skills_neural"}


class Pipeline:
    """Runs components in order. ``pipeline(record)`` or ``pipeline.pipe(records)``."""

    def __init__(self, components: Sequence[c.Component]) -> None:
        self.components = list(components)
        self._initialized = False

    @property
    def names(self) -> list[str]:
        return [comp.name for comp in self.components]

    def initialize(self) -> Pipeline:
        """Load every component's data and models (idempotent)."""
        if not self._initialized:
            for comp in self.components:
                comp.initialize()
            self._initialized = True
        return self

    def versions(self) -> dict[str, str]:
        return {comp.name: v for comp in self.components if (v := comp.version)}

    def _start(self, record: Record) -> Extraction:
        return Extraction(id=record.id, text=record.text, title=record.title,
                          meta=dict(record.meta))

    def __call__(self, record: Record) -> Extraction:
        return next(iter(self.pipe([record])))

    def pipe(self, records: Iterable[Record], *, batch_size: int = 64) -> Iterator[Extraction]:
        """Extract from many records, batching where a component can vectorise."""
        self.initialize()
        versions = self.versions()
        batch: list[Record] = []
        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch, versions)
                batch = []
        if batch:
            yield from self._run_batch(batch, versions)

    def _run_batch(self, records: list[Record], versions: dict[str, str]) -> list[Extraction]:
        exs = [self._start(r) for r in records]
        for comp in self.components:
            try:
                exs = comp.pipe(exs)
            except Exception as exc:  # a component bug must name itself
                if isinstance(exc, ExtractionError):
                    raise
                raise ExtractionError(
                    f"The pipeline component {comp.name!r} failed on a batch starting with "
                    f"record {records[0].id!r}: {type(exc).__name__}: {exc}. Rerun with --debug "
                    "for the traceback, or leave the component out."
                ) from exc
        for ex in exs:
            ex.versions = dict(versions)
        return exs


def build_pipeline(
    *,
    exact_only: bool = False,
    span_model: str = "crf",
    components: Sequence[str] | None = None,
    taxonomy: Any = None,
) -> Pipeline:
    """The default pipeline, the fast exact-only one, or the components named.

    ``span_model`` picks the English span tagger: ``"crf"`` (fast, the default) or
    ``"neural"`` (a fine-tuned MiniLM, better spans, slower).
    """
    from talentgraph.errors import ParameterError

    if span_model not in SPAN_MODELS:
        raise ParameterError.invalid("span_model", "build_pipeline",
                                     f"one of {sorted(SPAN_MODELS)}", span_model)
    names = list(components or (EXACT_ONLY_COMPONENTS if exact_only else DEFAULT_COMPONENTS))
    if components is None and span_model != "crf":
        names = [SPAN_MODELS[span_model] if n == "skills_model" else n for n in names]
    unknown = [n for n in names if n not in COMPONENTS]
    if unknown:
        raise UnknownComponentError(
            f"Unknown pipeline component {unknown[0]!r}. Known components: "
            f"{', '.join(COMPONENTS)}."
        )
    return Pipeline([COMPONENTS[n](taxonomy) for n in names])
