#!/usr/bin/env bash
# Where the CPU of one request goes, on this machine, with perf (every process: the server, its
# PostgreSQL backends and the load generator):
#
#   deploy/profile.sh [purchases|lookups|batches]      # default: purchases
#
# Starts the benchmarked server the way deploy/benchmarks.sh does (embedded PostgreSQL, fsync and
# synchronous_commit on) with DOTNET_PerfMapEnabled=1 so perf can name JIT-compiled methods, drives
# it at the maximum rate with `loyaltygrid bench`, and samples every CPU for PROFILE_DURATION
# seconds of that steady state. Prints CPU microseconds per request for each process group and the
# heaviest methods of the server and of PostgreSQL; perf.data stays in the results folder for
# `perf report -i`.
#
# Environment (all optional):
#   BENCH_OUT          results folder (default: ./profile-results/<UTC time>)
#   PROFILE_DURATION   seconds sampled (default: 20)
#   PROFILE_WARMUP     seconds of load before sampling starts (default: 150: tiered compilation
#                      with dynamic PGO runs instrumented code for over a minute under load)
#   PROFILE_FREQUENCY  samples per second per CPU (default: 499)
#   BENCH_CONCURRENCY  closed-loop workers (default: 64)
#   BENCH_PGBENCH_CLIENTS pgbench -N clients (default: 16); pgbench runs on the same PostgreSQL first
#   PROFILE_RATE       requests per second instead of the maximum (e.g. to see what background
#                      work such as webhook delivery costs while the machine has room for it)
#   PROFILE_CUSTOMERS  customers the purchases spread over (default: the bench's 10,000); many
#                      make most purchases a customer's first few, as a stream of new members does
#   BENCH_SKIP_BUILD=1 use the existing Release build
#   PROFILE_SERVER_ENV extra VAR=value settings for the server, space-separated
#                      (e.g. "DOTNET_TieredPGO=0" to compare runtime settings)
#   PROFILE_CAMPAIGNS  active campaigns applying to every purchase (default: 0), as in
#                      deploy/engagement-bench.sh
#   PROFILE_WEBHOOKS=1 two webhook subscriptions, one receiver answering at once and one never
#                      answering (nice 19), as in deploy/engagement-bench.sh
set -euo pipefail

workload=${1:-purchases}
case $workload in purchases|lookups|batches) ;; -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;; *) echo "unknown workload: $workload (see --help)" >&2; exit 2 ;; esac
command -v perf >/dev/null || { echo "perf is needed (apt-get install linux-perf)" >&2; exit 2; }

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd -- "$script_dir/.." && pwd)
out=${BENCH_OUT:-$PWD/profile-results/$(date -u +%Y%m%dT%H%M%SZ)}
duration=${PROFILE_DURATION:-20}
warmup=${PROFILE_WARMUP:-150}
frequency=${PROFILE_FREQUENCY:-499}
concurrency=${BENCH_CONCURRENCY:-64}
# shellcheck source=deploy/bench-server.sh
. "$script_dir/bench-server.sh"
prepare_results
subscriptions=()
if [ "${PROFILE_WEBHOOKS:-0}" = 1 ]; then
    trap 'cleanup; stop_bench_receivers' EXIT
    start_bench_receivers
    subscriptions=("${bench_subscriptions[@]}")
fi
# Without W^X double mapping JIT code lives in anonymous memory, where perf finds the map file.
# shellcheck disable=SC2086
start_own_server DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 ${PROFILE_SERVER_ENV:-} "${subscriptions[@]}"
# PostgreSQL's share by statement: pg_stat_statements needs preloading, so the server is started
# once (which creates the cluster), stopped, and started again with it. Skipped without contrib.
statements=0
if ls /usr/share/postgresql/*/extension/pg_stat_statements.control >/dev/null 2>&1; then
    statements=1
    cleanup
    printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track_planning = on\n" \
        >>"$out/data/postgres/postgresql.auto.conf"
    # shellcheck disable=SC2086
    start_server DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 ${PROFILE_SERVER_ENV:-} "${subscriptions[@]}"
    psql "$pg" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
fi

# PostgreSQL's own rate on this machine right now, printed with the figures (docs/benchmarks.md
# records it beside every figure).
psql "$pg" -qc "CREATE DATABASE pgbench"
pgbench -q -i -s 10 "${pg/dbname=postgres/dbname=pgbench}" >"$out/pgbench-init.log" 2>&1
pgbench -N -c "${BENCH_PGBENCH_CLIENTS:-16}" -j 2 -T 15 "${pg/dbname=postgres/dbname=pgbench}" >"$out/pgbench.log" 2>&1

# The server's own process: the started subshell itself when bash replaced it by dotnet, else its child.
server_dotnet=$server_pid
grep -q LoyaltyGrid.Server.dll "/proc/$server_pid/cmdline" 2>/dev/null \
    || server_dotnet=$(pgrep -P "$server_pid" -f LoyaltyGrid.Server.dll | head -n 1 || true)

[ "${PROFILE_CAMPAIGNS:-0}" -gt 0 ] && put_bench_campaigns "$PROFILE_CAMPAIGNS"

extra=()
[ "$workload" = lookups ] && extra=(--customers 10000)
[ "$workload" = batches ] && extra=(--batch-size 500) && concurrency=8
[ -n "${PROFILE_CUSTOMERS:-}" ] && extra+=(--customers "$PROFILE_CUSTOMERS")
cli bench "$workload" --url "$url" --api-key "$sf_key" --rate "${PROFILE_RATE:-max}" --concurrency "$concurrency" \
    --warmup "${warmup}s" --duration "$((duration + 10))s" "${extra[@]}" --json "$out/bench.json" \
    >"$out/bench.txt" 2>"$out/cli.log" &
bench_pid=$!
sleep "$((warmup + 5))"
[ "$statements" = 1 ] && psql "$pg" -qc "SELECT pg_stat_statements_reset()" >/dev/null
perf record -a -g -F "$frequency" -o "$out/perf.data" -- sleep "$duration" 2>"$out/perf-record.log"
load_pids=$(pgrep -f loyaltygrid.dll | paste -sd, || true)
wait "$bench_pid"
cat "$out/bench.txt"

# Requests in the sampled window: the bench's steady rate times the window (the window lies
# inside the measured run). A batch request carries 500 events; figures are per event then.
rate=$(sed -n 's/.*"requestsPerSecond": *\([0-9.]*\).*/\1/p' "$out/bench.json" | head -n 1)
per=1; unit=request
[ "$workload" = batches ] && per=500 && unit=event

perf script -i "$out/perf.data" -F comm,pid,tid,ip,sym,dso 2>/dev/null \
    | python3 "$script_dir/profile-report.py" "$server_dotnet" "${load_pids:-none}" "$frequency" \
        "$(awk -v r="$rate" -v d="$duration" -v p="$per" 'BEGIN{print r*d*p}')" "$unit" | tee "$out/report.txt"
if [ "$statements" = 1 ]; then
    # Statement times are wall-clock (a commit's includes its WAL flush), counted over the sampled
    # window and the few seconds of load after it; per request with the same divisor as above.
    echo; echo "## PostgreSQL by statement (calls and ms per 1,000 ${unit}s; planning, execution)"
    psql "$pg" -AtF $'\t' -c "
        SELECT round(calls * 1000.0 / $(awk -v r="$rate" -v d="$duration" -v p="$per" 'BEGIN{print r*(d+5)*p}'), 2),
               round((total_plan_time + total_exec_time)::numeric * 1000 / $(awk -v r="$rate" -v d="$duration" -v p="$per" 'BEGIN{print r*(d+5)*p}'), 2),
               round(total_plan_time::numeric / greatest(calls, 1) * 1000, 1) || ' µs plan, ' || round(total_exec_time::numeric / greatest(calls, 1) * 1000, 1) || ' µs exec',
               left(regexp_replace(query, '\s+', ' ', 'g'), 110)
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'loyaltygrid')
        ORDER BY total_plan_time + total_exec_time DESC LIMIT 15" | tee "$out/statements.txt"
fi
echo; echo "pgbench -N, ${BENCH_PGBENCH_CLIENTS:-16} clients, 15 s, on the same PostgreSQL before the load: $(grep -E '^tps' "$out/pgbench.log")"
echo "results in $out"
