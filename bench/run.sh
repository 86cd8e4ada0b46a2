#!/usr/bin/env bash
# npm run bench: build into the bench's own outDir (never the shared dist/), make sure Kafka and PostgreSQL run,
# then run the pipeline benchmark (bench/pipeline/pipeline.bench.ts). Progress on stderr; results in bench/results/.
#
#   BENCH_QUICK=1 npm run bench     # smoke run: 10 s per rate, 1,000-opinion burst
#   BENCH_ALL=1 npm run bench       # also the escalation sweep and audit replay benchmarks, when present
#   BENCH_DIST=/tmp/x npm run bench # another outDir (default .infra/bench-dist)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="${BENCH_DIST:-$ROOT/.infra/bench-dist}"

mkdir -p "$ROOT/.infra"
echo "bench: compiling into ${DIST#"$ROOT"/}" >&2
# tsc still emits when another part of the tree has type errors; report them but carry on to tsc-alias.
if ! npx --no-install tsc -p tsconfig.build.json --outDir "$DIST" >"$ROOT/.infra/bench-tsc.log" 2>&1; then
  echo "bench: tsc reported errors (JS emitted anyway; see .infra/bench-tsc.log):" >&2
  head -n 20 "$ROOT/.infra/bench-tsc.log" >&2
fi
npx --no-install tsc-alias -p tsconfig.build.json --outDir "$DIST"
[ -f "$DIST/bench/pipeline/pipeline.bench.js" ] || { echo "bench: build produced no pipeline.bench.js" >&2; exit 1; }

echo "bench: making sure Kafka and PostgreSQL run" >&2
bash docker/kafka-local.sh up >/dev/null
node docker/pg-local.mjs up

# Node resolves packages from the repo's node_modules even when the outDir lies outside the repo.
export NODE_PATH="$ROOT/node_modules${NODE_PATH:+:$NODE_PATH}"
export BENCH_REPO_ROOT="$ROOT"
exec node "$DIST/bench/pipeline/pipeline.bench.js" "$@"
