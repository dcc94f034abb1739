#!/usr/bin/env bash
# Builds the dockmedic container image (packaging/Dockerfile) with no registry: the JDK and runtime
# base images are made locally (debootstrap + docker import, cached by their package lists).
# Usage: scripts/build-image.sh [TAG]   (default dockmedic:local); prints the tag. The JRE build stage
# is tagged TAG-jre, so that `docker rmi TAG TAG-jre` removes all that the build made.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
. "$DM_ROOT/scripts/lib/debian-image.sh"
dm_ensure_build_tools
dm_ensure_engine
dm_ensure_jar
TAG="${1:-dockmedic:local}"
JDK_BASE="$(dm_debian_image dockmedic-debian-jdk openjdk-17-jdk-headless)"
RUNTIME_BASE="$(dm_debian_image dockmedic-debian)"
dm_log "docker build $TAG (JDK_BASE=$JDK_BASE RUNTIME_BASE=$RUNTIME_BASE)"
# the build context: only what the Dockerfile copies (not the whole repository)
CONTEXT="$(mktemp -d)"
LOG="$CONTEXT/build.log"
trap 'rm -rf "$CONTEXT"' EXIT
mkdir -p "$CONTEXT/target"
cp -p "$DM_JAR" "$CONTEXT/target/"
cp -pr "$DM_ROOT/packaging" "$CONTEXT/"
build() {
  DOCKER_BUILDKIT=0 docker build --network none -f "$CONTEXT/packaging/Dockerfile" \
    --build-arg JDK_BASE="$JDK_BASE" --build-arg RUNTIME_BASE="$RUNTIME_BASE" "$@" "$CONTEXT" >"$LOG" 2>&1 \
    || { tail -30 "$LOG" >&2; dm_die "docker build failed"; }
}
build --target jre -t "$TAG-jre"
build -t "$TAG"
echo "$TAG"
