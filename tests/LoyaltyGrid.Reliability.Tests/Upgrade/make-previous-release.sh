#!/usr/bin/env bash
# Regenerates previous-release.sql and previous-release-answers.json: a database written by the
# release before the event journal (commit e942364), and what that release answered about it.
# The upgrade test restores the dump and expects the new server to answer the same.
#
# Usage (from the repository root): bash tests/LoyaltyGrid.Reliability.Tests/Upgrade/make-previous-release.sh
# Needs git, the .NET SDK, PostgreSQL's server programs (initdb, pg_ctl, pg_dump), curl and jq.
set -euo pipefail

RELEASE=${RELEASE:-e942364}
OUT=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/lg-prev-XXXXXX)
PG_PORT=${PG_PORT:-$(( 20000 + RANDOM % 10000 ))}
HTTP_PORT=${HTTP_PORT:-$(( 30000 + RANDOM % 10000 ))}
SILO_PORT=$(( HTTP_PORT + 1 )); GATEWAY_PORT=$(( HTTP_PORT + 2 ))
SF=sf_upgrade_fixture_key_0123456789
OPS=ops_upgrade_fixture_key_0123456789

cleanup() {
  [[ -n "${SERVER_PID:-}" ]] && kill "$SERVER_PID" 2>/dev/null || true
  as_pg pg_ctl stop -D "$WORK/pg" -m fast >/dev/null 2>&1 || true
  [[ -n "${MADE_WORKTREE:-}" ]] && git worktree remove --force "$WORK/src" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The previous release, built as it was (PREV_DIR: a checkout of it already built).
if [[ -n "${PREV_DIR:-}" ]]; then
  ln -s "$PREV_DIR" "$WORK/src"
else
  git worktree add --detach "$WORK/src" "$RELEASE" >/dev/null
  MADE_WORKTREE=1
  dotnet build "$WORK/src/src/LoyaltyGrid.Server" -v q -nologo
fi

# A private PostgreSQL only this run uses (trust on loopback: it lives minutes, in /tmp).
# PostgreSQL refuses to run as root; then its programs run as the postgres user.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [[ $(id -u) == 0 ]]; then chown postgres "$WORK"; chmod 755 "$WORK"; fi
as_pg initdb -D "$WORK/pg" -U postgres --auth trust -E UTF8 --no-locale >/dev/null
as_pg pg_ctl start -D "$WORK/pg" -l "$WORK/pg/server.log" -w -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1" >/dev/null
createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres loyaltygrid
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=loyaltygrid"

start_server() {
  ASPNETCORE_ENVIRONMENT=Development \
  ConnectionStrings__LoyaltyGrid="$CONN" \
  Auth__ApiKeys__0__Key=$SF Auth__ApiKeys__0__Role=storefront Auth__ApiKeys__0__Storefront=shop-a \
  Auth__ApiKeys__1__Key=$OPS Auth__ApiKeys__1__Role=ops \
  Auth__TokenSigningKey=upgrade-fixture-signing-key-0123456789 \
  Orleans__SiloPort=$SILO_PORT Orleans__GatewayPort=$GATEWAY_PORT \
    "$WORK/src/src/LoyaltyGrid.Server/bin/Debug/net10.0/LoyaltyGrid.Server" \
    --contentRoot "$WORK/src/src/LoyaltyGrid.Server/bin/Debug/net10.0" --urls "http://127.0.0.1:$HTTP_PORT" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null 2>&1 && return 0
    sleep 1
  done
  cat "$WORK/server.log"; exit 1
}
start_server

API="http://127.0.0.1:$HTTP_PORT/api/v1"
post() { curl -fsS -X POST "$API$1" -H "X-Api-Key: $SF" -H 'Content-Type: application/json' -d "$2"; echo; }
# Event times a few hours back, so that expiry and deadlines are nowhere near.
at() { date -u -d "-$1 minutes" +%Y-%m-%dT%H:%M:%SZ; }

RETRY_BODY="{\"orderId\":\"o-1\",\"customerId\":\"u-alice\",\"amount\":59.90,\"currency\":\"EUR\",\"market\":\"DE\",\"occurredAt\":\"$(at 300)\",\"sessionId\":\"s-1\"}"
{
post /visits "{\"sessionId\":\"s-1\",\"market\":\"DE\",\"occurredAt\":\"$(at 305)\",\"customerId\":\"u-alice\"}"
post /purchases "$RETRY_BODY"
post /purchases "{\"orderId\":\"o-2\",\"customerId\":\"u-alice\",\"amount\":120.00,\"currency\":\"USD\",\"market\":\"US\",\"occurredAt\":\"$(at 280)\"}"
post /refunds "{\"refundId\":\"rf-1\",\"orderId\":\"o-1\",\"customerId\":\"u-alice\",\"amount\":10.00,\"occurredAt\":\"$(at 270)\"}"
post /customers/u-alice/redemptions '{"redemptionId":"r-1","points":20}'
post /reviews "{\"reviewId\":\"rv-1\",\"customerId\":\"u-alice\",\"orderId\":\"o-2\",\"rating\":5,\"occurredAt\":\"$(at 260)\",\"text\":\"fine\"}"
post /complaints "{\"complaintId\":\"cp-1\",\"customerId\":\"u-bob\",\"category\":\"logistics\",\"occurredAt\":\"$(at 250)\"}"
post /purchases "{\"orderId\":\"o-3\",\"customerId\":\"u-bob\",\"amount\":35.50,\"currency\":\"EUR\",\"market\":\"FR\",\"occurredAt\":\"$(at 249)\"}"
post /complaints/cp-1/response "{\"customerId\":\"u-bob\",\"occurredAt\":\"$(at 200)\"}"
post /referrals "{\"referralId\":\"ref-1\",\"referrerId\":\"u-alice\",\"refereeId\":\"u-carol\",\"occurredAt\":\"$(at 190)\"}"
post /visits "{\"sessionId\":\"s-2\",\"market\":\"US\",\"occurredAt\":\"$(at 185)\"}"
post /purchases "{\"orderId\":\"o-4\",\"customerId\":\"u-carol\",\"amount\":80.00,\"currency\":\"USD\",\"market\":\"US\",\"occurredAt\":\"$(at 180)\",\"sessionId\":\"s-2\"}"
post /visits "{\"sessionId\":\"s-3\",\"market\":\"DE\",\"occurredAt\":\"$(at 170)\"}"
post /purchases "{\"orderId\":\"12345\",\"customerId\":\"4711\",\"amount\":15.00,\"currency\":\"EUR\",\"market\":\"DE\",\"occurredAt\":\"$(at 160)\"}"
} > "$WORK/answers.log"

# Let outboxes (KPIs, the referral award, session conversions) be delivered, then record.
sleep 10
{
  echo '{"retry":{"path":"/purchases","body":'"$RETRY_BODY"'},"customers":{'
  first=1
  for c in u-alice u-bob u-carol 4711; do
    [[ $first == 1 ]] || echo ','
    first=0
    echo "\"$c\":{\"account\":$(curl -fsS "$API/customers/$c" -H "X-Api-Key: $SF"),"
    echo "\"history\":$(curl -fsS "$API/customers/$c/history?limit=100" -H "X-Api-Key: $SF")}"
  done
  echo '},"kpis":'"$(curl -fsS "$API/kpis" -H "X-Api-Key: $OPS")"
  echo ',"retryAnswer":'"$(post /purchases "$RETRY_BODY")"'}'
} | jq . > "$OUT/previous-release-answers.json"

# A graceful stop writes whatever the grains still hold.
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=
# --inserts and no psql meta-commands (newer pg_dump writes \restrict lines): the test restores
# it through Npgsql as one script, without psql.
pg_dump -h 127.0.0.1 -p "$PG_PORT" -U postgres --no-owner --no-privileges --inserts loyaltygrid \
  | grep -v '^\\' > "$OUT/previous-release.sql"
echo "wrote $OUT/previous-release.sql and previous-release-answers.json"
