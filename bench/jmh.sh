#!/usr/bin/env bash
# Runs the JMH benchmarks of the engine's hot paths with the project's JDK 25.
# Usage: bench/jmh.sh [JMH regex and options]   e.g. bench/jmh.sh DigestBenchmark -f 1 -wi 3 -i 5
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. scripts/lib.sh
kiln_find_jdk
[ -f benchmarks/target/kiln-benchmarks.jar ] || ./mvnw -B -q -DskipTests package -pl benchmarks -am
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar benchmarks/target/kiln-benchmarks.jar "$@"
