"""situation templates; the workspace language of each account

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:30:00
"""

from collections.abc import Sequence
from datetime import datetime, timezone

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The situations of the first hour of an outage, as they stood when this revision was written; admins
# edit them in the workspace afterwards. Placeholders: {office}, {service}, {time}, {zone}.
SEED = [
    dict(code="central_system_disruption", kind="declare", availability="unavailable", service_code="",
         office_types="",
         name_id="Gangguan sistem pusat", name_en="Central system disruption",
         advice_id="{service} belum dapat dilayani karena gangguan sistem pusat sejak {time} {zone}. Jangan datang "
                   "dulu; periksa halaman ini sebelum berangkat.",
         advice_en="{service} cannot be served because of a central system disruption since {time} {zone}. "
                   "Please do not come yet; check this page before you set off.",
         title_id="Gangguan sistem pusat: {service}", title_en="Central system disruption: {service}",
         body_id="Sejak {time} {zone}, {service} di {office} terganggu karena gangguan sistem pusat.",
         body_en="Since {time} {zone}, {service} at {office} is disrupted by a central system failure."),
    dict(code="passport_express_suspended", kind="declare", availability="unavailable",
         service_code="passport_express", office_types="",
         name_id="Paspor percepatan dihentikan", name_en="Express passport suspended",
         advice_id="Layanan paspor percepatan dihentikan sementara sejak {time} {zone}. Permohonan paspor biasa "
                   "tetap dapat diajukan.",
         advice_en="The same-day express passport is suspended since {time} {zone}. Regular passport applications "
                   "can still be made.",
         title_id="Paspor percepatan dihentikan sementara", title_en="Express passport suspended",
         body_id="{service} dihentikan sementara di {office} sejak {time} {zone}.",
         body_en="{service} is suspended at {office} since {time} {zone}."),
    dict(code="arrive_early_ports", kind="declare", availability="limited", service_code="border_crossing",
         office_types="tpi_airport,tpi_seaport",
         name_id="Datang lebih awal di bandara dan pelabuhan", name_en="Arrive early at airports and seaports",
         advice_id="Pemeriksaan keimigrasian berjalan lebih lambat. Datanglah lebih awal: sekurangnya 3 jam "
                   "sebelum keberangkatan internasional.",
         advice_en="Immigration clearance is slower than usual. Arrive early: at least 3 hours before an "
                   "international departure.",
         title_id="Datang lebih awal di bandara dan pelabuhan", title_en="Arrive early at airports and seaports",
         body_id="{service} di {office} berjalan terbatas sejak {time} {zone}. Penumpang diminta datang lebih awal, "
                 "sekurangnya 3 jam sebelum keberangkatan internasional.",
         body_en="{service} at {office} is limited since {time} {zone}. Passengers should arrive early, at least "
                 "3 hours before an international departure."),
    dict(code="office_closed", kind="declare", availability="unavailable", service_code="", office_types="",
         name_id="Kantor tutup", name_en="Office closed",
         advice_id="Kantor tutup sejak {time} {zone}; {service} tidak dapat dilayani. Jadwalkan ulang kedatangan "
                   "Anda.",
         advice_en="The office is closed since {time} {zone}; {service} cannot be served. Please reschedule your "
                   "visit.",
         title_id="{office} tutup", title_en="{office} closed",
         body_id="{office} tutup sejak {time} {zone}. {service} tidak dapat dilayani sampai pemberitahuan berikutnya.",
         body_en="{office} is closed since {time} {zone}. {service} cannot be served until further notice."),
    dict(code="service_restored", kind="resolve", availability="normal", service_code="", office_types="",
         name_id="Layanan pulih", name_en="Service restored",
         advice_id="", advice_en="",
         title_id="Layanan kembali normal: {service}", title_en="Services back to normal: {service}",
         body_id="{service} di {office} kembali berjalan normal sejak {time} {zone}. Terima kasih atas kesabaran "
                 "Anda.",
         body_en="{service} at {office} is running normally again since {time} {zone}. Thank you for your "
                 "patience."),
]


def upgrade() -> None:
    template = op.create_table(
        'situation_template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('name_id', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('availability', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('service_code', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column('office_types', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('advice_id', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column('advice_en', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column('title_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('title_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('body_id', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column('body_en', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('declare', 'resolve')", name='ck_situation_template_kind'),
        sa.CheckConstraint("availability IN ('normal', 'limited', 'unavailable')",
                           name='ck_situation_template_availability'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['editor.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('situation_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_situation_template_code'), ['code'], unique=True)
    with op.batch_alter_table('editor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False,
                                      server_default='id'))
    now = datetime(2026, 12, 2, tzinfo=timezone.utc)
    op.bulk_insert(template, [{**row, "updated_at": now, "updated_by_id": None, "version": 1} for row in SEED])


def downgrade() -> None:
    with op.batch_alter_table('editor', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('situation_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_situation_template_code'))
    op.drop_table('situation_template')
