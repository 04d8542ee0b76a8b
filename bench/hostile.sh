#!/usr/bin/env bash
# Reproduces the large cases of issue 14 ("Hold up under real corpora,
# hostile input and shared machines") and prints, for each, the exit
# status, wall time, peak RSS and the first line graphbuild printed on
# stderr: every case must end in bounded time and memory with a clear
# message, or give the right result. The small cases have tests; these are
# the ones too big or too slow for `go test` (see bench/README.md).
#
# usage: bench/hostile.sh          (needs Go, bash, python3, /usr/bin/time)
set -euo pipefail

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "+ go build ./cmd/graphbuild ./cmd/graphbuild-render ./bench/gencorpus" >&2
go build -o "$tmp/bin/graphbuild" ./cmd/graphbuild
go build -o "$tmp/bin/graphbuild-render" ./cmd/graphbuild-render # found beside graphbuild
go build -o "$tmp/bin/gencorpus" ./bench/gencorpus
gb=$tmp/bin/graphbuild

# case NAME CMD...: runs CMD and prints one line: exit status, wall
# seconds, peak RSS, and graphbuild's first line on stderr.
case_() {
	local name=$1
	shift
	echo "+ $*" >&2
	local rc=0
	/usr/bin/time -o "$tmp/time" -f '%e %M' "$@" >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
	read -r wall rss < <(tail -1 "$tmp/time")
	local msg
	msg=$(grep -m1 . "$tmp/stderr" | cut -c1-110 || true)
	printf '%-34s exit %-3s %7.2f s %6d MiB  %s\n' "$name" "$rc" "$wall" $((rss / 1024)) "$msg"
}

# 1. dot on a real-sized graph: refused over the limits, and with the
# limits off the layout is killed at -timeout.
"$tmp/bin/gencorpus" -docs 2000 -entities 1000 -seed 1 -out "$tmp/g2k" >/dev/null
"$gb" build -rules "$tmp/g2k/graph.yaml" -corpus "$tmp/g2k/corpus" -out "$tmp/g2k/out" >/dev/null 2>&1
g2k=(-out "$tmp/g2k/out")
case_ "1 dot, focus, depth 2" "$gb" dot "${g2k[@]}" -timeout 10s -focus tesla -depth 2 -o "$tmp/t.png"
case_ "1 dot, limits off, -timeout 10s" "$gb" dot "${g2k[@]}" -timeout 10s -max-nodes 0 -max-edges 0 -focus tesla -depth 2 -o "$tmp/t.png"
case_ "1 dot, whole graph SVG" "$gb" dot "${g2k[@]}" -timeout 10s -o "$tmp/all.svg"

# 2. a second user on a shared machine (as root only).
if [[ $(id -u) == 0 ]] && command -v runuser >/dev/null; then
	chmod 755 "$tmp" "$tmp/bin"
	case_ "2 another user: graphbuild -h" runuser -u nobody -- "$gb" -h
fi

# 3 and 4. damaged files in a symlinked corpus, with a symlinked folder
# and a loop.
mkdir -p "$tmp/c3/real/sub"
cp corpus/*.txt "$tmp/c3/real/"
head -c 4096 /dev/urandom >"$tmp/c3/real/binary.txt"
printf 'Tesla opened\000 a factory.\n' >"$tmp/c3/real/nul.txt"
printf '\xff\xfeT\x00e\x00s\x00l\x00a\x00.\x00\n\x00' >"$tmp/c3/real/utf16.txt"
ln -s "$tmp/c3/nowhere.txt" "$tmp/c3/real/dangling.txt"
ln -s "$tmp/c3/real" "$tmp/c3/real/sub/loop"
ln -s "$tmp/c3/real" "$tmp/c3/corpus"
case_ "3+4 bad files, symlinked corpus" "$gb" build -corpus "$tmp/c3/corpus" -out "$tmp/c3/out"
sed -n 's/^\(documents\|skipped\).*/  &/p' "$tmp/stdout"

# 5. text without sentence ends, and large documents.
python3 - "$tmp/c5" <<'EOF'
import os, sys
d = sys.argv[1]
os.makedirs(d + "/line3", exist_ok=True)
os.makedirs(d + "/line10", exist_ok=True)
os.makedirs(d + "/normal8", exist_ok=True)
words = "Tesla and Alibaba and the regulator and Shanghai and the platform ".split()
def line(n):
    out, i = [], 0
    size = 0
    while size < n:
        w = words[i % len(words)]
        out.append(w)
        size += len(w) + 1
        i += 1
    return " ".join(out) + "\n"
open(d + "/line3/a.txt", "w").write(line(3_000_000))
open(d + "/line10/a.txt", "w").write(line(10_000_000))
s = "Tesla set up a data centre in Shanghai in 2021, the company said. It was reviewed by the regulator. "
open(d + "/normal8/a.txt", "w").write(s * (8_000_000 // len(s)))
EOF
case_ "5 one 3 MB line" "$gb" build -corpus "$tmp/c5/line3" -out "$tmp/c5/o3"
case_ "5 one 10 MB line (skipped)" "$gb" build -corpus "$tmp/c5/line10" -out "$tmp/c5/o10"
case_ "5 one 10 MB line, -max-doc-bytes 0" "$gb" build -corpus "$tmp/c5/line10" -out "$tmp/c5/o10b" -max-doc-bytes 0
case_ "5 8 MB of normal sentences" "$gb" build -corpus "$tmp/c5/normal8" -out "$tmp/c5/o8"

# 6. patterns that multiply: six gaps on 150 "the", and 28 optional words.
cat >"$tmp/r6.yaml" <<'EOF'
version: 1
types: [{id: company}, {id: place}]
entities:
  - {id: tesla, type: company, name: Tesla}
  - {id: shanghai, type: place, name: Shanghai}
predicates: [{id: near, subject: [company], object: [place]}]
rules:
  - id: gaps
    predicate: near
    patterns: ["{subject} ...50 the ...50 the ...50 the ...50 the ...50 the ...50 of {object}"]
  - id: options
    predicate: near
    patterns: ["{subject} [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] [a] in {object}"]
EOF
the=$(printf 'the %.0s' $(seq 150))
a=$(printf 'a %.0s' $(seq 28))
case_ "6 six gaps, 150 x the" "$gb" explain -rules "$tmp/r6.yaml" -text "Tesla ${the}Shanghai."
case_ "6 28 optional words" "$gb" explain -rules "$tmp/r6.yaml" -text "Tesla ${a}b Shanghai."
case_ "6 check warns" "$gb" check -rules "$tmp/r6.yaml"
grep -m2 'multiplying' "$tmp/stdout" | sed 's/^/  /' || true

# 7. write errors.
case_ "7 dot > /dev/full" bash -c "'$gb' dot ${g2k[*]} -focus tesla >/dev/full"

# 9. killed builds: five kills at growing delays, then a build.
for delay in 0.2 0.5 1 2 3; do
	"$gb" build -rules "$tmp/g2k/graph.yaml" -corpus "$tmp/g2k/corpus" -out "$tmp/g2k/out" -full >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
done
# What out/ holds beyond a graph's own files: the leftovers of killed builds.
leftovers() {
	local cur
	cur=$(readlink "$tmp/g2k/out/graph.bolt")
	find "$tmp/g2k/out" -mindepth 1 -maxdepth 1 -printf '%f\n' |
		grep -v -x -e build.lock -e cache -e graph.bolt -e graph.nq -e previous.nq -e warnings.txt -e skipped.tsv -e "$cur" | tr '\n' ' ' || true
}
left=$(leftovers)
case_ "9 show after 5 kills" "$gb" show "${g2k[@]}" tesla
case_ "9 the next build" "$gb" build -rules "$tmp/g2k/graph.yaml" -corpus "$tmp/g2k/corpus" -out "$tmp/g2k/out"
echo "  left in out/ after the kills: ${left:-nothing}; after the next build: $(leftovers)"
echo "load average (end): $(cut -d' ' -f1-3 /proc/loadavg)"
