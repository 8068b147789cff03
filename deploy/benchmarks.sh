#!/usr/bin/env bash
# Every benchmark figure of docs/benchmarks.md on this machine, in one run:
#
#   deploy/benchmarks.sh                       # starts its own server (embedded PostgreSQL), runs everything
#   deploy/benchmarks.sh --url URL --api-key SF_KEY --ops-key OPS_KEY [--pg "host=... port=... user=... dbname=..."]
#                                              # against a running server; pgbench only when --pg is given
#
# Figures, in order: pgbench simple-update (-N) against the same PostgreSQL; purchases at the
# maximum rate and at 80 % of it (coordinated omission corrected); points lookups of warm
# customers at the maximum rate and at 80 % of it; events:batch at the maximum rate; KPI
# freshness at 50 % of the maximum purchase rate; the full CDNOW master file replayed, timed;
# memory per active customer; purchase latency and snapshot size of a customer with 10,000
# events against one with 10. Each bench writes JSON into the results folder, and summary.txt
# collects every printed figure with the machine description. deploy/profile.sh profiles a
# request's CPU on the same kind of server.
#
# Environment (all optional):
#   BENCH_OUT             results folder (default: ./benchmark-results/<UTC time>)
#   BENCH_DURATION        seconds of each measured run (default: 30)
#   BENCH_WARMUP          seconds of unmeasured purchases before the measured runs, a third of it
#                         each for lookups and batches (default: 150; the runtime's tiered
#                         compilation needs it, see docs/benchmarks.md)
#   BENCH_CONCURRENCY     closed-loop workers / in-flight cap (default: 64)
#   BENCH_MEMORY_CUSTOMERS customers activated by the memory bench (default: 1000000)
#   BENCH_PGBENCH_CLIENTS pgbench clients (default: 16)
#   BENCH_SKIP_BUILD=1    use the existing Release build
#   any server setting (e.g. Orleans storage provider choices) is passed to the server it starts.
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd -- "$script_dir/.." && pwd)
cdnow="$repo_root/data/cdnow/CDNOW_master.txt"
out=${BENCH_OUT:-$PWD/benchmark-results/$(date -u +%Y%m%dT%H%M%SZ)}
duration=${BENCH_DURATION:-30}
warmup=${BENCH_WARMUP:-150}
concurrency=${BENCH_CONCURRENCY:-64}
memory_customers=${BENCH_MEMORY_CUSTOMERS:-1000000}
pgbench_clients=${BENCH_PGBENCH_CLIENTS:-16}

url="" sf_key=${LOYALTYGRID_API_KEY:-} ops_key="" pg=""
while [ $# -gt 0 ]; do
    case $1 in
        --url) url=$2; shift 2 ;;
        --api-key) sf_key=$2; shift 2 ;;
        --ops-key) ops_key=$2; shift 2 ;;
        --pg) pg=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=deploy/bench-server.sh
. "$script_dir/bench-server.sh"
prepare_results

own_server=0
if [ -z "$url" ]; then
    own_server=1
    start_own_server
fi
[ -n "$sf_key" ] && [ -n "$ops_key" ] || { echo "--api-key and --ops-key are needed with --url" >&2; exit 2; }

say "# LoyaltyGrid benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "server: $url; git $(git -C "$repo_root" rev-parse --short HEAD) ($(git -C "$repo_root" rev-parse --abbrev-ref HEAD))"

if [ -n "$pg" ]; then
    say ""; say "## pgbench simple-update (-N), $pgbench_clients clients, ${duration} s, same PostgreSQL"
    psql "$pg" -Atc "SELECT 'fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', ' || version()" | tee -a "$summary"
    psql "$pg" -qc "DROP DATABASE IF EXISTS pgbench" >/dev/null 2>&1 || true
    psql "$pg" -qc "CREATE DATABASE pgbench"
    pgbench_db=${pg/dbname=postgres/dbname=pgbench}
    pgbench -q -i -s 10 "$pgbench_db" >"$out/pgbench-init.log" 2>&1
    pgbench -N -c "$pgbench_clients" -j 2 -T "$duration" "$pgbench_db" 2>&1 | tee "$out/pgbench.log" | grep -E "^tps|latency average" | tee -a "$summary"
fi

common=(--url "$url" --api-key "$sf_key" --duration "${duration}s" --concurrency "$concurrency")

# .NET's tiered compilation with dynamic PGO first runs instrumented code and only then the final
# code; under full load on two cores that took over a minute (a profile after 60 s still showed
# instrumented methods and half the steady rate), so a few seconds of warm-up measured the
# runtime warming up, not LoyaltyGrid. Each path is driven for a while first; these figures are
# printed but are not the measurement.
if [ "$warmup" -gt 0 ]; then
    say ""; say "## warm-up (not measured): purchases ${warmup} s, lookups and batches $((warmup / 3)) s each"
    cli bench purchases --url "$url" --api-key "$sf_key" --concurrency "$concurrency" --rate max --warmup 0s --duration "${warmup}s" 2>>"$out/cli.log" | tee -a "$summary"
    cli bench lookups --url "$url" --api-key "$sf_key" --concurrency "$concurrency" --rate max --customers 10000 --warmup 0s --duration "$((warmup / 3))s" 2>>"$out/cli.log" | tee -a "$summary"
    cli bench batches --url "$url" --api-key "$sf_key" --concurrency 8 --batch-size 500 --rate max --warmup 0s --duration "$((warmup / 3))s" 2>>"$out/cli.log" | tee -a "$summary"
fi

say ""; say "## purchases (POST /api/v1/purchases)"
cli bench purchases "${common[@]}" --rate max --json "$out/purchases-max.json" 2>>"$out/cli.log" | tee -a "$summary"
max=$(json_number "$out/purchases-max.json" requestsPerSecond)
cli bench purchases "${common[@]}" --rate "$(awk -v m="$max" 'BEGIN{r=int(m*0.8); print (r<1?1:r)}')" --json "$out/purchases-fixed.json" 2>>"$out/cli.log" | tee -a "$summary"

say ""; say "## points lookups (GET /api/v1/customers/{id}, warm customers)"
cli bench lookups "${common[@]}" --rate max --customers 10000 --json "$out/lookups-max.json" 2>>"$out/cli.log" | tee -a "$summary"
max=$(json_number "$out/lookups-max.json" requestsPerSecond)
cli bench lookups "${common[@]}" --rate "$(awk -v m="$max" 'BEGIN{r=int(m*0.8); print (r<1?1:r)}')" --customers 10000 --json "$out/lookups-fixed.json" 2>>"$out/cli.log" | tee -a "$summary"

say ""; say "## events:batch (500 purchases per request, 8 in flight)"
cli bench batches --url "$url" --api-key "$sf_key" --duration "${duration}s" --concurrency 8 --batch-size 500 --rate max --json "$out/batches-max.json" 2>>"$out/cli.log" | tee -a "$summary"

say ""; say "## KPI freshness at 50 % of the maximum purchase rate"
cli bench freshness --url "$url" --storefront-key "$sf_key" --ops-key "$ops_key" --storefront bench-store --fraction-of-max 0.5 --duration "${duration}s" --concurrency "$concurrency" --json "$out/freshness.json" 2>>"$out/cli.log" | tee -a "$summary" || true

say ""; say "## CDNOW master file replay (69,659 purchases)"
start=$(date +%s.%N)
cli replay "$cdnow" --url "$url" --api-key "$sf_key" --batch-size 1000 --concurrency 8 --progress lines 2>>"$out/cli.log" | tee -a "$summary"
say "wall-clock time including process start: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.2f s", e-s}')"

say ""; say "## memory per active customer ($memory_customers customers)"
cli bench memory --url "$url" --api-key "$sf_key" --customers "$memory_customers" --batch-size 1000 --concurrency 8 --json "$out/memory.json" 2>>"$out/cli.log" | tee -a "$summary" || true

say ""; say "## a customer with 10,000 events against one with 10 (purchase latency, snapshot size)"
history_pg=()
# The journal is in the server's own database (loyaltygrid), not the one pgbench was pointed at.
[ -n "$pg" ] && history_pg=(--pg "$(echo "$pg" | sed 's/host=/Host=/; s/ port=/;Port=/; s/ user=/;Username=/; s/ dbname=[^ ]*/;Database=loyaltygrid/; s/ password=/;Password=/')")
cli bench history --url "$url" --api-key "$sf_key" --events 10000 --short-events 10 --purchases 200 "${history_pg[@]}" --json "$out/history.json" 2>>"$out/cli.log" | tee -a "$summary" || true

say ""; say "load average after: $(cut -d' ' -f1-3 /proc/loadavg); results in $out"
