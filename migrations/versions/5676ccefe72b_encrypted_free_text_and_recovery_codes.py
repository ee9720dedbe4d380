"""encrypted free text and recovery codes

The JSON columns that now hold encrypted text become plain TEXT (PostgreSQL casts the existing
JSON to its text form; those legacy values still read and `flask keys rotate` encrypts them).
Text columns that become encrypted keep their type: only what is written into them changes.
Downgrading only works while these columns still hold clear JSON (decrypt first).

Revision ID: 5676ccefe72b
Revises: a272ee09eed7
Create Date: 2026-11-25 22:44:39.551073

"""
from alembic import op
import sqlalchemy as sa


revision = '5676ccefe72b'
down_revision = 'a272ee09eed7'
branch_labels = None
depends_on = None

JSON_TO_TEXT = (
    ('practice_sessions', 'answers'),
    ('safety_plans', 'helpers'),
    ('safety_plans', 'professional_contacts'),
)


def upgrade():
    for table, column in JSON_TO_TEXT:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.JSON(), type_=sa.Text(),
                                  existing_nullable=False, postgresql_using=f'{column}::text')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recovery_hash', sa.String(length=255), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('recovery_hash')

    for table, column in reversed(JSON_TO_TEXT):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Text(), type_=sa.JSON(),
                                  existing_nullable=False, postgresql_using=f'{column}::json')
