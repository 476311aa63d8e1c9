#!/usr/bin/env bash
# Builds GridLedger and starts the resident kiosk on a freshly seeded demo
# community (文化社区). Installs missing packages first.
# Usage: tools/kiosk-demo.sh [kiosk args, e.g. --windowed]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
BUILD=${GRIDLEDGER_BUILD_DIR:-build}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRIDLEDGER_BUILD_TESTS=OFF -DGRIDLEDGER_BUILD_BENCH=OFF
cmake --build "$BUILD" --parallel "$(nproc)" --target gridledger-kiosk
exec "$BUILD/kiosk/gridledger-kiosk" --demo "$@"
