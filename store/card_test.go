package store

import (
	"reflect"
	"testing"
)

func TestCard(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g := open(t, out)
	c, err := g.Card(t.Context(), "didi")
	if err != nil {
		t.Fatal(err)
	}
	want := &Card{
		Entity: Entity{ID: "didi", Type: "company", Name: "Didi Chuxing", Aliases: []string{"DiDi", "Didi"}},
		Documents: []CardDocument{
			{ID: "a-2021", Title: "China's tech crackdown", File: "corpus/a-2021.txt", Mentions: 1, Evidence: 2},
			{ID: "b", Title: `Cities "and" platforms`, File: "corpus/b.txt", Mentions: 1, Evidence: 1},
		},
		Out: []FactGroup{},
		In: []FactGroup{
			{Relation: "maybe_hosts", Facts: []CardFact{{
				Edge:  Edge{From: "São Paulo", Relation: "maybe_hosts", To: "didi", Docs: []string{"b"}, EvidenceCount: 1},
				Other: Entity{ID: "São Paulo", Type: "city", Name: "São Paulo"},
				Example: &Evidence{ID: "b/1", Doc: "b", Sentence: "São Paulo may host \"Didi\"\tnow\\then,\nsaid one.",
					Start: 0, End: 24, Rule: "hosts", RulePos: "graph.yaml:30:3", SentenceEnd: 50, Modality: "hedged", n: 1},
			}}},
			{Relation: "reviewed", Facts: []CardFact{{
				Edge:  Edge{From: "cac", Relation: "reviewed", To: "didi", Docs: []string{"a-2021"}, EvidenceCount: 2},
				Other: Entity{ID: "cac", Type: "agency", Name: "Cyberspace Administration of China", Aliases: []string{"CAC"}},
				Example: &Evidence{ID: "a-2021/1", Doc: "a-2021", Sentence: "In 2017, the CAC opened a review into Didi.",
					Start: 10, End: 44, Rule: "opened-review", RulePos: "graph.yaml:12:5", SentenceEnd: 45, Date: "2017", n: 1},
			}}},
		},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("card of didi:\n got %+v\nwant %+v", c, want)
	}

	// The other side, and a negated fact.
	c, err = g.Card(t.Context(), "pboc")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.In) != 0 || len(c.Out) != 1 || c.Out[0].Relation != "not_licensed" ||
		c.Out[0].Facts[0].Other.ID != "sesame-credit" || c.Out[0].Facts[0].Example.Modality != "negated" {
		t.Errorf("card of pboc: %+v", c)
	}
	if _, err := g.Card(t.Context(), "nobody"); err == nil || err.Error() != `unknown entity "nobody"` {
		t.Errorf("card of nobody: error %v", err)
	}
}
