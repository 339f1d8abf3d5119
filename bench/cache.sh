#!/usr/bin/env bash
# Layer-cache benchmark: a cold build and warm rebuilds of a Debian-based context, Kiln with its registry
# cache next to buildah --layers with its local storage, each build pushed to a local docker-registry.
#
# Usage: bench/cache.sh [-n ROUNDS] [--only NAME] [--builders LIST] [--no-kiln-cache]
#                       [--buildah-driver overlay|vfs] [--no-verify] [--keep]
#   -n ROUNDS        warm rounds (default 3); each round is one rebuild with no change, then one after
#                    changing one source file; builders alternate which goes first each round
#   --only NAME      one builder (same as --builders NAME)
#   --builders LIST  of kiln, buildah, buildah-ci (default all three):
#                    buildah     keeps its storage from the cold build on: its usual local layer cache
#                    buildah-ci  like Kiln, starts every build with empty storage and uses
#                                --cache-from/--cache-to R/bench/buildah-cache (a CI pod without a volume)
#   --no-kiln-cache  run Kiln without the --cache flags: every Kiln build is then cold (the baseline, or a
#                    Kiln that has no layer cache yet)
#   --buildah-driver buildah's storage driver (default overlay)
#   --no-verify      skip running the last pushed image of each builder (checks it prints the last change)
#   --keep           keep the work directory (registry storage, logs) and print its path
# Environment: KILN_BENCH_DIR (default /tmp) holds the work directory; KILN_BENCH_CACHE (default bench/.cache)
# the Debian image, made once (debootstrap, about 70 s); KILN_BENCH_DEBIAN_MIRROR overrides the mirror,
# which is otherwise the one this machine's apt uses for bookworm (the image's apt sources point at it).
#
# The context: FROM <registry>/debian:bookworm; RUN apt-get install gcc libc6-dev make; COPY src/ /src/;
# RUN make -C /src; CMD ["/src/hello"]. Phases, in one run:
#   cold      Kiln: empty cache repository, new --kaniko-dir; buildah: empty storage
#   nochange  rebuild of the same context
#   change    rebuild after rewriting src/greet.c (only COPY and make should run again)
# Kiln: bin/executor --cache=true --cache-repo R/bench/cache --cache-copy-layers=true, --destination
# R/bench/app:kiln, a new --kaniko-dir and an empty --cache-dir (base-image cache) for EVERY build: a CI pod
# starts empty and its only cache is the registry. buildah: one --root/--runroot and one blob-info cache
# (bind-mounted over /var/lib/containers/cache in a private mount namespace) kept from the cold build on:
# that is its local layer cache; build --layers then push to R/bench/app:buildah. Timed: build and push
# together, with GNU time (wall seconds, peak RSS of the largest process).
# Needs root and: docker-registry skopeo umoci buildah debootstrap curl jq time (apt packages).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
root=$PWD

rounds=3 builders=kiln,buildah,buildah-ci driver=overlay keep=0 kiln_cache=1 verify=1
while [ $# -gt 0 ]; do
  case "$1" in
    -n) rounds=${2:?-n needs a number}; shift 2;;
    --only) builders=${2:?--only needs kiln, buildah or buildah-ci}; shift 2;;
    --builders) builders=${2:?--builders needs a list of kiln, buildah, buildah-ci}; shift 2;;
    --no-kiln-cache) kiln_cache=0; shift;;
    --buildah-driver) driver=${2:?--buildah-driver needs overlay or vfs}; shift 2;;
    --no-verify) verify=0; shift;;
    --keep) keep=1; shift;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;;
    *) echo "cache.sh: unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "cache.sh: -n must be a positive number, not $rounds" >&2; exit 2; }
use_kiln=0 use_buildah=0 use_buildah_ci=0
IFS=, read -r -a blist <<< "$builders"
for b in "${blist[@]}"; do
  case "$b" in kiln) use_kiln=1;; buildah) use_buildah=1;; buildah-ci) use_buildah_ci=1;;
    *) echo "cache.sh: builders are kiln, buildah and buildah-ci, not $b" >&2; exit 2;; esac
done
case "$driver" in overlay|vfs) ;; *) echo "cache.sh: --buildah-driver must be overlay or vfs, not $driver" >&2; exit 2;; esac
[ "$(id -u)" = 0 ] || { echo "cache.sh: run as root (debootstrap, buildah and Kiln's RUN need it)" >&2; exit 2; }

missing=
for t in docker-registry skopeo umoci debootstrap curl jq unshare; do command -v "$t" > /dev/null || missing="$missing $t"; done
[ -x /usr/bin/time ] || missing="$missing time"
[ "$use_buildah$use_buildah_ci" = 00 ] || command -v buildah > /dev/null || missing="$missing buildah"
[ -z "$missing" ] || { echo "cache.sh: missing tools:$missing (apt-get install them)" >&2; exit 2; }

bench_name=cache.sh
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

# ---- Debian bookworm minbase, made once with debootstrap and umoci ---------------------------------------
# The first `deb` source of this machine's apt that serves bookworm itself (one-line and deb822 files, in
# apt's order), as the testkit's DebianMirror finds it: the one mirror known to be reachable here.
apt_mirror() {
  local f m files=()
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && files+=("$f"); done
  for f in $(printf '%s\n' "${files[@]}" | awk 'NR == 1 && $0 == "/etc/apt/sources.list" { print; next } { print | "sort" }'); do
    case "$f" in
      *.sources) m=$(awk -v s=bookworm 'BEGIN { RS = ""; FS = "\n" } {
          types = ""; uris = ""; suites = ""; on = 1
          for (i = 1; i <= NF; i++) {
            if ($i ~ /^[ \t#]/ || index($i, ":") == 0) continue
            k = tolower(substr($i, 1, index($i, ":") - 1)); v = substr($i, index($i, ":") + 1)
            gsub(/[ \t]+/, " ", v); sub(/^ /, "", v); sub(/ $/, "", v)
            if (k == "types") types = " " v " "; else if (k == "uris") uris = v
            else if (k == "suites") suites = " " v " "; else if (k == "enabled" && tolower(v) == "no") on = 0
          }
          if (on && index(types, " deb ") && index(suites, " " s " ") && uris != "") { split(uris, u, " "); print u[1]; exit } }' "$f");;
      *) m=$(awk -v s=bookworm '{ sub(/#.*/, "") } $1 == "deb" {
          i = 2; if ($2 ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
          if ($(i + 1) == s) { print $i; exit } }' "$f");;
    esac
    [ -z "$m" ] || { echo "${m%/}"; return; }
  done
  echo http://deb.debian.org/debian
}

# Builds $cache/debian-bookworm/oci (tag bookworm) unless it is there; the layout appears atomically.
debian_image() {
  local dir=$cache/debian-bookworm w mirror
  debian_layout=$dir/oci
  [ -f "$debian_layout/index.json" ] && return 0
  mirror=${KILN_BENCH_DEBIAN_MIRROR:-$(apt_mirror)}
  echo "==> making the Debian bookworm minbase image from $mirror (debootstrap, once, about 70 s)"
  mkdir -p "$dir/debootstrap-cache"
  w=$(mktemp -d "$dir/build.XXXXXX")
  umoci init --layout "$w/oci"
  umoci new --image "$w/oci:bookworm"
  umoci unpack --image "$w/oci:bookworm" "$w/bundle" > /dev/null
  if ! debootstrap --variant=minbase --cache-dir="$dir/debootstrap-cache" bookworm "$w/bundle/rootfs" "$mirror" \
      > "$w/debootstrap.log" 2>&1; then
    echo "cache.sh: debootstrap failed; last lines of $dir/debootstrap-failed.log:" >&2
    cp "$w/debootstrap.log" "$dir/debootstrap-failed.log"; tail -n 8 "$w/debootstrap.log" >&2
    release "$w"; exit 1
  fi
  local r=$w/bundle/rootfs
  grep -q "^deb $mirror bookworm" "$r/etc/apt/sources.list" \
    || { echo "cache.sh: the image's apt sources do not name $mirror:" >&2; cat "$r/etc/apt/sources.list" >&2; release "$w"; exit 1; }
  # Not needed in an image: downloaded packages, apt lists, logs; the builders provide resolv.conf.
  rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/* "$r"/var/log/*.log
  : > "$r/etc/resolv.conf"
  umoci repack --image "$w/oci:bookworm" "$w/bundle" > /dev/null
  umoci config --image "$w/oci:bookworm" --architecture amd64 --os linux \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.cmd bash --author kiln-bench > /dev/null
  umoci gc --layout "$w/oci"
  echo "debootstrap --variant=minbase bookworm $mirror at $(date -u +%FT%TZ)" > "$dir/SOURCE"
  release "$w/bundle"
  mv "$w/oci" "$debian_layout"
  release "$w"
}

# ---- the context ---------------------------------------------------------------------------------------
ctx=$work/context
make_context() {
  mkdir -p "$ctx/src"
  printf '%s\n' "FROM $registry/debian:bookworm" \
    'RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev make' \
    'COPY src/ /src/' 'RUN make -C /src' 'CMD ["/src/hello"]' > "$ctx/Dockerfile"
  printf '%s\n' 'CFLAGS ?= -O2 -Wall' 'OBJS = main.o greet.o count.o' '' 'hello: $(OBJS)' \
    $'\t$(CC) $(CFLAGS) -o $@ $(OBJS)' '' '%.o: %.c hello.h' $'\t$(CC) $(CFLAGS) -c -o $@ $<' > "$ctx/src/Makefile"
  printf '%s\n' '#ifndef HELLO_H' '#define HELLO_H' 'const char *greeting(void);' 'int letters(const char *s);' \
    '#endif' > "$ctx/src/hello.h"
  printf '%s\n' '#include <stdio.h>' '#include "hello.h"' '' 'int main(void) {' '    const char *g = greeting();' \
    '    printf("%s (%d letters)\n", g, letters(g));' '    return 0;' '}' > "$ctx/src/main.c"
  printf '%s\n' '#include <ctype.h>' '#include "hello.h"' '' 'int letters(const char *s) {' '    int n = 0;' \
    '    for (; *s; s++) n += isalpha((unsigned char) *s) != 0;' '    return n;' '}' > "$ctx/src/count.c"
  greet "cold build"
}
# Rewrites the one file that changes between rounds.
greet() {
  greeting="hello from the $1"
  printf '%s\n' '#include "hello.h"' '' "const char *greeting(void) { return \"$greeting\"; }" > "$ctx/src/greet.c"
}

# ---- one timed build -----------------------------------------------------------------------------------
# run_build BUILDER PHASE ROUND: appends "builder phase round rc seconds maxrss_kb info" to results.tsv.
run_build() {
  local b=$1 p=$2 r=$3 d=$work/$1-$2-$3 rc=0 t info=-
  local dest=$registry/bench/app:$b
  mkdir -p "$d"
  case "$b" in
    kiln)
      local flags=()
      mkdir -p "$d/base-cache"
      [ "$kiln_cache" = 0 ] || flags=(--cache=true --cache-repo "$registry/bench/cache" --cache-copy-layers=true)
      /usr/bin/time -f '%e %M' -o "$d/time" bin/executor --context "dir://$ctx" --dockerfile Dockerfile \
        --destination "$dest" --insecure --insecure-pull --insecure-registry "$registry" \
        --kaniko-dir "$d/kaniko" --cache-dir "$d/base-cache" "${flags[@]}" > "$d/log" 2>&1 || rc=$?;;
    buildah|buildah-ci)
      # buildah: one storage and blob-info cache for the whole run; buildah-ci: new ones for every build.
      local state=$work/buildah flags=()
      if [ "$b" = buildah-ci ]; then
        state=$d/buildah flags=(--cache-from "$registry/bench/buildah-cache" --cache-to "$registry/bench/buildah-cache")
        mkdir -p "$state/blob-info"
      fi
      # shellcheck disable=SC2016 # expanded by the inner shell
      /usr/bin/time -f '%e %M' -o "$d/time" unshare --mount sh -c '
          s=$1 driver=$2 tag=$3 ctx=$4 dest=$5; shift 5
          mount --bind "$s/blob-info" /var/lib/containers/cache &&
          buildah --root "$s/root" --runroot "$s/runroot" --storage-driver "$driver" build --layers "$@" \
            --isolation chroot --tls-verify=false -f Dockerfile -t "localhost/bench/app:$tag" "$ctx" &&
          buildah --root "$s/root" --runroot "$s/runroot" --storage-driver "$driver" push --tls-verify=false \
            "localhost/bench/app:$tag" "docker://$dest"' sh "$state" "$driver" "$p-$r" "$ctx" "$dest" "${flags[@]}" \
        > "$d/log" 2>&1 || rc=$?
      info="cached=$(grep -c -- '--> Using cache' "$d/log" || true)/4";;
  esac
  t=$(tail -n 1 "$d/time" 2>/dev/null || true)
  [[ $t =~ ^[0-9.]+\ [0-9]+$ ]] || t="0 0"
  [ "$b" = kiln ] && [ "$kiln_cache" = 1 ] && info="cache-tags=$(tag_count bench/cache)"
  echo "$b $p $r $rc $t $info" >> "$work/results.tsv"
  cp "$d/log" "$work/logs/$b-$p-$r.log"
  if [ "$rc" = 0 ]; then
    printf '    %-10s %-9s %7ss %6s MB  %s\n' "$b" "$p" "${t% *}" "$(( (${t#* } + 512) / 1024 ))" "$info"
  else
    printf '    %-10s %-9s FAILED (exit %s); last lines of its output (%s):\n' "$b" "$p" "$rc" "$work/logs/$b-$p-$r.log"
    tail -n 6 "$d/log" | sed $'s/\x1b\\[[0-9;]*m//g; s/^/        | /'
  fi
  release "$d"
  return "$rc"
}

# Tags of a repository of the registry (Kiln's cache entries are tags of its cache repository); 0 if none.
tag_count() {
  curl -sf "http://$registry/v2/$1/tags/list" | jq '.tags // [] | length' 2>/dev/null || echo 0
}

# Pulls the image BUILDER pushed last, checks its layers and command and runs /src/hello in its root file
# system: it must print the greeting of the last change (a cache that served a stale layer would not).
verify_image() {
  local b=$1 v=$work/verify-$b out layers cmd manifest
  mkdir -p "$v"
  # shellcheck disable=SC2016 # expanded by the inner shell
  if ! unshare --mount sh -c 'mount -t tmpfs -o size=64m kiln-bench /var/lib/containers/cache &&
      skopeo copy -q --src-tls-verify=false "docker://$1" "oci:$2/oci:app" &&
      umoci raw unpack --image "$2/oci:app" "$2/rootfs"' sh "$registry/bench/app:$b" "$v" > "$v/log" 2>&1; then
    echo "    $b: FAILED to pull or unpack its image:"; tail -n 4 "$v/log" | sed 's/^/        | /'; return 1
  fi
  manifest=$v/oci/blobs/$(jq -r '.manifests[0].digest' "$v/oci/index.json" | tr : /)
  layers=$(jq '.layers | length' "$manifest")
  cmd=$(jq -c '.config.Cmd' "$v/oci/blobs/$(jq -r '.config.digest' "$manifest" | tr : /)")
  out=$(chroot "$v/rootfs" /src/hello 2>&1) || true
  release "$v"
  if [[ $out == "$greeting ("* ]] && [ "$cmd" = '["/src/hello"]' ]; then
    echo "    $b: OK, $layers layers, CMD $cmd, /src/hello prints \"$out\""
  else
    echo "    $b: WRONG image ($layers layers, CMD $cmd): /src/hello printed \"$out\", expected \"$greeting (...)\""; return 1
  fi
}

mkdir -p "$work/logs" "$work/buildah/blob-info" /var/lib/containers/cache
debian_image
start_registry
skopeo copy -q --dest-tls-verify=false "oci:$debian_layout:bookworm" "docker://$registry/debian:bookworm"
make_context
echo "==> registry $registry (pid $registry_pid), base image $registry/debian:bookworm ($(cat "$cache/debian-bookworm/SOURCE" 2>/dev/null || echo "source unknown"))"
if [ "$use_kiln" = 1 ]; then
  if [ ! -f executor/target/kiln-executor.jar ] && [ -z "${KILN_HOME:-}" ]; then
    echo "==> building the executor: ./mvnw -B -o -q -DskipTests -pl executor -am package"
    ./mvnw -B -o -q -DskipTests -pl executor -am package
  fi
  ensure_aot
  mode="with --cache=true --cache-copy-layers=true, cache repo bench/cache"; [ "$kiln_cache" = 1 ] || mode="WITHOUT cache flags (--no-kiln-cache)"
  echo "==> $(bin/executor version 2>&1 | head -n 1); $mode"
fi
if [ "$use_buildah$use_buildah_ci" != 00 ]; then
  echo "==> $(buildah --version), storage driver $driver, isolation chroot, build --layers;" \
    "buildah: storage kept from the cold build on; buildah-ci: empty storage every build," \
    "--cache-from/--cache-to bench/buildah-cache"
fi

: > "$work/results.tsv"
ok_kiln=$use_kiln ok_buildah=$use_buildah ok_buildah_ci=$use_buildah_ci
# phase PHASE ROUND SHIFT: builds with every builder still working, the order rotated by SHIFT.
phase() {
  local all=(kiln buildah buildah-ci) i b ok
  for i in 0 1 2; do
    b=${all[$(( (i + $3) % 3 ))]}
    ok=ok_${b//-/_}
    [ "${!ok}" = 1 ] || continue
    run_build "$b" "$1" "$2" || printf -v "$ok" 0
  done
}
echo "==> cold (load $(loadavg))"
phase cold 1 0
if [ "$ok_kiln" = 1 ] && [ "$kiln_cache" = 1 ] && [ "$(tag_count bench/cache)" = 0 ]; then
  echo "    note: Kiln's cold build left no tag in bench/cache: this Kiln does not store cache entries yet"
fi
for r in $(seq 1 "$rounds"); do
  first=$(( r % 3 ))
  echo "==> round $r/$rounds: no change (load $(loadavg))"
  phase nochange "$r" "$first"
  greet "change of round $r"
  echo "==> round $r/$rounds: src/greet.c changed (load $(loadavg))"
  phase change "$r" "$first"
done
echo "==> load average after: $(loadavg)"

status=0
if [ "$verify" = 1 ]; then
  echo "==> checking the last pushed images"
  for b in kiln buildah buildah-ci; do
    ok=ok_${b//-/_}
    [ "${!ok}" = 1 ] || continue
    verify_image "$b" || status=1
  done
fi

# ---- report --------------------------------------------------------------------------------------------
echo
echo "Medians over successful builds (wall time of build plus push, JVM start and base pull included; RSS = largest process)"
awk -v kiln="$use_kiln" -v buildah="$use_buildah" -v ci="$use_buildah_ci" -v cached="$kiln_cache" '
  function sort(a, n,   i, j, x) { for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x } }
  function med(a, n) { sort(a, n); return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  { all[$1, $2]++; if ($4 == 0) { k = $1 SUBSEP $2; n[k]++; t[k, n[k]] = $5; m[k, n[k]] = $6 / 1024; info[k] = $7 } else fail[$1, $2]++ }
  END {
    split("cold nochange change", ph, " "); split("kiln buildah buildah-ci", bs, " ")
    use["kiln"] = kiln; use["buildah"] = buildah; use["buildah-ci"] = ci
    printf "%-10s %-9s %5s %9s %8s %8s %7s  %s\n", "builder", "phase", "ok", "median s", "min s", "max s", "RSS MB", "last cache state"
    for (i = 1; i <= 3; i++) for (j = 1; j <= 3; j++) {
      b = bs[i]; p = ph[j]; k = b SUBSEP p
      if (!use[b] || !all[k]) continue
      if (!n[k]) { printf "%-10s %-9s %2d/%-2d FAILED\n", b, p, 0, all[k]; continue }
      for (x = 1; x <= n[k]; x++) { tt[x] = t[k, x]; mm[x] = m[k, x] }
      md = med(tt, n[k]); mr = med(mm, n[k]); M[k] = md
      printf "%-10s %-9s %2d/%-2d %9.2f %8.2f %8.2f %7.0f  %s\n", b, p, n[k], all[k], md, tt[1], tt[n[k]], mr, info[k]
    }
    if (!kiln) exit
    for (i = 2; i <= 3; i++) {
      o = bs[i]
      if (!use[o]) continue
      print ""; print "Kiln/" o " (medians; under 1 means Kiln is faster)"
      for (j = 1; j <= 3; j++) {
        p = ph[j]
        if (M["kiln", p] && M[o, p]) printf "%-9s %.2f\n", p, M["kiln", p] / M[o, p]
        else printf "%-9s - (a builder has no successful build)\n", p
      }
      print "Target: Kiln warm <= 1/3 of " o " warm" (cached ? "" : " (Kiln ran WITHOUT its cache: --no-kiln-cache)")
      for (j = 2; j <= 3; j++) {
        p = ph[j]
        if (!M["kiln", p] || !M[o, p]) { printf "%-9s n/a\n", p; continue }
        r = M["kiln", p] / M[o, p]
        printf "%-9s Kiln %.2f s, %s %.2f s, ratio %.2f (target 0.33): %s\n", p, M["kiln", p], o, M[o, p], r, (r <= 1 / 3 ? "MET" : "MISSED")
      }
    }
  }' "$work/results.tsv"
awk '$4 != 0 { f = 1 } END { exit !f }' "$work/results.tsv" && status=1
[ "$status" = 0 ] || echo "(failures: logs in $work/logs; run with --keep to keep them)"
exit "$status"
