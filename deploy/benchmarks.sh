#!/usr/bin/env bash
# Every benchmark figure of the ingest-at-scale issue on this machine, in one run:
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
# events against one with 10; then, with a server it started itself, purchases and batches again
# with every grain state on Orleans' ADO.NET provider, for comparison with group commit. Each bench writes JSON into the results folder, and summary.txt
# collects every printed figure with the machine description.
#
# Environment (all optional):
#   BENCH_OUT             results folder (default: ./benchmark-results/<UTC time>)
#   BENCH_DURATION        seconds of each measured run (default: 30)
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
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

mkdir -p "$out"
out=$(cd -- "$out" && pwd)
summary="$out/summary.txt"
: > "$summary"
say() { echo "$*" | tee -a "$summary"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }
json_number() { sed -n "s/.*\"$2\": *\([0-9.]*\).*/\1/p" "$1" | head -n 1; }

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    dotnet build -c Release "$repo_root/src/LoyaltyGrid.Server" >"$out/build.log" 2>&1
    dotnet build -c Release "$repo_root/src/LoyaltyGrid.Cli" >>"$out/build.log" 2>&1
fi
cli() { dotnet "$repo_root/src/LoyaltyGrid.Cli/bin/Release/net10.0/loyaltygrid.dll" "$@"; }

server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# Starts the benchmarked server on the embedded default PostgreSQL (fsync and synchronous_commit
# on) in the results folder; extra VAR=value arguments go to its environment. Its content root is
# the build output, as in a deployment, so appsettings.json (log levels) applies; from the results
# folder it would not, and every request would be logged at Information.
# Request logging is turned down: one console line per request would be what is measured.
start_server() {
    (
        cd "$out"
        env ASPNETCORE_ENVIRONMENT=Production \
            EmbeddedPostgres__DataDirectory="$out/data" EmbeddedPostgres__Port="$pg_port" \
            Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)" \
            Auth__ApiKeys__0__Key="$sf_key" Auth__ApiKeys__0__Role=storefront Auth__ApiKeys__0__Storefront=bench-store \
            Auth__ApiKeys__1__Key="$ops_key" Auth__ApiKeys__1__Role=ops \
            Auth__TokenSigningKey="$signing_key" \
            Api__RateLimit__PermitsPerSecond=10000000 \
            "$@" \
            dotnet "$repo_root/src/LoyaltyGrid.Server/bin/Release/net10.0/LoyaltyGrid.Server.dll" \
            --contentRoot "$repo_root/src/LoyaltyGrid.Server/bin/Release/net10.0" \
            --urls "$url" --Logging:LogLevel:LoyaltyGrid.Server.Observability.RequestLoggingMiddleware=Warning
    ) >>"$out/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 240); do
        curl -fs "$url/readyz" >/dev/null 2>&1 && return 0
        kill -0 "$server_pid" 2>/dev/null || { echo "the server exited; see $out/server.log" >&2; exit 1; }
        sleep 0.5
    done
    echo "the server was not ready in 120 s; see $out/server.log" >&2
    exit 1
}

own_server=0
if [ -z "$url" ]; then
    own_server=1
    http_port=$(free_port); pg_port=$(free_port)
    sf_key="sf_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    ops_key="ops_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    signing_key="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    url="http://127.0.0.1:$http_port"
    start_server
    pg="host=127.0.0.1 port=$pg_port user=loyaltygrid dbname=postgres password=$(cat "$out/data/postgres.password")"
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
