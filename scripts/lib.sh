# Sourced by the scripts in this folder: finds a JDK 25 and exports JAVA_HOME.
# Looks at $JAVA_HOME, then /usr/lib/jvm/*25*, then /opt/java/openjdk.
kiln_find_jdk() {
  local c v
  for c in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*25* /usr/lib/jvm/*-2[5-9]* /opt/java/openjdk; do
    [ -x "$c/bin/javac" ] || continue
    v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      export JAVA_HOME=$c
      return 0
    fi
  done
  echo "kiln: no JDK 25 found; install one (e.g. Temurin 25 under /usr/lib/jvm) or set JAVA_HOME" >&2
  return 1
}

# Starts docker-registry on a free port of 127.0.0.1, its config and log in $1 and its storage in $1/storage;
# further arguments are extra lines for the config's `storage:` section. Sets $registry (host:port) and
# $registry_pid, or returns 1 with both empty when it would not start (its log is then $1/registry.log).
# The caller stops it (kill "$registry_pid").
kiln_start_registry() {
  local dir=$1 port; shift
  mkdir -p "$dir/storage"
  registry= registry_pid=
  for _ in $(seq 1 20); do
    port=$(( 20000 + RANDOM % 40000 ))
    [ -z "$(ss -Hltn "sport = :$port" 2> /dev/null)" ] || continue
    printf '%s\n' 'version: 0.1' 'log:' '  level: warn' '  accesslog:' '    disabled: true' 'storage:' \
      '  filesystem:' "    rootdirectory: $dir/storage" "$@" 'http:' "  addr: 127.0.0.1:$port" > "$dir/config.yml"
    docker-registry serve "$dir/config.yml" > "$dir/registry.log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 1 100); do
      if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then registry=127.0.0.1:$port; return 0; fi
      kill -0 "$registry_pid" 2> /dev/null || break
      sleep 0.1
    done
    kill "$registry_pid" 2> /dev/null || true; wait "$registry_pid" 2> /dev/null || true; registry_pid=
  done
  return 1
}
