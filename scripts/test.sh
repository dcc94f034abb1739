#!/usr/bin/env bash
# Runs every test: unit tests (Surefire) and integration tests against a real Docker engine and a real
# Prometheus and a real Podman (Failsafe). As root on a fresh Debian machine it installs what is missing (Java, Maven,
# Docker, busybox-static, prometheus) and starts dockerd itself.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
dm_ensure_build_tools
dm_ensure_engine
dm_ensure_prometheus
dm_ensure_alertmanager
dm_ensure_podman
cd "$DM_ROOT"
exec mvn -B verify "$@"
