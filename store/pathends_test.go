package store

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
)

// TestHopEndsAgree checks that a hop's edges and evidence are the same
// whether they are read from the end with fewer edges (the relation edges
// in memory tell which) or from both ends (before they are loaded), on a
// graph with a hub, edges both ways, several documents and modalities.
func TestHopEndsAgree(t *testing.T) {
	ents := letters()[:8]
	rng := rand.New(rand.NewPCG(3, 12))
	var facts []tfact
	for i := range 40 {
		s, o := 0, 1+rng.IntN(len(ents)-1) // a is the hub
		if i%3 == 0 {
			s, o = o, s
		}
		if i%5 == 0 {
			s, o = 1+rng.IntN(len(ents)-1), 1+rng.IntN(len(ents)-1)
			if s == o {
				continue
			}
		}
		facts = append(facts, tfact{
			s: ents[s].ID, p: []string{"owns", "funds"}[rng.IntN(2)], o: ents[o].ID,
			mod: []extract.Modality{extract.Asserted, extract.Asserted, extract.Hedged, extract.Negated}[rng.IntN(4)],
			doc: []string{"d1", "d2", "d3"}[rng.IntN(3)],
		})
	}
	g := factGraph(t, ents, facts)
	read := func() string {
		var all []any
		for _, from := range ents {
			for _, to := range ents {
				if from.ID == to.ID {
					continue
				}
				for _, directed := range []bool{false, true} {
					ps, err := g.Paths(t.Context(), from.ID, to.ID, PathOptions{By: ByHops, K: 3, Directed: directed})
					if err != nil {
						t.Fatal(err)
					}
					all = append(all, ps)
				}
			}
		}
		for _, f := range facts {
			evs, err := g.EdgeEvidence(t.Context(), f.s, relationID(f), f.o)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, evs)
		}
		b, err := json.Marshal(all)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	both := read()
	if err := g.LoadPaths(t.Context()); err != nil {
		t.Fatal(err)
	}
	if g.adj.ready.Load() == nil {
		t.Fatal("relation edges not in memory after LoadPaths")
	}
	if one := read(); one != both {
		t.Errorf("read from the smaller end:\n%s\nfrom both ends:\n%s", one, both)
	}
}

// relationID is the id of a test fact's relation as the store has it.
func relationID(f tfact) string {
	switch f.mod {
	case extract.Negated:
		return "not_" + f.p
	case extract.Hedged:
		return "maybe_" + f.p
	}
	return f.p
}
