package schema

import (
	"fmt"
	"strings"
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
	for _, tt := range []struct{ src, want string }{
		{`{subject} owns {object} \`, `"\" must be followed by one of ( ) [ ] { } | * . \ to match it literally (found the end of the pattern)`},
		{`{subject} \owns {object}`, `"\" must be followed by one of ( ) [ ] { } | * . \ to match it literally (found "o")`},
		{`{subject} \ {object}`, `"\" must be followed by one of ( ) [ ] { } | * . \ to match it literally (found " ")`},
	} {
		if _, err := ParsePattern(tt.src); err == nil || err.Error() != tt.want {
			t.Errorf("%s: got %v\nwant %s", tt.src, err, tt.want)
		}
	}
	// A backslash ends a literal: "Inc\." is the word Inc and a full stop.
	nodes, err = ParsePattern(`{subject} Inc\. \* {object}`)
	if err != nil {
		t.Fatal(err)
	}
	got = ""
	for _, n := range nodes {
		got += fmt.Sprintf("%d:%q ", n.Kind, n.Word)
	}
	if want := `3:"" 0:"inc" 0:"." 0:"*" 3:"" `; got != want {
		t.Errorf("got %s\nwant %s", got, want)
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

// TestDatedPredicate checks the misuses of a predicate that states a
// date, all reported at once.
func TestDatedPredicate(t *testing.T) {
	src := `version: 1
types: [{id: law}, {id: date}]
entities: [{id: l, type: law, name: L}]
predicates:
  - {id: takes_effect, subject: [law], object: [date]}
  - {id: mixed, subject: [law], object: [law, date]}
rules:
  - {id: a, predicate: takes_effect, patterns: ["{subject} took effect on {date}", "({subject} took effect on {date}|{date} saw {subject} take effect)"]}
  - {id: b, predicate: takes_effect, object: [law], patterns: ["{subject} took effect on {object}"]}
  - {id: c, predicate: takes_effect, patterns: ["{subject} took effect [on {date}]"]}
  - {id: d, predicate: mixed, patterns: ["{subject} took effect on {object}"]}
`
	_, err := Parse("graph.yaml", []byte(src))
	want := `graph.yaml:2:25: type id "date" is reserved: a predicate with object [date] states a date
graph.yaml:6:47: object "date" cannot be listed with types: a predicate states either a date or an entity
graph.yaml:9:47: predicate "takes_effect" states a date: a rule cannot narrow its object
graph.yaml:9:65: pattern of a predicate that states a date may not contain {object}: the {date} is the object
graph.yaml:10:50: pattern must contain {date} exactly once on every path`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestReferencePlural(t *testing.T) {
	src := `version: 1
types: [{id: company}]
references:
  - {words: [they], types: [company], plural: true}
  - {words: [both companies], types: [company], plural: yes please}
  - {words: [them], types: [company], plural: [true]}
`
	_, err := Parse("graph.yaml", []byte(src))
	want := `graph.yaml:5:57: "plural" must be true or false (found "yes please")
graph.yaml:6:47: "plural" must be true or false (found a list)`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	src = src[:strings.Index(src, "  - {words: [both")]
	if f, err := Parse("graph.yaml", []byte(src)); err != nil || !f.References[0].Plural {
		t.Errorf("plural: true not read: %v", err)
	}
}

func TestRuleCues(t *testing.T) {
	src := `version: 1
types: [{id: t}]
predicates: [{id: p, subject: [t], object: [t]}]
rules:
  - {id: a, predicate: p, cues: {hedge: [set to], drop: [may]}, patterns: ["{subject} p {object}"]}
  - {id: b, predicate: p, cues: {hedges: [may]}, patterns: ["{subject} p {object}"]}
  - {id: c, predicate: p, cues: [may], patterns: ["{subject} p {object}"]}
  - {id: d, predicate: p, cues: {drop: ["", x]}, patterns: ["{subject} p {object}"]}
`
	_, err := Parse("graph.yaml", []byte(src))
	want := `graph.yaml:6:34: unknown key "hedges" (did you mean "hedge"?)
graph.yaml:7:33: "cues" must be a mapping (found a list)
graph.yaml:8:41: "drop" must not contain empty strings`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	src = src[:strings.Index(src, "  - {id: b")]
	if f, err := Parse("graph.yaml", []byte(src)); err != nil || strings.Join(f.Rules[0].Cues.Hedge, ",") != "set to" || strings.Join(f.Rules[0].Cues.Drop, ",") != "may" {
		t.Errorf("rule cues not read: %v %+v", err, f)
	}
}
