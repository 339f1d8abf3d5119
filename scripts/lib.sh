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
