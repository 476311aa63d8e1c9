#!/usr/bin/env bash
# The architecture's boundaries, as docs/architecture.md states them, checked
# on the includes of the source tree. Fails naming every line that crosses one.
#
#  1. RocksDB is included only in engine/src/storage/ (the engine, the
#     tools and the kiosk; tests and benchmarks may use it directly).
#  2. Cap'n Proto (generated *.capnp.h, <capnp/...>, <kj/...>) is included
#     only in engine/src/codec/ and engine/src/rpc/ (the engine, the tools
#     and the kiosk; tests and benchmarks drive kj-http directly).
#  3. engine/src/domain/ decides without I/O: it includes nothing of log/,
#     storage/, codec/, crypto/, facade/, projections/, rpc/, and no file,
#     stream, thread, socket, RocksDB, Cap'n Proto or libsodium header.
#  4. The public headers (engine/include/gridledger/) include only
#     gridledger/ headers and the C++ standard library.
#  5. kiosk/ and tools/ use the engine through its public headers only.
#  6. The engine library carries no demo data: engine/src/ and
#     engine/include/ do not include gridledger/demo.h (engine/demo/ does).
set -uo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2
status=0
fail() {
  echo "boundary crossed ($1): $2"
  status=1
}

sources() { find "$@" -type f \( -name '*.cc' -o -name '*.h' \) 2>/dev/null; }

# 1. RocksDB
while IFS= read -r hit; do fail "RocksDB outside engine/src/storage" "$hit"; done < <(
  sources engine kiosk tools | grep -v '^engine/src/storage/' |
    xargs grep -Hn '#include *<rocksdb/' 2>/dev/null)

# 2. Cap'n Proto
while IFS= read -r hit; do fail "Cap'n Proto outside codec/ and rpc/" "$hit"; done < <(
  sources engine kiosk tools | grep -v -e '^engine/src/codec/' -e '^engine/src/rpc/' |
    xargs grep -Hn -e '#include *[<"][^>"]*\.capnp\.h[>"]' -e '#include *<capnp/' \
      -e '#include *<kj/' 2>/dev/null)

# 3. The domain is pure.
while IFS= read -r hit; do fail "I/O or infrastructure in engine/src/domain" "$hit"; done < <(
  sources engine/src/domain |
    xargs grep -Hn -E '#include *("(log|storage|codec|crypto|facade|projections|rpc)/|<(fstream|iostream|filesystem|thread|unistd\.h|sys/|rocksdb/|capnp/|kj/|sodium))' \
      2>/dev/null)

# 4. Public headers name only GridLedger's own types.
while IFS= read -r hit; do fail "public header includes a non-GridLedger header" "$hit"; done < <(
  sources engine/include/gridledger |
    xargs grep -Hn '#include *"' 2>/dev/null | grep -v '#include *"gridledger/')
while IFS= read -r hit; do fail "public header includes a third-party header" "$hit"; done < <(
  sources engine/include/gridledger |
    xargs grep -Hn -E '#include *<[a-z_0-9]+/' 2>/dev/null)

# 5. Clients see only the public headers.
while IFS= read -r hit; do fail "kiosk/tools include the engine's internals" "$hit"; done < <(
  sources kiosk tools |
    xargs grep -Hn -E '#include *"(\.\./)*(engine/src/|log/|storage/|codec/|crypto/|facade/|projections/|rpc/|domain/)' \
      2>/dev/null)

# 6. Demo seeding is a client of the engine, not part of it.
while IFS= read -r hit; do fail "the engine includes the demo" "$hit"; done < <(
  sources engine/src engine/include | xargs grep -Hn '#include *"gridledger/demo\.h"' 2>/dev/null)
if [ -e engine/include/gridledger/demo.h ]; then
  fail "the engine includes the demo" "engine/include/gridledger/demo.h exists"
fi

if [ "$status" -eq 0 ]; then echo "architecture boundaries: ok"; fi
exit $status
