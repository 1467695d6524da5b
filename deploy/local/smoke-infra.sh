#!/usr/bin/env bash
# Smoke check of the running local infra with third-party clients only (kcat, psql, redis-cli,
# curl): the infra is checked from the outside, as the services will see it, credentials included
# (generated passwords and their file modes, the old fixed password refused, each service role
# confined to its schema, Redis requiring its password, log files 0640 without passwords in them).
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
SEXTANT_ROOT=$ROOT
SEXTANT_HOME=${SEXTANT_HOME:-$ROOT/.sextant}
# shellcheck source=deploy/local/secrets.sh
source "$ROOT/deploy/local/secrets.sh"

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

# --- Logs: for the owner only (dir 0750, files 0640). Checked first: `infra topics` below runs
# ./sextant, which would fix the modes of existing files.
logs=$SEXTANT_HOME/logs
if [[ $(stat -c %a "$logs" 2>/dev/null) == 750 ]]; then
  pass "logs: $logs mode 0750"
else
  fail "logs: $logs mode 0750" "$(ls -ld "$logs" 2>&1)"
fi
open_logs=$(find "$logs" -type f ! -perm 640 -printf '%m %p\n' 2>&1)
nlogs=$(find "$logs" -type f | wc -l)
if [[ -z $open_logs && $nlogs -gt 0 ]]; then
  pass "logs: the $nlogs files in $logs are mode 0640"
else
  fail "logs: the files in $logs are mode 0640" "${open_logs:-no log files}"
fi
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

# --- Credentials: generated once by `infra up`, readable by their owner only
secrets=$(secrets_dir)
if [[ -d $secrets && $(stat -c '%a %u' "$secrets") == "700 $(id -u)" ]]; then
  pass "credentials: $secrets is ours, mode 0700"
else
  fail "credentials: $secrets is ours, mode 0700" "$(ls -ld "$secrets" 2>&1)"
fi
all_pw=''
while read -r name; do
  f=$(secret_file "$name")
  if [[ -f $f && $(stat -c '%a %u' "$f") == "600 $(id -u)" ]] && pw=$(secret_read "$name" 2>&1); then
    pass "credentials: ${f#"$secrets"/} mode 0600, ${#pw} characters"
    all_pw+="$pw"$'\n'
  else
    fail "credentials: ${f#"$secrets"/} exists, mode 0600, a generated password" "$(ls -l "$f" 2>&1; secret_read "$name" 2>&1 >/dev/null)"
  fi
done < <(secret_names)
count=$(grep -c . <<<"$all_pw" || true)
if [[ $count -gt 0 && $(sort <<<"$all_pw" | uniq -d | grep -c .) -eq 0 ]]; then
  pass "credentials: the $count passwords are all different"
else
  fail "credentials: the passwords are all different" "$(sort <<<"$all_pw" | uniq -d | grep -c .) repeated"
fi
for f in "$secrets/pgpass" "$SEXTANT_HOME/conf/redis/redis.conf"; do
  if [[ -f $f && $(stat -c %a "$f") == 600 ]]; then
    pass "credentials: ${f#"$SEXTANT_HOME"/} (holds passwords) mode 0600"
  else
    fail "credentials: ${f#"$SEXTANT_HOME"/} (holds passwords) mode 0600" "$(ls -l "$f" 2>&1)"
  fi
done

# --- PostgreSQL: the admin role `sextant` and one role per service, each with its generated password
export PGCONNECT_TIMEOUT=5
# psql_as ROLE PASSWORD [PSQL ARGS]: a password login over TCP (PGPASSWORD: not in argv).
psql_as() {
  local role=$1 password=$2; shift 2
  PGPASSWORD=$password "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$role" -d "$DB_NAME" "$@"
}
# The DO block that tries to read and write each schema given (every table in it, found through
# the catalog, which every role can read; and a new table) plus the extra statements given, and
# fails unless every attempt is refused with "permission denied" (SQLSTATE 42501). Rolled back.
refused_everywhere_sql() {
  local schemas=$1 extra=$2
  cat <<SQL
BEGIN;
DO \$\$
DECLARE
  s text;
  t text;
  probe text;
  probes text[] := ARRAY[$extra]::text[];
  bad text[] := '{}';
BEGIN
  FOREACH s IN ARRAY ARRAY[$schemas]::text[] LOOP
    probes := probes || ARRAY[format('CREATE TABLE %I.smoke_probe (x int)', s),
                              format('SELECT count(*) FROM %I.flyway_schema_history', s)];
    FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = s AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY 1 LOOP
      probes := probes || ARRAY[format('SELECT 1 FROM %I.%I LIMIT 1', s, t),
                                format('INSERT INTO %I.%I DEFAULT VALUES', s, t),
                                format('DELETE FROM %I.%I WHERE false', s, t)];
    END LOOP;
  END LOOP;
  FOREACH probe IN ARRAY probes LOOP
    BEGIN
      EXECUTE probe;
      bad := bad || (probe || ': ALLOWED');
    EXCEPTION
      WHEN insufficient_privilege THEN NULL;
      WHEN OTHERS THEN bad := bad || (probe || ': ' || SQLSTATE || ' ' || SQLERRM);
    END;
  END LOOP;
  IF cardinality(bad) > 0 THEN
    RAISE EXCEPTION '% of % attempts not refused: %', cardinality(bad), cardinality(probes), array_to_string(bad, '; ');
  END IF;
  RAISE NOTICE 'refused: % attempts', cardinality(probes);
END
\$\$;
ROLLBACK;
SQL
}
refusals() { sed -n 's/^NOTICE: *refused: \([0-9]*\) attempts$/\1 attempts refused/p' <<<"$1"; }
quoted_list() { local out='' x; for x in "$@"; do out+="${out:+, }'$x'"; done; printf '%s' "$out"; }

mapfile -t db_roles < <(db_service_roles | awk '{print $2}')
declare -A role_module=()
while read -r module role; do role_module[$role]=$module; done < <(db_service_roles)

if admin_pw=$(secret_read "postgres-$DB_ADMIN" 2>&1); then
  if out=$(psql_as "$DB_ADMIN" "$admin_pw" -c 'select current_user, current_database()' 2>&1) && [[ $out == "$DB_ADMIN|$DB_NAME" ]]; then
    pass "postgres: $DB_ADMIN connects to database $DB_NAME with its generated password (TCP)"
  else
    fail "postgres: $DB_ADMIN connects to database $DB_NAME with its generated password (TCP)" "$out"
  fi
  check "postgres: $DB_ADMIN can create a schema and a table in it (what tests do)" \
    psql_as "$DB_ADMIN" "$admin_pw" -c "begin; create schema smoke_probe_$$; create table smoke_probe_$$.t(x int); insert into smoke_probe_$$.t values (1); rollback"
  if out=$(psql_as "$DB_ADMIN" "$admin_pw" <<<"$(refused_everywhere_sql "$(quoted_list "${db_roles[@]}")" '')" 2>&1); then
    pass "postgres: $DB_ADMIN cannot read or write the service schemas (${db_roles[*]}): $(refusals "$out")"
  else
    fail "postgres: $DB_ADMIN cannot read or write the service schemas (${db_roles[*]})" "$out"
  fi
else
  fail "postgres: the password of $DB_ADMIN" "$admin_pw"
fi
if out=$(psql_as "$DB_ADMIN" "$DB_LEGACY_PASSWORD" -c 'select 1' 2>&1); then
  fail "postgres: the old fixed password of $DB_ADMIN is refused" "it logged in"
elif [[ $out == *"password authentication failed"* ]]; then
  pass "postgres: the old fixed password of $DB_ADMIN is refused"
else
  fail "postgres: the old fixed password of $DB_ADMIN is refused" "$out"
fi

# Every service role owns its schema (sextant.db.schema), which `infra up` migrated as that role, can
# create and use tables there, and can touch no other schema.
for role in "${db_roles[@]}"; do
  if ! pw=$(secret_read "postgres-$role" 2>&1); then
    fail "postgres: the password of $role" "$pw"
    continue
  fi
  module_dir=$ROOT/${role_module[$role]}
  expected=$(find "$module_dir/src/main/resources/db/migration" -name 'V*.sql' 2>/dev/null | wc -l)
  if out=$(psql_as "$role" "$pw" -c "select (select nspowner::regrole from pg_namespace where nspname = '$role'),
        count(*) filter (where success), count(*) filter (where not success)
      from \"$role\".flyway_schema_history where version is not null" 2>&1) && [[ $out == "$role|$expected|0" ]]; then
    pass "postgres: $role logs in, owns schema $role, migrated ($expected migration(s) applied)"
  else
    fail "postgres: $role logs in, owns schema $role, migrated ($expected migration(s) expected)" "$out"
  fi
  if out=$(psql_as "$role" "$pw" -c "begin; create table \"$role\".smoke_probe (x int); insert into \"$role\".smoke_probe values (42);
        select x from \"$role\".smoke_probe; rollback" 2>&1) && [[ $out == 42 ]]; then
    pass "postgres: $role can create, write and read a table in schema $role"
  else
    fail "postgres: $role can create, write and read a table in schema $role" "$out"
  fi
  others=()
  for other in "${db_roles[@]}"; do [[ $other == "$role" ]] || others+=("$other"); done
  extra="'CREATE SCHEMA smoke_probe_$role', 'CREATE TABLE public.smoke_probe (x int)'"
  if out=$(psql_as "$role" "$pw" <<<"$(refused_everywhere_sql "$(quoted_list "${others[@]}")" "$extra")" 2>&1); then
    pass "postgres: $role cannot read or write ${others[*]}, create a schema or use public: $(refusals "$out")"
  else
    fail "postgres: $role cannot read or write ${others[*]}, create a schema or use public" "$out"
  fi
done

# --- Redis: requirepass with the generated password
redis_pw=$(secret_read redis 2>/dev/null) || redis_pw=''
redis_anon() { env -u REDISCLI_AUTH redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
redis_auth() { REDISCLI_AUTH=$1 redis-cli --no-auth-warning -h 127.0.0.1 -p "$REDIS_PORT" "${@:2}"; }
if out=$(redis_anon ping 2>&1) && [[ $out == *NOAUTH* ]]; then
  pass "redis: a client without the password is refused (NOAUTH)"
else
  fail "redis: a client without the password is refused (NOAUTH)" "$out"
fi
if out=$(redis_auth "$DB_LEGACY_PASSWORD" ping 2>&1) && [[ $out == *WRONGPASS* ]]; then
  pass "redis: a wrong password is refused (WRONGPASS)"
else
  fail "redis: a wrong password is refused (WRONGPASS)" "$out"
fi
if out=$(redis_auth "$redis_pw" ping 2>&1) && [[ $out == PONG ]]; then
  pass "redis: redis-cli with the generated password: ping answers PONG"
else
  fail "redis: redis-cli with the generated password: ping answers PONG" "$out"
fi
key="sextant:smoke:$$"
if out=$(redis_auth "$redis_pw" set "$key" ok EX 10 2>&1) && [[ $out == OK ]] &&
  out=$(redis_auth "$redis_pw" get "$key" 2>&1) && [[ $out == ok ]]; then
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

# --- No password in any log (after every client above ran)
if [[ -n $all_pw ]]; then
  leaked=$(grep -rlF -f <(grep . <<<"$all_pw") "$logs" 2>&1) || true
  if [[ -z $leaked ]]; then
    pass "logs: no generated password appears in $logs"
  else
    fail "logs: no generated password appears in $logs" "$leaked"
  fi
fi

echo "infra-smoke: $passed passed, $failed failed"
((failed == 0))
