#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# anyictl print / printers against the fixture's printers (run under with-printers).
set -euo pipefail
anyictl=$1
data=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

expect_status() { # STATUS COMMAND...
  local want=$1 got=0
  shift
  "$@" >"$out/log" 2>&1 || got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL: '$*' exited $got, not $want:" >&2
    cat "$out/log" >&2
    exit 1
  fi
}

expect_status 0 "$anyictl" print receipt --data "$data/receipt.json" --pdf "$out/receipt.pdf"
pdfinfo "$out/receipt.pdf" | grep -q '^Pages: *1$'

expect_status 0 "$anyictl" print handoff-slip --data "$data/handoff-slip.json" --queue "$ANYI_A4_QUEUE"
grep -q ': printed' "$out/log"
ls "$ANYI_TEST_A4_SPOOL"/*handoff-slip*.pdf >/dev/null

expect_status 0 "$anyictl" print receipt --data "$data/receipt.json" --queue "$ANYI_RECEIPT_QUEUE"
ls "$ANYI_TEST_RECEIPT_SPOOL"/*receipt*.pwg >/dev/null

printer-ctl receipt paper-empty
expect_status 0 "$anyictl" printers
grep -q '^receipt: idle, paper out' "$out/log"
grep -q 'fault paper-out \[clear, blocking\]: 打印纸已用完' "$out/log"
grep -q '^a4: idle, paper ok' "$out/log"
expect_status 1 "$anyictl" print receipt --data "$data/receipt.json" --queue "$ANYI_RECEIPT_QUEUE" --timeout 2
grep -q 'canceled: not printed within 2 s' "$out/log"

expect_status 2 "$anyictl" print receipt --data "$data/receipt.json"
expect_status 2 "$anyictl" print receipt --data "$data/receipt.json" --pdf x.pdf --queue a4
expect_status 1 "$anyictl" print no-such-template --data "$data/receipt.json" --pdf "$out/x.pdf"
grep -q 'no-such-template.json' "$out/log"
expect_status 1 "$anyictl" print receipt --data "$data/restock.json" --pdf "$out/x.pdf"
grep -q "the data has no 'hall'" "$out/log"
expect_status 1 "$anyictl" printers no-such-queue
grep -q 'queue-missing' "$out/log"
echo "anyictl print/printers: ok"
