#!/usr/bin/env bash
# Runs the dockmedic agent against the local engine with built-in defaults
# (metrics on http://0.0.0.0:9464/metrics). Extra arguments go to `dockmedic run`, e.g. --config FILE.
# Environment: DOCKMEDIC_* overrides config keys (DOCKMEDIC_HTTP_LISTEN=127.0.0.1:9999),
# DOCKMEDIC_JAVA_OPTS replaces the shipped JVM flags.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
dm_ensure_build_tools
dm_ensure_engine
dm_ensure_jar
# shellcheck disable=SC2086
exec java $DM_JVM_FLAGS -jar "$DM_JAR" run "$@"
