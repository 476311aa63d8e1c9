#!/usr/bin/env bash
# Runs every fuzz target of a GRIDLEDGER_FUZZ build for SECONDS each, from
# its committed seed corpus (new inputs go to a scratch copy). A crash
# leaves its input in fuzz-artifacts/ and fails the script; turn it into a
# regression test before fixing.
# Usage: tools/fuzz.sh BUILD_DIR [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:?build dir}
SECONDS_EACH=${2:-60}
mkdir -p fuzz-artifacts
for target in event_decode engine_commands open311_import cli_json rpc_session; do
  bin="$BUILD/tests/fuzz/fuzz_$target"
  [ -x "$bin" ] || { echo "skipping $target (not built)"; continue; }
  work=$(mktemp -d)
  cp -r "tests/fuzz/corpus/$target/." "$work/"
  echo "== fuzz_$target for ${SECONDS_EACH}s"
  ASAN_OPTIONS=detect_leaks=0 "$bin" -max_total_time="$SECONDS_EACH" -max_len=4096 \
    -artifact_prefix=fuzz-artifacts/ -print_final_stats=1 "$work" 2>&1 | tail -12
  rm -rf "$work"
done
