package store

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// tfact is one evidence of a test graph: a fact, the document that states
// it, and optionally its sentence and a reference resolved to its subject.
type tfact struct {
	s, p, o  string
	mod      extract.Modality
	doc      string
	sentence string
	via      string
}

// factGraph builds a graph of facts (documents in the order they first
// appear) with the given entities in the rule file, and opens it.
func factGraph(t testing.TB, ents []schema.Entity, facts []tfact) *Graph {
	t.Helper()
	rules := &schema.File{
		Name:     "graph.yaml",
		Types:    []schema.Type{{ID: "actor"}, {ID: "company", Parent: "actor", Color: "#4e79a7"}, {ID: "agency", Parent: "actor"}, {ID: "place"}},
		Entities: ents,
	}
	var docs []*extract.Result
	byID := map[string]*extract.Result{}
	for i, f := range facts {
		r := byID[f.doc]
		if r == nil {
			r = &extract.Result{Doc: &extract.Document{ID: f.doc, Path: "corpus/" + f.doc + ".txt", Title: "About " + f.doc}}
			byID[f.doc] = r
			docs = append(docs, r)
		}
		r.Mentions = append(r.Mentions, extract.Mention{Entity: f.s}, extract.Mention{Entity: f.o})
		sentence := f.sentence
		if sentence == "" {
			sentence = fmt.Sprintf("%s %s %s.", f.s, f.p, f.o)
		}
		ev := extract.Evidence{
			Fact:     extract.Fact{Subject: f.s, Predicate: f.p, Object: f.o, Modality: f.mod},
			Doc:      f.doc,
			Sentence: sentence,
			Span:     extract.Span{Start: 100 * i, End: 100*i + 50},
			Rule:     "rule-" + f.p,
			RulePos:  schema.Pos{Line: 1, Col: 1},
		}
		if f.via != "" {
			ev.Resolved = []extract.Resolution{{Slot: "subject", Text: f.via, Entity: f.s}}
		}
		r.Evidence = append(r.Evidence, ev)
	}
	out := t.TempDir()
	build(t, out, rules, docs)
	return open(t, out)
}

// letters are the entities of the path tests: "a" to "z", named "A" to "Z".
func letters() []schema.Entity {
	var es []schema.Entity
	for c := 'a'; c <= 'z'; c++ {
		es = append(es, schema.Entity{ID: string(c), Type: "company", Name: strings.ToUpper(string(c))})
	}
	return es
}

// pathGraph has, from a: a direct edge to b (and one back), two ties of
// two hops to c (by b and by d) and a third through a cycle (a→b→c→e→a),
// f reachable only against an edge, a chain of five hops to l, and a
// separate component x—y.
var pathFacts = []tfact{
	{s: "a", p: "owns", o: "b", doc: "d1", sentence: "A owns B."},
	{s: "a", p: "owns", o: "b", doc: "d2", sentence: "It owns B.", via: "It"},
	{s: "b", p: "supplies", o: "a", doc: "d2"},
	{s: "b", p: "owns", o: "c", doc: "d1"},
	{s: "a", p: "owns", o: "d", doc: "d1"},
	{s: "d", p: "licensed", o: "c", doc: "d1", mod: extract.Negated},
	{s: "c", p: "owns", o: "e", doc: "d1"},
	{s: "e", p: "owns", o: "a", doc: "d1"},
	{s: "f", p: "owns", o: "e", doc: "d1"},
	{s: "a", p: "owns", o: "g", doc: "d3"},
	{s: "g", p: "owns", o: "h", doc: "d3"},
	{s: "h", p: "owns", o: "i", doc: "d3"},
	{s: "i", p: "owns", o: "j", doc: "d3"},
	{s: "j", p: "owns", o: "l", doc: "d3"},
	{s: "x", p: "owns", o: "y", doc: "d3"},
}

// chains returns each path's entity ids, joined by "-".
func chains(ps []Path) []string {
	var s []string
	for _, p := range ps {
		var ids []string
		for _, e := range p.Entities {
			ids = append(ids, e.ID)
		}
		s = append(s, strings.Join(ids, "-"))
	}
	return s
}

func TestPaths(t *testing.T) {
	g := factGraph(t, letters(), pathFacts)
	for _, tc := range []struct {
		from, to string
		opt      PathOptions
		want     []string
	}{
		{"a", "b", PathOptions{}, []string{"a-b"}},
		{"b", "a", PathOptions{}, []string{"b-a"}},
		// Ties of two hops, in the order of their ids, whichever end
		// the search grows from.
		{"a", "c", PathOptions{}, []string{"a-b-c"}},
		{"a", "c", PathOptions{K: 3}, []string{"a-b-c", "a-d-c", "a-e-c"}},
		{"c", "a", PathOptions{K: 3}, []string{"c-b-a", "c-d-a", "c-e-a"}},
		// Directed: d—not_licensed→c counts, e→a does not lead to c.
		{"a", "c", PathOptions{K: 3, Directed: true}, []string{"a-b-c", "a-d-c"}},
		{"c", "a", PathOptions{K: 3, Directed: true}, []string{"c-e-a"}},
		// Asserted: the negated d—not_licensed→c is no way through.
		{"a", "c", PathOptions{K: 3, Directed: true, Asserted: true}, []string{"a-b-c"}},
		{"a", "c", PathOptions{K: 3, Asserted: true}, []string{"a-b-c", "a-e-c"}},
		// Round the cycle: simple paths only.
		{"e", "b", PathOptions{K: 2, Directed: true}, []string{"e-a-b"}},
		{"b", "e", PathOptions{K: 5, Directed: true}, []string{"b-c-e", "b-a-d-c-e"}},
		// f is reached only against its edge.
		{"a", "f", PathOptions{}, []string{"a-e-f"}},
		{"a", "f", PathOptions{Directed: true}, nil},
		// Hop bounds: l is five hops away.
		{"a", "l", PathOptions{}, nil},
		{"a", "l", PathOptions{MaxHops: 5}, []string{"a-g-h-i-j-l"}},
		{"a", "c", PathOptions{K: 10, MaxHops: 2}, []string{"a-b-c", "a-d-c", "a-e-c"}},
		{"a", "c", PathOptions{MaxHops: 1}, nil},
		// Another component.
		{"a", "x", PathOptions{K: 3}, nil},
	} {
		tc.opt.By = ByHops
		ps, err := g.Paths(t.Context(), tc.from, tc.to, tc.opt)
		if err != nil {
			t.Errorf("%s to %s %+v: %v", tc.from, tc.to, tc.opt, err)
			continue
		}
		if got := chains(ps); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s to %s %+v: %q, want %q", tc.from, tc.to, tc.opt, got, tc.want)
		}
	}
	if _, err := g.Paths(t.Context(), "a", "nobody", PathOptions{}); err == nil || err.Error() != `unknown entity "nobody"` {
		t.Errorf("path to an unknown entity: error %v", err)
	}
}

// TestPathHops checks what a path says of each hop: every link between
// the two entities, forward ones first, with documents and evidence.
func TestPathHops(t *testing.T) {
	g := factGraph(t, letters(), pathFacts)
	ps, err := g.Paths(t.Context(), "a", "b", PathOptions{By: ByHops})
	if err != nil || len(ps) != 1 {
		t.Fatalf("a to b: %v, %d paths", err, len(ps))
	}
	want := Path{
		Entities: []Entity{{ID: "a", Type: "company", Name: "A"}, {ID: "b", Type: "company", Name: "B"}},
		Hops: []Hop{{From: "a", To: "b", Links: []Link{
			{
				Edge:    Edge{From: "a", Relation: "owns", To: "b", Docs: []string{"d1", "d2"}, EvidenceCount: 2},
				Forward: true,
				Evidence: []Evidence{
					{ID: "d1/1", Doc: "d1", Sentence: "A owns B.", Start: 0, End: 50, Rule: "rule-owns", RulePos: "graph.yaml:1:1", n: 1},
					{ID: "d2/1", Doc: "d2", Sentence: "It owns B.", Start: 100, End: 150, Rule: "rule-owns", RulePos: "graph.yaml:1:1", SubjectVia: []string{"It"}, n: 1},
				},
			},
			{
				Edge:     Edge{From: "b", Relation: "supplies", To: "a", Docs: []string{"d2"}, EvidenceCount: 1},
				Evidence: []Evidence{{ID: "d2/2", Doc: "d2", Sentence: "b supplies a.", Start: 200, End: 250, Rule: "rule-supplies", RulePos: "graph.yaml:1:1", n: 2}},
			},
		}}},
	}
	if !reflect.DeepEqual(ps[0], want) {
		t.Errorf("a to b:\n got %+v\nwant %+v", ps[0], want)
	}

	// Directed, the hop has the forward link only; a negated fact keeps
	// its relation and modality.
	ps, err = g.Paths(t.Context(), "d", "c", PathOptions{Directed: true})
	if err != nil || len(ps) != 1 {
		t.Fatalf("d to c: %v, %d paths", err, len(ps))
	}
	links := ps[0].Hops[0].Links
	if len(links) != 1 || links[0].Relation != "not_licensed" || !links[0].Forward ||
		len(links[0].Evidence) != 1 || links[0].Evidence[0].Modality != "negated" {
		t.Errorf("d to c: links %+v", links)
	}
}

// TestPathsExhaustive compares Paths with every simple path of small
// random graphs, listed by brute force and sorted by length, then ids: the
// first k of them are what Paths must return, for every pair, both ways
// of walking, and several hop bounds.
func TestPathsExhaustive(t *testing.T) {
	ents := letters()[:9]
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 7))
		var facts []tfact
		for range 20 {
			s, o := rng.IntN(len(ents)), rng.IntN(len(ents))
			if s == o {
				continue
			}
			facts = append(facts, tfact{s: ents[s].ID, p: []string{"owns", "funds"}[rng.IntN(2)], o: ents[o].ID, doc: "d"})
		}
		g := factGraph(t, ents, facts)
		for _, directed := range []bool{false, true} {
			for _, maxHops := range []int{2, 3, 5} {
				for _, from := range ents {
					for _, to := range ents {
						if from.ID == to.ID {
							continue
						}
						all := simplePaths(facts, from.ID, to.ID, maxHops, directed)
						for _, k := range []int{1, 3, len(all) + 1} {
							ps, err := g.Paths(t.Context(), from.ID, to.ID, PathOptions{By: ByHops, K: k, MaxHops: maxHops, Directed: directed})
							if err != nil {
								t.Fatal(err)
							}
							want := all[:min(k, len(all))]
							if got := chains(ps); !slices.Equal(got, want) {
								t.Errorf("seed %d, %s to %s, k %d, max %d, directed %v:\n got %q\nwant %q\nfacts %v",
									seed, from.ID, to.ID, k, maxHops, directed, got, want, facts)
							}
						}
					}
				}
			}
		}
	}
}

// simplePaths lists every simple path from s to t of at most maxHops hops
// by depth-first search, sorted by length, then by ids.
func simplePaths(facts []tfact, s, t string, maxHops int, directed bool) []string {
	next := map[string][]string{}
	for _, f := range facts {
		next[f.s] = append(next[f.s], f.o)
		if !directed {
			next[f.o] = append(next[f.o], f.s)
		}
	}
	seen := map[string]bool{}
	var all [][]string
	var walk func(path []string)
	walk = func(path []string) {
		u := path[len(path)-1]
		if u == t {
			all = append(all, slices.Clone(path))
			return
		}
		if len(path) > maxHops {
			return
		}
		for _, v := range next[u] {
			if !slices.Contains(path, v) {
				walk(append(path, v))
			}
		}
	}
	walk([]string{s})
	sort.Slice(all, func(i, j int) bool {
		if len(all[i]) != len(all[j]) {
			return len(all[i]) < len(all[j])
		}
		return slices.Compare(all[i], all[j]) < 0
	})
	var out []string
	for _, p := range all {
		if k := strings.Join(p, "-"); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func TestPathsCanceled(t *testing.T) {
	g := factGraph(t, letters(), pathFacts)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := g.Paths(ctx, "a", "l", PathOptions{MaxHops: 5}); err == nil {
		t.Error("a canceled search returned no error")
	}
}

// TestPathsByCost checks the ranking by cost on a graph made for it: a
// hub that ties everything, a longer way through specific entities, a
// hedged shortcut and an edge stated many times.
func TestPathsByCost(t *testing.T) {
	var facts []tfact
	ents := letters()
	// h is a hub: tied to a, b and 40 others (1 + ln 42 = 4.7 to pass).
	for i := range 40 {
		ents = append(ents, schema.Entity{ID: fmt.Sprintf("n%02d", i)})
		facts = append(facts, tfact{s: ents[len(ents)-1].ID, p: "located_in", o: "h", doc: "d1"})
	}
	facts = append(facts, tfact{s: "a", p: "located_in", o: "h", doc: "d1"}, tfact{s: "b", p: "located_in", o: "h", doc: "d1"})
	facts = append(facts,
		// a—c—d—b: one hop longer than a—h—b, through entities of degree 2.
		tfact{s: "a", p: "owns", o: "c", doc: "d1"},
		tfact{s: "c", p: "owns", o: "d", doc: "d1"},
		tfact{s: "d", p: "owns", o: "b", doc: "d1"},
		// a—e—b plain, a—f—b hedged: same shape, e is preferred.
		tfact{s: "e", p: "funds", o: "w", doc: "d1"},
		tfact{s: "f", p: "funds", o: "w", doc: "d1"},
		tfact{s: "e", p: "funds", o: "x", doc: "d1"},
		tfact{s: "f", p: "funds", o: "x", doc: "d1", mod: extract.Hedged},
		// e—x twice more, in two documents: cheaper than f—x even if f were plain.
		tfact{s: "e", p: "funds", o: "x", doc: "d2"},
		tfact{s: "e", p: "funds", o: "x", doc: "d3"},
	)
	g := factGraph(t, ents, facts)
	for _, tc := range []struct {
		from, to string
		opt      PathOptions
		want     []string
	}{
		// Around the hub, though one hop longer.
		{"a", "b", PathOptions{}, []string{"a-c-d-b"}},
		{"a", "b", PathOptions{K: 2}, []string{"a-c-d-b", "a-h-b"}},
		{"a", "b", PathOptions{By: ByHops}, []string{"a-h-b"}},
		{"a", "b", PathOptions{MaxHops: 2}, []string{"a-h-b"}},
		// Plain before hedged; well attested before once stated.
		{"w", "x", PathOptions{K: 2}, []string{"w-e-x", "w-f-x"}},
		{"w", "x", PathOptions{K: 2, Asserted: true}, []string{"w-e-x"}},
		{"w", "x", PathOptions{K: 2, Directed: true}, nil},
	} {
		ps, err := g.Paths(t.Context(), tc.from, tc.to, tc.opt)
		if err != nil {
			t.Errorf("%s to %s %+v: %v", tc.from, tc.to, tc.opt, err)
			continue
		}
		if got := chains(ps); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s to %s %+v: %q, want %q", tc.from, tc.to, tc.opt, got, tc.want)
		}
		for i := 1; i < len(ps); i++ {
			if ps[i].Cost < ps[i-1].Cost {
				t.Errorf("%s to %s %+v: path %d costs %v, less than the one before (%v)", tc.from, tc.to, tc.opt, i+1, ps[i].Cost, ps[i-1].Cost)
			}
		}
	}
}

// TestPathsByCostExhaustive compares the ranking by cost with every
// simple path of small random graphs, listed by brute force and costed
// here from the facts by the documented formula: the k paths returned
// must have the k smallest costs, in order, and be paths of the graph.
func TestPathsByCostExhaustive(t *testing.T) {
	ents := letters()[:9]
	mods := []extract.Modality{extract.Asserted, extract.Asserted, extract.Hedged, extract.Negated}
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 11))
		var facts []tfact
		for range 22 {
			s, o := rng.IntN(len(ents)), rng.IntN(len(ents))
			if s == o {
				continue
			}
			facts = append(facts, tfact{s: ents[s].ID, p: []string{"owns", "funds"}[rng.IntN(2)], o: ents[o].ID,
				doc: []string{"d1", "d2"}[rng.IntN(2)], mod: mods[rng.IntN(len(mods))]})
		}
		g := factGraph(t, ents, facts)
		cost := costOf(facts)
		for _, directed := range []bool{false, true} {
			for _, maxHops := range []int{2, 4} {
				for _, from := range ents {
					for _, to := range ents {
						if from.ID == to.ID {
							continue
						}
						all := simplePaths(facts, from.ID, to.ID, maxHops, directed)
						costs := map[string]float64{}
						for _, p := range all {
							costs[p] = cost(strings.Split(p, "-"), directed)
						}
						sort.SliceStable(all, func(i, j int) bool { return costs[all[i]] < costs[all[j]]-1e-9 })
						for _, k := range []int{1, 4} {
							ps, err := g.Paths(t.Context(), from.ID, to.ID, PathOptions{K: k, MaxHops: maxHops, Directed: directed})
							if err != nil {
								t.Fatal(err)
							}
							got := chains(ps)
							if len(got) != min(k, len(all)) {
								t.Errorf("seed %d, %s to %s, k %d, max %d, directed %v: %d paths %q, want %d", seed, from.ID, to.ID, k, maxHops, directed, len(got), got, min(k, len(all)))
								continue
							}
							for i, p := range got {
								c, ok := costs[p]
								if !ok || abs(c-costs[all[i]]) > 1e-3 || abs(c-ps[i].Cost) > 1e-3 {
									t.Errorf("seed %d, %s to %s, k %d, max %d, directed %v: path %d %s costs %v (reported %v), want %s at %v",
										seed, from.ID, to.ID, k, maxHops, directed, i+1, p, c, ps[i].Cost, all[i], costs[all[i]])
								}
							}
						}
					}
				}
			}
		}
	}
}

func abs(x float64) float64 { return max(x, -x) }

// costOf returns the documented cost of a path over facts, computed
// from scratch: degrees count distinct (subject, relation, object) edges;
// a hop takes the cheapest edge between its ends in the direction walked.
func costOf(facts []tfact) func(p []string, directed bool) float64 {
	type edge struct{ s, p, o string }
	docs := map[edge]map[string]bool{}
	evs := map[edge]int{}
	mod := map[edge]extract.Modality{}
	for _, f := range facts {
		rel := f.p
		switch f.mod {
		case extract.Hedged:
			rel = "maybe_" + rel
		case extract.Negated:
			rel = "not_" + rel
		}
		e := edge{f.s, rel, f.o}
		if docs[e] == nil {
			docs[e] = map[string]bool{}
		}
		docs[e][f.doc] = true
		evs[e]++
		mod[e] = f.mod
	}
	deg := map[string]int{}
	for e := range docs {
		deg[e.s]++
		deg[e.o]++
	}
	return func(p []string, directed bool) float64 {
		c := 0.0
		for i := 0; i+1 < len(p); i++ {
			if i > 0 {
				c += 1 + math.Log(float64(deg[p[i]]))
			}
			best := math.Inf(1)
			for e := range docs {
				if e.s == p[i] && e.o == p[i+1] || !directed && e.s == p[i+1] && e.o == p[i] {
					m := map[extract.Modality]float64{extract.Asserted: 1, extract.Hedged: 6, extract.Negated: 10}[mod[e]]
					d := float64(len(docs[e]))
					best = min(best, float64(float32(m*(1+1/d+1/float64(evs[e]))/3)))
				}
			}
			c += best
		}
		return c
	}
}
