#!/bin/bash
# Launches the real gridledger-kiosk under Xvfb (run by xvfb-run), taps
# through filing a request with real X pointer events (xdotool) at the
# positions the kiosk reports for its touch targets, and saves a screenshot
# of every main screen into OUT (kiosk-<screen>.png).
#
# Waiting is event-driven: the kiosk rewrites its targets file only when a
# screen has settled, and the script polls that file (with a deadline)
# instead of sleeping for fixed times.
set -euo pipefail
KIOSK=$1
OUT=$2
mkdir -p "$OUT"
rm -f "$OUT"/kiosk-*.png "$OUT/targets"
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$KIOSK" --demo --demo-days 3 --windowed --no-speech --rime-dir "$WORK/rime" \
  --targets-file "$OUT/targets" --screenshot-dir "$OUT" >"$WORK/log" 2>&1 &
PID=$!

fail() { echo "FAIL: $*"; cat "$WORK/log"; [ -f "$OUT/targets" ] && cat "$OUT/targets"; exit 1; }

# wait_for SCREEN [ready]: until the kiosk shows SCREEN (and its screenshot exists).
wait_for() {
  local screen=$1 deadline=$((SECONDS + 60))
  while true; do
    if [ -f "$OUT/targets" ] && grep -qx "screen $screen" "$OUT/targets" \
       && { [ "${2:-}" != ready ] || grep -qx "ready 1" "$OUT/targets"; } \
       && [ -f "$OUT/kiosk-$screen.png" ]; then
      return 0
    fi
    kill -0 $PID 2>/dev/null || fail "kiosk exited while waiting for $screen"
    [ $SECONDS -lt $deadline ] || fail "timed out waiting for screen $screen"
    sleep 0.05
  done
}

WINDOW=""
tap() {
  local id=$1 line
  line=$(grep "^target $id " "$OUT/targets" | tail -1) || fail "no target $id"
  set -- $line
  [ -n "$WINDOW" ] || WINDOW=$(xdotool search --sync --name "GridLedger" | head -1)
  # The screen changes after a tap; forget the old targets before tapping.
  cp "$OUT/targets" "$WORK/before"
  xdotool mousemove --window "$WINDOW" "$3" "$4" click 1
  echo "tapped $id at $3,$4"
}

# tap_same ID: a tap that stays on the same screen; waits until the kiosk
# has seen the release (its "taps" count goes up).
tap_same() {
  local deadline=$((SECONDS + 30)) before
  before=$(grep '^taps ' "$OUT/targets")
  tap "$1"
  while [ "$(grep '^taps ' "$OUT/targets")" = "$before" ]; do
    [ $SECONDS -lt $deadline ] || fail "tap on $1 not seen"
    sleep 0.05
  done
}

wait_for start ready
tap start/file;        wait_for category
tap cat/sewer;         wait_for place
tap place/unsure;      wait_for what
tap_same phrase/0
tap nav/next;          wait_for phone
for d in 1 3 9 1 2 3 4 5 6 7 8; do tap_same phone/$d; done
tap nav/next;          wait_for name
tap nav/next;          wait_for review
tap nav/next;          wait_for receipt
grep -q "^target nav/next " "$OUT/targets" || fail "receipt has no done button"
tap nav/next;          rm -f "$OUT/kiosk-start.png"; wait_for start
tap start/lookup;      wait_for lookup
echo "OK: filed a request through the real binary; screenshots in $OUT"
ls "$OUT"/kiosk-*.png
