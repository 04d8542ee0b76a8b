#!/usr/bin/env bash
# Peak memory of `graphbuild build` on gencorpus corpora of several sizes,
# and what of it is bolt's file mapping (see bench/README.md, issue 10's
# memory rows).
#
# usage: bench/mem.sh [DOCS...]     (default 1000 16000; ENTITIES=5000, SEED=1)
#        GRAPHBUILD=/path/to/graphbuild bench/mem.sh 1000   (measure another build of it)
#        CORPORA=DIR keeps the generated corpora in DIR (c<DOCS>) and reuses them
set -euo pipefail

entities=${ENTITIES:-5000}
seed=${SEED:-1}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
corpora=${CORPORA:-$tmp}

run() { echo "+ $*" >&2; "$@"; }

gb=${GRAPHBUILD:-}
if [[ -z $gb ]]; then
	run go build -o "$tmp/graphbuild" ./cmd/graphbuild
	gb=$tmp/graphbuild
fi
run go build -o "$tmp/gencorpus" ./bench/gencorpus

# sample PID prints the peaks, in KiB, of the process's anonymous memory
# and of its mapping of the bolt file, read every 0.2 s from /proc.
sample() {
	local pid=$1 anon=0 bolt=0 a b
	while kill -0 "$pid" 2>/dev/null; do
		a=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
		b=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { inbolt = ($NF ~ /indexes\.bolt$/) } inbolt && /^Rss:/ { s += $2 } END { print s + 0 }' "/proc/$pid/smaps" 2>/dev/null || true)
		[[ -n $a && $a -gt $anon ]] && anon=$a
		[[ -n $b && $b -gt $bolt ]] && bolt=$b
		sleep 0.2
	done
	echo "$anon $bolt"
}

printf '%-8s %8s %10s %8s %8s %10s %10s %10s\n' docs MB quads wall_s cpu_s peak_MiB anon_MiB bolt_MiB
for docs in "${@:-1000 16000}"; do
	for n in $docs; do
		c=$corpora/c$n
		if [[ ! -d $c/corpus ]]; then
			run "$tmp/gencorpus" -docs "$n" -entities "$entities" -seed "$seed" -out "$c" >/dev/null
		fi
		rm -rf "$tmp/out"
		echo "+ /usr/bin/time -f '%e %U %S %M' $gb build -rules $c/graph.yaml -corpus $c/corpus -out $tmp/out -json" >&2
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$gb" build -rules "$c/graph.yaml" -corpus "$c/corpus" -out "$tmp/out" -json >"$tmp/summary.json" 2>/dev/null &
		tpid=$!
		pid=
		while [[ -z $pid ]] && kill -0 "$tpid" 2>/dev/null; do
			pid=$(ps -o pid= --ppid "$tpid" | tr -d ' ' || true)
		done
		peaks="0 0"
		[[ -n $pid ]] && peaks=$(sample "$pid")
		wait "$tpid"
		read -r wall user sys maxrss <"$tmp/time"
		read -r anon bolt <<<"$peaks"
		mb=$(du -sb "$c/corpus" | awk '{ printf "%.1f", $1 / 1e6 }')
		quads=$(sed -n 's/^ *"quads": *\([0-9]*\).*/\1/p' "$tmp/summary.json")
		awk -v n="$n" -v mb="$mb" -v q="$quads" -v w="$wall" -v u="$user" -v s="$sys" -v m="$maxrss" -v a="$anon" -v b="$bolt" \
			'BEGIN { printf "%-8s %8s %10s %8.1f %8.1f %10.0f %10.0f %10.0f\n", n, mb, q, w, u + s, m / 1024, a / 1024, b / 1024 }'
	done
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
