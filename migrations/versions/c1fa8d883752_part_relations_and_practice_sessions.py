"""part relations and practice sessions

Revision ID: c1fa8d883752
Revises: 3ca73d2d9de0
Create Date: 2026-11-25 20:11:32.749766

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1fa8d883752'
down_revision = '3ca73d2d9de0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('part_relations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_part_id', sa.Integer(), nullable=False),
    sa.Column('to_part_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['from_part_id'], ['parts.id'], name=op.f('fk_part_relations_from_part_id_parts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_part_id'], ['parts.id'], name=op.f('fk_part_relations_to_part_id_parts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_part_relations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_part_relations')),
    sa.UniqueConstraint('from_part_id', 'to_part_id', 'kind', name=op.f('uq_part_relations_from_part_id_to_part_id_kind'))
    )
    with op.batch_alter_table('part_relations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_part_relations_user_id'), ['user_id'], unique=False)

    op.create_table('practice_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_slug', sa.String(length=80), nullable=False),
    sa.Column('part_id', sa.Integer(), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished', sa.Boolean(), nullable=False),
    sa.Column('self_energy_before', sa.Integer(), nullable=True),
    sa.Column('self_energy_after', sa.Integer(), nullable=True),
    sa.Column('part_updated', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['part_id'], ['parts.id'], name=op.f('fk_practice_sessions_part_id_parts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_practice_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_sessions')),
    sa.UniqueConstraint('user_id', 'client_id', name=op.f('uq_practice_sessions_user_id_client_id'))
    )
    with op.batch_alter_table('practice_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_sessions_part_id'), ['part_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_sessions_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('practice_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_practice_sessions_part_id'))

    op.drop_table('practice_sessions')
    with op.batch_alter_table('part_relations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_part_relations_user_id'))

    op.drop_table('part_relations')
