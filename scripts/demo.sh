#!/usr/bin/env bash
# A two-minute tour for a newcomer with no broken stack at hand: starts throwaway containers that
# fail like the troubleshooting table's rows (DB password, Redis URL, missing DashScope key) plus one whose log only
# looks alarming, shows what the agent diagnoses (text and /metrics), then removes everything.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
dm_ensure_build_tools
dm_ensure_engine
dm_ensure_jar
dm_ensure_test_image

PORT="$(dm_free_port)"
LOG="$(mktemp)"
NAMES=(demo-app-dbauth demo-app-redis demo-app-dashscope demo-app-benign)
cleanup() {
  docker rm -f "${NAMES[@]}" >/dev/null 2>&1 || true
  [ -n "${DM_AGENT_PID:-}" ] && kill "$DM_AGENT_PID" 2>/dev/null && wait "$DM_AGENT_PID" 2>/dev/null || true
  rm -f "$LOG"
}
trap cleanup EXIT
docker rm -f "${NAMES[@]}" >/dev/null 2>&1 || true

dm_log "starting the agent on 127.0.0.1:$PORT"
dm_start_agent "$PORT" "$LOG"

failing() { # name service env line...
  local name="$1" service="$2" env="$3"; shift 3
  local text; text="$(printf '%s\n' "$@")"
  docker run -d --name "$name" --network none \
    --label com.docker.compose.project=demo --label "com.docker.compose.service=$service" \
    -e "$env" -e "DM_LOG=$text" \
    --health-cmd '/bin/busybox test -f /tmp/healthy' --health-interval 1s --health-retries 1 \
    --entrypoint /bin/busybox "$DM_TEST_IMAGE" sh -c 'echo "$DM_LOG"; exec /bin/busybox sleep 3600' >/dev/null
}
dm_log "starting 4 containers that turn unhealthy"
failing demo-app-dbauth app-db 'DATABASE_URL=postgresql://app:MyDbPass123@postgres:5432/app' \
  'INFO:     Started server process [1]' \
  'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "postgres" (172.20.0.2), port 5432 failed: FATAL:  password authentication failed for user "app"'
failing demo-app-redis app-redis 'REDIS_URL=redis://localhost:6379/0' \
  'redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.'
failing demo-app-dashscope app-ai 'DASHSCOPE_API_KEY=' \
  'Exception: DashScope embedding error: InvalidApiKey - Invalid API-key provided.'
failing demo-app-benign app-benign 'APP_ENV=demo' \
  'INFO:     Application startup complete.' 'Found 0 errors. Watching for file changes.'

dm_log "waiting for the diagnoses"
for _ in $(seq 1 60); do
  n="$(curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -c '^dockmedic_active_diagnosis{' || true)"
  [ "$n" -ge 4 ] && break
  sleep 0.5
done

echo
echo "=== the agent's log lines"
grep ' diagnosis ' "$LOG" | sed 's/^[^ ]* //' || true
echo
echo "=== /metrics (dockmedic_active_diagnosis, dockmedic_root_cause)"
curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -E '^dockmedic_(active_diagnosis|root_cause)\{' | sort
echo
echo "=== dockmedic diagnose demo-app-dbauth --lang zh"
DOCKMEDIC_RULES_DIRS="" java -jar "$DM_JAR" diagnose demo-app-dbauth --lang zh || true
echo
echo "=== dockmedic diagnose demo-app-redis --format json"
DOCKMEDIC_RULES_DIRS="" java -jar "$DM_JAR" diagnose demo-app-redis --format json || true
echo
dm_log "demo-app-dbauth recovers: its diagnosis clears"
docker exec demo-app-dbauth /bin/busybox touch /tmp/healthy
for _ in $(seq 1 20); do
  curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -q 'dockmedic_active_diagnosis{.*container="demo-app-dbauth"' || break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -E '^dockmedic_container_health_status\{.*demo-app-dbauth.*status="healthy"'
dm_log "done; removing the demo containers"
