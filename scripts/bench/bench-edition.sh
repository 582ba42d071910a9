#!/usr/bin/env bash
# bench-edition.sh — import and generation of a whole edition of the catalogue, by one or
# more tcgen binaries alternated in one run (hyperfine), and the peak memory of each.
#
#   scripts/bench/bench-edition.sh EDITION CATALOGUE TCGEN [TCGEN...]
#
# EDITION is an edition of catalogue.toml (en, cn); CATALOGUE the directory the release's
# fetch stage unpacked (`OUT/catalogue`, holding `services/<service>/<version>/api.json`);
# each TCGEN a built release tcgen (the first is the baseline of the ratios). Every run
# starts from an empty scratch root (hyperfine's --prepare deletes what the previous run
# wrote), so it measures what a release does: `tcgen import` of every service version,
# then `tcgen generate` of every crate. Overlays are not applied (they change a handful
# of members). Then one more run of each binary under /usr/bin/time for its peak RSS.
#
# Environment: RUNS (hyperfine runs per binary, default 3), WORK_DIR (scratch root,
# default mktemp -d, removed at exit). Needs hyperfine (`cargo install hyperfine`).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[[ $# -ge 3 ]] || { sed -n 2,16p "$0" >&2; exit 2; }
edition=$1 catalogue=$(cd "$2" && pwd)
shift 2
runs=${RUNS:-3}
pins=$(python3 - "$repo/catalogue.toml" "$edition" <<'EOF'
import sys, tomllib
e = tomllib.load(open(sys.argv[1], "rb"))["editions"][sys.argv[2]]
print(e["descriptions"]["package"], e["descriptions"]["version"], e["crate_prefix"])
EOF
)
read -r package version prefix <<<"$pins"
if [[ -n ${WORK_DIR:-} ]]; then
    tmp=$WORK_DIR
    mkdir -p "$tmp"
else
    tmp=$(mktemp -d /tmp/bench-edition.XXXXXX)
    trap 'rm -rf "$tmp"' EXIT
fi
ws=$tmp/ws
# The project root tcgen needs: the common spec, the templates, the runtime's manifest
# (generated crates depend on its version).
rm -rf "$ws" && mkdir -p "$ws/spec" "$ws/runtime"
cp "$repo/spec/common.yaml" "$ws/spec/"
cp -r "$repo/templates" "$ws/"
cp "$repo/runtime/Cargo.toml" "$ws/runtime/"
clean="find $ws/spec -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} + ; rm -rf $ws/generated $ws/tests"

commands=()
for bin in "$@"; do
    bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
    commands+=("$bin --root $ws import $catalogue/services --package $package --package-version $version >/dev/null 2>&1 && $bin --root $ws --crate-prefix $prefix >/dev/null 2>&1")
done
echo "== $edition: import and generate ($package $version), $runs runs each"
hyperfine --style basic --runs "$runs" --prepare "$clean" --export-markdown "$tmp/hyperfine.md" "${commands[@]}"
cat "$tmp/hyperfine.md"

echo "== peak RSS (one more run of each, /usr/bin/time)"
for bin in "$@"; do
    bash -c "$clean"
    /usr/bin/time -o "$tmp/time" -f "$bin import: %e s wall, %U s user, %S s sys, %M KiB" \
        "$bin" --root "$ws" import "$catalogue/services" --package "$package" --package-version "$version" >/dev/null 2>&1
    cat "$tmp/time"
    /usr/bin/time -o "$tmp/time" -f "$bin generate: %e s wall, %U s user, %S s sys, %M KiB" \
        "$bin" --root "$ws" --crate-prefix "$prefix" >/dev/null 2>&1
    cat "$tmp/time"
done
echo "== $(find "$ws/spec" -name 'v*.yaml' ! -name '*.overlay.yaml' | wc -l) service versions, $(find "$ws/generated" -maxdepth 2 -name Cargo.toml | wc -l) crates"
