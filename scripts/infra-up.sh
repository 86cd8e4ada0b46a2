#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh"
ensure_deps
infra_up
