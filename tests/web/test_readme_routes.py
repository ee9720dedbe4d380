"""The tables of domains (README.md, docs/architecture.md) name, for each blueprint, routes that
blueprint really serves.

The README's table once gave privacy `/recover` and `/account/delete`, which auth and account
serve. A reader trusting it would have looked for the code in the wrong package.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLES = [(ROOT / "README.md", "| domain | routes |"),
          (ROOT / "docs" / "architecture.md", "| room | routes |")]
PLACEHOLDER = re.compile(r"<[^>]*>")


def table_rows(document: Path, header: str) -> dict[str, list[str]]:
    """Each domain row's full paths; sub-paths in parentheses (`/edit`) are left out."""
    text = document.read_text()
    table = text[text.index(header):].split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        domain, routes = line.replace(r"\|", "/").split("|")[1:3]
        routes = re.sub(r"\([^)]*\)", " ", routes)
        rows[domain.strip()] = [path.removeprefix("POST ") for path in
                                re.findall(r"`([^`]+)`", routes)]
    return rows


def owners(app) -> dict[str, set[str]]:
    """Each rule with its variables blanked (`/parts/<>`), and the blueprints that serve it."""
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0]
        if blueprint:
            found.setdefault(PLACEHOLDER.sub("<>", rule.rule), set()).add(blueprint)
    return found


@pytest.mark.parametrize(("document", "header"), TABLES, ids=["README", "architecture"])
def test_every_route_in_the_table_is_served_by_the_blueprint_of_its_row(app, document, header):
    served = owners(app)
    rows = table_rows(document, header)
    wrong = {(domain, path, tuple(sorted(served.get(PLACEHOLDER.sub("<>", path), ()))))
             for domain, paths in rows.items() for path in paths
             if domain not in served.get(PLACEHOLDER.sub("<>", path), set())}
    assert wrong == set()
    assert all(rows.values())  # every row names at least one route


@pytest.mark.parametrize(("document", "header"), TABLES, ids=["README", "architecture"])
def test_every_blueprint_has_its_row(app, document, header):
    assert set(table_rows(document, header)) == set(app.blueprints)
