# shellcheck shell=bash
# The six application services, for ./sextant up|down|status|logs.
#
# PLACEHOLDER: running the services locally is not wired yet (a separate task builds it).
# The functions below are the hooks ./sextant calls; replace their bodies, keep their names.
# Conventions to follow (same as the infra components in infra.sh): pid in
# $SEXTANT_HOME/run/<service>.pid, log in $SEXTANT_HOME/logs/<service>.log, start with `spawn`,
# stop with `stop_pid`, listen on 127.0.0.1:<port>, read the infra from the variables of
# `infra_env` (SEXTANT_KAFKA_BOOTSTRAP, SEXTANT_DB_URL, ...).

# name:port — the ports deploy/prometheus/prometheus.yml scrapes (/q/metrics).
SERVICES=(
  api-gateway:8080
  collector-service:8081
  feature-service:8082
  prediction-service:8083
  risk-service:8084
  execution-service:8085
)

service_names() { local s; for s in "${SERVICES[@]}"; do echo "${s%%:*}"; done; }

service_port() {
  local s
  for s in "${SERVICES[@]}"; do
    [[ ${s%%:*} == "$1" ]] && { echo "${s##*:}"; return 0; }
  done
  return 1
}

is_service() { service_port "$1" >/dev/null; }

SERVICES_NOT_WIRED="application services are not wired into ./sextant yet (infra only)"

# Start every service (or the named ones) after `infra_up`.
services_up() {
  warn "$SERVICES_NOT_WIRED: nothing started for ${*:-all services}"
}

# Stop every service (or the named ones) before `infra_down`.
services_down() {
  warn "$SERVICES_NOT_WIRED: nothing to stop"
}

# One line per service, same shape as infra_status.
services_status() {
  local s
  for s in $(service_names); do
    printf '%-19s %-9s pid %-8s port %s  (not wired yet)\n' "$s" stopped - "$(service_port "$s")"
  done
}

# Follow a service's log.
service_logs() {
  local name=$1
  local log; log=$(log_file "$name")
  if [[ -f $log ]]; then
    exec tail -n 200 -F "$log"
  fi
  die "$name: no log at $log ($SERVICES_NOT_WIRED)"
}
