#!/usr/bin/env bash
# cli-startup.sh — the `tencentcloud` command line beside tccli: binary size, and the
# time and peak memory of the help of one action and of one call to a loopback server.
#
#   scripts/bench/cli-startup.sh TENCENTCLOUD_BIN [TCCLI_BIN]
#
# TENCENTCLOUD_BIN: a release build of the command line (for the whole edition: the
# `tencentcloud-cli` crate of a release workspace, `cargo build --release -p
# tencentcloud-cli`). TCCLI_BIN (default: `tccli` on the PATH): Tencent's command line,
# e.g. from `python3 -m venv V && V/bin/pip install tccli-intl-en==3.1.193.1`. The
# action is cvm DescribeRegions (ACTION="service Action" chooses another one both
# have and that takes no required parameter; the server still answers with a
# DescribeRegions reply, which the other action's output must accept).
#
# Both command lines call the same server (scripts/bench/cli_reply_server.py, one
# reply for every request) over HTTPS on 127.0.0.1 with a certificate of a CA made for
# the run: `tencentcloud` trusts it through SSL_CERT_FILE; tccli's SDK passes
# `verify=certifi.where()` to requests itself (so REQUESTS_CA_BUNDLE is ignored), so a
# two-function `certifi` placed first on PYTHONPATH names the run's CA instead (nothing
# else of tccli changes). Both therefore load one CA certificate instead of the system's
# hundred-odd roots: both start a little faster than against a real endpoint. A
# plain-HTTP call of `tencentcloud` (`--endpoint http://...`, which tccli does not
# offer) shows the TLS handshake's share. HOME is an empty directory, so no profile is
# read, and the proxy variables are unset, so that neither goes through a proxy.
#
# Prints: the binary's size (and stripped), the services it has, then hyperfine's table
# (3 warm-up runs, RUNS runs each, default 20) with the ratios to the fastest, and the
# peak RSS of one run of each command (/usr/bin/time). Needs hyperfine, openssl, python3.
set -euo pipefail

bin=${1:?usage: cli-startup.sh TENCENTCLOUD_BIN [TCCLI_BIN]}
tccli=${2:-$(command -v tccli || true)}
[[ -n $tccli ]] || { echo "no tccli: pass its path as the second argument" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
runs=${RUNS:-20}
read -r service action <<<"${ACTION:-cvm DescribeRegions}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d /tmp/cli-startup.XXXXXX)
pids=()
cleanup() {
    for pid in ${pids[@]+"${pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# A CA and a certificate for 127.0.0.1 signed by it.
(
    cd "$tmp"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 1 -subj "/CN=cli-startup CA" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj /CN=127.0.0.1 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >leaf.ext
    openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem -days 1 -extfile leaf.ext 2>/dev/null
)
mkdir -p "$tmp/shim/certifi" "$tmp/home"
cat >"$tmp/shim/certifi/__init__.py" <<'EOF'
"""The run's CA bundle in place of certifi's (cli-startup.sh)."""
import os


def where():
    return os.environ["CLI_STARTUP_CA"]


def contents():
    with open(where(), encoding="ascii") as f:
        return f.read()
EOF

start_server() { # PORT_FILE [CERT KEY]
    python3 "$here/cli_reply_server.py" "$@" &
    pids+=($!)
    for _ in $(seq 100); do [[ -s $1 ]] && return; sleep 0.05; done
    echo "the loopback server did not start" >&2
    exit 1
}
start_server "$tmp/https.port" "$tmp/leaf.pem" "$tmp/leaf.key"
start_server "$tmp/http.port"
https_port=$(cat "$tmp/https.port")
http_port=$(cat "$tmp/http.port")

unset HTTPS_PROXY https_proxy HTTP_PROXY http_proxy ALL_PROXY all_proxy
export HOME=$tmp/home SSL_CERT_FILE=$tmp/ca.pem CLI_STARTUP_CA=$tmp/ca.pem PYTHONPATH=$tmp/shim
creds=(--region ap-guangzhou --secretId AKIDcliStartup --secretKey cliStartupKey)
ours_help=("$bin" "$service" "$action" --help)
tccli_help=("$tccli" "$service" "$action" help)
ours_call=("$bin" "$service" "$action" --endpoint "https://127.0.0.1:$https_port" "${creds[@]}")
ours_http=("$bin" "$service" "$action" --endpoint "http://127.0.0.1:$http_port" "${creds[@]}")
tccli_call=("$tccli" "$service" "$action" --endpoint "127.0.0.1:$https_port" "${creds[@]}")
# One command line as a string for hyperfine (which runs it without a shell: -N).
quoted() { printf '%q ' "$@"; }

# Each command once, checked, before timing it: the calls must print the reply.
check() { # EXPECT_REPLY COMMAND...
    local expect=$1
    shift
    if ! "$@" >"$tmp/out" 2>&1; then
        echo "failed: $*" >&2
        cat "$tmp/out" >&2
        exit 1
    fi
    if [[ $expect == 1 ]] && ! grep -q RequestId "$tmp/out"; then
        echo "no reply printed by: $*" >&2
        cat "$tmp/out" >&2
        exit 1
    fi
}
check 0 "${ours_help[@]}"
check 0 "${tccli_help[@]}"
check 1 "${ours_call[@]}"
check 1 "${ours_http[@]}"
check 1 "${tccli_call[@]}"

strip -o "$tmp/stripped" "$bin"
size=$(stat -c %s "$bin")
stripped=$(stat -c %s "$tmp/stripped")
services=$("$bin" --help | awk '/^Commands:/{on=1; next} /^$/{on=0} on && $1 != "configure" && $1 != "completion" && $1 != "help" {n++} END {print n}')
echo "binary: $bin"
echo "size: $size bytes ($(awk -v s="$size" 'BEGIN {printf "%.1f", s / 1048576}') MiB), stripped $stripped bytes ($(awk -v s="$stripped" 'BEGIN {printf "%.1f", s / 1048576}') MiB); $services services"
echo "tccli: $tccli ($("$tccli" --version 2>&1 | head -1))"
echo

hyperfine --warmup 3 --runs "$runs" -N --export-markdown "$tmp/table.md" \
    -n "tencentcloud: $service $action --help" "$(quoted "${ours_help[@]}")" \
    -n "tccli: $service $action help" "$(quoted "${tccli_help[@]}")" \
    -n "tencentcloud: one call, HTTPS loopback" "$(quoted "${ours_call[@]}")" \
    -n "tccli: one call, HTTPS loopback" "$(quoted "${tccli_call[@]}")" \
    -n "tencentcloud: one call, plain HTTP loopback" "$(quoted "${ours_http[@]}")" >&2
cat "$tmp/table.md"
echo
echo "| command | peak RSS |"
echo "|---|---:|"
rss() { # NAME COMMAND...
    local name=$1
    shift
    local kib
    kib=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
    echo "| $name | $(awk -v k="$kib" 'BEGIN {printf "%.1f", k / 1024}') MiB |"
}
rss "tencentcloud --help" "${ours_help[@]}"
rss "tccli help" "${tccli_help[@]}"
rss "tencentcloud call (HTTPS)" "${ours_call[@]}"
rss "tccli call (HTTPS)" "${tccli_call[@]}"
rss "tencentcloud call (plain HTTP)" "${ours_http[@]}"
