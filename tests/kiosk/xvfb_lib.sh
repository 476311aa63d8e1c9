# Shell helpers for driving the real gridledger-kiosk window under Xvfb with
# xdotool, shared by the Xvfb journeys (sourced, not run). The caller sets
# OUT (the kiosk's --targets-file is $OUT/targets and its --screenshot-dir
# is $OUT), WORK (scratch; the kiosk's log is $WORK/log) and PID (the
# kiosk's process id).
#
# Waiting is event-driven: the kiosk rewrites its targets file only when a
# screen has settled, and these helpers poll that file (with a deadline)
# instead of sleeping for fixed times.

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

# snap SCREEN NAME: keeps the screen's latest picture as journey-NAME.png.
snap() { cp "$OUT/kiosk-$1.png" "$OUT/journey-$2.png"; }

# wait_line PATTERN [SECONDS]: until the targets file has a line matching
# PATTERN; returns 1 after SECONDS (default: fails after 30 s).
wait_line() {
  local deadline=$((SECONDS + ${2:-30}))
  until grep -qx "$1" "$OUT/targets"; do
    kill -0 $PID 2>/dev/null || fail "kiosk exited while waiting for '$1'"
    if [ $SECONDS -ge $deadline ]; then
      [ -n "${2:-}" ] && return 1
      fail "timed out waiting for '$1'"
    fi
    sleep 0.05
  done
}

# frames_drawn: asks the kiosk (SIGUSR1) how many frames it has drawn.
frames_drawn() {
  local before deadline=$((SECONDS + 10))
  before=$(grep -c "frames drawn" "$WORK/log" || true)
  kill -USR1 $PID
  while [ "$(grep -c "frames drawn" "$WORK/log" || true)" = "$before" ]; do
    [ $SECONDS -lt $deadline ] || fail "no frame report"
    sleep 0.05
  done
  grep "frames drawn" "$WORK/log" | tail -1 | awk '{print $2}'
}
cpu_ticks() { awk '{print $14 + $15}' /proc/$PID/stat; }

# measure_idle NAME: 10 s without input; fails above 2 frames/s or 5% CPU.
measure_idle() {
  local f0 c0 f1 c1 hz
  hz=$(getconf CLK_TCK)
  f0=$(frames_drawn); c0=$(cpu_ticks)
  sleep 10  # the measurement window itself, not a wait for the kiosk
  f1=$(frames_drawn); c1=$(cpu_ticks)
  local frames=$((f1 - f0)) cpu
  cpu=$(awk -v t=$((c1 - c0)) -v hz="$hz" 'BEGIN { printf "%.1f", 100 * t / hz / 10 }')
  echo "IDLE $1: $frames frames in 10 s, CPU $cpu% of a core"
  [ $frames -le 20 ] || fail "idle $1 drew $frames frames in 10 s"
  awk -v c="$cpu" 'BEGIN { exit !(c <= 5) }' || fail "idle $1 used $cpu% CPU"
}

# check_rss: resident memory after the journeys (fonts fed, the input
# methods used, cases looked up); fails above 250 MB. Before the font files
# and the atlas's CPU copies were dropped, this run measured ~340 MB.
check_rss() {
  local kb
  kb=$(awk '/^VmRSS:/ {print $2}' /proc/$PID/status)
  echo "RSS: $((kb / 1024)) MB"
  [ "$kb" -le $((250 * 1024)) ] || fail "resident memory $((kb / 1024)) MB is above 250 MB"
}

# stroke X0 Y0 X1 Y1: one pen stroke, paced like a hand (the kiosk reads
# the pointer once per frame); returns once the kiosk has seen the pen lift.
stroke() {
  local before deadline=$((SECONDS + 30))
  before=$(grep '^taps ' "$OUT/targets")
  xdotool mousemove "$1" "$2" mousedown 1
  for i in 1 2 3 4 5 6 7 8; do
    sleep 0.06
    xdotool mousemove $(($1 + ($3 - $1) * i / 8)) $(($2 + ($4 - $2) * i / 8))
  done
  sleep 0.06
  xdotool mouseup 1
  while [ "$(grep '^taps ' "$OUT/targets")" = "$before" ]; do
    [ $SECONDS -lt $deadline ] || fail "pen lift not seen"
    sleep 0.05
  done
}

# top_bar: the top bar's buttons (but 回首页, absent on the start screen)
# and where they are; the same on every screen.
top_bar() { grep '^target top/' "$OUT/targets" | grep -v '^target top/home ' | sort; }
