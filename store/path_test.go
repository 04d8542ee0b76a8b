package store

import (
	"context"
	"fmt"
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
	ps, err := g.Paths(t.Context(), "a", "b", PathOptions{})
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
					{ID: "d1/1", Doc: "d1", Sentence: "A owns B.", Start: 0, End: 50, Rule: "rule-owns", n: 1},
					{ID: "d2/1", Doc: "d2", Sentence: "It owns B.", Start: 100, End: 150, Rule: "rule-owns", SubjectVia: []string{"It"}, n: 1},
				},
			},
			{
				Edge:     Edge{From: "b", Relation: "supplies", To: "a", Docs: []string{"d2"}, EvidenceCount: 1},
				Evidence: []Evidence{{ID: "d2/2", Doc: "d2", Sentence: "b supplies a.", Start: 200, End: 250, Rule: "rule-supplies", n: 2}},
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
							ps, err := g.Paths(t.Context(), from.ID, to.ID, PathOptions{K: k, MaxHops: maxHops, Directed: directed})
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
