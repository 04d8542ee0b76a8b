package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
)

// TestEdgesFile checks that the edges file a build writes gives the same
// adjacency as the scan of every quad that stores without one still use:
// on the fixture (dates as objects, an id that needs escaping, a fact
// stated twice, negated and hedged facts) and on random fact graphs.
func TestEdgesFile(t *testing.T) {
	graphs := map[string]*Graph{}
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	graphs["fixture"] = open(t, out)
	ents := letters()[:8]
	mods := []extract.Modality{extract.Asserted, extract.Hedged, extract.Negated}
	rng := rand.New(rand.NewPCG(3, 5))
	var facts []tfact
	for range 40 {
		s, o := rng.IntN(len(ents)), rng.IntN(len(ents))
		facts = append(facts, tfact{s: ents[s].ID, p: []string{"owns", "funds"}[rng.IntN(2)], o: ents[o].ID,
			doc: []string{"d1", "d2", "d3"}[rng.IntN(3)], mod: mods[rng.IntN(len(mods))]})
	}
	graphs["random"] = factGraph(t, ents, facts)
	for name, g := range graphs {
		fromFile, ok, err := readEdgesFile(g.dir)
		if err != nil || !ok {
			t.Fatalf("%s: edges file: %v, %v", name, ok, err)
		}
		r := g.reader(t.Context())
		scanned, err := r.loadAdjacency()
		if err != nil {
			t.Fatal(err)
		}
		if len(scanned.arcs) == 0 {
			t.Fatalf("%s: no edges", name)
		}
		if !slices.Equal(fromFile.ids, scanned.ids) || !slices.Equal(fromFile.deg, scanned.deg) ||
			!slices.Equal(fromFile.off, scanned.off) || !slices.Equal(fromFile.arcs, scanned.arcs) {
			t.Errorf("%s: the edges file gives\n%v %v %v\nthe scan\n%v %v %v", name,
				fromFile.ids, fromFile.deg, fromFile.arcs, scanned.ids, scanned.deg, scanned.arcs)
		}
		for n, v := range scanned.vals {
			if fromFile.vals[n] != v {
				t.Errorf("%s: node %d is %v in the store, %v in the edges file", name, n, v, fromFile.vals[n])
			}
			if fromFile.ref(r, int32(n)) == nil {
				t.Errorf("%s: node %d (%v) is not in the store", name, n, v)
			}
		}
	}
}

// TestEdgesFileNoDir: a graph without a store directory (PostgreSQL)
// reads no edges file, not even one named "edges" where it runs.
func TestEdgesFileNoDir(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile(edgesName, []byte("not\tan\tedges\tfile\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if a, ok, err := readEdgesFile(""); a != nil || ok || err != nil {
		t.Errorf("readEdgesFile(\"\") = %v, %v, %v; want nothing", a, ok, err)
	}
}

// TestEdgesFileSpill checks that the edges file does not depend on the
// budget of its sort: with two records in memory (a run per two
// sightings, and a run per edge when counted) it is the same, byte for
// byte, as the build's, which counts the fixture's and a hundred random
// documents' sightings in memory.
func TestEdgesFileSpill(t *testing.T) {
	rules, docs := testRules(), testDocs()
	ents := letters()[:8]
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 100 {
		r := &extract.Result{Doc: &extract.Document{ID: fmt.Sprintf("r%03d", i), Path: fmt.Sprintf("corpus/r%03d.txt", i)}}
		for k := range 1 + rng.IntN(4) {
			s, o := ents[rng.IntN(len(ents))].ID, ents[rng.IntN(len(ents))].ID
			r.Evidence = append(r.Evidence, extract.Evidence{
				Fact: extract.Fact{Subject: s, Predicate: []string{"owns", "funds"}[rng.IntN(2)], Object: o,
					Modality: []extract.Modality{extract.Asserted, extract.Hedged, extract.Negated}[rng.IntN(3)]},
				Doc: r.Doc.ID, Sentence: fmt.Sprintf("%s and %s.", s, o), Span: extract.Span{Start: 10 * k, End: 10*k + 5},
			})
		}
		docs = append(docs, r)
	}
	out := t.TempDir()
	build(t, out, rules, docs)
	want, err := os.ReadFile(filepath.Join(out, "graph.bolt", edgesName))
	if err != nil {
		t.Fatal(err)
	}
	ix := newEdgeIndex()
	ix.dir, ix.limit = t.TempDir(), 2
	b, err := schemaBlock(rules)
	if err != nil {
		t.Fatal(err)
	}
	blocks := []*Block{b}
	for _, r := range docs {
		b, err := Encode(r, rules.Name)
		if err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, b)
	}
	for _, b := range blocks {
		if err := ix.addBlock(b.NQ, 1); err != nil {
			t.Fatal(err)
		}
	}
	if ix.recs.Runs() < 10 {
		t.Fatalf("%d runs, want many", ix.recs.Runs())
	}
	dir := t.TempDir()
	if err := ix.write(dir); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, edgesName))
	if err != nil {
		t.Fatal(err)
	}
	if len(bytes.Split(want, []byte("\n"))) < 20 {
		t.Fatalf("only %d lines:\n%s", bytes.Count(want, []byte("\n")), want)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("spilled:\n%s\nin memory:\n%s", got, want)
	}
	if left, _ := filepath.Glob(filepath.Join(ix.dir, "*.run")); len(left) > 0 {
		t.Errorf("runs left: %v", left)
	}
}
