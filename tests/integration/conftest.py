"""A real gunicorn (separate processes, production settings) on the run's test database."""

from __future__ import annotations

import pytest

from benchmarks import server


@pytest.fixture
def served(database_url, make_app):
    """Start gunicorn with 2 workers on a free port; yields its base URL.

    `make_app` makes sure the schema exists and empties the tables afterwards.
    """
    make_app()
    with server.gunicorn(database_url, workers=2) as (base_url, _pid):
        yield base_url


@pytest.fixture
def throwaway_postgres():
    """A private PostgreSQL cluster, started; the test may stop and start it (see pgcluster)."""
    from tests.integration.pgcluster import Cluster

    cluster = Cluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
