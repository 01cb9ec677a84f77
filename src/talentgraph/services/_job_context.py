"""What a running job sees: its id, parameters, the database, who started it, the settings,
and ``progress(fraction, message)``, which writes to the job's row at most twice a second."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from talentgraph.domain import Actor
from talentgraph.errors import ParameterError
from talentgraph.settings import Settings
from talentgraph.store import Database, Job

__all__ = ["JobContext", "ProgressWriter"]

log = logging.getLogger(__name__)

#: Longest progress message kept (characters).
MAX_MESSAGE = 500
_SQLITE_WAIT_MS = 50  # how long a progress write waits for another writer on SQLite
_SQLITE_BUSY_MS = 10_000  # the busy timeout every connection has (store._db)


class ProgressWriter:
    """Writes a running job's progress and message to its row: the first report at once, then
    at most one write per ``interval`` seconds; :meth:`flush` writes the last report if it was
    held back. ``clock`` is a seam for tests."""

    def __init__(self, database: Database, job_id: int, *, interval: float = 0.5,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.database = database
        self.job_id = job_id
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        self._last_write: float | None = None
        self._pending: tuple[float, str] | None = None
        self.writes = 0

    def report(self, fraction: float, message: str = "") -> None:
        """Record progress (0 to 1) and a message; written now unless the last write was recent."""
        if not isinstance(fraction, int | float) or isinstance(fraction, bool) \
                or math.isnan(fraction) or not 0.0 <= fraction <= 1.0:
            raise ParameterError.invalid("fraction", "JobContext.progress",
                                         "a number from 0 to 1", fraction)
        with self._lock:
            self._pending = (float(fraction), str(message)[:MAX_MESSAGE])
            now = self.clock()
            if self._last_write is None or now - self._last_write >= self.interval:
                self._write_locked(now)

    def flush(self) -> None:
        """Write the last report if it has not been written yet."""
        with self._lock:
            if self._pending is not None:
                self._write_locked(self.clock())

    @property
    def last(self) -> tuple[float, str] | None:
        """The last (fraction, message) reported and not yet written, if any."""
        return self._pending

    def _write_locked(self, now: float) -> None:
        assert self._pending is not None
        fraction, message = self._pending
        self._last_write = now
        statement = update(Job).where(Job.id == self.job_id, Job.status == "running") \
            .values(progress=fraction, message=message)
        with self.database.engine.connect() as connection:
            # A job may hold a write transaction of its own while it reports (an import is one
            # transaction): on SQLite this write would wait for it, so try briefly and keep the
            # report for the next write (or the job's end) instead of stalling the job.
            if self.database.is_sqlite:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={_SQLITE_WAIT_MS}")
            try:
                connection.execute(statement)
                connection.commit()
            except OperationalError as exc:
                connection.rollback()
                log.debug("job %s: progress not written now (%s)", self.job_id, exc.orig)
                return
            finally:
                if self.database.is_sqlite:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
        self._pending = None
        self.writes += 1


@dataclass(frozen=True, slots=True)
class JobContext:
    """Handed to a job kind's function: what to do (``params``), for whom (``actor``), where
    (``database``, ``settings``), and how to say how far it got (:meth:`progress`)."""

    job_id: int
    params: dict[str, Any]
    database: Database
    actor: Actor
    settings: Settings
    writer: ProgressWriter = field(repr=False)

    def progress(self, fraction: float, message: str = "") -> None:
        """Report progress from 0 to 1 and a short message (throttled to ~2 writes a second)."""
        self.writer.report(fraction, message)
