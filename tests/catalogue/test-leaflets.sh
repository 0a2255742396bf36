#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every service of the catalogue prints a guidance leaflet a citizen can
# read: its name, what to bring with how each is handed in, the fee, and the
# hall's hotline (anyictl catalogue leaflet | anyictl print guidance-leaflet).
set -euo pipefail
anyictl=$1
services=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count=0
for file in "$services"/*.json; do
  id=$(basename "$file" .json)
  [[ $id == categories ]] && continue
  "$anyictl" catalogue leaflet "$id" "$services" >"$out/$id.json"
  "$anyictl" print guidance-leaflet --data "$out/$id.json" --pdf "$out/$id.pdf" >/dev/null
  pdftotext -layout "$out/$id.pdf" "$out/$id.txt"
  { read -r name; read -r first_material; read -r fen; } < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
m = s["materials"]
print(s["names"]["zh"]); print(m[0]["names"]["zh"] if m else "无需提交材料"); print(s["fee"]["amount_fen"])
' "$file")
  # pdftotext may break a long line: compare without spaces and newlines
  flat=$(tr -d ' \n' <"$out/$id.txt")
  for want in "$name" "一、所需材料" "${first_material// /}" "咨询电话12345"; do
    if [[ $flat != *"$want"* ]]; then
      echo "FAIL: $id leaflet lacks '$want'" >&2
      exit 1
    fi
  done
  if [[ $fen == 0 && $flat != *"不收费"* ]] || [[ $fen != 0 && $flat != *"工本费"* ]]; then
    echo "FAIL: $id leaflet does not state its fee ($fen fen)" >&2
    exit 1
  fi
  count=$((count + 1))
done
echo "ok: $count leaflets"
[[ $count -ge 20 ]]
