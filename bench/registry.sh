#!/usr/bin/env bash
# Throughput of Kiln's registry client next to skopeo copy (see RegistryBenchmark).
# Usage: bench/registry.sh [layers=10] [MiB per layer=20] [rounds=3]
# Needs docker-registry and skopeo (apt packages of the same names). Not part of the build.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. scripts/lib.sh
kiln_find_jdk
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -o -q -pl engine -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
cp="engine/target/test-classes:engine/target/classes:$(cat "$cp_file")"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" \
    dev.kiln.engine.registry.RegistryBenchmark "$@"
