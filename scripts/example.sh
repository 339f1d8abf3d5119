#!/usr/bin/env bash
# Builds Kiln, then runs the executor on examples/hello offline (FROM scratch + COPY, no registry).
# Writes out/hello (OCI layout) and out/hello.tar (docker-save tarball) once the build engine exists;
# until then it says what the executor checked and what it did not do.
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. scripts/lib.sh
kiln_find_jdk || exit 1

echo "==> building Kiln (./mvnw -B -DskipTests package)"
./mvnw -B -q -DskipTests package || { echo "kiln: the Maven build failed" >&2; exit 1; }
echo "==> $(bin/executor version)"

rm -rf out/hello out/hello.tar
mkdir -p out
echo "==> bin/executor --context dir://examples/hello --no-push --oci-layout-path out/hello --tar-path out/hello.tar"
bin/executor --context "dir://$PWD/examples/hello" --dockerfile Dockerfile --no-push \
  --oci-layout-path out/hello --tar-path out/hello.tar --log-format text
rc=$?
if [ -f out/hello/index.json ]; then
  echo "==> wrote OCI layout out/hello and tarball out/hello.tar"
  exit $rc
fi
echo "==> the executor checked the command line and exited $rc without writing an image:"
echo "    this version has the foundation (OCI model, layouts and tarballs, POSIX access, launchers);"
echo "    the Dockerfile build engine that turns examples/hello into an image is not in it yet."
exit 0
