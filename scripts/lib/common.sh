# Shared helpers for dockmedic's scripts. Source it; do not run it.
# Installs what is missing (as root, from Debian's packages) and starts a Docker engine if none answers.

DM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DM_JAR="$DM_ROOT/target/dockmedic.jar"
DM_SOCK="${DOCKER_HOST:-unix:///var/run/docker.sock}"
DM_SOCK="${DM_SOCK#unix://}"
# JVM flags shipped for the daemon: small heap, serial GC, bounded metaspace and code cache.
DM_JVM_FLAGS="${DOCKMEDIC_JAVA_OPTS:--XX:+UseSerialGC -Xms16m -Xmx64m -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=16m -Xss512k -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError}"

dm_log() { printf '[dockmedic] %s\n' "$*" >&2; }
dm_die() { dm_log "ERROR: $*"; exit 1; }

dm_is_root() { [ "$(id -u)" = 0 ]; }

dm_apt_updated=""
dm_apt_install() {
  dm_is_root || dm_die "missing packages: $*; install them (apt-get install $*) or run as root"
  if [ -z "$dm_apt_updated" ]; then
    dm_log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    dm_apt_updated=1
  fi
  dm_log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Java 17+ and Maven.
dm_ensure_build_tools() {
  local need=()
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  [ ${#need[@]} -eq 0 ] || dm_apt_install "${need[@]}"
}

dm_engine_answers() {
  if [ -S "$DM_SOCK" ]; then
    curl -fsS --max-time 3 --unix-socket "$DM_SOCK" http://localhost/_ping >/dev/null 2>&1
  else
    return 1
  fi
}

# A Docker engine on the local socket, and busybox-static for the test images.
dm_ensure_engine() {
  command -v curl >/dev/null 2>&1 || dm_apt_install curl
  local need=()
  if ! dm_engine_answers; then
    command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  fi
  [ -x /bin/busybox ] && dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
  [ ${#need[@]} -eq 0 ] || dm_apt_install "${need[@]}"
  dm_engine_answers && return 0
  dm_is_root || dm_die "no Docker engine answers on $DM_SOCK; start one (dockerd) or run as root"
  # an old dockerd may still be shutting down: it holds the pid file
  local pidfile=/var/run/docker.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    dm_log "waiting for the previous dockerd to answer or exit"
    for _ in $(seq 1 100); do
      dm_engine_answers && return 0
      kill -0 "$(cat "$pidfile")" 2>/dev/null || break
      sleep 0.2
    done
  fi
  dm_log "starting dockerd (log: /var/log/dockmedic-dockerd.log)"
  nohup dockerd --iptables=false --live-restore >/var/log/dockmedic-dockerd.log 2>&1 &
  for _ in $(seq 1 150); do
    dm_engine_answers && { dm_log "engine is up"; return 0; }
    sleep 0.2
  done
  tail -20 /var/log/dockmedic-dockerd.log >&2 || true
  dm_die "dockerd did not answer within 30s"
}

# The fat jar, built when missing or older than the sources.
dm_ensure_jar() {
  if [ ! -f "$DM_JAR" ] || [ -n "$(find "$DM_ROOT/src/main" "$DM_ROOT/pom.xml" -newer "$DM_JAR" -print -quit 2>/dev/null)" ]; then
    dm_log "building $DM_JAR"
    (cd "$DM_ROOT" && mvn -B -q package -DskipTests) || dm_die "build failed"
  fi
}
