#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh"
bash "$ROOT/docker/kafka-local.sh" stop >&2 || true
node "$ROOT/docker/pg-local.mjs" down
