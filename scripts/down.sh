#!/usr/bin/env bash
# npm run down: stop the six services, then Kafka and the embedded PostgreSQL (a machine PostgreSQL is left alone).
source "$(dirname "$0")/lib.sh"
for svc in "${SERVICES[@]}"; do stop_service "$svc"; done
bash "$ROOT/docker/kafka-local.sh" stop >&2 || true
node "$ROOT/docker/pg-local.mjs" down || true
echo "stopped"
