#!/usr/bin/env bash
# Measures `graphbuild serve` under load on a generated graph of EDGES
# relation edges (see bench/README.md): cards and paths asked by CLIENTS
# concurrent clients, N requests each kind, on loopback only.
#
# usage: bench/serve.sh [EDGES] [CLIENTS] [N]     (defaults 1000000, 16 and 2000)
#
# STORE=DIR keeps the generated graph in DIR/out and uses it again on the
# next run with the same DIR (building a million edges takes minutes).
set -euo pipefail

edges=${1:-1000000}
clients=${2:-16}
n=${3:-2000}
port=${PORT:-18473}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

run() { echo "+ $*" >&2; "$@"; }

# The graph of BenchmarkPath: EDGES edges among EDGES/10 entities e0…,
# with skewed degrees (a few hubs of thousands of edges).
store=${STORE:-$tmp}
if [[ ! -e $store/out/graph.bolt ]]; then
	mkdir -p "$store"
	rm -rf "$store/out"
	run go test ./store -run '^$' -bench 'BenchmarkPath/shortest' -benchtime 1x -timeout 1h \
		-path.edges "$edges" -path.keep "$(cd "$store" && pwd)/out" >&2
fi
run go build -o "$tmp/graphbuild" ./cmd/graphbuild
run go build -o "$tmp/serveload" ./bench/serveload
start=$EPOCHREALTIME
"$tmp/graphbuild" serve -out "$store/out" -addr "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
	grep -q serving "$tmp/serve.log" && break
	kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
	sleep 0.2
done
echo "server ready in $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $start }") s (opens the store, reads names and relation edges)"
ents=$((edges / 10))
for kind in card path; do
	run "$tmp/serveload" -url "http://127.0.0.1:$port" -kind "$kind" -clients "$clients" -n "$n" -ids 'e%d' -range "$ents"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
