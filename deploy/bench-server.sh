# Sourced by deploy/benchmarks.sh, deploy/engagement-bench.sh and deploy/profile.sh: the results
# folder and the Release builds, a free port, and the benchmarked server (started in "$out",
# stopped on exit). Expects repo_root and out to be set; the server also url, pg_port, sf_key,
# ops_key and signing_key (start_own_server sets them). Also the benchmarks' webhook receivers.

# Makes "$out" absolute, starts its summary.txt (written by say), builds the server and the CLI in
# Release unless BENCH_SKIP_BUILD=1.
prepare_results() {
    mkdir -p "$out"
    out=$(cd -- "$out" && pwd)
    summary="$out/summary.txt"
    : > "$summary"
    if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
        dotnet build -c Release "$repo_root/src/LoyaltyGrid.Server" >"$out/build.log" 2>&1
        dotnet build -c Release "$repo_root/src/LoyaltyGrid.Cli" >>"$out/build.log" 2>&1
    fi
}
say() { echo "$*" | tee -a "$summary"; }
json_number() { sed -n "s/.*\"$2\": *\([0-9.]*\).*/\1/p" "$1" | head -n 1; }
cli() { dotnet "$repo_root/src/LoyaltyGrid.Cli/bin/Release/net10.0/loyaltygrid.dll" "$@"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }

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


# A server of its own on fresh ports and fresh keys; sets url, the keys and pg (a libpq string
# for pgbench and psql against the same PostgreSQL).
start_own_server() {
    http_port=$(free_port); pg_port=$(free_port)
    sf_key="sf_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    ops_key="ops_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    signing_key="bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    url="http://127.0.0.1:$http_port"
    start_server "$@"
    pg="host=127.0.0.1 port=$pg_port user=loyaltygrid dbname=postgres password=$(cat "$out/data/postgres.password")"
}

# Ten (or $1) campaigns active from yesterday for 30 days, each applying to every bench purchase
# of at least 0-2 USD: the case where every purchase evaluates and journals all of them.
put_bench_campaigns() {
    local count=${1:-10} starts ends
    starts=$(date -u -d '-1 day' +%Y-%m-%dT%H:%M:%SZ); ends=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
    for i in $(seq 1 "$count"); do
        curl -fsS -X PUT "$url/api/v1/campaigns/bench-$i" -H "X-Api-Key: $ops_key" -H 'Content-Type: application/json' \
            -d "{\"name\":\"Bench $i\",\"startsAt\":\"$starts\",\"endsAt\":\"$ends\",\"multiplier\":1.$i,\"bonusPoints\":$i,\"minAmount\":$((i % 3))}" >/dev/null
    done
}

# The receivers stand for the shop's other systems, which run on machines of their own: here they
# share the two cores, so they run at the lowest priority (nice 19) and take CPU the servers leave
# idle instead of charging a Python HTTP server's ~260 µs per request to the purchases.

# A receiver that answers every delivery 204 at once, on connections it keeps open, as a shop's
# web server would. It parses no more HTTP than a delivery needs (the headers' end and
# Content-Length): Python's http.server cost ~260 µs of CPU per request, a thread and (HTTP/1.0)
# a new connection each, and on these two shared cores that was charged to the purchases.
start_receiver() {
    receiver_port=$(free_port)
    nice -n 19 python3 - "$receiver_port" >"$out/receiver.log" 2>&1 <<'PY' &
import asyncio, sys
ANSWER = b"HTTP/1.1 204 No Content\r\n\r\n"
class Hook(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.buffer = transport, b""
    def data_received(self, data):
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            length = 0
            for line in self.buffer[:end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length:]
            self.transport.write(ANSWER)
async def main():
    server = await asyncio.get_running_loop().create_server(Hook, "127.0.0.1", int(sys.argv[1]))
    await server.serve_forever()
asyncio.run(main())
PY
    receiver_pid=$!
}

# A receiver that accepts every connection and never answers: each delivery waits out its timeout.
start_silent_receiver() {
    silent_port=$(free_port)
    nice -n 19 python3 - "$silent_port" >"$out/silent.log" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1024)
held = []
while True: held.append(s.accept()[0])
PY
    silent_pid=$!
}

# Both receivers, and the server settings that subscribe to them (bench_subscriptions).
start_bench_receivers() {
    start_receiver
    start_silent_receiver
    bench_subscriptions=(
        Webhooks__Subscriptions__0__Url="http://127.0.0.1:$receiver_port/hook" Webhooks__Subscriptions__0__Secret=bench-secret-0
        Webhooks__Subscriptions__1__Url="http://127.0.0.1:$silent_port/hook" Webhooks__Subscriptions__1__Secret=bench-secret-1)
}
receiver_pid="" silent_pid=""
stop_bench_receivers() {
    [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null || true
    [ -n "$silent_pid" ] && kill "$silent_pid" 2>/dev/null || true
}

