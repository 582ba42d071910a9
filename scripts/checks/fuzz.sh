#!/usr/bin/env bash
# fuzz.sh — runs the property and fuzz tests much longer than `cargo test` does.
#
#   runtime/tests/properties.rs  signing, the Python-compatible JSON writer, the SSE parser
#   tests/tests/fuzz.rs          spec loader, importer, response decoders, profile parser
#   tests/tests/random_specs.rs  random valid specs: accepted, rendered, compiled, round-tripped
#
# Usage: scripts/checks/fuzz.sh [-- extra libtest arguments]
# Environment:
#   PROPTEST_CASES   cases per property (default 10000)
#   RANDOM_SPECS     random services compiled in one batch (default 200)
#   RANDOM_SPECS_SEED  seed of that batch (default: from the clock; printed)
#   CARGO_TARGET_DIR where to build the tests (default: cargo's)
# Prints the cases each property ran and a summary; exits non-zero if any test failed.
set -uo pipefail

cd "$(dirname "$0")/../.."
export PROPTEST_CASES="${PROPTEST_CASES:-10000}"
export RANDOM_SPECS="${RANDOM_SPECS:-200}"
log="$(mktemp -t fuzz.XXXXXX)"
trap 'rm -f "$log"' EXIT

echo "fuzz: PROPTEST_CASES=$PROPTEST_CASES RANDOM_SPECS=$RANDOM_SPECS"
start=$(date +%s)
status=0
run() {
    echo "== cargo test $*"
    # --nocapture: each property prints `property NAME: N cases`.
    cargo test "$@" -- --nocapture --test-threads 1 2>&1 | tee -a "$log" \
        | grep --line-buffered -E 'property [a-z_]+: [0-9]+ cases|random specs:|^test result:|panicked|minimal failing input|^error'
    local codes=("${PIPESTATUS[@]}")
    if [ "${codes[0]}" -ne 0 ]; then
        status=1
    fi
}
run -p tencentcloud-runtime --test properties
run -p tencentcloud-sdk-tests --test fuzz
run -p tencentcloud-sdk-tests --test random_specs

echo
echo "== summary ($(( $(date +%s) - start )) s)"
grep -oE 'property [a-z_]+: [0-9]+ cases' "$log" | sed 's/^property /  /'
grep -E '^random specs:' "$log" | sed 's/^/  /'
passed=$(grep -cE '\.\.\. ok$|^ok$' "$log" || true)
failed=$(grep -cE 'FAILED$' "$log" || true)
cases=$(grep -oE 'property [a-z_]+: [0-9]+ cases' "$log" | awk '{s += $3} END {print s + 0}')
echo "  $cases property cases in total; tests passed: $passed, failed: $failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
    echo "fuzz: FAILURES (see the minimal failing inputs above)"
    exit 1
fi
echo "fuzz: no failures"
