package schema

import (
	"fmt"
	"testing"
)

func TestParsePatternEscape(t *testing.T) {
	nodes, err := ParsePattern(`{subject} \( the Chinese version of {object} \)`)
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, n := range nodes {
		got += fmt.Sprintf("%d:%q ", n.Kind, n.Word)
	}
	want := `3:"" 0:"(" 0:"the" 0:"chinese" 0:"version" 0:"of" 3:"" 0:")" `
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if _, err := ParsePattern(`{subject} owns {object} \`); err == nil || err.Error() != `"\" must be followed by the character to match literally` {
		t.Errorf("a trailing backslash: %v", err)
	}
}

func TestRuleSingle(t *testing.T) {
	src := `version: 1
types: [{id: company}]
predicates:
  - {id: owns, subject: [company], object: [company]}
rules:
  - {id: a, predicate: owns, single: [object], patterns: ["{subject} 's {object}"]}
  - {id: b, predicate: owns, single: [objet], patterns: ["{subject} 's {object}"]}
`
	_, err := Parse("graph.yaml", []byte(src))
	want := `graph.yaml:7:39: unknown slot "objet" in "single" (want "subject" or "object")`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
