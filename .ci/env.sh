# Sourced by .ci/run: pick a JDK 25 under /usr/lib/jvm.
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "2[5-9]|version "[3-9][0-9]'; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [ -x "$d/bin/java" ] && "$d/bin/java" -version 2>&1 | grep -qE 'version "2[5-9]|version "[3-9][0-9]'; then
      export JAVA_HOME="$d"; break
    fi
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
