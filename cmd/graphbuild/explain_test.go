package main

import (
	"strings"
	"testing"
)

// curate runs graphbuild on the fixture of the curating commands.
func curate(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return graphbuild(t, append([]string{args[0], "-rules", "testdata/curate/rules.yaml", "-corpus", "testdata/curate/corpus"}, args[1:]...)...)
}

func TestExplainGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"explain.sentence", []string{"-doc", "didi-2021", "-sentence", "3"}},
		{"explain.sentence.json", []string{"-doc", "didi", "-sentence", "3", "-json"}},
		{"explain.sentence-all", []string{"-doc", "alibaba", "-sentence", "4", "-all"}},
		{"explain.unresolved", []string{"-doc", "alibaba", "-sentence", "4"}},
		{"explain.unresolved.json", []string{"-doc", "alibaba", "-sentence", "4", "-json"}},
		{"explain.nearest-top", []string{"-expect", "cac reviewed alibaba", "-top", "1"}},
		{"explain.text", []string{"-text", "Tesla set up a data centre in Shanghai. It was reviewed by the CAC."}},
		{"explain.found", []string{"-expect", "Tesla built_data_centre_in Shanghai"}},
		{"explain.nearest", []string{"-expect", "cac reviewed alibaba"}},
		{"explain.nearest.json", []string{"-expect", "cac reviewed alibaba", "-json"}},
		{"explain.passive", []string{"-expect", "SAMR fined Didi Chuxing"}},
		{"explain.instead", []string{"-expect", "cac reviewed tesla"}},
		{"explain.apart", []string{"-expect", "tesla reviewed didi"}},
		{"explain.apart.json", []string{"-expect", "tesla reviewed didi", "-json"}},
		{"explain.one-doc", []string{"-expect", "cac maybe_reviewed didi", "-doc", "didi"}},
		{"explain.text-expect", []string{"-expect", "cac reviewed didi", "-text", "The CAC opened a long, slow and thorough review into Didi. Didi welcomed it."}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, stdout, stderr := curate(t, append([]string{"explain"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			golden(t, "curate/"+tt.golden, []byte(stdout))
		})
	}
}

func TestExplainErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string // in stderr
	}{
		{nil, 2, "usage: graphbuild explain"},
		{[]string{"-sentence", "2"}, 2, "usage"},
		{[]string{"-doc", "didi"}, 2, "usage"},
		{[]string{"-doc", "didi", "-sentence", "2", "-text", "x"}, 2, "usage"},
		{[]string{"-expect", "a b c", "-doc", "didi", "-text", "x"}, 2, "usage"},
		{[]string{"-doc", "didi", "-sentence", "9"}, 1, "graphbuild: document didi-2021 has 6 sentences; -sentence 9 is past the end"},
		{[]string{"-doc", "nope", "-sentence", "1"}, 1, `graphbuild: no document "nope" in the corpus (documents: alibaba-2022, didi-2021, tesla)`},
		{[]string{"-expect", "cac bought didi"}, 1, `graphbuild: -expect "cac bought didi": unknown predicate "bought" (predicates: built_data_centre_in, reviewed, fined, owns)`},
		{[]string{"-expect", "cac reviewed"}, 1, `graphbuild: -expect "cac reviewed": want "subject predicate object" with a predicate of the rule file between them`},
		{[]string{"-expect", "the state reviewed didi"}, 1, `graphbuild: -expect "the state reviewed didi": no entity is called "the state"`},
		{[]string{"-expect", "administration reviewed didi"}, 1, `no entity is called "administration" (did you mean cac, samr?)`},
		{[]string{"-expect", "cac reviewed DIDI"}, 0, "cac reviewed didi: found"},
	}
	for _, tt := range tests {
		code, stdout, stderr := curate(t, append([]string{"explain"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr+stdout, tt.msg) {
			t.Errorf("explain %q: exit %d, want %d; output:\n%s%s\nwant it to hold %q", tt.args, code, tt.code, stdout, stderr, tt.msg)
		}
	}
}

// TestPastSlots pins which failed attempts the text lists without -all:
// those that got past a word of their pattern before the element that
// failed, whatever alternative Offset points at.
func TestPastSlots(t *testing.T) {
	for _, tc := range []struct {
		pattern, element string
		want             bool
	}{
		{"{subject} ...3 (bought|acquired) {object}", "(bought|acquired) …", false},
		{"{subject} [(has|had)] ...2 (bought|acquired) {object}", "(bought|acquired) …", false},
		{"{subject} [(chief executive|head)] (bought|acquired) {object}", "(bought|acquired) …", false},
		{"{subject} set up a data centre in {object}", "{object}", true},
		{"{object} , {subject}", "{subject}", true},
		{"(fined|penalised) {object}", "{object}", true},
		{"{subject} ...5 the ...5 the {object}", "the …", true}, // the second "the"
	} {
		off := strings.LastIndex(tc.pattern, strings.TrimSuffix(tc.element, " …")) + 2 // inside it
		if got := pastSlots(attemptJSON{Pattern: tc.pattern, Element: tc.element, Offset: off}); got != tc.want {
			t.Errorf("%q failing at %q: pastSlots = %v, want %v", tc.pattern, tc.element, got, tc.want)
		}
	}
}
