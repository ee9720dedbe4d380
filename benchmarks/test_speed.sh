#!/usr/bin/env bash
# How long the web tests take here and in another checkout (e.g. an older commit with its own
# .venv), measured interleaved in one run because these machines are noisy:
#   bash benchmarks/test_speed.sh /path/to/other/checkout [rounds]
# Two figures per checkout: the whole tests/web (its own tests, so the counts differ), and the
# same 150 one-page signed-in tests dropped into both, which compares what one web test costs
# (fixtures, a fresh app, sign-up, one page) with identical work. SQLite; TEST_DATABASE_URL unset.
set -euo pipefail
other=$(cd "$1" && pwd); here=$(cd "$(dirname "$0")/.." && pwd); rounds=${2:-2}
probe=tests/web/test_zz_speed_probe.py
cleanup() { rm -f "$other/$probe" "$here/$probe"; }
trap cleanup EXIT
for dir in "$other" "$here"; do
  cat > "$dir/$probe" <<'PY'
import pytest


@pytest.mark.parametrize("i", range(150))
def test_one_signed_in_page(user, client, i):
    assert client.get("/safety-plan").status_code == 200
PY
done
run() {  # label dir pytest-args...
  local label=$1 dir=$2; shift 2
  local log; log=$(mktemp)
  (cd "$dir" && env -u TEST_DATABASE_URL .venv/bin/python -m pytest -q -p no:cacheprovider "$@" \
    >"$log" 2>&1) || { tail -20 "$log"; exit 1; }
  printf '%-14s %s\n' "$label" "$(tail -1 "$log")"
  rm -f "$log"
}
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  run "other probe" "$other" "$probe"
  run "this probe" "$here" "$probe"
  run "other web" "$other" tests/web --deselect "$probe"
  run "this web" "$here" tests/web --deselect "$probe"
done
