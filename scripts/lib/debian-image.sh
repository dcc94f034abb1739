# Local Debian base images for Dockerfiles and test stacks, made without any registry:
# debootstrap (minbase of the host's Debian suite, from the host's own apt mirror) + `docker import`.
# Source it after common.sh (it uses dm_log, dm_die, dm_apt_install); do not run it.
#
#   ref="$(dm_debian_image dockmedic-debian-jdk openjdk-17-jdk-headless)"
#   docker build --build-arg BASE="$ref" ...
#
# The image is tagged NAME:HASH, where HASH covers the suite, the architecture, the sorted package list
# and the recipe version below, so the same list is built once per engine and later calls return at
# once; a different list gets a different tag. Downloaded .debs are kept in $DM_DEBOOTSTRAP_CACHE, so
# a second list mostly reuses them. Concurrent callers for the same image wait on one lock.
# Environment: DM_DEBIAN_MIRROR (default: the host's first Debian apt source), DM_DEBIAN_SUITE
# (default: the host's VERSION_CODENAME), DM_DEBOOTSTRAP_CACHE (default /var/cache/dockmedic/debootstrap).

DM_DEBIAN_RECIPE=1
DM_DEBOOTSTRAP_CACHE="${DM_DEBOOTSTRAP_CACHE:-/var/cache/dockmedic/debootstrap}"

# The host's Debian mirror: first URI of a non-security Debian source (deb822 or one-line format).
dm_debian_mirror() {
  if [ -n "${DM_DEBIAN_MIRROR:-}" ]; then echo "$DM_DEBIAN_MIRROR"; return 0; fi
  local uri
  uri="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}')"
  [ -n "$uri" ] || uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}')"
  [ -n "$uri" ] || dm_die "no Debian apt source found; set DM_DEBIAN_MIRROR"
  echo "$uri"
}

dm_debian_suite() {
  if [ -n "${DM_DEBIAN_SUITE:-}" ]; then echo "$DM_DEBIAN_SUITE"; return 0; fi
  local suite
  suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
  [ -n "$suite" ] || dm_die "cannot tell the host's Debian suite; set DM_DEBIAN_SUITE"
  echo "$suite"
}

# dm_debian_image NAME [PKG...]: prints NAME:HASH, a local image of Debian minbase plus PKGs (and
# their dependencies, no recommends), building it first if the engine does not have it.
dm_debian_image() {
  local name="$1"; shift
  [ -n "$name" ] || dm_die "usage: dm_debian_image NAME [PKG...]"
  local suite arch pkgs hash ref
  suite="$(dm_debian_suite)"
  arch="$(dpkg --print-architecture)"
  pkgs="$(printf '%s\n' "$@" | sed '/^$/d' | sort -u | paste -sd, -)"
  hash="$(printf 'recipe=%s\nsuite=%s\narch=%s\npackages=%s\n' "$DM_DEBIAN_RECIPE" "$suite" "$arch" "$pkgs" \
    | sha256sum | cut -c1-12)"
  ref="$name:$hash"
  if docker image inspect "$ref" >/dev/null 2>&1; then echo "$ref"; return 0; fi
  dm_is_root || dm_die "image $ref is missing and building it (debootstrap) needs root"
  command -v debootstrap >/dev/null 2>&1 || dm_apt_install debootstrap
  mkdir -p "$DM_DEBOOTSTRAP_CACHE" /var/lock
  (
    flock 9
    if docker image inspect "$ref" >/dev/null 2>&1; then exit 0; fi
    local root mirror t0=$SECONDS
    mirror="$(dm_debian_mirror)"
    root="$(mktemp -d /var/tmp/dm-rootfs.XXXXXX)"
    # shellcheck disable=SC2064
    trap "dm_debian_rootfs_remove '$root'" EXIT
    dm_log "debootstrap $suite minbase${pkgs:+ + $pkgs} for $ref"
    debootstrap --variant=minbase --arch="$arch" ${pkgs:+--include="$pkgs"} \
      --cache-dir="$DM_DEBOOTSTRAP_CACHE" "$suite" "$root" "$mirror" >"$root.log" 2>&1 \
      || { tail -30 "$root.log" >&2; dm_die "debootstrap failed for $ref (log: $root.log)"; }
    rm -f "$root.log"
    # what an image does not need: package lists and caches, docs, man pages
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
      "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/log/*.log
    tar --numeric-owner -C "$root" -c . | docker import \
      --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' \
      --change "LABEL io.dockmedic.debian.suite=$suite io.dockmedic.debian.packages=${pkgs:-none}" \
      - "$ref" >/dev/null || dm_die "docker import failed for $ref"
    dm_log "built $ref in $((SECONDS - t0)) s"
  ) 9>"/var/lock/dockmedic-debian-$name.lock" || return 1
  echo "$ref"
}

# Removes a debootstrap root, never following a mount that a failed run may have left inside it.
dm_debian_rootfs_remove() {
  local root="$1" m
  [ -d "$root" ] || return 0
  for m in proc sys dev/pts dev; do
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
  done
  rm -rf --one-file-system "$root" "$root.log"
}
