#!/usr/bin/env bash
# The whole test suite: installs the Debian packages the tests need when they are missing, then runs
# `./mvnw -B verify` (unit tests with Surefire, tests against real servers and tools with Failsafe).
# Usage: scripts/test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. scripts/lib.sh

# Real components the tests start: registry, reference builder, runtime, image tools (podman loads --tar-path
# tarballs), base-image sources.
PACKAGES=(docker-registry skopeo umoci runc buildah podman busybox-static debootstrap apache2-utils jq git openssl curl ca-certificates libcap2-bin)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "kiln: the tests need these Debian packages: ${missing[*]}" >&2
    echo "kiln: run this script as root (it installs them with apt-get), or install them yourself:" >&2
    echo "      sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "kiln: installing test prerequisites: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

kiln_find_jdk
echo "kiln: JAVA_HOME=$JAVA_HOME"
exec ./mvnw -B verify "$@"
