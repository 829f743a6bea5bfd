#!/usr/bin/env bash
# compare.sh [BENCH_BINARY] runs the hub benchmarks and the same work under
# gevent (Debian's python3-gevent, /usr/bin/python3) one after the other, and
# prints ns per item for both and how many times faster Coroscope is.
# Targets (issue 3): sleep(0) >= 10x, spawn+join of 100,000 >= 10x.
set -euo pipefail
here=$(dirname "$0")
bench=${1:-build/tests/bench/coroscope_bench}
/usr/bin/python3 -c 'import gevent' 2>/dev/null ||
  { echo "compare.sh: needs gevent: apt-get install python3-gevent" >&2; exit 2; }
ours=$("$bench" --benchmark_filter='BM_HubSleep0|BM_SpawnJoin' --benchmark_format=csv 2>/dev/null |
  awk -F, 'NR > 1 { name = $1; gsub(/"|\/iterations:[0-9]+/, "", name); print name, 1e9 / $7 }')
theirs=$(/usr/bin/python3 "$here/gevent_side.py")
printf '%-20s %14s %14s %8s\n' benchmark "coroscope ns" "gevent ns" faster
while read -r name ns; do
  g=$(awk -v n="$name" '$1 == n { print $2 }' <<<"$theirs")
  [ -n "$g" ] && awk -v n="$name" -v a="$ns" -v b="$g" \
    'BEGIN { printf "%-20s %14.1f %14.1f %7.1fx\n", n, a, b, b / a }'
done <<<"$ours"
