#!/usr/bin/env bash
# bench-generator.sh — time and peak memory of tcgen: generating every spec in spec/,
# then importing and generating synthetic services of 500, 1,000 and 5,000 actions.
#
#   scripts/bench/bench-generator.sh [SIZES...]     (default: 500 1000 5000)
#
# Each synthetic service cycles through TRTC's actions (scripts/bench/synthetic.py), so the
# actions are as varied as a real service's. Each step runs in a scratch project root
# (the repository is only read) under /usr/bin/time -v: wall time, CPU time (user +
# system: on a loaded machine the wall time mostly measures the other processes) and
# peak RSS.
#
# Environment: TCGEN_BIN (a built tcgen; default: build it in release),
# WORK_DIR (default: mktemp -d, removed at exit), TENCENT_SHARED.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
sizes=("$@")
[[ ${#sizes[@]} == 0 ]] && sizes=(500 1000 5000)
if [[ -n ${WORK_DIR:-} ]]; then
    tmp=$WORK_DIR
    mkdir -p "$tmp"
else
    tmp=$(mktemp -d /tmp/bench-generator.XXXXXX)
    trap 'rm -rf "$tmp"' EXIT
fi
tcgen=${TCGEN_BIN:-}
if [[ -z $tcgen ]]; then
    cargo build --quiet --release --manifest-path "$repo/generator/Cargo.toml"
    tcgen=${CARGO_TARGET_DIR:-$repo/target}/release/tcgen
fi

measure() {
    local name=$1 per=$2
    shift 2
    local tf=$tmp/time.out start end status=0
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$tf" "$@" >"$tmp/cmd.log" 2>&1 || status=$?
    end=$(date +%s.%N)
    [[ $status != 0 ]] && tail -n 20 "$tmp/cmd.log" >&2
    local kb cpu
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tf")
    cpu=$(awk -F': ' '/User time|System time/ { t += $2 } END { print t }' "$tf")
    awk -v n="$name" -v a="$start" -v b="$end" -v c="$cpu" -v k="${kb:-0}" -v s="$status" -v p="$per" \
        'BEGIN { printf "%-32s %7.2f s %7.2f s %6.0f MiB %7.2f ms  %s\n", n, b - a, c, k / 1024, 1000 * c / p, (s == 0 ? "ok" : "FAILED") }'
}

scratch() {
    local dir=$1
    mkdir -p "$dir/spec"
    cp "$repo/spec/common.yaml" "$dir/spec/"
    cp -r "$repo/templates" "$dir/"
    mkdir -p "$dir/runtime"
    cp "$repo/runtime/Cargo.toml" "$dir/runtime/"
}

printf '%-32s %9s %9s %10s %10s\n' step wall "CPU" "peak RSS" "CPU/action"
all=$tmp/all
scratch "$all"
cp -r "$repo/spec/." "$all/spec/"
actions=$(find "$repo"/generated/*/src/v*/operation -name '*.rs' ! -name mod.rs | wc -l)
measure "generate spec/ ($actions actions)" "$actions" "$tcgen" --root "$all"
for n in "${sizes[@]}"; do
    dir=$tmp/n$n
    scratch "$dir"
    python3 "$repo/scripts/bench/synthetic.py" "$n" "$tmp/src-$n" --service synth >/dev/null
    measure "import $n actions" "$n" "$tcgen" --root "$dir" import "$tmp/src-$n" --package synthetic --package-version "$n"
    measure "generate $n actions" "$n" "$tcgen" --root "$dir"
    lines=$(find "$dir/generated" -name '*.rs' -exec cat {} + | wc -l)
    printf '%-32s %9s\n' "  generated Rust lines" "$lines"
done
