#!/usr/bin/env bash
# wakeups.sh huiwu|relay-cpp N [OUTDIR]: trace.sh's N joins (not pinned) with the scheduler's
# tracepoints recorded (sched_waking, sched_wakeup, sched_switch, sched_migrate_task on
# CLOCK_MONOTONIC), then wakeups.mjs: where the client's hello woke the server's thread and
# whether that thread ran at once. RENICE=-3 runs the server's threads at that nice level.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"
S=$1; N=${2:-60}; D=${3:-/tmp/wakeups-$S}; mkdir -p "$D"
perf record -q -a -k CLOCK_MONOTONIC -e sched:sched_waking -e sched:sched_wakeup \
  -e sched:sched_switch -e sched:sched_migrate_task -o "$D/perf.data" -- sleep 600 >/dev/null 2>&1 &
PP=$!; sleep 1
(cd "$ROOT" && "$HERE/trace.sh" "$S" "$N" "$D") > "$D/align.txt"
kill -INT $PP; wait $PP || true
perf script -i "$D/perf.data" -F comm,pid,tid,cpu,time,event,trace > "$D/script.txt" 2>/dev/null
cat "$D/align.txt"
node "$HERE/wakeups.mjs" "$D" "$S"
