#!/usr/bin/env bash
# Prints the ratios of issue 10 from one run on one generated corpus: the
# build against stock `cayley load`, extraction against grep, peak RSS, and
# incremental rebuilds against the full build, and peak RSS against a build
# of the first 1,000 documents (see bench/README.md).
#
# usage: bench/ratios.sh [DOCS] [ENTITIES]     (defaults 1000 and 5000; SEED=1)
#        CAYLEY=/path/to/cayley bench/ratios.sh   to skip building stock cayley
#
# Needs Go, bash, GNU grep, python3 and /usr/bin/time. The stock cayley
# v0.7.7 command is built in a scratch module in the temp directory (not in
# this repository), as notes/cayley-v0.7.7.md says.
set -euo pipefail

docs=${1:-1000}
entities=${2:-5000}
seed=${SEED:-1}
cd "$(dirname "$0")/.."
repo=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { echo "+ $*" >&2; "$@"; }

# timed NAME CMD...: runs CMD, records wall seconds, CPU seconds and peak RSS (KiB).
declare -A wall cpu rss
timed() {
	local name=$1
	shift
	echo "+ $*" >&2
	/usr/bin/time -o "$tmp/time.$name" -f '%e %U %S %M' "$@" >"$tmp/out.$name" 2>"$tmp/err.$name" || {
		cat "$tmp/err.$name" >&2
		return 1
	}
	read -r w u s m <"$tmp/time.$name"
	wall[$name]=$w
	cpu[$name]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
	rss[$name]=$m
}

run go build -o "$tmp/graphbuild" ./cmd/graphbuild
run go build -o "$tmp/gencorpus" ./bench/gencorpus
cayley=${CAYLEY:-}
if [[ -z $cayley ]]; then
	mkdir "$tmp/cayley-mod"
	(cd "$tmp/cayley-mod" && go mod init scratch >/dev/null 2>&1 &&
		run go get github.com/cayleygraph/cayley/cmd/cayley@v0.7.7 >/dev/null 2>&1 &&
		run go build -o "$tmp/cayley" github.com/cayleygraph/cayley/cmd/cayley 2>/dev/null)
	cayley=$tmp/cayley
fi
run "$tmp/gencorpus" -docs "$docs" -entities "$entities" -seed "$seed" -out "$tmp/data" >"$tmp/gen.txt"
bytes=$(awk '$1 == "bytes" { print $2 }' "$tmp/gen.txt")
corpus=$tmp/data/corpus
rules=$tmp/data/graph.yaml
gb=("$tmp/graphbuild" build -rules "$rules" -corpus "$corpus" -out "$tmp/out" -json)

# Every entity name and alias of the rule file, one a line, for grep.
python3 - "$rules" >"$tmp/aliases.txt" <<'EOF'
import re, sys
for line in open(sys.argv[1]):
    m = re.match(r'\s*- \{id: [^,]+, type: [^,]+, name: ([^,}]+)(?:, aliases: \[(.*)\])?\}', line)
    if m:
        print(m.group(1).strip().strip('"'))
        for a in (m.group(2) or '').split(','):
            if a.strip():
                print(a.strip().strip('"'))
EOF
aliases=$(sort -u "$tmp/aliases.txt" | wc -l)

# 1. The whole build against stock cayley loading the build's own N-Quads.
timed build "${gb[@]}"
quads=$(sed -n 's/^ *"quads": *\([0-9]*\).*/\1/p' "$tmp/out.build")
# Not graph.nq: the store directory's name of out/graph.nq, no space of its own.
store=$(du -sk --exclude=graph.nq "$tmp/out/graph.bolt/" | cut -f1)
cache=$(du -sk "$tmp/out/cache" | cut -f1)
cp "$tmp/out/graph.nq" "$tmp/graph.nq"
timed cayley bash -c "'$cayley' init --db bolt --dbpath '$tmp/cayley.db' && '$cayley' load --db bolt --dbpath '$tmp/cayley.db' -i '$tmp/graph.nq'"
cstore=$(du -sk "$tmp/cayley.db" | cut -f1)
rm -rf "$tmp/cayley.db" "$tmp/graph.nq"

# Memory against corpus size: the same build on the corpus's first 1,000
# documents (gencorpus gives the same documents for the same seed), whose
# peak is the reference of target 2.
if ((docs > 1000)); then
	run "$tmp/gencorpus" -docs 1000 -entities "$entities" -seed "$seed" -out "$tmp/data1k" >/dev/null
	timed build1k "$tmp/graphbuild" build -rules "$tmp/data1k/graph.yaml" -corpus "$tmp/data1k/corpus" -out "$tmp/out1k" -json
	rm -rf "$tmp/data1k" "$tmp/out1k"
fi

# 2. Extraction alone against grep over the same files and names.
timed grep grep -F -o -w -f "$tmp/aliases.txt" -r "$corpus"
timed dryrun "${gb[@]}" -dry-run

# 3. Incremental rebuilds: a document added, a document changed, a rule
# changed (one alternative more, which changes no fact), a line inserted at
# the top of the rule file (every evidence's rule position moves: every
# document's block changes a little).
files=("$corpus"/*.txt)
first=$(basename "${files[0]}")
cp "$corpus/$first" "$corpus/added-doc.txt"
timed add "${gb[@]}"
echo "Alibaba set up a data centre in Guizhou in 2021." >>"$corpus/$first"
timed change "${gb[@]}"
sed -i '0,/(set|sets|setting) up a data/s//(set|sets|setting|sets) up a data/' "$rules"
timed rule "${gb[@]}"
sed -i '1i # a comment line' "$rules"
timed ruleline "${gb[@]}"
timed full "${gb[@]}" -full
# what an incremental build did: documents changed, quads changed in the copied store, fallback
did() {
	local f=$tmp/out.$1
	printf '%s documents changed, %s quads in the copy%s' \
		"$(sed -n 's/^ *"documents_changed": *\([0-9]*\).*/\1/p' "$f")" \
		"$(sed -n 's/^ *"store_delta_quads": *\([0-9]*\).*/\1/p' "$f")" \
		"$(sed -n 's/^ *"store_fallback": *\(.*\),*$/; written afresh: \1/p' "$f")"
}

# 5. Start-up and names: ten `show`s of an entity by its id and by its name in
# another case (the build's name index), against ten `version`s (the floor of
# starting the process); `stats` (counted in the workers) against the build.
ten() { echo "for i in 1 2 3 4 5 6 7 8 9 10; do $* >/dev/null; done"; }
timed version bash -c "$(ten "'$tmp/graphbuild' version")"
timed showid bash -c "$(ten "'$tmp/graphbuild' show -out '$tmp/out' tesla")"
timed showfold bash -c "$(ten "'$tmp/graphbuild' show -out '$tmp/out' TESLA")"
timed stats "$tmp/graphbuild" stats -rules "$rules" -corpus "$corpus" -json

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
mbs() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f MB/s", b / 1e6 / s }'; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
cat <<EOF
corpus                 $docs documents, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), $aliases names and aliases, $quads quads
load average (end)     $load

1. build vs cayley load  build ${wall[build]} s (cpu ${cpu[build]} s), cayley init+load ${wall[cayley]} s (cpu ${cpu[cayley]} s)
   ratio (wall)          $(ratio "${wall[build]}" "${wall[cayley]}")   target <= 0.4
   ratio (cpu)           $(ratio "${cpu[build]}" "${cpu[cayley]}")
   store size            build $(mib "$store"), cayley $(mib "$cstore"); cache $(mib "$cache")
2. peak RSS              build $(mib "${rss[build]}"), cayley load $(mib "${rss[cayley]}")
EOF
if [[ -n ${rss[build1k]:-} ]]; then
	cat <<EOF
   against 1000 documents build $(mib "${rss[build1k]}"): ratio $(ratio "${rss[build]}" "${rss[build1k]}")   target <= 1.5
EOF
fi
cat <<EOF
3. extraction vs grep    dry-run ${wall[dryrun]} s = $(mbs "${wall[dryrun]}") (cpu ${cpu[dryrun]} s), grep ${wall[grep]} s = $(mbs "${wall[grep]}") (cpu ${cpu[grep]} s)
   ratio (MB/s)          $(ratio "${wall[grep]}" "${wall[dryrun]}")   target >= 0.333
4. incremental           full (-full) ${wall[full]} s (cpu ${cpu[full]} s)
   one document added    ${wall[add]} s   ratio $(ratio "${wall[add]}" "${wall[full]}")   target <= 0.10   (cpu ${cpu[add]} s: $(ratio "${cpu[add]}" "${cpu[full]}"))
   one document changed  ${wall[change]} s   ratio $(ratio "${wall[change]}" "${wall[full]}")   target <= 0.10   (cpu ${cpu[change]} s: $(ratio "${cpu[change]}" "${cpu[full]}"))
   one rule changed      ${wall[rule]} s   ratio $(ratio "${wall[rule]}" "${wall[full]}")   target <= 0.60   (cpu ${cpu[rule]} s: $(ratio "${cpu[rule]}" "${cpu[full]}"); $(did rule))
   a line atop the rules ${wall[ruleline]} s   ratio $(ratio "${wall[ruleline]}" "${wall[full]}")   target <= 0.60   (cpu ${cpu[ruleline]} s: $(ratio "${cpu[ruleline]}" "${cpu[full]}"); $(did ruleline))
EOF
cat <<EOF
5. start-up and names    ten runs each: version ${wall[version]} s, show by id ${wall[showid]} s, show by name in another case ${wall[showfold]} s
   show / version        $(ratio "${wall[showid]}" "${wall[version]}")
   name in any case      $(awk -v s="${wall[showfold]}" -v i="${wall[showid]}" 'BEGIN { printf "%.1f ms more per show than by id", (s - i) * 100 }')
   stats / full build    ${wall[stats]} s / ${wall[full]} s = $(ratio "${wall[stats]}" "${wall[full]}")
EOF
