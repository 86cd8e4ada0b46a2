#!/usr/bin/env bash
# npm run up: install what is missing, start Kafka and PostgreSQL, run migrations and seeds (each service applies
# its own at boot), start all six services in the background, load demo data, and return once every health check is green.
source "$(dirname "$0")/lib.sh"
ensure_deps
ensure_build
infra_up
for svc in "${SERVICES[@]}"; do start_service "$svc"; done
for svc in "${SERVICES[@]}"; do wait_healthy "$svc" 180; done
node "$ROOT/dist/bench/load-demo-data.js" >&2 || say "demo data not loaded (see above)"
echo "petition case router is up:"
for svc in "${SERVICES[@]}"; do printf '  %-15s http://127.0.0.1:%s  (health: /health)\n' "$svc" "${PORTS[$svc]}"; done
echo "  case view:      http://127.0.0.1:3000/api/cases/<caseId>"
echo "logs in .infra/logs/, stop with: npm run down"
