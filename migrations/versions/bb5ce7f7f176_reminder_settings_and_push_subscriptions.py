"""reminders: settings and push subscriptions

Reviewed by hand: two new tables, nothing existing changes. A push endpoint is unique across
everyone (one browser, one owner at a time); reminder_settings has one row per person, and its
last_sent_on / evening_sent_on are what the sender claims (reminders/sending.py).

Revision ID: bb5ce7f7f176
Revises: d5224ca27bf4
Create Date: 2026-12-01 22:00:25.776915

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bb5ce7f7f176'
down_revision = 'd5224ca27bf4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('push_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=1024), nullable=False),
    sa.Column('p256dh', sa.String(length=200), nullable=False),
    sa.Column('auth', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_push_subscriptions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscriptions')),
    sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscriptions_endpoint'))
    )
    with op.batch_alter_table('push_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_subscriptions_user_id'), ['user_id'], unique=False)

    op.create_table('reminder_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('remind_at', sa.Time(), nullable=False),
    sa.Column('days', sa.SmallInteger(), nullable=False),
    sa.Column('skip_if_checked_in', sa.Boolean(), nullable=False),
    sa.Column('evening_at', sa.Time(), nullable=True),
    sa.Column('last_sent_on', sa.Date(), nullable=True),
    sa.Column('evening_sent_on', sa.Date(), nullable=True),
    sa.Column('offer_answered', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminder_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_settings')),
    sa.UniqueConstraint('user_id', name=op.f('uq_reminder_settings_user_id'))
    )
    with op.batch_alter_table('reminder_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_settings_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('reminder_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_settings_user_id'))

    op.drop_table('reminder_settings')
    with op.batch_alter_table('push_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscriptions_user_id'))

    op.drop_table('push_subscriptions')
