#!/usr/bin/env bash
# The performance report in one command.
#
#   bench/run_benchmarks.sh [gridledger-bench arguments...]
#
# Builds gridledger-bench in Release (build-release/), runs the whole suite
# once -- GridLedger beside raw RocksDB, SQLite and (when the PostgreSQL
# server is installed) PostgreSQL, all in the same run -- and writes into
# results/<UTC stamp>/ (results/latest points at the newest):
#   bench.json      Google Benchmark's JSON, every figure and counter
#   report.md       the Markdown report: machine, command, tables, ratios,
#                   targets (bench/report.py)
#   *.png           plots: concurrency, latency, growth, size, batch
#                   (bench/plots.gnuplot, when gnuplot is installed)
#
# Environment:
#   QUICK=1                        a short smoke run (~2 min): growth to
#                                  100k/1M, short open-loop and mix runs
#   GRIDLEDGER_BENCH_GROWTH        stored-event levels, default
#                                  1000000,10000000 (add 50000000 with ~40 GB
#                                  of disk and ~30 more minutes)
#   GRIDLEDGER_BENCH_OPEN_LOOP_MS  length of each open-loop run (3000)
#   NO_POSTGRES=1                  leave the PostgreSQL baseline out
# A full run takes about 10 minutes on a 2-core machine (40 with 50M). Other work on the
# machine skews every figure: the report records the load average.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-release"
bash "$root/tools/install-deps.sh" --bench
jobs=${JOBS:-2}

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DGRIDLEDGER_BUILD_TESTS=OFF -DGRIDLEDGER_BUILD_KIOSK=OFF -DGRIDLEDGER_BUILD_TOOLS=OFF \
  -DGRIDLEDGER_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target gridledger-bench --parallel "$jobs"

min_time=0.5
if [[ "${QUICK:-0}" == 1 ]]; then
  min_time=0.1
  export GRIDLEDGER_BENCH_GROWTH=${GRIDLEDGER_BENCH_GROWTH:-100000,1000000}
  export GRIDLEDGER_BENCH_OPEN_LOOP_MS=${GRIDLEDGER_BENCH_OPEN_LOOP_MS:-1000}
  export GRIDLEDGER_BENCH_MIX_MS=${GRIDLEDGER_BENCH_MIX_MS:-1500}
fi
export GRIDLEDGER_BENCH_GROWTH=${GRIDLEDGER_BENCH_GROWTH:-1000000,10000000}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/results/$stamp"
mkdir -p "$out"
bench_cmd=("$build/bench/gridledger-bench" --benchmark_min_time="$min_time"
  --benchmark_counters_tabular=true
  --benchmark_out="$out/bench.json" --benchmark_out_format=json "$@")

wrapper=()
if [[ "${NO_POSTGRES:-0}" != 1 && -x "$root/bench/with_postgres.sh" ]]; then
  wrapper=("$root/bench/with_postgres.sh")
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
"${wrapper[@]}" "${bench_cmd[@]}"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }
pg_version() {
  local pg
  pg=$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -1)
  if [[ -n "$pg" && ${#wrapper[@]} -gt 0 ]]; then "$pg" --version | awk '{print $3}'; else echo "not run"; fi
}
{
  echo "## Run of $started"
  echo
  echo "Command: \`bench/run_benchmarks.sh $*\` (QUICK=${QUICK:-0}," \
    "GRIDLEDGER_BENCH_GROWTH=$GRIDLEDGER_BENCH_GROWTH), i.e."
  echo "\`gridledger-bench --benchmark_min_time=$min_time --benchmark_counters_tabular=true $*\`."
  echo
  echo "| machine | |"
  echo "|---|---|"
  echo "| CPUs | $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') |"
  echo "| memory | $(free -g | awk '/Mem:/ {print $2}') GiB |"
  echo "| disk | $(df -h "$root" | awk 'NR==2 {print $1", "$2" ("$4" free)"}'), $(findmnt -no FSTYPE -T "$root" 2>/dev/null || echo '?') |"
  echo "| kernel | $(uname -r) |"
  echo "| software | g++ $(g++ -dumpversion), RocksDB $(version librocksdb-dev), Cap'n Proto $(version libcapnp-dev), SQLite $(version libsqlite3-dev), PostgreSQL $(pg_version), Google Benchmark $(version libbenchmark-dev) |"
  echo "| load average (1/5/15 min) | before $load_before; after $load_after |"
  echo
  python3 "$root/bench/report.py" "$out/bench.json" "$out"
} > "$out/report.md"

if command -v gnuplot >/dev/null; then
  gnuplot -e "dir='$out'" "$root/bench/plots.gnuplot"
else
  echo "gnuplot not installed: no plots (apt install gnuplot-nox)" >&2
fi
ln -sfn "$stamp" "$root/results/latest"

echo
cat "$out/report.md"
echo
echo "results: $out"
