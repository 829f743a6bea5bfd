#!/usr/bin/env bash
# compare.sh [COROSCOPE] runs the same Python scripts under the real thing
# (Debian's /usr/bin/python3 with python3-greenlet and python3-gevent) and under
# `coroscope --headless`, side by side, and prints wall time, time per op, how
# many times faster Coroscope is, and peak RSS for both.
#
#   pingpong.py    N switches between two greenlets (default 1,000,000)
#   sleep0.py      G greenlets each doing R rounds of gevent.sleep(0) (1,000 x 1,000)
#   spawn_join.py  gevent.spawn of a trivial function N times, then joinall (100,000)
#
# Targets (issue 5): a script-level switch at least as fast as greenlet's;
# spawn+join of 100,000 at least as fast as gevent, with peak RSS no higher.
#
# Times are the wall clock of the whole process, best of REPEAT runs (default
# 3). Each script is also run with no work (N = 0, R = 0) as a baseline: the
# interpreter's start, the imports and (sleep0) spawning the G greenlets; "net"
# is the full run minus that, and per-op and the ratio use net. Both sides must
# print the same stdout (a final count), for the full and the baseline runs, or
# the script fails: the benchmark is also a correctness check.
#
# Sizes: PINGPONG_N, SLEEP_G, SLEEP_R, SPAWN_N, REPEAT in the environment.
# The machine may be shared: read the figures as a best of REPEAT, not a law.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
coroscope=${1:-build/app/coroscope}
python=/usr/bin/python3
repeat=${REPEAT:-3}
pingpong_n=${PINGPONG_N:-1000000}
sleep_g=${SLEEP_G:-1000}
sleep_r=${SLEEP_R:-1000}
spawn_n=${SPAWN_N:-100000}

"$python" -c 'import greenlet, gevent' 2>/dev/null ||
  { echo "compare.sh: needs apt-get install python3-greenlet python3-gevent" >&2; exit 2; }
[ -x "$coroscope" ] || { echo "compare.sh: no coroscope binary at $coroscope" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare.sh: needs GNU time: apt-get install time" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# sized SCRIPT VAR=VALUE...: a copy of SCRIPT under $tmp with each `VAR = ...`
# line set to VALUE (coroscope has no sys.argv); prints its path.
sized() {
  local script=$1 kv
  shift
  local dir
  dir="$tmp/$(echo "$*" | tr ' =' '_-')"
  mkdir -p "$dir"
  cp "$here/$script" "$dir/$script"
  for kv in "$@"; do
    grep -q "^${kv%%=*} = " "$dir/$script" || { echo "compare.sh: no ${kv%%=*} in $script" >&2; exit 2; }
    sed -i "s/^${kv%%=*} = .*/${kv%%=*} = ${kv#*=}/" "$dir/$script"
  done
  echo "$dir/$script"
}

# measure SIDE FILE: runs it REPEAT times; sets best_s (seconds) and best_kib
# (the peak RSS of the fastest run); leaves its stdout in $tmp/out.SIDE.
measure() {
  local side=$1 file=$2
  local cmd
  if [ "$side" = python ]; then cmd=("$python" "$file")
  else cmd=("$coroscope" --headless "$file"); fi
  local i t0 t1 s kib
  best_s="" best_kib=""
  for ((i = 0; i < repeat; i++)); do
    t0=$(date +%s%N)
    if ! /usr/bin/time -f '%M' -o "$tmp/rss" "${cmd[@]}" >"$tmp/out.$side" 2>"$tmp/err"; then
      echo "compare.sh: failed: ${cmd[*]}" >&2
      cat "$tmp/err" >&2
      exit 1
    fi
    t1=$(date +%s%N)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    kib=$(tail -n 1 "$tmp/rss")
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
      best_s=$s best_kib=$kib
    fi
  done
}

# same_output WHAT: both sides' last stdout must be identical.
same_output() {
  if ! cmp -s "$tmp/out.python" "$tmp/out.coroscope"; then
    echo "compare.sh: $1: the outputs differ" >&2
    diff "$tmp/out.python" "$tmp/out.coroscope" | head -n 10 >&2
    exit 1
  fi
}

printf '%s\n' "python: $("$python" --version 2>&1), greenlet $("$python" -c 'import greenlet; print(greenlet.__version__)'), gevent $("$python" -c 'import gevent; print(gevent.__version__)')"
printf '%s\n' "coroscope: $coroscope; best of $repeat; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) (a shared machine: noisy)"
printf '%-11s %-9s %9s %9s %9s %10s %9s %9s %8s %8s\n' benchmark side "raw s" "base s" "net s" "ops" "raw ns/op" "net ns/op" "RSS MiB" "base MiB"

# bench NAME OPS SCRIPT "FULL SIZES" "BASELINE SIZES" (sizes: VAR=VALUE ...)
bench() {
  local name=$1 ops=$2 script=$3 side
  local full base sizes
  read -ra sizes <<<"$4"
  full=$(sized "$script" "${sizes[@]}")
  read -ra sizes <<<"$5"
  base=$(sized "$script" "${sizes[@]}")
  declare -A raw basev kib bkib
  for side in python coroscope; do
    measure "$side" "$base"
    basev[$side]=$best_s bkib[$side]=$best_kib
    cp "$tmp/out.$side" "$tmp/base.$side"
  done
  cmp -s "$tmp/base.python" "$tmp/base.coroscope" || { cp "$tmp/base.python" "$tmp/out.python"; cp "$tmp/base.coroscope" "$tmp/out.coroscope"; same_output "$name baseline"; }
  for side in python coroscope; do
    measure "$side" "$full"
    raw[$side]=$best_s kib[$side]=$best_kib
  done
  same_output "$name"
  for side in python coroscope; do
    awk -v n="$name" -v s="$side" -v r="${raw[$side]}" -v b="${basev[$side]}" -v ops="$ops" \
      -v k="${kib[$side]}" -v bk="${bkib[$side]}" 'BEGIN {
        net = r - b; if (net < 0) net = 0
        printf "%-11s %-9s %9.3f %9.3f %9.3f %10d %9.1f %9.1f %8.1f %8.1f\n",
          n, s, r, b, net, ops, r * 1e9 / ops, net * 1e9 / ops, k / 1024, bk / 1024 }'
  done
  awk -v n="$name" -v pr="${raw[python]}" -v pb="${basev[python]}" -v cr="${raw[coroscope]}" \
    -v cb="${basev[coroscope]}" -v pk="${kib[python]}" -v ck="${kib[coroscope]}" -v out="$(cat "$tmp/out.python")" 'BEGIN {
      pn = pr - pb; cn = cr - cb
      net = (pn > 0 && cn > 0) ? sprintf("%.2fx", pn / cn) : "n/a (within noise)"
      printf "%-11s coroscope vs python: %.2fx raw, %s net (>1: coroscope faster); RSS %.2fx; both print \"%s\"\n",
        n, pr / cr, net, ck / pk, out }'
}

bench pingpong "$pingpong_n" pingpong.py "N=$pingpong_n" "N=0"
bench sleep0 "$((sleep_g * sleep_r))" sleep0.py "G=$sleep_g R=$sleep_r" "G=$sleep_g R=0"
bench spawn_join "$spawn_n" spawn_join.py "N=$spawn_n" "N=0"
