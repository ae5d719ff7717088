#!/usr/bin/env bash
# Runs a bench command N times each in this checkout and in a checkout of BASE, taking turns, so
# both are measured in the same minutes of a noisy machine; prints the lines of each run that match
# GREP (a regex; default: the rows and verdicts the benches print). HOGS=k starts k busy loops
# beside the runs — two, one per core, make this 2-core machine behave like a slower one (eighth
# session: the PostgreSQL dispatcher read 0.77 / 0.85 under two, as on the seventh session's
# machine, and 0.92 / 0.91 under one).
#
#   tools/perf/alternate.sh main 3 'BENCH_DIALECTS=postgres npx tsx test/bench/dispatch.ts'
#   HOGS=2 GREP='^\| postgres' tools/perf/alternate.sh HEAD~1 3 'npx tsx test/bench/dispatch.ts'
#
# BASE's checkout is a `git worktree` under the system's temporary folder, sharing this
# checkout's node_modules (a symlink), removed at the end. A measuring aid, not a test.
set -euo pipefail
base="${1:?usage: alternate.sh BASE N COMMAND}"
n="${2:?usage: alternate.sh BASE N COMMAND}"
cmd="${3:?usage: alternate.sh BASE N COMMAND}"
grep_re="${GREP:-^\\||meets|MISSES}"
here="$(git rev-parse --show-toplevel)"
there="$(mktemp -d)/base"
git -C "$here" worktree add --detach -q "$there" "$base"
ln -s "$here/node_modules" "$there/node_modules"
hogs=()
cleanup() {
  ((${#hogs[@]})) && kill "${hogs[@]}" 2>/dev/null
  git -C "$here" worktree remove --force "$there" || true
}
trap cleanup EXIT
for _ in $(seq 1 "${HOGS:-0}"); do node -e 'for(;;){}' & hogs+=($!); done
for i in $(seq 1 "$n"); do
  for side in this base; do
    dir="$here"; [ "$side" = base ] && dir="$there"
    echo "== run $i, $side ($(git -C "$dir" rev-parse --short HEAD)$( [ "$side" = this ] && ! git -C "$dir" diff --quiet && echo ' + changes'))"
    (cd "$dir" && bash -c "$cmd" 2>&1 | grep -E "$grep_re" || true)
  done
done
