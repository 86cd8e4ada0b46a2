# Shared helpers for the project's scripts. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.infra/run"
LOG_DIR="$ROOT/.infra/logs"
SERVICES=(intake classification assignment escalation casework audit)
declare -A PORTS=([casework]=3000 [intake]=3001 [classification]=3002 [assignment]=3003 [escalation]=3004 [audit]=3005)

say() { printf '%s\n' "$*" >&2; }

# Install dependencies when node_modules is missing or older than the lockfile.
ensure_deps() {
  cd "$ROOT"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # npm install, not npm ci: npm 11 on these machines writes lockfiles without the other platforms' optional
    # packages (e.g. @swc/core-darwin-*), and npm ci then refuses them as out of sync. The lockfile still pins versions.
    say "installing npm dependencies (npm install from package-lock.json)"
    npm install --no-audit --no-fund --loglevel=error >&2
  fi
}

ensure_build() {
  cd "$ROOT"
  say "compiling TypeScript"
  npm run --silent build >&2
}

infra_up() {
  cd "$ROOT"
  node docker/pg-local.mjs up
  bash docker/kafka-local.sh up >&2
}

service_pid() {
  local f="$RUN_DIR/$1.pid"
  [ -f "$f" ] || return 1
  local pid; pid="$(cat "$f")"
  kill -0 "$pid" 2>/dev/null && grep -q "apps/$1/src/main.js" "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

start_service() {
  local svc="$1"
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  if service_pid "$svc" >/dev/null; then return 0; fi
  # The service writes no pid file itself: the shell records its own pid, then becomes the service.
  (cd "$ROOT" && setsid bash -c 'echo $$ >"$0"; exec node --enable-source-maps "$1"' \
    "$RUN_DIR/$svc.pid" "dist/apps/$svc/src/main.js" >>"$LOG_DIR/$svc.log" 2>&1 </dev/null &)
  for _ in $(seq 1 20); do [ -s "$RUN_DIR/$svc.pid" ] && break; sleep 0.05; done
}

stop_service() {
  local svc="$1" pid
  pid="$(service_pid "$svc")" || { rm -f "$RUN_DIR/$svc.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$RUN_DIR/$svc.pid"
}

wait_healthy() {
  local svc="$1" port="${PORTS[$1]}" deadline=$((SECONDS + ${2:-120}))
  while [ $SECONDS -lt $deadline ]; do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then return 0; fi
    if ! service_pid "$svc" >/dev/null; then
      say "$svc exited; last log lines:"; tail -n 20 "$LOG_DIR/$svc.log" >&2; return 1
    fi
    sleep 0.5
  done
  say "$svc not healthy after ${2:-120}s"; tail -n 20 "$LOG_DIR/$svc.log" >&2; return 1
}
