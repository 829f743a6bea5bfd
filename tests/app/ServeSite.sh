#!/bin/bash
# ServeSite.sh COROSCOPE: `coroscope --serve-site 0` prints its one line, serves
# the article's pages, makes a second site on its port say why it cannot
# listen (exit 2), and stops with exit code 0 on SIGINT (Ctrl+C) and SIGTERM.
set -u
coroscope=$1
dir=$(mktemp -d)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill -KILL "$pid" 2>/dev/null; fi
  rm -rf "$dir"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "--- its stdout:" >&2; cat "$dir/out" >&2
  echo "--- its stderr:" >&2; cat "$dir/err" >&2
  exit 1
}

# start_site: a site on a free port, in the background; sets pid and port.
start_site() {
  "$coroscope" --serve-site 0 >"$dir/out" 2>"$dir/err" &
  pid=$!
  for _ in $(seq 100); do
    grep -q 'Ctrl+C stops it' "$dir/out" && break
    sleep 0.1
  done
  local pattern="^Coroscope's slow site: http://127\.0\.0\.1:([0-9]+) \(the pages: "
  pattern+="/www\.python\.org/ 0\.3 s 12000 bytes, /www\.yahoo\.com/ 0\.5 s 30000 bytes, "
  pattern+="/github\.com/ 0\.4 s 20000 bytes\); Ctrl\+C stops it$"
  [[ $(cat "$dir/out") =~ $pattern ]] || fail "not the one line expected"
  port=${BASH_REMATCH[1]}
}

# stop_site SIGNAL: the site exits 0 soon after the signal.
stop_site() {
  kill -"$1" "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && fail "still running 10 s after SIG$1"
  wait "$pid"
  local rc=$?
  pid=
  [[ $rc == 0 ]] || fail "exit code $rc after SIG$1, not 0"
}

start_site
exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "cannot connect to port $port"
printf 'GET /www.python.org/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
cat <&3 >"$dir/page"
exec 3<&-
head -n 1 "$dir/page" | grep -q $'^HTTP/1.1 200 OK\r$' || fail "no 200 OK: $(head -c 200 "$dir/page")"
grep -q $'^Content-Length: 12000\r$' "$dir/page" || fail "no Content-Length: 12000"
grep -q '<title>www.python.org' "$dir/page" || fail "not the python.org stand-in"

"$coroscope" --serve-site "$port" >"$dir/second" 2>&1
rc=$?
[[ $rc == 2 ]] || fail "a second site on port $port exited $rc, not 2"
expected="coroscope: Coroscope's slow site cannot listen on 127.0.0.1:$port: the address is already in use"
grep -q "^$expected" "$dir/second" || fail "a second site said: $(cat "$dir/second")"
[[ $(wc -l <"$dir/second") == 1 ]] || fail "a second site said more than one line"

stop_site INT
start_site
stop_site TERM
echo "ok: served on port $port, a second site refused, SIGINT and SIGTERM exit 0"
