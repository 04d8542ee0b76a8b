#!/usr/bin/env bash
# Measures loading a graph into PostgreSQL: graphbuild's COPY loader against
# the stock `cayley load`, into PostgreSQL and into bolt, on one generated
# graph, side by side in one run (see bench/README.md).
#
# usage: PG=postgres://… CAYLEY=/path/to/cayley bench/pgload.sh [DOCS] [ENTITIES]
#
# PG is a server where the user may create databases (default
# $GRAPHBUILD_TEST_PG, so `.ci/with-postgres bench/pgload.sh` runs it on a
# throwaway cluster). CAYLEY is the stock cayley v0.7.7 command (how to
# build it: bench/README.md). DOCS and ENTITIES (defaults 2200 and 1000)
# size the generated corpus; 2200 documents give about 500k quads.
set -euo pipefail

docs=${1:-2200}
entities=${2:-1000}
seed=${SEED:-1}
pg=${PG:-${GRAPHBUILD_TEST_PG:-}}
cayley=${CAYLEY:-cayley}
if [ -z "$pg" ]; then
	echo "pgload.sh: set PG to a postgres:// URL, or run under .ci/with-postgres" >&2
	exit 2
fi
command -v "$cayley" >/dev/null || { echo "pgload.sh: no cayley command (set CAYLEY)" >&2; exit 2; }
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
dbs=()
cleanup() {
	for d in "${dbs[@]}"; do "$psql" -qX "$pg" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# show prints a command, the URL's password (if any) blanked; run prints a
# command, then runs it.
show() { echo "+ $*" | sed -E 's#(postgres(ql)?://[^:/@]*):[^@]*@#\1:xxxxx@#g' >&2; }
run() { show "$@"; "$@"; }

# newdb makes an empty database and prints its URL.
newdb() {
	local name=graphbuild_bench_$1_$$
	"$psql" -qX "$pg" -c "CREATE DATABASE $name" >/dev/null
	dbs+=("$name")
	# Replace the database in the URL's path.
	echo "$pg" | sed -E "s#^(postgres(ql)?://[^/]*)/[^?]*#\1/$name#"
}

# timed NAME CMD...: runs CMD, records its wall seconds in $tmp/NAME;
# its standard error goes to $tmp/NAME.log (the stock cayley logs its
# connection string there, and only there).
timed() {
	local name=$1 start end
	shift
	start=$EPOCHREALTIME
	show "$@"
	"$@" 2>"$tmp/$name.log"
	end=$EPOCHREALTIME
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", e - s }' >"$tmp/$name"
}

run go build -o "$tmp/graphbuild" ./cmd/graphbuild
run go build -o "$tmp/gencorpus" ./bench/gencorpus
run "$tmp/gencorpus" -docs "$docs" -entities "$entities" -seed "$seed" -out "$tmp/data" >/dev/null
gb=("$tmp/graphbuild" build -rules "$tmp/data/graph.yaml" -corpus "$tmp/data/corpus" -json)

# graphbuild's extraction alone, to tell it from the load: a build into
# bolt of the same corpus runs it too.
timed gb_bolt "${gb[@]}" -out "$tmp/bolt" >"$tmp/summary.json"
quads=$(sed -n 's/^ *"quads": *\([0-9]*\).*/\1/p' "$tmp/summary.json")

gbdb=$(newdb gb)
timed gb_pg "${gb[@]}" -out "$tmp/pg" -db "$gbdb" >/dev/null
cmp "$tmp/bolt/graph.nq" "$tmp/pg/graph.nq"

# The stock cayley loads the N-Quads the build wrote.
timed cayley_bolt "$cayley" load --init -d bolt -a "$tmp/cayley-bolt" -i "$tmp/pg/graph.nq"
cydb=$(newdb cayley)
timed cayley_pg "$cayley" load --init -d postgres -a "$cydb" -i "$tmp/pg/graph.nq"

# Both PostgreSQL loads hold the same rows.
rows() { "$psql" -qXAt "$1" -c "SET search_path = $2; SELECT (SELECT count(*) FROM quads) || ' quads, ' || (SELECT count(*) FROM nodes) || ' nodes, refs ' || (SELECT sum(refs) FROM nodes)"; }
size() { "$psql" -qXAt "$1" -c "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$2' AND c.relkind IN ('r', 't')"; }
sizeb() { "$psql" -qXAt "$1" -c "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$2' AND c.relkind IN ('r', 't')"; }
gbschema=$("$psql" -qXAt "$gbdb" -c "SELECT 'graphbuild_' || generation FROM graphbuild.current")

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)
rate() { awk -v q="$quads" -v s="$(cat "$tmp/$1")" 'BEGIN { printf "%8.2f s  %7.0f quads/s", s, q / s }'; }
echo "quads                         $quads (documents $docs, entities $entities, seed $seed)"
echo "graphbuild build, bolt        $(rate gb_bolt)   (extraction included)"
echo "graphbuild build, postgres    $(rate gb_pg)   (extraction included)"
echo "cayley load, bolt             $(rate cayley_bolt)"
echo "cayley load, postgres         $(rate cayley_pg)"
awk -v a="$(cat "$tmp/cayley_pg")" -v b="$(cat "$tmp/gb_pg")" 'BEGIN { printf "speed-up over cayley load, postgres: %.1fx\n", a / b }'
echo "rows, graphbuild              $(rows "$gbdb" "$gbschema")"
echo "rows, cayley load             $(rows "$cydb" public)"
echo "size, graphbuild              $(size "$gbdb" "$gbschema") (tables and indexes)"
echo "size, cayley load             $(size "$cydb" public)"
awk -v b="$(sizeb "$gbdb" "$gbschema")" -v q="$quads" 'BEGIN { printf "size per million quads         %.0f MB (graphbuild)\n", b / q * 1e6 / 1048576 }'
echo "load                          $load"
