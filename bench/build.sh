#!/usr/bin/env bash
# Whole-build benchmark: Kiln's executor next to buildah on three contexts, cold, each build pushed to a
# local docker-registry; prints medians of wall time and peak RSS and the Kiln/buildah ratios.
#
# Usage: bench/build.sh [-n ROUNDS] [--only smallfiles|bigfile|runs] [--builders kiln,buildah]
#                       [--buildah-driver overlay|vfs] [--keep]
#   -n ROUNDS        rounds per context (default 5); builders alternate which goes first each round
#   --only NAME      one context: smallfiles (20,000 files of 1-4 KiB in 200 dirs, then a RUN appending to
#                    100 of them), bigfile (one 512 MiB file of random data), runs (15 small RUN steps)
#   --builders LIST  kiln, buildah or both (default kiln,buildah)
#   --buildah-driver buildah's storage driver (default overlay, its usual one; vfs copies every layer)
#   --keep           keep the work directory (registry storage, logs) and print its path
# Environment: KILN_BENCH_DIR (default /tmp) holds the work directory; KILN_BENCH_CACHE (default bench/.cache)
# the generated contexts, made once (the 512 MiB file takes a few seconds).
#
# Every build starts cold: Kiln with a new --kaniko-dir, buildah with a new --root/--runroot and, in a private
# mount namespace, an empty blob-info cache (/var/lib/containers/cache is shared by every buildah and skopeo
# run of the machine and would let a later round mount layers it pushed before instead of uploading them).
# Each build pushes to a new repository. Timed: build and push together, with GNU time (wall seconds and
# the peak RSS of the largest process: the JVM for Kiln; buildah build or buildah push for buildah).
# Needs root and: docker-registry skopeo umoci buildah busybox-static curl jq time (apt packages).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
root=$PWD

rounds=5 only= builders=kiln,buildah driver=overlay keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n) rounds=${2:?-n needs a number}; shift 2;;
    --only) only=${2:?--only needs smallfiles, bigfile or runs}; shift 2;;
    --builders) builders=${2:?--builders needs kiln, buildah or kiln,buildah}; shift 2;;
    --buildah-driver) driver=${2:?--buildah-driver needs overlay or vfs}; shift 2;;
    --keep) keep=1; shift;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;;
    *) echo "build.sh: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "build.sh: -n must be a positive number, not $rounds" >&2; exit 2; }
contexts=(smallfiles bigfile runs)
if [ -n "$only" ]; then
  case "$only" in smallfiles|bigfile|runs) contexts=("$only");;
    *) echo "build.sh: --only must be smallfiles, bigfile or runs, not $only" >&2; exit 2;; esac
fi
use_kiln=0 use_buildah=0
IFS=, read -r -a blist <<< "$builders"
for b in "${blist[@]}"; do
  case "$b" in kiln) use_kiln=1;; buildah) use_buildah=1;;
    *) echo "build.sh: --builders takes kiln and/or buildah, not $b" >&2; exit 2;; esac
done
case "$driver" in overlay|vfs) ;; *) echo "build.sh: --buildah-driver must be overlay or vfs, not $driver" >&2; exit 2;; esac
[ "$(id -u)" = 0 ] || { echo "build.sh: run as root (buildah and Kiln's RUN need it)" >&2; exit 2; }

missing=
for t in docker-registry skopeo umoci curl jq unshare; do command -v "$t" > /dev/null || missing="$missing $t"; done
[ -x /usr/bin/time ] || missing="$missing time"
[ -x /bin/busybox ] || missing="$missing busybox-static"
[ "$use_buildah" = 0 ] || command -v buildah > /dev/null || missing="$missing buildah"
[ -z "$missing" ] || { echo "build.sh: missing tools:$missing (apt-get install them)" >&2; exit 2; }

bench_name=build.sh
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

# ---- contexts (cached: generating them is not what is measured) -------------------------------------
# Each context's Dockerfile takes the base image as ARG BASE, since the registry's port changes every run.
make_contexts() {
  local c d
  for c in "${contexts[@]}"; do
    d=$cache/contexts/$c
    mkdir -p "$d"
    case "$c" in
      smallfiles)
        if [ ! -f "$d/.complete" ]; then
          echo "==> generating $d/files (20,000 files, once)"
          rm -rf "$d/files" && mkdir -p "$d/files"
          for i in $(seq 0 199); do mkdir "$d/files/d$i"; done
          # 96 KiB of base64 random text; each file is a slice of 1024-4096 bytes at a random offset.
          head -c 98304 /dev/urandom | base64 -w0 > "$d/.pool"
          awk -v dir="$d/files" 'BEGIN { srand(42) } { pool = $0 } END {
              for (i = 0; i < 200; i++) for (j = 0; j < 100; j++) {
                len = 1024 + int(rand() * 3073); off = int(rand() * (length(pool) - len))
                f = dir "/d" i "/f" j; printf "%s", substr(pool, off + 1, len) > f; close(f) } }' "$d/.pool"
          rm -f "$d/.pool"
          touch "$d/.complete"
        fi
        printf '%s\n' 'ARG BASE' 'FROM $BASE' 'COPY files /data' \
          'RUN for i in $(seq 0 99); do echo x >> /data/d$i/f0; done' > "$d/Dockerfile";;
      bigfile)
        if [ ! -f "$d/.complete" ]; then
          echo "==> generating $d/big.bin (512 MiB of random data, once)"
          head -c 536870912 /dev/urandom > "$d/big.bin.partial" && mv "$d/big.bin.partial" "$d/big.bin"
          touch "$d/.complete"
        fi
        printf '%s\n' 'ARG BASE' 'FROM $BASE' 'COPY big.bin /big.bin' > "$d/Dockerfile";;
      runs)
        { printf '%s\n' 'ARG BASE' 'FROM $BASE'; for i in $(seq 1 15); do echo "RUN echo $i > /f$i"; done; } > "$d/Dockerfile"
        touch "$d/.complete";;
    esac
    # Neither builder should read the generator's marker files.
    printf '%s\n' '.complete' > "$d/.dockerignore"
  done
}

# ---- base image: busybox-static with its applet links, made with umoci, pushed once with skopeo -------
push_base() {
  local w=$work/base r a
  mkdir -p "$w"
  umoci init --layout "$w/oci"
  umoci new --image "$w/oci:latest"
  umoci unpack --image "$w/oci:latest" "$w/bundle" > /dev/null
  r=$w/bundle/rootfs
  mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,root,proc,sys,dev,var,tmp}
  chmod 1777 "$r/tmp"; chmod 700 "$r/root"
  install -m 755 /bin/busybox "$r/bin/busybox"
  for a in $(/bin/busybox --list-full); do
    [ "$a" = bin/busybox ] || [ -e "$r/$a" ] || [ -L "$r/$a" ] || { mkdir -p "$r/$(dirname "$a")"; ln -s /bin/busybox "$r/$a"; }
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' > "$r/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' > "$r/etc/group"
  umoci repack --image "$w/oci:latest" "$w/bundle" > /dev/null
  umoci config --image "$w/oci:latest" --architecture amd64 --os linux \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.cmd sh --config.workingdir / --author kiln-bench > /dev/null
  umoci gc --layout "$w/oci"
  release "$w/bundle"
  base=$registry/bench/busybox:latest
  skopeo copy -q --dest-tls-verify=false "oci:$w/oci:latest" "docker://$base"
}

# ---- one timed build -----------------------------------------------------------------------------------
# run_build BUILDER CONTEXT ROUND: appends "context builder round rc seconds maxrss_kb" to results.tsv.
run_build() {
  local b=$1 c=$2 r=$3 ctx=$cache/contexts/$2 d=$work/$1-$2-$3 rc=0 t
  local dest=$registry/bench/$c-r$r:$b
  mkdir -p "$d"
  case "$b" in
    kiln)
      /usr/bin/time -f '%e %M' -o "$d/time" bin/executor --context "dir://$ctx" --dockerfile Dockerfile \
        --destination "$dest" --insecure --insecure-pull --kaniko-dir "$d/kaniko" --build-arg "BASE=$base" \
        > "$d/log" 2>&1 || rc=$?;;
    buildah)
      # shellcheck disable=SC2016 # expanded by the inner shell
      /usr/bin/time -f '%e %M' -o "$d/time" unshare --mount sh -c '
          mount -t tmpfs -o size=64m kiln-bench /var/lib/containers/cache &&
          buildah --root "$1/root" --runroot "$1/runroot" --storage-driver "$2" build --layers \
            --isolation chroot --tls-verify=false --build-arg "BASE=$3" -f Dockerfile -t "localhost/bench/$4" "$5" &&
          buildah --root "$1/root" --runroot "$1/runroot" --storage-driver "$2" push --tls-verify=false \
            "localhost/bench/$4" "docker://$6"' sh "$d" "$driver" "$base" "$c:$r" "$ctx" "$dest" \
        > "$d/log" 2>&1 || rc=$?;;
  esac
  t=$(tail -n 1 "$d/time" 2>/dev/null || true)
  [[ $t =~ ^[0-9.]+\ [0-9]+$ ]] || t="0 0"
  echo "$c $b $r $rc $t" >> "$work/results.tsv"
  if [ "$rc" = 0 ]; then
    [ -f "$work/layers-$c-$b" ] || layer_count "$dest" > "$work/layers-$c-$b"
    printf '    %-8s %6ss %7s MB\n' "$b" "${t% *}" "$(( ${t#* } / 1024 ))"
  else
    cp "$d/log" "$work/failed-$c-$b.log"
    printf '    %-8s FAILED (exit %s); last lines of its output:\n' "$b" "$rc"
    tail -n 4 "$d/log" | sed $'s/\x1b\\[[0-9;]*m//g; s/^/        | /'
  fi
  release "$d"
  return "$rc"
}

# Layers and media type of a pushed image, as a sanity check that both builders made the same shape.
layer_count() {
  local repo=${1#*/} m
  repo=${repo%:*}
  m=$(curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
        "http://$registry/v2/$repo/manifests/${1##*:}") || { echo "?"; return; }
  echo "$(jq '.layers | length' <<< "$m")"
}

make_contexts
start_registry
push_base
echo "==> registry $registry (pid $registry_pid), base image $base"
if [ "$use_kiln" = 1 ]; then
  if [ ! -f executor/target/kiln-executor.jar ] && [ -z "${KILN_HOME:-}" ]; then
    echo "==> building the executor: ./mvnw -B -o -q -DskipTests -pl executor -am package"
    ./mvnw -B -o -q -DskipTests -pl executor -am package
  fi
  ensure_aot
  echo "==> $(bin/executor version 2>&1 | head -n 1)"
fi
[ "$use_buildah" = 0 ] || echo "==> $(buildah --version), storage driver $driver, isolation chroot"

: > "$work/results.tsv"
for c in "${contexts[@]}"; do
  kiln_ok=$use_kiln
  for r in $(seq 1 "$rounds"); do
    echo "==> $c round $r/$rounds (load $(loadavg))"
    order=(kiln buildah); [ $(( r % 2 )) = 0 ] && order=(buildah kiln)
    for b in "${order[@]}"; do
      case "$b" in
        kiln) [ "$kiln_ok" = 1 ] || continue
              # A failed Kiln build is reported once per context: later rounds would fail alike.
              run_build kiln "$c" "$r" || kiln_ok=0;;
        buildah) [ "$use_buildah" = 1 ] || continue
                 run_build buildah "$c" "$r" || true;;
      esac
    done
  done
done
echo "==> load average after: $(loadavg)"

# ---- report --------------------------------------------------------------------------------------------
echo
echo "Medians over successful rounds (wall time includes JVM start, base pull and push; RSS = largest process)"
printf '%-11s %-8s %6s %9s %8s %8s %8s %7s\n' context builder ok 'median s' 'min s' 'max s' 'RSS MB' layers
status=0
for c in "${contexts[@]}"; do
  for b in kiln buildah; do
    { [ "$b" = kiln ] && [ "$use_kiln" = 1 ]; } || { [ "$b" = buildah ] && [ "$use_buildah" = 1 ]; } || continue
    line=$(awk -v c="$c" -v b="$b" '
      function med(a, n) { return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      $1 == c && $2 == b { total++; if ($4 == 0) { n++; t[n] = $5; m[n] = $6 / 1024 } else if (!rc) rc = $4 }
      END {
        if (n == 0) { printf "%d/%d failed (exit %s)", 0, total, rc; exit }
        asort_t(t, n); asort_t(m, n)
        printf "%d/%d %9.2f %8.2f %8.2f %8.0f", n, total, med(t, n), t[1], t[n], med(m, n) }
      function asort_t(a, n,   i, j, x) { for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x } }
    ' "$work/results.tsv")
    layers=$(cat "$work/layers-$c-$b" 2>/dev/null || echo -)
    case "$line" in
      *failed*) status=1
        why=$(tail -n 1 "$work/failed-$c-$b.log" 2>/dev/null | sed $'s/\x1b\\[[0-9;]*m//g' | cut -c1-110)
        printf '%-11s %-8s %s: %s\n' "$c" "$b" "$line" "$why";;
      *) printf '%-11s %-8s %6s %s %7s\n' "$c" "$b" "${line%% *}" "${line#* }" "$layers";; esac
    if awk -v c="$c" -v b="$b" '$1 == c && $2 == b && $4 != 0 { f = 1 } END { exit !f }' "$work/results.tsv"; then status=1; fi
  done
done

if [ "$use_kiln" = 1 ] && [ "$use_buildah" = 1 ]; then
  echo
  echo "Kiln/buildah (medians; under 1 means Kiln is faster or smaller)"
  for c in "${contexts[@]}"; do
    awk -v c="$c" '
      function med(a, n,   i, j, x) { for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
                                       return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      $1 == c && $4 == 0 { n[$2]++; t[$2, n[$2]] = $5; m[$2, n[$2]] = $6 }
      END {
        if (!n["kiln"] || !n["buildah"]) { printf "%-11s time -, RSS - (a builder has no successful round)\n", c; exit }
        for (i = 1; i <= n["kiln"]; i++) { kt[i] = t["kiln", i]; km[i] = m["kiln", i] }
        for (i = 1; i <= n["buildah"]; i++) { bt[i] = t["buildah", i]; bm[i] = m["buildah", i] }
        a = med(kt, n["kiln"]); b = med(bt, n["buildah"]); x = med(km, n["kiln"]); y = med(bm, n["buildah"])
        printf "%-11s time %.2f, RSS %.2f\n", c, (b > 0 ? a / b : 0), (y > 0 ? x / y : 0) }' "$work/results.tsv"
  done
fi

if [ "$use_kiln" = 1 ]; then
  echo
  echo "Kiln targets"
  for c in "${contexts[@]}"; do
    case "$c" in
      runs) awk '$1 == "runs" && $2 == "kiln" && $4 == 0 { n++; t[n] = $5 }
                 END { if (!n) { print "runs       under 1 s end to end: n/a (no successful build)"; exit }
                       for (i = 2; i <= n; i++) { x = t[i]; for (j = i - 1; j > 0 && t[j] > x; j--) t[j + 1] = t[j]; t[j + 1] = x }
                       v = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
                       printf "runs       under 1 s end to end: %.2f s %s\n", v, (v < 1 ? "MET" : "MISSED") }' "$work/results.tsv";;
      bigfile) awk '$1 == "bigfile" && $2 == "kiln" && $4 == 0 { n++; if ($6 > m) m = $6 }
                 END { if (!n) { print "bigfile    peak RSS under 300 MB: n/a (no successful build)"; exit }
                       printf "bigfile    peak RSS under 300 MB: %.0f MB (highest of %d rounds) %s\n", m / 1024, n, (m / 1024 < 300 ? "MET" : "MISSED") }' "$work/results.tsv";;
    esac
  done
fi
exit "$status"
