"""safety plans and measure results: a person's own safety plan and questionnaire history

Revision ID: 9382c1605123
Revises: c1fa8d883752
Create Date: 2026-11-25 20:10:20.517469

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9382c1605123'
down_revision = 'c1fa8d883752'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('measure_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument', sa.String(length=8), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('band', sa.String(length=24), nullable=False),
    sa.Column('item9_flag', sa.Boolean(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_measure_results_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_results')),
    sa.UniqueConstraint('user_id', 'client_id', name=op.f('uq_measure_results_user_id_client_id'))
    )
    with op.batch_alter_table('measure_results', schema=None) as batch_op:
        batch_op.create_index('ix_measure_results_history', ['user_id', 'instrument', 'taken_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_results_user_id'), ['user_id'], unique=False)

    op.create_table('safety_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('warning_signs', sa.Text(), nullable=False),
    sa.Column('on_my_own', sa.Text(), nullable=False),
    sa.Column('distractions', sa.Text(), nullable=False),
    sa.Column('helpers', sa.JSON(), nullable=False),
    sa.Column('helpers_note', sa.Text(), nullable=False),
    sa.Column('professionals', sa.Text(), nullable=False),
    sa.Column('professional_contacts', sa.JSON(), nullable=False),
    sa.Column('safer_surroundings', sa.Text(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_safety_plans_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_plans')),
    sa.UniqueConstraint('user_id', name=op.f('uq_safety_plans_user_id'))
    )
    with op.batch_alter_table('safety_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_plans_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('safety_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_plans_user_id'))

    op.drop_table('safety_plans')
    with op.batch_alter_table('measure_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_results_user_id'))
        batch_op.drop_index('ix_measure_results_history')

    op.drop_table('measure_results')
