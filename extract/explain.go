package extract

import (
	"fmt"

	"github.com/graphbuild/graphbuild/schema"
)

// Attempt is how one pattern of a rule fared on one sentence.
type Attempt struct {
	Rule     string
	RulePos  schema.Pos
	Pattern  string     // as written in the rule file
	Evidence []Evidence // what it found there; none if it failed

	// For a failed pattern, the furthest any starting token got: the
	// element that failed (a byte offset into Pattern), the token it
	// failed at (an index into Document.Tokens; len(Tokens) or the end of
	// the rule's scope when the text ran out) and why.
	FailedAt  int
	FailedTok int
	Reason    string
}

// failure is the furthest point a traced match failed.
type failure struct {
	tok, offset int
	reason      string
	set         bool
}

// failed records that element n did not match at token pos, if that is
// further into the pattern than any failure so far (the first such wins).
// It costs nothing unless explaining.
func (w *window) failed(n node, pos int, reason string) {
	t := w.trace
	if t == nil {
		return
	}
	if !t.set || n.offset > t.offset {
		if reason == "" {
			if pos >= w.end {
				reason = "the sentence ends"
				if w.rule.Scope > 1 {
					reason = "the rule's scope ends"
				}
			} else {
				reason = fmt.Sprintf("found %q", w.d.TokenText(pos))
			}
		}
		*t = failure{tok: pos, offset: n.offset, reason: reason, set: true}
	}
}

// Explain tries every pattern of every rule on sentence si of an
// extracted document, anchor words or not, and says for each what it
// found or how far it got.
func (m *Matcher) Explain(r *Result, si int) []Attempt {
	d := r.Doc
	at := mentionStarts(d, r.Mentions)
	out := make([]Attempt, 0, len(m.patterns))
	for pi, p := range m.patterns {
		rl := m.rules[p.rule]
		var trace failure
		w := &window{m: m, d: d, mentions: r.Mentions, at: at, trace: &trace}
		a := Attempt{Rule: rl.ID, RulePos: rl.Pos, Pattern: p.src}
		a.Evidence = dedupeEvidence(w.matchPattern(pi, si, nil))
		if len(a.Evidence) == 0 {
			a.FailedAt, a.FailedTok, a.Reason = trace.offset, trace.tok, trace.reason
		}
		out = append(out, a)
	}
	return out
}
