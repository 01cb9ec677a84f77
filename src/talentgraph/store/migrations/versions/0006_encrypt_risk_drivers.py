"""risk_scores.drivers encrypted at rest: a driver's words can quote a person's pay (issue 7)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 08:05:00

The column becomes text holding the encrypted JSON (store._crypto.EncryptedJSON); existing rows
are encrypted with the workspace's current key (open_database configures the keys before it
migrates). The downgrade decrypts them back to plain JSON.
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from talentgraph.store._crypto import decrypt_value, encrypt_value

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_CHUNK = 1000


def _rewrite(convert) -> None:  # type: ignore[no-untyped-def]
    table = sa.table('risk_scores', sa.column('id', sa.Integer()),
                     sa.column('drivers', sa.Text()))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(table.c.id, table.c.drivers).where(table.c.id > last)
                            .order_by(table.c.id).limit(_CHUNK)).all()
        if not rows:
            break
        bind.execute(table.update().where(table.c.id == sa.bindparam('rid'))
                     .values(drivers=sa.bindparam('value')),
                     [{'rid': row[0], 'value': None if row[1] is None else convert(row[1])}
                      for row in rows])
        last = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table('risk_scores') as batch_op:
        batch_op.alter_column('drivers', existing_type=sa.JSON(), type_=sa.Text(),
                              postgresql_using='drivers::text')
    _rewrite(lambda text: encrypt_value(json.dumps(json.loads(text), ensure_ascii=False,
                                                   sort_keys=True)))


def downgrade() -> None:
    _rewrite(decrypt_value)
    with op.batch_alter_table('risk_scores') as batch_op:
        batch_op.alter_column('drivers', existing_type=sa.Text(), type_=sa.JSON(),
                              postgresql_using='drivers::json')
