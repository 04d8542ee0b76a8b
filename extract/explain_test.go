package extract

import (
	"fmt"
	"testing"
)

// explained says, per rule, whether its pattern matched sentence si and
// if not, from which element on it failed and why.
func explained(m *Matcher, r *Result, si int) map[string]string {
	got := make(map[string]string)
	for _, a := range m.Explain(r, si) {
		s := "matched"
		if len(a.Evidence) == 0 {
			s = fmt.Sprintf("failed at %q: %s", a.Pattern[a.FailedAt:], a.Reason)
		}
		got[a.Rule] = s
	}
	return got
}

func TestExplain(t *testing.T) {
	m := testMatcher(t)
	d, err := Read("test.txt", []byte("In response, the CAC opened a national security inquiry into the company Didi. Tesla was encouraged by Alibaba."))
	if err != nil {
		t.Fatal(err)
	}
	r := m.Extract(d)
	got := explained(m, r, 0)
	for rule, want := range map[string]string{
		"review":        `failed at "review into {object}": found "national"`,
		"encouraged-by": `failed at "was ...2 encouraged by {subject}": found "."`,
		"set-up":        `failed at "set up a data [storage] centre in ...5 {object} [in {date}]": found "."`,
	} {
		if got[rule] != want {
			t.Errorf("rule %s: %s, want %s", rule, got[rule], want)
		}
	}
	got = explained(m, r, 1)
	for rule, want := range map[string]string{
		"encouraged-by": `failed at "{subject}": alibaba has type company, not agency`,
		"review":        `failed at "{subject} opened a ...3 review into {object}": tesla has type company, not agency`,
	} {
		if got[rule] != want {
			t.Errorf("rule %s: %s, want %s", rule, got[rule], want)
		}
	}
}

func TestExplainFields(t *testing.T) {
	m := testMatcher(t)
	d, err := Read("test.txt", []byte("The CAC opened a big national security inquiry into Didi. Alibaba was encouraged by"))
	if err != nil {
		t.Fatal(err)
	}
	r := m.Extract(d)
	byRule := func(si int) map[string]Attempt {
		out := make(map[string]Attempt)
		for _, a := range m.Explain(r, si) {
			out[a.Rule] = a
		}
		return out
	}
	// "review" after "...3" was tried at the three tokens after "a" and the one after them.
	a := byRule(0)["review"]
	if got := fmt.Sprintf("%s..%s %v", d.TokenText(a.FailedTok), d.TokenText(a.LastTok), a.AtEnd); got != "big..inquiry false" {
		t.Errorf("review: tried %s, want big..inquiry false", got)
	}
	// The sentence ends where "encouraged by" wants the subject.
	a = byRule(1)["encouraged-by"]
	if !a.AtEnd || a.Reason != "no mention here" || a.Pattern[a.FailedAt:] != "{subject}" {
		t.Errorf("encouraged-by: %+v", a)
	}
}

func TestElement(t *testing.T) {
	const p = "{subject} ...3 (opened|launched a) [new] review into {object}"
	tests := []struct {
		off   int
		start int
		want  string
	}{
		{0, 0, "{subject} …"},
		{16, 15, "(opened|launched a) …"}, // the first word of an alternative: the group
		{23, 15, "(opened|launched a) …"},
		{32, 32, "a …"}, // further into an alternative: the word
		{35, 35, "[new] …"},
		{41, 41, "review …"},
		{53, 53, "{object}"},
	}
	for _, tt := range tests {
		start, got := element(p, tt.off)
		if start != tt.start || got != tt.want {
			t.Errorf("element at %d (%q): %d %q, want %d %q", tt.off, p[tt.off:], start, got, tt.start, tt.want)
		}
	}
}
