package extract

import (
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/schema"
)

// TestMatchBudget is issue 14's case 6: a pattern whose gaps multiply
// stops at MaxMatchSteps on a sentence it cannot match, with a warning,
// and still matches where it can.
func TestMatchBudget(t *testing.T) {
	m := gapsMatcher(t, "{subject} ...50 the ...50 the ...50 the ...50 the ...50 the ...50 of {object}")
	text := "Tesla " + strings.Repeat("the ", 150) + "Shanghai.\nTesla the the the the the of Shanghai."
	d, err := Read("doc.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	r := m.Extract(d)
	if len(r.Evidence) != 1 || r.Evidence[0].Sentence != "Tesla the the the the the of Shanghai." {
		t.Errorf("evidence %v, want one, in the second sentence", r.Evidence)
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0].Msg, `rule many-gaps, pattern "{subject} ...50 the`) ||
		!strings.Contains(d.Warnings[0].Msg, "stopped after 1000000 steps on sentence 0") {
		t.Errorf("warnings %v", d.Warnings)
	}
}

// gapsMatcher compiles a rule file of one rule, many-gaps (near: a
// company near a place), whose one pattern is pattern, and the entities
// Tesla and Shanghai.
func gapsMatcher(t *testing.T, pattern string) *Matcher {
	t.Helper()
	src := `version: 1
types: [{id: company}, {id: place}]
entities:
  - {id: tesla, type: company, name: Tesla}
  - {id: shanghai, type: place, name: Shanghai}
predicates: [{id: near, subject: [company], object: [place]}]
rules:
  - id: many-gaps
    predicate: near
    patterns:
      - "` + pattern + `"
`
	f, err := schema.Parse("graph.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return Compile(f)
}
