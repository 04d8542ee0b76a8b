package extract

import (
	"flag"
	"testing"

	"github.com/graphbuild/graphbuild/internal/rulegen"
	"github.com/graphbuild/graphbuild/schema"
)

var compileEntities = flag.Int("compile.entities", 200, "BenchmarkCompile: invented entities added to the shipped rules (5000 is the size of bench/gencorpus -entities 5000)")

// BenchmarkCompile is the start-up every command pays after schema.Parse:
//
//	go test ./extract -run '^$' -bench Compile -compile.entities 5000
func BenchmarkCompile(b *testing.B) {
	src, err := rulegen.File("../graph.yaml", *compileEntities)
	if err != nil {
		b.Fatal(err)
	}
	f, err := schema.Parse("graph.yaml", src)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Compile(f)
	}
}
