#!/usr/bin/env bash
# Measures the agent's footprint with the shipped JVM flags (packaging/jvm.options, or
# DOCKMEDIC_JAVA_OPTS to try others) on the real engine. Not a test: it prints the numbers of one run.
#   startup to ready: process start -> /healthz says "event_stream_up":true, with N containers
#                     running (RUNS starts; min, median and max)
#   peak RSS:         VmHWM of the last start, watching N containers (default 100) that all turn
#                     unhealthy at once (a burst of N diagnoses), read once every diagnosis is out
# Usage: scripts/measure-footprint.sh [N [EXTRA_FLAGS...]]
#   each EXTRA_FLAGS argument is one more variant measured on the same containers: the shipped flags
#   plus these (a later flag wins), e.g. scripts/measure-footprint.sh 100 "-Xmx32m" "-Xss256k"
#   env: RUNS (starts per variant, default 3), FOOTPRINT_NMT=1 (adds NMT: costs RSS, for a breakdown)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
N="${1:-100}"
shift || true
RUNS="${RUNS:-3}"
dm_ensure_build_tools
dm_ensure_engine
dm_ensure_jar
dm_ensure_test_image

FLAGS=""
WORK="$(mktemp -d)"
chmod 755 "$WORK"
PREFIX="dmfoot-$$"
PID=""
stop_agent() {
  [ -n "$PID" ] || return 0
  kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  PID=""
}
cleanup() {
  stop_agent
  docker ps -aq --filter "label=dockmedic.footprint=$PREFIX" | xargs -r -n 1 docker rm -f >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Each container logs 150 ordinary lines, then its health probe (every 3 s) fails once $WORK/fail
# exists: a burst of N diagnoses. Nothing exits: a hundred containers dying at once has deadlocked
# a 20.10 engine (libnetwork), so the containers are also removed one at a time.
dm_log "starting $N containers (healthy until $WORK/fail exists)"
for i in $(seq 1 "$N"); do
  docker run -d --name "$PREFIX-$i" --network none --label "dockmedic.footprint=$PREFIX" \
    --label com.docker.compose.project=footprint --label "com.docker.compose.service=app$i" \
    -v "$WORK:/flag:ro" -e 'DATABASE_URL=postgresql://app:FootPass123@postgres:5432/app' \
    --health-cmd '/bin/busybox test ! -f /flag/fail' --health-interval 3s --health-retries 1 \
    --entrypoint /bin/busybox "$DM_TEST_IMAGE" sh -c \
    'i=0; while [ $i -lt 150 ]; do echo "INFO request $i served in 12ms"; i=$((i+1)); done; echo "psycopg2.OperationalError: connection to server at \"postgres\" (172.20.0.2), port 5432 failed: FATAL:  password authentication failed for user \"app\""; exec /bin/busybox sleep 3600' >/dev/null
done
await_healthy() {
  local healthy=0
  for _ in $(seq 1 120); do
    healthy="$(docker ps --filter "label=dockmedic.footprint=$PREFIX" --filter health=healthy -q | wc -l)"
    [ "$healthy" -ge "$N" ] && return 0
    sleep 0.5
  done
  dm_die "only $healthy/$N containers are healthy"
}

PORT=""
READY_MS=""
READY_CPU_MS=""
# Starts the agent (PID, PORT); sets READY_MS, the milliseconds from exec to ready, and READY_CPU_MS,
# the CPU time it used until then (user + system: what a busy machine does not stretch).
start_agent() {
  PORT="$(dm_free_port)"
  local t0 t1
  t0="$(date +%s%N)"
  # shellcheck disable=SC2086
  DOCKMEDIC_HTTP_LISTEN="127.0.0.1:$PORT" DOCKMEDIC_RULES_DIRS="" DOCKMEDIC_STATE_DIR="$WORK" \
    java $FLAGS -jar "$DM_JAR" run >"$WORK/agent.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 1000); do
    if curl -fsS --max-time 1 "http://127.0.0.1:$PORT/healthz" 2>/dev/null | grep -q '"event_stream_up":true'; then
      t1="$(date +%s%N)"
      READY_MS=$(((t1 - t0) / 1000000))
      READY_CPU_MS="$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$PID/stat")"
      return 0
    fi
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/agent.log" >&2; dm_die "agent exited"; }
    sleep 0.02
  done
  dm_die "agent not ready within 20 s"
}
kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$PID/status"; }
mib() { awk -v v="$1" 'BEGIN {printf "%.1f", v / 1024}'; }


# measure EXTRA: N containers, RUNS starts, then the burst; prints the numbers.
measure() {
  rm -f "$WORK/fail"
  await_healthy
  FLAGS="$DM_JVM_FLAGS $1"
  [ -z "${FOOTPRINT_NMT:-}" ] || FLAGS="$FLAGS -XX:NativeMemoryTracking=summary"
  dm_log "flags: $FLAGS MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
  local ready=() cpu=() r
  for r in $(seq 1 "$RUNS"); do
    stop_agent
    start_agent
    ready+=("$READY_MS")
    cpu+=("$READY_CPU_MS")
    dm_log "start $r: ready in $READY_MS ms ($READY_CPU_MS ms CPU)"
  done
  sleep 3
  local idle_kb t0 n=0 burst_ms hwm_kb classes
  idle_kb="$(kb VmRSS)"
  dm_log "all $N turn unhealthy now"
  t0="$(date +%s%N)"
  touch "$WORK/fail"
  for _ in $(seq 1 240); do
    n="$(curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -c '^dockmedic_active_diagnosis{.*project="footprint"' || true)"
    [ "$n" -ge "$N" ] && break
    sleep 0.25
  done
  burst_ms=$((($(date +%s%N) - t0) / 1000000))
  [ "$n" -ge "$N" ] || dm_die "only $n/$N diagnoses after ${burst_ms} ms"
  sleep 2
  hwm_kb="$(kb VmHWM)"
  classes="$(curl -fsS "http://127.0.0.1:$PORT/metrics" | awk '/^jvm_classes_loaded_classes/ {print int($2)}')"
  mapfile -t ready < <(printf '%s\n' "${ready[@]}" | sort -n)
  mapfile -t cpu < <(printf '%s\n' "${cpu[@]}" | sort -n)
  echo "== flags: shipped${1:+ + $1}"
  echo "containers watched:  $N ($n diagnosed ${burst_ms} ms after they were told to fail; health interval 3 s)"
  echo "startup to ready:    median ${ready[$((RUNS / 2))]} ms (min ${ready[0]}, max ${ready[-1]}; $RUNS starts)"
  echo "CPU time to ready:   median ${cpu[$((RUNS / 2))]} ms (min ${cpu[0]}, max ${cpu[-1]}); load average $(cut -d' ' -f1 /proc/loadavg)"
  echo "RSS idle:            $(mib "$idle_kb") MiB"
  echo "peak RSS (VmHWM):    $(mib "$hwm_kb") MiB"
  echo "after the burst:     anon $(mib "$(kb RssAnon)") MiB, file $(mib "$(kb RssFile)") MiB; $(kb Threads) threads; $classes classes"
  if [ -n "${FOOTPRINT_NMT:-}" ]; then
    jcmd "$PID" VM.native_memory summary | grep -E '^-|Total' | sed 's/^/  /'
  fi
  stop_agent
}

measure ""
for extra in "$@"; do
  measure "$extra"
done
