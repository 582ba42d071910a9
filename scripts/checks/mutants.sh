#!/usr/bin/env bash
# Mutation testing of the runtime and the generator with cargo-mutants
# (`cargo install cargo-mutants --locked`). Not part of .ci/run: a full pass takes hours
# on two cores. See MUTANTS.md for the figures and for the mutants known to survive.
#
#   scripts/checks/mutants.sh                       # every file below
#   scripts/checks/mutants.sh runtime/src/json.rs   # one file or module directory (or several)
#   scripts/checks/mutants.sh --table               # only print the table of the last runs
#
# Each file is mutated with the tests that exercise it (its package's tests and, for the
# runtime, the test targets of tests/ that use it), one mutant at a time (-j 1; set
# MUTANTS_JOBS to change it). Results go to target/mutants/<file>/mutants.out; the
# table at the end gives caught / missed / unviable / timeout per file.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/target/mutants
JOBS=${MUTANTS_JOBS:-1}
# One target directory for every mutant build (dependencies are compiled once), apart
# from target/ itself: cargo names the artifacts of cargo-mutants' copy of the tree like
# those of the tree, so a later build in the tree could run a mutated library.
export CARGO_TARGET_DIR=${MUTANTS_TARGET_DIR:-$ROOT/target/mutants-build}
# No debug info in mutant builds: every mutant relinks its test binaries, and linking
# without it is several times faster. Behaviour is the same.
export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-0}
export CARGO_PROFILE_TEST_DEBUG=${CARGO_PROFILE_TEST_DEBUG:-0}
# Extra arguments for the test binaries (after `--`), e.g. MUTANTS_TEST_ARGS="--skip slow".
TEST_ARGS=()
if [ -n "${MUTANTS_TEST_ARGS:-}" ]; then
  # shellcheck disable=SC2206
  TEST_ARGS=(-- -- $MUTANTS_TEST_ARGS)
fi

RUNTIME_FILES="validation sign json retry rate_limit client credentials config defaults"
GENERATOR_FILES="generator/src/resolve/mod.rs generator/src/emit generator/src/output.rs generator/src/spec"

# The cargo test arguments that run the tests exercising a runtime file. The pure files
# (validation, sign, json, retry) are pinned by their unit tests (their `tests/mutants.rs`
# modules included; each mutant then costs one compilation of the runtime); the
# pipeline files run every runtime test and the fixture and loopback tests of tests/.
runtime_tests() {
  # MUTANTS_RUNTIME_TESTS narrows a pipeline file's tests, e.g. to a first pass with
  # the runtime's own tests only ("--test-package tencentcloud-runtime"), followed by
  # MUTANTS_ITERATE=1 with every test for the mutants that pass missed.
  if [ -n "${MUTANTS_RUNTIME_TESTS:-}" ]; then echo "$MUTANTS_RUNTIME_TESTS"; return; fi
  case "$1" in
    validation) echo "--lib" ;;
    sign) echo "--lib" ;;
    json) echo "--lib" ;;
    retry) echo "--lib" ;;
    *) echo "--test-package tencentcloud-runtime,tencentcloud-sdk-tests" ;;
  esac
}

run_runtime() {
  mkdir -p "$OUT/$1"
  local name=$1 file=runtime/src/$1.rs
  # A module directory (credentials/) is mutated as a whole.
  if [ -d "runtime/src/$1" ]; then file="runtime/src/$1/**/*.rs"; fi
  local args
  args=$(runtime_tests "$name")
  if [ "${args#--test-package}" != "$args" ]; then
    # shellcheck disable=SC2086
    cargo mutants --config .cargo/mutants.toml --no-shuffle -j "$JOBS" --timeout 600 --build-timeout 900 \
      --file "$file" --output "$OUT/$name" ${MUTANTS_ITERATE:+--iterate} $args "${TEST_ARGS[@]}" || true
  else
    # --cargo-arg, not `-- ARGS`: the build phase (`cargo test --no-run`) then builds
    # only the library's test harness, not every test target of the package.
    local cargo_args=() a
    for a in $args; do cargo_args+=("--cargo-arg=$a"); done
    cargo mutants --config .cargo/mutants.toml --no-shuffle -j "$JOBS" --timeout 300 --build-timeout 900 \
      --file "$file" --output "$OUT/$name" ${MUTANTS_ITERATE:+--iterate} "${cargo_args[@]}" "${TEST_ARGS[@]}" || true
  fi
}

run_generator() {
  local path=$1 name
  name=$(echo "${path#generator/src/}" | tr '/' '_'); name=${name%.rs}
  # The generator is a workspace of its own; its tests (unit tests and generator/tests/)
  # read spec/, templates/ and runtime/ of the repository through TCGEN_REPO_ROOT, since
  # cargo-mutants copies only generator/.
  local rel=${path#generator/}
  if [ -d "$path" ]; then rel="$rel/**/*.rs"; fi
  mkdir -p "$OUT/gen_$name"
  # MUTANTS_GENERATOR_TESTS narrows the tests (e.g. "--lib --test generator_safety").
  local cargo_args=() a
  for a in ${MUTANTS_GENERATOR_TESTS:-}; do cargo_args+=("--cargo-arg=$a"); done
  # A mutant that makes a loop endless is cut off after MUTANTS_TIMEOUT seconds of tests
  # (the unmutated tests take about 10 s; default 120).
  TCGEN_REPO_ROOT=$ROOT cargo mutants --config "$ROOT/.cargo/mutants.toml" --no-shuffle -j "$JOBS" \
    --timeout "${MUTANTS_TIMEOUT:-120}" --build-timeout 900 --dir generator --file "$rel" --output "$OUT/gen_$name" \
    ${MUTANTS_ITERATE:+--iterate} "${cargo_args[@]}" "${TEST_ARGS[@]}" || true
}

table() {
  printf '%-22s %7s %7s %9s %8s %s\n' FILE caught missed unviable timeout "(earlier runs, MUTANTS_ITERATE)"
  for d in "$OUT"/*/; do
    [ -f "$d/mutants.out/outcomes.json" ] || continue
    python3 - "$d/mutants.out" "$(basename "$d")" <<'PY'
import json, os, sys
out, name = sys.argv[1], sys.argv[2]
data = json.load(open(os.path.join(out, "outcomes.json")))
c = {k: data.get(k, 0) for k in ("caught", "missed", "unviable", "timeout")}
prev = os.path.join(out, "previously_caught.txt")
earlier = sum(1 for line in open(prev) if line.strip()) if os.path.exists(prev) else 0
note = f"+{earlier} caught or unviable" if earlier else ""
print(f"{name:<22} {c['caught']:>7} {c['missed']:>7} {c['unviable']:>9} {c['timeout']:>8} {note}")
PY
  done
  echo "missed mutants: target/mutants/<file>/mutants.out/missed.txt"
}

if [ "${1:-}" = "--table" ]; then table; exit 0; fi
command -v cargo-mutants >/dev/null || { echo "install it: cargo install cargo-mutants --locked" >&2; exit 1; }

if [ $# -eq 0 ]; then
  set -- $(for f in $RUNTIME_FILES; do
    if [ -d "runtime/src/$f" ]; then echo "runtime/src/$f"; else echo "runtime/src/$f.rs"; fi
  done) $GENERATOR_FILES
fi
for file in "$@"; do
  case "$file" in
    runtime/src/*) n=${file#runtime/src/}; n=${n%/}; run_runtime "${n%.rs}" ;;
    generator/src/*) run_generator "${file%/}" ;;
    *) echo "not a runtime or generator source: $file" >&2; exit 2 ;;
  esac
done
table
