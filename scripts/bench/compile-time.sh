#!/usr/bin/env bash
# compile-time.sh — debug and release build time and peak memory of generated crates
# with their dependencies already built, and the time per action.
#
#   scripts/bench/compile-time.sh [SIZES...]        (default: 50 200)
#
# For each size N, a synthetic service of N copies of TRTC's DescribeUserInfo
# (scripts/bench/synthetic.py --only DescribeUserInfo) is imported and generated with tcgen in a
# scratch project root (the repository's spec/common.yaml, templates/, runtime/,
# Cargo.lock, .cargo/); with MIXED=1 the copies cycle through every TRTC action instead.
# The repository's own crates (generated/*) are measured too. Each crate is built after
# `cargo build -p tencentcloud-runtime` (debug, then release) so that only the crate
# itself is compiled; its lib.rs is touched first. Each build runs under /usr/bin/time -v:
# wall time, CPU time (user + system of cargo and rustc: on a loaded machine the wall
# time mostly measures the other processes) and the peak RSS of the largest process.
#
# BEFORE=<git revision>: also build every crate against that revision's runtime/ (same
# generated code), in the same run, for a before/after comparison of runtime changes.
# GENERATED_BEFORE=1 (with BEFORE): generate the crates with that revision's templates
# and generator too (builds a second tcgen).
#
# Environment: TCGEN_BIN (a built tcgen; default: build it in release), CARGO_TARGET_DIR
# (default: <repo>/target/compile-time), WORK_DIR (default: mktemp -d, removed at exit),
# RELEASE=0 to skip release builds, TENCENT_SHARED (the shared descriptions), SPECS
# (more spec directories to generate and measure).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
sizes=("$@")
[[ ${#sizes[@]} == 0 ]] && sizes=(50 200)
target=${CARGO_TARGET_DIR:-$repo/target/compile-time}
release=${RELEASE:-1}
if [[ -n ${WORK_DIR:-} ]]; then
    tmp=$WORK_DIR
    mkdir -p "$tmp"
else
    tmp=$(mktemp -d /tmp/compile-time.XXXXXX)
    trap 'rm -rf "$tmp"' EXIT
fi

tcgen=${TCGEN_BIN:-}
if [[ -z $tcgen ]]; then
    cargo build --quiet --release --manifest-path "$repo/generator/Cargo.toml"
    tcgen=${CARGO_TARGET_DIR:-$repo/target}/release/tcgen
fi

# Builds without incremental compilation, as a dependency from a registry is built: with
# it, a crate rebuilt after `touch` from unchanged sources reuses its previous build.
export CARGO_INCREMENTAL=0

# measure NAME CMD... -> prints "NAME wall_s rss_mib status"
measure() {
    local name=$1
    shift
    local tf=$tmp/time.out start end status=0
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$tf" "$@" >"$tmp/cmd.log" 2>&1 || status=$?
    end=$(date +%s.%N)
    local kb cpu
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tf")
    cpu=$(awk -F': ' '/User time|System time/ { t += $2 } END { print t }' "$tf")
    if [[ $status != 0 ]]; then
        tail -n 30 "$tmp/cmd.log" >&2
    fi
    awk -v n="$name" -v a="$start" -v b="$end" -v c="$cpu" -v k="${kb:-0}" -v s="$status" \
        'BEGIN { printf "%-40s %7.2f s %7.2f s %6.0f MiB  %s\n", n, b - a, c, k / 1024, (s == 0 ? "ok" : "FAILED") }'
}

# root DIR RUNTIME_SRC: a scratch project root at DIR using the runtime at RUNTIME_SRC.
root() {
    local dir=$1 runtime=$2
    mkdir -p "$dir/spec"
    cp "$repo/spec/common.yaml" "$dir/spec/"
    cp -r "$repo/templates" "$dir/"
    rm -rf "$dir/runtime"
    cp -r "$runtime" "$dir/runtime"
    rm -rf "$dir/runtime/target"
    # The generated command line (generated/cli) builds on the hand-written engine.
    rm -rf "$dir/cli" && cp -r "$repo/cli" "$dir/cli" && rm -rf "$dir/cli/target"
    cp "$repo/Cargo.lock" "$dir/"
    cp -r "$repo/.cargo" "$dir/"
    sed -E 's|^members = \[.*\]|members = ["runtime", "generated/*"]|' "$repo/Cargo.toml" >"$dir/Cargo.toml"
    for spec in "$repo"/spec/*/v*.yaml; do
        local svc
        svc=$(basename "$(dirname "$spec")")
        mkdir -p "$dir/spec/$svc"
        cp "$repo/spec/$svc"/v* "$dir/spec/$svc/"
    done
}

after=$tmp/after
root "$after" "$repo/runtime"
mode=(--only DescribeUserInfo)
[[ ${MIXED:-0} == 1 ]] && mode=()
for n in "${sizes[@]}"; do
    python3 "$repo/scripts/bench/synthetic.py" "$n" "$tmp/src-$n" "${mode[@]}" --service "synth$n" >/dev/null
    "$tcgen" --root "$after" import "$tmp/src-$n" --package synthetic --package-version "$n" >"$tmp/import-$n.log" 2>&1 || { tail "$tmp/import-$n.log"; exit 1; }
done
# SPECS="DIR..." (spec directories of imported services, e.g. a scratch import of the
# catalogue): measured too, as they are.
for dir in ${SPECS:-}; do
    cp -r "$dir" "$after/spec/"
done
"$tcgen" --root "$after" >"$tmp/generate.log" 2>&1 || { tail -n 30 "$tmp/generate.log"; exit 1; }

roots=(after)
if [[ -n ${BEFORE:-} ]]; then
    before=$tmp/before
    mkdir -p "$tmp/rev"
    git -C "$repo" archive "$BEFORE" runtime templates generator | tar -x -C "$tmp/rev"
    root "$before" "$tmp/rev/runtime"
    if [[ ${GENERATED_BEFORE:-0} == 1 ]]; then
        rm -rf "$before/templates" && cp -r "$tmp/rev/templates" "$before/"
        cargo build --quiet --release --manifest-path "$tmp/rev/generator/Cargo.toml" --target-dir "$target/tcgen-before"
        tcgen_before=$target/tcgen-before/release/tcgen
        for n in "${sizes[@]}"; do
            "$tcgen_before" --root "$before" import "$tmp/src-$n" --package synthetic --package-version "$n" >/dev/null
        done
        for spec_dir in ${SPECS:-}; do
            cp -r "$spec_dir" "$before/spec/"
        done
        "$tcgen_before" --root "$before" >/dev/null
    else
        cp -r "$after/spec" "$before/"
        cp -r "$after/generated" "$before/"
    fi
    roots=(before after)
fi

printf '%-40s %9s %9s %10s\n' "crate (dependencies built)" "wall" "CPU" "peak RSS"
for r in "${roots[@]}"; do
    dir=$tmp/$r
    echo "--- $r ($( [[ $r == before ]] && echo "runtime of $BEFORE" || echo "working tree" ))"
    profiles=(dev)
    [[ $release == 1 ]] && profiles+=(release)
    for profile in "${profiles[@]}"; do
        flag=()
        [[ $profile == release ]] && flag=(--release)
        # One target directory per root: cargo names a workspace member's artifacts
        # the same in both roots, and would take the other root's runtime as fresh.
        (cd "$dir" && CARGO_TARGET_DIR=$target/$r cargo build --quiet "${flag[@]}" -p tencentcloud-runtime)
        # Warm-up, not measured: the crates enable runtime features (the default TLS
        # transport) that the runtime alone does not; the smallest crate builds them.
        smallest=$(for crate in "$dir"/generated/*/; do
            compgen -G "$crate/src/v*/operation" >/dev/null || continue
            echo "$(find "$crate"/src/v*/operation -name '*.rs' | wc -l) $(sed -nE 's/^name = "(.*)"/\1/p' "$crate/Cargo.toml" | head -n1)"
        done | sort -n | head -n1 | cut -d' ' -f2)
        (cd "$dir" && CARGO_TARGET_DIR=$target/$r cargo build --quiet "${flag[@]}" -p "$smallest")
        for crate in "$dir"/generated/*/; do
            compgen -G "$crate/src/v*/operation" >/dev/null || continue # the command line, not a service
            name=$(sed -nE 's/^name = "(.*)"/\1/p' "$crate/Cargo.toml" | head -n1)
            actions=$(find "$crate"/src/v*/operation -name '*.rs' ! -name mod.rs | wc -l)
            touch "$crate/src/lib.rs"
            line=$(cd "$dir" && CARGO_TARGET_DIR=$target/$r measure "$name $profile ($actions actions)" \
                cargo build --quiet "${flag[@]}" -p "$name")
            echo "$line"
            read -r wall cpu <<<"$(awk '{ n = 0; for (i = 1; i <= NF; i++) if ($(i + 1) == "s") { v[n++] = $i } print v[0], v[1] }' <<<"$line")"
            awk -v w="$wall" -v c="$cpu" -v a="$actions" \
                'BEGIN { printf "%40s %7.3f s %7.3f s per action\n", "", w / a, c / a }'
        done
    done
done
