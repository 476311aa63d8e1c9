#!/usr/bin/env bash
# Installs the Debian packages GridLedger builds, tests and runs with.
# Only missing packages are installed; runs apt as root or through sudo.
# Usage: tools/install-deps.sh            (everything to build, test and run)
#        tools/install-deps.sh --bench    (also PostgreSQL, the optional
#                                         baseline of bench/run_benchmarks.sh)
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang
  # engine
  librocksdb-dev rocksdb-tools capnproto libcapnp-dev libsodium-dev
  # the shipped programs' allocator
  libjemalloc-dev
  # gridledgerd: /metrics (prometheus-cpp's text format; promtool checks it in
  # the tests), and certificates for the tests
  prometheus-cpp-dev prometheus openssl
  # gridledgerd: readiness for systemd (Type=notify)
  libsystemd-dev
  # forwarding each partition's log into NATS JetStream (the C client; the
  # server for the tests and for a cluster on the same hosts)
  libnats-dev nats-server
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev gnuplot-nox python3
  # command line
  libcli11-dev nlohmann-json3-dev libpugixml-dev
  # kiosk
  libimgui-dev libstb-dev libglfw3-dev libsdl2-dev libgl-dev libqrencode-dev
  librime-dev librime-bin rime-data-pinyin-simp libzinnia-dev tegaki-zinnia-simplified-chinese
  libespeak-ng-dev espeak-ng fonts-noto-cjk fonts-wqy-microhei
  # headless display for kiosk tests and screenshots
  xvfb xauth xdotool mesa-utils libgl1-mesa-dri
)

if [ "${1:-}" = "--bench" ]; then
  PACKAGES+=(libpq-dev postgresql)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "error: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
