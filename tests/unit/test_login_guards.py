"""One login-guard style: `@login_required` on each personal route, right under its route.

Several blueprints mix public pages (the crisis page, breathing, the questionnaire's item-9
card) with personal ones, so a blueprint-wide guard can't be the one style. A decorator placed
above the route decorator guards nothing (the route registers the unguarded function), so
the order is checked too. Which routes are public is the security registry's business
(tests/security/registry.py walks every route signed out).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "ifs_pwa"
ROUTES = {"route", "get", "post", "put", "patch", "delete"}


def name_of(decorator: ast.expr) -> str:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def misplaced_guards(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = [name_of(d) for d in node.decorator_list]
            where = f"{path.relative_to(package)}:{node.lineno} {node.name}"
            if "login_required" not in names:
                continue
            guard = names.index("login_required")
            if "before_request" in names:
                found.append(f"{where}: a blueprint-wide guard; put @login_required on routes")
            elif not any(name in ROUTES for name in names[:guard]):
                found.append(f"{where}: @login_required must sit under the route decorator")
    return found


def test_every_guard_is_a_route_decorator_under_its_route():
    found = misplaced_guards()
    assert not found, "\n".join(found)


def test_the_check_sees_both_other_styles(tmp_path):
    (tmp_path / "views.py").write_text(
        "@bp.before_request\n@login_required\ndef guard():\n    pass\n\n"
        "@login_required\n@bp.get('/x')\ndef upside_down():\n    pass\n\n"
        "@bp.get('/y')\n@login_required\ndef fine():\n    pass\n"
    )
    found = misplaced_guards(tmp_path)
    assert [line.split(" ")[1].rstrip(":") for line in found] == ["guard", "upside_down"]
