#!/usr/bin/env bash
# Runs the dockmedic agent against the local engine with built-in defaults (Docker's socket, or Podman's
# rootful or rootless socket when there is no Docker socket and no DOCKER_HOST)
# (metrics on http://0.0.0.0:9464/metrics). Extra arguments go to `dockmedic run`, e.g. --config FILE.
# Environment: DOCKMEDIC_* overrides config keys (DOCKMEDIC_HTTP_LISTEN=127.0.0.1:9999),
# DOCKMEDIC_JAVA_OPTS replaces the shipped JVM flags.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
dm_ensure_build_tools
if podman_host="$(dm_podman_host)"; then
  dm_log "no Docker socket: watching Podman on $podman_host"
  export DOCKER_HOST="$podman_host"
else
  dm_ensure_engine
fi
dm_ensure_jar
# shellcheck disable=SC2086
exec java $DM_JVM_FLAGS -jar "$DM_JAR" run "$@"
