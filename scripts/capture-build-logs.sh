#!/usr/bin/env bash
# (Re)captures the golden build logs under src/test/resources/buildlogs/ from REAL builds on the
# local engine: the classic builder, BuildKit with plain and tty progress, and docker-compose (v1)
# build. Every failure is real: no registry is reachable here (a FROM of Docker Hub fails on DNS),
# a loopback registry stand-in (scripts/lib/FakeRegistry.java) answers 403/401/429/404 so the
# engine prints its own errors for them, a COPY names a missing file, a RUN fills /dev/shm, a RUN
# with --network none cannot resolve a host. Machine details (ports, resolver, temp paths, ids) are
# normalised. Not run by `mvn verify`: the tests read the committed files.
#
# Needs a docker CLI with built-in BuildKit (Debian's docker.io 20.10: /usr/bin/docker) or set
# DM_DOCKER. Usage: scripts/capture-build-logs.sh [OUTDIR]
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
OUT="${1:-$DM_ROOT/src/test/resources/buildlogs}"
dm_ensure_engine
dm_ensure_test_image
command -v script >/dev/null 2>&1 || dm_apt_install bsdutils
command -v docker-compose >/dev/null 2>&1 || dm_apt_install docker-compose

# a client that can run BuildKit without the buildx plugin (20.10 has it built in)
DOCKER="${DM_DOCKER:-}"
if [ -z "$DOCKER" ]; then
  for c in /usr/bin/docker $(type -ap docker); do
    case "$("$c" version --format '{{.Client.Version}}' 2>/dev/null)" in 20.10.*) DOCKER="$c"; break ;; esac
  done
fi
[ -n "$DOCKER" ] || dm_die "no docker 20.10 client with built-in BuildKit found; set DM_DOCKER"
dm_log "client: $DOCKER ($("$DOCKER" version --format '{{.Client.Version}}'))"

WORK="$(mktemp -d)"
REG_PID=""
cleanup() {
  [ -n "$REG_PID" ] && kill "$REG_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

java "$DM_ROOT/scripts/lib/FakeRegistry.java" "$WORK/port" >"$WORK/registry.log" 2>&1 &
REG_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { cat "$WORK/registry.log" >&2; dm_die "the loopback registry did not start"; }
REG="127.0.0.1:$(cat "$WORK/port")"
RESOLVER="$(awk '/^nameserver/ {print $2; exit}' /etc/resolv.conf)"

# Machine details out: registry port, resolver address, temp dirs, random container/image ids.
normalise() {
  sed -E -e "s#$REG#127.0.0.1:5000#g" \
      -e "s#${RESOLVER:-x.x.x.x}#127.0.0.53#g" \
      -e "s#$WORK/[a-z0-9-]+#/home/user/app#g" \
      -e 's#(---> |Running in |Removing intermediate container )[0-9a-f]{12}#\13f1c2a9b8d7e#g' \
      -e '/^#[0-9]+ sha256:[0-9a-f]{64}\r?$/d'
}

# Removes the intermediate images a failed classic build left behind (ids after non-FROM steps).
remove_intermediates() {
  awk '/^Step [0-9]+\/[0-9]+ : / {from = ($4 == "FROM")} /^ ---> [0-9a-f]+$/ && !from {print $2}' "$1" \
    | xargs -r "$DOCKER" rmi >/dev/null 2>&1 || true
}

# case NAME DOCKERFILE [FILE...]: writes the context $WORK/NAME with the Dockerfile text and empty files.
context() {
  local name="$1" dockerfile="$2"; shift 2
  mkdir -p "$WORK/$name"
  [ -z "$dockerfile" ] || printf '%s' "$dockerfile" >"$WORK/$name/Dockerfile"
  for f in "$@"; do : >"$WORK/$name/$f"; done
  printf 'services:\n  app:\n    build: .\n    image: dmcap-%s:1\n' "$name" >"$WORK/$name/docker-compose.yml"
}

# capture MODE NAME [docker build args...]: one failing build in one mode into $OUT/MODE/NAME.log
capture() {
  local mode="$1" name="$2"; shift 2
  mkdir -p "$OUT/$mode"
  local raw="$WORK/$mode-$name.raw"
  local rc=0
  case "$mode" in
    classic) (cd "$WORK/$name" && DOCKER_BUILDKIT=0 "$DOCKER" build --force-rm "$@" . >"$raw" 2>&1) || rc=$? ;;
    buildkit-plain) (cd "$WORK/$name" && DOCKER_BUILDKIT=1 "$DOCKER" build --progress=plain "$@" . >"$raw" 2>&1) || rc=$? ;;
    buildkit-tty) (cd "$WORK/$name" && DOCKER_BUILDKIT=1 script -qec "$DOCKER build --progress=tty $* ." /dev/null >"$raw" 2>&1) || rc=$? ;;
    compose-classic) (cd "$WORK/$name" && PATH="$(dirname "$DOCKER"):$PATH" DOCKER_BUILDKIT=0 \
        docker-compose -p "dmcap$$" build --force-rm >"$raw" 2>&1) || rc=$? ;;
    compose-buildkit) (cd "$WORK/$name" && PATH="$(dirname "$DOCKER"):$PATH" DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1 \
        docker-compose -p "dmcap$$" build >"$raw" 2>&1) || rc=$? ;;
    pull) ("$DOCKER" pull "$@" >"$raw" 2>&1) || rc=$? ;;
  esac
  remove_intermediates "$raw"
  if [ "$rc" = 0 ] && ! grep -qE 'failed to build|ERROR|rror' "$raw"; then
    dm_die "$mode/$name did not fail: $(tail -3 "$raw")"
  fi
  normalise <"$raw" >"$OUT/$mode/$name.log"
  dm_log "captured $mode/$name.log ($(wc -l <"$OUT/$mode/$name.log") lines)"
}

ALL_MODES="classic buildkit-plain buildkit-tty"

# A Docker Hub base image: no registry is reachable here, so name resolution fails for real.
context base-unreachable $'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n' requirements.txt
for m in $ALL_MODES compose-classic compose-buildkit; do capture "$m" base-unreachable; done

# Base images from the loopback registry, which answers 403 / 401 / 429 / 404.
for answer in forbidden unauthorized ratelimit unknown; do
  context "base-$answer" "FROM $REG/$answer/python:3.11-slim"$'\nRUN pip install --no-cache-dir flask\n'
  for m in classic buildkit-plain; do capture "$m" "base-$answer"; done
  capture pull "$answer" "$REG/$answer/python:3.11-slim"
done
capture buildkit-tty base-forbidden

# Nothing listens on the registry port: connection refused.
context base-refused $'FROM 127.0.0.1:1/library/python:3.11-slim\n'
for m in classic buildkit-plain; do capture "$m" base-refused; done

# A COPY of a file that is not in the build context.
context copy-missing $'FROM scratch\nCOPY requirements.txt /app/\nCOPY app.py /app/\n' requirements.txt
for m in $ALL_MODES compose-classic compose-buildkit; do capture "$m" copy-missing; done

# No Dockerfile in the context, and a -f name that does not exist.
context dockerfile-missing "" app.py
capture buildkit-plain dockerfile-missing -f Dockerfile.prod
mv "$OUT/buildkit-plain/dockerfile-missing.log" "$OUT/buildkit-plain/dockerfile-prod-missing.log"
for m in classic buildkit-plain; do capture "$m" dockerfile-missing; done

# A RUN step runs out of space (a 64 MB /dev/shm filled with 100 MB).
context run-no-space "FROM $DM_TEST_IMAGE"$'\nRUN ["/bin/busybox", "sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=100"]\n'
for m in classic buildkit-plain; do capture "$m" run-no-space; done

# A RUN step that needs the network, built with none: the resolver cannot be reached.
context run-no-network "FROM $DM_TEST_IMAGE"$'\nRUN ["/bin/busybox", "nslookup", "pypi.org"]\n'
for m in classic buildkit-plain; do capture "$m" run-no-network --network none; done

# A client without built-in BuildKit (23+) and without the buildx plugin, when there is one.
for c in $(type -ap docker); do
  text="$(cd "$WORK/copy-missing" && DOCKER_BUILDKIT=1 "$c" build . 2>&1 || true)"
  if grep -q 'buildx component is missing' <<<"$text"; then
    mkdir -p "$OUT/buildkit-plain"
    normalise <<<"$text" >"$OUT/buildkit-plain/buildx-missing.log"
    dm_log "captured buildkit-plain/buildx-missing.log with $c"
    break
  fi
done
dm_log "done: $OUT"
