"""safety plan versions and the edit waiting beside a newer one

Reviewed by hand: two columns on safety_plans, nothing existing changes. Existing plans start at
version 1 (the server default), with nothing waiting. `waiting` holds encrypted JSON, stored as
text like every encrypted column.

Revision ID: 81e8df3f7512
Revises: bb5ce7f7f176
Create Date: 2026-12-02 01:27:34.257276

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '81e8df3f7512'
down_revision = 'bb5ce7f7f176'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('safety_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('waiting', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('safety_plans', schema=None) as batch_op:
        batch_op.drop_column('waiting')
        batch_op.drop_column('version')
