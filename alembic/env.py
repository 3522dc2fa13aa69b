"""Alembic environment for `alembic` and `python -m imigrasi_site migrate`.

(`reflex db migrate` drives the same version scripts through its own environment.)
"""

from alembic import context
from sqlmodel import SQLModel

import imigrasi_site.core.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from imigrasi_site.core.db import get_engine
from imigrasi_site.core.models import UTCDateTime
from imigrasi_site.core.settings import get_settings

config = context.config


def render_item(type_, obj, autogen_context):
    # Migrations stay plain SQLAlchemy: the UTC conversion lives in the model, not the schema.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url") or get_settings().db_url
    with get_engine(url).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=SQLModel.metadata,
            render_item=render_item,
            render_as_batch=True,  # SQLite alters tables by copying them
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
