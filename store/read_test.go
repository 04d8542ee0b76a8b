package store

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
)

// TestReadEvidence reads back what a build wrote: every evidence, in
// order, with the fields N-Quads keep.
func TestReadEvidence(t *testing.T) {
	out := t.TempDir()
	docs := testDocs()
	build(t, out, testRules(), docs)
	var want []extract.Evidence
	for _, r := range docs {
		for _, e := range r.Evidence {
			e.Doc = r.Doc.ID
			for i := range e.Resolved {
				// N-Quads keep which slot was resolved and from what text.
				e.Resolved[i] = extract.Resolution{Slot: e.Resolved[i].Slot, Text: e.Resolved[i].Text, Entity: e.Resolved[i].Entity}
			}
			want = append(want, e)
		}
	}
	f, err := os.Open(filepath.Join(out, "graph.nq"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []extract.Evidence
	if err := ReadEvidence(f, func(e extract.Evidence) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d evidences, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("evidence %d:\n got %+v\nwant %+v", i+1, got[i], want[i])
		}
	}
}

// TestPrevious keeps the graph of the build before as out/previous.nq.
func TestPrevious(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs()[:1])
	first, _ := os.ReadFile(filepath.Join(out, "graph.nq"))
	build(t, out, testRules(), testDocs())
	prev, err := os.ReadFile(filepath.Join(out, "previous.nq"))
	if err != nil {
		t.Fatal(err)
	}
	if string(prev) != string(first) {
		t.Error("out/previous.nq is not the graph.nq of the build before")
	}
}
