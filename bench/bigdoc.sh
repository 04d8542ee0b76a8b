#!/usr/bin/env bash
# Peak memory of one large document (issue 14, case 5): gencorpus
# documents of normal sentences concatenated into one file just under
# -max-doc-bytes, then `graphbuild build -dry-run` (extraction alone) and
# a whole build of it, each with its peak RSS from /usr/bin/time.
#
# usage: bench/bigdoc.sh [BYTES] [GRAPHBUILD...]
#   BYTES defaults to 8000000; with binaries named, each is measured in
#   turn on the same file (to compare two builds of graphbuild), else the
#   one built from this tree.
#
# Needs Go, bash and /usr/bin/time. Everything is written in a temp
# directory, deleted on exit.
set -euo pipefail

size=${1:-8000000}
shift || true
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bins=("$@")
if [[ ${#bins[@]} -eq 0 ]]; then
	echo "+ go build -o $tmp/graphbuild ./cmd/graphbuild" >&2
	go build -o "$tmp/graphbuild" ./cmd/graphbuild
	bins=("$tmp/graphbuild")
fi
echo "+ go run ./bench/gencorpus -docs 2000 -entities 5000 -seed 1 -out $tmp/data" >&2
go run ./bench/gencorpus -docs 2000 -entities 5000 -seed 1 -out "$tmp/data" >/dev/null

# One document: the first file whole, then the body of each next one
# (without its Source: and Date: lines) until the next would pass size.
mkdir "$tmp/corpus"
big=$tmp/corpus/big.txt
n=0
for f in "$tmp"/data/corpus/*.txt; do
	if [[ $n -eq 0 ]]; then
		cp "$f" "$big"
	else
		sed '/^\(Source\|Date\):/d' "$f" >"$tmp/part"
		(($(stat -c %s "$tmp/part") + n + 1 > size)) && break
		cat "$tmp/part" >>"$big"
	fi
	echo >>"$big"
	n=$(stat -c %s "$big")
done
echo "document   $n bytes, $(wc -l <"$big") lines"

for gb in "${bins[@]}"; do
	for mode in dry-run build; do
		flags=(-full)
		[[ $mode == dry-run ]] && flags=(-dry-run)
		rm -rf "$tmp/out"
		/usr/bin/time -o "$tmp/time" -f '%e %M' "$gb" build -rules "$tmp/data/graph.yaml" -corpus "$tmp/corpus" \
			-out "$tmp/out" "${flags[@]}" >/dev/null 2>"$tmp/err" || {
			cat "$tmp/err" >&2
			exit 1
		}
		read -r wall kb <"$tmp/time"
		printf '%-10s %-8s %7.2f s  peak RSS %5.0f MiB (%.0f x the document)\n' "$(basename "$gb")" "$mode" "$wall" \
			"$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" "$(awk -v k="$kb" -v n="$n" 'BEGIN { print k * 1024 / n }')"
	done
done
echo "load average (end) $(cut -d' ' -f1-3 /proc/loadavg)"
