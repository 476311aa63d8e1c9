#!/usr/bin/env bash
# Smoke test of the performance report's pipeline: a few tiny benchmark
# groups (batched appends, an AppendAsync open-loop run, growth to 2,000
# events) run through gridledger-bench, then bench/report.py must turn
# their JSON into tables holding measured numbers and plot data.
# Figures are not judged here (tests stay fast and deterministic); this
# keeps the one-command report from rotting between benchmark runs.
# usage: bench_smoke.sh PATH/TO/gridledger-bench PATH/TO/report.py
set -euo pipefail
bench=$1
report=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export TMPDIR=$out GRIDLEDGER_BENCH_GROWTH=2000 GRIDLEDGER_BENCH_OPEN_LOOP_MS=400

"$bench" --benchmark_min_time=0.01 \
  --benchmark_filter='^(Raw/WriteBatch|Log/BufferedAppend)/batch:1/|OpenLoop/Log/DurableAppendAsync/rate:5000/|Growth/(Fill|Storage|ReadEvent)/' \
  --benchmark_out="$out/bench.json" --benchmark_out_format=json >/dev/null
python3 "$report" "$out/bench.json" "$out/plots" >"$out/report.md"

fail() {
  echo "bench_smoke: $1" >&2
  cat "$out/report.md" >&2
  exit 1
}
grep -Eq '^\| 1 \| [0-9,]+ \| +\| +\| [0-9,]+ \| [0-9.]+ \|' "$out/report.md" ||
  fail "no batch-1 row with raw and GridLedger figures and their ratio"
grep -Eq '^\| 5,000 \| GridLedger, AppendAsync from 1 thread \| [0-9,]+ \| [0-9.,]+ (µs|ms) \|' "$out/report.md" ||
  fail "no open-loop latency row for AppendAsync"
grep -Eq '^\| bytes on disk per event after compaction \| [0-9,]+ \|' "$out/report.md" ||
  fail "no bytes-per-event figure"
grep -Eq '^5000 ' "$out/plots/latency.dat" || fail "no latency plot data"
echo "bench_smoke: report pipeline OK"
