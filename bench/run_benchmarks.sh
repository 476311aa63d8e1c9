#!/usr/bin/env bash
# Builds gridledger-bench in Release (build-release/), runs it once and
# writes into results/:
#   bench-<UTC stamp>.json   Google Benchmark's JSON
#   bench-<UTC stamp>.md     Markdown table with ratios and issue-2 targets
#   bench-<UTC stamp>.png    durable events/s vs threads (when gnuplot exists)
#   latest.{json,md,png}     copies of the newest run
# Extra arguments go to gridledger-bench (e.g. --benchmark_filter=Log/).
# A full run takes about 2-3 minutes on a 2-core machine.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-release"
results="$root/results"
jobs=${JOBS:-2}

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DGRIDLEDGER_BUILD_TESTS=OFF -DGRIDLEDGER_BUILD_KIOSK=OFF -DGRIDLEDGER_BUILD_TOOLS=OFF \
  -DGRIDLEDGER_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target gridledger-bench --parallel "$jobs"

mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
json="$results/bench-$stamp.json"
# Other work on the machine skews every figure: record the load.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"$build/bench/gridledger-bench" \
  --benchmark_min_time=0.5 \
  --benchmark_counters_tabular=true \
  --benchmark_out="$json" --benchmark_out_format=json "$@"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  python3 "$root/bench/report.py" "$json" "$results/bench-$stamp.dat"
  echo
  echo "Load average (1/5/15 min) before the run: $load_before; after: $load_after" \
    "($(nproc) CPUs)."
} > "$results/bench-$stamp.md"
cp "$json" "$results/latest.json"
cp "$results/bench-$stamp.md" "$results/latest.md"

if command -v gnuplot >/dev/null; then
  gnuplot <<EOF
set terminal pngcairo size 900,540 noenhanced
set output "$results/bench-$stamp.png"
set title "Durable single-event appends vs concurrent threads"
set xlabel "threads"
set ylabel "events/s"
set logscale x 2
set xtics (1, 16, 64)
set xrange [0.8:90]
set key top left
set grid
plot "$results/bench-$stamp.dat" using 1:2 with linespoints title "raw RocksDB, sync=true", \
     "" using 1:3 with linespoints title "GridLedger, Durability::kDurable", \
     "" using 1:4 with linespoints title "SQLite, WAL + synchronous=FULL"
EOF
  cp "$results/bench-$stamp.png" "$results/latest.png"
fi

echo
cat "$results/bench-$stamp.md"
echo
echo "results: $json"
