#!/usr/bin/env bash
# A LoyaltyGrid cluster of N server processes (one Orleans silo each) on this machine's loopback.
#
#   deploy/local-cluster.sh start [N] [--http-port P] [--silo-port P] [--gateway-port P] [--no-build]
#   deploy/local-cluster.sh status
#   deploy/local-cluster.sh stop
#
# start builds the server once, starts silo 1, waits for its /readyz, then starts silos 2..N
# together and waits for theirs. Silo i (from 0) listens on HTTP P+i, silo port P+i and gateway
# port P+i for the base ports (defaults 5080, 11111, 30000).
#
# Database: ConnectionStrings__LoyaltyGrid when set. Otherwise silo 1 starts the embedded private
# PostgreSQL in <run folder>/loyaltygrid-data and the others share it, because they run in the
# same folder; stop therefore stops silo 1 last.
#
# Everything this script writes (pids, logs, the embedded database, development keys) is in the
# run folder: .local-cluster/ under the current directory, or $LOCAL_CLUSTER_DIR.
#
# Environment (all optional):
#   LOCAL_CLUSTER_DIR            run folder (default: ./.local-cluster)
#   LOCAL_CLUSTER_CONFIGURATION  build configuration (default: Release)
#   LOCAL_CLUSTER_HTTP_PORT, LOCAL_CLUSTER_SILO_PORT, LOCAL_CLUSTER_GATEWAY_PORT   base ports
#   LOCAL_CLUSTER_READY_TIMEOUT  seconds to wait for each /readyz (default: 120)
#   LOCAL_CLUSTER_STOP_TIMEOUT   seconds to wait for each silo to exit after SIGTERM (default: 60)
#   ASPNETCORE_ENVIRONMENT       default Development: API keys and the token signing key are then
#                                made once and shared by all silos (loyaltygrid-data/dev-credentials.json)
#   any other server setting (Orleans__ClusterId, Auth__..., Journal__..., ...) is passed through.
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd -- "$script_dir/.." && pwd)
project="$repo_root/src/LoyaltyGrid.Server/LoyaltyGrid.Server.csproj"

run_dir=${LOCAL_CLUSTER_DIR:-$PWD/.local-cluster}
case $run_dir in
    /*) ;;
    *) run_dir="$PWD/$run_dir" ;;
esac
state_file="$run_dir/silos"
configuration=${LOCAL_CLUSTER_CONFIGURATION:-Release}
http_base=${LOCAL_CLUSTER_HTTP_PORT:-5080}
silo_base=${LOCAL_CLUSTER_SILO_PORT:-11111}
gateway_base=${LOCAL_CLUSTER_GATEWAY_PORT:-30000}
ready_timeout=${LOCAL_CLUSTER_READY_TIMEOUT:-120}
stop_timeout=${LOCAL_CLUSTER_STOP_TIMEOUT:-60}

usage() {
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

fail() {
    echo "local-cluster: $*" >&2
    exit 1
}

is_integer() {
    [[ $1 =~ ^[0-9]+$ ]]
}

# True while the process lives and is a LoyaltyGrid server, so a recycled pid is never signalled.
is_our_server() {
    local pid=$1 state args
    state=$(ps -o stat= -p "$pid" 2>/dev/null) || return 1
    [[ $state == Z* ]] && return 1
    args=$(ps -o args= -p "$pid" 2>/dev/null) || return 1
    [[ $args == *LoyaltyGrid.Server.dll* ]]
}

port_in_use() {
    (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

is_ready() {
    curl --silent --fail --output /dev/null --max-time 5 "http://127.0.0.1:$1/readyz"
}

# Lines of the state file: index pid http_port silo_port gateway_port, in start order.
read_state() {
    [[ -f $state_file ]] || return 0
    cat -- "$state_file"
}

running_count() {
    local count=0 index pid rest
    while read -r index pid rest; do
        [[ -n ${index:-} ]] || continue
        if is_our_server "$pid"; then
            count=$((count + 1))
        fi
    done < <(read_state)
    echo "$count"
}

build() {
    echo "Building LoyaltyGrid.Server ($configuration)..."
    if ! dotnet build "$project" -c "$configuration" -nologo --disable-build-servers -v quiet >"$run_dir/build.log" 2>&1; then
        tail -n 30 "$run_dir/build.log" >&2
        fail "the build failed; the full output is in $run_dir/build.log"
    fi
}

server_dll() {
    local target
    target=$(DOTNET_NOLOGO=1 dotnet msbuild "$project" -nologo -getProperty:TargetPath -p:Configuration="$configuration" | tail -n 1)
    [[ -f $target ]] || fail "no built server at $target; run start without --no-build"
    echo "$target"
}

start_silo() {
    local index=$1 dll=$2 http=$3 silo=$4 gateway=$5 log pid
    log="$run_dir/silo-$((index + 1)).log"
    : >"$log"
    # Exec in a subshell: $! is then the server's own pid, and its working directory is the run
    # folder, where the embedded PostgreSQL and the development keys live for every silo.
    (
        cd -- "$run_dir"
        exec dotnet "$dll" \
            --contentRoot "$(dirname -- "$dll")" \
            --urls "http://127.0.0.1:$http" \
            --Orleans:SiloPort="$silo" \
            --Orleans:GatewayPort="$gateway"
    ) </dev/null >>"$log" 2>&1 &
    pid=$!
    echo "$index $pid $http $silo $gateway" >>"$state_file"
    echo "  silo $((index + 1)): pid $pid, log $log"
}

wait_ready() {
    local index=$1 pid=$2 http=$3 deadline
    deadline=$((SECONDS + ready_timeout))
    until is_ready "$http"; do
        if ! is_our_server "$pid"; then
            echo "silo $((index + 1)) (pid $pid) exited before it was ready; the end of its log:" >&2
            tail -n 20 "$run_dir/silo-$((index + 1)).log" >&2
            return 1
        fi
        if ((SECONDS >= deadline)); then
            echo "silo $((index + 1)) (pid $pid) was not ready within ${ready_timeout}s; see $run_dir/silo-$((index + 1)).log" >&2
            return 1
        fi
        sleep 0.5
    done
}

cmd_start() {
    local count=3 build_first=true
    while (($# > 0)); do
        case $1 in
            --http-port) http_base=${2:?--http-port needs a port}; shift 2 ;;
            --silo-port) silo_base=${2:?--silo-port needs a port}; shift 2 ;;
            --gateway-port) gateway_base=${2:?--gateway-port needs a port}; shift 2 ;;
            --no-build) build_first=false; shift ;;
            -h | --help) usage; exit 0 ;;
            *)
                is_integer "$1" || fail "unknown argument '$1' (see --help)"
                count=$1
                shift
                ;;
        esac
    done
    ((count >= 1 && count <= 50)) || fail "the number of silos must be between 1 and 50 (it was $count)"
    local port
    for port in "$http_base" "$silo_base" "$gateway_base" "$ready_timeout" "$stop_timeout"; do
        is_integer "$port" || fail "'$port' is not a number"
    done

    mkdir -p -- "$run_dir"
    if [[ -f $state_file ]]; then
        if (($(running_count) > 0)); then
            fail "a local cluster is already running from $run_dir; run '$0 stop' first"
        fi
        rm -f -- "$state_file"
    fi

    local i
    for ((i = 0; i < count; i++)); do
        for port in $((http_base + i)) $((silo_base + i)) $((gateway_base + i)); do
            if port_in_use "$port"; then
                fail "port $port on 127.0.0.1 is in use; choose other base ports (--http-port, --silo-port, --gateway-port)"
            fi
        done
    done

    export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
    # The servers' own default is the user's data folder; the cluster keeps its data in the run folder.
    export EmbeddedPostgres__DataDirectory=${EmbeddedPostgres__DataDirectory:-loyaltygrid-data}
    export Logging__Console__FormatterOptions__ColorBehavior=${Logging__Console__FormatterOptions__ColorBehavior:-Disabled}

    if $build_first; then
        build
    fi
    local dll
    dll=$(server_dll)

    if [[ -n ${ConnectionStrings__LoyaltyGrid:-} ]]; then
        echo "Database: ConnectionStrings__LoyaltyGrid"
    else
        echo "Database: the embedded private PostgreSQL in $run_dir/${EmbeddedPostgres__DataDirectory:-loyaltygrid-data} (started by silo 1)"
    fi

    # Whatever goes wrong from here on, stop what was started rather than leave half a cluster.
    trap 'echo "local-cluster: start failed; stopping the silos it started" >&2; cmd_stop >&2 || true' ERR
    trap 'echo "local-cluster: interrupted; stopping the silos it started" >&2; cmd_stop >&2 || true; exit 130' INT TERM

    echo "Starting $count silo(s) from $run_dir"
    # Silo 1 first and alone: with the embedded default it starts PostgreSQL and makes the
    # development keys, which the others then find and share.
    start_silo 0 "$dll" "$http_base" "$silo_base" "$gateway_base"
    local first_pid
    first_pid=$(awk '$1 == 0 { print $2 }' "$state_file")
    wait_ready 0 "$first_pid" "$http_base"

    for ((i = 1; i < count; i++)); do
        start_silo "$i" "$dll" $((http_base + i)) $((silo_base + i)) $((gateway_base + i))
    done
    local index pid http silo gateway
    while read -r index pid http silo gateway; do
        ((index == 0)) && continue
        wait_ready "$index" "$pid" "$http"
    done <"$state_file"
    trap - ERR INT TERM

    echo "Local cluster ready: $count silo(s), cluster '${Orleans__ClusterId:-loyaltygrid}'"
    while read -r index pid http silo gateway; do
        echo "  silo $((index + 1)): http://127.0.0.1:$http  (silo port $silo, gateway $gateway, pid $pid)"
    done <"$state_file"
    local credentials="$run_dir/${EmbeddedPostgres__DataDirectory:-loyaltygrid-data}/dev-credentials.json"
    if [[ $ASPNETCORE_ENVIRONMENT == Development && -f $credentials ]]; then
        echo "Development API keys (shared by all silos): $credentials"
    fi
    echo "Stop with: $0 stop"
}

cmd_stop() {
    if [[ ! -f $state_file ]]; then
        echo "No local cluster in $run_dir."
        return 0
    fi

    # Last started first; silo 1, which may own the embedded PostgreSQL, last.
    local lines=() line index pid rest stopped=0 failed=0 deadline
    mapfile -t lines < <(read_state)
    for ((line = ${#lines[@]} - 1; line >= 0; line--)); do
        read -r index pid rest <<<"${lines[line]}"
        if ! is_our_server "$pid"; then
            echo "silo $((index + 1)) (pid $pid): not running"
            continue
        fi
        echo "silo $((index + 1)) (pid $pid): SIGTERM"
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + stop_timeout))
        while is_our_server "$pid" && ((SECONDS < deadline)); do
            sleep 0.2
        done
        if is_our_server "$pid"; then
            echo "silo $((index + 1)) (pid $pid): still running after ${stop_timeout}s; killing it (SIGKILL)" >&2
            kill -KILL "$pid" 2>/dev/null || true
            failed=$((failed + 1))
        else
            echo "silo $((index + 1)) (pid $pid): stopped"
            stopped=$((stopped + 1))
        fi
    done

    rm -f -- "$state_file"
    if ((failed > 0)); then
        echo "Stopped $stopped silo(s) cleanly; $failed had to be killed (an embedded PostgreSQL may still run; the next start takes it over). Logs: $run_dir" >&2
        return 1
    fi
    echo "Stopped $stopped silo(s). Logs: $run_dir"
}

cmd_status() {
    if [[ ! -f $state_file ]]; then
        echo "No local cluster in $run_dir."
        return 3
    fi

    local index pid http silo gateway total=0 up=0 state
    while read -r index pid http silo gateway; do
        total=$((total + 1))
        if ! is_our_server "$pid"; then
            state="not running"
        elif is_ready "$http"; then
            state="ready"
            up=$((up + 1))
        else
            state="running, not ready"
            up=$((up + 1))
        fi
        echo "silo $((index + 1)): http://127.0.0.1:$http  pid $pid  $state"
    done <"$state_file"
    echo "$up of $total silo(s) running (run folder $run_dir)"
    ((up == total))
}

command -v dotnet >/dev/null 2>&1 || fail "dotnet was not found on PATH"
command -v curl >/dev/null 2>&1 || fail "curl was not found on PATH"

case ${1:-} in
    start) shift; cmd_start "$@" ;;
    stop) shift; (($# == 0)) || fail "stop takes no arguments"; cmd_stop ;;
    status) shift; (($# == 0)) || fail "status takes no arguments"; cmd_status ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
esac
