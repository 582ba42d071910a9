#!/usr/bin/env bash
# audit.sh: the constraint audit in one command: imports the English catalogue with this
# checkout's tcgen (import-catalogue.sh), then draws the sample, merges the recorded
# judgments and prints the figures (sample.py). See scripts/audit/README.md.
#
# Environment: as import-catalogue.sh (CATALOGUE_DIR, WORK_DIR, TCCLI_VERSION,
# TCGEN_BIN, PROFILE). Arguments are passed to sample.py (--out, --seed, -n,
# --require-judged).
#
# Usage: CATALOGUE_DIR=.../tccli/services scripts/audit/audit.sh [sample.py options]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
specs=$("$here/import-catalogue.sh" | tail -n1)
echo "specs: $specs"
python3 "$here/sample.py" "$specs" "$@"
echo "context for unjudged entries: python3 $here/context.py $specs"
