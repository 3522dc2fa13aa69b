"""two-factor sign-in (TOTP keys, recovery codes) and corrections of published notices awaiting review

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'second_factor',
        sa.Column('editor_id', sa.Integer(), nullable=False),
        sa.Column('secret', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_step', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['editor_id'], ['editor.id']),
        sa.PrimaryKeyConstraint('editor_id'),
    )
    op.create_table(
        'recovery_code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('editor_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['editor_id'], ['editor.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code_hash'),
    )
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_code_editor_id'), ['editor_id'], unique=False)
    op.create_table(
        'notice_correction',
        sa.Column('notice_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('incident_id', sa.Integer(), nullable=True),
        sa.Column('office_codes', sa.Text(), nullable=False),
        sa.Column('proposed_by_id', sa.Integer(), nullable=True),
        sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['incident_id'], ['incident.id']),
        sa.ForeignKeyConstraint(['notice_id'], ['notice.id']),
        sa.ForeignKeyConstraint(['proposed_by_id'], ['editor.id']),
        sa.PrimaryKeyConstraint('notice_id'),
    )


def downgrade() -> None:
    op.drop_table('notice_correction')
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_code_editor_id'))
    op.drop_table('recovery_code')
    op.drop_table('second_factor')
