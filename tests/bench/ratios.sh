#!/usr/bin/env bash
# ratios.sh [BENCH_BINARY] runs the switch benchmarks in one process and prints
# each one's median time per switch and its ratio to BM_RawFiberSwitch
# (targets: greenlet <= 1.5x raw, observed <= 3x raw).
set -euo pipefail
bench=${1:-build/tests/bench/coroscope_bench}
"$bench" --benchmark_filter='Switch' --benchmark_repetitions=9 \
  --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
  awk -F, '/_median"/ {
      name = $1; gsub(/"|_median/, "", name)
      per_switch = 1e9 / $7    # column 7 is items_per_second
      t[name] = per_switch; order[++n] = name
    }
    END {
      raw = t["BM_RawFiberSwitch"]
      for (i = 1; i <= n; i++)
        printf "%-28s %6.2f ns/switch  %5.2fx raw\n", order[i], t[order[i]], t[order[i]] / raw
    }'
