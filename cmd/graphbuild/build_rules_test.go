package main

import (
	"os"
	"strings"
	"testing"
)

// TestBuildRuleEdits edits the rule file as a curator does and checks
// that each incremental build changes only the documents whose quads the
// edit changed, in a copy of the store, and gives the full build's bytes.
func TestBuildRuleEdits(t *testing.T) {
	corpus, rules, _ := incrementalFixture(t)
	out := t.TempDir()
	fileIndexBuild(t, rules, corpus, out)
	edit := func(f func(string) string) func() {
		return func() {
			data, err := os.ReadFile(rules)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(rules, []byte(f(string(data))), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	steps := []struct {
		name    string
		change  func()
		changed int64
	}{
		{"a comment at the end: no quad changes", edit(func(s string) string { return s + "# checked by hand\n" }), 0},
		{"a line at the top: every rule position moves", edit(func(s string) string { return "# curated rules\n" + s }), 2},
		{"a pattern that matches nothing more", edit(func(s string) string {
			return strings.Replace(s, `{subject} opened a ...3 review into {object}`, `{subject} (opened|began) a ...3 review into {object}`, 1)
		}), 0},
		{"a pattern narrowed: its facts go", edit(func(s string) string {
			return strings.Replace(s, `review into {object}"`, `review into {object} overnight"`, 1)
		}), 1},
	}
	for _, step := range steps {
		step.change()
		s := fileIndexBuild(t, rules, corpus, out)
		if s.Changed != step.changed || (s.Delta > 0) != (step.changed > 0) || s.Fallback != "" {
			t.Errorf("%s: %d documents changed, %d quads in the old store, fallback %q; want %d changed in the old store",
				step.name, s.Changed, s.Delta, s.Fallback, step.changed)
		}
		sameAsFull(t, rules, corpus, out, step.name)
	}
}
