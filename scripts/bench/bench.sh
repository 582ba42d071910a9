#!/usr/bin/env bash
# bench.sh — every benchmark of BENCHMARKS.md, one command.
#
#   scripts/bench/bench.sh [call] [pipeline] [generator] [compile]    (default: all four)
#
#   call       cargo bench -p tencentcloud-sdk-tests --bench call   (criterion: the typed
#              call beside its floor, its parts, typed decode, loopback round trip)
#   pipeline   cargo bench -p tencentcloud-runtime --bench pipeline (criterion: JSON writer,
#              signature, untyped call, lenient decode)
#   generator  scripts/bench/bench-generator.sh   (generate spec/; import+generate 500/1000/5000)
#   compile    scripts/bench/compile-time.sh      (build time and memory per generated crate;
#              BEFORE=<rev> compares against an earlier runtime in the same run)
#
# Criterion prints each figure; compare the ratios within one run, not times across runs.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
what=("$@")
[[ ${#what[@]} == 0 ]] && what=(call pipeline generator compile)
for w in "${what[@]}"; do
    echo "==== $w ===="
    case $w in
        call) cargo bench -p tencentcloud-sdk-tests --bench call ;;
        pipeline) cargo bench -p tencentcloud-runtime --bench pipeline ;;
        generator) scripts/bench/bench-generator.sh ;;
        compile) scripts/bench/compile-time.sh 50 200 ;;
        *) echo "unknown benchmark $w (call, pipeline, generator, compile)" >&2; exit 2 ;;
    esac
done
