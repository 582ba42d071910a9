#!/usr/bin/env bash
# catalogue.sh — import and generate the whole public Tencent Cloud catalogue, then
# compile a sample of the generated crates, measuring each step.
#
# What it does, all inside a temporary directory (the repository is only read):
#   1. downloads the `tccli-intl-en` wheel from PyPI (`pip download --no-deps`),
#      unzips it and uses its `tccli/services/` as the catalogue root
#      (`<service>/<version>/api.json`, `examples.json`, `errorcodes.py`);
#   2. builds `tcgen` (release) from a snapshot of `generator/`, creates a scratch
#      project root (the repository's `spec/common.yaml`, `templates/`, `runtime/`, `cli/`,
#      `Cargo.toml` with members `["runtime", "generated/*"]`, `Cargo.lock`, `.cargo/`),
#      then runs, each under `/usr/bin/time -v`:
#        tcgen --root SCRATCH import CATALOGUE --package tccli-intl-en --package-version V
#        tcgen --root SCRATCH              (generate)
#      and prints the service versions and actions imported, the failures with their
#      messages, wall time and peak RSS of each step, the number of generated crates and
#      the lines of Rust generated;
#   3. `cargo check`s a sample of the generated crates in the scratch workspace (first the
#      runtime and the dependencies, then each sampled crate on its own), with its own
#      CARGO_TARGET_DIR, reporting wall time, peak RSS, success and the first errors;
#   4. ends with a summary of all figures.
#
# Requirements: bash, cargo/rustc (the repository's toolchain), pip (Python), unzip,
# GNU time at /usr/bin/time (installed with apt-get when missing), network access to
# PyPI and crates.io (or CATALOGUE_DIR and a populated cargo cache with CARGO_OFFLINE=1).
#
# Duration (measured on a loaded 2-core machine): 4-7 min to build tcgen, under 10 s to
# import and under a minute to generate, 1.5-4 min for the runtime's dependencies, about
# 2-3.5 min for csip (~750 actions, ~290k lines; rustc peaks at ~4 GB RSS), seconds for
# the others: 10-20 minutes in all. Disk: about 1.5 GB in the temporary directory.
#
# Environment:
#   TCCLI_VERSION   wheel version to download (default 3.1.193.1)
#   CATALOGUE_DIR   use this catalogue root instead of downloading
#   SAMPLE          services whose crates are checked (default "csip cvm trtc sms");
#                   the crate of each, generated/S (every API version of S), is checked
#   WORK_DIR        temporary directory to use (default: mktemp -d); kept when given
#   KEEP=1          keep the temporary directory (default: removed at exit)
#   CARGO_OFFLINE=1 pass --offline to cargo
#   TCGEN_BIN       use this tcgen binary instead of building one
#   FALLBACK=0      when generate rejects specs, stop there; by default the scratch copy
#                   is worked around (mined defaults on required inputs dropped, specs
#                   with other diagnostics set aside) and generated again, so that the
#                   compile step still has crates; the summary says what was changed
#
# Exit status: 0 when everything imported, generated and compiled as is, else 1.
#
# Usage: scripts/catalogue/catalogue.sh  (from anywhere; output is best sent to a log file)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
version=${TCCLI_VERSION:-3.1.193.1}
package=tccli-intl-en
sample=${SAMPLE:-csip cvm trtc sms}
offline=()
[[ ${CARGO_OFFLINE:-0} == 1 ]] && offline=(--offline)

if [[ -n ${WORK_DIR:-} ]]; then
    tmp=$WORK_DIR
    mkdir -p "$tmp"
    KEEP=1
else
    tmp=$(mktemp -d /tmp/catalogue.XXXXXX)
fi
cleanup() {
    if [[ ${KEEP:-0} == 1 ]]; then
        echo "temporary directory kept: $tmp"
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT

section() { printf '\n==== %s ====\n' "$*"; }

# GNU time, for peak RSS.
if [[ ! -x /usr/bin/time ]]; then
    echo "installing GNU time (apt-get)"
    if [[ $(id -u) == 0 ]]; then
        apt-get update -qq && apt-get install -y -qq time >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null
    fi
fi

# measure NAME LOG CMD...: runs CMD with stdout+stderr to LOG under /usr/bin/time -v;
# sets WALL (seconds), RSS (MiB) and STATUS, and records them in the summary.
declare -a summary=()
measure() {
    local name=$1 log=$2
    shift 2
    local tf="$tmp/time.$(echo "$name" | tr -c 'A-Za-z0-9_.-' '_')"
    local start end
    start=$(date +%s.%N)
    STATUS=0
    /usr/bin/time -v -o "$tf" "$@" >"$log" 2>&1 || STATUS=$?
    end=$(date +%s.%N)
    WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    local kb
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tf")
    RSS=$(awk -v k="${kb:-0}" 'BEGIN { printf "%.0f", k / 1024 }')
    local verdict=ok
    [[ $STATUS != 0 ]] && verdict="FAILED (exit $STATUS)"
    printf '%s: wall %ss, peak RSS %s MiB, %s\n' "$name" "$WALL" "$RSS" "$verdict"
    summary+=("$(printf '%-44s wall %8ss  peak RSS %6s MiB  %s' "$name" "$WALL" "$RSS" "$verdict")")
}

# ---------------------------------------------------------------------------------------
section "1. catalogue"
if [[ -n ${CATALOGUE_DIR:-} ]]; then
    catalogue=$(cd "$CATALOGUE_DIR" && pwd)
    echo "using CATALOGUE_DIR=$catalogue"
else
    mkdir -p "$tmp/wheel"
    pip download --no-deps --disable-pip-version-check -q "$package==$version" -d "$tmp/wheel"
    whl=$(ls "$tmp"/wheel/*.whl | head -n1)
    echo "downloaded $(basename "$whl") ($(du -h "$whl" | cut -f1))"
    unzip -q "$whl" -d "$tmp/wheel/x"
    catalogue=$tmp/wheel/x/tccli/services
fi
[[ -d $catalogue ]] || { echo "no catalogue at $catalogue" >&2; exit 1; }
cat_services=$(find "$catalogue" -mindepth 3 -maxdepth 3 -name api.json | sed 's|/[^/]*/api.json$||' | sort -u | wc -l)
cat_versions=$(find "$catalogue" -mindepth 3 -maxdepth 3 -name api.json | wc -l)
echo "catalogue: $catalogue: $cat_services service(s), $cat_versions service version(s) with api.json"

# ---------------------------------------------------------------------------------------
section "2. scratch root and tcgen"
scratch=$tmp/root
mkdir -p "$scratch/spec"
cp "$repo/spec/common.yaml" "$scratch/spec/"
# The command line's engine too: generated/cli, a member, depends on it.
cp -r "$repo/templates" "$repo/runtime" "$repo/cli" "$scratch/"
cp "$repo/Cargo.lock" "$scratch/"
[[ -d $repo/.cargo ]] && cp -r "$repo/.cargo" "$scratch/"
# The repository's workspace manifest, without the fixture tests.
sed -E 's|^members = \[.*\]|members = ["runtime", "generated/*"]|' "$repo/Cargo.toml" >"$scratch/Cargo.toml"
grep -q '^members = \["runtime", "generated/\*"\]$' "$scratch/Cargo.toml" || {
    echo "could not set the workspace members in $scratch/Cargo.toml" >&2
    exit 1
}
rm -rf "$scratch/runtime/target" "$scratch/cli/target"
echo "scratch root: $scratch"

if [[ -n ${TCGEN_BIN:-} ]]; then
    tcgen=$TCGEN_BIN
    echo "using TCGEN_BIN=$tcgen"
else
    # A snapshot of generator/, so that concurrent edits neither disturb nor are disturbed.
    mkdir -p "$tmp/src"
    cp -r "$repo/generator" "$tmp/src/"
    rm -rf "$tmp/src/generator/target"
    measure "build tcgen (release)" "$tmp/build-tcgen.log" \
        env CARGO_TARGET_DIR="$tmp/target-tcgen" cargo build --release "${offline[@]}" \
        --manifest-path "$tmp/src/generator/Cargo.toml"
    if [[ $STATUS != 0 ]]; then
        tail -n 40 "$tmp/build-tcgen.log"
        exit 1
    fi
    tcgen=$tmp/target-tcgen/release/tcgen
fi

# ---------------------------------------------------------------------------------------
section "3. import"
import_log=$tmp/import.log
measure "tcgen import" "$import_log" \
    "$tcgen" --root "$scratch" import "$catalogue" --package "$package" --package-version "$version"
import_status=$STATUS
# tcgen's summary (the lines from "imported ..." on).
sed -n '/^imported /,$p' "$import_log"
import_failures=$(grep -c '^error: ' "$import_log" || true)
imported_line=$(grep -m1 '^imported ' "$import_log" || echo "imported ? service version(s): ? action(s)")
imported_versions=$(sed -nE 's/^imported ([0-9]+) service version.*/\1/p' <<<"$imported_line")
imported_actions=$(sed -nE 's/.*: ([0-9]+) action\(s\).*/\1/p' <<<"$imported_line")
spec_files=$(find "$scratch/spec" -name 'v*.yaml' -not -path '*/source/*' | wc -l)
if [[ $import_failures != 0 ]]; then
    echo
    echo "import failures ($import_failures), with any continuation lines:"
    grep -vE '^\[[0-9]+/[0-9]+\] ' "$import_log" | sed -n '/^error: /,/^imported /p' | grep -v '^imported ' |
        sed "s|$catalogue/||g" | cut -c1-400
    echo
    echo "import failures by cause (names and numbers masked):"
    grep '^error: ' "$import_log" | sed "s|$catalogue/||g" |
        sed -E 's|^error: [^ ]+: [^ ]+/api\.json(:[0-9]+:[0-9]+)?: ||; s|^objects\.[A-Za-z0-9_]+: ||' |
        sed -E "s|\`[^\`]*\`|\`_\`|g; s|[0-9]+|N|g" | cut -c1-200 | sort | uniq -c | sort -rn | head -n 30
fi
if [[ $import_status != 0 && -z $(grep -m1 '^imported ' "$import_log") ]]; then
    echo "import did not run:"
    tail -n 20 "$import_log"
fi

# ---------------------------------------------------------------------------------------
section "4. generate"
# show_diagnostics LOG: the first diagnostics, then counts by message and by spec file.
show_diagnostics() {
    local log=$1
    echo "$(grep -c '^error: ' "$log" || true) diagnostic(s), the first 20:"
    grep '^error: ' "$log" | head -n 20 | cut -c1-400
    [[ -n $(grep -v '^error: ' "$log") ]] && { echo "other output:"; grep -v '^error: ' "$log" | head -n 10; }
    echo "by message (after 'file:line:col: field: '):"
    grep '^error: ' "$log" | sed -E 's|^error: [^ ]+: [^ ]+: ||' | cut -c1-200 | sort | uniq -c | sort -rn | head -n 20
    echo "by spec file:"
    grep -oE '^error: spec/[^: ]+\.yaml' "$log" | sed 's/^error: //' | sort | uniq -c | sort -rn | head -n 60 |
        awk '{ printf "%s %s; ", $1, $2 } END { print "" }'
}

gen_log=$tmp/generate.log
measure "tcgen generate" "$gen_log" "$tcgen" --root "$scratch"
gen_status=$STATUS
gen_diagnostics=$(grep -c '^error: ' "$gen_log" || true)
fallback_note=""
if [[ $gen_status != 0 ]]; then
    show_diagnostics "$gen_log"
    # generate is all or nothing; to still measure and compile something, work around
    # the diagnostics in the scratch copy only: drop a mined default that a required
    # input cannot have (the `default:` line and its `default_source:`), and set aside
    # every spec file with any other diagnostic; then generate again (a few rounds).
    if [[ ${FALLBACK:-1} == 1 ]]; then
        dropped_defaults=0
        set_aside=()
        for round in 1 2 3 4; do
            log=$tmp/generate.$round.log
            [[ $round == 1 ]] && log=$gen_log
            grep -q '^error: spec/' "$log" || break
            while IFS=' ' read -r file line; do
                if sed -n "${line}p" "$scratch/$file" | grep -qE '^ +default: [^ ]'; then
                    next=$((line + 1))
                    if sed -n "${next}p" "$scratch/$file" | grep -qE '^ +default_source: '; then
                        sed -i "${line}s/.*/#DROP#/; ${next}s/.*/#DROP#/" "$scratch/$file"
                    else
                        sed -i "${line}s/.*/#DROP#/" "$scratch/$file"
                    fi
                    dropped_defaults=$((dropped_defaults + 1))
                fi
            done < <(grep 'a required input cannot have a default' "$log" | sed -E 's|^error: ([^:]+):([0-9]+):.*|\1 \2|')
            find "$scratch/spec" -name '*.yaml' -exec sed -i '/^#DROP#$/d' {} +
            for file in $(grep -v 'a required input cannot have a default' "$log" | grep -oE '^error: spec/[^: ]+\.yaml' |
                sed 's/^error: //' | sort -u); do
                mkdir -p "$tmp/set-aside/$(dirname "$file")"
                mv "$scratch/$file" "$tmp/set-aside/$file"
                set_aside+=("$file")
            done
            measure "tcgen generate (workaround round $round)" "$tmp/generate.$((round + 1)).log" "$tcgen" --root "$scratch"
            gen_status=$STATUS
            if [[ $STATUS == 0 ]]; then
                cat "$tmp/generate.$((round + 1)).log"
                break
            fi
            show_diagnostics "$tmp/generate.$((round + 1)).log"
        done
        fallback_note="workaround: $dropped_defaults mined default(s) on required inputs dropped, ${#set_aside[@]} spec file(s) set aside${set_aside:+: ${set_aside[*]}}"
        echo "$fallback_note"
    fi
else
    cat "$gen_log"
fi
crates=0
rust_lines=0
rust_files=0
if [[ -d $scratch/generated ]]; then
    crates=$(find "$scratch/generated" -mindepth 2 -maxdepth 2 -name Cargo.toml | wc -l)
    rust_files=$(find "$scratch/generated" -name '*.rs' | wc -l)
    rust_lines=$(find "$scratch/generated" -name '*.rs' -print0 | xargs -0 cat | wc -l)
fi
echo "generated: $crates crate(s), $rust_files .rs file(s), $rust_lines line(s) of Rust"

# ---------------------------------------------------------------------------------------
section "5. cargo check (sample)"
check_target=$tmp/target-check
declare -a checked=()
check_failed=0
if [[ $crates == 0 ]]; then
    echo "nothing generated; skipped"
else
    declare -a dirs=()
    for s in $sample; do
        found=0
        for d in "$scratch/generated/$s"; do
            if [[ -f $d/Cargo.toml ]]; then
                dirs+=("$d")
                found=1
            fi
        done
        [[ $found == 1 ]] || echo "sample: no generated crate for service $s"
    done
    # Dependencies and the runtime first, so that each crate's figure is its own.
    measure "cargo check tencentcloud-runtime (+deps)" "$tmp/check-runtime.log" \
        env CARGO_TARGET_DIR="$check_target" cargo check "${offline[@]}" \
        --manifest-path "$scratch/Cargo.toml" -p tencentcloud-runtime
    if [[ $STATUS != 0 ]]; then
        grep -E '^(error|warning: unused)' -A8 "$tmp/check-runtime.log" | head -n 60
        tail -n 20 "$tmp/check-runtime.log"
    fi
    for d in "${dirs[@]}"; do
        name=$(sed -nE 's/^name = "([^"]+)"/\1/p' "$d/Cargo.toml" | head -n1)
        actions=$(find "$d/src" -path '*/operation/*' -name '*.rs' 2>/dev/null | wc -l)
        lines=$(find "$d" -name '*.rs' -print0 | xargs -0 cat | wc -l)
        log=$tmp/check-$name.log
        measure "cargo check $name" "$log" \
            env CARGO_TARGET_DIR="$check_target" cargo check "${offline[@]}" \
            --manifest-path "$scratch/Cargo.toml" -p "$name"
        echo "  ($(basename "$d"): $lines line(s) of Rust, $actions operation file(s))"
        if [[ $STATUS != 0 ]]; then
            nerr=$(grep -cE '^error(\[E[0-9]+\])?:' "$log" || true)
            echo "  $nerr error(s); the first ones:"
            grep -E '^error' -A12 "$log" | head -n 80 | sed 's/^/    /'
            echo "  errors by kind:"
            grep -E '^error(\[E[0-9]+\])?:' "$log" | sed -E 's|`[^`]*`|`_`|g' | sort | uniq -c | sort -rn | head -n 15 | sed 's/^/    /'
        fi
        warnings=$(grep -cE '^warning' "$log" || true)
        [[ $warnings != 0 ]] && echo "  $warnings warning line(s), e.g.: $(grep -m1 -E '^warning' "$log")"
        [[ $STATUS == 0 ]] || check_failed=$((check_failed + 1))
        checked+=("$name (${lines} lines): $([[ $STATUS == 0 ]] && echo ok || echo FAILED)")
    done
fi

# ---------------------------------------------------------------------------------------
section "summary"
echo "package:                 $package $version"
echo "catalogue:               $cat_services service(s), $cat_versions service version(s)"
echo "imported:                ${imported_versions:-?} service version(s), ${imported_actions:-?} action(s); $spec_files spec file(s) written"
echo "import failures:         $import_failures"
echo "generate (as imported):  $([[ $gen_diagnostics == 0 ]] && echo ok || echo "FAILED: $gen_diagnostics diagnostic(s)")"
[[ -n $fallback_note ]] && echo "generate (after the workaround): $([[ $gen_status == 0 ]] && echo ok || echo "FAILED (exit $gen_status)"); $fallback_note"
echo "generated crates:        $crates"
echo "generated Rust:          $rust_lines line(s) in $rust_files file(s)"
echo "steps:"
for l in "${summary[@]}"; do echo "  $l"; done
if [[ ${#checked[@]} -gt 0 ]]; then
    echo "checked crates:"
    for l in "${checked[@]}"; do echo "  $l"; done
fi
echo "logs:                    $tmp/*.log"
[[ $import_failures == 0 && $gen_diagnostics == 0 && $gen_status == 0 && $check_failed == 0 ]] || exit 1
