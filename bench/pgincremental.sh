#!/usr/bin/env bash
# Times an incremental PostgreSQL build (one document added) against a full
# PostgreSQL build of the same corpus, in one run on one generated corpus
# (see bench/README.md).
#
# usage: bench/pgincremental.sh DB [DOCS] [ENTITIES]   (defaults 1000 and 1000; SEED=1)
#        .ci/with-postgres bash -c 'bench/pgincremental.sh "$GRAPHBUILD_TEST_PG"'
#
# DB is a PostgreSQL URL; the script builds into it (schemas graphbuild*).
set -euo pipefail

db=$1
docs=${2:-1000}
entities=${3:-1000}
seed=${SEED:-1}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { echo "+ $*" >&2; "$@"; }
declare -A wall
timed() {
	local name=$1
	shift
	echo "+ $*" >&2
	/usr/bin/time -o "$tmp/time.$name" -f '%e' "$@" >"$tmp/out.$name" 2>"$tmp/err.$name" || {
		cat "$tmp/err.$name" >&2
		return 1
	}
	wall[$name]=$(cat "$tmp/time.$name")
}

run go build -o "$tmp/graphbuild" ./cmd/graphbuild
run go run ./bench/gencorpus -docs "$docs" -entities "$entities" -seed "$seed" -out "$tmp/gen" >/dev/null
corpus=$tmp/gen/corpus
gb=("$tmp/graphbuild" build -rules "$tmp/gen/graph.yaml" -corpus "$corpus" -out "$tmp/out" -db "$db" -json)

timed first "${gb[@]}" -full
files=("$corpus"/*.txt)
cp "${files[0]}" "$corpus/added-doc.txt"
timed add "${gb[@]}"
delta=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); st=s["stages"]; print(s["store_delta_quads"], s["quads"], "%.2f" % (st["commit_ns"]/1e9))' "$tmp/out.add")
timed full "${gb[@]}" -full
cmp -s "$tmp/out/graph.nq" "$tmp/out/previous.nq" || { echo "graph.nq of the incremental and the full build differ" >&2; exit 1; }

awk -v a="${wall[add]}" -v f="${wall[full]}" -v d="$delta" -v n="$docs" -v l="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
	split(d, x, " ")
	printf "corpus                 %d documents + 1, %s quads\n", n + 0, x[2]
	printf "load average (end)     %s\n", l
	printf "full build (-full)     %s s\n", f
	printf "one document added     %s s (%s quads added in a copy; commit %s s)   ratio %.3f\n", a, x[1], x[3], a / f
}'
