"""breathing sessions

Revision ID: 91a5297bdedb
Revises: 3f873316a865
Create Date: 2026-11-25 20:18:24.181065

"""
from alembic import op
import sqlalchemy as sa


revision = '91a5297bdedb'
down_revision = '3f873316a865'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('breathing_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pattern', sa.String(length=16), nullable=False),
    sa.Column('spec', sa.String(length=40), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_breathing_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breathing_sessions')),
    sa.UniqueConstraint('user_id', 'client_id', name=op.f('uq_breathing_sessions_user_id_client_id'))
    )
    with op.batch_alter_table('breathing_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breathing_sessions_local_date'), ['local_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_breathing_sessions_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('breathing_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breathing_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_breathing_sessions_local_date'))
    op.drop_table('breathing_sessions')
