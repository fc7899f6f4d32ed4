#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/lib.sh - what the whole-process benchmarks (bench/lmtp/run.sh, bench/imap/run.sh) share:
# finding the ../shared/bench harness, building and running `lockbox serve`, calling mailbench.py.
# Source it after setting BENCH_NAME (log prefix) and WORK; it sets ROOT and BENCH_DIR.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${BENCH_DIR:-}" ]; then
  BENCH_DIR="$ROOT/../shared/bench"
  # in a linked git worktree, ../shared is next to the main checkout, not next to this one
  [ -d "$BENCH_DIR" ] || BENCH_DIR="$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir)/../../shared/bench"
fi
BENCH_DIR="$(cd "$BENCH_DIR" && pwd)"
PYTHON="${PYTHON:-python3}"
NO_BUILD="${NO_BUILD:-0}"
OWN_PROCS='lockbox|dovecot|mailbench'

log() { printf '[%s %s] %s\n' "$BENCH_NAME" "$(date +%H:%M:%S)" "$*" >&2; }
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

# bench SUBCOMMAND ARGS...: a failed harness run is recorded in the results and reported; it does not stop the run
bench() {
  local sub="$1" rc=0; shift
  "$PYTHON" "$BENCH_DIR/mailbench.py" "$sub" --own-procs "$OWN_PROCS" "$@" || rc=$?
  [ "$rc" = 0 ] || log "WARNING: mailbench $sub exited $rc (see results)"
}

build_lockbox() {
  if [ "$NO_BUILD" = 1 ] && [ -x "$WORK/bin/lockbox" ]; then return; fi
  log "dotnet build src/Lockbox -c Release -> $WORK/bin"
  dotnet build "$ROOT/src/Lockbox" -c Release -o "$WORK/bin" -v quiet -nologo >/dev/null
}

# make_corpus COUNT SEED: sets CORPUS to a mailgen corpus directory under $WORK (made once)
make_corpus() {
  CORPUS="$WORK/corpus-$1-seed$2"
  [ -s "$CORPUS/manifest.json" ] || "$PYTHON" "$BENCH_DIR/mailgen.py" --count "$1" --seed "$2" --out "$CORPUS" >/dev/null
}

# add_lockbox_user DATA ADDRESS PASSWORD [--encrypt]
add_lockbox_user() {
  local data="$1" user="$2" password="$3"; shift 3
  printf '%s\n' "$password" | "$WORK/bin/lockbox" user add "$user" --data "$data" --password-stdin "$@" >&2
}

# wait_precompiled LOG: waits for the Precompiler's log line (event 5005). Until then the server spends several
# seconds of CPU compiling its request paths on a background thread (src/Lockbox/Hosting/Precompiler.cs), which a
# 2-core machine takes from the deliveries; the benchmarks measure the steady state that follows.
wait_precompiled() {
  local logfile="$1"
  for _ in $(seq 1 600); do
    grep -q 'Compiled [0-9]* methods of the request paths ahead' "$logfile" && return 0
    sleep 0.1
  done
  die "no Precompiler line (event 5005) within 60 s in $logfile"
}

# start_lockbox DATA LOG: runs `lockbox serve` on free loopback ports; sets LOCKBOX_PID, LMTP_PORT_LB, IMAP_PORT_LB,
# WEB_PORT_LB
start_lockbox() {
  local data="$1" logfile="$2"
  : > "$logfile"
  "$WORK/bin/lockbox" serve --data "$data" --lmtp 127.0.0.1:0 --imap 127.0.0.1:0 --imaps 127.0.0.1:0 --web 127.0.0.1:0 </dev/null >"$logfile" 2>&1 &
  LOCKBOX_PID=$!
  LMTP_PORT_LB=""; IMAP_PORT_LB=""; WEB_PORT_LB=""
  for _ in $(seq 1 300); do
    LMTP_PORT_LB="$(sed -n 's/^listening lmtp 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$logfile" | head -n1)"
    IMAP_PORT_LB="$(sed -n 's/^listening imap 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$logfile" | head -n1)"
    WEB_PORT_LB="$(sed -n 's/^listening web 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$logfile" | head -n1)"
    [ -n "$LMTP_PORT_LB" ] && [ -n "$IMAP_PORT_LB" ] && [ -n "$WEB_PORT_LB" ] && break
    kill -0 "$LOCKBOX_PID" 2>/dev/null || die "lockbox serve exited: $(cat "$logfile")"
    sleep 0.1
  done
  [ -n "$LMTP_PORT_LB" ] && [ -n "$IMAP_PORT_LB" ] && [ -n "$WEB_PORT_LB" ] || die "no 'listening lmtp/imap/web' lines within 30 s"
  wait_precompiled "$logfile"
  log "lockbox: pid $LOCKBOX_PID, lmtp 127.0.0.1:$LMTP_PORT_LB, imap 127.0.0.1:$IMAP_PORT_LB, web 127.0.0.1:$WEB_PORT_LB"
}

# env_line OUT KEY=VALUE...: the machine and versions, first line of every results file
env_line() {
  local out="$1"; shift
  local extra="" kv
  for kv in "$@"; do extra="$extra,\"${kv%%=*}\":\"${kv#*=}\""; done
  printf '{"bench":"env","date":"%s","nproc":%s,"cpu":"%s","kernel":"%s","dovecot":"%s","dotnet":"%s","lockbox_commit":"%s"%s}\n' \
      "$(date -u +%FT%TZ)" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
      "$(uname -r)" "$(dovecot --version)" "$(dotnet --version)" "$(git -C "$ROOT" rev-parse --short HEAD)" "$extra" >> "$out"
}

# run_rotated OUT: runs every system of $SYSTEMS once per repetition (1..$REPS) through the caller's
# run_system SYSTEM REP OUT; the order rotates with the repetition, so no system always runs first (cold caches) or last
run_rotated() {
  local out="$1" rep i n systems system
  read -r -a systems <<< "$SYSTEMS"
  n=${#systems[@]}
  for rep in $(seq 1 "$REPS"); do
    for i in $(seq 0 $((n - 1))); do
      system="${systems[$(((i + rep - 1) % n))]}"
      log "rep $rep/$REPS: $system"
      run_system "$system" "$rep" "$out"
    done
  done
}

# run_system SYSTEM REP OUT for the Dovecot comparisons (bench/lmtp, bench/imap): lockbox-enc|lockbox-clear through
# the caller's run_lockbox MODE REP OUT, dovecot-crypt|dovecot-plain through its run_dovecot MODE REP OUT
run_system() {
  case "$1" in
    lockbox-enc) run_lockbox enc "$2" "$3" ;;
    lockbox-clear) run_lockbox clear "$2" "$3" ;;
    dovecot-crypt) run_dovecot crypt "$2" "$3" ;;
    dovecot-plain) run_dovecot plain "$2" "$3" ;;
    *) die "unknown system $1" ;;
  esac
}
