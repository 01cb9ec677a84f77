"""Opening the database: the engine (SQLite with WAL by default, PostgreSQL by URL), sessions,
and migrating the schema to the newest Alembic revision."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from talentgraph.errors import ConfigError

__all__ = ["Database", "migrate", "open_database", "schema_revision"]

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (sqlite:///file.db or postgresql+psycopg://...)."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with no useful hint
        raise ConfigError(f"TALENTGRAPH_DATABASE_URL is not a database URL: {url!r}",
                          details=["Use sqlite:///path/to/talentgraph.db or "
                                   "postgresql+psycopg://user@host:5432/dbname."]) from exc
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise ConfigError(f"Unsupported database {parsed.get_backend_name()!r}.",
                          details=["talentgraph runs on SQLite or PostgreSQL."])
    return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (creating every table in a new database)."""
    command.upgrade(_alembic_config(engine), revision)


def schema_revision(bind: Engine | Connection) -> str | None:
    """The Alembic revision the database is at (None when it was never migrated). A request
    passes its own connection (the database is migrated then), so it needs no second one."""
    if isinstance(bind, Connection):  # a migrated database's live connection: one plain query
        return bind.scalar(text("SELECT version_num FROM alembic_version"))
    with bind.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision the code ships."""
    script = ScriptDirectory.from_config(_alembic_config(create_engine("sqlite://")))
    return script.get_current_head()


class Database:
    """An engine and its session factory. Use :meth:`session` as a unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        """The URL, password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on any error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, keys: list[str], upgrade: bool = True) -> Database:
    """Open (and by default create or migrate) the database at ``url``, with these
    encryption keys for personal data."""
    from talentgraph.store._crypto import configure_keys

    configure_keys(keys)
    engine = make_engine(url)
    if upgrade:
        migrate(engine)
    return Database(engine)
