"""Fixtures shared by the whole suite: a fresh workspace database on SQLite and on PostgreSQL.

PostgreSQL comes from ``TALENTGRAPH_TEST_POSTGRES_URL`` (CI sets it to the local server); when it
is unset, pytest-postgresql starts a throwaway cluster from Debian's PostgreSQL binaries.
Each test gets its own new database on that server, dropped afterwards.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from talentgraph.store import Database, configure_keys, generate_key, open_database

TEST_KEY = generate_key()


def _pg_ctl() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return found[-1] if found else shutil.which("pg_ctl") or "pg_ctl"


def _cluster_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory for the cluster that the user running PostgreSQL owns.

    PostgreSQL refuses to run as root, so as root the cluster runs as the ``postgres`` system
    user, in a directory under /tmp it owns (pytest's own temporary directories are 0700 root).
    """
    if os.geteuid() != 0:
        return tmp_path_factory.mktemp("pg")
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail("Tests run as root need the `postgres` system user (apt-get install "
                    "postgresql) or TALENTGRAPH_TEST_POSTGRES_URL.", pytrace=False)
    base = Path(tempfile.mkdtemp(prefix="talentgraph-pg-"))
    shutil.chown(base, user="postgres", group="postgres")
    return base


def _pg_ctl_command(base: Path) -> str:
    """pg_ctl itself, or as root a wrapper running it as the ``postgres`` system user."""
    pg_ctl = _pg_ctl()
    if os.geteuid() != 0:
        return pg_ctl
    wrapper = base / "pg_ctl"
    wrapper.write_text(f'#!/bin/sh\ncd "{base}" && exec runuser -u postgres -- '
                       f'"{pg_ctl}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return str(wrapper)


@pytest.fixture(scope="session")
def postgres_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server URL whose user may create databases."""
    url = os.environ.get("TALENTGRAPH_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    from port_for import get_port
    from pytest_postgresql.executors import PostgreSQLExecutor

    base = _cluster_dir(tmp_path_factory)
    port = get_port(None)
    assert port is not None
    executor = PostgreSQLExecutor(
        executable=_pg_ctl_command(base), host="127.0.0.1", port=port, user="postgres",
        dbname="postgres", startparams="-w", unixsocketdir=str(base),
        datadir=str(base / "data"), logfile=str(base / "postgresql.log"))
    executor.start()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        executor.stop()
        shutil.rmtree(base, ignore_errors=True)


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
def encryption_key() -> str:
    """The key the ``database`` fixture encrypts personal data with."""
    return TEST_KEY


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A new workspace database, migrated, on SQLite and on PostgreSQL."""
    db = open_database(database_url, keys=[TEST_KEY])
    yield db
    db.dispose()
    configure_keys([TEST_KEY])  # a test may have rotated or replaced the process's keys
