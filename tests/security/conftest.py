"""One small world for the matrix: an owner with a record of every kind, and a stranger."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from .registry import Person, seed, snapshot


@dataclass
class World:
    app: Flask
    owner: Person
    ids: dict
    stranger: Person

    def snapshot(self) -> dict:
        return snapshot(self.app)


@pytest.fixture
def world(app) -> World:
    owner = Person(app, "owner")
    ids = seed(owner)
    return World(app, owner, ids, Person(app, "stranger"))
