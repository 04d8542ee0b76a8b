package extract

import (
	"fmt"
	"strings"

	"github.com/graphbuild/graphbuild/schema"
)

// Attempt is how one pattern of a rule fared on one sentence: everything
// a trace needs to say what matched, or how far the pattern got and why
// it stopped, without looking into the matcher.
type Attempt struct {
	Index      int // of the pattern among all patterns, in the order of the rule file
	Rule       string
	RulePos    schema.Pos
	PatternNo  int        // of the pattern within its rule, from 0
	PatternPos schema.Pos // of the pattern in the rule file
	Pattern    string     // as written in the rule file
	Evidence   []Evidence // what it found there; none if it failed
	// Matched says some start matched the whole pattern, facts or not
	// (every match may have named one entity in both slots).
	Matched bool
	// Started says the pattern got past its first element somewhere in
	// the sentence: the attempts worth reading.
	Started bool

	// For a failed pattern, the furthest any start got: the token it
	// started at (an index into Document.Tokens), the slot fillers bound
	// by then, the element that failed (Element, starting at byte
	// ElementAt of Pattern; FailedAt is the failing word inside it), the
	// token it failed at first and why. AtEnd says the rule's scope ran
	// out there (FailedTok is then its end). After a gap the element was
	// tried at every token from FailedTok to LastTok; otherwise LastTok is
	// FailedTok.
	Start           int
	Subject, Object []Filler
	Element         string
	ElementAt       int
	FailedAt        int
	FailedTok       int
	LastTok         int
	AtEnd           bool
	Reason          string
}

// Filler is a mention bound to a slot: the entity it stands for there,
// and for a reference the name it was resolved to.
type Filler struct {
	Entity     string
	Text       string // as written
	Span       Span   // bytes in the file on disk
	Reference  bool
	Antecedent Span // bytes of the name a reference stands for
}

// Reach is how far an attempt got, for ranking: 2 for a match, the share
// of the pattern's text before the element that failed, and -1 for an
// attempt that never got past its first element.
func (a Attempt) Reach() float64 {
	switch {
	case a.Matched:
		return 2
	case !a.Started:
		return -1
	}
	return float64(a.FailedAt) / float64(max(len(a.Pattern), 1))
}

// failure is the furthest point a traced match failed.
type failure struct {
	tok, last, offset int
	start             int
	subject, object   []filler
	atEnd             bool
	reason            string
	set               bool
}

// failed records that element n did not match at token pos, if that is
// further into the pattern than any failure so far (the first such wins).
// It costs nothing unless explaining.
func (w *window) failed(n *node, pos int, reason string) {
	if w.trace != nil {
		w.fail(n, pos, reason)
	}
}

// fail is failed when explaining, kept apart so that failed is inlined.
func (w *window) fail(n *node, pos int, reason string) {
	t := w.trace
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
		*t = failure{tok: pos, last: last, offset: n.offset, start: w.first, atEnd: atEnd, reason: reason, set: true,
			subject: append([]filler(nil), w.subject...), object: append([]filler(nil), w.object...)}
	}
}

// Explain tries every pattern of every rule on sentence si of an
// extracted document, anchor words or not, and says for each what it
// found or how far it got.
func (m *Matcher) Explain(r *Result, si int) []Attempt {
	d := r.Doc
	at := m.mentionStarts(d, r.Mentions)
	out := make([]Attempt, 0, len(m.patterns))
	ids := m.tokenIDs(d)
	for pi, p := range m.patterns {
		rl := m.rules[p.rule]
		var trace failure
		w := &window{m: m, d: d, ids: ids, mentions: r.Mentions, at: at, trace: &trace}
		w.docDate, _ = parseDocDate(d.Date)
		a := Attempt{Index: pi, Rule: rl.ID, RulePos: rl.Pos, PatternNo: p.index, PatternPos: rl.Patterns[p.index].Pos, Pattern: p.src}
		a.Evidence = dedupeEvidence(w.matchPattern(pi, si, nil))
		a.Matched = w.matched
		a.Start, a.FailedAt, a.FailedTok, a.LastTok, a.AtEnd, a.Reason = trace.start, trace.offset, trace.tok, trace.last, trace.atEnd, trace.reason
		a.Subject, a.Object = w.fillers(trace.subject), w.fillers(trace.object)
		switch {
		case len(a.Evidence) > 0:
			a.Started, a.Reason = true, ""
		case w.matched:
			// Every match named one entity in both slots.
			a.Started, a.AtEnd = true, false
			a.Reason = "the pattern matched, but subject and object are the same entity"
		}
		a.ElementAt, a.Element = element(p.src, a.FailedAt)
		if !a.Started {
			a.Started = a.ElementAt > 0
		}
		if len(a.Evidence) > 0 {
			a.Element, a.ElementAt = "", 0
		}
		out = append(out, a)
	}
	return out
}

// fillers turns the bindings of a traced match into Fillers.
func (w *window) fillers(fs []filler) []Filler {
	var out []Filler
	for _, f := range fs {
		mn := w.mentions[f.mention]
		out = append(out, Filler{Entity: f.entity, Text: w.d.mentionText(mn), Span: mn.Span, Reference: mn.Reference, Antecedent: f.antecedent})
	}
	return out
}

// element returns the element of pattern at byte offset off (a word, a
// slot, a gap, or a whole group where the element begins an alternative:
// Explain reports an alternative that failed at its first element at the
// last alternative tried, which says little on its own), and where it
// starts. The element ends in "…" if more of the pattern follows.
func element(pattern string, off int) (int, string) {
	if off < 0 || off >= len(pattern) {
		return 0, pattern
	}
	start := off
	for {
		k := strings.LastIndexAny(pattern[:start], "(|[ ")
		if k < 0 || pattern[k] != '(' && pattern[k] != '|' {
			break
		}
		// The first element of an alternative: take the group.
		depth := 0
		for start = k; start > 0; start-- {
			if pattern[start] == ')' {
				depth++
			}
			if pattern[start] == '(' {
				if depth == 0 {
					break
				}
				depth--
			}
		}
	}
	end := start
	switch pattern[start] {
	case '(', '[':
		depth := 0
		for end = start; end < len(pattern); end++ {
			switch pattern[end] {
			case '(', '[':
				depth++
			case ')', ']':
				depth--
			}
			if depth == 0 {
				end++
				break
			}
		}
	default:
		end = start + strings.IndexAny(pattern[start:]+" ", " |)]")
	}
	end = min(end, len(pattern))
	el := pattern[start:end]
	if strings.TrimSpace(pattern[end:]) != "" {
		el += " …"
	}
	return start, el
}
