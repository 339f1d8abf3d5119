# Shared by the whole-build benchmarks (build.sh, cache.sh); sourced after the caller set $root, $keep and
# $bench_name (its name in messages). Makes the work directory $work, removes it at exit (unless --keep) with
# the registry start_registry started, and offers release, loadavg and start_registry.

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

cache=${KILN_BENCH_CACHE:-$root/bench/.cache}
work=$(mktemp -d "${KILN_BENCH_DIR:-/tmp}/kiln-${bench_name%.sh}-bench.XXXXXX")
registry_pid=

# Unmounts whatever is still mounted under $1 (deepest first), then removes it.
release() {
  local m
  for m in $(awk -v p="$1" 'index($5, p "/") == 1 {print $5}' /proc/self/mountinfo | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf "$1"
}
cleanup() {
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then echo "==> kept $work"; else release "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "==> $(nproc) cores, load average $(loadavg); work dir $work ($(stat -f -c %T "$work"))"

# Starts docker-registry on a free port of 127.0.0.1 with its storage in $work (deletes allowed, upload
# purging off); sets $registry (host:port) and $registry_pid; exits when it does not start.
start_registry() {
  kiln_start_registry "$work/registry" '  delete:' '    enabled: true' '  maintenance:' '    uploadpurging:' \
    '      enabled: false' && return 0
  echo "$bench_name: could not start docker-registry; last log:" >&2; tail -n 5 "$work/registry/registry.log" >&2
  exit 1
}

# Makes sure the executor that bench runs has a fresh AOT cache (scripts/aot.sh), as a packaged executor
# would: bin/kiln-java ignores a cache older than the jar or any jar in lib/, and a stale one left behind by a
# rebuild would make Kiln start without it (0.5 s more for a small build). Prints what it did. With KILN_HOME
# set, that installation is benchmarked as it is.
ensure_aot() {
  local state
  if [ -n "${KILN_HOME:-}" ]; then
    echo "==> KILN_HOME=$KILN_HOME: its AOT cache is used as it is"; return 0
  fi
  state=$(KILN_AOT=check bin/executor)
  if [ "${state%% *}" = fresh ]; then
    echo "==> AOT cache fresh: ${state#* }"
  else
    echo "==> AOT cache missing or older than the jars or the JDK: scripts/aot.sh"
    scripts/aot.sh | tail -n 1
  fi
}

