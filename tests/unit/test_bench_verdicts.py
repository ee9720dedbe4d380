"""The benchmark's verdicts follow the issue's targets (the figures themselves come from `make
bench`, never from a timed test)."""

from __future__ import annotations

from benchmarks.lighthouse import Audit, median_run
from benchmarks.load import LoadResult
from benchmarks.run import fresh_table, load_table


def result(name: str, rps: float, p99_ms: float, errors: int = 0) -> LoadResult:
    return LoadResult(name, requests=int(rps * 10), seconds=10, errors=errors, p50_ms=1,
                      p95_ms=2, p99_ms=p99_ms)


def verdicts(*results: LoadResult) -> dict[str, str]:
    rows = load_table("sqlite", [result("hello", 1000, 5), *results], (100, 101))
    return {cells[1].strip(): cells[-2].strip()
            for cells in (row.split("|") for row in rows if row.startswith("| ")) if
            cells[1].strip() not in ("route", "---")}


def test_get_pages_need_a_quarter_of_hello_and_a_p99_under_100_ms():
    found = verdicts(result("Today", 300, 50), result("History", 200, 50),
                     result("Insights", 300, 120))
    assert found == {"hello": "ok", "Today": "ok", "History": "MISSED", "Insights": "MISSED"}


def test_the_post_is_held_to_p99_and_errors_not_to_the_get_ratio():
    found = verdicts(result("POST check-in", 120, 60), result("POST slow", 120, 150),
                     result("POST failing", 120, 60, errors=3))
    assert found == {"hello": "ok", "POST check-in": "ok", "POST slow": "MISSED",
                     "POST failing": "MISSED"}


def test_lighthouse_reports_the_median_run():
    runs = [Audit("Today", score, 0, 900, 1500, tbt) for score, tbt in
            ((0.99, 20), (0.86, 420), (0.97, 90))]
    assert median_run(runs).score == 0.97
    assert median_run(runs[:1]) == runs[0]


def test_pages_rendered_afresh_are_shown_against_their_own_hello_and_errors_fail_the_run():
    rows = fresh_table("sqlite", [result("hello", 1000, 5), result("History", 150, 40)])
    assert "| History | 150 | 0.15 | 1.0 | 40.0 | 0 |" in rows
    assert not any("MISSED" in row for row in rows)
    failing = fresh_table("sqlite", [result("hello", 1000, 5), result("Today", 150, 40, errors=2)])
    assert "MISSED" in failing[-1]
