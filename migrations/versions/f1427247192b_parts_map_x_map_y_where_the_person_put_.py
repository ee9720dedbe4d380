"""parts map_x map_y: where the person put each part on the map

Reviewed by hand: two nullable floats on parts, the centre of the part's circle as a fraction
(0 to 1) of the map's width and height (parts/partmap.py). Existing parts have none and are
placed by the layout, as before. The new role "protector" needs no change: role is a plain
String(16) checked by the app.

Revision ID: f1427247192b
Revises: 5835a22cd42d
Create Date: 2026-12-02 15:31:24.064773

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1427247192b'
down_revision = '5835a22cd42d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('parts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('map_x', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('map_y', sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table('parts', schema=None) as batch_op:
        batch_op.drop_column('map_y')
        batch_op.drop_column('map_x')
