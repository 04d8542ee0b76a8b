package extract

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/schema"
)

// The fast paths of the matcher (start.go, anchored.go) must do exactly
// what the plain ones do: the same evidence, the same steps counted per
// pattern and sentence (so that the budget runs out at the same place),
// and the same patterns in the same order per sentence. These tests
// compare them on random rule files and texts made of a few words, where
// starts, options, groups and coordination collide often.

// randomWords are the words of the random texts and patterns.
var randomWords = []string{"a", "b", "c", "the", "of", "in", ",", "and", "or", "-", "set", "sets", "up", "by", "'s"}

// randomPattern returns a pattern with a subject and an object slot.
func randomPattern(r *rand.Rand) string {
	word := func() string { return randomWords[r.IntN(len(randomWords))] }
	var elem func(depth int) string
	elem = func(depth int) string {
		switch k := r.IntN(12); {
		case k < 4:
			return word()
		case k == 4 && depth < 2:
			return "[" + elem(depth+1) + "]"
		case k == 5 && depth < 2:
			n := 2 + r.IntN(5)
			alts := make([]string, n)
			for i := range alts {
				alts[i] = word()
				if r.IntN(4) == 0 {
					alts[i] += " " + elem(depth+1)
				}
			}
			return "(" + strings.Join(alts, "|") + ")"
		case k == 6:
			return fmt.Sprintf("...%d", 1+r.IntN(3))
		case k == 7:
			return "se*"
		case k == 8 && depth < 2:
			return "[" + word() + " " + word() + "]"
		default:
			return word()
		}
	}
	var parts []string
	for range r.IntN(3) {
		parts = append(parts, elem(0))
	}
	parts = append(parts, "{subject}")
	for range r.IntN(3) {
		parts = append(parts, elem(0))
	}
	parts = append(parts, "{object}")
	for range r.IntN(2) {
		parts = append(parts, elem(0))
	}
	if r.IntN(3) == 0 {
		i := r.IntN(len(parts))
		parts[i] = "[" + parts[i] + "]"
	}
	return strings.Join(parts, " ")
}

// randomRules returns a checked rule file of a few random patterns.
func randomRules(t *testing.T, r *rand.Rand) *schema.File {
	for {
		var b strings.Builder
		b.WriteString(`version: 1
types: [{id: company}, {id: place}]
entities:
  - {id: acme, type: company, name: Acme}
  - {id: bolt, type: company, name: Bolt Co}
  - {id: paris, type: place, name: Paris}
  - {id: rome, type: place, name: Rome}
references:
  - {words: [it], types: [company]}
predicates: [{id: near, subject: [company], object: [place, company]}]
rules:
`)
		for i := range 1 + r.IntN(4) {
			fmt.Fprintf(&b, "  - id: r%d\n    predicate: near\n    scope: %d\n    patterns:\n", i, 1+r.IntN(2))
			for range 1 + r.IntN(3) {
				fmt.Fprintf(&b, "      - %q\n", randomPattern(r))
			}
		}
		f, err := schema.Parse("graph.yaml", []byte(b.String()))
		if err == nil {
			return f
		}
	}
}

// randomText returns a few sentences of random words and names.
func randomText(r *rand.Rand) string {
	names := []string{"Acme", "Bolt Co", "Paris", "Rome", "it", "the Acme"}
	var b strings.Builder
	for range 1 + r.IntN(4) {
		for range 3 + r.IntN(14) {
			if r.IntN(3) == 0 {
				b.WriteString(names[r.IntN(len(names))])
			} else {
				b.WriteString(randomWords[r.IntN(len(randomWords))])
			}
			b.WriteByte(' ')
		}
		b.WriteString(". ")
	}
	return b.String()
}

// TestFastMatchSame compares matchStarts with the plain loop, and the
// anchored lists with candidatePatterns, pattern by pattern and sentence
// by sentence.
func TestFastMatchSame(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	rules, docs := 300, 20
	if testing.Short() {
		rules = 60
	}
	starts := 0
	for range rules {
		m := Compile(randomRules(t, r))
		for range docs {
			text := randomText(r)
			d, err := Read("doc.txt", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			compareFast(t, m, d, text)
		}
		for _, s := range m.starts {
			if !s.any {
				starts++
			}
		}
	}
	if starts == 0 {
		t.Error("no pattern had a start set: the test tests nothing")
	}
}

func compareFast(t *testing.T, m *Matcher, d *Document, text string) {
	t.Helper()
	cands, found := m.mentionCandidates(d)
	mentions, _ := m.resolve(d, cands, found)
	ids := m.tokenIDs(d)
	seen := make([]bool, len(m.patterns))
	var a anchored
	m.anchoredIn(d, ids, seen, &a)
	w := &window{m: m, d: d, ids: ids, mentions: mentions, at: m.mentionStarts(d, mentions)}
	for si := range d.Sentences {
		want := m.candidatePatterns(d, ids, si, seen, nil)
		if got := a.patterns(m, si, seen, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q sentence %d: patterns %v, candidatePatterns %v", text, si, got, want)
		}
		for pi := range m.patterns {
			w.plain = true
			want := w.matchPattern(pi, si, nil)
			wantSteps := w.steps
			w.plain = false
			got := w.matchPattern(pi, si, nil)
			// Past the budget every start fails at once, the plain one
			// counting a step, the skipped one its cost: both stay past.
			sameSteps := w.steps == wantSteps || w.steps > MaxMatchSteps && wantSteps > MaxMatchSteps
			if !reflect.DeepEqual(got, want) || !sameSteps {
				t.Fatalf("%q sentence %d, pattern %q (start set %+v):\nfast  %d steps, %v\nplain %d steps, %v",
					text, si, m.patterns[pi].src, m.starts[pi], w.steps, got, wantSteps, want)
			}
		}
	}
}

// TestFastMatchBudget: a pattern that starts with an option and runs out
// of steps warns and matches as without start sets.
func TestFastMatchBudget(t *testing.T) {
	m := gapsMatcher(t, "[(near|by|at|from)] {subject} ...50 the ...50 the ...50 the ...50 the ...50 of {object}")
	if s := m.starts[0]; s.any || s.cost == 0 {
		t.Fatalf("start set %+v, want one with a cost", s)
	}
	text := "x Tesla " + strings.Repeat("the x ", 120) + "Shanghai.\nx x Tesla the the the the of Shanghai."
	var results [2][]string
	for i, plain := range []bool{true, false} {
		d, err := Read("doc.txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		if !plain {
			d2, _ := Read("doc.txt", []byte(text))
			compareFast(t, m, d2, text)
		}
		m.plainMatch = plain
		r := m.Extract(d)
		for _, e := range r.Evidence {
			results[i] = append(results[i], e.Sentence)
		}
		for _, w := range d.Warnings {
			results[i] = append(results[i], w.Msg)
		}
	}
	if len(results[1]) != 2 || !strings.Contains(results[1][1], "stopped after") {
		t.Errorf("got %q, want one evidence and one warning", results[1])
	}
	if !reflect.DeepEqual(results[0], results[1]) {
		t.Errorf("plain %q, fast %q", results[0], results[1])
	}
}

// candidatePatterns is the plain form of anchored.patterns, which tests
// compare with it.
// candidatePatterns appends to out the patterns worth trying from sentence
// si: those whose anchor word occurs within the rule's scope, and those
// without one. ids are the tokens' numbers (tokenIDs); seen is scratch
// space, one entry per pattern, left all false.
func (m *Matcher) candidatePatterns(d *Document, ids []wordID, si int, seen []bool, out []int) []int {
	for k := si; k < len(d.Sentences) && k < si+m.maxScope; k++ {
		s := d.Sentences[k]
		for i, t := range d.Tokens[s.First:s.EndTok] {
			if id := ids[s.First+i]; int(id) < len(m.anchorByID) {
				for _, pi := range m.anchorByID[id] {
					if !seen[pi] && k-si < int(m.scopes[pi]) {
						seen[pi] = true
						out = append(out, pi)
					}
				}
			}
			for _, pa := range m.prefixAnchors {
				if !seen[pa.pattern] && k-si < int(m.scopes[pa.pattern]) && strings.HasPrefix(t.Fold, pa.prefix) {
					seen[pa.pattern] = true
					out = append(out, pa.pattern)
				}
			}
		}
	}
	for _, pi := range out {
		seen[pi] = false
	}
	// The order does not matter: Extract sorts the evidence.
	return append(out, m.anchorless...)
}
