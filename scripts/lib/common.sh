# Shared helpers for dockmedic's scripts. Source it; do not run it.
# Installs what is missing (as root, from Debian's packages) and starts a Docker engine if none answers.

DM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DM_JAR="$DM_ROOT/target/dockmedic.jar"
DM_SOCK="${DOCKER_HOST:-unix:///var/run/docker.sock}"
DM_SOCK="${DM_SOCK#unix://}"
# The shipped JVM flags come from packaging/jvm.options (the one place they are set; the launcher of the
# package and the image reads the same file), then the class-data sharing archive of the jar when
# dm_ensure_jar has made it, then DOCKMEDIC_JAVA_OPTS (a later flag wins).
DM_JVM_OPTIONS="$DM_ROOT/packaging/jvm.options"
DM_CLASSLIST="$DM_ROOT/packaging/dockmedic.classlist"
DM_CDS_ARCHIVE="$DM_ROOT/target/dockmedic.jsa"
# dm_jvm_flags run: also the daemon-only flags ("#run: FLAG" lines, e.g. exit on OutOfMemoryError).
dm_jvm_flags() {
  local flags
  flags="$(sed 's/#.*//' "$DM_JVM_OPTIONS" | xargs)"
  [ "${1:-}" != run ] || flags="$flags $(sed -n 's/^#run:[[:space:]]*//p' "$DM_JVM_OPTIONS" | xargs)"
  [ ! -f "$DM_CDS_ARCHIVE" ] || flags="$flags -XX:SharedArchiveFile=$DM_CDS_ARCHIVE"
  echo "$flags ${DOCKMEDIC_JAVA_OPTS:-}"
}
# the agent's flags (every user of DM_JVM_FLAGS runs "dockmedic run")
DM_JVM_FLAGS="$(dm_jvm_flags run)"
# glibc keeps one malloc arena per thread by default; two are plenty for the agent (same in the launcher).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

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

# Podman's socket, when it is the engine here: no DOCKER_HOST or DOCKMEDIC_DOCKER_HOST set, no Docker
# socket, and Podman's rootful (/run/podman/podman.sock) or rootless ($XDG_RUNTIME_DIR/podman/podman.sock)
# socket exists. Prints the docker.host to use, or fails. Paths overridable for tests.
dm_podman_host() {
  [ -z "${DOCKER_HOST:-}" ] && [ -z "${DOCKMEDIC_DOCKER_HOST:-}" ] || return 1
  [ -S "${DM_DOCKER_SOCKET:-/var/run/docker.sock}" ] && return 1
  local s
  for s in "${DM_PODMAN_ROOTFUL_SOCKET:-/run/podman/podman.sock}" \
           ${XDG_RUNTIME_DIR:+"$XDG_RUNTIME_DIR/podman/podman.sock"}; do
    if [ -S "$s" ]; then printf 'unix://%s\n' "$s"; return 0; fi
  done
  return 1
}

# podman (Debian's 4.x) and podman-compose (1.0.x) for PodmanIT, which starts its own `podman system service`
# on a private socket and brings a stack up with podman-compose; and, for PodmanRootlessIT, the user that
# runs rootless Podman (DM_ROOTLESS_USER, with subordinate uids and gids for its user namespace; newuidmap
# from uidmap).
DM_ROOTLESS_USER=dockmedic-rootless
dm_ensure_podman() {
  local need=()
  command -v podman >/dev/null 2>&1 || need+=(podman)
  command -v podman-compose >/dev/null 2>&1 || need+=(podman-compose)
  command -v newuidmap >/dev/null 2>&1 || need+=(uidmap)
  [ ${#need[@]} -eq 0 ] || dm_apt_install "${need[@]}"
  command -v podman >/dev/null 2>&1 || dm_die "cannot install Debian's podman package"
  command -v podman-compose >/dev/null 2>&1 || dm_die "cannot install Debian's podman-compose package"
  dm_ensure_rootless_user
}

dm_ensure_rootless_user() {
  if ! id -u "$DM_ROOTLESS_USER" >/dev/null 2>&1; then
    dm_is_root || dm_die "no user $DM_ROOTLESS_USER for rootless Podman; run as root once to create it"
    dm_log "creating user $DM_ROOTLESS_USER (rootless Podman in the tests)"
    useradd --create-home --shell /usr/sbin/nologin "$DM_ROOTLESS_USER"
  fi
  if ! grep -q "^$DM_ROOTLESS_USER:" /etc/subuid 2>/dev/null || ! grep -q "^$DM_ROOTLESS_USER:" /etc/subgid 2>/dev/null; then
    dm_is_root || dm_die "user $DM_ROOTLESS_USER has no subordinate ids; run as root once to add them"
    usermod --add-subuids 300000-365535 --add-subgids 300000-365535 "$DM_ROOTLESS_USER"
  fi
}

# prometheus and promtool, from Debian's prometheus package: the tests check the alert rules with
# promtool and run their own prometheus on 127.0.0.1 (temporary config and storage, free port).
# The package's own service is kept from starting during the install (policy-rc.d) and disabled.
dm_ensure_prometheus() {
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 && return 0
  local policy=/usr/sbin/policy-rc.d added="" ok=""
  if dm_is_root && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1
  fi
  if dm_apt_install prometheus; then ok=1; fi
  [ -z "$added" ] || rm -f "$policy"
  [ -n "$ok" ] || dm_die "cannot install Debian's prometheus package"
  if [ -d /run/systemd/system ]; then
    systemctl disable prometheus >/dev/null 2>&1 || true
  fi
}

# prometheus-alertmanager, from Debian: AlertmanagerIT runs its own on 127.0.0.1 (temporary config and
# storage, free port, no cluster) and checks that diagnoses arrive as alerts and resolve. Its own
# service is kept from starting during the install (policy-rc.d) and disabled, as for prometheus.
dm_ensure_alertmanager() {
  command -v prometheus-alertmanager >/dev/null 2>&1 && return 0
  local policy=/usr/sbin/policy-rc.d added="" ok=""
  if dm_is_root && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1
  fi
  if dm_apt_install prometheus-alertmanager; then ok=1; fi
  [ -z "$added" ] || rm -f "$policy"
  [ -n "$ok" ] || dm_die "cannot install Debian's prometheus-alertmanager package"
  if [ -d /run/systemd/system ]; then
    systemctl disable prometheus-alertmanager >/dev/null 2>&1 || true
  fi
}

# The fat jar, built when missing or older than the sources, and its class-data sharing archive.
dm_ensure_jar() {
  if [ ! -f "$DM_JAR" ] || [ -n "$(find "$DM_ROOT/src/main" "$DM_ROOT/pom.xml" -newer "$DM_JAR" -print -quit 2>/dev/null)" ]; then
    dm_log "building $DM_JAR"
    (cd "$DM_ROOT" && mvn -B -q package -DskipTests) || dm_die "build failed"
  fi
  if [ ! -f "$DM_CDS_ARCHIVE" ] || [ "$DM_JAR" -nt "$DM_CDS_ARCHIVE" ] || [ "$DM_CLASSLIST" -nt "$DM_CDS_ARCHIVE" ] \
      || [ "$DM_JVM_OPTIONS" -nt "$DM_CDS_ARCHIVE" ]; then
    dm_log "making the class-data sharing archive $DM_CDS_ARCHIVE"
    "$DM_ROOT/packaging/make-cds-archive" java "$DM_JAR" "$DM_CLASSLIST" "$DM_JVM_OPTIONS" "$DM_CDS_ARCHIVE" \
      || dm_die "cannot make $DM_CDS_ARCHIVE"
  fi
  DM_JVM_FLAGS="$(dm_jvm_flags run)"
}

DM_TEST_IMAGE="dockmedic-test-busybox:3"
# A 2 MB local image (scratch + busybox-static): prints any log line, fails any HEALTHCHECK. No registry.
dm_ensure_test_image() {
  if docker image inspect "$DM_TEST_IMAGE" >/dev/null 2>&1; then return 0; fi
  local dir; dir="$(mktemp -d)"
  cp /bin/busybox "$dir/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "mkdir", "-p", "/tmp"]\nRUN ["/bin/busybox", "ln", "-s", "/bin/busybox", "/bin/sh"]\nENTRYPOINT ["/bin/busybox"]\n' >"$dir/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t "$DM_TEST_IMAGE" "$dir" >/dev/null || dm_die "cannot build $DM_TEST_IMAGE"
  rm -rf "$dir"
}

# A fleet of test containers for benchmarks: PREFIX-1..N (label dockmedic.fleet=PREFIX, compose
# project PROJECT, services app1..appN, no network), each logging 150 ordinary lines and a PostgreSQL
# password error, healthy until FLAGDIR/fail exists (probed every INTERVAL): touch that file for a
# burst of N unhealthy containers, remove it and they recover; FLAGDIR/fail-I turns PREFIX-I alone. FIRST (default 1) grows a fleet that
# already has PREFIX-1..FIRST-1.
dm_fleet_start() {
  local prefix="$1" project="$2" n="$3" flagdir="$4" interval="$5" first="${6:-1}" i
  for i in $(seq "$first" "$n"); do
    docker run -d --name "$prefix-$i" --network none --label "dockmedic.fleet=$prefix" \
      --label "com.docker.compose.project=$project" --label "com.docker.compose.service=app$i" \
      -v "$flagdir:/flag:ro" -e 'DATABASE_URL=postgresql://app:FleetPass123@postgres:5432/app' -e "DM_FLEET_INDEX=$i" \
      --health-cmd '/bin/busybox test ! -f /flag/fail -a ! -f /flag/fail-$DM_FLEET_INDEX' --health-interval "$interval" --health-retries 1 \
      --entrypoint /bin/busybox "$DM_TEST_IMAGE" sh -c \
      'i=0; while [ $i -lt 150 ]; do echo "INFO request $i served in 12ms"; i=$((i+1)); done; echo "psycopg2.OperationalError: connection to server at \"postgres\" (172.20.0.2), port 5432 failed: FATAL:  password authentication failed for user \"app\""; exec /bin/busybox sleep 3600' >/dev/null
  done
}

# Waits until all N containers of fleet PREFIX are healthy (at most 60 s).
dm_fleet_await_healthy() {
  local prefix="$1" n="$2" healthy=0
  for _ in $(seq 1 120); do
    healthy="$(docker ps --filter "label=dockmedic.fleet=$prefix" --filter health=healthy -q | wc -l)"
    [ "$healthy" -ge "$n" ] && return 0
    sleep 0.5
  done
  dm_die "only $healthy/$n containers of $prefix are healthy"
}

# Waits (at most SECONDS) until the agent on 127.0.0.1:PORT shows N active diagnoses of compose
# project PROJECT; prints how many it shows.
# Polls once a second, like a (fast) Prometheus: the latency comes from the agent's own timestamps,
# and a faster poll would measure the scrapes as much as the diagnoses.
dm_fleet_await_diagnosed() {
  local port="$1" project="$2" n="$3" secs="$4" got=0
  for _ in $(seq 1 "$secs"); do
    got="$(curl -fsS "http://127.0.0.1:$port/metrics" | grep -c "^dockmedic_active_diagnosis{.*project=\"$project\"" || true)"
    [ "$got" -ge "$n" ] && break
    sleep 1
  done
  echo "$got"
}

# Removes fleet PREFIX one container at a time: a hundred containers exiting at once has deadlocked
# a 20.10 engine (libnetwork's endpoint deletes).
dm_fleet_remove() {
  docker ps -aq --filter "label=dockmedic.fleet=$1" | xargs -r -n 1 docker rm -f >/dev/null 2>&1 || true
}

# dm_cpu_ms PID...: CPU time (user + system, ms) the processes used so far, summed (gone ones count 0).
dm_cpu_ms() {
  local pid ticks=0 hz
  hz="$(getconf CLK_TCK)"
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    ticks=$((ticks + $(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)))
  done
  echo $((ticks * 1000 / hz))
}

# dm_engine_cpu_snapshot [IDS_FILE]: "PID TICKS" for the engine behind the socket (the dockerd of
# /var/run/docker.pid and its containerd) and the containerd shims of the container ids in IDS_FILE
# (one full id a line), each with the CPU of its waited-for children (runc, health probes, exec'd
# processes). Other engines on the machine (tests start their own dockerd) are left out.
dm_engine_cpu_snapshot() {
  local ids="${1:-/dev/null}" dockerd pids
  dockerd="$(cat /var/run/docker.pid 2>/dev/null || true)"
  [ -n "$dockerd" ] || return 0
  pids="$dockerd $(ps -o pid= --ppid "$dockerd" 2>/dev/null | xargs)"
  pids="$pids $(ps -eo pid=,args= | awk 'NR == FNR { if ($1 != "") want["-id " $1] = 1; next }
    /containerd-shim/ { for (k in want) if (index($0, k " ") || substr($0, length($0) - length(k) + 1) == k) { print $1; break } }' "$ids" - | xargs)"
  local pid
  for pid in $pids; do
    [ -r "/proc/$pid/stat" ] || continue
    sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk -v p="$pid" '{print p, $12 + $13 + $14 + $15}' || true
  done
}

# dm_cpu_delta_ms BEFORE AFTER: CPU time (ms) used between two snapshots of dm_engine_cpu_snapshot (a
# process that ended in between is left out: a lower bound).
dm_cpu_delta_ms() {
  awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { b[$1] = $2; next } { d += $2 - ($1 in b ? b[$1] : 0) } END { printf "%d", d * 1000 / hz }' "$1" "$2"
}

# dm_busy_ticks: "BUSY TOTAL" jiffies of the whole machine so far (all cores), from /proc/stat.
dm_busy_ticks() {
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8; exit}' /proc/stat
}

# Everything a script that runs the agent against test containers needs.
dm_ensure_all() {
  dm_ensure_build_tools
  dm_ensure_engine
  dm_ensure_jar
  dm_ensure_test_image
}

# A free TCP port on loopback.
dm_free_port() {
  local p
  for p in $(shuf -i 20000-40000 -n 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  dm_die "no free port"
}

# Starts the agent in the background on 127.0.0.1:$1 with the shipped JVM flags (and those of
# DOCKMEDIC_JAVA_OPTS at call time) on DM_JAVA (default: java on the PATH); sets DM_AGENT_PID.
dm_start_agent() {
  local port="$1" log="$2"
  # shellcheck disable=SC2046
  DOCKMEDIC_HTTP_LISTEN="127.0.0.1:$port" DOCKMEDIC_RULES_DIRS="" DOCKMEDIC_STATE_DIR="$(mktemp -d)" \
    "${DM_JAVA:-java}" $(dm_jvm_flags run) -jar "$DM_JAR" run >"$log" 2>&1 &
  DM_AGENT_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" 2>/dev/null | grep -q '"event_stream_up":true' && return 0
    kill -0 "$DM_AGENT_PID" 2>/dev/null || { cat "$log" >&2; dm_die "agent exited"; }
    sleep 0.1
  done
  cat "$log" >&2
  dm_die "agent did not become ready"
}

# dm_training_run WORK: the daemon's training run for class-data sharing and AOT caches (the caller puts the
# dump flags in DOCKMEDIC_JAVA_OPTS, the JVM in DM_JAVA): start, one container that fails (inspect, logs,
# rules, diagnosis), every HTTP path, a rule reload, SIGTERM; returns once the JVM has exited (and written
# what it dumps at exit). The agent's log is WORK/training.log; the container is DM_TRAINING_NAME (for the
# caller's clean-up when it fails half-way).
dm_training_run() {
  local work="$1" name port
  DM_TRAINING_NAME="dmtraining-$$"
  name="$DM_TRAINING_NAME"
  port="$(dm_free_port)"
  dm_start_agent "$port" "$work/training.log"
  docker run -d --name "$name" --network none --label com.docker.compose.project=training \
    --label com.docker.compose.service=app --health-cmd '/bin/busybox false' --health-interval 1s --health-retries 1 \
    --entrypoint /bin/busybox "$DM_TEST_IMAGE" sh -c \
    'echo "FATAL:  password authentication failed for user \"app\""; exec /bin/busybox sleep 600' >/dev/null
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$port/metrics" 2>/dev/null | grep -q "^dockmedic_active_diagnosis{.*container=\"$name\"" && break
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/api/v1/diagnoses" >/dev/null
  curl -fsS -H 'Accept: application/openmetrics-text' "http://127.0.0.1:$port/metrics" >/dev/null
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null
  kill -HUP "$DM_AGENT_PID"
  sleep 2
  docker rm -f "$name" >/dev/null
  sleep 1
  kill "$DM_AGENT_PID"
  wait "$DM_AGENT_PID" || true
  DM_AGENT_PID=""
}

# dm_stream_up PORT: /healthz of the agent on 127.0.0.1:PORT says "event_stream_up":true. Bash's /dev/tcp,
# not curl: polling every 20 ms must not spawn processes that compete with the starting agent for the CPU.
dm_stream_up() {
  local line
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3
  while IFS= read -r -t 2 line <&3; do
    [[ "$line" != *'"event_stream_up":true'* ]] || { exec 3<&-; return 0; }
  done
  exec 3<&-
  return 1
}

# dm_timed_start JAVA FLAGS JAR STATE_DIR LOG: starts "JAVA FLAGS -jar JAR run" (FLAGS split on spaces) with HTTP on
# a free port of loopback and no rule directories, at priority NICE (default 0), and waits until /healthz says the
# event stream is up. Sets DM_AGENT_PID, DM_AGENT_PORT, DM_READY_MS (exec to ready) and DM_READY_CPU_MS (the CPU
# time, user + system, it used until then: what a busy machine does not stretch).
dm_timed_start() {
  local java="$1" flags="$2" jar="$3" state="$4" log="$5" t0
  DM_AGENT_PORT="$(dm_free_port)"
  t0="$(date +%s%N)"
  # shellcheck disable=SC2086
  DOCKMEDIC_HTTP_LISTEN="127.0.0.1:$DM_AGENT_PORT" DOCKMEDIC_RULES_DIRS="" DOCKMEDIC_STATE_DIR="$state" \
    nice -n "${NICE:-0}" "$java" $flags -jar "$jar" run >"$log" 2>&1 &
  DM_AGENT_PID=$!
  for _ in $(seq 1 1000); do
    if dm_stream_up "$DM_AGENT_PORT"; then
      DM_READY_MS=$((($(date +%s%N) - t0) / 1000000))
      DM_READY_CPU_MS="$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$DM_AGENT_PID/stat")"
      return 0
    fi
    kill -0 "$DM_AGENT_PID" 2>/dev/null || { cat "$log" >&2; dm_die "agent exited"; }
    sleep 0.02
  done
  dm_die "agent not ready within 20 s"
}

# dm_test_classpath DIR: compiles the tests and prints the classpath of the test classes with their
# dependencies (cached in DIR/classpath.txt until pom.xml changes), for scripts that run test-side tools.
dm_test_classpath() {
  local dir="$1"
  mkdir -p "$dir"
  (cd "$DM_ROOT" && { mvn -B -q -o test-compile >/dev/null 2>&1 || mvn -B -q test-compile >&2; })
  if [ ! -s "$dir/classpath.txt" ] || [ "$DM_ROOT/pom.xml" -nt "$dir/classpath.txt" ]; then
    # offline first; on a fresh machine the dependency plugin itself is not downloaded yet
    (cd "$DM_ROOT" && { mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$dir/classpath.txt" >/dev/null 2>&1 || mvn -B -q dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$dir/classpath.txt" >&2; })
    [ -s "$dir/classpath.txt" ] || dm_die "could not build the test classpath (mvn dependency:build-classpath)"
  fi
  echo "$DM_ROOT/target/test-classes:$DM_ROOT/target/classes:$(cat "$dir/classpath.txt")"
}
