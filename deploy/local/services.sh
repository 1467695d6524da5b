# shellcheck shell=bash
# The six application services for ./sextant up|down|status|logs|restart.
# Sourced by ./sextant after lib.sh and infra.sh. Same conventions as the infra components: pid in
# $SEXTANT_HOME/run/<service>.pid, log in $SEXTANT_HOME/logs/<service>.log, started with `spawn`,
# stopped with `stop_pid`, listening on 127.0.0.1 only, infra addresses from `infra_env`.
#
# Each service runs from a private copy of its Quarkus build (<module>/target/quarkus-app copied to
# $SEXTANT_HOME/app/<service>/), so that a Maven build (or `clean`) in the source tree never pulls
# the jars from under a running JVM; `restart SERVICE` picks up a newer build.

# name:default port:KEY. KEY names the per-service variables SEXTANT_<KEY>_PORT and
# SEXTANT_<KEY>_JAVA_OPTS, and is accepted as a short name (`./sextant logs risk`).
# Prometheus scrapes each service (/q/metrics) at the port it was started on: prometheus_targets_write.
SERVICES=(
  api-gateway:8080:GATEWAY
  collector-service:8081:COLLECTOR
  feature-service:8082:FEATURE
  prediction-service:8083:PREDICTION
  risk-service:8084:RISK
  execution-service:8085:EXECUTION
)

# Start order: the consumers first (downstream before upstream), then the gateway, then the only
# source, the collector, so that nothing it publishes is produced before its readers are there.
# `down` stops in the reverse order (the collector first).
SERVICE_START_ORDER=(execution-service risk-service prediction-service feature-service api-gateway collector-service)

# Reactor modules every service is built from: a change there makes every service jar stale.
# Modules a service jar is built from besides its own (a change in any of them rebuilds it).
SERVICE_SHARED_MODULES=(shared-contracts service-kit core/collector core/feature core/prediction core/risk core/execution)
# ... and those of one service only: the gateway runs backtests with the backtester library.
declare -A SERVICE_EXTRA_MODULES=([api-gateway]='core/performance core/kernel backtester')

# Small JVMs: the six together stay around 1 GB RSS (measured numbers in docs/operations.md).
SERVICE_JAVA_OPTS_DEFAULT='--enable-native-access=ALL-UNNAMED -Xms32m -Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -XX:+ExitOnOutOfMemoryError'
# SEXTANT_<KEY>_JAVA_OPTS when unset: the gateway's backtests need up to ~100 MB of heap for the largest run it
# accepts (sextant.gateway.backtests.max-candles = 60,000 candles); the heap only grows while one runs.
declare -A SERVICE_EXTRA_JAVA_OPTS_DEFAULT=([api-gateway]='-Xmx288m')

# ---------------------------------------------------------------------------------------------
# Names, ports, paths
# ---------------------------------------------------------------------------------------------
service_names() { local s; for s in "${SERVICES[@]}"; do echo "${s%%:*}"; done; }

# service_field NAME N: field N (1 name, 2 default port, 3 key) of the service's SERVICES entry.
service_field() {
  local s
  for s in "${SERVICES[@]}"; do
    [[ ${s%%:*} == "$1" ]] || continue
    cut -d: -f"$2" <<<"$s"
    return 0
  done
  return 1
}

# Canonical service name for a name or short name (risk, RISK, risk-service); 1 when unknown.
service_resolve() {
  local want=${1,,} s name key
  for s in "${SERVICES[@]}"; do
    IFS=: read -r name _ key <<<"$s"
    if [[ $want == "$name" || $want == "${key,,}" ]]; then
      echo "$name"
      return 0
    fi
  done
  return 1
}

is_service() { service_resolve "$1" >/dev/null; }

# The port: SEXTANT_<KEY>_PORT, else SEXTANT_PORT_BASE + (default - 8080), else the default.
service_port() {
  local name key def var
  name=$(service_resolve "$1") || return 1
  def=$(service_field "$name" 2)
  key=$(service_field "$name" 3)
  var=SEXTANT_${key}_PORT
  if [[ -n ${!var:-} ]]; then
    echo "${!var}"
  elif [[ -n ${SEXTANT_PORT_BASE:-} ]]; then
    [[ $SEXTANT_PORT_BASE =~ ^[0-9]+$ ]] || die "SEXTANT_PORT_BASE='$SEXTANT_PORT_BASE' is not a number"
    echo $((SEXTANT_PORT_BASE + def - 8080))
  else
    echo "$def"
  fi
}

# The port a service was last started on (run/<service>.port), else the one it would start on.
service_port_file() { printf '%s/run/%s.port' "$SEXTANT_HOME" "$1"; }
service_used_port() {
  local f port=''
  f=$(service_port_file "$1")
  [[ -f $f ]] && port=$(head -n1 "$f" 2>/dev/null | tr -dc '0-9')
  if [[ -n $port ]]; then echo "$port"; else service_port "$1"; fi
}

# Prometheus' file-based discovery ($SEXTANT_HOME/conf/prometheus/targets/services.json, read by
# deploy/prometheus/prometheus.yml): every service at the port it uses, labelled job=service=<name>. Written
# atomically (a temporary file renamed), so Prometheus never reads half a file; it picks up the change by itself.
prometheus_targets_file() { printf '%s/targets/services.json' "$(conf_dir prometheus)"; }
prometheus_targets_write() {
  local file s port sep=''
  file=$(prometheus_targets_file)
  mkdir -p "${file%/*}"
  {
    printf '['
    for s in $(service_names); do
      port=$(service_used_port "$s") || return 1
      printf '%s\n  {"targets": ["127.0.0.1:%s"], "labels": {"job": "%s", "service": "%s"}}' "$sep" "$port" "$s" "$s"
      sep=,
    done
    printf '\n]\n'
  } >"$file.tmp" || return 1
  mv -f "$file.tmp" "$file"
}

service_module_dir() { printf '%s/%s' "$SEXTANT_ROOT" "$1"; }
service_build_dir() { printf '%s/%s/target/quarkus-app' "$SEXTANT_ROOT" "$1"; }
service_app_dir() { printf '%s/app/%s' "$SEXTANT_HOME" "$1"; }
service_build_stamp() { printf '%s/cache/build/%s.stamp' "$SEXTANT_HOME" "$1"; }
service_url() { printf 'http://127.0.0.1:%s' "$(service_port "$1")"; }

# The command line of a service of THIS instance contains its private jar path.
service_pid_alive() {
  local pid; pid=$(read_pid "$1")
  pid_alive "$pid" "$(service_app_dir "$1")/quarkus-run.jar"
}

service_ready() {
  curl -sf -m 2 -o /dev/null "$(service_url "$1")/q/health/ready"
}

# Resident memory of a pid in KiB (0 when unknown).
pid_rss_kib() {
  local kb
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null) || kb=''
  printf '%s' "${kb:-0}"
}

fmt_mib() { printf '%d MiB' $((($1 + 512) / 1024)); }

services_config() {
  SERVICE_TIMEOUT=${SEXTANT_SERVICE_TIMEOUT:-240}
  SERVICE_STOP_TIMEOUT=${SEXTANT_SERVICE_STOP_TIMEOUT:-30}
  SERVICE_JAVA_OPTS=${SEXTANT_JAVA_OPTS:-$SERVICE_JAVA_OPTS_DEFAULT}
  SERVICE_BUILD=${SEXTANT_BUILD:-auto}
  [[ $SERVICE_TIMEOUT =~ ^[0-9]+$ ]] || die "SEXTANT_SERVICE_TIMEOUT='$SERVICE_TIMEOUT' is not a number of seconds"
  [[ $SERVICE_STOP_TIMEOUT =~ ^[0-9]+$ ]] || die "SEXTANT_SERVICE_STOP_TIMEOUT='$SERVICE_STOP_TIMEOUT' is not a number of seconds"
  case $SERVICE_BUILD in
    auto | never | always) ;;
    *) die "SEXTANT_BUILD='$SERVICE_BUILD' must be auto (build what is missing or stale), never or always" ;;
  esac

  local s port all=''
  for s in $(service_names); do
    port=$(service_port "$s")
    if ! [[ $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
      die "$s: port '$port' is not a TCP port (SEXTANT_$(service_field "$s" 3)_PORT / SEXTANT_PORT_BASE)"
    fi
    all+="$port "
  done
  all+="$KAFKA_PORT $KAFKA_CONTROLLER_PORT $PG_PORT $REDIS_PORT $PROMETHEUS_PORT"
  [[ $(tr ' ' '\n' <<<"$all" | sort -u | wc -l) -eq 11 ]] ||
    die "service and infra ports must be distinct: $all (services first)"
}

# SELECTED: the named services (default: all), canonical, in start order.
select_services() {
  local -a wanted=()
  local n s
  if (($# == 0)); then
    wanted=("${SERVICE_START_ORDER[@]}")
  else
    for n in "$@"; do
      s=$(service_resolve "$n") || die "unknown service '$n' (known: $(service_names | paste -sd ' '))"
      wanted+=("$s")
    done
  fi
  SELECTED=()
  for s in "${SERVICE_START_ORDER[@]}"; do
    [[ " ${wanted[*]} " == *" $s "* ]] && SELECTED+=("$s")
  done
  return 0
}

# The environment the services read: infra addresses, plus the other services' URLs (gateway).
# The database login is each service's own (service_start); nothing here carries the admin's.
services_env() {
  local e
  e=$(infra_env) || die "no credentials in $(secrets_dir): run ./sextant infra up"
  eval "$e"
  unset SEXTANT_DB_USER SEXTANT_DB_PASSWORD
  local s key
  for s in $(service_names); do
    [[ $s == api-gateway ]] && continue
    key=$(service_field "$s" 3)
    export "SEXTANT_${key}_URL=$(service_url "$s")"
  done
}

# ---------------------------------------------------------------------------------------------
# Build: only what is missing or older than its sources
# ---------------------------------------------------------------------------------------------
# Prints why NAME needs a build and returns 0, or returns 1 when its jar is current.
service_build_reason() {
  local name=$1 jar ref stamp newer m
  jar=$(service_build_dir "$name")/quarkus-run.jar
  if [[ ! -f $jar ]]; then
    echo "no ${jar#"$SEXTANT_ROOT"/}"
    return 0
  fi
  # A build of ours that left the jar untouched (nothing to do for Quarkus) still counts.
  ref=$jar stamp=$(service_build_stamp "$name")
  [[ -f $stamp && $stamp -nt $jar ]] && ref=$stamp
  local -a inputs=("$SEXTANT_ROOT/pom.xml")
  # shellcheck disable=SC2206 # the extra modules are a space-separated list
  local -a extra_modules=(${SERVICE_EXTRA_MODULES[$name]:-})
  for m in "$name" "${SERVICE_SHARED_MODULES[@]}" "${extra_modules[@]}"; do
    inputs+=("$SEXTANT_ROOT/$m/pom.xml" "$SEXTANT_ROOT/$m/src/main")
  done
  newer=$(find "${inputs[@]}" -newer "$ref" -type f -print -quit 2>/dev/null) || true
  if [[ -n $newer ]]; then
    echo "${newer#"$SEXTANT_ROOT"/} is newer than the jar"
    return 0
  fi
  return 1
}

services_build() {
  (($#)) || return 0
  local -a todo=()
  local name reason
  for name in "$@"; do
    if [[ $SERVICE_BUILD == always ]]; then
      todo+=("$name")
      info "$name: build (SEXTANT_BUILD=always)"
    elif reason=$(service_build_reason "$name"); then
      if [[ $SERVICE_BUILD == never ]]; then
        [[ -f $(service_build_dir "$name")/quarkus-run.jar ]] ||
          die "$name: $reason, and SEXTANT_BUILD=never: build it (./mvnw -B -pl $name -am package -DskipTests)"
        warn "$name: $reason; SEXTANT_BUILD=never: running the existing build"
      else
        todo+=("$name")
        info "$name: build needed ($reason)"
      fi
    fi
  done
  ((${#todo[@]})) || return 0

  local list; list=$(IFS=,; echo "${todo[*]}")
  info "./mvnw -B -q -pl $list -am package -DskipTests"
  local t0; t0=$(now_ms)
  mkdir -p "$SEXTANT_HOME/cache/build"
  # Stamps carry the build's start time: a source saved during the build stays newer.
  for name in "${todo[@]}"; do touch "$(service_build_stamp "$name").tmp"; done
  if ! mvnw -B -q -pl "$list" -am package -DskipTests; then
    for name in "${todo[@]}"; do rm -f "$(service_build_stamp "$name").tmp"; done
    die "the build of $list failed (Maven output above); fix it, or run the existing jars with SEXTANT_BUILD=never"
  fi
  for name in "${todo[@]}"; do
    [[ -f $(service_build_dir "$name")/quarkus-run.jar ]] ||
      die "$name: the build succeeded but left no $(service_build_dir "$name")/quarkus-run.jar"
    mv -f "$(service_build_stamp "$name").tmp" "$(service_build_stamp "$name")"
  done
  ok "built ${todo[*]} ($(fmt_ms $(($(now_ms) - t0))))"
}

# Copy <module>/target/quarkus-app to $SEXTANT_HOME/app/<service> unless the copy is current.
service_stage() {
  local name=$1 src dst
  src=$(service_build_dir "$name") dst=$(service_app_dir "$name")
  if [[ ! -f $src/quarkus-run.jar || ! -f $src/quarkus/quarkus-application.dat ]]; then
    err "$name: no complete Quarkus build in ${src#"$SEXTANT_ROOT"/} (a build may be running): ./mvnw -B -pl $name -am package -DskipTests"
    return 1
  fi
  if [[ -f $dst/.staged && -f $dst/quarkus-run.jar ]] &&
    [[ -z $(find "$src" -newer "$dst/.staged" -print -quit 2>/dev/null) ]]; then
    return 0
  fi
  rm -rf "$dst.tmp"
  mkdir -p "$dst.tmp"
  # Stamped before copying: whatever a concurrent build writes during the copy is newer.
  touch "$dst.tmp/.staged"
  cp -a "$src/." "$dst.tmp/" || { err "$name: could not copy $src to $dst.tmp"; return 1; }
  rm -rf "$dst"
  mv "$dst.tmp" "$dst"
}

# ---------------------------------------------------------------------------------------------
# Start / wait / stop
# ---------------------------------------------------------------------------------------------
declare -A SVC_STARTED=() SVC_T0=()

service_start() {
  local name=$1 port pid key var
  port=$(service_port "$name")
  pid=$(read_pid "$name")
  if service_pid_alive "$name"; then
    ok "$name already running (pid $pid, port $port)"
    SVC_STARTED[$name]=0
    return 0
  fi
  claim_port "$name" "$port" \
    "stop it, or move the service with SEXTANT_$(service_field "$name" 3)_PORT or SEXTANT_PORT_BASE (see ./sextant help)" \
    || return 1
  service_stage "$name" || return 1

  key=$(service_field "$name" 3)
  var=SEXTANT_${key}_JAVA_OPTS
  local -a opts extra
  read -r -a opts <<<"$SERVICE_JAVA_OPTS"
  local default_extra=${SERVICE_EXTRA_JAVA_OPTS_DEFAULT[$name]:-}
  read -r -a extra <<<"${!var-$default_extra}"
  # Its own database role (owner of its schema only) and password, in its environment (not argv).
  local db_env
  db_env=$(infra_env "$name") || { err "$name: no credentials in $(secrets_dir): run ./sextant infra up"; return 1; }
  info "starting $name on 127.0.0.1:$port (database role $(sed -n 's/^export SEXTANT_DB_USER=//p' <<<"$db_env"))"
  SVC_T0[$name]=$(now_ms)
  # From the repository root, so relative paths in overrides (e.g. a data dir) mean the same as in docs.
  (cd "$SEXTANT_ROOT" && eval "$db_env" && spawn "$name" "$(log_file "$name")" "$JAVA_HOME/bin/java" "${opts[@]}" "${extra[@]}" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -jar "$(service_app_dir "$name")/quarkus-run.jar") || { err "$name: start failed"; show_log_tail "$name"; return 1; }
  SVC_STARTED[$name]=1
  printf '%s\n' "$port" >"$(service_port_file "$name")"
  prometheus_targets_write || warn "could not write $(prometheus_targets_file): Prometheus keeps scraping the previous ports"
}

# Wait until every named service answers /q/health/ready (polled together). A service that dies,
# or the timeout: its log tail, return 1.
services_wait_ready() {
  local -a pending=("$@") still
  local s deadline=$((SECONDS + SERVICE_TIMEOUT)) next_note=$((SECONDS + 30)) t0=$SECONDS
  while ((${#pending[@]})); do
    still=()
    for s in "${pending[@]}"; do
      if service_ready "$s"; then
        if ((${SVC_STARTED[$s]:-0})); then
          ok "$s ready (pid $(read_pid "$s"), port $(service_port "$s"), $(fmt_ms $(($(now_ms) - SVC_T0[$s]))) after start)"
        else
          ok "$s ready"
        fi
      elif ! service_pid_alive "$s"; then
        show_log_tail "$s" 60
        err "$s exited during start-up (log tail above)"
        return 1
      elif ((SECONDS >= deadline)); then
        local health
        health=$(curl -s -m 2 "$(service_url "$s")/q/health/ready" | tr -d '\n' | cut -c1-600) || true
        show_log_tail "$s" 60
        err "$s did not become ready within ${SERVICE_TIMEOUT}s (SEXTANT_SERVICE_TIMEOUT); /q/health/ready: ${health:-no answer}"
        return 1
      else
        still+=("$s")
      fi
    done
    pending=("${still[@]}")
    if ((${#pending[@]})); then
      if ((SECONDS >= next_note)); then
        info "still waiting for ${pending[*]} ($((SECONDS - t0))s)"
        next_note=$((SECONDS + 30))
      fi
      sleep 1
    fi
  done
  return 0
}

# Stop the named services: SIGTERM to all of them, wait, SIGKILL the ones still alive after
# SERVICE_STOP_TIMEOUT. Removes their pid files. Returns 1 when one survives.
services_stop() {
  local s pid rc=0
  local -a signaled=()
  for s in "$@"; do
    pid=$(read_pid "$s")
    if service_pid_alive "$s"; then
      info "stopping $s (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      signaled+=("$s")
    elif [[ -f $(pid_file "$s") ]]; then
      warn "$s was not running (stale pid file for pid ${pid:-?} removed)"
      rm -f "$(pid_file "$s")"
    else
      ok "$s not running"
    fi
  done
  for s in "${signaled[@]}"; do
    pid=$(read_pid "$s")
    stop_pid "$s" "$pid" "$SERVICE_STOP_TIMEOUT" # already signaled: mostly waits
    if pid_exists "$pid"; then
      err "$s (pid $pid) is still alive"
      rc=1
      continue
    fi
    ok "$s stopped"
    rm -f "$(pid_file "$s")"
  done
  return "$rc"
}

# Start the named services (those not running), then wait until all of them are ready; exits on failure.
services_start_group() {
  local s
  for s in "$@"; do service_start "$s" || services_up_failed; done
  services_wait_ready "$@" || services_up_failed
}

services_up_failed() {
  err "services not up; the ones started are left running for inspection: ./sextant status, ./sextant logs SERVICE, ./sextant down"
  exit 1
}

# ---------------------------------------------------------------------------------------------
# The hooks ./sextant calls
# ---------------------------------------------------------------------------------------------
# Start every service (or the named ones) after `infra_up`: build what is missing or stale, start
# the consumers, wait until they are ready, then the collector; wait until everything is ready.
services_up() {
  services_config
  select_services "$@"
  state_dirs
  services_env
  local t0; t0=$(now_ms)
  local -a to_start=() first=() last=()
  local s
  for s in "${SELECTED[@]}"; do
    service_pid_alive "$s" || to_start+=("$s")
    if [[ $s == collector-service ]]; then last+=("$s"); else first+=("$s"); fi
  done
  services_build "${to_start[@]}"

  ((${#first[@]} == 0)) || services_start_group "${first[@]}"
  ((${#last[@]} == 0)) || services_start_group "${last[@]}"
  if ((${#to_start[@]})); then ok "services up in $(fmt_ms $(($(now_ms) - t0)))"; fi
  services_status
  printf '\n%sDashboard:%s %s/   (API docs: %s/q/swagger-ui)\n' "$_C_BOLD" "$_C_OFF" \
    "$(service_url api-gateway)" "$(service_url api-gateway)"
}

# Stop every service (or the named ones), the collector first, before `infra_down`.
services_down() {
  services_config
  select_services "$@"
  state_dirs
  infra_lock
  local -a reversed=()
  local i
  for ((i = ${#SELECTED[@]} - 1; i >= 0; i--)); do reversed+=("${SELECTED[i]}"); done
  # The collector (the only producer of market data) first, then the rest together.
  if [[ ${reversed[0]} == collector-service ]]; then
    services_stop collector-service || die "collector-service did not stop"
    reversed=("${reversed[@]:1}")
  fi
  ((${#reversed[@]})) || return 0
  services_stop "${reversed[@]}" || die "some services did not stop (see above)"
}

# Stop, then start again (building first if the sources changed), the named services (default all).
services_restart() {
  services_config
  local c
  for c in kafka postgres redis; do
    component_running "$c" || die "$c is not running: start everything with ./sextant up"
  done
  services_down "$@" || exit 1
  services_up "$@"
}

# One line per service, same shape as infra_status, plus readiness and resident memory.
services_status() {
  local s pid port state extra total=0 running=0 ready=0 rss
  for s in $(service_names); do
    pid=$(read_pid "$s")
    port=$(service_port "$s")
    if service_pid_alive "$s"; then
      state=running
      running=$((running + 1))
      rss=$(pid_rss_kib "$pid")
      total=$((total + rss))
      if service_ready "$s"; then
        extra="ready, rss $(fmt_mib "$rss")"
        ready=$((ready + 1))
      else
        extra="NOT ready, rss $(fmt_mib "$rss")"
      fi
    else
      state=stopped pid='' extra=''
      [[ -f $(pid_file "$s") ]] && extra='stale pid file'
      port_open "$port" && extra="port $port used by another process"
    fi
    printf '%-19s %-9s pid %-8s port %s%s\n' "$s" "$state" "${pid:--}" "$port" "${extra:+  $extra}"
  done
  printf '%-19s %d/%d running, %d ready, total rss %s\n' services "$running" "${#SERVICES[@]}" "$ready" "$(fmt_mib "$total")"
}

# Follow a service's log.
service_logs() {
  local name log
  name=$(service_resolve "$1") || die "unknown service '$1'"
  log=$(log_file "$name")
  [[ -f $log ]] || die "$name: no log yet at $log (start it with ./sextant up)"
  exec tail -n 200 -F "$log"
}
