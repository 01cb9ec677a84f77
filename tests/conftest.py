"""Fixtures shared by the whole suite: a fresh workspace database on SQLite and on PostgreSQL.

PostgreSQL comes from ``TALENTGRAPH_TEST_POSTGRES_URL`` (CI sets it to the local server); when it
is unset, pytest-postgresql starts a throwaway cluster from Debian's PostgreSQL binaries.
Each test gets its own new database on that server, dropped afterwards.
"""

from __future__ import annotations

import glob
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from talentgraph.store import Database, generate_key, open_database

TEST_KEY = generate_key()


def _pg_ctl() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return found[-1] if found else "pg_ctl"


@pytest.fixture(scope="session")
def postgres_server_url(request: pytest.FixtureRequest) -> str:
    """A PostgreSQL server URL whose user may create databases."""
    url = os.environ.get("TALENTGRAPH_TEST_POSTGRES_URL")
    if url:
        return url
    from pytest_postgresql.executor import PostgreSQLExecutor
    from pytest_postgresql.executor_noop import NoopExecutor  # noqa: F401 (import check)

    tmp = request.config._tmp_path_factory.mktemp("pgdata")  # type: ignore[attr-defined]
    executor = PostgreSQLExecutor(
        executable=_pg_ctl(), host="127.0.0.1", port=55432, user="postgres",
        options="", startparams="-w", dbname="postgres",
        unixsocketdir=str(tmp), datadir=str(tmp / "data"), logfile=str(tmp / "pg.log"),
        password="", postgres_options="")
    executor.start()
    request.addfinalizer(executor.stop)
    return "postgresql+psycopg://postgres@127.0.0.1:55432/postgres"


def _fresh_postgres(server_url: str) -> tuple[str, str]:
    name = f"tg_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(server_url).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return str(make_url(server_url).set(drivername="postgresql+psycopg", database=name)
               .render_as_string(hide_password=False)), name


def _drop_postgres(server_url: str, name: str) -> None:
    admin = create_engine(make_url(server_url).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> Iterator[str]:
    """The URL of a new, empty database: once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/talentgraph.db"
        return
    server = request.getfixturevalue("postgres_server_url")
    url, name = _fresh_postgres(server)
    yield url
    _drop_postgres(server, name)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A new workspace database, migrated, on SQLite and on PostgreSQL."""
    db = open_database(database_url, keys=[TEST_KEY])
    yield db
    db.dispose()
