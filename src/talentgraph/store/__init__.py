"""Storage: SQLAlchemy tables, the database (SQLite by default, PostgreSQL by URL), Alembic
migrations, encryption at rest and repositories (docs/workspace.md)."""

from talentgraph.store._crypto import (
    EncryptedJSON,
    EncryptedText,
    configure_keys,
    generate_key,
    rotate_value,
)
from talentgraph.store._db import Database, head_revision, migrate, open_database, schema_revision
from talentgraph.store._models import *  # noqa: F403
from talentgraph.store._models import __all__ as _model_names
from talentgraph.store._query import Page, paginate

__all__ = [
    "Database",
    "Page",
    "EncryptedJSON",
    "EncryptedText",
    "configure_keys",
    "generate_key",
    "head_revision",
    "migrate",
    "open_database",
    "paginate",
    "rotate_value",
    "schema_revision",
    *_model_names,
]
