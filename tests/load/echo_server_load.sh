#!/usr/bin/env bash
# echo_server_load.sh COROSCOPE ECHO_LOAD [LOAD OPTIONS...] runs the echo_server
# demo under `coroscope --headless --stats` on a free port, puts it under
# coroscope_echo_load (every byte checked, fault clients beside the good ones,
# the server's fds counted before and after), then ends it with SIGTERM and
# checks its last word: only main and the hub left alive, only the listening
# socket open. Exits non-zero on any lost byte, leak or stray output.
#
#   tests/load/echo_server_load.sh build/app/coroscope build/tests/load/coroscope_echo_load \
#     --clients 500 --messages 100 --faults 40
set -euo pipefail
coroscope=$1 load=$2
shift 2

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -KILL "$server"; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# running PID: PID lives and has not exited (an exited child stays a zombie,
# which kill -0 still finds, until it is waited for).
running() {
  local state
  state=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) && [ -n "$state" ] && [ "$state" != Z ]
}
fail() {
  echo "echo_server_load: $*" >&2
  if [ -s "$tmp/stderr" ]; then
    echo "the server's stderr:" >&2
    head -n 20 "$tmp/stderr" >&2
  fi
  exit 1
}

port=$("$load" --pick-port)
# Its stdout (a line per recv, the data's repr) goes nowhere: gigabytes.
"$coroscope" --headless echo_server "$port" --stats >/dev/null 2>"$tmp/stderr" &
server=$!

# Ready once one client is echoed: a message, then the end of stream.
for ((i = 0; ; i++)); do
  running "$server" || fail "the server exited before serving"
  if "$load" --port "$port" --clients 1 --messages 1 --max-size 16 --timeout 2 >/dev/null 2>&1; then
    break
  fi
  ((i < 100)) || fail "the server does not answer on 127.0.0.1:$port after 10 s"
  sleep 0.1
done
[ "$(cat "/proc/$server/comm")" = coroscope ] || fail "pid $server is not coroscope"

start=$(date +%s%N)
status=0
"$load" --port "$port" --server-pid "$server" "$@" || status=$?
echo "echo_server_load: the load took $(( ($(date +%s%N) - start) / 1000000 )) ms"

kill -TERM "$server"
for ((i = 0; i < 100; i++)); do
  running "$server" || break
  sleep 0.1
done
running "$server" && fail "the server still runs 10 s after SIGTERM"
server_status=0
wait "$server" || server_status=$?
server=""
((status == 0)) || fail "coroscope_echo_load failed (exit $status)"
((server_status == 143)) || fail "the server exited $server_status on SIGTERM, not 143 (128 + 15)"
stats='^coroscope: at SIGTERM: 2 greenlets alive \(main, hub\), 1 socket open, [0-9]+ switches$'
grep -Eq "$stats" "$tmp/stderr" || fail "no stats line like '$stats' on the server's stderr"
[ "$(wc -l <"$tmp/stderr")" -eq 1 ] || fail "the server wrote more than its stats line on stderr"
echo "echo_server_load: $(cat "$tmp/stderr")"
echo "echo_server_load: OK"
