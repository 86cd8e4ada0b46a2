#!/usr/bin/env bash
# kafka-local.sh — a real Apache Kafka broker (single node, KRaft, combined broker+controller)
# assembled from Maven Central jars with mvn, run with plain `java`. No Docker needed.
#
#   docker/kafka-local.sh up | stop | status | reset | fetch
#   docker/kafka-local.sh topics ARGS...          # org.apache.kafka.tools.TopicCommand
#   docker/kafka-local.sh perf-producer ARGS...   # org.apache.kafka.tools.ProducerPerformance
#   docker/kafka-local.sh perf-consumer ARGS...   # org.apache.kafka.tools.ConsumerPerformance
#
# Environment:
#   KAFKA_VERSION          Kafka version (default 3.9.2; 4.x works too, e.g. 4.1.1)
#   KAFKA_HOME_CACHE       jar cache for that version (default ~/.cache/petition-router/kafka/$KAFKA_VERSION)
#   KAFKA_STATE_DIR        config/data/logs/pid (default <repo>/.infra/kafka)
#   KAFKA_PORT             client listener on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener on 127.0.0.1 (default 9093)
#   KAFKA_HEAP_OPTS        broker heap (default "-Xms256m -Xmx768m")
#   KAFKA_START_TIMEOUT    seconds `up` waits for readiness (default 120)
#
# Progress goes to stderr; `up` prints "kafka ready on 127.0.0.1:PORT" on stdout.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
CONF_SRC="$SCRIPT_DIR/kafka"

KAFKA_VERSION="${KAFKA_VERSION:-3.9.2}"
case "$KAFKA_VERSION" in
  3.*) KAFKA_LINE=3 ;;
  4.*) KAFKA_LINE=4 ;;
  *) echo "kafka: unsupported KAFKA_VERSION=$KAFKA_VERSION (3.x or 4.x)" >&2; exit 2 ;;
esac

HOST=127.0.0.1
PORT="${KAFKA_PORT:-9092}"
CTRL_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
BOOTSTRAP="$HOST:$PORT"
CLUSTER_ID="4L6g3nShT-eMCtK--X86sw"   # fixed; storage is formatted only once (no meta.properties yet)

CACHE_DIR="${KAFKA_HOME_CACHE:-$HOME/.cache/petition-router/kafka/$KAFKA_VERSION}"
BROKER_LIBS="$CACHE_DIR/broker-libs"
TOOLS_LIBS="$CACHE_DIR/tools-libs"

STATE_DIR="${KAFKA_STATE_DIR:-$REPO_ROOT/.infra/kafka}"
DATA_DIR="$STATE_DIR/data"
LOG_DIR="$STATE_DIR/logs"
CONF="$STATE_DIR/server.properties"
PROBE_CONF="$STATE_DIR/probe.properties"
PID_FILE="$STATE_DIR/kafka.pid"
VERSION_FILE="$STATE_DIR/kafka.version"   # version of the broker started last
OUT="$LOG_DIR/kafka.out"

SLF4J_VERSION=1.7.36
RELOAD4J_VERSION=1.2.25
LOG4J2_VERSION=2.24.3
DEP_PLUGIN_VERSION=3.8.1

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
read -r -a HEAP_OPTS <<<"${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
JVM_OPTS=(-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
          -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -XX:+ExitOnOutOfMemoryError
          -Djava.awt.headless=true)
if [ "$KAFKA_LINE" = 3 ]; then
  BROKER_LOG_OPTS=("-Dlog4j.configuration=file:$CONF_SRC/log4j.properties")
  TOOL_LOG_OPTS=("-Dlog4j.configuration=file:$CONF_SRC/tools-log4j.properties")
  PROBE_CLASS=kafka.admin.BrokerApiVersionsCommand            # in kafka_2.13 (broker-libs)
else
  BROKER_LOG_OPTS=("-Dlog4j2.configurationFile=$CONF_SRC/log4j2.yaml")
  TOOL_LOG_OPTS=("-Dlog4j2.configurationFile=$CONF_SRC/tools-log4j2.xml")
  PROBE_CLASS=org.apache.kafka.tools.BrokerApiVersionsCommand  # in kafka-tools (tools-libs)
fi

log() { echo "kafka: $*" >&2; }
die() { echo "kafka: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------- fetch
# One generated pom per jar folder, kept in the cache dir (never in the work tree).
write_pom() {  # $1=pom path, $2=artifactId, rest=groupId:artifactId:version dependencies
  local pom="$1" name="$2"; shift 2
  {
    cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.petition-router</groupId>
  <artifactId>$name</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
EOF
    local gav g a v
    for gav in "$@"; do
      IFS=: read -r g a v <<<"$gav"
      cat <<EOF
    <dependency>
      <groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version>
      <exclusions>
        <exclusion><groupId>ch.qos.logback</groupId><artifactId>*</artifactId></exclusion>
        <exclusion><groupId>org.slf4j</groupId><artifactId>slf4j-log4j12</artifactId></exclusion>
        <exclusion><groupId>log4j</groupId><artifactId>log4j</artifactId></exclusion>
      </exclusions>
    </dependency>
EOF
    done
    cat <<EOF
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>$DEP_PLUGIN_VERSION</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF
  } >"$pom"
}

logging_deps() {  # slf4j 1.7 binding: not in any Kafka POM (compileOnly / releaseOnly upstream)
  if [ "$KAFKA_LINE" = 3 ]; then
    echo "org.slf4j:slf4j-reload4j:$SLF4J_VERSION ch.qos.reload4j:reload4j:$RELOAD4J_VERSION"
  else
    echo "org.apache.logging.log4j:log4j-api:$LOG4J2_VERSION org.apache.logging.log4j:log4j-core:$LOG4J2_VERSION org.apache.logging.log4j:log4j-slf4j-impl:$LOG4J2_VERSION"
  fi
}

fetch_into() {  # $1=dest dir, $2=label, rest=dependencies; idempotent via .complete marker
  local dest="$1" label="$2"; shift 2
  [ -f "$dest/.complete" ] && return 0
  command -v mvn >/dev/null || die "mvn not found (Maven + Maven Central are needed to fetch the jars)"
  mkdir -p "$CACHE_DIR"
  (
    flock 9   # two shells must not fetch the same folder concurrently
    [ -f "$dest/.complete" ] && exit 0
    log "fetching $label jars for Kafka $KAFKA_VERSION with mvn into $dest"
    local pom="$CACHE_DIR/$label-pom.xml" tmp="$dest.tmp.$$" mvnlog="$CACHE_DIR/$label-mvn.log"
    write_pom "$pom" "kafka-$label-libs" "$@"
    rm -rf "$tmp"
    if ! mvn -q -B -Dstyle.color=never -f "$pom" \
        "org.apache.maven.plugins:maven-dependency-plugin:$DEP_PLUGIN_VERSION:copy-dependencies" \
        -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvnlog" 2>&1; then
      tail -n 30 "$mvnlog" >&2
      rm -rf "$tmp"
      die "mvn could not fetch $label jars (full log: $mvnlog)"
    fi
    ls "$tmp"/kafka*-"$KAFKA_VERSION".jar >/dev/null 2>&1 || die "mvn produced no Kafka jars in $tmp"
    echo "$KAFKA_VERSION" >"$tmp/.complete"
    rm -rf "$dest"
    mv "$tmp" "$dest"
    log "$label: $(find "$dest" -name '*.jar' | wc -l) jars, $(du -sh "$dest" | cut -f1)"
  ) 9>"$CACHE_DIR/.lock"
}

fetch_broker() {
  # shellcheck disable=SC2046
  fetch_into "$BROKER_LIBS" broker "org.apache.kafka:kafka_2.13:$KAFKA_VERSION" $(logging_deps)
}
fetch_tools() {
  # shellcheck disable=SC2046
  fetch_into "$TOOLS_LIBS" tools "org.apache.kafka:kafka-tools:$KAFKA_VERSION" $(logging_deps)
}

check_cache_version() {
  local f v
  for f in "$BROKER_LIBS/.complete" "$TOOLS_LIBS/.complete"; do
    [ -f "$f" ] || continue
    v="$(cat "$f")"
    [ "$v" = "$KAFKA_VERSION" ] || die "cache $CACHE_DIR holds Kafka $v, not $KAFKA_VERSION (fix KAFKA_HOME_CACHE)"
  done
}

# ------------------------------------------------------------------------------- process / ports
pid_from_file() { [ -f "$PID_FILE" ] && tr -dc '0-9' <"$PID_FILE" || true; }

is_our_broker() {  # $1=pid: alive, and its command line is kafka.Kafka with OUR server.properties
  local pid="$1" cmd
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *" kafka.Kafka $CONF"* ]]
}

running_pid() {  # prints our broker's pid if it is running; cleans a stale pid file
  local pid; pid="$(pid_from_file)"
  if [ -n "$pid" ] && is_our_broker "$pid"; then echo "$pid"; return 0; fi
  [ -f "$PID_FILE" ] && rm -f "$PID_FILE"
  return 1
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

port_owner() {  # best effort: "pid=123 (cmd)" of whoever listens on $1
  local line
  line="$(ss -H -ltnp "( sport = :$1 )" 2>/dev/null | head -n1)" || true
  if [[ "$line" =~ pid=([0-9]+) ]]; then
    echo "pid ${BASH_REMATCH[1]} ($(tr '\0' ' ' <"/proc/${BASH_REMATCH[1]}/cmdline" 2>/dev/null | cut -c1-100))"
  else
    echo "an unknown process"
  fi
}

# ----------------------------------------------------------------------------------- config
write_config() {
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  cat >"$CONF" <<EOF
# generated by docker/kafka-local.sh — edits are overwritten on every "up"
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CTRL_PORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CTRL_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA_DIR
# single node: single-replica internal topics, 1 partition each
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
# the project creates its topics explicitly (6 partitions, per-topic retention)
auto.create.topics.enable=false
delete.topic.enable=true
# fast tests
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
# small footprint
num.network.threads=2
num.io.threads=4
background.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=16777216
EOF
  if [ "$KAFKA_LINE" = 4 ]; then
    cat >>"$CONF" <<EOF
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
EOF
  fi
  # client settings for the ready probe: fail fast instead of retrying for a minute
  printf '%s\n' request.timeout.ms=5000 default.api.timeout.ms=8000 \
    socket.connection.setup.timeout.ms=2000 socket.connection.setup.timeout.max.ms=2000 >"$PROBE_CONF"
}

check_state_version() {  # refuse to run a data dir across major lines (3.x <-> 4.x)
  [ -f "$VERSION_FILE" ] && [ -f "$DATA_DIR/meta.properties" ] || return 0
  local prev; prev="$(cat "$VERSION_FILE")"
  [ "${prev%%.*}" = "$KAFKA_LINE" ] ||
    die "$DATA_DIR was used by Kafka $prev; run '$0 reset' before switching to $KAFKA_VERSION"
}

format_storage() {
  [ -f "$DATA_DIR/meta.properties" ] && return 0
  log "formatting storage in $DATA_DIR (cluster id $CLUSTER_ID)"
  local out
  if ! out="$("$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 "${TOOL_LOG_OPTS[@]}" -cp "$BROKER_LIBS/*" \
        kafka.tools.StorageTool format --cluster-id "$CLUSTER_ID" --config "$CONF" 2>&1)"; then
    echo "$out" >&2
    die "storage format failed"
  fi
}

# ------------------------------------------------------------------------------------ readiness
probe() {  # one metadata + ApiVersions round trip against the client listener
  local cp="$BROKER_LIBS/*"
  [ "$KAFKA_LINE" = 4 ] && cp="$TOOLS_LIBS/*"
  timeout 20 "$JAVA" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "${TOOL_LOG_OPTS[@]}" -cp "$cp" \
    "$PROBE_CLASS" --bootstrap-server "$BOOTSTRAP" --command-config "$PROBE_CONF" >/dev/null 2>&1
}

wait_ready() {  # $1=pid
  local pid="$1" deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-120}))
  until port_open "$PORT" && probe; do
    # kill -0, not is_our_broker: right after the fork the child may not have exec'd java yet (its command
    # line is still this script's), which under load looked like a broker that had died.
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "----- tail of $OUT -----" >&2; tail -n 40 "$OUT" >&2 || true
      rm -f "$PID_FILE"
      die "broker (pid $pid) exited during startup"
    fi
    if (( SECONDS >= deadline )); then
      echo "----- tail of $OUT -----" >&2; tail -n 40 "$OUT" >&2 || true
      die "broker (pid $pid) not ready after ${KAFKA_START_TIMEOUT:-120}s (still running; '$0 stop' to kill it)"
    fi
    sleep 0.5
  done
}

# ------------------------------------------------------------------------------------ commands
with_state_lock() {  # serialize up/stop/reset on one state dir (fd 8 is closed for the broker)
  mkdir -p "$STATE_DIR"
  exec 8>"$STATE_DIR/kafka-local.lock"
  flock -w 180 8 || die "another kafka-local.sh holds $STATE_DIR/kafka-local.lock for >180s"
}

cmd_up() {
  with_state_lock
  check_cache_version
  local pid
  if pid="$(running_pid)"; then
    local running_version; running_version="$(cat "$VERSION_FILE" 2>/dev/null || echo '?')"
    [ "$running_version" = "$KAFKA_VERSION" ] ||
      die "Kafka $running_version is already running (pid $pid); '$0 stop' before starting $KAFKA_VERSION"
    if port_open "$PORT" && port_open "$CTRL_PORT" && probe; then
      log "already running and ready (pid $pid)"
    else
      log "pid $pid is running but not ready yet; waiting"
      wait_ready "$pid"
    fi
    echo "kafka ready on $BOOTSTRAP"
    return 0
  fi
  local p
  for p in "$PORT" "$CTRL_PORT"; do
    port_open "$p" && die "port $HOST:$p is already in use by $(port_owner "$p"), not by this broker"
  done

  fetch_broker
  [ "$KAFKA_LINE" = 4 ] && fetch_tools   # the 4.x ready probe lives in kafka-tools
  check_state_version
  write_config
  format_storage

  log "starting Kafka $KAFKA_VERSION (log: $OUT)"
  [ -f "$OUT" ] && mv -f "$OUT" "$OUT.1"
  # setsid: own session, so the broker outlives the calling shell/CI step; nohup: ignore SIGHUP.
  # Neither forks here (this script has no job control), so $! is the java pid.
  nohup setsid "$JAVA" "${HEAP_OPTS[@]}" "${JVM_OPTS[@]}" \
    -Dkafka.logs.dir="$LOG_DIR" "${BROKER_LOG_OPTS[@]}" \
    -cp "$BROKER_LIBS/*" kafka.Kafka "$CONF" >"$OUT" 2>&1 </dev/null 8>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$KAFKA_VERSION" >"$VERSION_FILE"
  log "pid $pid; waiting for a metadata request to succeed on $BOOTSTRAP"
  wait_ready "$pid"
  echo "kafka ready on $BOOTSTRAP"
}

cmd_stop() {
  with_state_lock
  local pid
  if ! pid="$(running_pid)"; then
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true   # JVM shutdown hook = controlled shutdown
  local i
  for ((i = 0; i < 60; i++)); do
    is_our_broker "$pid" || break
    sleep 0.5
  done
  if is_our_broker "$pid"; then
    log "still alive after 30s; SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do is_our_broker "$pid" || break; sleep 0.25; done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid
  if ! pid="$(running_pid)"; then
    log "not running"
    return 1
  fi
  if port_open "$PORT" && probe; then
    log "running (pid $pid, Kafka $(cat "$VERSION_FILE" 2>/dev/null || echo '?')) and ready on $BOOTSTRAP"
    return 0
  fi
  log "running (pid $pid) but not ready on $BOOTSTRAP"
  return 1
}

cmd_reset() {
  cmd_stop
  log "deleting $DATA_DIR"
  rm -rf "$DATA_DIR" "$VERSION_FILE"
}

run_tool() {  # $1=main class, rest=args; runs from tools-libs
  local main="$1"; shift
  check_cache_version
  fetch_tools
  exec "$JAVA" -Xmx256m "${TOOL_LOG_OPTS[@]}" -cp "$TOOLS_LIBS/*" "$main" "$@"
}

usage() {
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  up)            cmd_up ;;
  stop)          cmd_stop ;;
  status)        cmd_status ;;
  reset)         cmd_reset ;;
  fetch)         check_cache_version; fetch_broker; fetch_tools ;;
  topics)        run_tool org.apache.kafka.tools.TopicCommand "$@" ;;
  perf-producer) run_tool org.apache.kafka.tools.ProducerPerformance "$@" ;;
  perf-consumer) run_tool org.apache.kafka.tools.ConsumerPerformance "$@" ;;
  *)             usage ;;
esac
