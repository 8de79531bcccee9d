#!/usr/bin/env bash
# The whole test suite, with the engine settings the launcher uses.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/engine-env.sh
exec mvn -B -ntp ${OMNIIML_MAVEN_OPTS:-} verify "$@"
