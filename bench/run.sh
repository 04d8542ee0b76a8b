#!/usr/bin/env bash
# Measures `graphbuild build` on a synthetic corpus (see bench/README.md).
#
# usage: bench/run.sh [DOCS] [ENTITIES]     (defaults 20000 and 5000; SEED=1)
set -euo pipefail

docs=${1:-20000}
entities=${2:-5000}
seed=${SEED:-1}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run prints a command, then runs it.
run() { echo "+ $*" >&2; "$@"; }

run go build -o "$tmp/graphbuild" ./cmd/graphbuild
run go build -o "$tmp/gencorpus" ./bench/gencorpus
run "$tmp/gencorpus" -docs "$docs" -entities "$entities" -seed "$seed" -out "$tmp/data" >"$tmp/gen.txt"
bytes=$(awk '$1 == "bytes" { print $2 }' "$tmp/gen.txt")

build=("$tmp/graphbuild" build -rules "$tmp/data/graph.yaml" -corpus "$tmp/data/corpus" -out "$tmp/out" -json)
start=$EPOCHREALTIME
if [[ -x /usr/bin/time ]]; then
	run /usr/bin/time -v -o "$tmp/time.txt" "${build[@]}" >"$tmp/summary.json"
	rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f MB", $2 / 1024 }' "$tmp/time.txt")
	cpu=$(awk -F': ' '/(User|System) time/ { s += $2 } END { printf "%.2f s (user+sys)", s }' "$tmp/time.txt")
else
	echo "+ time ${build[*]}" >&2
	time "${build[@]}" >"$tmp/summary.json"
	rss="n/a (no /usr/bin/time)"
	cpu="n/a (see real/user/sys above)"
fi
end=$EPOCHREALTIME
quads=$(sed -n 's/^ *"quads": *\([0-9]*\).*/\1/p' "$tmp/summary.json")

# Wall time depends on what else the machine runs: the load average and the
# CPU seconds (user+sys) of the build tell a quiet run from a contended one.
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)
awk -v docs="$docs" -v bytes="$bytes" -v start="$start" -v end="$end" -v quads="$quads" \
	-v rss="$rss" -v cpu="$cpu" -v load="$load" 'BEGIN {
	s = end - start; mb = bytes / 1e6
	printf "documents   %d\n", docs
	printf "corpus      %.1f MB\n", mb
	printf "wall        %.2f s\n", s
	printf "cpu         %s\n", cpu
	printf "throughput  %.2f MB/s\n", mb / s
	printf "quads       %d\n", quads
	printf "quads/s     %.0f\n", quads / s
	printf "peak RSS    %s\n", rss
	printf "load        %s\n", load
}'
