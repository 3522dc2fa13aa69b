"""subscription scope unique with NULLs; link-token nonce; link-page rate limit; webhook secret rotation

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 00:40:00

- subscription: the unique constraint on (email, office_id, service_id) let PostgreSQL keep
  two rows with the same NULL scope; a unique index over COALESCE(..., 0) covers them.
  Each row gets a random token_nonce (existing rows one each: links in mail sent before
  this revision stop working, as they were computable from the address and time).
- subscribe_attempt.kind: the confirm and unsubscribe pages are rate-limited as "link".
- webhook_endpoint: secrets move to the Standard Webhooks "whsec_<base64>" form (the key
  bytes stay the same), and previous_secret/previous_secret_until keep a rotated-out
  secret valid for a grace period.
"""

import base64
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SCOPE = (sa.text('coalesce(office_id, 0)'), sa.text('coalesce(service_id, 0)'))


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.drop_constraint('uq_subscription_scope', type_='unique')
        batch_op.add_column(sa.Column('token_nonce', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False,
                                      server_default=''))
    op.create_index('uq_subscription_scope', 'subscription', ['email', *_SCOPE], unique=True)
    for (row_id,) in bind.execute(sa.text('SELECT id FROM subscription')).all():
        bind.execute(sa.text('UPDATE subscription SET token_nonce = :nonce WHERE id = :id'),
                     {'nonce': secrets.token_urlsafe(16), 'id': row_id})

    with op.batch_alter_table('subscribe_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default='subscribe'))

    with op.batch_alter_table('webhook_endpoint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_secret', sqlmodel.sql.sqltypes.AutoString(length=128),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('previous_secret_until', sa.DateTime(timezone=True), nullable=True))
    for row_id, secret in bind.execute(sa.text('SELECT id, secret FROM webhook_endpoint')).all():
        if not secret.startswith('whsec_'):
            # The old scheme keyed the HMAC with the secret's UTF-8 bytes: the same bytes, re-encoded.
            bind.execute(sa.text('UPDATE webhook_endpoint SET secret = :secret WHERE id = :id'),
                         {'secret': 'whsec_' + base64.b64encode(secret.encode()).decode(), 'id': row_id})


def downgrade() -> None:
    with op.batch_alter_table('webhook_endpoint', schema=None) as batch_op:
        batch_op.drop_column('previous_secret_until')
        batch_op.drop_column('previous_secret')
    with op.batch_alter_table('subscribe_attempt', schema=None) as batch_op:
        batch_op.drop_column('kind')
    op.drop_index('uq_subscription_scope', table_name='subscription')
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.drop_column('token_nonce')
        batch_op.create_unique_constraint('uq_subscription_scope', ['email', 'office_id', 'service_id'])
