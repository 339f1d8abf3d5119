#!/usr/bin/env bash
# Creates the JDK 25 AOT cache (JEP 483/514/515) that bin/kiln-java uses to start the executor (or warmer)
# faster: kiln-MODULE.aot next to the jar ($KILN_HOME/lib or MODULE/target), from a training run of the real
# launcher, so the JVM flags, the class path and the jar's path are the production ones.
#
# Usage: scripts/aot.sh [--module executor|warmer] [--measure [N]] [--keep-log] [--offline]
#   --measure [N]  then time `bin/MODULE version` and `bin/MODULE --help` with and without the cache,
#                  interleaved, N runs each (default 20), and print the medians
#   --offline      train the executor without a registry even when docker-registry is installed
# Builds the module's jar first when it is missing. Rerun after every build: bin/kiln-java ignores a cache
# older than the jar, any jar in its lib/ or the JDK.
#
# Training: a JDK 25 cache comes from ONE JVM run (-XX:AOTCacheOutput); runs cannot be merged, and a
# training driver on the class path would not match production's class path. So the commands below are
# alternatives in order of coverage: the first whose required path exists is the training run. Add a line
# to train on something else; '@ROOT@' is the source tree, '@TMP@' a scratch directory removed afterwards.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
root=$PWD
. scripts/lib.sh

# "REQUIRED_PATH|ARGS" (ARGS split on spaces; REQUIRED_PATH empty for none, @REGISTRY@ for "the training
# registry is running").
training_executor=(
  # With `docker-registry` on PATH (and not --offline): the same build of examples/training, but its final
  # stage FROM a base this script first pushes to a docker-registry on 127.0.0.1 (the Dockerfile's `tools`
  # stage, built with --target), and the result pushed there too: pull, gzip extraction, registry client,
  # Netty and push are then trained as well. Offline training leaves about 1,100 of their classes out of
  # the cache and their methods without profiles (measured on the bench's 15-RUN build: 1,630 classes
  # loaded outside the cache against 520). @REGISTRY@ is the registry's host:port.
  "@REGISTRY@|--context dir://@TMP@/training --dockerfile Dockerfile --destination @REGISTRY@/training/app:latest --insecure --insecure-pull --build-arg BASE=@REGISTRY@/training/base:latest --oci-layout-path @TMP@/training-out --tar-path @TMP@/training.tar --kaniko-dir @TMP@/kaniko --log-format text"
  # An offline multi-stage build of examples/training (copied with the host's busybox-static): COPY, RUN
  # in namespaces, cache mounts, snapshots, layer writing and the OCI layout and tarball writers.
  "/bin/busybox|--context dir://@TMP@/training --dockerfile Dockerfile --no-push --oci-layout-path @TMP@/training-out --tar-path @TMP@/training.tar --kaniko-dir @TMP@/kaniko --log-format text"
  # An offline build of examples/hello: flag parsing, logging, the build context, the engine and the OCI
  # layout writer. Until the build engine lands the executor stops after checking the flags, with exit 1.
  "@ROOT@/examples/hello/Dockerfile|--context dir://@ROOT@/examples/hello --dockerfile Dockerfile --no-push --oci-layout-path @TMP@/hello --tar-path @TMP@/hello.tar --kaniko-dir @TMP@/kaniko --log-format text"
  "|--help"
  "|version"
)
training_warmer=(
  "|--help"
)

module=executor measure=0 rounds=20 keep_log=0 offline=0
while [ $# -gt 0 ]; do
  case "$1" in
    --module) module=${2:?--module needs executor or warmer}; shift 2;;
    --measure) measure=1; shift
               if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then rounds=$1; shift; fi;;
    --keep-log) keep_log=1; shift;;
    --offline) offline=1; shift;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;;
    *) echo "aot.sh: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
case "$module" in executor|warmer) ;; *) echo "aot.sh: --module must be executor or warmer, not $module" >&2; exit 2;; esac

kiln_find_jdk
# bin/kiln-java must pick the same JDK as this training run.
export JAVA_HOME

jar=
for c in ${KILN_HOME:+"$KILN_HOME/lib/kiln-$module.jar"} "$root/$module/target/kiln-$module.jar"; do
  if [ -f "$c" ]; then jar=$c; break; fi
done
if [ -z "$jar" ]; then
  echo "==> kiln-$module.jar is missing: ./mvnw -B -o -q -DskipTests -pl $module -am package"
  ./mvnw -B -o -q -DskipTests -pl "$module" -am package
  jar=$root/$module/target/kiln-$module.jar
fi
cache=${jar%.jar}.aot

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kiln-aot.XXXXXX")
log=$tmp/training.log
registry= registry_pid=
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2> /dev/null || true; wait "$registry_pid" 2> /dev/null || true; fi
  if [ "$keep_log" = 1 ] && [ -f "$log" ]; then cp "$log" "$cache.log"; echo "==> training log: $cache.log"; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# Starts docker-registry on a free port of 127.0.0.1 with its storage in $tmp and pushes the training
# base (examples/training's `tools` stage) with the executor itself; sets $registry, or leaves it empty
# (with a note) when something fails, and the training falls back to the offline build.
start_registry() {
  if ! kiln_start_registry "$tmp/registry"; then echo "==> docker-registry did not start: offline training"; return 0; fi
  echo "==> training base: bin/$module --target tools --destination $registry/training/base:latest"
  if ! KILN_AOT=off "bin/$module" --context "dir://$tmp/training" --dockerfile Dockerfile --target tools \
         --destination "$registry/training/base:latest" --insecure --kaniko-dir "$tmp/kaniko-base" \
         --log-format text > "$tmp/base.log" 2>&1; then
    echo "==> pushing the training base failed (last line: $(tail -n 1 "$tmp/base.log")): offline training"
    registry=
  fi
  rm -rf "$tmp/kaniko-base"
}

if [ -x /bin/busybox ]; then
  mkdir -p "$tmp/training" && cp "$root/examples/training/Dockerfile" /bin/busybox "$tmp/training/"
fi
if [ "$module" = executor ] && [ "$offline" = 0 ] && [ -x /bin/busybox ] && command -v docker-registry > /dev/null; then
  start_registry
fi

declare -n training="training_$module"
chosen=
for entry in "${training[@]}"; do
  need=${entry%%|*}; need=${need//@ROOT@/$root}
  if [ "$need" = @REGISTRY@ ]; then
    if [ -n "$registry" ]; then chosen=${entry#*|}; break; fi
    continue
  fi
  if [ -z "$need" ] || [ -e "$need" ]; then chosen=${entry#*|}; break; fi
done
[ -n "$chosen" ] || { echo "aot.sh: no training command for $module can run here" >&2; exit 1; }
chosen=${chosen//@ROOT@/$root}; chosen=${chosen//@TMP@/$tmp}; chosen=${chosen//@REGISTRY@/$registry}
read -r -a args <<< "$chosen"

# The JVM writes the cache when the training run exits, whatever its exit code; it creates FILE.config
# beside FILE while it works. Write under a temporary name and move it in place: a half-written cache is
# never picked up, and its mtime is after the jar's.
partial=$cache.partial.$$
echo "==> training: bin/$module ${args[*]}"
start=$(date +%s%N)
set +e
KILN_AOT_TRAIN=$partial "bin/$module" "${args[@]}" > "$log" 2>&1
rc=$?
set -e
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ ! -s "$partial" ]; then
  rm -f "$partial" "$partial.config"
  echo "aot.sh: the training run (exit $rc) wrote no cache; its output:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
mv -f "$partial" "$cache"
echo "==> wrote $cache ($(( $(stat -c %s "$cache") / 1048576 )) MiB, training exit $rc, ${ms} ms)"

[ "$measure" = 1 ] || exit 0

# Medians over $rounds runs of the wall time (date +%s%N) and of the CPU time (user + system, GNU time,
# which a busy neighbour disturbs less), interleaving the launches with and without the cache.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
run_once() { # prints "wall_ms cpu_ms"
  local s e
  s=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$tmp/time" "$@" > /dev/null 2>&1 || true
  e=$(date +%s%N)
  awk -v w=$(( (e - s) / 1000000 )) '{printf "%d %d\n", w, ($1 + $2) * 1000}' "$tmp/time"
}
echo "==> load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-24s %13s %13s %7s %13s %13s\n' "median of $rounds runs" "wall ms, none" "wall ms, AOT" ratio "cpu ms, none" "cpu ms, AOT"
for cmd in version --help; do
  : > "$tmp/off"; : > "$tmp/on"
  for _ in $(seq 1 "$rounds"); do
    KILN_AOT=off run_once "bin/$module" "$cmd" >> "$tmp/off"
    run_once "bin/$module" "$cmd" >> "$tmp/on"
  done
  w0=$(cut -d' ' -f1 "$tmp/off" | median); w1=$(cut -d' ' -f1 "$tmp/on" | median)
  c0=$(cut -d' ' -f2 "$tmp/off" | median); c1=$(cut -d' ' -f2 "$tmp/on" | median)
  printf '%-24s %13s %13s %7s %13s %13s\n' "bin/$module $cmd" "$w0" "$w1" \
    "$(awk -v a="$w1" -v b="$w0" 'BEGIN {printf "%.2f", a / b}')" "$c0" "$c1"
done
echo "==> load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
