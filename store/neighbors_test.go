package store

import (
	"reflect"
	"testing"
)

func TestNeighbors(t *testing.T) {
	ents := letters()
	ents[4].Type = "agency" // e
	g := factGraph(t, ents, pathFacts)
	type nb struct {
		id    string
		depth int
		via   []string
	}
	flat := func(ns []Neighbor) []nb {
		var out []nb
		for _, n := range ns {
			var via []string
			for _, e := range n.Edges {
				via = append(via, e.From+" "+e.Relation+" "+e.To)
			}
			out = append(out, nb{n.ID, n.Depth, via})
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		id    string
		depth int
		f     Filter
		want  []nb
	}{
		{"depth 1", "a", 1, Filter{}, []nb{
			{"b", 1, []string{"a owns b", "b supplies a"}},
			{"d", 1, []string{"a owns d"}},
			{"e", 1, []string{"e owns a"}},
			{"g", 1, []string{"a owns g"}},
		}},
		{"depth 2", "a", 2, Filter{}, []nb{
			{"b", 1, []string{"a owns b", "b supplies a"}},
			{"d", 1, []string{"a owns d"}},
			{"e", 1, []string{"e owns a"}},
			{"g", 1, []string{"a owns g"}},
			{"c", 2, []string{"b owns c", "c owns e", "d not_licensed c"}},
			{"f", 2, []string{"f owns e"}},
			{"h", 2, []string{"g owns h"}},
		}},
		{"a type keeps the walk to it", "a", 2, Filter{Types: []string{"company"}}, []nb{
			{"b", 1, []string{"a owns b", "b supplies a"}},
			{"d", 1, []string{"a owns d"}},
			{"g", 1, []string{"a owns g"}},
			{"c", 2, []string{"b owns c", "d not_licensed c"}},
			{"h", 2, []string{"g owns h"}},
		}},
		{"a parent type takes its subtypes", "a", 1, Filter{Types: []string{"actor"}}, []nb{
			{"b", 1, []string{"a owns b", "b supplies a"}},
			{"d", 1, []string{"a owns d"}},
			{"e", 1, []string{"e owns a"}},
			{"g", 1, []string{"a owns g"}},
		}},
		{"relations", "d", 2, Filter{Relations: []string{"not_licensed", "supplies"}}, []nb{
			{"c", 1, []string{"d not_licensed c"}},
		}},
		{"documents", "a", 3, Filter{Docs: []string{"d2"}}, []nb{
			{"b", 1, []string{"a owns b", "b supplies a"}},
		}},
		{"evidence", "b", 3, Filter{MinEvidence: 2}, []nb{
			{"a", 1, []string{"a owns b"}},
		}},
		{"none", "x", 1, Filter{Relations: []string{"supplies"}}, nil},
	} {
		ns, err := g.Neighbors(t.Context(), tc.id, tc.depth, tc.f)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := flat(ns); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.name, got, tc.want)
		}
	}

	// Counts follow the document filter.
	ns, err := g.Neighbors(t.Context(), "a", 1, Filter{Docs: []string{"d1"}, Relations: []string{"owns"}})
	if err != nil || len(ns) == 0 || ns[0].ID != "b" || ns[0].Edges[0].EvidenceCount != 1 || !reflect.DeepEqual(ns[0].Edges[0].Docs, []string{"d1"}) {
		t.Errorf("a in d1: %+v, %v", ns, err)
	}

	for _, tc := range []struct {
		f    Filter
		want string
	}{
		{Filter{Types: []string{"compnay"}}, `unknown type "compnay"`},
		{Filter{Relations: []string{"own"}}, `unknown relation "own"`},
		{Filter{Docs: []string{"d9"}}, `unknown document "d9"`},
	} {
		if _, err := g.Neighbors(t.Context(), "a", 1, tc.f); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: error %v, want %s", tc.f, err, tc.want)
		}
	}
}
