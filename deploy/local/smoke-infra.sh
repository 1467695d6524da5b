#!/usr/bin/env bash
# Smoke check of the running local infra with third-party clients only (kcat, psql, redis-cli,
# curl): the infra is checked from the outside, as the services will see it.
# Last line: "infra-smoke: N passed, M failed"; exit status 1 when M > 0.
# Usage: deploy/local/smoke-infra.sh   (or ./sextant infra smoke); same SEXTANT_* variables as ./sextant.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
KAFKA_PORT=${SEXTANT_KAFKA_PORT:-19092}
PG_PORT=${SEXTANT_PG_PORT:-15432}
REDIS_PORT=${SEXTANT_REDIS_PORT:-16379}
PROMETHEUS_PORT=${SEXTANT_PROMETHEUS_PORT:-19090}
PG_BIN=${SEXTANT_PG_BIN:-/usr/lib/postgresql/15/bin}
PSQL=$PG_BIN/psql
[[ -x $PSQL ]] || PSQL=psql

passed=0 failed=0

pass() { passed=$((passed + 1)); printf '  PASS  %s\n' "$1"; }
fail() {
  failed=$((failed + 1)); printf '  FAIL  %s\n' "$1"
  [[ -n ${2:-} ]] && printf '%s\n' "$2" | head -n 15 | sed 's/^/        /'
  return 0
}
# check DESCRIPTION CMD...: pass when CMD succeeds.
check() {
  local desc=$1 out; shift
  if out=$("$@" 2>&1); then pass "$desc"; else fail "$desc" "$out"; fi
}

echo "infra-smoke: checking 127.0.0.1 kafka:$KAFKA_PORT postgres:$PG_PORT redis:$REDIS_PORT prometheus:$PROMETHEUS_PORT"

# --- Kafka: kcat metadata vs the topic catalog (TopicAdmin --list: "name partitions policy retention")
kcat_meta=''
if kcat_meta=$(kcat -b "127.0.0.1:$KAFKA_PORT" -L -m 10 2>&1) && grep -q 'broker 1 at 127.0.0.1:' <<<"$kcat_meta"; then
  pass "kafka: kcat -L reaches broker 1 at 127.0.0.1:$KAFKA_PORT"
else
  fail "kafka: kcat -L reaches broker 1 at 127.0.0.1:$KAFKA_PORT" "$kcat_meta"
fi

catalog='' errfile=$(mktemp)
trap 'rm -f "$errfile"' EXIT
if catalog=$("$ROOT/sextant" infra topics --list 2>"$errfile" | grep -E '^[A-Za-z0-9._-]+ [0-9]+( |$)') && [[ -n $catalog ]]; then
  pass "kafka: topic catalog lists $(wc -l <<<"$catalog") topics (TopicAdmin --list)"
  while read -r name partitions _; do
    [[ -n $name ]] || continue
    actual=$(sed -n "s/^ *topic \"$name\" with \([0-9]*\) partitions:.*/\1/p" <<<"$kcat_meta")
    if [[ -z $actual ]]; then
      fail "kafka: topic $name exists" "kcat -L does not list it"
    elif [[ $actual != "$partitions" ]]; then
      fail "kafka: topic $name has $partitions partitions" "kcat -L reports $actual"
    else
      pass "kafka: topic $name exists with $partitions partition(s)"
    fi
  done <<<"$catalog"
else
  fail "kafka: topic catalog lists topics (TopicAdmin --list)" "$catalog$(tail -n 15 "$errfile")"
fi

# --- PostgreSQL: password login over TCP as sextant, database sextant
export PGPASSWORD=sextant PGCONNECT_TIMEOUT=5
psql_sextant() { "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U sextant -d sextant "$@"; }
if out=$(psql_sextant -c 'select current_user, current_database()' 2>&1) && [[ $out == 'sextant|sextant' ]]; then
  pass "postgres: psql connects to database sextant as sextant (password over TCP)"
else
  fail "postgres: psql connects to database sextant as sextant (password over TCP)" "$out"
fi
# Every service module with Flyway migrations owns one schema (sextant.db.schema in its
# application.properties); `infra up` migrated it, so its history must show only successes.
for props in "$ROOT"/*/src/main/resources/application.properties; do
  module_dir=${props%/src/main/resources/application.properties}
  [[ -d $module_dir/src/main/resources/db/migration ]] || continue
  schema=$(sed -n 's/^sextant\.db\.schema=//p' "$props" | head -n 1)
  [[ -n $schema ]] || continue
  expected=$(find "$module_dir/src/main/resources/db/migration" -name 'V*.sql' | wc -l)
  if out=$(psql_sextant -c "select count(*) filter (where success), count(*) filter (where not success) from \"$schema\".flyway_schema_history where version is not null" 2>&1) \
      && [[ $out == "$expected|0" ]]; then
    pass "postgres: schema $schema migrated ($expected migration(s) applied)"
  else
    fail "postgres: schema $schema migrated ($expected migration(s) expected)" "$out"
  fi
done
check "postgres: sextant can create and use a table" \
  psql_sextant -c 'create temp table smoke(x int); insert into smoke values (1); select x from smoke'

# --- Redis
if out=$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>&1) && [[ $out == PONG ]]; then
  pass "redis: redis-cli ping answers PONG"
else
  fail "redis: redis-cli ping answers PONG" "$out"
fi
key="sextant:smoke:$$"
if out=$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" set "$key" ok EX 10 2>&1) && [[ $out == OK ]] &&
  out=$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" get "$key" 2>&1) && [[ $out == ok ]]; then
  pass "redis: SET/GET round trip"
else
  fail "redis: SET/GET round trip" "$out"
fi

# --- Prometheus
check "prometheus: /-/ready" curl -sf -m 5 "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
if out=$(curl -sf -m 5 "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/targets" 2>&1); then
  missing=''
  for job in api-gateway collector-service feature-service prediction-service risk-service execution-service; do
    grep -q "\"job\":\"$job\"" <<<"$out" || missing+=" $job"
  done
  if [[ -z $missing ]]; then
    pass "prometheus: scrape targets configured for the six services"
  else
    fail "prometheus: scrape targets configured for the six services" "missing jobs:$missing"
  fi
else
  fail "prometheus: /api/v1/targets" "$out"
fi

echo "infra-smoke: $passed passed, $failed failed"
((failed == 0))
