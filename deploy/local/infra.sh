# shellcheck shell=bash
# Local infrastructure for ./sextant: Kafka (KRaft), PostgreSQL, Redis, Prometheus.
# Sourced by ./sextant after lib.sh. Every process listens on 127.0.0.1 only and keeps its state
# under $SEXTANT_HOME (see docs/operations.md).

INFRA_COMPONENTS=(kafka postgres redis prometheus)

KAFKA_VERSION=4.1.1
# Fixed cluster id (base64url of "sextant-local-01"): storage is formatted once with it.
KAFKA_CLUSTER_ID=${SEXTANT_KAFKA_CLUSTER_ID:-c2V4dGFudC1sb2NhbC0wMQ}
TOPIC_ADMIN_CLASS=dev.sextant.contracts.kafka.TopicAdmin
# Database name, roles and passwords: deploy/local/secrets.sh.

infra_config() {
  KAFKA_PORT=${SEXTANT_KAFKA_PORT:-19092}
  KAFKA_CONTROLLER_PORT=${SEXTANT_KAFKA_CONTROLLER_PORT:-19093}
  PG_PORT=${SEXTANT_PG_PORT:-15432}
  REDIS_PORT=${SEXTANT_REDIS_PORT:-16379}
  PROMETHEUS_PORT=${SEXTANT_PROMETHEUS_PORT:-19090}
  INFRA_TIMEOUT=${SEXTANT_INFRA_TIMEOUT:-90}
  KAFKA_HEAP_OPTS=${SEXTANT_KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}
  PG_BIN=${SEXTANT_PG_BIN:-/usr/lib/postgresql/15/bin}
  KAFKA_LIBS=$SEXTANT_HOME/cache/kafka-$KAFKA_VERSION/libs

  local name port
  for name in KAFKA_PORT KAFKA_CONTROLLER_PORT PG_PORT REDIS_PORT PROMETHEUS_PORT; do
    port=${!name}
    if ! [[ $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
      die "SEXTANT_$name='$port' is not a TCP port"
    fi
  done
  [[ $INFRA_TIMEOUT =~ ^[0-9]+$ ]] || die "SEXTANT_INFRA_TIMEOUT='$INFRA_TIMEOUT' is not a number of seconds"
  local all="$KAFKA_PORT $KAFKA_CONTROLLER_PORT $PG_PORT $REDIS_PORT $PROMETHEUS_PORT"
  [[ $(tr ' ' '\n' <<<"$all" | sort -u | wc -l) -eq 5 ]] || die "infra ports must be distinct: $all"
}

# Environment the application and its tests read (`./sextant env [SERVICE]`). Without SERVICE the
# database login is the admin role `sextant` (tests, tools); with one, that service's own role (what
# `./sextant up` starts it with). The Redis password travels in SEXTANT_REDIS_URL
# (redis://:PASSWORD@host:port). Returns 1, after printing what it can, while the passwords do not
# exist yet (before the first `infra up`).
infra_env() {
  local service=${1:-} user=$DB_ADMIN module
  if [[ -n $service ]]; then
    module=$(service_resolve "$service") || die "unknown service '$service' (known: $(service_names | paste -sd ' '))"
    user=$(db_role_of_module "$module")
    [[ -n $user ]] || die "$module declares no database schema (sextant.db.schema) in its application.properties"
  fi
  local db_pw='' redis_pw='' rc=0
  db_pw=$(secret_read "postgres-$user") || rc=1
  redis_pw=$(secret_read redis) || rc=1
  printf 'export SEXTANT_KAFKA_BOOTSTRAP=127.0.0.1:%s\n' "$KAFKA_PORT"
  printf 'export SEXTANT_DB_URL=jdbc:postgresql://127.0.0.1:%s/%s\n' "$PG_PORT" "$DB_NAME"
  printf 'export SEXTANT_DB_USER=%s\n' "$user"
  [[ -z $db_pw ]] || printf 'export SEXTANT_DB_PASSWORD=%s\n' "$db_pw"
  [[ -z $redis_pw ]] || printf 'export SEXTANT_REDIS_URL=redis://:%s@127.0.0.1:%s\n' "$redis_pw" "$REDIS_PORT"
  printf 'export SEXTANT_PROMETHEUS_URL=http://127.0.0.1:%s\n' "$PROMETHEUS_PORT"
  return "$rc"
}

# ---------------------------------------------------------------------------------------------
# Per-component facts
# ---------------------------------------------------------------------------------------------
component_port() {
  case $1 in
    kafka) echo "$KAFKA_PORT" ;;
    postgres) echo "$PG_PORT" ;;
    redis) echo "$REDIS_PORT" ;;
    prometheus) echo "$PROMETHEUS_PORT" ;;
  esac
}

# A string the component's command line contains (guards against recycled pids).
component_match() {
  case $1 in
    kafka) echo "$(conf_dir kafka)/server.properties" ;;
    postgres) data_dir postgres ;;
    redis) echo "redis-server" ;; # redis rewrites its process title to "redis-server 127.0.0.1:PORT"
    prometheus) echo "--storage.tsdb.path=$(data_dir prometheus)" ;;
  esac
}

component_pid_alive() {
  local pid; pid=$(read_pid "$1")
  pid_alive "$pid" "$(component_match "$1")"
}

# running: our process is alive and its port accepts connections.
component_running() {
  component_pid_alive "$1" && port_open "$(component_port "$1")"
}

component_ready() {
  case $1 in
    kafka) port_open "$KAFKA_PORT" && [[ $(kcat -b "127.0.0.1:$KAFKA_PORT" -L -m 5 2>/dev/null) == *"broker 1 at 127.0.0.1:$KAFKA_PORT"* ]] ;;
    postgres) "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 ;;
    # Redis answers (redis_secure then makes sure it is with our password).
    redis) [[ $(redis_cli ping 2>&1) =~ ^(PONG|.*NOAUTH.*|.*WRONGPASS.*|.*AUTH\ failed.*)$ ]] ;; # answering at all: redis_secure sorts out the password
    prometheus) curl -sf -m 2 "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" >/dev/null ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Packages (Debian) — installed without starting anything on the system ports
# ---------------------------------------------------------------------------------------------
missing_packages() {
  local -a need=()
  [[ -x $PG_BIN/postgres && -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] || need+=(postgresql-15)
  [[ -x $PG_BIN/psql && -x $PG_BIN/pg_isready ]] || need+=(postgresql-client-15)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
  command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
  command -v kcat >/dev/null 2>&1 || need+=(kcat)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  # The dashboard's browser tests (e2e-tests) drive Debian's Chromium through its ChromeDriver.
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
  echo "${need[*]}"
}

APT_INSTALL=(apt-get install -y --no-install-recommends)

ensure_packages() {
  local missing; missing=$(missing_packages)
  [[ -z $missing ]] && return 0
  # shellcheck disable=SC2206
  local -a pkgs=($missing)
  if ! command -v apt-get >/dev/null 2>&1; then
    die "missing tools for packages: ${pkgs[*]}; this is not a Debian system: install PostgreSQL 15 (set SEXTANT_PG_BIN to its bin dir), redis-server, redis-cli, prometheus, kcat, curl, chromium and chromedriver"
  fi
  if ! is_root; then
    err "missing Debian packages: ${pkgs[*]}"
    err "install them (as root), without starting their system services, with:"
    printf '\n    sudo %s/sextant infra deps\n\n' "$SEXTANT_ROOT" >&2
    err "or, equivalently, by hand (then stop/disable any service it starts on 5432/6379/9090):"
    printf '\n    sudo apt-get update && sudo %s %s\n\n' "${APT_INSTALL[*]}" "${pkgs[*]}" >&2
    exit 1
  fi
  apt_install_guarded "${pkgs[@]}"
  missing=$(missing_packages)
  [[ -z $missing ]] || die "still missing after apt-get install: $missing"
}

POLICY_RC=/usr/sbin/policy-rc.d
_policy_backup=''
_policy_installed=0

policy_rc_install() {
  _policy_backup=''
  if [[ -e $POLICY_RC || -L $POLICY_RC ]]; then
    _policy_backup=$(mktemp "$POLICY_RC.sextant-backup.XXXXXX")
    cp -a "$POLICY_RC" "$_policy_backup"
  fi
  printf '#!/bin/sh\n# Temporarily installed by ./sextant: package installs must not start services.\nexit 101\n' >"$POLICY_RC.sextant-tmp"
  chmod 755 "$POLICY_RC.sextant-tmp"
  mv -f "$POLICY_RC.sextant-tmp" "$POLICY_RC"
  _policy_installed=1
}

policy_rc_restore() {
  ((_policy_installed)) || return 0
  if [[ -n $_policy_backup ]]; then
    mv -f "$_policy_backup" "$POLICY_RC"
  else
    rm -f "$POLICY_RC"
  fi
  _policy_installed=0
}

# Ports that the Debian packages' own services would use.
SYSTEM_SERVICE_PORTS=(5432 6379 9090)
system_listeners() {
  local p
  for p in "${SYSTEM_SERVICE_PORTS[@]}"; do
    if port_open "$p" || port_open "$p" ::1 2>/dev/null; then echo "$p"; fi
  done
}

apt_retry() {
  local i
  for i in 1 2 3 4 5 6; do
    DEBIAN_FRONTEND=noninteractive "$@" && return 0
    warn "'$*' failed (attempt $i), apt may be busy: retrying in 10 s"
    sleep 10
  done
  return 1
}

apt_install_guarded() {
  local -a pkgs=("$@")
  local before after rc=0
  before=$(system_listeners)
  info "installing Debian packages: ${pkgs[*]} (services are kept from starting)"
  policy_rc_install
  trap 'policy_rc_restore' EXIT
  trap 'policy_rc_restore; exit 130' INT TERM
  {
    apt_retry apt-get -q -o DPkg::Lock::Timeout=300 update &&
      apt_retry "${APT_INSTALL[@]}" -q -o DPkg::Lock::Timeout=300 \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${pkgs[@]}"
  } || rc=$?
  policy_rc_restore
  trap - EXIT INT TERM
  ((rc == 0)) || die "apt-get install failed (exit $rc)"

  # On a systemd host the packages enable their units for the next boot: undo that for the
  # packages we just installed, and stop anything that would listen on a system port anyway.
  local -a units=()
  local p
  for p in "${pkgs[@]}"; do
    case $p in
      postgresql-15) units+=(postgresql.service postgresql@15-main.service) ;;
      redis-server) units+=(redis-server.service) ;;
      prometheus) units+=(prometheus.service) ;;
    esac
  done
  if ((${#units[@]})) && [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now "${units[@]}" >/dev/null 2>&1 || true
  fi
  after=$(system_listeners)
  for p in $after; do
    grep -qx "$p" <<<"$before" && continue
    warn "something started listening on system port $p during the install: stopping it"
    case $p in
      5432) service postgresql stop >/dev/null 2>&1 || true ;;
      6379) service redis-server stop >/dev/null 2>&1 || true ;;
      9090) service prometheus stop >/dev/null 2>&1 || true ;;
    esac
    if port_open "$p"; then
      err "port $p is still in use after the install:"; port_owner "$p" >&2
    fi
  done
  ok "packages installed: ${pkgs[*]}"
}

# ---------------------------------------------------------------------------------------------
# Kafka broker jars (Maven Central, through deploy/kafka/pom.xml)
# ---------------------------------------------------------------------------------------------
ensure_kafka_libs() {
  local dir=$KAFKA_LIBS
  if [[ -f $dir/.complete && -f $dir/kafka_2.13-$KAFKA_VERSION.jar ]]; then
    return 0
  fi
  info "fetching Kafka $KAFKA_VERSION broker jars into ${dir#"$SEXTANT_ROOT"/}"
  local t0; t0=$(now_ms)
  rm -rf "$dir.tmp"
  mkdir -p "$(dirname "$dir")"
  mvnw -B -q -f deploy/kafka/pom.xml \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -Dkafka.libs.dir="$dir.tmp" ||
    die "could not fetch the Kafka broker jars (see the Maven output above)"
  [[ -f $dir.tmp/kafka_2.13-$KAFKA_VERSION.jar ]] || die "kafka_2.13-$KAFKA_VERSION.jar missing after the download"
  touch "$dir.tmp/.complete"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
  ok "Kafka jars ready ($(fmt_ms $(($(now_ms) - t0))))"
}

# ---------------------------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------------------------
# The broker JVM command line (used for `kafka-storage format` and for the broker itself).
kafka_cmd() {
  # shellcheck disable=SC2206
  KAFKA_CMD=(java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    -Djava.net.preferIPv4Stack=true
    -Dlog4j2.configurationFile="$SEXTANT_ROOT/deploy/local/kafka-log4j2.properties"
    -Dkafka.logs.dir="$SEXTANT_HOME/logs"
    -cp "$KAFKA_LIBS/*")
}

kafka_start() {
  local conf; conf=$(conf_dir kafka)
  local data; data=$(data_dir kafka)
  mkdir -p "$conf" "$data"
  render "$SEXTANT_ROOT/deploy/local/kafka-server.properties.tmpl" "$conf/server.properties" \
    KAFKA_PORT="$KAFKA_PORT" CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" LOG_DIR="$data"
  kafka_cmd
  if [[ ! -f $data/meta.properties ]]; then
    info "kafka: formatting storage (cluster id $KAFKA_CLUSTER_ID)"
    "${KAFKA_CMD[@]}" kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$conf/server.properties" \
      --ignore-formatted >>"$(log_file kafka)" 2>&1 || { show_log_tail kafka; die "kafka: storage format failed"; }
  fi
  spawn kafka "$(log_file kafka)" "${KAFKA_CMD[@]}" kafka.Kafka "$conf/server.properties"
}

kafka_stop() {
  local pid; pid=$(read_pid kafka)
  stop_pid kafka "$pid" 60
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL (runs as the `postgres` OS user when we are root: it refuses to run as root)
# ---------------------------------------------------------------------------------------------
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_socket_dir() {
  local dir=$SEXTANT_HOME/run/postgres
  # sun_path is 108 bytes: fall back to a short private directory for deep SEXTANT_HOMEs.
  if ((${#dir} + 20 > 100)); then
    dir=${TMPDIR:-/tmp}/sextant-pg-$PG_PORT
  fi
  printf '%s' "$dir"
}

pg_prepare_dirs() {
  local sock; sock=$(pg_socket_dir)
  local log; log=$(log_file postgres)
  mkdir -p "$sock"
  touch "$log"
  chmod 700 "$sock"
  chmod 640 "$log"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "OS user 'postgres' is missing (it comes with the postgresql-common package)"
    chown postgres: "$sock" "$log"
    # logs/ is 0750: the postgres OS user reaches its own log through the group.
    chgrp postgres "$SEXTANT_HOME/logs"
    as_pg test -x "$SEXTANT_HOME/run" -a -w "$sock" -a -w "$log" ||
      die "the 'postgres' OS user cannot reach $SEXTANT_HOME: give its parent directories o+x, or point SEXTANT_HOME somewhere it can reach"
  fi
}

pg_initdb() {
  local data; data=$(data_dir postgres)
  [[ -f $data/PG_VERSION ]] && return 0
  if [[ -e $data ]]; then
    die "postgres: $data exists but is not a database cluster: remove it (rm -rf '$data') and run again"
  fi
  info "postgres: initdb $data"
  local tmp=$data.initdb-tmp
  rm -rf "$tmp"
  mkdir -p "$tmp"
  is_root && chown postgres: "$tmp"
  chmod 700 "$tmp"
  as_pg "$PG_BIN/initdb" -D "$tmp" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 --no-instructions --no-sync >>"$(log_file postgres)" 2>&1 ||
    { show_log_tail postgres; die "postgres: initdb failed"; }
  printf "\n# Sextant: local settings, rewritten by ./sextant on every start.\ninclude_if_exists = 'sextant.conf'\n" >>"$tmp/postgresql.conf"
  mv "$tmp" "$data"
}

pg_write_conf() {
  local data; data=$(data_dir postgres)
  local sock; sock=$(pg_socket_dir)
  cat >"$data/sextant.conf" <<EOF
# Written by ./sextant on every start: do not edit (use postgresql.conf for your own settings).
listen_addresses = '127.0.0.1'
port = $PG_PORT
cluster_name = 'sextant-$PG_PORT'
unix_socket_directories = '$sock'
max_connections = 200
shared_buffers = 128MB
password_encryption = scram-sha-256
timezone = 'UTC'
log_timezone = 'UTC'
# Throw-away local data: trade durability for test speed.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  is_root && chown postgres: "$data/sextant.conf"
  return 0
}

# Processes of our cluster carry "postgres: sextant-PORT:" in their title (cluster_name).
pg_cluster_procs() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) || continue
    [[ $cmd == "postgres: sextant-$PG_PORT: "* ]] && echo "${p#/proc/}"
  done
  return 0
}

# After a crash (kill -9) the postmaster's children linger a moment and the dead postmaster may
# stay a zombie until init reaps it, which makes the next postmaster refuse to start
# ("lock file postmaster.pid already exists"). Wait for both, then drop the stale lock file.
pg_clear_stale_lock() {
  local data=$1 lock=$1/postmaster.pid old
  [[ -f $lock ]] || return 0
  old=$(head -n1 "$lock" 2>/dev/null | tr -dc '0-9')
  [[ -n $old ]] || return 0
  pid_exists "$old" && return 0 # a live postmaster: pg_ctl will refuse, and say so
  local deadline=$((SECONDS + 20))
  while [[ -n $(pg_cluster_procs) ]] || kill -0 "$old" 2>/dev/null; do
    ((SECONDS < deadline)) || break
    sleep 0.3
  done
  if [[ -n $(pg_cluster_procs) ]]; then
    warn "postgres: processes of the previous server are still alive: $(pg_cluster_procs | tr '\n' ' ')"
    return 0
  fi
  info "postgres: removing the stale postmaster.pid of dead pid $old"
  rm -f "$lock"
}

postgres_start() {
  pg_prepare_dirs
  pg_initdb
  pg_write_conf
  local data; data=$(data_dir postgres)
  pg_clear_stale_lock "$data"
  printf '\n===== %s: starting postgres =====\n' "$(date -Is)" >>"$(log_file postgres)"
  rm -f "$(pid_file postgres)"
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$(log_file postgres)" -W -s start 9>&- ||
    { show_log_tail postgres; die "postgres: pg_ctl start failed"; }
  # The postmaster writes its pid to postmaster.pid once it runs.
  local i pid=''
  for ((i = 0; i < 100; i++)); do
    pid=$(head -n1 "$data/postmaster.pid" 2>/dev/null | tr -dc '0-9') || true
    pid_exists "$pid" && break
    pid=''
    sleep 0.1
  done
  [[ -n $pid ]] || { show_log_tail postgres; die "postgres: the postmaster did not start"; }
  echo "$pid" >"$(pid_file postgres)"
}

postgres_stop() {
  local data; data=$(data_dir postgres)
  local pid; pid=$(read_pid postgres)
  if as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 -s stop >/dev/null 2>&1; then
    # pg_ctl returns once postmaster.pid is gone, a moment before the process itself.
    wait_gone "$pid" 10 || stop_pid postgres "$pid" 10
  else
    stop_pid postgres "$pid" 30
  fi
}

psql_admin() {
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(pg_socket_dir)" -p "$PG_PORT" -U postgres "$@"
}

# Roles, database and schemas, as the superuser over the unix socket (idempotent, every `infra up`):
# - role `sextant` (admin: LOGIN CREATEDB, owns database sextant; tests create their schemas with it),
# - one LOGIN role per service, named like its schema, owning that schema and nothing else, CONNECT
#   only (PUBLIC loses CONNECT/TEMP on the database),
# - every password set to the one in secrets/ (so a state folder of an older version, whose role
#   `sextant` had the password `sextant` and owned every schema, is upgraded in place, and deleted
#   secrets are re-applied),
# - objects in a service schema owned by someone else (tables the older version migrated as
#   `sextant`) handed over to the schema's role (a WARNING says so), and any grant on a service
#   schema or its tables to another role revoked.
# The SQL goes through a pipe (not argv, not a file); statement logging is off for the session so a
# password never reaches the server log; psql errors are terse (no query text echoed).
postgres_bootstrap() {
  local admin_pw roles module role pw list='' list_names='' sql
  admin_pw=$(secret_read "postgres-$DB_ADMIN") || return 1
  roles=$(db_service_roles) || return 1
  local quiet="\\set VERBOSITY terse
\\set SHOW_CONTEXT never
SET log_statement = 'none';
SET log_min_error_statement = 'panic';
SET log_min_duration_statement = -1;
SET client_min_messages = warning;
"
  sql="$quiet
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_ADMIN') THEN CREATE ROLE $DB_ADMIN; END IF;
END \$\$;
ALTER ROLE $DB_ADMIN WITH LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '$admin_pw';
"
  while read -r module role; do
    pw=$(secret_read "postgres-$role") || return 1
    list+="${list:+,}'$role'"
    list_names+="${list_names:+, }$role"
    sql+="DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE $role; END IF;
END \$\$;
ALTER ROLE $role WITH LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '$pw';
"
  done <<<"$roles"
  sql+="SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_ADMIN' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')
\\gexec
ALTER DATABASE $DB_NAME OWNER TO $DB_ADMIN;
REVOKE ALL ON DATABASE $DB_NAME FROM PUBLIC;
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
\\c $DB_NAME
$quiet"
  # Everyone but the owner loses whatever was granted on a service schema (and CREATE in public):
  # the access the smoke check verifies is the whole access there is.
  local everyone="PUBLIC, $DB_ADMIN, $list_names" others other
  while read -r module role; do
    others="PUBLIC, $DB_ADMIN"
    for other in ${list_names//,/ }; do [[ $other == "$role" ]] || others+=", $other"; done
    sql+="GRANT CONNECT ON DATABASE $DB_NAME TO $role;
CREATE SCHEMA IF NOT EXISTS $role AUTHORIZATION $role;
ALTER SCHEMA $role OWNER TO $role;
REVOKE ALL ON SCHEMA $role FROM $others;
"
  done <<<"$roles"
  sql+="REVOKE CREATE ON SCHEMA public FROM $everyone;
"
  sql+="DO \$\$
DECLARE
  r record;
  moved int := 0;
BEGIN
  FOR r IN
    SELECT c.oid::regclass AS obj, c.relkind, n.nspowner::regrole AS owner
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ($list) AND c.relowner <> n.nspowner AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      -- serial/identity sequences follow their table
      AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                             AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %s',
      CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                     WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.obj, r.owner);
    moved := moved + 1;
  END LOOP;
  FOR r IN
    SELECT p.oid::regprocedure AS obj, p.prokind, n.nspowner::regrole AS owner
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname IN ($list) AND p.proowner <> n.nspowner
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %s',
      CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.obj, r.owner);
    moved := moved + 1;
  END LOOP;
  -- Table grants to anyone but the owner (the owner keeps its own): revoked.
  FOR r IN
    SELECT DISTINCT c.oid::regclass AS obj, a.grantee::regrole AS grantee
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
    WHERE n.nspname IN ($list) AND c.relacl IS NOT NULL AND a.grantee <> c.relowner
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM %s', r.obj,
      CASE WHEN r.grantee::oid = 0 THEN 'PUBLIC' ELSE r.grantee::text END);
  END LOOP;
  IF moved > 0 THEN
    RAISE WARNING 'sextant-upgrade: % object(s) in the service schemas handed over to the schema owners', moved;
  END IF;
END
\$\$;
"
  local out rc=0
  out=$(printf '%s\n' "$sql" | psql_admin -d postgres 2>&1) || rc=$?
  [[ -z $out ]] || printf '%s\n' "$out" | sed 's/^/    /'
  ((rc == 0)) || return 1
  if [[ $out == *sextant-upgrade:* ]]; then
    CREDENTIALS_CHANGED=1
  fi
  return 0
}

# Set when `infra up` changed what running clients authenticate with (upgrade of an older state).
CREDENTIALS_CHANGED=0

# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------
# redis-cli against our instance with the generated password (REDISCLI_AUTH: never in argv).
redis_cli() {
  local pw; pw=$(secret_read redis 2>/dev/null) || pw=''
  if [[ -n $pw ]]; then
    REDISCLI_AUTH=$pw redis-cli --no-auth-warning -h 127.0.0.1 -p "$REDIS_PORT" "$@"
  else
    redis_cli_anonymous "$@"
  fi
}

redis_cli_anonymous() { env -u REDISCLI_AUTH redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

redis_start() {
  local conf; conf=$(conf_dir redis)
  local data; data=$(data_dir redis)
  mkdir -p "$conf" "$data"
  local pw; pw=$(secret_read redis) || return 1
  # The rendered config holds the password: 0600 from the start.
  (umask 077 && render "$SEXTANT_ROOT/deploy/local/redis.conf.tmpl" "$conf/redis.conf" \
    REDIS_PORT="$REDIS_PORT" DATA_DIR="$data" REDIS_PASSWORD="$pw") || return 1
  chmod 600 "$conf/redis.conf"
  spawn redis "$(log_file redis)" "$(command -v redis-server)" "$conf/redis.conf"
}

redis_stop() { stop_pid redis "$(read_pid redis)" 30; }

# After readiness: the running Redis must refuse clients without our password. One started by an
# older version (no password) gets it live (CONFIG SET requirepass: connections already open stay
# authenticated, new ones must AUTH; its next start reads it from the rendered config). One that
# refuses our password (secrets/ deleted and regenerated) is restarted: it holds no persistent state.
redis_secure() {
  local anon
  anon=$(redis_cli_anonymous ping 2>&1) || true
  if [[ $anon == PONG ]]; then
    info "redis: the running server has no password (started by an older version): setting the generated one (CONFIG SET requirepass)"
    local pw; pw=$(secret_read redis) || return 1
    local out
    out=$(printf '%s' "$pw" | redis_cli_anonymous -x config set requirepass 2>&1) || true
    [[ $out == OK ]] || { err "redis: CONFIG SET requirepass failed: $out"; return 1; }
    CREDENTIALS_CHANGED=1
    # Rewrite the rendered config too (the next start reads it).
    local conf; conf=$(conf_dir redis)
    (umask 077 && render "$SEXTANT_ROOT/deploy/local/redis.conf.tmpl" "$conf/redis.conf" \
      REDIS_PORT="$REDIS_PORT" DATA_DIR="$(data_dir redis)" REDIS_PASSWORD="$pw") || return 1
    chmod 600 "$conf/redis.conf"
  fi
  [[ $(redis_cli ping 2>&1) == PONG ]] && return 0
  warn "redis: the running server refuses the password in $(secret_file redis): restarting it with that one"
  infra_stop_components redis || return 1
  component_ensure_started redis || return 1
  components_wait_ready redis || return 1
  [[ $(redis_cli ping 2>&1) == PONG ]] || { err "redis: still refuses the generated password after a restart"; return 1; }
}

# ---------------------------------------------------------------------------------------------
# Prometheus
# ---------------------------------------------------------------------------------------------
# Prometheus runs from $SEXTANT_HOME/conf/prometheus/: prometheus.yml and rules/ are links to deploy/prometheus/ (so
# the paths in prometheus.yml, relative to its folder, resolve there), targets/services.json is written by
# prometheus_targets_write (services.sh) with the ports the services use. Prometheus watches the targets file: a
# service started on another port is scraped there within seconds, without a restart.
prometheus_conf() {
  local conf; conf=$(conf_dir prometheus)
  mkdir -p "$conf/targets"
  ln -sfn "$SEXTANT_ROOT/deploy/prometheus/prometheus.yml" "$conf/prometheus.yml"
  ln -sfn "$SEXTANT_ROOT/deploy/prometheus/rules" "$conf/rules"
  prometheus_targets_write
}

prometheus_start() {
  local data; data=$(data_dir prometheus)
  mkdir -p "$data"
  prometheus_conf
  spawn prometheus "$(log_file prometheus)" "$(command -v prometheus)" \
    --config.file="$(conf_dir prometheus)/prometheus.yml" \
    --storage.tsdb.path="$data" \
    --storage.tsdb.retention.time=3d \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
}

prometheus_stop() { stop_pid prometheus "$(read_pid prometheus)" 30; }

# ---------------------------------------------------------------------------------------------
# Topic catalog (dev.sextant.contracts.kafka.TopicAdmin, from contracts-kafka)
# ---------------------------------------------------------------------------------------------
contracts_jar() {
  local f
  for f in "$SEXTANT_ROOT"/contracts-kafka/target/contracts-kafka-*.jar; do
    case $f in *-sources.jar | *-tests.jar | *-javadoc.jar) continue ;; esac
    [[ -f $f ]] && { printf '%s' "$f"; return 0; }
  done
  return 0
}

# Sets TOPIC_ADMIN_CP. Builds contracts-kafka (and shared-contracts, which it uses) only when its
# jar is missing or older than their sources; caches a copy of the jar (a concurrent build may rewrite target/) and the runtime
# classpath under $SEXTANT_HOME/cache/tools.
prepare_topic_admin() {
  local src=$SEXTANT_ROOT/contracts-kafka/src/main/java/${TOPIC_ADMIN_CLASS//.//}.java
  if [[ ! -f $src ]]; then
    err "the topic catalog tool $TOPIC_ADMIN_CLASS does not exist yet (expected ${src#"$SEXTANT_ROOT"/})"
    err "catalog topics cannot be created; set SEXTANT_SKIP_TOPICS=1 to start the infra without them"
    return 1
  fi
  local root=$SEXTANT_ROOT jar ref
  # Maven leaves an up-to-date jar untouched: a stamp (our last successful build, stamped with its
  # start time) keeps a pom change from triggering a build on every run.
  local stamp=$SEXTANT_HOME/cache/tools/contracts-kafka.built
  jar=$(contracts_jar)
  ref=$jar
  [[ -n $jar && -f $stamp && $stamp -nt $jar ]] && ref=$stamp
  if [[ -z $jar ]] || [[ -n $(find "$root/shared-contracts/src/main" "$root/shared-contracts/pom.xml" \
    "$root/contracts-kafka/src/main" "$root/contracts-kafka/pom.xml" "$root/pom.xml" \
    -newer "$ref" -type f -print -quit 2>/dev/null) ]]; then
    info "building contracts-kafka (jar missing or older than its sources)"
    mkdir -p "$(dirname "$stamp")"
    touch "$stamp.tmp"
    if mvnw -B -q -pl contracts-kafka -am install -DskipTests; then
      mv -f "$stamp.tmp" "$stamp"
      jar=$(contracts_jar)
      [[ -n $jar ]] || { err "no contracts-kafka jar after the build"; return 1; }
    elif [[ -f $SEXTANT_HOME/cache/tools/contracts-kafka.jar ]]; then
      warn "building contracts-kafka failed (Maven output above): using the previously cached jar"
      jar=''
    else
      err "building contracts-kafka failed (see the Maven output above)"
      return 1
    fi
  fi

  local tools=$SEXTANT_HOME/cache/tools
  mkdir -p "$tools"
  if [[ -n $jar ]] && ! cmp -s "$jar" "$tools/contracts-kafka.jar"; then
    cp -f "$jar" "$tools/contracts-kafka.jar.tmp" && mv -f "$tools/contracts-kafka.jar.tmp" "$tools/contracts-kafka.jar"
  fi
  local entries; entries=$(jar tf "$tools/contracts-kafka.jar" 2>/dev/null) || entries=''
  if [[ $'\n'$entries$'\n' != *$'\n'"${TOPIC_ADMIN_CLASS//.//}.class"$'\n'* ]]; then
    err "$TOPIC_ADMIN_CLASS is not in ${jar:-the cached contracts-kafka jar}: rebuild it (./mvnw -pl contracts-kafka -am install -DskipTests)"
    return 1
  fi

  local cpfile=$tools/contracts-kafka.classpath stale=0 entry
  local -a cp_entries=()
  if [[ ! -s $cpfile ]] || [[ -n $(find "$root/contracts-kafka/pom.xml" "$root/shared-contracts/pom.xml" "$root/pom.xml" \
    -newer "$cpfile" -print -quit) ]]; then
    stale=1
  else
    IFS=: read -r -a cp_entries <"$cpfile" || true # no trailing newline: read returns 1
    for entry in "${cp_entries[@]}"; do [[ -f $entry ]] || { stale=1; break; }; done
  fi
  if ((stale)); then
    info "computing the contracts-kafka runtime classpath"
    mvnw -B -q -f contracts-kafka/pom.xml dependency:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$cpfile.tmp" ||
      { err "could not compute the contracts-kafka classpath"; return 1; }
    mv -f "$cpfile.tmp" "$cpfile"
  fi
  topic_admin_cp
}

# The TopicAdmin classpath from the cache prepare_topic_admin filled.
topic_admin_cp() {
  local tools=$SEXTANT_HOME/cache/tools
  TOPIC_ADMIN_CP="$tools/contracts-kafka.jar:$(<"$tools/contracts-kafka.classpath")"
}

run_topic_admin() {
  java -cp "$TOPIC_ADMIN_CP" "$TOPIC_ADMIN_CLASS" --bootstrap "127.0.0.1:$KAFKA_PORT" "$@"
}

# Kafka readiness, last part: the catalog topics get created (idempotent), retried until timeout.
create_topics() {
  local deadline=$((SECONDS + INFRA_TIMEOUT)) out attempt=0
  while :; do
    attempt=$((attempt + 1))
    if out=$(timeout 120 java -cp "$TOPIC_ADMIN_CP" "$TOPIC_ADMIN_CLASS" --bootstrap "127.0.0.1:$KAFKA_PORT" 2>&1); then
      printf '%s\n' "$out" | grep -v '^SLF4J' | sed 's/^/    /'
      return 0
    fi
    if ((SECONDS >= deadline)); then
      printf '%s\n' "$out" | tail -n 30 >&2
      return 1
    fi
    warn "kafka: TopicAdmin attempt $attempt failed, retrying"
    sleep 2
  done
}

# ---------------------------------------------------------------------------------------------
# Database migrations (flyway-maven-plugin, configured by each service module)
# ---------------------------------------------------------------------------------------------
migration_modules() {
  local d m
  for d in "$SEXTANT_ROOT"/*/src/main/resources/db/migration; do
    [[ -d $d ]] || continue
    m=${d#"$SEXTANT_ROOT"/}
    m=${m%%/*}
    if grep -q 'flyway-maven-plugin' "$SEXTANT_ROOT/$m/pom.xml" 2>/dev/null; then
      echo "$m"
    else
      warn "$m has src/main/resources/db/migration but its pom has no flyway-maven-plugin: not migrated" >&2
    fi
  done
}

MIGRATION_STAMP() { printf '%s/data/postgres-migrations.stamp' "$SEXTANT_HOME"; }

# Migrations are up to date when the stamp is newer than every migration file and pom and than
# the database cluster itself. FORCE=1 runs them anyway.
migrations_current() {
  local stamp; stamp=$(MIGRATION_STAMP)
  [[ -f $stamp ]] || return 1
  [[ $(data_dir postgres)/PG_VERSION -ot $stamp ]] || return 1
  local m
  for m in "$@"; do
    [[ -z $(find "$SEXTANT_ROOT/$m/src/main/resources/db/migration" "$SEXTANT_ROOT/$m/pom.xml" "$SEXTANT_ROOT/pom.xml" \
      -newer "$stamp" -print -quit) ]] || return 1
  done
}

run_migrations() {
  local force=${1:-0}
  local -a mods
  mapfile -t mods < <(migration_modules)
  ((${#mods[@]})) || return 0
  if ((force == 0)) && migrations_current "${mods[@]}"; then
    ok "database migrations up to date (${mods[*]})"
    return 0
  fi
  local m
  for m in "${mods[@]}"; do
    [[ -n $(db_role_of_module "$m") ]] ||
      { err "$m has migrations but no sextant.db.schema in its application.properties: no database role to migrate it with"; return 1; }
  done
  info "database migrations: ${mods[*]}"
  local t0; t0=$(now_ms)
  local list; list=$(IFS=,; echo "${mods[*]}")
  local out=$SEXTANT_HOME/logs/migrations.log
  # Each module migrates as its own role, whose name is its schema: Maven resolves the user
  # '${sextant.db.schema}' per module. The password is left empty, so pgjdbc looks it up in the
  # PGPASSFILE (secrets/pgpass) by user: no password on any command line.
  local -a migrate=(-B -q -pl "$list" flyway:migrate
    -Dsextant.db.url="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME"
    '-Dsextant.db.user=${sextant.db.schema}' -Dsextant.db.password=)
  local pgpass; pgpass="$(secrets_dir)/pgpass"
  if ! PGPASSFILE=$pgpass mvnw "${migrate[@]}" >"$out" 2>&1; then
    # flyway:migrate resolves each module's dependencies (test scope included). On a machine whose
    # ~/.m2 lacks this reactor's own artifacts (test-support, ...), install the modules and what
    # they depend on once (thin jars: no Quarkus build, no tests), then try again.
    if ! grep -q 'Could not resolve dependencies' "$out"; then
      cat "$out" >&2
      err "flyway:migrate failed for ${mods[*]} (output above, also in $out)"
      return 1
    fi
    info "installing the reactor modules the migrations need (first run on this machine)"
    mvnw -B -q -pl "$list" -am install -DskipTests -Dquarkus.build.skip=true ||
      { err "could not install the modules the migrations depend on"; return 1; }
    if ! PGPASSFILE=$pgpass mvnw "${migrate[@]}" >"$out" 2>&1; then
      cat "$out" >&2
      err "flyway:migrate failed for ${mods[*]} (output above, also in $out)"
      return 1
    fi
  fi
  grep -v '^\s*$' "$out" || true
  touch "$(MIGRATION_STAMP)"
  ok "database migrations applied ($(fmt_ms $(($(now_ms) - t0))))"
}

# ---------------------------------------------------------------------------------------------
# up / down / status
# ---------------------------------------------------------------------------------------------
infra_lock() {
  exec 9>"$SEXTANT_HOME/run/infra.lock"
  if ! flock -n 9; then
    info "waiting for another ./sextant infra command to finish (lock $SEXTANT_HOME/run/infra.lock)"
    flock -w 600 9 || die "another ./sextant infra command still holds $SEXTANT_HOME/run/infra.lock after 10 min"
  fi
}

# Ensure a component runs. Prints what it did; echoes nothing. Returns 0 when it is running or
# was (re)started, 1 on error.
component_ensure_started() {
  local c=$1 pid port
  port=$(component_port "$c")
  pid=$(read_pid "$c")
  if component_pid_alive "$c"; then
    if port_open "$port"; then
      ok "$c already running (pid $pid, port $port)"
    else
      info "$c: pid $pid is alive but port $port is not open yet: waiting for it"
    fi
    INFRA_STARTED[$c]=0
    return 0
  fi
  claim_port "$c" "$port" \
    "stop it, or choose another port with the matching SEXTANT_*_PORT variable (see ./sextant help)" \
    || return 1
  if [[ $c == kafka ]] && port_open "$KAFKA_CONTROLLER_PORT"; then
    err "kafka: controller port $KAFKA_CONTROLLER_PORT is already in use:"; port_owner "$KAFKA_CONTROLLER_PORT" >&2
    return 1
  fi
  info "starting $c on 127.0.0.1:$port"
  INFRA_T0[$c]=$(now_ms)
  "${c}_start" || { err "$c: start failed"; show_log_tail "$c"; return 1; }
  INFRA_STARTED[$c]=1
}

# Wait until every named component answers its readiness probe (polled together, so each
# one's start-up time is its own). On a dead process or the timeout: its log tail, return 1.
components_wait_ready() {
  local -a pending=("$@") still
  local c deadline=$((SECONDS + INFRA_TIMEOUT))
  while ((${#pending[@]})); do
    still=()
    for c in "${pending[@]}"; do
      if component_ready "$c"; then
        if ((INFRA_STARTED[$c])); then
          ok "$c ready (pid $(read_pid "$c"), port $(component_port "$c"), $(fmt_ms $(($(now_ms) - INFRA_T0[$c]))) after start)"
        fi
      elif ! component_pid_alive "$c"; then
        err "$c exited during start-up"
        show_log_tail "$c"
        return 1
      elif ((SECONDS >= deadline)); then
        err "$c did not become ready within ${INFRA_TIMEOUT}s (SEXTANT_INFRA_TIMEOUT)"
        show_log_tail "$c"
        return 1
      else
        still+=("$c")
      fi
    done
    pending=("${still[@]}")
    ((${#pending[@]})) && sleep 0.3
  done
  return 0
}

declare -A INFRA_STARTED=() INFRA_T0=()

infra_up() {
  local t0; t0=$(now_ms)
  state_dirs
  infra_lock
  ensure_packages
  ensure_kafka_libs
  # Passwords: generated once (secrets_ensure prints what it generated or tightened, never a value).
  local out rc=0 line
  out=$(secrets_ensure) || rc=$?
  while IFS= read -r line; do [[ -z $line ]] || info "credentials: $line"; done <<<"$out"
  ((rc == 0)) || die "credentials: fix the secrets folder $(secrets_dir) (message above)"

  local c
  for c in "${INFRA_COMPONENTS[@]}"; do
    component_ensure_started "$c" || exit 1
  done

  # Build the topic tool (a Maven run when shared-contracts or contracts-kafka changed) while the daemons boot.
  local topics=1 prep_pid='' prep_log=$SEXTANT_HOME/logs/topic-admin-build.log
  if [[ ${SEXTANT_SKIP_TOPICS:-0} == 1 ]]; then
    topics=0
    warn "SEXTANT_SKIP_TOPICS=1: catalog topics are not created"
  else
    prepare_topic_admin >"$prep_log" 2>&1 9>&- &
    prep_pid=$!
  fi

  components_wait_ready "${INFRA_COMPONENTS[@]}" || exit 1

  if ((topics)); then
    local prep_rc=0
    wait "$prep_pid" || prep_rc=$?
    cat "$prep_log"
    ((prep_rc == 0)) || exit 1
    topic_admin_cp # the background job filled the cache
  fi

  redis_secure || die "redis: could not make the running server require the generated password"
  postgres_bootstrap || { show_log_tail postgres; die "postgres: could not create the roles, database $DB_NAME and service schemas"; }
  if ((CREDENTIALS_CHANGED)); then
    local s running=()
    for s in $(service_names); do service_pid_alive "$s" && running+=("$s"); done
    if ((${#running[@]})); then
      warn "credentials changed under running services (${running[*]}): they still use the old ones (role $DB_ADMIN, which has no access to the service schemas any more; Redis without password): ./sextant restart"
    fi
  fi
  if ((topics)); then
    info "kafka: ensuring the catalog topics ($TOPIC_ADMIN_CLASS)"
    create_topics || { show_log_tail kafka 20; die "kafka: TopicAdmin did not succeed within ${INFRA_TIMEOUT}s"; }
  fi
  run_migrations 0 || exit 1

  ok "infra up in $(fmt_ms $(($(now_ms) - t0)))"
  infra_status
}

infra_down() {
  state_dirs
  infra_lock
  local -a reversed=()
  local i
  for ((i = ${#INFRA_COMPONENTS[@]} - 1; i >= 0; i--)); do reversed+=("${INFRA_COMPONENTS[i]}"); done
  infra_stop_components "${reversed[@]}"
}

# Stop the named components (in the given order) by their recorded pid, remove their pid files.
infra_stop_components() {
  local c pid rc=0
  for c in "$@"; do
    pid=$(read_pid "$c")
    if component_pid_alive "$c"; then
      info "stopping $c (pid $pid)"
      "${c}_stop"
      if pid_exists "$pid"; then
        err "$c (pid $pid) is still alive"
        rc=1
        continue
      fi
      ok "$c stopped"
    elif [[ -f $(pid_file "$c") ]]; then
      warn "$c was not running (stale pid file for pid ${pid:-?} removed)"
    else
      ok "$c not running"
    fi
    rm -f "$(pid_file "$c")"
  done
  return "$rc"
}

infra_status() {
  local c pid port state
  for c in "${INFRA_COMPONENTS[@]}"; do
    pid=$(read_pid "$c")
    port=$(component_port "$c")
    if component_pid_alive "$c"; then
      if port_open "$port"; then state=running; else state='running (port not open yet)'; fi
    else
      state=stopped
      [[ -f $(pid_file "$c") ]] && state='stopped (stale pid file)'
      port_open "$port" && state="stopped (port $port used by another process)"
      pid=''
    fi
    printf '%-19s %-9s pid %-8s port %s%s\n' "$c" "${state%% *}" "${pid:--}" "$port" \
      "$([[ $state == *' '* ]] && printf '  %s' "${state#* }")"
  done
}
