#!/usr/bin/env bash
# Benchmark: engine event time -> diagnosis exported, on the real engine, with the JVM flags that
# scripts/run.sh ships. Not a test: it reports numbers measured in one run.
#   scripts/bench-latency.sh [N]   BENCH_MODE=burst (default): a fleet of N containers (default 50)
#     turns unhealthy at once, 2 s after the agent started. Prints p50/p99 per container (from
#     /api/v1/diagnoses, cross-checked with the dockmedic_diagnosis_latency_seconds histogram), the
#     agent's peak RSS and CPU time, and how busy the fleet's health checks kept the machine.
#   BENCH_MODE=single [N]: a quiet fleet of N containers (default 20, probed every 5 s); one at a time
#     turns unhealthy alone and is diagnosed, then recovers while the next one turns; p50/p99 over the
#     N transitions. Each container turns once: a second turn within watch.flap_window would be
#     flapping, whose diagnosis is held rather than made again.
# Both print where the time went (phases of each diagnosis, from the agent's dockmedic.timing lines:
# event to lane, the watcher's inspect, stack, evidence, rules, export) and the load average.
#   RUNS (default 1) repeats the measurement on the same fleet (a fresh agent each time);
#   JARS="old.jar new.jar" compares builds in the same run: each run measures every jar in turn
#   (a build of another commit: git worktree add DIR REV && (cd DIR && mvn -q -DskipTests package);
#   a jar's own class-data sharing archive dockmedic.jsa next to it is used when there is one).
#   BENCH_INTERVAL: the fleet's health-check interval (burst: 1s turns all N unhealthy within one
#   second; single: 5s); BENCH_LOG=FILE keeps the agent's
#   log of the last measurement; BENCH_NMT=1 (with DOCKMEDIC_JAVA_OPTS=-XX:NativeMemoryTracking=summary)
#   prints the agent's native memory after a burst.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
MODE="${BENCH_MODE:-burst}"
case "$MODE" in
  burst) N="${1:-50}"; INTERVAL="${BENCH_INTERVAL:-1s}" ;;
  single) N="${1:-20}"; INTERVAL="${BENCH_INTERVAL:-5s}" ;;
  *) dm_die "BENCH_MODE is burst or single, not $MODE" ;;
esac
RUNS="${RUNS:-1}"
dm_ensure_build_tools
dm_ensure_engine
dm_ensure_jar
dm_ensure_test_image
read -r -a JAR_LIST <<<"${JARS:-$DM_JAR}"

PORT="$(dm_free_port)"
LOG="$(mktemp)"
FLAG="$(mktemp -d)"
chmod 755 "$FLAG"
PREFIX="dmbench-$$"
stop_agent() {
  [ -n "${DM_AGENT_PID:-}" ] && kill "$DM_AGENT_PID" 2>/dev/null && wait "$DM_AGENT_PID" 2>/dev/null || true
  DM_AGENT_PID=""
}
cleanup() {
  # BENCH_LOG=FILE keeps the agent's log (one line per diagnosis) for a closer look
  [ -n "${BENCH_LOG:-}" ] && cp "$LOG" "$BENCH_LOG"
  dm_fleet_remove "$PREFIX"
  stop_agent
  rm -rf "$LOG" "$FLAG"
}
trap cleanup EXIT

# the shipped flags for JAR: its own class-data sharing archive, or none (another jar's is refused)
jar_flags() {
  local jar="$1" jsa flags
  jsa="$(dirname "$jar")/dockmedic.jsa"
  flags="$(DOCKMEDIC_JAVA_OPTS="" dm_jvm_flags run | sed 's/ -XX:SharedArchiveFile=[^ ]*//')"
  [ ! -f "$jsa" ] || flags="$flags -XX:SharedArchiveFile=$jsa"
  echo "$flags -Ddockmedic.log.debug=dockmedic.timing ${DOCKMEDIC_JAVA_OPTS:-}"
}

# starts JAR's agent on PORT with its log in LOG
start_jar() {
  local jar="$1"
  # shellcheck disable=SC2046
  DOCKMEDIC_HTTP_LISTEN="127.0.0.1:$PORT" DOCKMEDIC_RULES_DIRS="" DOCKMEDIC_STATE_DIR="$FLAG/state" \
    java $(jar_flags "$jar") -jar "$jar" run >"$LOG" 2>&1 &
  DM_AGENT_PID=$!
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" 2>/dev/null | grep -q '"event_stream_up":true' && return 0
    kill -0 "$DM_AGENT_PID" 2>/dev/null || { cat "$LOG" >&2; dm_die "agent exited"; }
    sleep 0.1
  done
  cat "$LOG" >&2
  dm_die "agent did not become ready"
}

# how many active diagnoses the agent exports for fleet container NAME (0 or 1)
diagnosed_now() {
  curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -c "^dockmedic_active_diagnosis{.*container=\"$1\"" || true
}

burst() {
  local busy agent_cpu0 engine_cpu0 engine_pids agent_cpu engine_cpu rss_kb
  # how busy the machine is before the burst (the containers' health checks, the idle agent)
  read -r _ u1 n1 s1 i1 w1 _ < /proc/stat
  sleep 2
  read -r _ u2 n2 s2 i2 w2 _ < /proc/stat
  busy=$(( (u2 + n2 + s2 - u1 - n1 - s1) * 100 / (u2 + n2 + s2 + i2 + w2 - u1 - n1 - s1 - i1 - w1) ))
  engine_pids="$(pidof dockerd containerd 2>/dev/null || true)"
  agent_cpu0="$(dm_cpu_ms "$DM_AGENT_PID")"
  # shellcheck disable=SC2086
  engine_cpu0="$(dm_cpu_ms $engine_pids)"
  dm_log "all $N turn unhealthy now"
  touch "$FLAG/fail"
  dm_fleet_await_diagnosed "$PORT" bench "$N" 30 >/dev/null
  agent_cpu="$(( $(dm_cpu_ms "$DM_AGENT_PID") - agent_cpu0 ))"
  # shellcheck disable=SC2086
  engine_cpu="$(( $(dm_cpu_ms $engine_pids) - engine_cpu0 ))"
  rss_kb="$(awk '/VmHWM/ {print $2}' "/proc/$DM_AGENT_PID/status")"
  curl -fsS "http://127.0.0.1:$PORT/api/v1/diagnoses" >"$FLAG/api.json"
  curl -fsS "http://127.0.0.1:$PORT/metrics" >"$FLAG/metrics.txt"
  java "$DM_ROOT/scripts/lib/LatencyStats.java" "$FLAG/api.json" "$FLAG/metrics.txt" "$N" active "$LOG"
  echo "agent peak RSS (VmHWM): $((rss_kb / 1024)) MiB"
  echo "machine busy before the burst: $busy% of $(nproc) cores (health checks of $N containers every $INTERVAL)"
  echo "CPU time from the burst to the last diagnosis: agent $agent_cpu ms, engine (dockerd + containerd) $engine_cpu ms"
  if [ -n "${BENCH_NMT:-}" ] && command -v jcmd >/dev/null; then
    jcmd "$DM_AGENT_PID" VM.native_memory summary | grep -E '^-|Total' | sed 's/^/  /'
    grep -E '^(Rss|Pss_Anon|Pss_File|Shared_Clean|Private_Clean|Private_Dirty|Anonymous)' "/proc/$DM_AGENT_PID/smaps_rollup" | sed 's/^/  /'
    pmap -x "$DM_AGENT_PID" | sort -k3 -n -r | sed -n '2,12p' | sed 's/^/  /'
  fi
  rm -f "$FLAG/fail"
}

# one container of the fleet at a time turns unhealthy alone and is diagnosed; it recovers while the next turns
single() {
  local i name
  sleep 2
  for i in $(seq 1 "$N"); do
    name="$PREFIX-$i"
    touch "$FLAG/fail-$i"
    for _ in $(seq 1 60); do
      [ "$(diagnosed_now "$name")" -ge 1 ] && break
      sleep 0.5
    done
    rm -f "$FLAG/fail-$i"
  done
  curl -fsS "http://127.0.0.1:$PORT/api/v1/diagnoses" >"$FLAG/api.json"
  curl -fsS "http://127.0.0.1:$PORT/metrics" >"$FLAG/metrics.txt"
  java "$DM_ROOT/scripts/lib/LatencyStats.java" "$FLAG/api.json" "$FLAG/metrics.txt" "$N" recent "$LOG"
}

dm_log "starting $N containers (healthy until $FLAG/fail or $FLAG/fail-I exists)"
dm_fleet_start "$PREFIX" bench "$N" "$FLAG" "$INTERVAL"
dm_fleet_await_healthy "$PREFIX" "$N"
for r in $(seq 1 "$RUNS"); do
  j=0
  for jar in "${JAR_LIST[@]}"; do
    j=$((j + 1))
    rm -rf "$FLAG/state" && mkdir -p "$FLAG/state"
    echo "== run $r$([ "${#JAR_LIST[@]}" -gt 1 ] && echo ", jar $j" || true) ($MODE): load average $(cut -d' ' -f1 /proc/loadavg) before"
    dm_log "$N healthy; starting the agent (flags: $(jar_flags "$jar"))"
    start_jar "$jar"
    "$MODE"
    stop_agent
    dm_fleet_await_healthy "$PREFIX" "$N"
  done
done
[ "${#JAR_LIST[@]}" -le 1 ] || { j=0; for jar in "${JAR_LIST[@]}"; do j=$((j + 1)); echo "jar $j: $jar"; done; }
