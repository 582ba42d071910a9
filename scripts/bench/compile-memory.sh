#!/usr/bin/env bash
# compile-memory.sh — what each family of generated items costs the compiler: CPU and
# peak memory of a debug build of one generated crate, as generated and with families
# of items removed (scripts/bench/trim-generated.py).
#
#   scripts/bench/compile-memory.sh ROOT CRATE VARIANT...
#
# ROOT is a project root holding generated/CRATE (the crate's directory name, e.g. csip),
# such as the scratch root of scripts/catalogue/catalogue.sh run with WORK_DIR=DIR KEEP=1
# (ROOT=DIR/root) or of scripts/bench/compile-time.sh run with WORK_DIR. Each VARIANT is
# `base` (the crate as generated) or a comma-separated list of trims that
# scripts/bench/trim-generated.py applies to a copy of its sources, e.g.
#
#   scripts/bench/compile-memory.sh /tmp/cat/root csip base opnodebug lean,nodoc
#
# For each variant the crate is built (debug, CARGO_INCREMENTAL=0, its dependencies built
# first and not measured) under /usr/bin/time -v; one line per variant: the number of
# source lines, the build's status (a trim that removes a derive some bound needs makes
# the build fail after type checking: its peak is then only an upper bound), CPU (user +
# system) and the peak RSS of the largest process (rustc). The crate's sources are put
# back as they were when the script ends, however it ends (interrupted, a build under
# way is stopped first; only SIGKILL leaves them trimmed).
#
# Environment: CARGO_TARGET_DIR (default ROOT/target-memory).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ $# -lt 3 ]]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
fi
root=$(cd "$1" && pwd)
crate_dir=$root/generated/$2
shift 2
compgen -G "$crate_dir/src/v*/operation" >/dev/null || { echo "$crate_dir: not a generated service crate" >&2; exit 1; }
name=$(sed -nE 's/^name = "(.*)"/\1/p' "$crate_dir/Cargo.toml" | head -n1)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target-memory}
export CARGO_INCREMENTAL=0

tmp=$(mktemp -d /tmp/compile-memory.XXXXXX)
cp -r "$crate_dir/src" "$tmp/original"
build=
# kill_tree PID: PID and every process under it (cargo, rustc, /usr/bin/time).
kill_tree() {
    local child
    for child in $(pgrep -P "$1"); do kill_tree "$child"; done
    kill "$1" 2>/dev/null || true
}
# Interrupted or not: stop a build under way, then put the sources back.
restore() {
    [[ -n $build ]] && kill_tree "$build"
    wait
    rm -rf "$crate_dir/src"
    cp -r "$tmp/original" "$crate_dir/src"
    rm -rf "$tmp"
}
trap restore EXIT
trap 'exit 130' INT TERM

# in_background CMD...: runs CMD in ROOT in the background and waits for it, so that a
# signal stops the script (and, through `restore`, the command) at once.
in_background() {
    (cd "$root" && exec "$@") &
    build=$!
    local status=0
    wait "$build" || status=$?
    build=
    return "$status"
}

in_background cargo build --quiet -p "$name"
printf '%-60s %8s %7s %9s %10s\n' variant lines status CPU "peak RSS"
for variant in "$@"; do
    rm -rf "$crate_dir/src"
    cp -r "$tmp/original" "$crate_dir/src"
    if [[ $variant != base ]]; then
        # Each API version's module is trimmed alike.
        for module in "$crate_dir"/src/v*/; do
            python3 "$repo/scripts/bench/trim-generated.py" "$module" "$variant" 2>"$tmp/trim.log" || {
                cat "$tmp/trim.log" >&2
                exit 1
            }
        done
    fi
    lines=$(find "$crate_dir/src" -name '*.rs' -exec cat {} + | wc -l)
    status=ok
    in_background /usr/bin/time -v -o "$tmp/time" cargo build --quiet -p "$name" >"$tmp/build.log" 2>&1 || status=failed
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
    cpu=$(awk -F': ' '/User time|System time/ { t += $2 } END { print t }' "$tmp/time")
    printf '%-60s %8d %7s %7.1f s %6d MiB\n' "$variant" "$lines" "$status" "$cpu" $((kb / 1024))
done
