#!/usr/bin/env bash
# Idle RSS of the cached `npm start` build, with one change at a time (issue 14's method).
# Usage: tools/perf/rss.sh LABEL [ENV=VALUE ...] -- [node flags]
#   e.g. tools/perf/rss.sh base --        tools/perf/rss.sh semi1 -- --max-semi-space-size=1
# Starts the build twice on one fresh SQLite file (run1: fresh database, run2: restart), waits for
# /healthz 200 and WAIT seconds (default 3), prints VmRSS. Run `node bin/start.mjs --help` once
# after changing src/ so the newest build exists (BUILD=<dir name> picks another). ENTRY=bin/start.mjs
# starts through the `npm start` entry instead of the build's main.js (it finds the build itself).
set -uo pipefail
cd "$(dirname "$0")/../.."
label=$1; shift
envs=(); while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done; [ $# -gt 0 ] && shift
build=${BUILD:-$(ls -t node_modules/.cache/shoudao-start/ | head -1)}
d=$(mktemp -d); port=$((20000 + RANDOM % 10000))
for run in 1 2; do
  env -i PATH="$PATH" HOME="$HOME" SHOUDAO_SERVE=1 PORT=$port DATABASE_URL="sqlite:$d/db.sqlite" SHOUDAO_SECRET=bench-secret-0123456789 "${envs[@]}" \
    node "$@" "${ENTRY:-node_modules/.cache/shoudao-start/$build/main.js}" > "$d/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "localhost:$port/healthz" >/dev/null && break; sleep 0.1; done
  sleep "${WAIT:-3}"
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  echo "$label run$run ($([ $run = 1 ] && echo fresh database || echo restart)): RSS $((rss / 1024)) MB"
  kill $pid; wait $pid 2>/dev/null
done
rm -rf "$d"
