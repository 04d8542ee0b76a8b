package extract

import (
	"strings"

	"github.com/graphbuild/graphbuild/schema"
)

// A pattern is tried at every token of a sentence that holds its anchor,
// and most of those starts fail on the first token. canStart skips them
// cheaply when the pattern starts with a word or a slot; a pattern that
// starts with a group of words, an option or a prefix
// ("(use|deployment|adoption) of ...", "[(former|acting)] (director|...)")
// used to go through seq at every token. Compile therefore works out for
// each pattern the tokens a match can start with (its first set) and what
// a start elsewhere costs the plain path in steps: matchPattern skips
// those starts and counts their steps, so that the step budget
// (budget.go) runs out at the same start as without the skip, with the
// same matches and warnings.

// startSet is what the first token of a match of a pattern can be.
type startSet struct {
	any      bool     // no filter: a gap, a date or an empty match may start it
	words    bitset   // word numbers (vocab.go)
	prefixes []string // folded prefixes
	slot     bool     // a mention, or "the" right before one
	word     wordID   // when the set is this one word and nothing else
	// cost is the steps the plain path counts at a start the set rules
	// out (0 where canStart already skipped such starts).
	cost int
	// then is, for a pattern that starts with a word or a slot, the start
	// set of what follows it, or nil when that cannot be told.
	then *startSet
}

// compileStart computes the start set of nodes; it runs after the words
// are numbered.
func (m *Matcher) compileStart(nodes []node) startSet {
	var s startSet
	if !m.first(nodes, &s) {
		return startSet{any: true}
	}
	if n := &nodes[0]; n.kind == schema.Word || n.kind == schema.Slot && n.slot != "date" {
		s.cost = 0 // the plain path's canStart skips these starts uncounted
		var then startSet
		if m.first(nodes[1:], &then) {
			s.then = &then
		}
	}
	if ids := s.words.members(); len(ids) == 1 && !s.slot && len(s.prefixes) == 0 {
		s.word = ids[0]
	}
	return s
}

// first adds the first set of nodes to s and the steps seq(nodes, pos, k)
// takes when the token at pos is outside it to s.cost. It reports false
// when the first token cannot be told: nodes may match nothing, or start
// with a gap or a date.
func (m *Matcher) first(nodes []node, s *startSet) bool {
	if len(nodes) == 0 {
		return false // seq calls its continuation: anything may follow
	}
	s.cost++ // seq's own step
	switch n := &nodes[0]; n.kind {
	case schema.Word:
		s.words.add(n.id)
	case schema.Prefix:
		s.prefixes = append(s.prefixes, n.word)
	case schema.Slot:
		if n.slot == "date" {
			return false
		}
		s.slot = true
	case schema.Alt:
		for _, id := range n.wordIDs.members() {
			s.words.add(id)
		}
		for _, a := range n.alts {
			if !m.first(a, s) {
				return false
			}
		}
	case schema.Opt:
		// seq tries the option, then what follows without it.
		return m.first(n.alts[0], s) && m.first(nodes[1:], s)
	default:
		return false // a gap
	}
	return true
}

// mayStart reports whether a match may begin at token i.
func (w *window) mayStart(s *startSet, i int) bool {
	if s.any || s.words.has(w.ids[i]) {
		return true
	}
	if s.slot && (w.at[i] >= 0 || i+1 < w.end && w.at[i+1] >= 0 && w.ids[i] == w.m.idThe) {
		return true
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(w.d.Tokens[i].Fold, p) {
			return true
		}
	}
	return false
}

// members returns the numbers in b, in increasing order.
func (b bitset) members() []wordID {
	var out []wordID
	for i, word := range b {
		for j := 0; j < 64; j++ {
			if word&(1<<j) != 0 {
				out = append(out, wordID(i*64+j))
			}
		}
	}
	return out
}

// matchStarts is matchPattern without the plain path's loop over every
// token: it tries pattern pi only where its start set allows, in token
// order, and counts the steps of the starts it skips before each start it
// tries, as the plain path would have counted them by then.
func (w *window) matchStarts(pi, si int, dst []Evidence) []Evidence {
	p, start, s := &w.m.patterns[pi], &w.m.starts[pi], w.d.Sentences[si]
	next := s.First // the first token whose start is not yet counted
	try := func(i int) {
		w.steps += start.cost * (i - next)
		next = i + 1
		dst = w.matchAt(p, si, i, dst)
	}
	switch {
	case start.onlySlot():
		for _, i := range w.mentionsIn(si) {
			if !w.mayStart(start, int(i)) {
				continue
			}
			if skip, cost := w.slotFails(p, start.then, int(i)); skip {
				w.steps += cost + start.cost*(int(i)-next)
				next = int(i) + 1
				continue
			}
			try(int(i))
		}
	case start.word != 0:
		for i := s.First; i < s.EndTok; i++ {
			if w.ids[i] != start.word {
				continue
			}
			if t := start.then; t != nil && p.nodes[0].kind == schema.Word && (i+1 >= w.end || !w.mayStart(t, i+1)) {
				// The word matches and what follows fails on the next token.
				w.steps += 1 + t.cost + start.cost*(i-next)
				next = i + 1
				continue
			}
			try(i)
		}
	default:
		for i := s.First; i < s.EndTok; i++ {
			if w.mayStart(start, i) {
				try(i)
			}
		}
	}
	w.steps += start.cost * (s.EndTok - next)
	return dst
}

// onlySlot reports whether only a mention, or "the" before one, can
// start a match.
func (s *startSet) onlySlot() bool {
	return s.slot && !s.any && s.word == 0 && len(s.words) == 0 && len(s.prefixes) == 0
}

// mentionsIn returns the tokens of sentence si where a slot may start: a
// mention, or "the" before one (the last token's "the" is checked again
// against the rule's scope by mayStart).
func (w *window) mentionsIn(si int) []int32 {
	if w.slotSent == si+1 {
		return w.slotStart
	}
	s := w.d.Sentences[si]
	w.slotSent, w.slotStart = si+1, w.slotStart[:0]
	for i := s.First; i < s.EndTok; i++ {
		if w.at[i] >= 0 || i+1 < len(w.at) && w.at[i+1] >= 0 && w.ids[i] == w.m.idThe {
			w.slotStart = append(w.slotStart, int32(i))
		}
	}
	return w.slotStart
}

// slotFails reports whether pattern p, which starts with a slot whose
// mention (or "the" before it) is at token i, fails right after that
// mention because what follows cannot start there, and if so the steps
// the plain path takes to find out: one for the slot, and if the mention
// fits the slot, those of the rest failing on its first token. A mention
// followed by a comma, "and" or "or" may start a coordination, which is
// left to the plain path.
func (w *window) slotFails(p *pattern, then *startSet, i int) (bool, int) {
	if then == nil {
		return false, 0
	}
	if w.at[i] < 0 {
		i++ // "the" before the mention
	}
	mi := int(w.at[i])
	e := w.mentions[mi].End
	if e < w.end {
		if id := w.ids[e]; id == w.m.idComma || id == w.m.idAnd || id == w.m.idOr || w.mayStart(then, e) {
			return false, 0
		}
	}
	types := w.rule.subjectOK
	if p.nodes[0].slot == "object" {
		types = w.rule.objectOK
	}
	if _, ok := w.fit(mi, types); !ok {
		return true, 1
	}
	return true, 1 + then.cost
}
