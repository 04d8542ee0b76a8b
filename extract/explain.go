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
	// failed at first (an index into Document.Tokens) and why. AtEnd says
	// the rule's scope ran out there (FailedTok is then its end). After a
	// gap the element was tried at every token from FailedTok to
	// LastTok; otherwise LastTok is FailedTok.
	FailedAt  int
	FailedTok int
	LastTok   int
	AtEnd     bool
	Reason    string
}

// failure is the furthest point a traced match failed.
type failure struct {
	tok, last, offset int
	atEnd             bool
	reason            string
	set               bool
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
		atEnd := pos >= w.end
		if reason == "" {
			switch {
			case atEnd && w.rule.Scope > 1:
				reason = "the rule's scope ends"
			case atEnd:
				reason = "the sentence ends"
			default:
				reason = fmt.Sprintf("found %q", w.d.TokenText(pos))
			}
		}
		last := pos
		if !atEnd {
			last = min(pos+n.afterGap, w.end-1)
		}
		*t = failure{tok: pos, last: last, offset: n.offset, atEnd: atEnd, reason: reason, set: true}
	}
}

// Explain tries every pattern of every rule on sentence si of an
// extracted document, anchor words or not, and says for each what it
// found or how far it got.
func (m *Matcher) Explain(r *Result, si int) []Attempt {
	d := r.Doc
	at := m.mentionStarts(d, r.Mentions)
	out := make([]Attempt, 0, len(m.patterns))
	for pi, p := range m.patterns {
		rl := m.rules[p.rule]
		var trace failure
		w := &window{m: m, d: d, mentions: r.Mentions, at: at, trace: &trace}
		a := Attempt{Rule: rl.ID, RulePos: rl.Pos, Pattern: p.src}
		a.Evidence = dedupeEvidence(w.matchPattern(pi, si, nil))
		switch {
		case len(a.Evidence) > 0:
		case w.matched:
			// Every match named one entity in both slots.
			a.FailedAt, a.FailedTok, a.LastTok = trace.offset, trace.tok, trace.last
			a.Reason = "the pattern matched, but subject and object are the same entity"
		default:
			a.FailedAt, a.FailedTok, a.LastTok, a.AtEnd, a.Reason = trace.offset, trace.tok, trace.last, trace.atEnd, trace.reason
		}
		out = append(out, a)
	}
	return out
}
