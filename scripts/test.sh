#!/usr/bin/env bash
# npm test: install what is missing, start the infrastructure, and run every suite (unit, integration, e2e).
source "$(dirname "$0")/lib.sh"
ensure_deps
say "lint and type-check"
(cd "$ROOT" && npx --no-install eslint . >&2 && npx --no-install prettier --check . >/dev/null && npx --no-install tsc -p tsconfig.json --noEmit >&2 && npx --no-install depcruise --config .dependency-cruiser.cjs apps libs >&2)
ensure_build
# Integration and e2e suites use testcontainers where a Docker engine answers; here, the project's own infra.
if ! docker info >/dev/null 2>&1; then infra_up; fi
cd "$ROOT"
start=$SECONDS
npx --no-install jest --selectProjects unit "$@"
npx --no-install jest --selectProjects integration --runInBand "$@"
npx --no-install jest --selectProjects e2e --runInBand "$@"
say "all suites passed in $((SECONDS - start))s"
