package schema

import (
	"flag"
	"testing"

	"github.com/graphbuild/graphbuild/internal/rulegen"
)

var benchEntities = flag.Int("parse.entities", 200, "BenchmarkParse: invented entities added to the shipped rules (5000 is the size of bench/gencorpus -entities 5000)")

// largeRules returns the shipped rule file with *benchEntities invented
// entities, the size a curated file grows to.
func largeRules(tb testing.TB) []byte {
	src, err := rulegen.File("../graph.yaml", *benchEntities)
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

// BenchmarkParse is the start-up every command pays for a rule file:
//
//	go test ./schema -run '^$' -bench Parse -parse.entities 5000
func BenchmarkParse(b *testing.B) {
	src := largeRules(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("graph.yaml", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWarnings is what check adds to Parse.
func BenchmarkWarnings(b *testing.B) {
	f, err := Parse("graph.yaml", largeRules(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Warnings(f)
	}
}
