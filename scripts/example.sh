#!/usr/bin/env bash
# Builds Kiln, then runs the executor on examples/hello offline (FROM scratch + COPY, no registry):
# writes out/hello (an OCI layout) and out/hello.tar (a docker-save tarball), then shows the image config.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. scripts/lib.sh
kiln_find_jdk || exit 1

echo "==> building Kiln (./mvnw -B -DskipTests package)"
./mvnw -B -q -DskipTests package || { echo "kiln: the Maven build failed" >&2; exit 1; }
echo "==> $(bin/executor version)"

rm -rf out/hello out/hello.tar out/work
mkdir -p out
echo "==> bin/executor --context dir://examples/hello --no-push --oci-layout-path out/hello --tar-path out/hello.tar"
bin/executor --context "dir://$PWD/examples/hello" --dockerfile Dockerfile --no-push \
  --oci-layout-path out/hello --tar-path out/hello.tar --digest-file out/hello.digest \
  --kaniko-dir "$PWD/out/work" --log-format text
echo "==> wrote the OCI layout out/hello and the tarball out/hello.tar, image $(cat out/hello.digest)"
manifest=$(sed -n 's/.*"digest":"sha256:\([0-9a-f]*\)".*/\1/p' out/hello/index.json | head -n1)
config=$(sed -n 's/.*"config":{[^}]*"digest":"sha256:\([0-9a-f]*\)".*/\1/p' "out/hello/blobs/sha256/$manifest")
echo "==> its config:"
cat "out/hello/blobs/sha256/$config"; echo
