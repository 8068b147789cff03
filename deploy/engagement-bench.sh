#!/usr/bin/env bash
# Purchases at the maximum rate on a plain server and on one with ten active campaigns (all
# applying to every purchase) and two webhook subscriptions (one receiver that answers at once,
# one that accepts connections and never answers). Both servers run side by side, each on its own
# fresh embedded PostgreSQL, and are measured in turns (plain, engaged, engaged, plain, ...): a
# busy or drifting machine then weighs on both alike, which two runs one after the other did not
# ensure (plain servers differed by 23 % between runs). The server not being measured is paused
# (SIGSTOP), so work it carries over (projections catching up, a backlog of webhook deliveries)
# is done in its own turns, never in the other's. Beside purchases/s, each turn prints the CPU per
# purchase of the server and of its PostgreSQL from resume to pause: it drifts with the machine as
# throughput does, but says whether a difference lies in the server or in PostgreSQL.
# pgbench -N runs against the plain server's PostgreSQL first. With BENCH_LOW_TIERS=1 both
# servers lower the tier thresholds to 50/150/400 USD, so the bench's 10-99 USD purchases change
# tiers often and about every second purchase is a tier.changed notice to deliver (the worst
# case); otherwise the rules are the defaults:
#
#   deploy/engagement-bench.sh
#
# Environment (all optional): BENCH_OUT, BENCH_DURATION (seconds per turn, default 30),
# BENCH_ROUNDS (turns per server, default 4), BENCH_WARMUP (seconds per server, default 150),
# BENCH_CONCURRENCY (default 64), BENCH_PGBENCH_CLIENTS (default 16), BENCH_SKIP_BUILD=1,
# BENCH_LOW_TIERS=1, BENCH_WEBHOOKS=0 (the second server gets the campaigns only, to tell the two apart).
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd -- "$script_dir/.." && pwd)
out=${BENCH_OUT:-$PWD/benchmark-results/engagement-$(date -u +%Y%m%dT%H%M%SZ)}
duration=${BENCH_DURATION:-30}
rounds=${BENCH_ROUNDS:-4}
warmup=${BENCH_WARMUP:-150}
concurrency=${BENCH_CONCURRENCY:-64}
pgbench_clients=${BENCH_PGBENCH_CLIENTS:-16}
# shellcheck source=deploy/bench-server.sh
. "$script_dir/bench-server.sh"
prepare_results

plain_pid=""
stop_all() {
    [ -n "$server_pid" ] && resume "$server_pid"
    [ -n "$plain_pid" ] && resume "$plain_pid"
    cleanup
    [ -n "$plain_pid" ] && kill -TERM "$plain_pid" 2>/dev/null && wait "$plain_pid" 2>/dev/null || true
    stop_bench_receivers
}
trap stop_all EXIT

tiers=()
if [ "${BENCH_LOW_TIERS:-0}" = 1 ]; then
    tiers=(Loyalty__Tiers__Silver__Threshold=50 Loyalty__Tiers__Gold__Threshold=150 Loyalty__Tiers__Platinum__Threshold=400)
fi

# The server's dotnet may be the started subshell's child; both are paused and resumed.
pause() { kill -STOP "$1" $(pgrep -P "$1") 2>/dev/null || true; }
resume() { kill -CONT "$1" $(pgrep -P "$1") 2>/dev/null || true; }

# CPU ticks (user + system) used so far by a server (its dotnet) or by its PostgreSQL (the
# postmaster, its live children, and the children it has reaped).
server_ticks() {
    local sum=0 p
    for p in "$1" $(pgrep -P "$1"); do
        sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo "$sum"
}
# PostgreSQL's CPU ticks by kind of process between two snapshots (deploy/postgres-cpu.py):
# backends, autovacuum workers, the WAL writer, the other background processes, and processes
# that exited in between (mostly autovacuum workers).
postgres_kinds=(backends autovacuum walwriter background exited)
postgres_snapshot() { python3 "$script_dir/postgres-cpu.py" snapshot "$1"; }
declare -A server_used postgres_used postgres_kind_used purchases_done cpu
turn() {
    local name=$1 round=$2 server_before postgres_turn_by_kind postgres_turn=0 i
    server_before=$(server_ticks "${pids[$name]}"); postgres_snapshot "${pg_data[$name]}" >"$out/postgres-before.json"
    resume "${pids[$name]}"
    sleep 5
    cli bench purchases --url "${urls[$name]}" --api-key "${sf_keys[$name]}" --concurrency "$concurrency" --duration "${duration}s" --rate max \
        --json "$out/purchases-$name-$round.json" 2>>"$out/cli.log" | sed "s/^/$name, turn $round: /" | tee -a "$summary"
    pause "${pids[$name]}"
    # From resume to pause: the turn's purchases and the catching up before them.
    postgres_snapshot "${pg_data[$name]}" >"$out/postgres-after.json"
    read -r -a postgres_turn_by_kind < <(python3 "$script_dir/postgres-cpu.py" diff "$out/postgres-before.json" "$out/postgres-after.json")
    for i in "${!postgres_kinds[@]}"; do
        local used=${postgres_turn_by_kind[i]}
        postgres_turn=$(( postgres_turn + used ))
        postgres_kind_used[$name,${postgres_kinds[i]}]=$(( ${postgres_kind_used[$name,${postgres_kinds[i]}]:-0} + used ))
    done
    local server_turn=$(( $(server_ticks "${pids[$name]}") - server_before ))
    local done_here; done_here=$(json_number "$out/purchases-$name-$round.json" succeeded)
    server_used[$name]=$(( ${server_used[$name]:-0} + server_turn )); postgres_used[$name]=$(( ${postgres_used[$name]:-0} + postgres_turn ))
    purchases_done[$name]=$(( ${purchases_done[$name]:-0} + done_here ))
    say "$name, turn $round: CPU per purchase: server $(per_purchase "$server_turn" "$done_here") µs, PostgreSQL $(per_purchase "$postgres_turn" "$done_here") µs"
}
per_purchase() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.0f", t * 1e6 / hz / n}'; }

say "# LoyaltyGrid purchases with and without campaigns and webhooks, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "tier thresholds: $([ ${#tiers[@]} -gt 0 ] && echo "lowered to 50/150/400 USD (BENCH_LOW_TIERS=1)" || echo "the defaults")"
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, .NET $(dotnet --version), load average before: $(cut -d' ' -f1-3 /proc/loadavg); git $(git -C "$repo_root" rev-parse --short HEAD)"

declare -A urls sf_keys pids pg_data

say ""; say "## plain server"
out_root=$out
out="$out_root/plain"; mkdir -p "$out"
start_own_server "${tiers[@]}"
urls[plain]=$url; sf_keys[plain]=$sf_key; pids[plain]=$server_pid; pg_data[plain]=$out/data/postgres
plain_pid=$server_pid; server_pid=""
plain_pg=$pg
out=$out_root
say "pgbench -N, $pgbench_clients clients, ${duration} s, the plain server's PostgreSQL:"
psql "$plain_pg" -qc "CREATE DATABASE pgbench"
pgbench -q -i -s 10 "${plain_pg/dbname=postgres/dbname=pgbench}" >"$out/pgbench-init.log" 2>&1
pgbench -N -c "$pgbench_clients" -j 2 -T "$duration" "${plain_pg/dbname=postgres/dbname=pgbench}" 2>&1 | tee "$out/pgbench.log" | grep -E "^tps" | tee -a "$summary"

say ""; say "## ten active campaigns, two webhook subscriptions (one answering, one never answering)"
subscriptions=()
if [ "${BENCH_WEBHOOKS:-1}" != 0 ]; then
    start_bench_receivers
    subscriptions=("${bench_subscriptions[@]}")
else
    say "(BENCH_WEBHOOKS=0: campaigns only, no subscriptions)"
fi
out="$out_root/engaged"; mkdir -p "$out"
start_own_server "${tiers[@]}" "${subscriptions[@]}"
urls[engaged]=$url; sf_keys[engaged]=$sf_key; pids[engaged]=$server_pid; pg_data[engaged]=$out/data/postgres
engaged_pg=$pg
out=$out_root
put_bench_campaigns 10
say "campaigns: $(curl -fsS "$url/api/v1/campaigns" -H "X-Api-Key: $ops_key" | grep -o '"campaignId"' | wc -l) configured"

pause "${pids[plain]}"; pause "${pids[engaged]}"
if [ "$warmup" -gt 0 ]; then
    for name in plain engaged; do
        resume "${pids[$name]}"
        cli bench purchases --url "${urls[$name]}" --api-key "${sf_keys[$name]}" --concurrency "$concurrency" --rate max --warmup 0s --duration "${warmup}s" \
            2>>"$out/cli.log" >>"$out/warmup.log"
        pause "${pids[$name]}"
    done
fi

say ""; say "## turns of ${duration} s"
order=(plain engaged)
for round in $(seq 1 "$rounds"); do
    for name in "${order[@]}"; do
        turn "$name" "$round"
    done
    order=("${order[1]}" "${order[0]}")
done
resume "${pids[plain]}"; resume "${pids[engaged]}"
# Deliveries are in the server's own database (loyaltygrid): pending ones in the outbox, finished ones in the log.
say "webhook deliveries by status after the run: $(psql "${engaged_pg/dbname=postgres/dbname=loyaltygrid}" -Atc "SELECT coalesce(string_agg(status || '=' || n, ', '), 'none') FROM (SELECT 'pending' AS status, count(*) AS n FROM webhook_delivery HAVING count(*) > 0 UNION ALL SELECT status, count(*) FROM webhook_delivery_log GROUP BY status) AS s")"

total() { local sum=0; for f in "$out_root"/purchases-"$1"-*.json; do sum=$(awk -v s="$sum" -v r="$(json_number "$f" requestsPerSecond)" 'BEGIN{print s + r}'); done; echo "$sum"; }
plain=$(awk -v t="$(total plain)" -v n="$rounds" 'BEGIN{printf "%.0f", t / n}')
engaged=$(awk -v t="$(total engaged)" -v n="$rounds" 'BEGIN{printf "%.0f", t / n}')
say ""; say "purchases/s, mean of $rounds turns each: plain $plain, with campaigns and webhooks $engaged ($(awk -v a="$engaged" -v b="$plain" 'BEGIN{printf "%.2f", a/b}')×)"
for name in plain engaged; do
    cpu[$name]=$(( server_used[$name] + postgres_used[$name] ))
    say "CPU per purchase over all turns, $name: server $(per_purchase "${server_used[$name]}" "${purchases_done[$name]}") µs + PostgreSQL $(per_purchase "${postgres_used[$name]}" "${purchases_done[$name]}") µs = $(per_purchase "${cpu[$name]}" "${purchases_done[$name]}") µs"
    say "  PostgreSQL's by process, $name: backends $(per_purchase "${postgres_kind_used[$name,backends]}" "${purchases_done[$name]}") µs, autovacuum $(per_purchase "${postgres_kind_used[$name,autovacuum]}" "${purchases_done[$name]}") µs, WAL writer $(per_purchase "${postgres_kind_used[$name,walwriter]}" "${purchases_done[$name]}") µs, checkpointer and the rest $(per_purchase "${postgres_kind_used[$name,background]}" "${purchases_done[$name]}") µs, exited during a turn $(per_purchase "${postgres_kind_used[$name,exited]}" "${purchases_done[$name]}") µs"
done
say "CPU per purchase, with campaigns and webhooks against plain: $(awk -v e="${cpu[engaged]}" -v en="${purchases_done[engaged]}" -v p="${cpu[plain]}" -v pn="${purchases_done[plain]}" 'BEGIN{printf "%.2f", (e / en) / (p / pn)}')×"
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg); results in $out_root"
