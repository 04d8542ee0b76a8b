package extract

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/graphbuild/graphbuild/schema"
)

// maxConjunctGap is how many descriptive tokens may stand between a
// conjunction and the next coordinated mention ("and e-commerce company
// Meituan"); hyphens do not count.
const maxConjunctGap = 3

// Extract finds the mentions and the evidence of one document.
func (m *Matcher) Extract(d *Document) *Result {
	sc := getScratch(len(m.patterns))
	defer sc.put()
	cands, found := m.mentionCandidatesIn(d, &sc.cands)
	mentions, unresolved := m.resolve(d, cands, found)
	r := &Result{Doc: d, Mentions: mentions, Unresolved: len(unresolved), UnresolvedRefs: unresolved, Found: mentioned(d, found, mentions)}

	sc.ids = m.appendTokenIDs(sc.ids[:0], d)
	sc.at = m.appendMentionStarts(sc.at[:0], d, mentions)
	w := &sc.w
	*w = window{m: m, d: d, ids: sc.ids, mentions: mentions, at: sc.at, fills: w.fills[:0], slotStart: w.slotStart[:0], plain: m.plainMatch}
	w.docDate, _ = parseDocDate(d.Date)
	seen, pats := sc.seen, sc.pats[:0]
	anchored := m.anchoredIn(d, sc.ids, seen, &sc.anchored)
	defer func() { sc.pats = pats }()
	for si := range d.Sentences {
		pats = anchored.patterns(m, si, seen, pats[:0])
		for _, pi := range pats {
			n := len(r.Evidence)
			r.Evidence = w.matchPattern(pi, si, r.Evidence)
			r.countMatches(pi, r.Evidence[n:], len(m.patterns))
		}
	}
	sortEvidence(r.Evidence)
	r.Evidence = dedupeEvidence(r.Evidence)
	return r
}

// mentionStarts maps each token to the mention starting there, or -1; a
// title right before a name starts it too (see titleStarts).
func (m *Matcher) mentionStarts(d *Document, mentions []Mention) []int32 {
	return m.appendMentionStarts(nil, d, mentions)
}

// appendMentionStarts is mentionStarts into dst's memory.
func (m *Matcher) appendMentionStarts(dst []int32, d *Document, mentions []Mention) []int32 {
	at := slices.Grow(dst[:0], len(d.Tokens))[:len(d.Tokens)]
	for i := range at {
		at[i] = -1
	}
	for i, mn := range mentions {
		at[mn.First] = int32(i)
	}
	m.titleStarts(d, mentions, at)
	return at
}

// window matches patterns against the tokens of a document.
type window struct {
	m        *Matcher
	d        *Document
	ids      []wordID // the tokens' numbers (vocab.go)
	mentions []Mention
	at       []int32 // token → index of the mention starting there, or -1
	end      int     // tokens at or past end are out of scope
	rule     *rule
	pattern  int // index of the pattern within its rule
	// bindings of the match in progress
	subject, object []filler
	date            [2]int // tokens of the {date}, or -1, -1
	dateVal         Date
	docDate         calDate // the document's date, for relative dates
	first, last     int     // first and last token matched

	trace   *failure       // when explaining: the furthest point a match failed
	matched bool           // when explaining: some start matched, facts or not
	steps   int            // seq calls for the pattern and sentence (see budget.go)
	fills   []filler       // the slots' fillers, a stack (see slot)
	plain   bool           // tests: no start sets (start.go), only canStart
	done    func(int) bool // accept

	// The mention starts of one sentence, for start sets (start.go).
	slotSent  int // 1 + the sentence of slotStart; 0: none yet
	slotStart []int32
}

// matchPattern tries pattern pi at every token of sentence si and appends
// the evidence of each match.
func (w *window) matchPattern(pi, si int, dst []Evidence) []Evidence {
	p := &w.m.patterns[pi]
	w.rule, w.pattern = &w.m.rules[p.rule], p.index
	lastSent := min(si+w.rule.Scope, len(w.d.Sentences)) - 1
	w.end = w.d.Sentences[lastSent].EndTok
	s := w.d.Sentences[si]
	first := &p.nodes[0]
	w.steps = 0
	defer w.overBudget(pi, si)
	if w.trace == nil && !w.plain {
		return w.matchStarts(pi, si, dst)
	}
	for i := s.First; i < s.EndTok; i++ {
		// Most starts fail on the first element: skip them cheaply,
		// unless explaining, which wants to see them fail.
		if w.trace == nil && !w.canStart(first, i) {
			continue
		}
		dst = w.matchAt(p, si, i, dst)
	}
	return dst
}

// matchAt tries pattern p from token i of sentence si.
func (w *window) matchAt(p *pattern, si, i int, dst []Evidence) []Evidence {
	w.subject, w.object, w.date = nil, nil, [2]int{-1, -1}
	w.first = i
	if w.done == nil {
		w.done = w.accept // one closure per window, not one per start
	}
	if w.seq(p.nodes, i, w.done) {
		w.matched = true
		dst = w.evidence(si, dst)
	}
	return dst
}

// accept ends a match: it takes whatever follows.
func (w *window) accept(pos int) bool {
	w.last = pos - 1
	return true
}

// canStart reports whether a match may begin with n at token i.
func (w *window) canStart(n *node, i int) bool {
	switch {
	case n.kind == schema.Word:
		return w.ids[i] == n.id
	case n.kind == schema.Slot && n.slot != "date":
		return w.at[i] >= 0 || i+1 < w.end && w.at[i+1] >= 0 && w.ids[i] == w.m.idThe
	}
	return true
}

// seq matches nodes from token pos, then calls k with the position after
// the match; it backtracks until k accepts.
func (w *window) seq(nodes []node, pos int, k func(int) bool) bool {
	if w.spent() {
		return false
	}
	if len(nodes) == 0 {
		return k(pos)
	}
	n, rest := &nodes[0], nodes[1:]
	next := func(p int) bool { return w.seq(rest, p, k) }
	switch n.kind {
	case schema.Word:
		if pos < w.end && w.ids[pos] == n.id {
			return next(pos + 1)
		}
		w.failed(n, pos, "")
		return false
	case schema.Prefix:
		if pos < w.end && strings.HasPrefix(w.d.Tokens[pos].Fold, n.word) {
			return next(pos + 1)
		}
		w.failed(n, pos, "")
		return false
	case schema.Gap:
		for g := 0; g <= n.max && pos+g <= w.end; g++ {
			if next(pos + g) {
				return true
			}
		}
		return false
	case schema.Alt:
		if n.words != nil {
			if pos < w.end && n.wordIDs.has(w.ids[pos]) {
				return next(pos + 1) // no other alternative can match here
			}
			w.failed(n.wordsAt, pos, "")
		}
		for _, a := range n.alts {
			if w.seq(a, pos, next) {
				return true
			}
		}
		return false
	case schema.Opt:
		return w.seq(n.alts[0], pos, next) || next(pos)
	case schema.Slot:
		if n.slot == "date" {
			end, dt := w.d.dateIn(pos, w.end, w.docDate)
			if end < 0 {
				w.failed(n, pos, "no date here")
				return false
			}
			w.date, w.dateVal = [2]int{pos, end}, dt
			if next(end) {
				return true
			}
			w.date = [2]int{-1, -1}
			return false
		}
		return w.slot(n, pos, next)
	}
	return false
}

// filler is a mention in a slot, with the entity it stands for there.
type filler struct {
	mention    int
	entity     string
	antecedent Span   // for a resolved reference
	why        string // for a resolved reference: the preference that chose antecedent
	// others are its further antecedents, nearest first: those that fit
	// types are the slot's other choices.
	others []antecedent
	types  []bool
}

// slot matches a mention of a fitting entity at pos, with the mentions
// coordinated with it; it tries the longest coordination first.
func (w *window) slot(n *node, pos int, next func(int) bool) bool {
	name := n.slot
	types, names := w.rule.subjectOK, w.rule.subject
	if name == "object" {
		types, names = w.rule.objectOK, w.rule.object
	}
	if pos < w.end && w.at[pos] < 0 && w.ids[pos] == w.m.idThe {
		pos++ // "by the People's Bank of China": a slot takes the article with the name
	}
	if pos >= w.end || w.at[pos] < 0 {
		w.failed(n, pos, "no mention here")
		return false
	}
	mi := int(w.at[pos])
	f, ok := w.fit(mi, types)
	if !ok {
		if w.trace != nil {
			mn := w.mentions[mi]
			w.failed(n, pos, fmt.Sprintf("%s has type %s, not %s", mn.Entity, w.m.file.Types[mn.typ].ID, strings.Join(names, " or ")))
		}
		return false
	}
	// The chain lives on w.fills, a stack: slots within the match in
	// progress push theirs above it, and it is popped when slot returns.
	// The fillers of a match are copied into its evidence, so no match
	// keeps the stack's memory.
	base := len(w.fills)
	w.fills = append(w.fills, f)
	for single := w.rule.single[name]; !single; {
		f, ok := w.conjunct(w.mentions[w.fills[len(w.fills)-1].mention].End, types)
		if !ok {
			break
		}
		w.fills = append(w.fills, f)
	}
	chain := w.fills[base:len(w.fills):len(w.fills)]
	subject := name == "subject"
	for c := len(chain); c > 0; c-- {
		fillers := w.members(chain[:c], types)
		if subject {
			w.subject = fillers
		} else {
			w.object = fillers
		}
		if next(w.mentions[chain[c-1].mention].End) {
			w.fills = w.fills[:base]
			return true
		}
	}
	if subject {
		w.subject = nil
	} else {
		w.object = nil
	}
	w.fills = w.fills[:base]
	return false
}

// conjunct finds a mention coordinated with the one ending at pos: after
// "," directly, or after "and", "or" or ", and" and a few descriptive
// words ("and e-commerce company Meituan"), none of which may start a
// clause or a phrase of its own.
func (w *window) conjunct(pos int, types []bool) (filler, bool) {
	ids, m := w.ids, w.m
	p := pos
	if p < w.end && ids[p] == m.idComma {
		p++
	}
	described := false
	if p < w.end && (ids[p] == m.idAnd || ids[p] == m.idOr) {
		p++
		described = true // "and social media giant Tencent"
	}
	if p == pos {
		return filler{}, false
	}
	for words := 0; p < w.end && words <= maxConjunctGap; p++ {
		if mi := w.at[p]; mi >= 0 {
			return w.fit(int(mi), types)
		}
		if !described {
			if ids[p] == m.idThe {
				continue
			}
			return filler{}, false // ", which functions like eBay"
		}
		if ids[p] == m.idDash {
			continue
		}
		if m.conjunctStop.has(ids[p]) {
			return filler{}, false
		}
		words++
	}
	return filler{}, false
}

// conjunctStop lists the tokens that end a conjunct's description: they
// start a clause or a phrase of its own.
var conjunctStop = map[string]bool{
	",": true, ".": true, ";": true, ":": true, "\"": true, "'s": true, "and": true, "or": true,
	"of": true, "in": true, "on": true, "at": true, "for": true, "to": true, "from": true, "by": true,
	"with": true, "as": true, "which": true, "who": true, "whose": true, "that": true, "said": true, "says": true,
}

// fit returns the mention as a filler of a slot that takes types: a name
// fits by its entity's type; a reference by the preferred of its
// antecedents if that fits, else the nearest that does, so "its listing"
// skips a nearer agency when a company is wanted; a plural reference when
// one of its members fits (members expands it).
func (w *window) fit(mi int, types []bool) (filler, bool) {
	mn := &w.mentions[mi]
	if !mn.Reference {
		return filler{mention: mi, entity: mn.Entity}, types[mn.typ]
	}
	if len(mn.group) > 0 {
		for _, a := range mn.group {
			if types[a.typ] {
				return filler{mention: mi, entity: a.entity, antecedent: a.span, why: a.why}, true
			}
		}
		return filler{}, false
	}
	for i, a := range mn.antecedents {
		if !types[a.typ] {
			continue
		}
		f := filler{mention: mi, entity: a.entity, antecedent: a.span, why: a.why, others: mn.antecedents[i+1:], types: types}
		if i > 0 {
			f.why = WhySlotType
		}
		return f, true
	}
	return filler{}, false
}

// members returns the fillers of a slot: each plural reference among
// them stands for each member of its group that fits the types.
func (w *window) members(chain []filler, types []bool) []filler {
	plural := false
	for _, f := range chain {
		plural = plural || len(w.mentions[f.mention].group) > 0
	}
	if !plural {
		return chain
	}
	var out []filler
	for _, f := range chain {
		g := w.mentions[f.mention].group
		if len(g) == 0 {
			out = append(out, f)
			continue
		}
		for _, a := range g {
			if types[a.typ] {
				out = append(out, filler{mention: f.mention, entity: a.entity, antecedent: a.span, why: a.why})
			}
		}
	}
	return out
}

// distinct returns a and b with different entities where a reference
// allows it: "Ant Group grew. Alibaba still owns it." takes the next
// antecedent of "it" rather than Alibaba itself.
func distinct(a, b filler) (filler, filler, bool) {
	if a.entity != b.entity {
		return a, b, true
	}
	for _, x := range []*filler{&b, &a} {
		for _, o := range x.others {
			if x.types[o.typ] && o.entity != a.entity { // a and b share the entity here
				x.entity, x.antecedent = o.entity, o.span
				return a, b, true
			}
		}
	}
	return a, b, false
}

// evidence turns the match in progress into one evidence per subject and
// object pair.
func (w *window) evidence(si int, dst []Evidence) []Evidence {
	d := w.d
	ei := d.sentenceOf(w.last)
	first, last := d.Sentences[si], d.Sentences[ei]
	cues := w.cueHits()
	var date Date
	if w.date[0] >= 0 {
		date = w.dateVal
	}
	objects, objectDate := w.object, DateKind("")
	if w.rule.dated {
		objectDate = date.Kind
		// The date is the object: a fact only when it could be resolved.
		if date.Value == "" {
			return dst
		}
		objects = []filler{{mention: -1, entity: date.Value}}
	}
	for _, s := range w.subject {
		for _, o := range objects {
			s, o, ok := distinct(s, o)
			if !ok {
				continue
			}
			modality := w.modality(cues, s, o)
			ev := Evidence{
				Fact:         Fact{Subject: s.entity, Predicate: w.rule.Predicate, Object: o.entity, Modality: modality, ObjectDate: objectDate},
				Doc:          d.ID,
				Sentence:     d.Text[first.Start:last.End],
				SentenceSpan: d.RawSpan(first.Start, last.End),
				Span:         d.RawSpan(d.Tokens[w.first].Start, d.Tokens[w.last].End),
				Rule:         w.rule.ID,
				RulePos:      w.rule.Pos,
				Pattern:      w.pattern,
				Date:         date.Text,
				DateValue:    date.Value,
				DateKind:     date.Kind,
			}
			for _, x := range []struct {
				slot string
				f    filler
			}{{"subject", s}, {"object", o}} {
				if x.f.mention < 0 {
					continue // a date
				}
				if mn := w.mentions[x.f.mention]; mn.Reference {
					ev.Resolved = append(ev.Resolved, Resolution{
						Slot: x.slot, Text: d.mentionText(mn), Span: mn.Span,
						Entity: x.f.entity, Antecedent: x.f.antecedent, Why: x.f.why,
					})
				}
			}
			dst = append(dst, ev)
		}
	}
	return dst
}

func sortEvidence(evs []Evidence) {
	sort.SliceStable(evs, func(a, b int) bool {
		x, y := evs[a], evs[b]
		if x.Span.Start != y.Span.Start {
			return x.Span.Start < y.Span.Start
		}
		if x.Span.End != y.Span.End {
			return x.Span.End < y.Span.End
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		return factLess(x.Fact, y.Fact)
	})
}

func factLess(a, b Fact) bool {
	if a.Subject != b.Subject {
		return a.Subject < b.Subject
	}
	if a.Predicate != b.Predicate {
		return a.Predicate < b.Predicate
	}
	if a.Object != b.Object {
		return a.Object < b.Object
	}
	return a.Modality < b.Modality
}

// dedupeEvidence keeps one evidence per fact and sentence: two rules, or
// two starting points of one rule, that find the same fact in the same
// sentence are one sighting. The earliest match is kept.
func dedupeEvidence(evs []Evidence) []Evidence {
	type key struct {
		f    Fact
		sent Span
	}
	seen := make(map[key]bool, len(evs))
	out := evs[:0]
	for _, e := range evs {
		k := key{e.Fact, e.SentenceSpan}
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}
