#!/usr/bin/env bash
# bench.sh — every benchmark of BENCHMARKS.md, one command.
#
#   scripts/bench/bench.sh [call] [concurrency] [allocations] [pipeline] [generator] [compile]
#                                                                    (default: all six)
#
#   call       cargo bench -p tencentcloud-sdk-tests --bench call   (criterion: the typed
#              call beside its floor, its parts, typed decode, loopback round trip)
#   concurrency  cargo bench -p tencentcloud-sdk-tests --bench concurrency (1 to 256 calls
#              in flight through one client, beside bare reqwest and the Python SDK)
#   allocations  cargo bench -p tencentcloud-sdk-tests --bench allocations (heap
#              allocations per call: client, its transport alone, bare reqwest)
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
[[ ${#what[@]} == 0 ]] && what=(call concurrency allocations pipeline generator compile)
for w in "${what[@]}"; do
    echo "==== $w ===="
    case $w in
        call) cargo bench -p tencentcloud-sdk-tests --bench call ;;
        concurrency) cargo bench -p tencentcloud-sdk-tests --bench concurrency ;;
        allocations) cargo bench -p tencentcloud-sdk-tests --bench allocations ;;
        pipeline) cargo bench -p tencentcloud-runtime --bench pipeline ;;
        generator) scripts/bench/bench-generator.sh ;;
        compile) scripts/bench/compile-time.sh 50 200 ;;
        *) echo "unknown benchmark $w (call, concurrency, allocations, pipeline, generator, compile)" >&2; exit 2 ;;
    esac
done
