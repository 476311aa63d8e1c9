#!/bin/bash
# The kiosk as a thin client of a real gridledgerd, tapped in its real
# window under Xvfb (run by xvfb-run): a request filed while the server runs
# is on the ledger at once (its receipt has a case number); with the server
# killed (kill -9), the next request is kept in the kiosk's outbox and its
# receipt says so (no case number yet, a final query code); once the server
# is back, the outbox delivers it, exactly once.
#
# Usage: xvfb_outbox.sh KIOSK GRIDLEDGERD GRIDLEDGER OUT
set -euo pipefail
KIOSK=$1
DAEMON=$2
CLI=$3
OUT=$4
mkdir -p "$OUT"
rm -f "$OUT"/kiosk-*.png "$OUT/targets"
WORK=$(mktemp -d)
PID=""
DPID=""
cleanup() {
  [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  [ -n "$DPID" ] && { kill -9 "$DPID" 2>/dev/null || true; wait "$DPID" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT

source "$(dirname "$0")/xvfb_lib.sh"

# start_daemon [PORT]: gridledgerd on a unix socket (the operators' command
# line) and a loopback port (the kiosk); waits for its ready line.
start_daemon() {
  : >"$WORK/daemon.out"
  "$DAEMON" --data "$WORK/store" --socket "$WORK/gl.sock" \
    --insecure-loopback "127.0.0.1:${1:-0}" >"$WORK/daemon.out" 2>"$WORK/daemon.err" &
  DPID=$!
  local deadline=$((SECONDS + 30))
  until grep -q "^gridledgerd ready" "$WORK/daemon.out"; do
    kill -0 "$DPID" 2>/dev/null || { cat "$WORK/daemon.err"; fail "gridledgerd did not start"; }
    [ $SECONDS -lt $deadline ] || fail "gridledgerd not ready in 30 s"
    sleep 0.05
  done
  PORT=$(tr ' ' '\n' <"$WORK/daemon.out" | sed -n 's/^tcp:127\.0\.0\.1:\([0-9]*\)$/\1/p' | head -1)
  [ -n "$PORT" ] || fail "no loopback port in: $(cat "$WORK/daemon.out")"
}
ledger_cases() { "$CLI" --server "unix:$WORK/gl.sock" cases | tail -1 | awk '{print $1}'; }
waiting_in_outbox() { find "$WORK/outbox" -maxdepth 1 -name '*.filing' 2>/dev/null | wc -l; }

PHONE=13912345678

# file_sewer: one request through the real window, start screen to receipt;
# leaves the receipt's case id and query code in CASE and CODE.
file_sewer() {
  tap start/file;        wait_for category
  tap cat/sewer;         wait_for place
  tap place/unsure;      wait_for what
  tap_same phrase/0
  tap nav/next;          wait_for phone
  for d in $(echo $PHONE | fold -w1); do tap_same phone/$d; done
  tap nav/next;          wait_for name
  tap nav/next;          wait_for review
  tap nav/next;          wait_for receipt
  local line
  line=$(grep "^receipt " "$OUT/targets") || fail "no receipt line"
  CASE=$(echo "$line" | cut -d' ' -f2)
  CODE=$(echo "$line" | cut -d' ' -f3)
}

"$CLI" --data "$WORK/store" simulate --days 2 >/dev/null
start_daemon
"$CLI" --server "unix:$WORK/gl.sock" credentials issue kiosk hall-1 --out "$WORK/kiosk.cred" >/dev/null
BEFORE=$(ledger_cases)

"$KIOSK" --server "tcp:127.0.0.1:$PORT" --credential "$WORK/kiosk.cred" --outbox "$WORK/outbox" \
  --windowed --no-speech --rime-dir "$WORK/rime" \
  --targets-file "$OUT/targets" --screenshot-dir "$OUT" >"$WORK/log" 2>&1 &
PID=$!
wait_for start ready

# 1. The server is up: the receipt has the case number, the ledger has it.
file_sewer
[ -n "$CASE" ] || fail "the receipt has no case number while the server is up"
[ ${#CODE} -eq 6 ] || fail "the receipt's query code is '$CODE'"
"$CLI" --server "unix:$WORK/gl.sock" show "$CASE" | grep -q "下水道" || fail "$CASE is not on the ledger"
[ "$(ledger_cases)" -eq $((BEFORE + 1)) ] || fail "expected one new case"
snap receipt online
echo "filed $CASE with the server up"
tap nav/next;          rm -f "$OUT/kiosk-start.png"; wait_for start

# 2. The server is gone (kill -9): the filing waits in the outbox, and the
#    receipt says so in plain words, with its final query code.
kill -9 "$DPID"; wait "$DPID" 2>/dev/null || true; DPID=""
file_sewer
[ -z "$CASE" ] || fail "a queued receipt shows case number '$CASE'"
[ ${#CODE} -eq 6 ] || fail "the queued receipt's query code is '$CODE'"
QUEUED_CODE=$CODE
[ "$(waiting_in_outbox)" -eq 1 ] || fail "the outbox holds $(waiting_in_outbox) filings, not 1"
snap receipt queued
echo "queued with code $QUEUED_CODE while the server is down"
tap nav/next;          rm -f "$OUT/kiosk-start.png"; wait_for start

# 3. The server is back on the same port: the outbox delivers it, once.
start_daemon "$PORT"
deadline=$((SECONDS + 90))
until [ "$(waiting_in_outbox)" -eq 0 ]; do
  kill -0 "$PID" 2>/dev/null || fail "the kiosk exited while its outbox waited"
  [ $SECONDS -lt $deadline ] || fail "the outbox did not deliver within 90 s"
  sleep 0.1
done
[ "$(ledger_cases)" -eq $((BEFORE + 2)) ] || fail "expected exactly two new cases, found $(( $(ledger_cases) - BEFORE ))"
echo "OK: filed online, queued while the server was down, delivered once when it was back"
