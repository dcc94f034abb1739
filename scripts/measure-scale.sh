#!/usr/bin/env bash
# How far one agent scales on this machine: for each fleet size N (default 100 and 200 containers,
# compose labels, health checks, logs: lib/common.sh's fleet), the agent with the shipped JVM flags
# watches the fleet while the event rate is driven up, and the script reads the agent's own metrics
# (events received, dockmedic_watch_backlog, diagnosis latency histogram), its CPU and RSS, and the
# engine's CPU (dockerd + containerd + the shims with their runc/probe children). Not a test: it
# prints the numbers of one run, with the load average, and keeps the raw data in $SCALE_OUT.
#
# The fleet grows from one size to the next (the containers of N=100 are the first 100 of N=200); each
# size gets a fresh agent. Steps for each N, each STEP_SECONDS long:
#   idle      health probes only (every INTERVAL)
#   flip P    every P seconds the whole fleet turns unhealthy or healthy again (one flag file, read
#             by every probe): N health_status events per flip, a diagnosis per unhealthy container
#   churn     CHURN_PAR loops of `docker restart` over the fleet: kill, die, start, restart events
# After each step the script waits (at most DRAIN_SECONDS) for the backlog to reach 0 and counts how
# long that took. "keeps up" = every event the engine sent was received, the backlog at the end of the
# step is below 10 and drains within 5 s, and no event was dropped.
# The engine's own event count comes from a `docker events` reader started for the run.
#
# Usage: scripts/measure-scale.sh [N...]
#   env: INTERVAL (health interval, default 3s), PERIODS (flip periods in s, default "12 6"),
#        STEP_SECONDS (default 30), CHURN_PAR (default 2), DRAIN_SECONDS (default 60),
#        SCALE_OUT (raw data, default target/scale)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100 200)
INTERVAL="${INTERVAL:-3s}"
read -r -a PERIODS <<<"${PERIODS:-12 6}"
STEP_SECONDS="${STEP_SECONDS:-30}"
CHURN_PAR="${CHURN_PAR:-2}"
DRAIN_SECONDS="${DRAIN_SECONDS:-60}"
OUT="${SCALE_OUT:-$DM_ROOT/target/scale}"
dm_ensure_all
mkdir -p "$OUT"

WORK="$(mktemp -d)"
chmod 755 "$WORK"
PREFIX="scale-$$"
PROJECT="scale"
EVENTS_PID=""
LOOP_PIDS=()
cleanup() {
  local p
  for p in "${LOOP_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -z "$EVENTS_PID" ] || kill "$EVENTS_PID" 2>/dev/null || true
  [ -z "${DM_AGENT_PID:-}" ] || { kill "$DM_AGENT_PID" 2>/dev/null && wait "$DM_AGENT_PID" 2>/dev/null || true; }
  dm_fleet_remove "$PREFIX"
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=""
scrape() { curl -fsS "http://127.0.0.1:$PORT/metrics"; }
# sum FILE NAME [LABEL_MATCH]: the sum of the samples of NAME (whose labels contain LABEL_MATCH)
sum() {
  awk -v n="$2" -v m="${3:-}" 'index($0, n "{") == 1 || index($0, n " ") == 1 { if (m == "" || index($0, m)) s += $NF } END {printf "%.0f", s}' "$1"
}
# quantile BEFORE AFTER Q: the upper bound (s) of the latency bucket holding quantile Q of the
# diagnoses between the two scrapes ("-" when there were none)
quantile() {
  awk -v q="$3" '
    /^dockmedic_diagnosis_latency_seconds_bucket\{/ {
      match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5); if (FILENAME == ARGV[1]) b[le] = $NF; else { d[le] = $NF - b[le]; order[++k] = le } }
    END {
      total = d["+Inf"]; if (total == 0) { print "-"; exit }
      for (i = 1; i <= k; i++) if (d[order[i]] >= q * total) { print order[i]; exit }
    }' "$1" "$2"
}
engine_events() { [ -f "$WORK/events" ] && wc -l <"$WORK/events" || echo 0; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$DM_AGENT_PID/status"; }

# flipper PERIOD: turns the fleet unhealthy/healthy every PERIOD s until killed (ends healthy)
flipper() {
  trap 'rm -f "$WORK/fail"; exit 0' TERM
  while true; do
    touch "$WORK/fail"; sleep "$1" & wait $!
    rm -f "$WORK/fail"; sleep "$1" & wait $!
  done
}
# churner I: restarts every CHURN_PAR-th container of the fleet, starting at I, round and round
churner() {
  local n="$1" i="$2"
  while true; do
    docker restart -t 0 "$PREFIX-$i" >/dev/null 2>&1 || true
    i=$((i + CHURN_PAR)); [ "$i" -le "$n" ] || i=$((i - n))
  done
}

ROWS=()
IDLE_AGENT_MS_S=0
IDLE_ENGINE_MS_S=0
# step N NAME START_CMD...: runs START_CMD in the background for STEP_SECONDS while sampling the backlog,
# stops it, waits for the drain, appends a row to ROWS
step() {
  local n="$1" name="$2"; shift 2
  local m0="$WORK/m0" m1="$WORK/m1" a0 a1 b0 b1 t0 t1 ev0 ev1 max=0 b s drain=0 end_backlog
  scrape >"$m0"
  a0="$(dm_cpu_ms "$DM_AGENT_PID")"; dm_engine_cpu_snapshot "$WORK/ids" >"$WORK/e0"
  read -r b0 t0 < <(dm_busy_ticks); ev0="$(engine_events)"
  local w0 w1 secs; w0="$(date +%s%N)"
  LOOP_PIDS=()
  if [ "$#" -gt 0 ]; then
    "$@"
  fi
  for s in $(seq 1 "$STEP_SECONDS"); do
    sleep 1
    b="$(scrape | sum /dev/stdin dockmedic_watch_backlog)"
    [ "$b" -le "$max" ] || max="$b"
  done
  end_backlog="$b"
  # CPU and events over the step itself (the drain after it is timed, not added)
  a1="$(dm_cpu_ms "$DM_AGENT_PID")"; dm_engine_cpu_snapshot "$WORK/ids" >"$WORK/e1"
  read -r b1 t1 < <(dm_busy_ticks); ev1="$(engine_events)"
  scrape >"$m1"
  w1="$(date +%s%N)"
  # the step's real length: on a busy machine each sample takes more than its 1 s sleep
  secs="$(awk -v a="$w0" -v b="$w1" 'BEGIN {printf "%.1f", (b - a) / 1e9}')"
  local p; for p in "${LOOP_PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  LOOP_PIDS=()
  while [ "$(scrape | sum /dev/stdin dockmedic_watch_backlog)" -gt 0 ] && [ "$drain" -lt "$DRAIN_SECONDS" ]; do
    sleep 1; drain=$((drain + 1))
  done
  local got sent dropped lat_n
  got=$(( $(sum "$m1" dockmedic_docker_events_total) - $(sum "$m0" dockmedic_docker_events_total) ))
  dropped=$(( $(sum "$m1" dockmedic_docker_events_total 'action="dropped"') - $(sum "$m0" dockmedic_docker_events_total 'action="dropped"') ))
  got=$((got - dropped))
  sent=$((ev1 - ev0))
  lat_n=$(( $(sum "$m1" dockmedic_diagnosis_latency_seconds_count) - $(sum "$m0" dockmedic_diagnosis_latency_seconds_count) ))
  local agent_ms=$((a1 - a0)) engine_ms per_a="-" per_e="-"
  engine_ms="$(dm_cpu_delta_ms "$WORK/e0" "$WORK/e1")"
  if [ "$name" = idle ]; then
    # CPU per second of the idle step (probes, the script's scrape once a second, refresh ticks)
    IDLE_AGENT_MS_S="$(awk -v c="$agent_ms" -v s="$secs" 'BEGIN {print c / s}')"
    IDLE_ENGINE_MS_S="$(awk -v c="$engine_ms" -v s="$secs" 'BEGIN {print c / s}')"
  elif [ "$got" -gt 0 ]; then
    # CPU per event above what the idle step used in the same time
    per_a="$(awk -v c="$agent_ms" -v i="$IDLE_AGENT_MS_S" -v s="$secs" -v n="$got" 'BEGIN {printf "%.1f", (c - i * s) / n}')"
    per_e="$(awk -v c="$engine_ms" -v i="$IDLE_ENGINE_MS_S" -v s="$secs" -v n="$sent" 'BEGIN {printf "%.1f", (n > 0 ? (c - i * s) / n : 0)}')"
  fi
  local ok="yes"
  [ "$got" -ge "$sent" ] && [ "$dropped" -eq 0 ] && [ "$end_backlog" -lt 10 ] && [ "$drain" -le 5 ] || ok="NO"
  ROWS+=("$(printf '| %5d | %-9s | %5.0f s | %6d | %7.1f | %6d | %7.1f | %6d | %6d | %4s / %-4s | %6d | %4d s | %5.0f%% | %5.0f%% | %5.0f%% | %6s | %6s | %4s MiB | %-3s |' \
    "$n" "$name" "$secs" "$sent" "$(awk -v x="$sent" -v s="$secs" 'BEGIN {print x / s}')" \
    "$got" "$(awk -v x="$got" -v s="$secs" 'BEGIN {print x / s}')" "$dropped" "$lat_n" \
    "$(quantile "$m0" "$m1" 0.5)" "$(quantile "$m0" "$m1" 0.99)" "$max" "$drain" \
    "$(awk -v c=$((a1 - a0)) -v s="$secs" 'BEGIN {print c / s / 10}')" \
    "$(awk -v c="$engine_ms" -v s="$secs" 'BEGIN {print c / s / 10}')" \
    "$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v c="$(nproc)" 'BEGIN {print (t > 0 ? b * 100 * c / t : 0)}')" \
    "$per_a" "$per_e" "$(rss_mib)" "$ok")")
  dm_log "N=$n $name: ${ROWS[-1]}"
}

start_flipper() { flipper "$1" & LOOP_PIDS+=($!); }
start_churn() {
  local i; for i in $(seq 1 "$CHURN_PAR"); do churner "$1" "$i" & LOOP_PIDS+=($!); done
}

# series N: the agent's /metrics with the fleet healthy and with all N diagnosed (kept in $OUT)
SERIES=()
TIMEOUTS=()
series() {
  local n="$1" healthy all
  scrape >"$OUT/metrics-$n-healthy.txt"
  touch "$WORK/fail"
  dm_fleet_await_diagnosed "$PORT" "$PROJECT" "$n" 120 >/dev/null
  scrape >"$OUT/metrics-$n-unhealthy.txt"
  curl -fsS -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/metrics" >"$OUT/metrics-$n-unhealthy.gz"
  rm -f "$WORK/fail"
  healthy="$(grep -vc '^#' "$OUT/metrics-$n-healthy.txt")"
  all="$(grep -vc '^#' "$OUT/metrics-$n-unhealthy.txt")"
  SERIES+=("$(printf '| %5d | %6d | %6d | %6d | %7d | %6d |' "$n" "$healthy" "$all" \
    "$(grep -v '^#' "$OUT/metrics-$n-unhealthy.txt" | grep -vc '^dockmedic_')" \
    "$(wc -c <"$OUT/metrics-$n-unhealthy.txt")" "$(wc -c <"$OUT/metrics-$n-unhealthy.gz")")")
}

STARTED=0
run_size() {
  local n="$1" p
  rm -f "$WORK/fail"
  if [ "$n" -gt "$STARTED" ]; then
    dm_log "starting containers $((STARTED + 1))..$n (health every $INTERVAL)"
    dm_fleet_start "$PREFIX" "$PROJECT" "$n" "$WORK" "$INTERVAL" $((STARTED + 1))
    STARTED="$n"
  fi
  dm_fleet_await_healthy "$PREFIX" "$n"
  docker ps -q --no-trunc --filter "label=dockmedic.fleet=$PREFIX" >"$WORK/ids"
  PORT="$(dm_free_port)"
  dm_start_agent "$PORT" "$WORK/agent-$n.log"
  sleep 5
  step "$n" idle
  for p in "${PERIODS[@]}"; do
    step "$n" "flip ${p}s" start_flipper "$p"
    dm_fleet_await_healthy "$PREFIX" "$n"
  done
  step "$n" churn start_churn "$n"
  dm_fleet_await_healthy "$PREFIX" "$n"
  series "$n"
  TIMEOUTS+=("N=$n: $(grep -c 'no answer from the engine' "$WORK/agent-$n.log" || true) engine calls of the agent timed out (10 s), $(grep -c ' WARN \| ERROR ' "$WORK/agent-$n.log" || true) WARN/ERROR lines in all")
  cp "$WORK/agent-$n.log" "$OUT/agent-$n.log"
  kill "$DM_AGENT_PID" 2>/dev/null && wait "$DM_AGENT_PID" 2>/dev/null || true
  DM_AGENT_PID=""
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
START="$(date -u +%FT%TZ)"
docker events --filter type=container --filter "label=dockmedic.fleet=$PREFIX" \
  $(printf -- '--filter event=%s ' health_status die oom start restart destroy kill) --format '{{.Action}}' >"$WORK/events" &
EVENTS_PID=$!
# report: the tables of the sizes done so far (after each size, so that a run cut short keeps them)
report() {
  echo "== scripts/measure-scale.sh ${SIZES[*]} (health every $INTERVAL, steps of $STEP_SECONDS s, flip periods ${PERIODS[*]} s, $CHURN_PAR restart loops)"
  echo "started $START on $(nproc) cores; load average before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "engine: $(docker version --format '{{.Server.Version}}' 2>/dev/null); agent flags: $DM_JVM_FLAGS"
  echo
  echo "| N | step | length | engine events | engine ev/s | agent events | agent ev/s | dropped | diagnoses | latency p50/p99 (bucket, s) | max backlog | drain | agent CPU | engine CPU | machine busy | agent ms/event | engine ms/event | agent RSS | keeps up |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "(CPU: % of one core over the step; machine busy: % of one core, all $(nproc) cores = $(( $(nproc) * 100 ))%; engine: the dockerd behind the socket, its containerd and the fleet's shims with their children (runc, the health probes); a shim that ended during the step is left out, so churn's figure is a lower bound;"
  echo " length: the step's real length (STEP_SECONDS samples of 1 s each, longer on a busy machine); rates are over it;"
  echo " ms/event: CPU time of the step above the idle step's rate, per event received (agent) or sent (engine); the idle step includes the script's own scrape of /metrics once a second)"
  echo
  echo "| N | series, fleet healthy | series, all N diagnosed | of which JVM/process | bytes | bytes gzipped |"
  echo "|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${SERIES[@]}"
  echo
  printf '%s\n' "${TIMEOUTS[@]}"
  echo
  uptime
}

mapfile -t SIZES < <(printf '%s\n' "${SIZES[@]}" | sort -n) # a larger fleet grows the smaller one
for n in "${SIZES[@]}"; do
  run_size "$n"
  cp "$WORK/events" "$OUT/engine-events.txt"
  report >"$OUT/summary.txt"
  dm_log "N=$n done: $OUT/summary.txt"
done
cat "$OUT/summary.txt"
