"""users never reuse an id on SQLite

Without AUTOINCREMENT, SQLite gives the next sign-up max(id) + 1, so the id of an account deleted
at the top of the table is handed out again, and a phone still holding the deleted person's
"{id}:{epoch}" cookie would be signed in as the new person. SQLite can only add AUTOINCREMENT by
rebuilding the table; migrations/env.py turns foreign keys off around every SQLite migration, so
dropping the old `users` table cascades to nothing. PostgreSQL's identity column never reuses a
value, so nothing changes there.

Revision ID: 704ea8bdd2a4
Revises: 5676ccefe72b
Create Date: 2026-11-26 04:13:08.736830

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '704ea8bdd2a4'
down_revision = '5676ccefe72b'
branch_labels = None
depends_on = None


def rebuild_users(autoincrement: bool) -> None:
    """Copy `users` into a new table with or without AUTOINCREMENT (SQLite only)."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.batch_alter_table('users', recreate='always',
                              table_kwargs={'sqlite_autoincrement': autoincrement}):
        pass


def upgrade():
    rebuild_users(autoincrement=True)


def downgrade():
    rebuild_users(autoincrement=False)
