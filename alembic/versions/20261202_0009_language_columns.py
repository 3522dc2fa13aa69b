"""language columns: the Indonesian text ends in _ind, not _id, so it cannot pass for a foreign key

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every column holding Indonesian text beside its `_en` twin, as of revision 0008.
COLUMNS = {
    "service": ("name", "description"),
    "office_service": ("advice",),
    "status_change": ("old_advice", "advice"),
    "incident": ("title", "summary"),
    "incident_update": ("body",),
    "notice": ("title", "lede", "body"),
    "notice_revision": ("title", "lede", "body"),
    "maintenance": ("title", "advice"),
    "situation_template": ("name", "advice", "title", "body"),
    "special_day": ("reason",),
    "signal_auto_mark": ("old_advice",),
}


def _rename(suffix_from: str, suffix_to: str) -> None:
    # RENAME COLUMN keeps the data, defaults and constraints in place on PostgreSQL and SQLite (>= 3.25).
    for table, stems in COLUMNS.items():
        for stem in stems:
            op.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{stem}{suffix_from}" TO "{stem}{suffix_to}"')


def upgrade() -> None:
    _rename("_id", "_ind")


def downgrade() -> None:
    _rename("_ind", "_id")
