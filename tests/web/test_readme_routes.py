"""The README's table of domains names, for each blueprint, routes that blueprint really serves.

The table once gave privacy `/recover` and `/account/delete`, which auth and account serve. A
reader trusting it would have looked for the code in the wrong package.
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
PLACEHOLDER = re.compile(r"<[^>]*>")


def table_rows() -> dict[str, list[str]]:
    """Each domain row's full paths; sub-paths in parentheses (`/edit`) are left out."""
    text = README.read_text()
    table = text[text.index("| domain | routes |"):].split("\n\n", 1)[0]
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


def test_every_route_in_the_readme_table_is_served_by_the_blueprint_of_its_row(app):
    served = owners(app)
    wrong = {(domain, path, tuple(sorted(served.get(PLACEHOLDER.sub("<>", path), ()))))
             for domain, paths in table_rows().items() for path in paths
             if domain not in served.get(PLACEHOLDER.sub("<>", path), set())}
    assert wrong == set()


def test_every_blueprint_has_its_row(app):
    assert set(table_rows()) == {name for name in app.blueprints}
