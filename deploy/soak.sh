#!/usr/bin/env bash
# Soak: three LoyaltyGrid servers on one PostgreSQL under steady traffic, with a random server
# killed (SIGKILL) and restarted periodically; at the end the stored ledger is checked with SQL.
#
#   deploy/soak.sh [--minutes N | --seconds N] [--rate R] [--kill-every S] [--driver simulate|builtin]
#                  [--no-build] [--keep]
#
#   --minutes N      how long traffic runs (default 10); --seconds for short runs
#   --rate R         events per second asked of the driver (default 100)
#   --kill-every S   seconds between kills (default 60; 0 = no kills)
#   --driver D       simulate: `dotnet run --project src/LoyaltyGrid.Cli -- simulate --url U1
#                    --url U2 --url U3 --api-key K --rate R --duration D`;
#                    builtin: purchases and redemptions from curl workers that retry with the
#                    same id and log every 200, which the final check then looks up in storage.
#                    Default: simulate when the CLI has it, builtin otherwise.
#   --no-build       use the server already built (Release)
#   --keep           leave the cluster running afterwards (stop it with deploy/local-cluster.sh stop)
#
# The cluster is deploy/local-cluster.sh with the embedded PostgreSQL, in $SOAK_DIR (default
# ./.soak), on base ports 5180/11211/30100 and PostgreSQL port 55532 (SOAK_HTTP_PORT,
# SOAK_SILO_PORT, SOAK_GATEWAY_PORT, SOAK_PG_PORT override them).
# Exit status 0 and "SOAK VERDICT: PASS" when every check holds, 1 and "SOAK VERDICT: FAIL" otherwise.
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd -- "$script_dir/.." && pwd)

duration=600
rate=100
kill_every=60
driver=auto
build=true
keep=false

usage() {
    sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

fail() {
    echo "soak: $*" >&2
    exit 2
}

while (($# > 0)); do
    case $1 in
        --minutes) duration=$((${2:?--minutes needs a number} * 60)); shift 2 ;;
        --seconds) duration=${2:?--seconds needs a number}; shift 2 ;;
        --rate) rate=${2:?--rate needs a number}; shift 2 ;;
        --kill-every) kill_every=${2:?--kill-every needs seconds}; shift 2 ;;
        --driver) driver=${2:?--driver needs simulate or builtin}; shift 2 ;;
        --no-build) build=false; shift ;;
        --keep) keep=true; shift ;;
        -h | --help) usage; exit 0 ;;
        *) fail "unknown argument '$1' (see --help)" ;;
    esac
done
for number in "$duration" "$rate" "$kill_every"; do
    [[ $number =~ ^[0-9]+$ ]] || fail "'$number' is not a whole number"
done
((duration > 0 && rate > 0)) || fail "--minutes/--seconds and --rate must be greater than 0"

run_dir=${SOAK_DIR:-$PWD/.soak}
case $run_dir in
    /*) ;;
    *) run_dir="$PWD/$run_dir" ;;
esac
mkdir -p -- "$run_dir"
export LOCAL_CLUSTER_DIR=$run_dir
export LOCAL_CLUSTER_HTTP_PORT=${SOAK_HTTP_PORT:-5180}
export LOCAL_CLUSTER_SILO_PORT=${SOAK_SILO_PORT:-11211}
export LOCAL_CLUSTER_GATEWAY_PORT=${SOAK_GATEWAY_PORT:-30100}
export EmbeddedPostgres__Port=${SOAK_PG_PORT:-55532}
# Starting a silo on a busy 2-core machine has been seen to take minutes.
export LOCAL_CLUSTER_READY_TIMEOUT=${LOCAL_CLUSTER_READY_TIMEOUT:-400}
export ASPNETCORE_ENVIRONMENT=Development
export Logging__Console__FormatterOptions__ColorBehavior=Disabled
# A grain call to a silo that has just been killed fails after this instead of the 30 s default.
export Orleans__ResponseTimeout=${Orleans__ResponseTimeout:-00:00:10}
cluster="$script_dir/local-cluster.sh"
state_file="$run_dir/silos"
data_dir="$run_dir/loyaltygrid-data"

if [[ $driver == auto ]]; then
    if dotnet run --project "$repo_root/src/LoyaltyGrid.Cli" -- simulate --help >/dev/null 2>&1; then
        driver=simulate
    else
        driver=builtin
    fi
fi
[[ $driver == simulate || $driver == builtin ]] || fail "--driver must be simulate or builtin"

cluster_args=(start 3)
$build || cluster_args+=(--no-build)
"$cluster" "${cluster_args[@]}"

stop_cluster() {
    if ! $keep; then
        "$cluster" stop >/dev/null 2>&1 || true
    fi
}
trap 'stop_cluster' EXIT

credentials="$data_dir/dev-credentials.json"
storefront=$(jq -r .storefrontId "$credentials")
storefront_key=$(jq -r .storefrontKey "$credentials")
ops_key=$(jq -r .opsKey "$credentials")
mapfile -t urls < <(awk '{ print "http://127.0.0.1:" $3 }' "$state_file")
dll=$(DOTNET_NOLOGO=1 dotnet msbuild "$repo_root/src/LoyaltyGrid.Server/LoyaltyGrid.Server.csproj" -nologo -getProperty:TargetPath -p:Configuration=Release | tail -n 1)

run_id=$(date -u +%H%M%S)
acks="$run_dir/acks-$run_id.tsv"
: >"$acks"

# The built-in driver: each worker owns its customers, sends one event at a time, retries a
# failed or unanswered event with the same id on the next server, and logs every 200.
builtin_worker() {
    local worker=$1 deadline=$2 pause=$3 sequence=0 attempt customer id body path status kind
    while ((SECONDS < deadline)); do
        sequence=$((sequence + 1))
        customer="soak-$run_id-w$worker-c$((sequence % 25))"
        id="$customer-e$sequence"
        if ((sequence % 5 == 0)); then
            kind=redemption
            path="/api/v1/customers/$customer/redemptions"
            body="{\"redemptionId\":\"$id\",\"points\":$((1 + RANDOM % 40))}"
        else
            kind=purchase
            path="/api/v1/purchases"
            body="{\"orderId\":\"$id\",\"customerId\":\"$customer\",\"amount\":$((5 + RANDOM % 300)).$((RANDOM % 90 + 10)),\"currency\":\"USD\",\"market\":\"DE\",\"occurredAt\":\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\"}"
        fi
        attempt=0
        while :; do
            status=$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 25 \
                -H "X-Api-Key: $storefront_key" -H 'Content-Type: application/json' \
                --data "$body" "${urls[(worker + attempt) % ${#urls[@]}]}$path" || true)
            echo "$status" >>"$run_dir/answers-$run_id-w$worker"
            case $status in
                200) printf '%s\t%s:%s/%s\n' "$customer" "$kind" "$storefront" "$id" >>"$acks"; break ;;
                409 | 404) break ;;
            esac
            attempt=$((attempt + 1))
            ((SECONDS < deadline + 120)) || { echo "unresolved $id" >>"$run_dir/unresolved-$run_id"; break; }
            sleep 0.3
        done
        sleep "$pause"
    done
}

echo "Soak: ${duration}s at ~${rate}/s with driver '$driver', a kill every ${kill_every}s; servers ${urls[*]}"
driver_pids=()
if [[ $driver == simulate ]]; then
    simulate_args=()
    for url in "${urls[@]}"; do
        simulate_args+=(--url "$url")
    done
    dotnet run --project "$repo_root/src/LoyaltyGrid.Cli" -- simulate "${simulate_args[@]}" \
        --api-key "$storefront_key" --rate "$rate" --duration "${duration}s" >"$run_dir/simulate-$run_id.log" 2>&1 &
    driver_pids+=($!)
else
    workers=8
    # Each worker waits for its answer; the pause spreads the asked rate over the workers.
    pause=$(awk -v workers=$workers -v rate="$rate" 'BEGIN { printf "%.3f", workers / rate }')
    for ((w = 0; w < workers; w++)); do
        builtin_worker "$w" $((SECONDS + duration)) "$pause" &
        driver_pids+=($!)
    done
fi

restart_silo() {
    local index=$1 pid http silo gateway log
    read -r _ pid http silo gateway < <(awk -v idx="$index" '$1 == idx' "$state_file")
    log="$run_dir/silo-$((index + 1)).log"
    echo "$(date -u +%T) kill -9 silo $((index + 1)) (pid $pid)"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    (
        cd -- "$run_dir"
        exec dotnet "$dll" --contentRoot "$(dirname -- "$dll")" --urls "http://127.0.0.1:$http" \
            --Orleans:SiloPort="$silo" --Orleans:GatewayPort="$gateway"
    ) </dev/null >>"$log" 2>&1 &
    local new_pid=$! started=$SECONDS
    awk -v idx="$index" -v pid="$new_pid" '$1 == idx { $2 = pid } { print }' "$state_file" >"$state_file.new"
    mv -- "$state_file.new" "$state_file"
    until curl --silent --fail --output /dev/null --max-time 5 "http://127.0.0.1:$http/readyz"; do
        ((SECONDS - started < LOCAL_CLUSTER_READY_TIMEOUT)) || { echo "silo $((index + 1)) was not ready ${LOCAL_CLUSTER_READY_TIMEOUT}s after its restart" >&2; return 1; }
        sleep 0.5
    done
    echo "$(date -u +%T) silo $((index + 1)) ready again after $((SECONDS - started))s (pid $new_pid)"
}

kills=0
end=$((SECONDS + duration))
if ((kill_every > 0)); then
    while ((SECONDS + kill_every < end)); do
        sleep "$kill_every"
        restart_silo $((RANDOM % 3))
        kills=$((kills + 1))
    done
fi
for pid in "${driver_pids[@]}"; do
    wait "$pid" || echo "soak: the driver (pid $pid) exited with $?" >&2
done

psql_bin=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -n 1)
export PGPASSWORD
PGPASSWORD=$(tr -d '\n' <"$data_dir/postgres.password")
sql() {
    "$psql_bin" -h 127.0.0.1 -p "$EmbeddedPostgres__Port" -U loyaltygrid -d loyaltygrid -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

# Every live customer: balance (points left in lots) = sum of its movements = the last movement's
# balance; no movement below zero; no event applied twice; every logged 200 stored.
read -r customers inconsistent negative <<<"$(sql -F ' ' -c "
    WITH accounts AS (
        SELECT grain_key, payload -> 'account' AS account FROM grain_state
        WHERE state_name = 'customer' AND payload -> 'account' IS NOT NULL
          AND NOT COALESCE((payload -> 'account' ->> 'erased')::boolean, false)),
    ledgers AS (
        SELECT COALESCE((SELECT sum((lot ->> 'remaining')::bigint) FROM jsonb_array_elements(account -> 'lots') lot), 0) AS balance,
               COALESCE((SELECT sum((m ->> 'points')::bigint) FROM jsonb_array_elements(account -> 'history') m), 0) AS moved,
               COALESCE((SELECT (m ->> 'balanceAfter')::bigint FROM jsonb_array_elements(account -> 'history') WITH ORDINALITY h(m, i) ORDER BY i DESC LIMIT 1), 0) AS last_balance,
               (SELECT count(*) FROM jsonb_array_elements(account -> 'history') m WHERE (m ->> 'balanceAfter')::bigint < 0) AS negatives
        FROM accounts)
    SELECT count(*), count(*) FILTER (WHERE balance <> moved OR balance <> last_balance), COALESCE(sum(negatives), 0) FROM ledgers")"
duplicates=$(sql -c "
    SELECT count(*) FROM (
        SELECT grain_key, m ->> 'kind', m ->> 'referenceId' FROM grain_state, jsonb_array_elements(payload -> 'account' -> 'history') m
        WHERE state_name = 'customer' AND m ->> 'kind' <> 'expire'
        GROUP BY 1, 2, 3 HAVING count(*) > 1) twice")
acknowledged=$(wc -l <"$acks")
lost=0
if ((acknowledged > 0)); then
    lost=$(sql -c "CREATE TEMP TABLE acks(customer text, event_key text)" -c "\\copy acks FROM '$acks'" -c "
        SELECT count(*) FROM acks a LEFT JOIN grain_state g ON g.state_name = 'customer' AND g.grain_key = a.customer
        WHERE g.payload IS NULL OR NOT (g.payload -> 'processed' ? a.event_key)")
fi
unresolved=0
if [[ -f $run_dir/unresolved-$run_id ]]; then
    unresolved=$(wc -l <"$run_dir/unresolved-$run_id")
fi

# The grid's order count must come to what storage holds once the KPI pipeline is quiet.
stored_orders=$(sql -c "SELECT COALESCE(sum((SELECT count(*) FROM jsonb_object_keys(payload -> 'account' -> 'orders'))), 0) FROM grain_state WHERE state_name = 'customer' AND payload -> 'account' IS NOT NULL")
kpi_orders=-1
for _ in $(seq 1 120); do
    kpi_orders=$(curl --silent --max-time 10 -H "X-Api-Key: $ops_key" "${urls[0]}/api/v1/kpis" | jq -r '.allTime.orders // -1')
    [[ $kpi_orders == "$stored_orders" ]] && break
    sleep 1
done

answers=$(cat "$run_dir"/answers-"$run_id"-w* 2>/dev/null | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }' || true)
echo "soak summary: driver=$driver seconds=$duration kills=$kills customers=$customers acknowledged-logged=$acknowledged lost=$lost double-counted=$duplicates inconsistent-ledgers=$inconsistent negative-balances=$negative unresolved=$unresolved stored-orders=$stored_orders kpi-orders=$kpi_orders answers: ${answers:-n/a}"
if ((lost == 0 && duplicates == 0 && inconsistent == 0 && negative == 0 && unresolved == 0)) && [[ $kpi_orders == "$stored_orders" ]] && ((customers > 0)); then
    echo "SOAK VERDICT: PASS"
else
    echo "SOAK VERDICT: FAIL"
    exit 1
fi
