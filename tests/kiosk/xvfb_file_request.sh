#!/bin/bash
# Launches the real gridledger-kiosk under Xvfb (run by xvfb-run), taps
# through filing a request with real X pointer events (xdotool) at the
# positions the kiosk reports for its touch targets, and saves a screenshot
# of every main screen into OUT (kiosk-<screen>.png, journey-<step>.png).
#
# The journey: file a request whose words are partly handwritten (十); look the demo
# resident's cases up by phone with the new request's code and rate the
# other, older case (its own code never typed); the emergency screen; then
# frames and CPU on the idle start screen and on an idle step screen (at
# most 2 frames per second, at most 5% of a core), and resident memory (at
# most 250 MB).
#
# Waiting is event-driven (xvfb_lib.sh).
set -euo pipefail
KIOSK=$1
OUT=$2
mkdir -p "$OUT"
rm -f "$OUT"/kiosk-*.png "$OUT/targets"
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$KIOSK" --demo --demo-days 14 --windowed --no-speech --rime-dir "$WORK/rime" \
  --targets-file "$OUT/targets" --screenshot-dir "$OUT" >"$WORK/log" 2>&1 &
PID=$!

source "$(dirname "$0")/xvfb_lib.sh"

DEMO_PHONE=13800138000  # gridledger::SeedDemo's resident (DemoSummary::sample_phone)

wait_for start ready
grep -q "first screen rendered" "$WORK/log" && grep "first screen rendered" "$WORK/log"
START_TOP_BAR=$(top_bar)
[ -n "$START_TOP_BAR" ] || fail "no top bar on the start screen"
tap start/file;        wait_for category
[ "$(top_bar)" = "$START_TOP_BAR" ] || fail "the top bar moved: start screen
$START_TOP_BAR
category screen
$(top_bar)"
tap cat/sewer;         wait_for place
tap place/unsure;      wait_for what
tap_same phrase/0
tap_same what/mode/hand
line=$(grep "^target what/canvas " "$OUT/targets") || fail "no handwriting canvas"
set -- $line; CX=$3; CY=$4
[ -n "$WINDOW" ] || WINDOW=$(xdotool search --sync --name "GridLedger" | head -1)
# 十: two crossing strokes. A loaded machine may drop pointer samples: like a
# resident, rewrite and try again (at most three times).
for attempt in 1 2 3; do
  stroke $((CX - 100)) "$CY" $((CX + 100)) "$CY"
  stroke "$CX" $((CY - 100)) "$CX" $((CY + 100))
  wait_line "hw_first 十" 5 && break
  [ $attempt -lt 3 ] || fail "handwriting did not give 十"
  echo "handwriting gave $(grep '^hw_first' "$OUT/targets"); rewriting"
  tap_same what/rewrite
done
wait_line "target what/cand/0 .*"  # after the heading font has been fed its glyphs
snap what handwriting
tap_same what/cand/0
tap nav/next;          wait_for phone
for d in $(echo $DEMO_PHONE | fold -w1); do tap_same phone/$d; done
tap nav/next;          wait_for name
tap nav/next;          wait_for review
snap review review
tap nav/next;          wait_for receipt
grep -q "^target nav/next " "$OUT/targets" || fail "receipt has no done button"
set -- $(grep "^receipt " "$OUT/targets"); NEW_CASE=$2; NEW_CODE=$3
echo "filed $NEW_CASE"
tap nav/next;          rm -f "$OUT/kiosk-start.png"; wait_for start

# The demo resident's cases by phone and the new case's code: rate the other one.
tap start/lookup;      wait_for lookup
tap_same lookup/by_phone
for d in $(echo $DEMO_PHONE | fold -w1); do tap_same lookup/$d; done
for d in $(echo "$NEW_CODE" | fold -w1); do tap_same lookup/$d; done
tap nav/next;          wait_for case
grep -q "^target case/1 " "$OUT/targets" || fail "the phone lookup shows one case only"
snap case phone-lookup
# The demo resident's closed case is one of the older ones.
for i in 1 2 3 4 5; do
  grep -q "^target case/$i " "$OUT/targets" || fail "no older case offers a rating"
  tap_same case/$i
  wait_line "target rate/5 .*" 3 && break
done
tap_same rate/5
wait_line "feedback 1"  # Session::FeedbackResult::kThanks
snap case rated
grep -qx "lookup_error 0" "$OUT/targets" || fail "a rating counted as a lookup error"
tap nav/next;          rm -f "$OUT/kiosk-start.png"; wait_for start

# An emergency: call 110 / 119 / 120 first, full screen.
tap start/file;        wait_for category
tap cat/emergency;     wait_for emergency
grep -q "^target top/home " "$OUT/targets" && fail "the emergency screen is not full screen"
snap emergency emergency
tap emergency/home;    rm -f "$OUT/kiosk-start.png"; wait_for start

# Idle, once start-up work (demo seeding, the input method's deploy) is over.
measure_idle start
tap start/file;        wait_for category
measure_idle category
check_rss
echo "OK: filed (handwriting), looked up by phone and rated, emergency; screenshots in $OUT"
ls "$OUT"/*.png
