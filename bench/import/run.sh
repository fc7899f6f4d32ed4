#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/import/run.sh - issue 5's measured item: the rate of `lockbox import` (the whole CLI process,
# Release build) for an encrypted user, from a Maildir and from an mbox made of the same mailgen
# corpus with LF line ends (as Unix mail tools write them), then the rate of a re-run, which finds
# every message in the import journal and stores nothing.
#
# Usage: bench/import/run.sh
# Environment (defaults in brackets): WORK [/tmp/lockbox-bench-import]  COUNT [2000]  SEED [1]  REPS [3]  NO_BUILD [0]
set -euo pipefail

BENCH_NAME=bench-import
WORK="${WORK:-/tmp/lockbox-bench-import}"
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
COUNT="${COUNT:-2000}"
SEED="${SEED:-1}"
REPS="${REPS:-3}"
PASSWORD="Bench-Import-Pass-1"

mkdir -p "$WORK"
build_lockbox
make_corpus "$COUNT" "$SEED"

# The corpus as a Maildir (cur/, seen) and as one mboxrd file, both with LF line ends.
"$PYTHON" - "$CORPUS" "$WORK/Maildir" "$WORK/corpus.mbox" <<'PY'
import os, re, sys
corpus, maildir, mbox = sys.argv[1:]
os.makedirs(os.path.join(maildir, "cur"), exist_ok=True)
os.makedirs(os.path.join(maildir, "new"), exist_ok=True)
with open(mbox, "wb") as out:
    for i, name in enumerate(sorted(n for n in os.listdir(corpus) if n.endswith(".eml"))):
        with open(os.path.join(corpus, name), "rb") as f:
            lf = f.read().replace(b"\r\n", b"\n")
        with open(os.path.join(maildir, "cur", "%d.M%dP1.bench:2,S" % (1700000000 + i, i)), "wb") as f:
            f.write(lf)
        out.write(b"From bench@example.net Thu Jan  1 00:00:00 2026\n")
        out.write(re.sub(rb"(?m)^(>*From )", rb">\1", lf))
        out.write(b"\n" if lf.endswith(b"\n") else b"\n\n")
PY
bytes=$(du -sb "$WORK/Maildir" | cut -f1)
log "corpus: $COUNT messages, $bytes bytes as a Maildir; mbox $(stat -c %s "$WORK/corpus.mbox") bytes"

# timed LABEL ARGS...: runs `lockbox import ARGS` and prints LABEL, seconds and rates
timed() {
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$WORK/bin/lockbox" import "$@" >&2
  end=$(date +%s.%N)
  awk -v l="$label" -v s="$start" -v e="$end" -v n="$COUNT" -v b="$bytes" \
      'BEGIN { t = e - s; printf "%-22s %7.2f s  %7.1f msgs/s  %6.2f MB/s\n", l, t, n / t, b / 1e6 / t }'
}

for rep in $(seq 1 "$REPS"); do
  for format in maildir mbox; do
    data="$WORK/data-$format"
    rm -rf "$data"
    add_lockbox_user "$data" "import@bench.test" "$PASSWORD" --encrypt >/dev/null
    source="$WORK/Maildir"; [ "$format" = mbox ] && source="$WORK/corpus.mbox"
    timed "r$rep $format" import@bench.test "$format" "$source" --data "$data"
    timed "r$rep $format re-run" import@bench.test "$format" "$source" --data "$data"
  done
done
