#!/usr/bin/env bash
# The whole test suite, with the engine settings the launcher uses.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/engine-env.sh
# The research data stays outside the repository: ../shared beside the checkout, else /work/shared.
if [ -z "${OMNIIML_SHARED:-}" ]; then
  for d in "$PWD/../shared" /work/shared; do
    if [ -d "$d/data" ]; then export OMNIIML_SHARED="$(cd "$d" && pwd)"; break; fi
  done
fi
exec mvn -B -ntp ${OMNIIML_MAVEN_OPTS:-} ${OMNIIML_SHARED:+-Domniiml.shared=$OMNIIML_SHARED} verify "$@"
