#!/usr/bin/env bash
# Start-up with a large rule file: what every build, dry-run, explain and
# check pays to parse and compile graph.yaml before it reads a document.
# It times `graphbuild build -dry-run` of a one-document corpus against
# `graphbuild version` (the process's floor), with the rules of gencorpus
# -entities ENTITIES, each binary in turn, ROUNDS rounds, and prints
# medians: start-up is the dry-run's time less version's.
#
# usage: bench/startup.sh [ENTITIES] [BINARY...]   (default 5000, and a build
#        of this tree; ROUNDS=15, SEED=1)
#        bench/startup.sh 5000 /tmp/graphbuild-old /tmp/graphbuild-new
#        (ratios against the first binary)
set -euo pipefail

entities=${1:-5000}
shift || true
rounds=${ROUNDS:-15}
seed=${SEED:-1}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { echo "+ $*" >&2; "$@"; }

bins=("$@")
if [[ ${#bins[@]} -eq 0 ]]; then
	run go build -o "$tmp/graphbuild" ./cmd/graphbuild
	bins=("$tmp/graphbuild")
fi
run go build -o "$tmp/gencorpus" ./bench/gencorpus
run "$tmp/gencorpus" -docs 1 -entities "$entities" -seed "$seed" -out "$tmp/c" >/dev/null
rules=$tmp/c/graph.yaml
echo "rules: $(wc -c <"$rules") bytes, $(wc -l <"$rules") lines, $entities invented entities" >&2
echo "+ $(for b in "${bins[@]}"; do printf '%s version; %s build -rules %s -corpus %s -out %s -dry-run; ' "$b" "$b" "$rules" "$tmp/c/corpus" "$tmp/out"; done)(x $rounds, in turn)" >&2

# times CMD... appends "wall cpu" in seconds (cpu = user + sys) to stdout.
times() {
	local TIMEFORMAT='%R %U %S' t
	t=$({ time "$@" >/dev/null 2>&1; } 2>&1)
	awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$t"
}

for ((r = 0; r < rounds; r++)); do
	for i in "${!bins[@]}"; do
		times "${bins[$i]}" version >>"$tmp/version-$i"
		times "${bins[$i]}" build -rules "$rules" -corpus "$tmp/c/corpus" -out "$tmp/out" -dry-run >>"$tmp/dry-$i"
	done
done

# median FILE COLUMN
median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-40s %9s %9s %9s %9s %11s %11s\n' binary "version" "" "dry-run" "" "start-up" ""
printf '%-40s %9s %9s %9s %9s %11s %11s\n' "" wall cpu wall cpu wall cpu
for i in "${!bins[@]}"; do
	vw=$(median "$tmp/version-$i" 1) vc=$(median "$tmp/version-$i" 2)
	dw=$(median "$tmp/dry-$i" 1) dc=$(median "$tmp/dry-$i" 2)
	sw=$(awk -v a="$dw" -v b="$vw" 'BEGIN { printf "%.3f", a - b }')
	sc=$(awk -v a="$dc" -v b="$vc" 'BEGIN { printf "%.3f", a - b }')
	[[ $i -eq 0 ]] && { sw0=$sw sc0=$sc; }
	printf '%-40s %9s %9s %9s %9s %11s %11s' "${bins[$i]}" "$vw" "$vc" "$dw" "$dc" "$sw" "$sc"
	if [[ $i -gt 0 ]]; then
		awk -v w="$sw" -v c="$sc" -v w0="$sw0" -v c0="$sc0" 'BEGIN { printf "   start-up %.2fx wall, %.2fx cpu of the first", w / w0, c / c0 }'
	fi
	echo
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
