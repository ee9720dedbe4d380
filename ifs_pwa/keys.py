"""`flask keys …`: make a new encryption key, and re-encrypt every stored text with the newest.

Rotation walks each table that has encrypted columns in id order, a batch at a time with one
transaction per batch, so a big database never holds one huge lock and an interrupted run can
simply be started again (rows already on the newest key are skipped).
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import Table, Text, select, type_coerce, update

from .crypto import ENCRYPTED_TYPES, Keyring, generate_key, keyring
from .extensions import db

keys_cli = AppGroup("keys", help="Encryption keys for the texts people write.")
BATCH = 500


def encrypted_tables() -> list[tuple[Table, list]]:
    """Every table with at least one encrypted column, with those columns."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, ENCRYPTED_TYPES)]
        if columns:
            found.append((table, columns))
    return found


def reseal(ring: Keyring, column, stored: str | None):
    """The stored text rewritten under the newest key (None when it is already current)."""
    if ring.is_current(stored):
        return None
    return column.type.process_bind_param(
        column.type.process_result_value(stored, None), None
    )


def rotate_table(table: Table, columns: list, batch: int = BATCH) -> int:
    """Re-encrypt one table; returns how many rows were rewritten."""
    ring = keyring()
    raw = [type_coerce(c, Text).label(c.name) for c in columns]
    # Rotation is not an edit: keep "last changed" times as they were.
    keep = {c.name: c for c in table.columns if c.onupdate is not None}
    rewritten, last_id = 0, None
    while True:
        query = select(table.c.id, *raw).order_by(table.c.id).limit(batch)
        if last_id is not None:
            query = query.where(table.c.id > last_id)
        rows = db.session.execute(query).all()
        if not rows:
            return rewritten
        for row in rows:
            values = {}
            for column in columns:
                fresh = reseal(ring, column, getattr(row, column.name))
                if fresh is not None:
                    values[column.name] = type_coerce(fresh, Text)
            if values:
                db.session.execute(update(table).where(table.c.id == row.id)
                                   .values(**values, **keep))
                rewritten += 1
        db.session.commit()
        last_id = rows[-1].id


def rotate_all(batch: int = BATCH) -> dict[str, int]:
    return {table.name: rotate_table(table, columns, batch)
            for table, columns in encrypted_tables()}


@keys_cli.command("generate")
def generate_command() -> None:
    """Print a new random key to put first in ENCRYPTION_KEYS."""
    click.echo(generate_key())


@keys_cli.command("rotate")
@click.option("--batch", default=BATCH, show_default=True, help="Rows per transaction.")
def rotate_command(batch: int) -> None:
    """Re-encrypt every encrypted column of every row with the newest key."""
    click.echo(f"Re-encrypting with key {keyring().newest} …")
    for name, count in rotate_all(batch).items():
        click.echo(f"{name}: {count} rows rewritten")


def init_app(app: Flask) -> None:
    app.cli.add_command(keys_cli)
