package store

import (
	"fmt"
	"reflect"
	"testing"
)

func TestSubgraph(t *testing.T) {
	ents := letters()
	ents[4].Type = "agency" // e
	g := factGraph(t, ents, pathFacts)
	edges := func(sg *Subgraph) []string {
		var s []string
		for _, e := range sg.Edges {
			s = append(s, edgeString(e))
		}
		return s
	}
	ids := func(sg *Subgraph) []string {
		var s []string
		for _, e := range sg.Entities {
			s = append(s, e.ID)
		}
		return s
	}

	sg, err := g.Subgraph(t.Context(), "a", 1, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(sg), []string{"a", "b", "d", "e", "g"}; !reflect.DeepEqual(got, want) {
		t.Errorf("around a: entities %q, want %q", got, want)
	}
	if got, want := edges(sg), []string{"a owns b [d1 d2] 2", "a owns d [d1] 1", "a owns g [d3] 1", "b supplies a [d2] 1", "e owns a [d1] 1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("around a: edges %q, want %q", got, want)
	}
	wantTypes := []Type{{ID: "actor"}, {ID: "agency", Parent: "actor"}, {ID: "company", Parent: "actor", Color: "#4e79a7"}}
	if !reflect.DeepEqual(sg.Types, wantTypes) || sg.Focus != "a" {
		t.Errorf("around a: types %+v, focus %q", sg.Types, sg.Focus)
	}

	// Around c, two hops: edges between the entities at the rim count too.
	sg, err = g.Subgraph(t.Context(), "c", 1, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := edges(sg), []string{"b owns c [d1] 1", "c owns e [d1] 1", "d not_licensed c [d1] 1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("around c: edges %q, want %q", got, want)
	}

	// The whole graph, filtered.
	sg, err = g.Subgraph(t.Context(), "", 0, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sg.Edges) != len(pathFacts)-1 || len(sg.Entities) != 13 { // a—owns→b is stated twice
		t.Errorf("whole graph: %d entities, %d edges: %q", len(sg.Entities), len(sg.Edges), edges(sg))
	}
	sg, err = g.Subgraph(t.Context(), "", 0, Filter{Docs: []string{"d2"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := edges(sg), []string{"a owns b [d2] 1", "b supplies a [d2] 1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("d2: edges %q, want %q", got, want)
	}
	sg, err = g.Subgraph(t.Context(), "", 0, Filter{Types: []string{"agency"}})
	if err != nil || len(sg.Edges) != 0 || len(sg.Entities) != 0 {
		t.Errorf("agencies only: %+v, %v", sg, err)
	}
	sg, err = g.Subgraph(t.Context(), "", 0, Filter{MinEvidence: 2, Relations: []string{"owns"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := edges(sg), []string{"a owns b [d1 d2] 2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("evidence 2: edges %q, want %q", got, want)
	}
}

func edgeString(e Edge) string {
	return fmt.Sprintf("%s %s %s %v %d", e.From, e.Relation, e.To, e.Docs, e.EvidenceCount)
}
