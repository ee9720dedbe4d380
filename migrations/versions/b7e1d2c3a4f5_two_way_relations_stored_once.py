"""two-way part relations stored once, smaller part id first

Revision ID: b7e1d2c3a4f5
Revises: 704ea8bdd2a4
Create Date: 2026-12-01 21:00:00

"Polarised" and "allied" read the same both ways. They used to be stored in the direction they
were entered, so A→B and B→A could both exist. Keep the oldest of each pair (lowest id), delete
the mirror, then turn every remaining two-way relation so the smaller part id comes first
(ifs_pwa/parts/relations.py `canonical` does the same for new ones). Data only: no schema change.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7e1d2c3a4f5'
down_revision = '704ea8bdd2a4'
branch_labels = None
depends_on = None

SYMMETRIC = "('polarised', 'allied')"


def upgrade():
    # The mirror of an older row goes; ids only grow, so "the older" is the lower id.
    op.execute(f"""
        DELETE FROM part_relations
        WHERE kind IN {SYMMETRIC} AND EXISTS (
            SELECT 1 FROM part_relations AS older
            WHERE older.kind = part_relations.kind
              AND older.from_part_id = part_relations.to_part_id
              AND older.to_part_id = part_relations.from_part_id
              AND older.id < part_relations.id)
    """)
    # No mirrors are left, so swapping can't collide with the unique constraint.
    op.execute(f"""
        UPDATE part_relations
        SET from_part_id = to_part_id, to_part_id = from_part_id
        WHERE kind IN {SYMMETRIC} AND from_part_id > to_part_id
    """)


def downgrade():
    # The merge can't be undone, and the canonical order is valid for the older code too.
    pass
