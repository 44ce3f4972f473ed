#!/bin/bash
# Builds teamtalk-base/debian:bookworm, the default base image of docker/ on machines that cannot
# pull from a registry: a minimal Debian 12 (debootstrap --variant=minbase) with ca-certificates,
# imported with `docker import`. Containers built from it still install packages (OpenJDK,
# MariaDB, Redis) from deb.debian.org. Needs root, debootstrap and a Docker engine; takes minutes.
# Usage: sudo docker/base/build-base.sh [IMAGE [SUITE [MIRROR]]]
set -euo pipefail
image="${1:-teamtalk-base/debian:bookworm}"
suite="${2:-bookworm}"
mirror="${3:-http://deb.debian.org/debian}"

if [ "$(id -u)" != 0 ]; then
    echo "build-base.sh: debootstrap needs root (run it with sudo)" >&2
    exit 2
fi
command -v debootstrap >/dev/null || { echo "build-base.sh: install debootstrap first (apt-get install debootstrap)" >&2; exit 2; }

root="$(mktemp -d /tmp/teamtalk-base.XXXXXX)"
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase --include=ca-certificates "$suite" "$root" "$mirror"
# keep the image small: no apt lists or caches in the layer
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
tar -C "$root" -c . | docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    - "$image"
docker images "$image"
