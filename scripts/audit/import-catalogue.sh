#!/usr/bin/env bash
# import-catalogue.sh: imports the English catalogue (tccli-intl-en) into a scratch root
# with this worktree's tcgen, for the constraint audit (scripts/audit/README.md).
#
# Builds tcgen from this checkout's generator/ (debug profile, in the repository's
# target directory: incremental), prepares a scratch root holding only this
# repository's spec/common.yaml, runs
#     tcgen --root SCRATCH import CATALOGUE --package tccli-intl-en --package-version V
# and prints the scratch root's spec/ folder as the last line of stdout (everything
# else goes to stderr). The repository itself is only read.
#
# Environment:
#   CATALOGUE_DIR   catalogue root (`tccli/services/` of the tccli-intl-en wheel: holds
#                   <service>/<version>/api.json); when not given, the wheel is downloaded
#                   with `pip download --no-deps` into WORK_DIR and unpacked there
#   TCCLI_VERSION   wheel version (default 3.1.193.1)
#   WORK_DIR        scratch folder (default: a new mktemp -d); its root/ is replaced
#   TCGEN_BIN       use this tcgen binary instead of building one
#   PROFILE         cargo profile for tcgen (default dev; `release` is slower to build,
#                   and the import takes about 20 s either way)
#
# Usage: scripts/audit/import-catalogue.sh   (then: scripts/audit/sample.py SPEC_FOLDER)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
version=${TCCLI_VERSION:-3.1.193.1}
package=tccli-intl-en
profile=${PROFILE:-dev}

say() { printf '%s\n' "$*" >&2; }

if [[ -n ${WORK_DIR:-} ]]; then
    work=$WORK_DIR
    mkdir -p "$work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/tcgen-audit.XXXXXX")
fi
work=$(cd "$work" && pwd)

# The catalogue.
if [[ -n ${CATALOGUE_DIR:-} ]]; then
    catalogue=$(cd "$CATALOGUE_DIR" && pwd)
else
    wheel=$work/wheel
    if [[ ! -d $wheel/x/tccli/services ]]; then
        rm -rf "$wheel"
        mkdir -p "$wheel"
        say "downloading $package==$version"
        pip download --no-deps --disable-pip-version-check -q "$package==$version" -d "$wheel" >&2
        whl=$(ls "$wheel"/*.whl | head -n1)
        python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$whl" "$wheel/x"
    fi
    catalogue=$wheel/x/tccli/services
fi
[[ -d $catalogue ]] || { say "no catalogue at $catalogue"; exit 1; }

# tcgen, from this checkout.
if [[ -n ${TCGEN_BIN:-} ]]; then
    tcgen=$TCGEN_BIN
else
    say "building tcgen ($profile) from $repo/generator"
    tcgen=$(cd "$repo" && cargo build --quiet --profile "$profile" --manifest-path generator/Cargo.toml \
        --bin tcgen --message-format=json-render-diagnostics |
        python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["executable"])')
    [[ -x $tcgen ]] || { say "tcgen was not built"; exit 1; }
fi

# A fresh scratch root: the import needs spec/common.yaml (the common error codes).
root=$work/root
rm -rf "$root"
mkdir -p "$root/spec"
cp "$repo/spec/common.yaml" "$root/spec/"

say "importing $catalogue into $root"
log=$work/import.log
if ! "$tcgen" --root "$root" import "$catalogue" --package "$package" --package-version "$version" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    say "the import failed; log: $log"
    exit 1
fi
sed -n '/^imported /,$p' "$log" >&2
echo "$root/spec"
