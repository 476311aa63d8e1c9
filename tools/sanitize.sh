#!/usr/bin/env bash
# Builds with clang and runs the tests under sanitizers, then the fuzzers:
#   1. AddressSanitizer + UndefinedBehaviorSanitizer (with LeakSanitizer):
#      the engine, CLI, kiosk and their tests (the same build carries
#      libFuzzer coverage and builds the fuzz targets); the real kiosk under
#      Xvfb and the install test are left to the plain build;
#   2. ThreadSanitizer: the concurrency tests of the log and the engine;
#   3. every fuzz target for FUZZ_SECONDS (default 60) from its seed corpus.
# Any sanitizer report or fuzzer crash fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
export CC=clang CXX=clang++
FUZZ_SECONDS=${FUZZ_SECONDS:-60}

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGRIDLEDGER_SANITIZE=address,undefined -DGRIDLEDGER_FUZZ=ON \
  -DGRIDLEDGER_BUILD_KIOSK=ON -DGRIDLEDGER_BUILD_BENCH=OFF
cmake --build build-asan --parallel "$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure --timeout 900 -LE "slow|xvfb"

cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGRIDLEDGER_SANITIZE=thread -DGRIDLEDGER_BUILD_KIOSK=OFF -DGRIDLEDGER_BUILD_BENCH=OFF \
  -DGRIDLEDGER_BUILD_TOOLS=OFF
cmake --build build-tsan --parallel "$(nproc)" --target log_tests facade_tests projections_tests
TSAN_OPTIONS="halt_on_error=1 ignore_noninstrumented_modules=1 suppressions=$PWD/tests/tsan.supp" build-tsan/tests/log_tests \
  --gtest_filter='Append.*:AppendAsync.*:CompletionSignal.*:Read*:Subscription*:ForwarderPipeline*:ForwarderLease*:WriteLease*:StandbyPromotion*'
TSAN_OPTIONS="halt_on_error=1 ignore_noninstrumented_modules=1 suppressions=$PWD/tests/tsan.supp" build-tsan/tests/facade_tests --gtest_filter='-EngineCrash.*'
TSAN_OPTIONS="halt_on_error=1 ignore_noninstrumented_modules=1 suppressions=$PWD/tests/tsan.supp" build-tsan/tests/projections_tests \
  --gtest_filter='StoredReadModels.ARebuildWhileCommands*:StoredReadModels.ABackgroundBuild*:EmbeddingProjection.*:SpillingModelStore.*'

bash tools/fuzz.sh build-asan "$FUZZ_SECONDS"
