#!/usr/bin/env bash
# conformance.sh COROSCOPE CASES_DIR [KNOWN_GAPS]: runs every CASES_DIR/*.py
# through `COROSCOPE --headless` and compares its stdout with the .out beside
# it, byte for byte (each .out was printed by CPython 3.11 + greenlet 2.0.2 +
# gevent 22.10.2). Prints how many match. Fails on a mismatch that is not in
# KNOWN_GAPS (lines "NN_name  reason"), and on a known gap that now passes, so
# that the list only shrinks.
set -uo pipefail
coroscope=$(realpath "$1")
cases=$2
gaps=${3:-$(dirname "$0")/known_gaps.txt}
if [ ! -d "$cases" ]; then
  echo "conformance: no cases at $cases" >&2
  exit 1
fi
declare -A known
while read -r name reason; do
  case "$name" in ''|'#'*) continue ;; esac
  known[$name]=$reason
done < "$gaps"

total=0 match=0 gap=0 bad=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for py in "$cases"/*.py; do
  name=$(basename "$py" .py)
  if [ ! -f "${py%.py}.out" ]; then
    # A program that runs until stopped (a server) has no .out: its own tests check it.
    echo "conformance: $name has no .out (it runs until stopped); not compared"
    continue
  fi
  total=$((total + 1))
  (cd "$(dirname "$py")" && timeout 60 "$coroscope" --headless "$(basename "$py")") > "$out" 2>/dev/null
  if cmp -s "$out" "${py%.py}.out"; then
    if [ -n "${known[$name]+x}" ]; then
      echo "conformance: $name now passes: remove it from $gaps"
      bad=$((bad + 1))
    fi
    match=$((match + 1))
  elif [ -n "${known[$name]+x}" ]; then
    gap=$((gap + 1))
  else
    echo "conformance: $name differs from ${py%.py}.out:"
    diff "${py%.py}.out" "$out" | head -20
    bad=$((bad + 1))
  fi
done
echo "conformance: $match of $total match; $gap known gaps; $bad unexpected"
[ "$bad" -eq 0 ]
