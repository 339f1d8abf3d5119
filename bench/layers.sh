#!/usr/bin/env bash
# Runs the layer and snapshot benchmarks (SnapshotBenchmark, ExtractBenchmark, LayerWriteBenchmark,
# GzipYardstickBenchmark) in one JMH run with the CPU-time profiler, then prints a table of medians and
# the issue's targets:
#   - unchanged 100k-file snapshot (rescan + diff) under 1 s on 2 cores;
#   - 512 MiB layer write, gzip on 2 threads, at least 1.6x single-core GZIPOutputStream (same run).
# Wall time on a shared machine also measures the neighbours, so the table gives CPU time per byte
# (MB per CPU-second) and the cores each benchmark really got; the load average and steal time of the run
# are printed too. Takes 10 to 20 minutes on 2 cores, depending on the neighbours.
#
# Usage: bench/layers.sh [JMH options]        e.g. bench/layers.sh -wi 1 -i 1   (quicker, rougher)
#        bench/layers.sh --report FILE.json   reprints the table of an earlier run
# KILN_BENCH_OUT=DIR keeps the JSON and the JMH log there (default: a new /tmp/kiln-layers-bench.* dir).
# KILN_BENCH_DIR=DIR puts the benchmarks' trees and layers there instead of /tmp (e.g. /dev/shm to leave
# the disk out); the script prints what creating a file costs there, which extraction pays per entry.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

report() { # $1: JMH JSON result file
  jq -r '
    def median: map(select(. != null)) | sort
      | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
        else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    def r1: if . == null then "-" elif . < 10 then (. * 100 | round) / 100 | tostring
      else (. * 10 | round) / 10 | tostring end;
    def raw: [.rawData[][]] | median;
    def sec($m): (.secondaryMetrics[$m] // null) | if . == null then null else raw end;
    ["benchmark", "params", "median", "unit", "MB/s", "MB/cpu-s", "cores", "cpu ms/op"],
    (.[] | [(.benchmark | split(".") | .[-2:] | join(".")),
            (.params // {} | to_entries | map("\(.key)=\(.value)") | join(",") | if . == "" then "-" else . end),
            (.primaryMetric | raw | r1), .primaryMetric.scoreUnit,
            (sec("throughput") | r1), (sec("cpuThroughput") | r1),
            (sec("cores") | if . == null then "-" else (. * 100 | round) / 100 | tostring end),
            (sec("cpuTime") | r1)])
    | @tsv' "$1" | column -t -s $'\t'
  echo
  jq -r '
    def median: map(select(. != null)) | sort
      | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
        else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    def raw: [.rawData[][]] | median;
    def pick($name; $p): [.[] | select((.benchmark | endswith($name))
      and ((.params // {}) | contains($p)))] | first;
    def sec($m): if . == null then null else (.secondaryMetrics[$m] // null) | if . == null then null else raw end end;
    def f2: if . == null then "n/a" else (. * 100 | round) / 100 | tostring end;
    def fx: if . == null then "n/a" else f2 + "x" end;
    def twice: if . == null then null else 2 * . end;
    def ratio($a; $b): if $a == null or $b == null or $b == 0 then null else $a / $b end;
    (pick("GzipYardstickBenchmark.gzip"; {})) as $gz
    | (pick("LayerWriteBenchmark.write"; {shape: "big512m", compression: "gzip", threads: "2"})) as $w2
    | (pick("LayerWriteBenchmark.write"; {shape: "big512m", compression: "gzip", threads: "1"})) as $w1
    | (pick("GzipYardstickBenchmark.parallelGzip"; {threads: "2"})) as $p2
    | (pick("GzipYardstickBenchmark.parallelGzip"; {threads: "1"})) as $p1
    | (pick("SnapshotBenchmark.unchanged"; {})) as $snap
    | "unchanged 100k snapshot: \($snap | if . == null then null else .primaryMetric | raw end | f2) ms (target < 1000 ms)",
      "layer write 512 MiB gzip 2 threads / single-core gzip: \(ratio($w2 | sec("throughput"); $gz | sec("throughput")) | fx) (target >= 1.6x)",
      "  same, 1 thread / single-core gzip: \(ratio($w1 | sec("throughput"); $gz | sec("throughput")) | fx)",
      "  cores used: layer write 2 threads \($w2 | sec("cores") | f2), single-core gzip \($gz | sec("cores") | f2)",
      "  CPU per byte, layer write 2 threads / 1 thread: \(ratio($w1 | sec("cpuThroughput"); $w2 | sec("cpuThroughput")) | f2) (1.0 = parallelism costs no extra CPU)",
      "  if both cores were ours: 2 x layer write MB/cpu-s / gzip MB/cpu-s = \(ratio($w2 | sec("cpuThroughput") | twice; $gz | sec("cpuThroughput")) | fx) (upper bound)",
      "parallel gzip alone, 2 threads / 1 thread: \(ratio($p2 | sec("throughput"); $p1 | sec("throughput")) | fx) wall, \($p2 | sec("cores") | f2) cores used"
  ' "$1"
}

if [ "${1:-}" = "--report" ]; then
  report "$2"
  exit 0
fi

. scripts/lib.sh
kiln_find_jdk
command -v jq >/dev/null || { echo "layers.sh: needs jq" >&2; exit 1; }
jar=benchmarks/target/kiln-benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find benchmarks/src engine/src/main benchmarks/pom.xml engine/pom.xml -newer "$jar" -type f | head -1)" ]; then
  ./mvnw -B -q -DskipTests package -pl benchmarks -am
fi
out=${KILN_BENCH_OUT:-$(mktemp -d /tmp/kiln-layers-bench.XXXXXX)}
mkdir -p "$out"

probe_create() { # microseconds of wall time per empty file created under $1 (1,000 files)
  local d t0 t1 i
  d=$(mktemp -d "$1/kiln-bench-probe.XXXXXX")
  t0=$(date +%s%N)
  for i in $(seq 1000); do : > "$d/f$i"; done
  t1=$(date +%s%N)
  rm -rf "$d"
  echo $(( (t1 - t0) / 1000000 ))
}
scratch=${KILN_BENCH_DIR:-/tmp}
create_us=$(probe_create "$scratch")

cpu() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8, $5 + $6, $9 }' /proc/stat; } # busy idle steal (jiffies)
read -r busy0 idle0 steal0 < <(cpu)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$jar" \
  'dev\.kiln\.benchmarks\.(SnapshotBenchmark|ExtractBenchmark|LayerWriteBenchmark|GzipYardstickBenchmark)\.' \
  -prof dev.kiln.benchmarks.CpuTimeProfiler -rf json -rff "$out/layers.json" "$@" > "$out/jmh.log" 2>&1 \
  || { tail -40 "$out/jmh.log" >&2; echo "layers.sh: JMH failed, log in $out/jmh.log" >&2; exit 1; }
read -r busy1 idle1 steal1 < <(cpu)
total=$(( (busy1 - busy0) + (idle1 - idle0) + (steal1 - steal0) ))

echo "Kiln layer benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "load average before $load0, after $(cut -d' ' -f1-3 /proc/loadavg);" \
  "during the run: $(( 100 * (busy1 - busy0) / (total > 0 ? total : 1) ))% of all cores busy (ours and others')," \
  "$(( 100 * (steal1 - steal0) / (total > 0 ? total : 1) ))% stolen by the hypervisor"
echo "scratch trees under $scratch, where creating a file took $create_us µs (tmpfs: under 10 µs)"
echo "medians of the measured iterations; MB = 10^6 bytes of uncompressed tar (or gzip input)"
echo
report "$out/layers.json"
echo
echo "JSON and JMH log: $out"
