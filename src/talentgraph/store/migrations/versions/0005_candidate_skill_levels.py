"""candidates.skill_levels: the skills reduced to {slug: level} for fast ranking (issue 6)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 07:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from talentgraph.store._recruiting import skill_levels_of

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_CHUNK = 1000


def upgrade() -> None:
    with op.batch_alter_table('candidates') as batch_op:
        batch_op.add_column(sa.Column('skill_levels', sa.JSON(), nullable=True))
    candidates = sa.table('candidates', sa.column('id', sa.Integer()),
                          sa.column('skills', sa.JSON()), sa.column('skill_levels', sa.JSON()))
    bind = op.get_bind()
    last = 0
    while True:  # fill the new column from the stored skills, a chunk at a time
        rows = bind.execute(sa.select(candidates.c.id, candidates.c.skills)
                            .where(candidates.c.id > last).order_by(candidates.c.id)
                            .limit(_CHUNK)).all()
        if not rows:
            break
        bind.execute(candidates.update().where(candidates.c.id == sa.bindparam('cid'))
                     .values(skill_levels=sa.bindparam('levels')),
                     [{'cid': row[0], 'levels': skill_levels_of(row[1])} for row in rows])
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table('candidates') as batch_op:
        batch_op.drop_column('skill_levels')
