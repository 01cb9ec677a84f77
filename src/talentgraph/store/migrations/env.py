"""Alembic environment: migrations run on the engine talentgraph passes in (never a URL from an
ini file), so the CLI, the server and the tests all migrate the same way."""

from __future__ import annotations

from alembic import context

from talentgraph.store._models import metadata

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
