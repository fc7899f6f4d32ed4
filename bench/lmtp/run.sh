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

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ -z "${BENCH_DIR:-}" ]; then
  BENCH_DIR="$ROOT/../shared/bench"
  # in a linked git worktree, ../shared is next to the main checkout, not next to this one
  [ -d "$BENCH_DIR" ] || BENCH_DIR="$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir)/../../shared/bench"
fi
BENCH_DIR="$(cd "$BENCH_DIR" && pwd)"
WORK="${WORK:-/tmp/lockbox-bench-lmtp}"
COUNT="${COUNT:-2000}"
SEED="${SEED:-1}"
REPS="${REPS:-3}"
CONCS="${CONCS:-1 4}"
SYSTEMS="${SYSTEMS:-lockbox-enc dovecot-crypt lockbox-clear dovecot-plain}"
NO_BUILD="${NO_BUILD:-0}"
RESULTS="${RESULTS:-$ROOT/bench/lmtp/results}"
PYTHON="${PYTHON:-python3}"
LIMIT="${LIMIT:-}"
PASSWORD="Bench-Lmtp-Pass-1"
export ANCHOR_DIR="$WORK/dovecot" BENCH_PASS="$PASSWORD"
OWN_PROCS='lockbox|dovecot|mailbench'

log() { printf '[bench-lmtp %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

LOCKBOX_PID=""
stop_lockbox() {
  if [ -n "$LOCKBOX_PID" ] && kill -0 "$LOCKBOX_PID" 2>/dev/null; then
    kill -TERM "$LOCKBOX_PID"
    local i
    for i in $(seq 1 100); do kill -0 "$LOCKBOX_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$LOCKBOX_PID" 2>/dev/null && die "lockbox pid $LOCKBOX_PID did not stop within 10 s"
  fi
  LOCKBOX_PID=""
}
cleanup() { stop_lockbox || true; "$BENCH_DIR/anchor-dovecot.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

bench() {  # a failed harness run is recorded in the results and reported; it does not stop the run
  local sub="$1" rc=0; shift
  if [ "$sub" = lmtp ] && [ -n "$LIMIT" ]; then set -- --limit "$LIMIT" "$@"; fi
  "$PYTHON" "$BENCH_DIR/mailbench.py" "$sub" --own-procs "$OWN_PROCS" "$@" || rc=$?
  [ "$rc" = 0 ] || log "WARNING: mailbench $sub exited $rc (see results)"
}

build() {
  if [ "$NO_BUILD" = 1 ] && [ -x "$WORK/bin/lockbox" ]; then return; fi
  log "dotnet build src/Lockbox -c Release -> $WORK/bin"
  dotnet build "$ROOT/src/Lockbox" -c Release -o "$WORK/bin" -v quiet -nologo >/dev/null
}

# run_lockbox MODE(enc|clear) REP OUT
run_lockbox() {
  local mode="$1" rep="$2" out="$3" data="$WORK/lockbox-$1" conc user port flag=()
  rm -rf "$data"; mkdir -p "$data"
  [ "$mode" = enc ] && flag=(--encrypt)
  for conc in $CONCS; do
    printf '%s\n' "$PASSWORD" | "$WORK/bin/lockbox" user add "$mode-c$conc@bench.test" --data "$data" \
        --password-stdin "${flag[@]}" >&2
  done
  : > "$WORK/lockbox-$mode.log"
  "$WORK/bin/lockbox" serve --data "$data" --lmtp 127.0.0.1:0 --imap 127.0.0.1:0 --imaps 127.0.0.1:0 </dev/null >"$WORK/lockbox-$mode.log" 2>&1 &
  LOCKBOX_PID=$!
  port=""
  for _ in $(seq 1 300); do
    port="$(sed -n 's/^listening lmtp 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$WORK/lockbox-$mode.log" | head -n1)"
    [ -n "$port" ] && break
    kill -0 "$LOCKBOX_PID" 2>/dev/null || die "lockbox serve exited: $(cat "$WORK/lockbox-$mode.log")"
    sleep 0.1
  done
  [ -n "$port" ] || die "no 'listening lmtp' line within 30 s"
  log "lockbox-$mode: pid $LOCKBOX_PID, lmtp 127.0.0.1:$port"
  for conc in $CONCS; do
    user="$mode-c$conc@bench.test"
    bench lmtp --host 127.0.0.1 --port "$port" --rcpt "$user" --corpus "$CORPUS" --concurrency "$conc" \
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
    bench lmtp --host 127.0.0.1 --port "${LMTP_PORT:-10024}" --rcpt "$user" --corpus "$CORPUS" \
        --concurrency "$conc" --label "dovecot-$mode/n$COUNT/c$conc/r$rep" --out "$out"
  done
  "$BENCH_DIR/anchor-dovecot.sh" stop
}

main() {
  [ -f "$BENCH_DIR/mailbench.py" ] || die "no harness in $BENCH_DIR (set BENCH_DIR)"
  mkdir -p "$WORK" "$RESULTS"
  "$BENCH_DIR/anchor-dovecot.sh" install
  build
  CORPUS="$WORK/corpus-$COUNT-seed$SEED"
  [ -s "$CORPUS/manifest.json" ] || "$PYTHON" "$BENCH_DIR/mailgen.py" --count "$COUNT" --seed "$SEED" --out "$CORPUS" >/dev/null

  local stamp out rep i n systems system
  stamp="$(date -u +%Y%m%d-%H%M%S)"
  out="$RESULTS/run-$stamp.jsonl"
  printf '{"bench":"env","date":"%s","nproc":%s,"cpu":"%s","kernel":"%s","dovecot":"%s","dotnet":"%s","lockbox_commit":"%s","count":%s,"seed":%s,"reps":%s,"concs":"%s"}\n' \
      "$(date -u +%FT%TZ)" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
      "$(uname -r)" "$(dovecot --version)" "$(dotnet --version)" "$(git -C "$ROOT" rev-parse --short HEAD)" \
      "$COUNT" "$SEED" "$REPS" "$CONCS" >> "$out"
  log "results -> $out"

  read -r -a systems <<< "$SYSTEMS"
  n=${#systems[@]}
  for rep in $(seq 1 "$REPS"); do
    for i in $(seq 0 $((n - 1))); do
      # rotate the order each repetition: no system always runs first (cold caches) or last
      system="${systems[$(((i + rep - 1) % n))]}"
      log "rep $rep/$REPS: $system"
      case "$system" in
        lockbox-enc) run_lockbox enc "$rep" "$out" ;;
        lockbox-clear) run_lockbox clear "$rep" "$out" ;;
        dovecot-crypt) run_dovecot crypt "$rep" "$out" ;;
        dovecot-plain) run_dovecot plain "$rep" "$out" ;;
        *) die "unknown system $system" ;;
      esac
    done
  done
  bench summarize "$out" 2>&1 | tee "$RESULTS/summary-$stamp.txt"
  "$PYTHON" "$ROOT/bench/lmtp/ratios.py" "$out" --compact "$RESULTS/lmtp-$stamp.jsonl" | tee -a "$RESULTS/summary-$stamp.txt"
}

main "$@"
