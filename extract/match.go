package extract

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/graphbuild/graphbuild/schema"
)

// maxConjunctGap is how many descriptive tokens may stand between a
// conjunction and the next coordinated mention ("and e-commerce company
// Meituan"); hyphens do not count.
const maxConjunctGap = 3

// Extract finds the mentions and the evidence of one document.
func (m *Matcher) Extract(d *Document) *Result {
	var cands []candidate
	for si := range d.Sentences {
		cands = m.findMentions(d, si, cands)
	}
	mentions, unresolved := m.resolve(d, cands)
	r := &Result{Doc: d, Mentions: mentions, Unresolved: unresolved}

	w := &window{m: m, d: d, mentions: mentions, at: mentionStarts(d, mentions)}
	seen := make([]bool, len(m.patterns))
	var pats []int
	for si := range d.Sentences {
		pats = m.candidatePatterns(d, si, seen, pats[:0])
		for _, pi := range pats {
			r.Evidence = w.matchPattern(pi, si, r.Evidence)
		}
	}
	sortEvidence(r.Evidence)
	r.Evidence = dedupeEvidence(r.Evidence)
	return r
}

// mentionStarts maps each token to the mention starting there, or -1.
func mentionStarts(d *Document, mentions []Mention) []int32 {
	at := make([]int32, len(d.Tokens))
	for i := range at {
		at[i] = -1
	}
	for i, mn := range mentions {
		at[mn.First] = int32(i)
	}
	return at
}

// candidatePatterns appends to out the patterns worth trying from sentence
// si: those whose anchor word occurs within the rule's scope, and those
// without one. seen is scratch space, one entry per pattern, left all false.
func (m *Matcher) candidatePatterns(d *Document, si int, seen []bool, out []int) []int {
	for k := si; k < len(d.Sentences) && k < si+m.maxScope; k++ {
		s := d.Sentences[k]
		for _, t := range d.Tokens[s.First:s.EndTok] {
			for _, pi := range m.anchors[t.Fold] {
				if !seen[pi] && k-si < m.rules[m.patterns[pi].rule].Scope {
					seen[pi] = true
					out = append(out, pi)
				}
			}
			for _, pa := range m.prefixAnchors {
				if !seen[pa.pattern] && k-si < m.rules[m.patterns[pa.pattern].rule].Scope && strings.HasPrefix(t.Fold, pa.prefix) {
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

// window matches patterns against the tokens of a document.
type window struct {
	m        *Matcher
	d        *Document
	mentions []Mention
	at       []int32 // token → index of the mention starting there, or -1
	end      int     // tokens at or past end are out of scope
	rule     *rule
	// bindings of the match in progress
	subject, object []filler
	date            [2]int
	first, last     int // first and last token matched

	trace   *failure // when explaining: the furthest point a match failed
	matched bool     // when explaining: some start matched, facts or not
	steps   int      // seq calls for the pattern and sentence (see budget.go)
}

// matchPattern tries pattern pi at every token of sentence si and appends
// the evidence of each match.
func (w *window) matchPattern(pi, si int, dst []Evidence) []Evidence {
	p := w.m.patterns[pi]
	w.rule = &w.m.rules[p.rule]
	lastSent := min(si+w.rule.Scope, len(w.d.Sentences)) - 1
	w.end = w.d.Sentences[lastSent].EndTok
	s := w.d.Sentences[si]
	first := p.nodes[0]
	w.steps = 0
	defer w.overBudget(pi, si)
	for i := s.First; i < s.EndTok; i++ {
		// Most starts fail on the first element: skip them cheaply,
		// unless explaining, which wants to see them fail.
		if w.trace == nil && !w.canStart(first, i) {
			continue
		}
		w.subject, w.object, w.date = nil, nil, [2]int{-1, -1}
		w.first = i
		if w.seq(p.nodes, i, func(pos int) bool { w.last = pos - 1; return true }) {
			w.matched = true
			dst = w.evidence(si, dst)
		}
	}
	return dst
}

// canStart reports whether a match may begin with n at token i.
func (w *window) canStart(n node, i int) bool {
	switch {
	case n.kind == schema.Word:
		return w.d.Tokens[i].Fold == n.word
	case n.kind == schema.Slot && n.slot != "date":
		return w.at[i] >= 0 || i+1 < w.end && w.at[i+1] >= 0 && w.d.Tokens[i].Fold == "the"
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
	n, rest := nodes[0], nodes[1:]
	next := func(p int) bool { return w.seq(rest, p, k) }
	switch n.kind {
	case schema.Word:
		if pos < w.end && w.d.Tokens[pos].Fold == n.word {
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
			end := w.dateAt(pos)
			if end < 0 {
				w.failed(n, pos, "no date here")
				return false
			}
			w.date = [2]int{pos, end}
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
	antecedent Span         // for a resolved reference
	others     []antecedent // its further fitting antecedents, nearest first
}

// slot matches a mention of a fitting entity at pos, with the mentions
// coordinated with it; it tries the longest coordination first.
func (w *window) slot(n node, pos int, next func(int) bool) bool {
	name := n.slot
	types, names := w.rule.subjectOK, w.rule.subject
	if name == "object" {
		types, names = w.rule.objectOK, w.rule.object
	}
	if pos < w.end && w.at[pos] < 0 && w.d.Tokens[pos].Fold == "the" {
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
			e, _ := w.m.file.Entity(w.mentions[mi].Entity)
			w.failed(n, pos, fmt.Sprintf("%s has type %s, not %s", w.mentions[mi].Entity, e.Type, strings.Join(names, " or ")))
		}
		return false
	}
	chain := []filler{f}
	for !w.rule.single[name] {
		f, ok := w.conjunct(w.mentions[chain[len(chain)-1].mention].End, types)
		if !ok {
			break
		}
		chain = append(chain, f)
	}
	for c := len(chain); c > 0; c-- {
		if name == "subject" {
			w.subject = chain[:c]
		} else {
			w.object = chain[:c]
		}
		if next(w.mentions[chain[c-1].mention].End) {
			return true
		}
	}
	if name == "subject" {
		w.subject = nil
	} else {
		w.object = nil
	}
	return false
}

// conjunct finds a mention coordinated with the one ending at pos: after
// "," directly, or after "and", "or" or ", and" and a few descriptive
// words ("and e-commerce company Meituan"), none of which may start a
// clause or a phrase of its own.
func (w *window) conjunct(pos int, types []bool) (filler, bool) {
	toks := w.d.Tokens
	p := pos
	if p < w.end && toks[p].Fold == "," {
		p++
	}
	described := false
	if p < w.end && (toks[p].Fold == "and" || toks[p].Fold == "or") {
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
			if toks[p].Fold == "the" {
				continue
			}
			return filler{}, false // ", which functions like eBay"
		}
		if toks[p].Fold == "-" {
			continue
		}
		if conjunctStop[toks[p].Fold] {
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
// fits by its entity's type; a reference by the nearest of its antecedents
// that fits, so "its listing" skips a nearer agency when a company is wanted.
func (w *window) fit(mi int, types []bool) (filler, bool) {
	mn := w.mentions[mi]
	if !mn.Reference {
		return filler{mention: mi, entity: mn.Entity}, types[w.m.entityType[mn.entity]]
	}
	var f filler
	for _, a := range mn.antecedents {
		if !types[w.m.entityType[a.index]] {
			continue
		}
		if f.entity == "" {
			f = filler{mention: mi, entity: a.entity, antecedent: a.span}
		} else {
			f.others = append(f.others, a)
		}
	}
	return f, f.entity != ""
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
			if o.entity != a.entity { // a and b share the entity here
				x.entity, x.antecedent = o.entity, o.span
				return a, b, true
			}
		}
	}
	return a, b, false
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// dateAt matches a date at pos and returns the position after it, or -1:
// a year (2017), or a capitalised month with an optional day and year
// ("May", "Oct. 24", "March 2018", "Nov 11, 2016").
func (w *window) dateAt(pos int) int {
	toks := w.d.Tokens
	if pos >= w.end {
		return -1
	}
	if isYear(toks[pos].Fold) {
		return pos + 1
	}
	if !months[toks[pos].Fold] || !titleCase(w.d.TokenText(pos)) {
		return -1
	}
	p := pos + 1
	if p < w.end && toks[p].Fold == "." {
		p++
	}
	if p < w.end && isDay(toks[p].Fold) {
		p++
		if p+1 < w.end && toks[p].Fold == "," && isYear(toks[p+1].Fold) {
			p++
		}
	}
	if p < w.end && isYear(toks[p].Fold) {
		p++
	}
	if p == pos+2 && toks[pos+1].Fold == "." {
		p-- // "Oct." alone: the full stop is not part of the date
	}
	return p
}

func isYear(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && len(s) == 4 && n >= 1900 && n <= 2099
}

func isDay(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && len(s) <= 2 && n >= 1 && n <= 31
}

// evidence turns the match in progress into one evidence per subject and
// object pair.
func (w *window) evidence(si int, dst []Evidence) []Evidence {
	d := w.d
	ei := d.sentenceOf(w.last)
	first, last := d.Sentences[si], d.Sentences[ei]
	modality := w.modality()
	date := ""
	if w.date[0] >= 0 {
		date = d.Text[d.Tokens[w.date[0]].Start:d.Tokens[w.date[1]-1].End]
	}
	for _, s := range w.subject {
		for _, o := range w.object {
			s, o, ok := distinct(s, o)
			if !ok {
				continue
			}
			ev := Evidence{
				Fact:         Fact{Subject: s.entity, Predicate: w.rule.Predicate, Object: o.entity, Modality: modality},
				Doc:          d.ID,
				Sentence:     d.Text[first.Start:last.End],
				SentenceSpan: d.RawSpan(first.Start, last.End),
				Span:         d.RawSpan(d.Tokens[w.first].Start, d.Tokens[w.last].End),
				Rule:         w.rule.ID,
				RulePos:      w.rule.Pos,
				Date:         date,
			}
			for _, x := range []struct {
				slot string
				f    filler
			}{{"subject", s}, {"object", o}} {
				if mn := w.mentions[x.f.mention]; mn.Reference {
					ev.Resolved = append(ev.Resolved, Resolution{
						Slot: x.slot, Text: d.mentionText(mn), Span: mn.Span,
						Entity: x.f.entity, Antecedent: x.f.antecedent,
					})
				}
			}
			dst = append(dst, ev)
		}
	}
	return dst
}

// modality looks for negation and hedge cues among the matched tokens that
// are not part of a mention or the date: a negation wins over a hedge.
func (w *window) modality() Modality {
	inMention := func(i int) bool {
		if i >= w.date[0] && i < w.date[1] {
			return true // "in May" is a month, not a hedge
		}
		for _, list := range [][]filler{w.subject, w.object} {
			for _, f := range list {
				if mn := w.mentions[f.mention]; i >= mn.First && i < mn.End {
					return true
				}
			}
		}
		return false
	}
	found := func(cues [][]string) bool {
		for i := w.first; i <= w.last; i++ {
			if inMention(i) {
				continue
			}
			for _, c := range cues {
				if i+len(c)-1 <= w.last && w.tokensAre(i, c) && !w.properNoun(i) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case found(w.m.negation):
		return Negated
	case found(w.m.hedge):
		return Hedged
	}
	return Asserted
}

// properNoun reports whether token i is capitalised (not all in capitals)
// inside a sentence, as the month "May" is and the modal "may" or "MAY" is not.
func (w *window) properNoun(i int) bool {
	return titleCase(w.d.TokenText(i)) && i != w.d.Sentences[w.d.sentenceOf(i)].First
}

// titleCase reports whether s starts with a capital followed by lower case.
func titleCase(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) && n < len(s) && strings.IndexFunc(s[n:], unicode.IsUpper) < 0
}

func (w *window) tokensAre(i int, folded []string) bool {
	for k, f := range folded {
		if w.d.Tokens[i+k].Fold != f {
			return false
		}
	}
	return true
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
