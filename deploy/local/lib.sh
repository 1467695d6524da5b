# shellcheck shell=bash
# Generic helpers for ./sextant: logging, Java, Maven, process and port handling.
# Sourced, never executed. Expects SEXTANT_ROOT and SEXTANT_HOME to be set by ./sextant.

# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _C_BOLD=$'\e[1m' _C_RED=$'\e[31m' _C_GREEN=$'\e[32m' _C_YELLOW=$'\e[33m' _C_DIM=$'\e[2m' _C_OFF=$'\e[0m'
else
  _C_BOLD='' _C_RED='' _C_GREEN='' _C_YELLOW='' _C_DIM='' _C_OFF=''
fi

info() { printf '%s==>%s %s\n' "$_C_BOLD" "$_C_OFF" "$*"; }
ok()   { printf '%s ok%s %s\n' "$_C_GREEN" "$_C_OFF" "$*"; }
warn() { printf '%swarn:%s %s\n' "$_C_YELLOW" "$_C_OFF" "$*" >&2; }
err()  { printf '%serror:%s %s\n' "$_C_RED" "$_C_OFF" "$*" >&2; }
die()  { err "$*"; exit 1; }

# Seconds since the epoch with millisecond precision (for timings).
now_ms() { local t; t=$(date +%s%3N); printf '%s' "$t"; }
fmt_ms() { local ms=$1; printf '%d.%01ds' $((ms / 1000)) $(((ms % 1000) / 100)); }

is_root() { [[ ${EUID:-$(id -u)} -eq 0 ]]; }

# ---------------------------------------------------------------------------------------------
# State layout: $SEXTANT_HOME/{run,logs,data,conf,cache}
# ---------------------------------------------------------------------------------------------
state_dirs() {
  mkdir -p "$SEXTANT_HOME"/{run,logs,data,conf,cache}
  # PostgreSQL runs as the `postgres` OS user when we are root: it must be able to traverse these.
  chmod 755 "$SEXTANT_HOME" "$SEXTANT_HOME"/{run,data,conf,cache}
  # Logs are for the owner (and its group) only: the directory 0750, every file 0640 (./sextant runs
  # under umask 027, so new ones are created so; this fixes files an older version left 0644).
  # As root, logs/ belongs to group postgres (pg_prepare_dirs) so PostgreSQL can reach its own log.
  chmod 750 "$SEXTANT_HOME/logs"
  find "$SEXTANT_HOME/logs" -type f ! -perm 640 -exec chmod 640 {} + 2>/dev/null || true
}

pid_file() { printf '%s/run/%s.pid' "$SEXTANT_HOME" "$1"; }
log_file() { printf '%s/logs/%s.log' "$SEXTANT_HOME" "$1"; }
data_dir() { printf '%s/data/%s' "$SEXTANT_HOME" "$1"; }
conf_dir() { printf '%s/conf/%s' "$SEXTANT_HOME" "$1"; }

# Print the pid recorded for a component (empty when there is no pid file or it is garbage).
read_pid() {
  local f; f=$(pid_file "$1")
  [[ -f $f ]] || return 0
  local pid; pid=$(head -n1 "$f" 2>/dev/null | tr -dc '0-9')
  printf '%s' "$pid"
}

# pid_exists PID: the process exists and is not a zombie (an exited child not yet reaped).
pid_exists() {
  local pid=$1 stat
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# wait_gone PID TIMEOUT: wait until the process no longer exists.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while pid_exists "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# pid_alive PID [PATTERN]: process exists (and, if given, its command line contains PATTERN,
# which protects against a recycled pid after a reboot or a long time).
pid_alive() {
  local pid=$1 pattern=${2:-}
  pid_exists "$pid" || return 1
  [[ -z $pattern ]] && return 0
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$pattern"* ]]
}

# port_open PORT [HOST]: something accepts TCP connections there.
port_open() {
  local port=$1 host=${2:-127.0.0.1}
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
}

# Who listens on a TCP port (best effort, for error messages).
port_owner() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp "sport = :$port" 2>/dev/null | sed 's/^/    /'
  fi
}

# Before (re)starting NAME on PORT: remove a stale pid file (its process is gone) and give the
# port a moment to close; then fail with the owner of the port if something else holds it.
# HINT says how to move NAME to another port.
claim_port() {
  local name=$1 port=$2 hint=$3 pid
  pid=$(read_pid "$name")
  if [[ -f $(pid_file "$name") ]]; then
    warn "$name: stale pid file (pid ${pid:-?} is gone): removing it and restarting"
    rm -f "$(pid_file "$name")"
    # Just killed? Its sockets close once the kernel has reaped it.
    local deadline=$((SECONDS + 10))
    while port_open "$port" && ((SECONDS < deadline)); do sleep 0.3; done
  fi
  if port_open "$port"; then
    err "$name: port $port is already in use by another process:"
    port_owner "$port" >&2
    err "$hint"
    return 1
  fi
}

# spawn NAME LOGFILE CMD...: start CMD detached (own session, stdin from /dev/null, output
# appended to LOGFILE) and record its pid in run/NAME.pid. The pid written is the one of CMD
# itself: the wrapper shell execs it.
spawn() {
  local name=$1 log=$2; shift 2
  local pidf; pidf=$(pid_file "$name")
  rm -f "$pidf"
  printf '\n===== %s: starting %s =====\n' "$(date -Is)" "$name" >>"$log"
  # fd 9 is the infra lock (infra_lock): the daemon must not inherit it, or it would hold the lock.
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" </dev/null >>"$log" 2>&1 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pidf ]] && return 0
    sleep 0.1
  done
  err "$name: no pid file after 5 s"
  return 1
}

# stop_pid NAME PID [TIMEOUT]: SIGTERM, wait, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2 timeout=${3:-30}
  pid_exists "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$timeout"; then
    warn "$name (pid $pid) did not stop within ${timeout}s: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || true
  fi
}

# wait_until TIMEOUT CMD...: poll CMD every 0.3 s until it succeeds or TIMEOUT seconds passed.
wait_until() {
  local timeout=$1; shift
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.3
  done
}

# Tail of a component's log, for failure reports.
show_log_tail() {
  local name=$1 lines=${2:-40} log; log=$(log_file "$1")
  [[ -f $log ]] || { err "(no log at $log)"; return 0; }
  {
    printf -- '----- last %d lines of %s -----\n' "$lines" "$log"
    tail -n "$lines" "$log"
    printf -- '----- end of %s -----\n' "$log"
  } >&2
}

# Replace @@KEY@@ placeholders: render TEMPLATE OUTPUT KEY=VALUE...
render() {
  local template=$1 out=$2; shift 2
  local content kv key val
  content=$(<"$template")
  for kv in "$@"; do
    key=${kv%%=*} val=${kv#*=}
    content=${content//"@@${key}@@"/"$val"}
  done
  if [[ $content == *@@*@@* ]]; then
    die "render $template: unreplaced placeholder(s): $(grep -o '@@[A-Z_]*@@' <<<"$content" | sort -u | tr '\n' ' ')"
  fi
  printf '%s\n' "$content" >"$out.tmp" && mv -f "$out.tmp" "$out"
}

# ---------------------------------------------------------------------------------------------
# Java and Maven
# ---------------------------------------------------------------------------------------------
SEXTANT_JDK_DEFAULT=/usr/lib/jvm/temurin-25-jdk-amd64

java_major() {
  local javabin=$1 v
  v=$("$javabin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  v=${v#1.}
  printf '%s' "${v%%.*}"
}

# Use the Temurin 25 JDK when present (SEXTANT_JAVA_HOME wins), else any java >= 21.
ensure_java() {
  local candidate=''
  if [[ -n ${SEXTANT_JAVA_HOME:-} ]]; then
    candidate=$SEXTANT_JAVA_HOME
  elif [[ -x $SEXTANT_JDK_DEFAULT/bin/java ]]; then
    candidate=$SEXTANT_JDK_DEFAULT
  elif [[ -n ${JAVA_HOME:-} && -x ${JAVA_HOME}/bin/java ]]; then
    candidate=$JAVA_HOME
  elif command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  fi
  [[ -n $candidate && -x $candidate/bin/java ]] ||
    die "no Java found: install a JDK >= 21 (recommended: Temurin 25 at $SEXTANT_JDK_DEFAULT) or set SEXTANT_JAVA_HOME"
  local major; major=$(java_major "$candidate/bin/java")
  if ! [[ $major =~ ^[0-9]+$ ]] || ((major < 21)); then
    die "Java at $candidate is version '${major:-unknown}': Sextant needs Java >= 21 (recommended: Temurin 25 at $SEXTANT_JDK_DEFAULT); set SEXTANT_JAVA_HOME to a suitable JDK"
  fi
  export JAVA_HOME=$candidate
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.9 (Guice) triggers sun.misc.Unsafe deprecation warnings on JDK >= 24: silence them.
  if ((major >= 24)) && [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
}

mvnw() { (cd "$SEXTANT_ROOT" && ./mvnw "$@"); }
