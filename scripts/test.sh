#!/usr/bin/env bash
# Runs every test: unit tests (Surefire) and integration tests against a real Docker engine (Failsafe).
# As root on a fresh Debian machine it installs what is missing and starts dockerd itself.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
dm_ensure_build_tools
dm_ensure_engine
cd "$DM_ROOT"
exec mvn -B verify "$@"
