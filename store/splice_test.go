package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestMergeIndexes changes the names and edges indexes of random blocks
// by blocks taken away and added, as a splicing build does, and checks
// the merged files against the files written from the final blocks: loops
// (whose evidence is counted but whose edge is hidden), names given by
// several blocks, and lines that go.
func TestMergeIndexes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	block := func(doc int) []byte {
		var b bytes.Buffer
		for i := range 1 + rng.IntN(4) {
			s, o := rng.IntN(5), rng.IntN(5) // loops too
			rel := []string{"owns", "leads"}[rng.IntN(2)]
			fmt.Fprintf(&b, "<ent:e%d> <gb:name> \"Name %d\" <doc:d%d> .\n", s, s%3, doc)
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "<ent:e%d> <gb:alias> \"E%d\" <doc:d%d> .\n", o, o, doc)
			}
			fmt.Fprintf(&b, "<ent:e%d> <rel:%s> <ent:e%d> <doc:d%d> .\n", s, rel, o, doc)
			ev := fmt.Sprintf("<ev:d%d/%d>", doc, i+1)
			fmt.Fprintf(&b, "%s <gb:subject> <ent:e%d> <doc:d%d> .\n", ev, s, doc)
			fmt.Fprintf(&b, "%s <gb:predicate> <rel:%s> <doc:d%d> .\n", ev, rel, doc)
			fmt.Fprintf(&b, "%s <gb:object> <ent:e%d> <doc:d%d> .\n", ev, o, doc)
		}
		return b.Bytes()
	}
	write := func(blocks map[int][]byte) string {
		dir := t.TempDir()
		names, edges := nameIndex{}, newEdgeIndex()
		for _, b := range blocks {
			names.addBlock(b, 1)
			if err := edges.addBlock(b, 1); err != nil {
				t.Fatal(err)
			}
		}
		if err := names.write(dir); err != nil {
			t.Fatal(err)
		}
		if err := edges.write(dir); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	hidden := false
	for round := range 40 {
		blocks := map[int][]byte{}
		for d := range 8 {
			blocks[d] = block(d)
		}
		prev := write(blocks)
		names, edges := nameIndex{}, newEdgeIndex()
		edges.dir, edges.limit = t.TempDir(), 3 // the changes spill too
		change := func(b []byte, sign int32) {
			names.addBlock(b, sign)
			if err := edges.addBlock(b, sign); err != nil {
				t.Fatal(err)
			}
		}
		for d := range 8 {
			switch rng.IntN(3) {
			case 0: // changed
				change(blocks[d], -1)
				blocks[d] = block(d)
				change(blocks[d], 1)
			case 1: // gone
				change(blocks[d], -1)
				delete(blocks, d)
			}
		}
		blocks[100+round] = block(100 + round) // added
		change(blocks[100+round], 1)
		got := t.TempDir()
		if err := names.mergeNames(got, prev); err != nil {
			t.Fatal(err)
		}
		if err := edges.mergeEdges(got, prev); err != nil {
			t.Fatal(err)
		}
		want := write(blocks)
		for _, name := range []string{namesName, namesCountName, edgesName, edgesHiddenName} {
			a, _ := os.ReadFile(filepath.Join(got, name))
			b, _ := os.ReadFile(filepath.Join(want, name))
			if !bytes.Equal(a, b) {
				t.Fatalf("round %d: %s merged:\n%s\nwant\n%s", round, name, a, b)
			}
			if name == edgesHiddenName && len(b) > 0 {
				hidden = true
			}
		}
	}
	if !hidden {
		t.Error("no round had a hidden edge")
	}
}
