package store

import (
	"math/rand/v2"
	"os"
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
