#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/web/run.sh - issue 6's measured items: the webmail of the whole `lockbox serve` process on an
# encrypted 10,000-message INBOX. Starts empty, adds one encrypted user, delivers the mailgen corpus over
# LMTP (4 connections), then bench/web/webbench.py signs in and measures, per repetition:
#   the message list's time to first byte, warm (goal: median at most 150 ms), and
#   opening ~100 KB messages, the page plus its HTML frame (goal: median at most 100 ms).
# There is no webmail in the Dovecot anchor, so the goals are absolute; run it on a quiet machine.
#
# Usage: bench/web/run.sh
# Environment (defaults in brackets):
#   BENCH_DIR [<repo>/../shared/bench]  WORK [/tmp/lockbox-bench-web]  RESULTS [<repo>/bench/web/results]
#   COUNT [10000]  SEED [1]  REPS [1]  NO_BUILD [0]
set -euo pipefail

BENCH_NAME=bench-web
WORK="${WORK:-/tmp/lockbox-bench-web}"
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
COUNT="${COUNT:-10000}"
SEED="${SEED:-1}"
REPS="${REPS:-1}"
RESULTS="${RESULTS:-$ROOT/bench/web/results}"
PASSWORD="Bench-Web-Pass-1"

main() {
  mkdir -p "$WORK" "$RESULTS"
  build_lockbox
  make_corpus "$COUNT" "$SEED"
  local stamp out rep data="$WORK/data" user="web@bench.test"
  stamp="$(date -u +%Y%m%d-%H%M%S)"
  out="$RESULTS/run-$stamp.jsonl"
  env_line "$out" "count=$COUNT" "seed=$SEED" "reps=$REPS"
  log "results -> $out"
  for rep in $(seq 1 "$REPS"); do
    rm -rf "$data"; mkdir -p "$data"
    add_lockbox_user "$data" "$user" "$PASSWORD" --encrypt
    start_lockbox "$data" "$WORK/lockbox.log"
    bench lmtp --host 127.0.0.1 --port "$LMTP_PORT_LB" --rcpt "$user" --corpus "$CORPUS" --concurrency 4 \
        --label "lockbox-enc/n$COUNT/deliver/r$rep" --out "$out"
    "$PYTHON" "$ROOT/bench/web/webbench.py" --web-port "$WEB_PORT_LB" --imap-port "$IMAP_PORT_LB" --user "$user" \
        --password "$PASSWORD" --label "lockbox-enc/n$COUNT/r$rep" --out "$out"
    log "VmRSS after the measures: $(grep VmRSS "/proc/$LOCKBOX_PID/status" | tr -s ' ')"
    stop_lockbox
  done
}

main "$@"
