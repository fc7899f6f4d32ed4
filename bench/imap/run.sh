#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/imap/run.sh - issue 4's measured items: IMAP on an encrypted 10,000-message mailbox, the
# whole `lockbox serve` process next to Dovecot 2.3 with mail_crypt (no full-text search plugin),
# measured in the same run.
#
# Per repetition, each system (order rotating with the repetition) starts empty, gets one user,
# receives the mailgen corpus over LMTP (4 connections), then mailbench.py's `imap` pass runs twice:
#   cold  the first login after delivery (--login-reps 1): for Lockbox it unlocks the key and
#         re-seals every pending metadata record; then SELECT, UID FETCH 1:* (... ENVELOPE) and
#         (BODYSTRUCTURE) twice, every BODY.PEEK[] (MB/s, byte identity), SEARCH SUBJECT/BODY twice
#   warm  the same again at once (median of 5 logins)
# then a leak scan of the Lockbox data directory (must find no canary).
#
# Usage: bench/imap/run.sh          (needs root for the Dovecot install)
# Environment (defaults in brackets):
#   BENCH_DIR [<repo>/../shared/bench]  WORK [/tmp/lockbox-bench-imap]  RESULTS [<repo>/bench/imap/results]
#   COUNT [10000]  SEED [1]  REPS [1]  SYSTEMS ["lockbox-enc dovecot-crypt"]  NO_BUILD [0]
set -euo pipefail

BENCH_NAME=bench-imap
WORK="${WORK:-/tmp/lockbox-bench-imap}"
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
COUNT="${COUNT:-10000}"
SEED="${SEED:-1}"
REPS="${REPS:-1}"
SYSTEMS="${SYSTEMS:-lockbox-enc dovecot-crypt}"
RESULTS="${RESULTS:-$ROOT/bench/imap/results}"
PASSWORD="Bench-Imap-Pass-1"
export ANCHOR_DIR="$WORK/dovecot" BENCH_PASS="$PASSWORD"

# imap_passes SYSTEM REP PORT USER OUT: the cold pass, then the warm one
imap_passes() {
  local system="$1" rep="$2" port="$3" user="$4" out="$5"
  bench imap --host 127.0.0.1 --port "$port" --user "$user" --password "$PASSWORD" --corpus "$CORPUS" \
      --login-reps 1 --label "$system/n$COUNT/cold/r$rep" --out "$out"
  bench imap --host 127.0.0.1 --port "$port" --user "$user" --password "$PASSWORD" --corpus "$CORPUS" \
      --login-reps 5 --label "$system/n$COUNT/warm/r$rep" --out "$out"
}

run_lockbox() {
  local mode="$1" rep="$2" out="$3" data="$WORK/lockbox-$1" user="imap-$1@bench.test" flag=()
  rm -rf "$data"; mkdir -p "$data"
  [ "$mode" = enc ] && flag=(--encrypt)
  add_lockbox_user "$data" "$user" "$PASSWORD" "${flag[@]}"
  start_lockbox "$data" "$WORK/lockbox-$mode.log"
  bench lmtp --host 127.0.0.1 --port "$LMTP_PORT_LB" --rcpt "$user" --corpus "$CORPUS" --concurrency 4 \
      --label "lockbox-$mode/n$COUNT/deliver/r$rep" --out "$out"
  imap_passes "lockbox-$mode" "$rep" "$IMAP_PORT_LB" "$user" "$out"
  log "lockbox-$mode: VmRSS after the passes: $(grep VmRSS "/proc/$LOCKBOX_PID/status" | tr -s ' ')"
  stop_lockbox
  bench leakscan --corpus "$CORPUS" --dir "$data" --dir "$WORK/lockbox-$mode.log" \
      --label "lockbox-$mode/n$COUNT/r$rep/data" --out "$out"
}

run_dovecot() {
  local mode="$1" rep="$2" out="$3" user="imap-$1@anchor.test"
  "$BENCH_DIR/anchor-dovecot.sh" start "$mode"
  "$BENCH_DIR/anchor-dovecot.sh" adduser "$user" 2>/dev/null
  bench lmtp --host 127.0.0.1 --port "${LMTP_PORT:-10024}" --rcpt "$user" --corpus "$CORPUS" --concurrency 4 \
      --label "dovecot-$mode/n$COUNT/deliver/r$rep" --out "$out"
  imap_passes "dovecot-$mode" "$rep" "${IMAP_PORT:-10143}" "$user" "$out"
  "$BENCH_DIR/anchor-dovecot.sh" stop
}

main() {
  mkdir -p "$WORK" "$RESULTS"
  "$BENCH_DIR/anchor-dovecot.sh" install
  build_lockbox
  make_corpus "$COUNT" "$SEED"
  local stamp out
  stamp="$(date -u +%Y%m%d-%H%M%S)"
  out="$RESULTS/run-$stamp.jsonl"
  env_line "$out" "count=$COUNT" "seed=$SEED" "reps=$REPS"
  log "results -> $out"
  run_rotated "$out"
  "$PYTHON" "$ROOT/bench/imap/ratios.py" "$out" | tee "$RESULTS/summary-$stamp.txt"
}

main "$@"
