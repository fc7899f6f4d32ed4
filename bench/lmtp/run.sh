#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/lmtp/run.sh - issue 3 item 6: LMTP delivery throughput of the whole `lockbox serve`
# process, next to Dovecot 2.3 with and without mail_crypt, measured in the same run.
#
# Per repetition (REPS), the four systems run one after another in an order that rotates with
# the repetition number, so slow phases of a shared machine hit every system alike:
#   lockbox-enc    `lockbox serve`, user created with --encrypt (OpenPGP per message)
#   lockbox-clear  `lockbox serve`, user without encryption
#   dovecot-crypt  private Dovecot, mail_crypt (anchor-dovecot.sh start crypt)
#   dovecot-plain  private Dovecot, no mail_crypt (anchor-dovecot.sh start plain)
# Each system starts from an empty data directory and gets one fresh user per concurrency;
# mailbench.py delivers the whole corpus to that user over C LMTP connections (CONCS).
# Durability: Lockbox answers 250 after fsync of the blob, of its directory, and a SQLite
# synchronous=FULL commit; Dovecot runs with its default mail_fsync=optimized.
# After each repetition, leakscan checks the encrypted Lockbox data directory (must find 0)
# and the cleartext one (the control: must find the canaries).
#
# Usage: bench/lmtp/run.sh            (from anywhere; needs root for the Dovecot install)
# Output in RESULTS: run-STAMP.jsonl (raw, git-ignored: large), lmtp-STAMP.jsonl (compact),
# summary-STAMP.txt (mailbench summarize + the goal table of ratios.py).
# Environment (defaults in brackets):
#   BENCH_DIR [<repo>/../shared/bench]  mailgen.py, mailbench.py, anchor-dovecot.sh
#   WORK [/tmp/lockbox-bench-lmtp]      scratch: build output, corpus, data dirs, Dovecot
#   COUNT [2000]  SEED [1]  REPS [3]  CONCS ["1 4"]
#   SYSTEMS ["lockbox-enc dovecot-crypt lockbox-clear dovecot-plain"]
#   NO_BUILD [0]                        1: reuse $WORK/bin
#   LIMIT []                            deliver only the first N messages (quick checks)
#   RESULTS [<repo>/bench/lmtp/results]
set -euo pipefail

BENCH_NAME=bench-lmtp
WORK="${WORK:-/tmp/lockbox-bench-lmtp}"
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
COUNT="${COUNT:-2000}"
SEED="${SEED:-1}"
REPS="${REPS:-3}"
CONCS="${CONCS:-1 4}"
SYSTEMS="${SYSTEMS:-lockbox-enc dovecot-crypt lockbox-clear dovecot-plain}"
RESULTS="${RESULTS:-$ROOT/bench/lmtp/results}"
LIMIT="${LIMIT:-}"
PASSWORD="Bench-Lmtp-Pass-1"
export ANCHOR_DIR="$WORK/dovecot" BENCH_PASS="$PASSWORD"

# deliver ARGS...: mailbench lmtp, only the first LIMIT messages when LIMIT is set (quick checks)
deliver() {
  if [ -n "$LIMIT" ]; then set -- --limit "$LIMIT" "$@"; fi
  bench lmtp "$@"
}

# run_lockbox MODE(enc|clear) REP OUT
run_lockbox() {
  local mode="$1" rep="$2" out="$3" data="$WORK/lockbox-$1" conc flag=()
  rm -rf "$data"; mkdir -p "$data"
  [ "$mode" = enc ] && flag=(--encrypt)
  for conc in $CONCS; do
    add_lockbox_user "$data" "$mode-c$conc@bench.test" "$PASSWORD" "${flag[@]}"
  done
  start_lockbox "$data" "$WORK/lockbox-$mode.log"
  for conc in $CONCS; do
    deliver --host 127.0.0.1 --port "$LMTP_PORT_LB" --rcpt "$mode-c$conc@bench.test" --corpus "$CORPUS" --concurrency "$conc" \
        --label "lockbox-$mode/n$COUNT/c$conc/r$rep" --out "$out"
  done
  stop_lockbox
  bench leakscan --corpus "$CORPUS" --dir "$data" --dir "$WORK/lockbox-$mode.log" \
      --label "lockbox-$mode/n$COUNT/r$rep/data" --out "$out"
}

# run_dovecot MODE(crypt|plain) REP OUT
run_dovecot() {
  local mode="$1" rep="$2" out="$3" conc user
  "$BENCH_DIR/anchor-dovecot.sh" start "$mode"
  for conc in $CONCS; do
    user="bench-c$conc@anchor.test"
    "$BENCH_DIR/anchor-dovecot.sh" adduser "$user" 2>/dev/null
    deliver --host 127.0.0.1 --port "${LMTP_PORT:-10024}" --rcpt "$user" --corpus "$CORPUS" \
        --concurrency "$conc" --label "dovecot-$mode/n$COUNT/c$conc/r$rep" --out "$out"
  done
  "$BENCH_DIR/anchor-dovecot.sh" stop
}

main() {
  [ -f "$BENCH_DIR/mailbench.py" ] || die "no harness in $BENCH_DIR (set BENCH_DIR)"
  mkdir -p "$WORK" "$RESULTS"
  "$BENCH_DIR/anchor-dovecot.sh" install
  build_lockbox
  make_corpus "$COUNT" "$SEED"

  local stamp out
  stamp="$(date -u +%Y%m%d-%H%M%S)"
  out="$RESULTS/run-$stamp.jsonl"
  env_line "$out" "count=$COUNT" "seed=$SEED" "reps=$REPS" "concs=$CONCS"
  log "results -> $out"

  run_rotated "$out"
  bench summarize "$out" 2>&1 | tee "$RESULTS/summary-$stamp.txt"
  "$PYTHON" "$ROOT/bench/lmtp/ratios.py" "$out" --compact "$RESULTS/lmtp-$stamp.jsonl" | tee -a "$RESULTS/summary-$stamp.txt"
}

main "$@"
