#!/usr/bin/env bash
# Memory of the whole local stack (six services, Kafka, PostgreSQL, Redis, Prometheus) at rest: starts it with
# ./sextant up, waits until every service is ready, lets it settle, then sums VmRSS and PSS over every process of
# every component (PostgreSQL's backends and workers included). See README.md next to this file.
#
#   benchmarks/stack-footprint/run.sh [--replay] [--settle SECONDS] [--keep]
#
#   --replay        measure under the default replay (1 candle/s per symbol) instead of with no market data
#   --settle N      seconds between "all ready" and the measurement (default 120)
#   --keep          leave the stack running afterwards (default: stop the services, and the infra if this
#                   script started it)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

settle=120 replay=false keep=false
while (($#)); do
  case $1 in
    --replay) replay=true ;;
    --settle) settle=$2; shift ;;
    --keep) keep=true ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

SEXTANT_HOME=${SEXTANT_HOME:-$ROOT/.sextant}
export SEXTANT_HOME
SERVICES=(collector-service feature-service prediction-service risk-service execution-service api-gateway)
INFRA=(kafka postgres redis prometheus)

infra_before=false
if [[ -f $SEXTANT_HOME/run/kafka.pid ]] && kill -0 "$(awk '{ print $1; exit }' "$SEXTANT_HOME/run/kafka.pid")" 2>/dev/null; then
  infra_before=true
fi
if [[ -f $SEXTANT_HOME/run/api-gateway.pid ]] && kill -0 "$(cat "$SEXTANT_HOME/run/api-gateway.pid")" 2>/dev/null; then
  echo "stack-footprint: the services are already running; stop them first (./sextant down) so that the run starts them" >&2
  exit 2
fi

# The collector replays the carried candles unless told not to; the services read SEXTANT_* from the environment.
if ! $replay; then
  export SEXTANT_COLLECTOR_REPLAY_AUTOSTART=false
fi
t0=$(date +%s)
./sextant up >/tmp/stack-footprint-up.log 2>&1 || { cat /tmp/stack-footprint-up.log; exit 1; }
echo "stack-footprint: ./sextant up took $(( $(date +%s) - t0 )) s; settling ${settle} s"
sleep "$settle"

# pid -> children, from one ps snapshot
declare -A kids
while read -r pid ppid; do kids[$ppid]+="$pid "; done < <(ps -e -o pid=,ppid=)
tree() { local p=$1 c; echo "$p"; for c in ${kids[$p]:-}; do tree "$c"; done; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# a field of a /proc file in KiB; exactly one number, 0 when the process is gone (mawk prints nothing then, gawk 0)
kib() { local v; v=$(awk -v k="$2:" '$1 == k { print $2; exit }' "$1" 2>/dev/null || true); echo "${v:-0}"; }

printf '%-20s %6s %10s %10s\n' component procs 'RSS MiB' 'PSS MiB'
total_rss=0 total_pss=0
for c in "${SERVICES[@]}" "${INFRA[@]}"; do
  pidfile=$SEXTANT_HOME/run/$c.pid
  [[ -f $pidfile ]] || { echo "stack-footprint: $c is not running (no $pidfile)" >&2; exit 1; }
  root=$(awk '{ print $1; exit }' "$pidfile")
  n=0 rss=0 pss=0
  for p in $(tree "$root"); do
    [[ -r /proc/$p/status ]] || continue
    n=$((n + 1))
    rss=$((rss + $(kib "/proc/$p/status" VmRSS)))
    pss=$((pss + $(kib "/proc/$p/smaps_rollup" Pss)))
  done
  printf '%-20s %6d %10s %10s\n' "$c" "$n" "$(mib "$rss")" "$(mib "$pss")"
  total_rss=$((total_rss + rss)) total_pss=$((total_pss + pss))
done
printf '%-20s %6s %10s %10s\n' total '' "$(mib "$total_rss")" "$(mib "$total_pss")"
limit=$((2 * 1024 * 1024))
echo
echo "state:   $($replay && echo 'default replay running (1 candle/s per symbol)' || echo 'idle (no market data: replay off)'), ${settle} s after every service was ready"
echo "budget:  2 GiB (issue 9): RSS sum $( ((total_rss <= limit)) && echo within || echo OVER ) it, PSS sum $( ((total_pss <= limit)) && echo within || echo OVER ) it"
echo "         (RSS counts PostgreSQL's shared memory once per backend; PSS shares it out)"
echo "machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.1f GiB", $2/1048576 }' /proc/meminfo), $(uname -sr)"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%FT%TZ)"
echo "command: benchmarks/stack-footprint/run.sh$($replay && echo ' --replay') --settle $settle"

if ! $keep; then
  if $infra_before; then
    ./sextant down "${SERVICES[@]}" >/dev/null 2>&1 || true   # the infra was running before: leave it
  else
    ./sextant down >/dev/null 2>&1 || true
  fi
fi
