#!/usr/bin/env bash
# echo_compare.sh [BUILD_DIR] puts the same load on the echo_server demo
# (assets/demos/echo_server.py) run two ways, one after the other: by
# `coroscope --headless` and by Debian's /usr/bin/python3 with gevent, both
# with stdout to /dev/null; then prints messages/s, MB/s (echoed, 10^6 bytes),
# the CPU time the server used during the load (and messages per CPU second,
# steadier than wall time on a busy machine) and its peak memory (VmHWM) for
# each, and Coroscope / gevent.
#
# The load is coroscope_echo_load's (tests/load): CLIENTS good clients
# (default 500) each sending MESSAGES (100) messages of MIN_SIZE..MAX_SIZE
# bytes (1..65536) with seed SEED (1), every byte checked; FAULTS fault
# clients besides (default 0). ROUNDS (1) runs both sides that many times,
# alternating. A lost or changed byte, or a server fd left open, fails the
# script: the benchmark is also a correctness check.
#
# Goal (issue 7): Coroscope's server at least as fast as gevent's, no byte lost.
# The machine may be shared: compare sides of one round, and read several.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-build}
coroscope=$build/app/coroscope
load=$build/tests/load/coroscope_echo_load
python=/usr/bin/python3
clients=${CLIENTS:-500} messages=${MESSAGES:-100} seed=${SEED:-1} faults=${FAULTS:-0}
min_size=${MIN_SIZE:-1} max_size=${MAX_SIZE:-65536} rounds=${ROUNDS:-1}

"$python" -c 'import gevent' 2>/dev/null ||
  { echo "echo_compare.sh: needs apt-get install python3-gevent" >&2; exit 2; }
[ -x "$coroscope" ] || { echo "echo_compare.sh: no coroscope binary at $coroscope" >&2; exit 2; }
[ -x "$load" ] || { echo "echo_compare.sh: no coroscope_echo_load at $load" >&2; exit 2; }

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -KILL "$server"; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# measure SIDE: starts SIDE's server on a free port, waits until it echoes,
# runs the load against it, stops it; leaves the load's JSON in $tmp/SIDE.json.
measure() {
  local side=$1 port i
  port=$("$load" --pick-port)
  if [ "$side" = coroscope ]; then
    "$coroscope" --headless echo_server "$port" >/dev/null 2>"$tmp/$side.err" &
  else
    "$python" "$root/assets/demos/echo_server.py" "$port" >/dev/null 2>"$tmp/$side.err" &
  fi
  server=$!
  for ((i = 0; ; i++)); do
    "$load" --port "$port" --clients 1 --messages 1 --max-size 16 --timeout 2 >/dev/null 2>&1 && break
    if ((i == 200)) || [ "$(cut -d' ' -f3 "/proc/$server/stat" 2>/dev/null)" = Z ]; then
      echo "echo_compare.sh: the $side server does not answer on port $port" >&2
      cat "$tmp/$side.err" >&2
      exit 1
    fi
    sleep 0.1
  done
  if ! "$load" --port "$port" --clients "$clients" --messages "$messages" --min-size "$min_size" \
      --max-size "$max_size" --seed "$seed" --faults "$faults" --server-pid "$server" --json \
      >"$tmp/$side.json"; then
    echo "echo_compare.sh: the $side server failed the load:" >&2
    "$python" -c 'import json, sys; [print(f) for f in json.load(sys.stdin)["failures"]]' \
      <"$tmp/$side.json" >&2 || cat "$tmp/$side.json" >&2
    exit 1
  fi
  kill -TERM "$server"
  wait "$server" || true
  server=""
}

# field SIDE KEY: one number from SIDE's JSON ("server.peak_mib" for nested).
field() {
  "$python" -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v = v[k]
print(v)' "$tmp/$1.json" "$2"
}

printf '%s\n' "python: $("$python" --version 2>&1), gevent $("$python" -c 'import gevent; print(gevent.__version__)'); coroscope: $coroscope"
printf '%s\n' "load: $clients clients x $messages messages of $min_size..$max_size B, seed $seed, $faults fault clients; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) (a shared machine: noisy)"
printf '%-6s %-10s %10s %9s %9s %9s %11s %9s\n' round side "msgs/s" "MB/s" "wall s" "CPU s" "msgs/CPU s" "peak MiB"
declare -A mps mbs cpu peak
for ((round = 1; round <= rounds; round++)); do
  for side in coroscope gevent; do
    measure "$side"
    mps[$side]=$(field "$side" messages_per_s)
    mbs[$side]=$(field "$side" mb_per_s)
    cpu[$side]=$(field "$side" server.cpu_s)
    peak[$side]=$(field "$side" server.peak_mib)
    awk -v r="$round" -v s="$side" -v m="${mps[$side]}" -v b="${mbs[$side]}" \
      -v w="$(field "$side" wall_s)" -v c="${cpu[$side]}" -v n="$(field "$side" messages)" \
      -v p="${peak[$side]}" 'BEGIN {
        printf "%-6s %-10s %10.0f %9.1f %9.2f %9.2f %11.0f %9.1f\n", r, s, m, b, w, c, (c > 0 ? n / c : 0), p }'
  done
  awk -v r="$round" -v cm="${mps[coroscope]}" -v gm="${mps[gevent]}" -v cb="${mbs[coroscope]}" \
    -v gb="${mbs[gevent]}" -v cc="${cpu[coroscope]}" -v gc="${cpu[gevent]}" \
    -v cp="${peak[coroscope]}" -v gp="${peak[gevent]}" 'BEGIN {
      printf "%-6s %-10s %9.2fx %8.2fx %9s %8.2fx %10.2fx %8.2fx\n", r, "ratio", cm / gm, cb / gb, "",
        cc / gc, (cc > 0 ? gc / cc : 0), cp / gp }'
done
echo "ratio: coroscope / gevent (msgs/s, MB/s, msgs/CPU s: >1 is coroscope faster; CPU s, peak: >1 is coroscope using more)"
echo "no byte lost or changed on either side; every server fd came back"
