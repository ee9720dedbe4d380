"""check-in and part versions and the edit waiting beside them

Reviewed by hand: two columns each on checkins and parts, as 81e8df3f7512 added to
safety_plans (versions.Versioned). Existing rows start at version 1, nothing waiting; `waiting`
is encrypted JSON, stored as text like every encrypted column.

Revision ID: 5835a22cd42d
Revises: 81e8df3f7512
Create Date: 2026-12-02 11:25:08.137594

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5835a22cd42d'
down_revision = '81e8df3f7512'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('waiting', sa.Text(), nullable=True))

    with op.batch_alter_table('parts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('waiting', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('parts', schema=None) as batch_op:
        batch_op.drop_column('waiting')
        batch_op.drop_column('version')

    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_column('waiting')
        batch_op.drop_column('version')
