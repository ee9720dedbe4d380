"""checkins: a mood check-in, the parts present with it (Self qualities are a bitmask)

Revision ID: 3f873316a865
Revises: 9382c1605123
Create Date: 2026-11-25 20:11:14.343901

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '3f873316a865'
down_revision = '9382c1605123'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mood', sa.SmallInteger(), nullable=False),
    sa.Column('energy', sa.SmallInteger(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('feelings', sa.JSON(), nullable=False),
    sa.Column('self_mask', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_checkins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins')),
    sa.UniqueConstraint('user_id', 'client_id', name=op.f('uq_checkins_user_id_client_id'))
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkins_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_checkins_user_id_local_date', ['user_id', 'local_date'], unique=False)

    op.create_table('checkin_parts',
    sa.Column('checkin_id', sa.Integer(), nullable=False),
    sa.Column('part_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['checkin_id'], ['checkins.id'], name=op.f('fk_checkin_parts_checkin_id_checkins'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['part_id'], ['parts.id'], name=op.f('fk_checkin_parts_part_id_parts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('checkin_id', 'part_id', name=op.f('pk_checkin_parts'))
    )
    with op.batch_alter_table('checkin_parts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_parts_part_id'), ['part_id'], unique=False)



def downgrade():
    with op.batch_alter_table('checkin_parts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_parts_part_id'))

    op.drop_table('checkin_parts')
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index('ix_checkins_user_id_local_date')
        batch_op.drop_index(batch_op.f('ix_checkins_user_id'))

    op.drop_table('checkins')
