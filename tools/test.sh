#!/usr/bin/env bash
# Builds GridLedger and runs every test. Installs missing packages first.
# Usage: tools/test.sh [extra ctest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
BUILD=${GRIDLEDGER_BUILD_DIR:-build}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGRIDLEDGER_BUILD_TESTS=ON -DGRIDLEDGER_BUILD_TOOLS=ON -DGRIDLEDGER_BUILD_KIOSK=ON \
  -DGRIDLEDGER_BUILD_BENCH=ON
cmake --build "$BUILD" --parallel "$(nproc)"
ctest --test-dir "$BUILD" --output-on-failure --timeout 900 "$@"
