"""office class: only the classes the directorate gives its offices (or none)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 02:00:00
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The values of models.OfficeClass as of this revision (a migration does not import the models).
CLASSES = ("I_KHUSUS_TPI", "I_KHUSUS_NON_TPI", "I_TPI", "I_NON_TPI", "II_TPI", "II_NON_TPI", "III_TPI",
           "III_NON_TPI")


def upgrade() -> None:
    values = ", ".join(f"'{value}'" for value in CLASSES)
    with op.batch_alter_table('office', schema=None) as batch_op:
        # NULL (an office without a class) passes: a CHECK refuses only what is false.
        batch_op.create_check_constraint('ck_office_class', f"office_class IN ({values})")


def downgrade() -> None:
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_constraint('ck_office_class', type_='check')
