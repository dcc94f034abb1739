#!/usr/bin/env bash
# Tests every way of running dockmedic as a user would, on this machine's real engine (PackagingIT
# runs it in `mvn verify`; as root on Debian, it installs what it needs):
#   image  builds packaging/Dockerfile from local Debian bases (no registry), runs it as its non-root
#          user with only the engine socket (--network none) and the hardening of the compose
#          override (read-only, no capabilities), checks /healthz, the HEALTHCHECK, /metrics and one
#          real diagnosis of a failing container
#   deb    dpkg -i target/dockmedic.deb: `dockmedic version`, `dockmedic rules check`, the class-data
#          sharing archive, the daemon as the dockmedic user (socket reached through the docker
#          group), `systemd-analyze verify` and `security --offline=true` (exposure <= 3.0) of the
#          installed unit, an upgrade keeping a changed conffile and the state, then a clean purge
# Usage: scripts/package-test.sh [image|deb]...   (default: both)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$DM_ROOT/scripts/lib/debian-image.sh"
DM_DEB="$DM_ROOT/target/dockmedic.deb"
MAX_EXPOSURE=3.0
RUN_ID="$$"
LABEL="dockmedic.pkgtest=$RUN_ID"

ok() { printf 'ok - %s\n' "$*"; }
cleanup() {
  docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1 || true
  [ -z "${AGENT_PID:-}" ] || kill "$AGENT_PID" 2>/dev/null || true
  rm -rf "${WORK:-/nonexistent}"
}
trap cleanup EXIT
WORK="$(mktemp -d)"
AGENT_PID=""

# A busybox container (no network) that logs a PostgreSQL password error and fails its health check.
failing_container() {
  docker run -d --name "$1" --network none --label "$LABEL" \
    --label com.docker.compose.project=pkgtest --label com.docker.compose.service=app \
    -e 'DATABASE_URL=postgresql://app:PkgTestPass1@postgres:5432/app' \
    --health-cmd '/bin/busybox false' --health-interval 1s --health-retries 1 \
    --entrypoint /bin/busybox "$DM_TEST_IMAGE" sh -c \
    'echo "psycopg2.OperationalError: connection to server at \"postgres\" (172.20.0.2), port 5432 failed: FATAL:  password authentication failed for user \"app\""; exec /bin/busybox sleep 600' >/dev/null
}

# await SECONDS DESCRIPTION COMMAND...: retries COMMAND every half second.
await() {
  local secs="$1" what="$2"; shift 2
  local i
  for i in $(seq 1 $((secs * 2))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  dm_die "$what: not within ${secs}s"
}

test_image() {
  local t0=$SECONDS tag="dockmedic-pkgtest:$RUN_ID" agent="dmpkg-agent-$RUN_ID" app="dmpkg-app-$RUN_ID" gid
  dm_ensure_test_image
  bash "$DM_ROOT/scripts/build-image.sh" "$tag" >/dev/null
  # shellcheck disable=SC2064
  trap "cleanup; docker rmi -f '$tag' '$tag-jre' >/dev/null 2>&1 || true" EXIT
  ok "image $tag built from local Debian bases in $((SECONDS - t0)) s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1 / 1e6}'))"
  [ "$(docker image inspect -f '{{.Config.User}}' "$tag")" = "10001:10001" ] || dm_die "the image does not run as uid 10001"
  docker image inspect -f '{{json .Config.Healthcheck.Test}}' "$tag" | grep -q '/healthz' || dm_die "no HEALTHCHECK on /healthz"
  docker run --rm --network none -e DOCKMEDIC_JAVA_OPTS=-Xshare:on "$tag" version | grep -q '^dockmedic ' \
    || dm_die "dockmedic version fails in the image (or its class-data sharing archive does not map)"
  ok "non-root user, HEALTHCHECK on /healthz, version runs with its class-data sharing archive"

  # the hardening of packaging/docker/compose.dockmedic.yml, which must be a valid compose file
  command -v docker-compose >/dev/null 2>&1 || dm_apt_install docker-compose
  DOCKMEDIC_IMAGE="$tag" docker-compose -f "$DM_ROOT/packaging/docker/compose.dockmedic.yml" config -q \
    || dm_die "packaging/docker/compose.dockmedic.yml is not a valid compose file"
  gid="$(stat -c %g "$DM_SOCK")"
  docker run -d --name "$agent" --label "$LABEL" --network none --group-add "$gid" \
    -v "$DM_SOCK:/var/run/docker.sock:ro" --read-only --tmpfs /tmp --cap-drop ALL \
    --security-opt no-new-privileges:true --memory 256m --pids-limit 128 \
    --health-interval 1s --health-start-period 30s "$tag" >/dev/null
  await 60 "the agent in the container reports event_stream_up" \
    sh -c "docker exec '$agent' /usr/share/dockmedic/http-get /healthz | grep -q '\"event_stream_up\":true'"
  await 30 "the image's HEALTHCHECK says healthy" \
    sh -c "[ \"\$(docker inspect -f '{{.State.Health.Status}}' '$agent')\" = healthy ]"
  ok "agent up as $(docker exec "$agent" id -u):$(docker exec "$agent" id -G | tr ' ' ,) with only the engine socket, read-only, no capabilities; HEALTHCHECK healthy"

  failing_container "$app"
  await 60 "a diagnosis of $app in the container's /metrics" sh -c \
    "docker exec '$agent' /usr/share/dockmedic/http-get /metrics | grep -q '^dockmedic_active_diagnosis{.*container=\"$app\".*rule=\"postgres-auth-failed\"'"
  docker exec "$agent" /usr/share/dockmedic/http-get /metrics >"$WORK/metrics"
  grep -qE '^dockmedic_event_stream_up(\{[^}]*\})? 1' "$WORK/metrics" || dm_die "dockmedic_event_stream_up is not 1"
  grep -q '^dockmedic_build_info{' "$WORK/metrics" || dm_die "no dockmedic_build_info"
  grep -q 'PkgTestPass1' "$WORK/metrics" && dm_die "a secret reached /metrics"
  docker logs "$agent" 2>&1 | grep -q "diagnosis .*container=$app .*rule=postgres-auth-failed" || dm_die "no diagnosis log line"
  docker logs "$agent" 2>&1 | grep -q 'PkgTestPass1' && dm_die "a secret reached the log"
  ok "diagnosed $app as postgres-auth-failed (/metrics and log line, secret redacted)"
  docker stop -t 10 "$agent" >/dev/null
  [ "$(docker inspect -f '{{.State.ExitCode}}' "$agent")" = 0 ] || dm_die "the agent did not exit 0 on SIGTERM"
  ok "docker stop: exit 0; image test took $((SECONDS - t0)) s"
}

# The package's run-time dependencies, from Debian, when missing (dpkg -i does not fetch them).
ensure_deb_deps() {
  local need=() p
  for p in openjdk-17-jre-headless adduser procps; do
    dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || need+=("$p")
  done
  command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
  [ ${#need[@]} -eq 0 ] || dm_apt_install "${need[@]}"
}

purge() {
  dpkg --purge dockmedic >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log" >&2; dm_die "dpkg --purge failed"; }
}

test_unit() {
  local unit=/lib/systemd/system/dockmedic.service score
  cmp -s "$DM_ROOT/systemd/dockmedic.service" "$unit" || dm_die "$unit is not systemd/dockmedic.service"
  systemd-analyze verify "$unit" >"$WORK/verify.log" 2>&1 || { cat "$WORK/verify.log" >&2; dm_die "systemd-analyze verify failed"; }
  [ ! -s "$WORK/verify.log" ] || { cat "$WORK/verify.log" >&2; dm_die "systemd-analyze verify warns"; }
  systemd-analyze security --offline=true "$unit" >"$WORK/security.log" 2>&1 || true
  score="$(sed -n 's/.*Overall exposure level for dockmedic.service: \([0-9.]*\).*/\1/p' "$WORK/security.log")"
  [ -n "$score" ] || { cat "$WORK/security.log" >&2; dm_die "no exposure level from systemd-analyze security"; }
  awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN {exit !(s <= m)}' \
    || { grep '✗' "$WORK/security.log" >&2; dm_die "exposure $score is above $MAX_EXPOSURE"; }
  ok "systemd-analyze verify clean; security --offline=true exposure $score (at most $MAX_EXPOSURE)"
}

test_deb() {
  local t0=$SECONDS out port v2dir
  dm_is_root || dm_die "the deb test installs a package: run it as root"
  [ -f "$DM_DEB" ] && [ ! "$DM_JAR" -nt "$DM_DEB" ] || (cd "$DM_ROOT" && mvn -B -q package -DskipTests) || dm_die "cannot build $DM_DEB"
  ensure_deb_deps
  if dpkg -s dockmedic >/dev/null 2>&1; then dm_log "purging a dockmedic package left installed"; purge; fi
  dpkg -i "$DM_DEB" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; dm_die "dpkg -i failed"; }
  ok "dpkg -i $(basename "$DM_DEB") ($(dpkg-query -W -f='${Version}' dockmedic)) in $((SECONDS - t0)) s"

  out="$(dockmedic version)" && [[ "$out" == "dockmedic "* ]] || dm_die "dockmedic version: $out"
  ok "dockmedic version: $out"
  out="$(dockmedic rules check)" && [[ "$out" == OK:* ]] || dm_die "dockmedic rules check: $out"
  ok "dockmedic rules check: $out"
  [ -f /var/cache/dockmedic/dockmedic.jsa ] && DOCKMEDIC_JAVA_OPTS=-Xshare:on dockmedic version >/dev/null \
    || dm_die "no usable class-data sharing archive in /var/cache/dockmedic"
  id -nG dockmedic | tr ' ' '\n' | grep -qx docker || dm_die "the dockmedic user is not in the docker group"
  [ "$(stat -c %U:%a /var/lib/dockmedic)" = dockmedic:750 ] || dm_die "/var/lib/dockmedic is not dockmedic's (750)"
  dpkg-query -W -f='${Conffiles}\n' dockmedic | grep -q '/etc/dockmedic/dockmedic.yml' || dm_die "dockmedic.yml is no conffile"
  ok "CDS archive maps; system user dockmedic in group docker; state dir; conffiles"

  # the daemon as the unit runs it: the dockmedic user with its groups, the launcher, the shipped config
  port="$(dm_free_port)"
  setpriv --reuid dockmedic --regid dockmedic --init-groups env DOCKMEDIC_HTTP_LISTEN="127.0.0.1:$port" \
    dockmedic run --config /etc/dockmedic/dockmedic.yml >"$WORK/agent.log" 2>&1 &
  AGENT_PID=$!
  await 60 "the packaged daemon (user dockmedic) reports event_stream_up" \
    sh -c "curl -fsS 'http://127.0.0.1:$port/healthz' | grep -q '\"event_stream_up\":true'"
  kill "$AGENT_PID"; wait "$AGENT_PID" || dm_die "the packaged daemon did not exit 0 on SIGTERM"
  AGENT_PID=""
  ok "the packaged daemon runs as dockmedic, reaches the engine through the docker group, stops with 0"

  test_unit

  # upgrade: a changed conffile and the state survive; the new default lands beside it
  echo "# local edit $RUN_ID" >>/etc/dockmedic/dockmedic.yml
  echo "kept $RUN_ID" >/var/lib/dockmedic/pkgtest-state
  v2dir="$WORK/v2"
  dpkg-deb -R "$DM_DEB" "$v2dir"
  sed -i "s/^Version: .*/&+pkgtest1/" "$v2dir/DEBIAN/control"
  echo "# a new default" >>"$v2dir/etc/dockmedic/dockmedic.yml"
  (cd "$v2dir" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum >DEBIAN/md5sums)
  dpkg-deb -b "$v2dir" "$WORK/dockmedic-v2.deb" >/dev/null
  dpkg -i --force-confold "$WORK/dockmedic-v2.deb" >"$WORK/upgrade.log" 2>&1 || { cat "$WORK/upgrade.log" >&2; dm_die "upgrade failed"; }
  dpkg-query -W -f='${Version}' dockmedic | grep -q '+pkgtest1$' || dm_die "not upgraded"
  grep -q "# local edit $RUN_ID" /etc/dockmedic/dockmedic.yml || dm_die "the upgrade lost the local edit of dockmedic.yml"
  [ -f /etc/dockmedic/dockmedic.yml.dpkg-dist ] || dm_die "the new default config is not in dockmedic.yml.dpkg-dist"
  grep -q "kept $RUN_ID" /var/lib/dockmedic/pkgtest-state || dm_die "the upgrade lost the state directory"
  dockmedic rules check >/dev/null || dm_die "rules check fails after the upgrade"
  ok "upgrade to $(dpkg-query -W -f='${Version}' dockmedic): local conffile edit kept (new default in .dpkg-dist), state kept"

  purge
  local left=()
  for f in /etc/dockmedic /var/lib/dockmedic /var/cache/dockmedic /usr/share/dockmedic /usr/bin/dockmedic \
      /lib/systemd/system/dockmedic.service; do
    [ ! -e "$f" ] || left+=("$f")
  done
  [ ${#left[@]} -eq 0 ] || dm_die "left after purge: ${left[*]}"
  getent passwd dockmedic >/dev/null && dm_die "user dockmedic left after purge"
  getent group dockmedic >/dev/null && dm_die "group dockmedic left after purge"
  ok "dpkg --purge: no files, user or group left; deb test took $((SECONDS - t0)) s"
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(image deb)
dm_ensure_build_tools
dm_ensure_engine
dm_ensure_jar
for part in "${parts[@]}"; do
  case "$part" in
    image) test_image ;;
    deb) test_deb ;;
    *) dm_die "unknown part: $part (image or deb)" ;;
  esac
done
