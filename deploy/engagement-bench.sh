#!/usr/bin/env bash
# Purchases at the maximum rate on a plain server, then on one with ten active campaigns and two
# webhook subscriptions (one receiver that answers at once, one that accepts connections and never
# answers), each on its own fresh embedded PostgreSQL after the same warm-up, with pgbench -N
# against the first. With BENCH_LOW_TIERS=1 both servers lower the tier thresholds to 50/150/400
# USD, so the bench's 10-99 USD purchases change tiers often and about every second purchase is a
# tier.changed notice to deliver (the worst case); otherwise the rules are the defaults:
#
#   deploy/engagement-bench.sh
#
# Environment (all optional): BENCH_OUT, BENCH_DURATION (default 30), BENCH_WARMUP (default 150),
# BENCH_CONCURRENCY (default 64), BENCH_PGBENCH_CLIENTS (default 16), BENCH_SKIP_BUILD=1,
# BENCH_LOW_TIERS=1, BENCH_WEBHOOKS=0 (the second server gets the campaigns only, to tell the two apart).
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd -- "$script_dir/.." && pwd)
out=${BENCH_OUT:-$PWD/benchmark-results/engagement-$(date -u +%Y%m%dT%H%M%SZ)}
duration=${BENCH_DURATION:-30}
warmup=${BENCH_WARMUP:-150}
concurrency=${BENCH_CONCURRENCY:-64}
pgbench_clients=${BENCH_PGBENCH_CLIENTS:-16}
mkdir -p "$out"
out=$(cd -- "$out" && pwd)
summary="$out/summary.txt"
: > "$summary"
say() { echo "$*" | tee -a "$summary"; }
json_number() { sed -n "s/.*\"$2\": *\([0-9.]*\).*/\1/p" "$1" | head -n 1; }

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    dotnet build -c Release "$repo_root/src/LoyaltyGrid.Server" >"$out/build.log" 2>&1
    dotnet build -c Release "$repo_root/src/LoyaltyGrid.Cli" >>"$out/build.log" 2>&1
fi
cli() { dotnet "$repo_root/src/LoyaltyGrid.Cli/bin/Release/net10.0/loyaltygrid.dll" "$@"; }

# shellcheck source=deploy/bench-server.sh
. "$script_dir/bench-server.sh"

receiver_pid="" silent_pid=""
stop_all() {
    cleanup
    [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null || true
    [ -n "$silent_pid" ] && kill "$silent_pid" 2>/dev/null || true
}
trap stop_all EXIT

# A receiver that answers every delivery 204 at once, counting them.
start_receiver() {
    receiver_port=$(free_port)
    python3 - "$receiver_port" >"$out/receiver.log" 2>&1 <<'PY' &
import http.server, sys
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
    receiver_pid=$!
}

# A receiver that accepts every connection and never answers: each delivery waits out its timeout.
start_silent_receiver() {
    silent_port=$(free_port)
    python3 - "$silent_port" >"$out/silent.log" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1024)
held = []
while True: held.append(s.accept()[0])
PY
    silent_pid=$!
}

tiers=()
if [ "${BENCH_LOW_TIERS:-0}" = 1 ]; then
    tiers=(Loyalty__Tiers__Silver__Threshold=50 Loyalty__Tiers__Gold__Threshold=150 Loyalty__Tiers__Platinum__Threshold=400)
fi

measure() {
    local name=$1
    if [ "$warmup" -gt 0 ]; then
        cli bench purchases --url "$url" --api-key "$sf_key" --concurrency "$concurrency" --rate max --warmup 0s --duration "${warmup}s" 2>>"$out/cli.log" >>"$out/warmup.log"
    fi
    cli bench purchases --url "$url" --api-key "$sf_key" --concurrency "$concurrency" --duration "${duration}s" --rate max --json "$out/purchases-$name.json" 2>>"$out/cli.log" | tee -a "$summary"
}

say "# LoyaltyGrid purchases with and without campaigns and webhooks, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "tier thresholds: $([ ${#tiers[@]} -gt 0 ] && echo "lowered to 50/150/400 USD (BENCH_LOW_TIERS=1)" || echo "the defaults")"
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, .NET $(dotnet --version), load average before: $(cut -d' ' -f1-3 /proc/loadavg); git $(git -C "$repo_root" rev-parse --short HEAD)"

say ""; say "## plain server"
out_root=$out
out="$out_root/plain"; mkdir -p "$out"
start_own_server "${tiers[@]}"
out=$out_root
say "pgbench -N, $pgbench_clients clients, ${duration} s, the same PostgreSQL:"
psql "$pg" -qc "CREATE DATABASE pgbench"
pgbench -q -i -s 10 "${pg/dbname=postgres/dbname=pgbench}" >"$out/pgbench-init.log" 2>&1
pgbench -N -c "$pgbench_clients" -j 2 -T "$duration" "${pg/dbname=postgres/dbname=pgbench}" 2>&1 | tee "$out/pgbench.log" | grep -E "^tps" | tee -a "$summary"
measure plain
cleanup; server_pid=""

say ""; say "## ten active campaigns, two webhook subscriptions (one answering, one never answering)"
subscriptions=()
if [ "${BENCH_WEBHOOKS:-1}" != 0 ]; then
    start_receiver
    start_silent_receiver
    subscriptions=(
        Webhooks__Subscriptions__0__Url="http://127.0.0.1:$receiver_port/hook" Webhooks__Subscriptions__0__Secret=bench-secret-0
        Webhooks__Subscriptions__1__Url="http://127.0.0.1:$silent_port/hook" Webhooks__Subscriptions__1__Secret=bench-secret-1)
else
    say "(BENCH_WEBHOOKS=0: campaigns only, no subscriptions)"
fi
out="$out_root/engaged"; mkdir -p "$out"
start_own_server "${tiers[@]}" "${subscriptions[@]}"
out=$out_root
put_bench_campaigns 10
say "campaigns: $(curl -fsS "$url/api/v1/campaigns" -H "X-Api-Key: $ops_key" | grep -o '"campaignId"' | wc -l) configured"
measure engaged
# Deliveries are in the server's own database (loyaltygrid).
say "webhook deliveries by status after the run: $(psql "${pg/dbname=postgres/dbname=loyaltygrid}" -Atc "SELECT string_agg(status || '=' || n, ', ') FROM (SELECT status, count(*) AS n FROM webhook_delivery GROUP BY status) AS s")"

plain=$(json_number "$out_root/purchases-plain.json" requestsPerSecond)
engaged=$(json_number "$out_root/purchases-engaged.json" requestsPerSecond)
say ""; say "purchases/s: plain $plain, with campaigns and webhooks $engaged ($(awk -v a="$engaged" -v b="$plain" 'BEGIN{printf "%.2f", a/b}')×)"
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg); results in $out_root"
