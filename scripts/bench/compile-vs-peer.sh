#!/usr/bin/env bash
# compile-vs-peer.sh — the compile cost of a large generated crate beside the nearest
# peer of the same size, measured in one run on this machine: csip (750 actions) against
# aws-sdk-ec2 (811 operations), a debug build and `cargo check` of each, its dependencies
# built first and not measured, non-incremental.
#
#   scripts/bench/compile-vs-peer.sh ROOT [CRATE] [PEER_VERSION]
#
# ROOT is a workspace holding generated/CRATE (default csip), such as a release output's
# workspace (`scripts/release/release.py --edition en --out OUT`: ROOT=OUT/workspace).
# PEER_VERSION pins aws-sdk-ec2 (default 1.274.0); it is fetched from crates.io, the one
# network access. Prints one line per build: CPU (user + system), wall, peak RSS of the
# largest process (rustc), lines of Rust, and the ratios per action/operation.
#
# Environment: WORK_DIR (default a temporary directory, removed at the end).
set -euo pipefail

if [[ $# -lt 1 ]]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
fi
root=$(cd "$1" && pwd)
crate=${2:-csip}
peer_version=${3:-1.274.0}
crate_dir=$root/generated/$crate
[[ -f $crate_dir/Cargo.toml ]] || { echo "$crate_dir: no generated crate there" >&2; exit 1; }
name=$(sed -nE 's/^name = "(.*)"/\1/p' "$crate_dir/Cargo.toml" | head -n1)
actions=$(find "$crate_dir/src" -path '*/operation/*.rs' | wc -l)
work=${WORK_DIR:-$(mktemp -d /tmp/compile-vs-peer.XXXXXX)}
[[ -n ${WORK_DIR:-} ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/peer/src"
cat > "$work/peer/Cargo.toml" <<EOF
[package]
name = "peer"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
aws-sdk-ec2 = "=$peer_version"

[workspace]
EOF
echo 'pub use aws_sdk_ec2;' > "$work/peer/src/lib.rs"
export CARGO_INCREMENTAL=0

# measure LABEL DIR PACKAGE SUBCOMMAND: builds the package's dependencies, then the
# package alone under /usr/bin/time; prints "LABEL cpu wall peak".
measure() {
    local label=$1 dir=$2 package=$3 sub=$4 target=$work/target-$1
    (cd "$dir" && CARGO_TARGET_DIR=$target cargo "$sub" -q -p "$package" >/dev/null 2>&1) || true
    (cd "$dir" && CARGO_TARGET_DIR=$target cargo clean -q -p "$package")
    local t=$work/$label.time
    (cd "$dir" && CARGO_TARGET_DIR=$target /usr/bin/time -v -o "$t" cargo "$sub" -q -p "$package" >/dev/null)
    local user sys wall peak
    user=$(sed -nE 's/.*User time \(seconds\): (.*)/\1/p' "$t")
    sys=$(sed -nE 's/.*System time \(seconds\): (.*)/\1/p' "$t")
    wall=$(sed -nE 's/.*Elapsed \(wall clock\) time .*: (.*)/\1/p' "$t")
    peak=$(sed -nE 's/.*Maximum resident set size \(kbytes\): (.*)/\1/p' "$t")
    echo "$label $(echo "$user + $sys" | bc) $wall $((peak / 1024))"
}

peer_src=$(cd "$work/peer" && cargo fetch -q && cargo metadata --format-version 1 \
    | python3 -c 'import json,sys; m=json.load(sys.stdin); print(next(p["manifest_path"] for p in m["packages"] if p["name"]=="aws-sdk-ec2"))')
peer_dir=$(dirname "$peer_src")
peer_ops=$(find "$peer_dir/src/operation" -mindepth 1 -maxdepth 1 -type d | wc -l)
ours_lines=$(find "$crate_dir/src" -name '*.rs' -print0 | xargs -0 cat | wc -l)
peer_lines=$(find "$peer_dir/src" -name '*.rs' -print0 | xargs -0 cat | wc -l)

results=()
for sub in build check; do
    results+=("$(measure "ours-$sub" "$root" "$name" "$sub")")
    results+=("$(measure "peer-$sub" "$work/peer" aws-sdk-ec2 "$sub")")
done
echo "| build | crate | actions | lines | CPU s | wall | peak MiB |"
echo "|---|---|---:|---:|---:|---:|---:|"
for r in "${results[@]}"; do
    read -r label cpu wall peak <<<"$r"
    case $label in
        ours-*) echo "| ${label#ours-} | $name | $actions | $ours_lines | $cpu | $wall | $peak |" ;;
        *) echo "| ${label#peer-} | aws-sdk-ec2 $peer_version | $peer_ops | $peer_lines | $cpu | $wall | $peak |" ;;
    esac
done
python3 - "$actions" "$peer_ops" "${results[@]}" <<'EOF'
import sys
ours_n, peer_n = int(sys.argv[1]), int(sys.argv[2])
rows = {r.split()[0]: r.split() for r in sys.argv[3:]}
for sub in ("build", "check"):
    o, p = rows[f"ours-{sub}"], rows[f"peer-{sub}"]
    cpu = (float(o[1]) / ours_n) / (float(p[1]) / peer_n)
    mem = float(o[3]) / float(p[3])
    print(f"{sub}: CPU per action {cpu:.2f}x the peer's per operation; peak memory {mem:.2f}x")
EOF
