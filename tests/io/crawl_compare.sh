#!/usr/bin/env bash
# crawl_compare.sh COROSCOPE CRAWL_PY: the crawler demo against Coroscope's slow
# site, three ways: Coroscope starting its own site for the run; Coroscope and
# CPython + gevent (when /usr/bin/python3 has it) against one `--serve-site`.
# Their outputs must match line for line once the site's port and the times
# are masked; the times must tell the story: one after another takes at least
# the sum of the delays (0.3 + 0.5 + 0.4 s), concurrently at least the longest
# and less than one after another.
set -euo pipefail
coroscope=$(realpath "$1")
crawl=$(realpath "$2")
work=$(mktemp -d)
site_pid=
cleanup() {
  [ -n "$site_pid" ] && kill "$site_pid" 2>/dev/null && wait "$site_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "crawl_compare: $*" >&2
  exit 1
}

# check_times FILE: the totals' lower bounds and order.
check_times() {
  local seq conc
  seq=$(sed -n 's/^one after another: \([0-9.]*\) s$/\1/p' "$1")
  conc=$(sed -n 's/^concurrently: \([0-9.]*\) s$/\1/p' "$1")
  [ -n "$seq" ] && [ -n "$conc" ] || fail "$1 has no totals:$(cat "$1")"
  awk -v s="$seq" -v c="$conc" 'BEGIN { exit !(s >= 1.2 && c >= 0.5 && c < s) }' ||
    fail "$1: one after another $seq s (>= 1.2 expected), concurrently $conc s (>= 0.5 and less)"
  echo "crawl_compare: $(basename "$1"): one after another $seq s, concurrently $conc s"
}

# mask FILE: the port and the times hidden.
mask() {
  sed -e 's#http://127\.0\.0\.1:[0-9]*/#http://SITE/#g' -e 's/: [0-9.]* s$/: T s/' "$1"
}

# 1. Coroscope alone: the site is started for the run.
(cd "$work" && "$coroscope" --headless "$crawl") > "$work/own.out"
check_times "$work/own.out"
grep -q '^12000 bytes received from http://127\.0\.0\.1:[0-9]*/www\.python\.org/\.$' "$work/own.out" ||
  fail "the python.org page did not come back whole:$(cat "$work/own.out")"

# 2. One site for both: `coroscope --serve-site 0` prints its address first.
"$coroscope" --serve-site 0 > "$work/site.log" 2>&1 &
site_pid=$!
url=
for _ in $(seq 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/site.log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || fail "coroscope --serve-site printed no address: $(cat "$work/site.log")"
COROSCOPE_SITE=$url "$coroscope" --headless "$crawl" > "$work/coroscope.out"
check_times "$work/coroscope.out"
grep -q "^GET: $url/www.python.org/\$" "$work/coroscope.out" ||
  fail "COROSCOPE_SITE was not used: $(cat "$work/coroscope.out")"
if /usr/bin/python3 -c 'import gevent' 2>/dev/null; then
  COROSCOPE_SITE=$url /usr/bin/python3 "$crawl" > "$work/cpython.out"
  check_times "$work/cpython.out"
  if ! diff <(mask "$work/cpython.out") <(mask "$work/coroscope.out"); then
    fail "Coroscope's output differs from CPython + gevent's (above, masked)"
  fi
  echo "crawl_compare: Coroscope prints what CPython + gevent print"
else
  echo "crawl_compare: /usr/bin/python3 has no gevent; compared Coroscope's runs only"
fi
diff <(mask "$work/own.out") <(mask "$work/coroscope.out") >/dev/null ||
  fail "the run with its own site differs from the run against --serve-site"
