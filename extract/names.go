package extract

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/graphbuild/graphbuild/schema"
)

// nameFinder finds names the rule file does not list (schema.NameRule),
// and person names right after a title when the roles declare a type.
type nameFinder struct {
	rules     []schema.NameRule
	types     []int             // type index of each rule
	heads     *trieNode         // folded tokens; phrase.entity is the rule
	starts    *trieNode         // likewise
	nouns     map[string][]noun // by the folded last token of a noun
	headWords map[string]bool   // folded one-token heads, which shorter forms drop
	persons   bool              // find names after titles
	personTyp int
}

// Bits of trieNode.cues on the first level of Matcher.phrases: what a
// word may start (a title, a start, a head) or end (a noun), so that the
// lookup that finds names tells the name rules where to look.
const (
	titleFirst uint8 = 1 << iota
	startFirst
	headFirst
	nounLast
)

type noun struct {
	tokens []string // folded
	rule   int
}

// foundSpan is a name found in the text: tokens [first, end), by rule
// (-1: after a title).
type foundSpan struct {
	first, end int
	rule       int
}

// listCues introduce the members of a list after a plural noun: "firms
// including A, B and C".
var listCues = [][]string{{"including"}, {"such", "as"}, {"like"}, {"include"}, {"includes"}}

func (m *Matcher) compileNames(typeIndex map[string]int) {
	f := m.file
	if len(f.Names) == 0 && f.Roles.Type == "" {
		return
	}
	nf := &nameFinder{heads: &trieNode{}, starts: &trieNode{}, nouns: make(map[string][]noun), headWords: make(map[string]bool)}
	for i, r := range f.Names {
		nf.rules = append(nf.rules, r)
		nf.types = append(nf.types, typeIndex[r.Type])
		for _, h := range r.Heads {
			ws := words(h)
			nf.heads.insert(phrase{tokens: ws, entity: i, ref: -1})
			if ws = foldAll(ws); len(ws) == 1 || len(ws) == 2 && ws[1] == "." {
				nf.headWords[ws[0]] = true
			}
		}
		for _, s := range r.Starts {
			nf.starts.insert(phrase{tokens: words(s), entity: i, ref: -1})
		}
		for _, n := range r.Nouns {
			ws := foldAll(words(n))
			if len(ws) == 0 {
				continue
			}
			pl := append(append([]string(nil), ws[:len(ws)-1]...), strings.ToLower(schema.Plural(ws[len(ws)-1])))
			for _, form := range [][]string{ws, pl} {
				last := form[len(form)-1]
				nf.nouns[last] = append(nf.nouns[last], noun{form, i})
			}
		}
	}
	if f.Roles.Type != "" && m.titles != nil {
		nf.persons, nf.personTyp = true, typeIndex[f.Roles.Type]
	}
	cue := func(w string, bit uint8) {
		c := m.phrases.next[w]
		if c == nil {
			c = &trieNode{}
			if m.phrases.next == nil {
				m.phrases.next = make(map[string]*trieNode)
			}
			m.phrases.next[w] = c
		}
		c.cues |= bit
	}
	for w := range nf.heads.next {
		cue(w, headFirst)
	}
	for w := range nf.starts.next {
		cue(w, startFirst)
	}
	for w := range nf.nouns {
		cue(w, nounLast)
	}
	if nf.persons {
		for w := range m.titles.forward.next {
			cue(w, titleFirst)
		}
	}
	m.names = nf
}

// discover finds the names of document d that no name of the rule file
// covers, given the chosen candidates cands. It returns the entities they
// are and one candidate per occurrence of each of their forms, in text
// order; a name that is a listed name followed by heads ("Tencent
// Holdings") is a candidate of the listed entity.
func (m *Matcher) discover(d *Document, cands []candidate, cues []uint8) ([]Found, []candidate) {
	nf := m.names
	listed := make([]int32, len(d.Tokens)) // token → 1 + index in cands of the listed name there
	for ci, c := range cands {
		if c.entity >= 0 {
			for i := c.first; i < c.end; i++ {
				listed[i] = int32(ci) + 1
			}
		}
	}
	var spans []foundSpan
	for si := range d.Sentences {
		spans = nf.sentence(d, si, listed, cues, cands, m.titles, spans)
	}
	if len(spans) == 0 {
		return nil, nil
	}
	var extra []candidate
	var named []foundSpan // found names, not listed ones
	for _, sp := range spans {
		if ci := listed[sp.first] - 1; ci >= 0 && cands[ci].first < sp.first {
			continue // it cuts into a listed name
		}
		if ci := listed[sp.end-1] - 1; ci >= 0 && cands[ci].end > sp.end {
			continue
		}
		if e := m.listedEntity(d, sp.first, sp.end); e >= 0 {
			// the name of a listed entity, in another case ("Tiktok")
			if ci := listed[sp.first] - 1; ci < 0 || cands[ci].first != sp.first || cands[ci].end != sp.end {
				extra = append(extra, candidate{first: sp.first, end: sp.end, entity: e, ref: -1, order: 1 << 28})
			}
			continue
		}
		if ci := listed[sp.end-1] - 1; ci >= 0 && sp.rule >= 0 && cands[ci].end == sp.end && cands[ci].first > sp.first && m.fitsRule(cands[ci].entity, sp.rule) {
			continue // "Chinese State Administration for Market Regulation": a listed name with a word before it
		}
		if ci := listed[sp.first] - 1; ci >= 0 && sp.rule >= 0 {
			c := cands[ci]
			if c.first == sp.first && c.end <= sp.end && nf.onlyHeads(d, c.end, sp.end) && m.fitsRule(c.entity, sp.rule) {
				if c.end < sp.end {
					extra = append(extra, candidate{first: sp.first, end: sp.end, entity: c.entity, ref: -1, order: c.order})
				}
				continue
			}
		}
		named = append(named, sp)
	}
	found := m.foundEntities(d, named, cands, listed)
	extra = append(extra, m.formCandidates(d, found)...)
	sort.SliceStable(extra, func(a, b int) bool { return extra[a].first < extra[b].first })
	return found, extra
}

// fitsRule reports whether a listed entity has the type of a name rule,
// or a type that descends from it or that it descends from.
func (m *Matcher) fitsRule(entity, rule int) bool {
	t, want := m.file.Types[m.entityType[entity]].ID, m.names.rules[rule].Type
	return m.file.IsA(t, want) || m.file.IsA(want, t)
}

// onlyHeads reports whether tokens [i, end) are heads and full stops only.
func (nf *nameFinder) onlyHeads(d *Document, i, end int) bool {
	for ; i < end; i++ {
		if f := d.Tokens[i].Fold; !nf.headWords[f] && f != "." {
			return false
		}
	}
	return true
}

// sentence appends the names found in sentence si to dst.
func (nf *nameFinder) sentence(d *Document, si int, listed []int32, cues []uint8, cands []candidate, titles *titleSet, dst []foundSpan) []foundSpan {
	s := d.Sentences[si]
	end := s.EndTok
	toks := d.Tokens
	// exactly reports whether [first, end) is one listed name.
	exactly := func(first, last int) bool {
		ci := listed[first] - 1
		return ci >= 0 && cands[ci].first == first && cands[ci].end == last
	}
	for i := s.First; i < end; i++ {
		// A person after a title: "Premier Li Keqiang".
		if cues[i]&titleFirst != 0 {
			if t := titles.after(d, i, end); t > i {
				k, words := t, 0
				for k < end && words < 3 && nameWord(d, k) && listed[k] == 0 && !nf.headWords[toks[k].Fold] && !notNames[toks[k].Fold] {
					k++
					words++
					if k+1 < end && toks[k].Fold == "." && isInitial(d.TokenText(k-1)) && nameWord(d, k+1) {
						k++ // "Donald J. Trump"
					}
				}
				if words >= 2 && (k == end || !nameWord(d, k)) {
					dst = append(dst, foundSpan{t, k, -1})
				}
			}
		}
		// A start: "Ministry of Commerce", "Provisions on the Management of …".
		if cues[i]&startFirst != 0 && nameWord(d, i) {
			if st, rule := longest(nf.starts, d, i, end); st > i {
				p := st
				if p < end && toks[p].Fold == "the" {
					p++
				}
				if re := nameRun(d, p, end, true); re > p {
					dst = append(dst, foundSpan{i, re, rule})
				}
			}
		}
		// A list: "firms including A, B and C".
		if i > s.First && (cues[i-1]&nounLast != 0 || i-1 > s.First && cues[i-2]&nounLast != 0) {
			rule := nf.nounBefore(d, i)
			if p := cueAt(d, i, end); rule >= 0 && p > i {
				for p < end && nameWord(d, p) {
					re := nameRun(d, p, end, false)
					if !exactly(p, re) {
						dst = append(dst, foundSpan{p, re, rule})
					}
					p = re
					if p < end && toks[p].Fold == "," {
						p++
					}
					if p < end && (toks[p].Fold == "and" || toks[p].Fold == "or") {
						p++
					}
				}
			}
		}
	}
	// Runs of capitalised words, with heads, in apposition or after a noun.
	headedTo := s.First
	for i := s.First; i < end; {
		if !nameWord(d, i) {
			i++
			continue
		}
		re := nameRun(d, i, end, false)
		fs := i
		for fs < re && (functionWords[toks[fs].Fold] || notNames[toks[fs].Fold]) {
			fs++
		}
		for fs < re && !nameWord(d, fs) {
			fs++ // "Of the" after a dropped "For"
		}
		if fs < re && fs >= headedTo {
			// A head may end a run with "and" in it ("National Development
			// and Reform Commission"), but not after a listed name or a head
			// ("Alibaba and Tencent Holdings"); nor does a listed name and
			// "of" start one ("Mu Changchun of the Digital Currency Research
			// Institute").
			hs, he := fs, nameRun(d, fs, end, true)
			for k := fs; k < he; k++ {
				f := toks[k].Fold
				if f == "and" && k > hs && (listed[k-1] > 0 || nf.headWords[toks[k-1].Fold]) {
					if k >= re {
						he = k
						break
					}
					hs = k + 1
				}
				if ci := listed[k] - 1; ci >= 0 && cands[ci].end < he {
					if e := cands[ci].end; toks[e].Fold == "of" || toks[e].Fold == "for" {
						hs = e + joiner(d, e, end, false)
					}
				}
			}
			if hs < he {
				headedTo = he
				dst = nf.headed(d, hs, he, end, cues, dst)
			}
			if !exactly(fs, re) {
				if rule := nf.apposition(d, re, end, cues); rule >= 0 {
					dst = append(dst, foundSpan{fs, re, rule})
				} else if fs > s.First && fs == i && cues[fs-1]&nounLast != 0 {
					if rule := nf.nounEndingAt(d, fs-1); rule >= 0 {
						dst = append(dst, foundSpan{fs, re, rule})
					}
				}
			}
		}
		i = re
	}
	return dst
}

// headed appends the name in run [fs, re) that ends in a head, if any:
// through the last head, or to the end of the run when "of" or "for"
// follows it ("Cyberspace Administration of China"). At least one word
// that is no head must come before the first head.
func (nf *nameFinder) headed(d *Document, fs, re, end int, cues []uint8, dst []foundSpan) []foundSpan {
	firstHead, lastEnd, rule := -1, -1, -1
	for k := fs; k < re; k++ {
		if cues[k]&headFirst == 0 {
			continue
		}
		if he, r := longest(nf.heads, d, k, end); he > k {
			if firstHead < 0 {
				firstHead = k
			}
			lastEnd, rule = he, r
			if he < re && (d.Tokens[he].Fold == "of" || d.Tokens[he].Fold == "for") {
				// "East China University of Political Science and Law":
				// what follows "of" is the head's complement.
				lastEnd = re
				break
			}
		}
	}
	if firstHead <= fs {
		return dst
	}
	for lastEnd >= re && lastEnd < end {
		// "Co. Ltd.", "Co., Ltd.": heads after a head's full stop
		at := lastEnd
		if d.Tokens[at].Fold == "," && at+1 < end {
			at++
		}
		he, r := longest(nf.heads, d, at, end)
		if he == at {
			break
		}
		lastEnd, rule = he, r
	}
	if lastEnd == end && d.Tokens[end-1].Fold == "." && lastEnd-1 > fs {
		lastEnd-- // the sentence's full stop
	}
	return append(dst, foundSpan{fs, lastEnd, rule})
}

// longest returns the end of the longest phrase of t at token i, with
// its first token capitalised, and its rule; i when there is none.
func longest(t *trieNode, d *Document, i, end int) (int, int) {
	best, rule := i, -1
	n := t
	for j := i; j < end; j++ {
		if n = n.next[d.Tokens[j].Fold]; n == nil {
			break
		}
		if len(n.ends) > 0 {
			best, rule = j+1, n.ends[0].entity
		}
	}
	if best > i && !nameWord(d, i) {
		return i, -1
	}
	return best, rule
}

// nameRun returns the end of the run of capitalised words from token i,
// joined as candidates.go describes ("Ministry of Industry and
// Information Technology"; "and" only once the run has an "of" or "for",
// or from the start when and is set), by a hyphen to a lower-case word
// ("Internet-based Information Services") and by a full stop written
// without spaces ("Ele.me"); i if token i is not capitalised.
func nameRun(d *Document, i, end int, and bool) int {
	if i >= end || !nameWord(d, i) {
		return i
	}
	last, hasOf := i, and
	for k := i + 1; k < end; {
		if nameWord(d, k) {
			last = k
			k++
			continue
		}
		if d.Tokens[k].Fold == "-" && k+2 < end && adjacent(d.Tokens, k-1) && adjacent(d.Tokens, k) &&
			isLowerWord(d.TokenText(k+1)) && nameWord(d, k+2) {
			k += 2 // "Internet-based"
			continue
		}
		if d.Tokens[k].Fold == "." && k+1 < end && adjacent(d.Tokens, k-1) && adjacent(d.Tokens, k) && isLowerWord(d.TokenText(k+1)) {
			last, k = k+1, k+2 // "Ele.me", "Amazon.com"
			continue
		}
		n := joiner(d, k, end, hasOf)
		if n == 0 || k+n >= end || !nameWord(d, k+n) || d.Tokens[k].Fold == "'s" {
			break
		}
		if f := d.Tokens[k].Fold; f == "of" || f == "for" {
			hasOf = true
		}
		k += n
	}
	return last + 1
}

// apposition returns the rule of a noun in apposition after a run ending
// at re: ", a bike-sharing platform", ", the group-buying app"; or -1.
func (nf *nameFinder) apposition(d *Document, re, end int, cues []uint8) int {
	toks := d.Tokens
	if re+2 >= end || toks[re].Fold != "," {
		return -1
	}
	switch toks[re+1].Fold {
	case "a", "an", "the":
	default:
		return -1
	}
	for q := re + 2; q < end && q < re+7; q++ {
		if cues[q]&nounLast != 0 {
			if rule := nf.nounEndingAt(d, q); rule >= 0 {
				return rule
			}
		}
		if f := toks[q].Fold; f != "-" && !isLowerWord(d.TokenText(q)) {
			return -1
		}
	}
	return -1
}

// nounEndingAt returns the rule of a noun, written in lower case, that
// ends at token q, or -1.
func (nf *nameFinder) nounEndingAt(d *Document, q int) int {
	if q < 0 {
		return -1
	}
	ns := nf.nouns[d.Tokens[q].Fold]
	if len(ns) == 0 || !isLowerWord(d.TokenText(q)) {
		return -1
	}
	for _, n := range ns {
		first := q - len(n.tokens) + 1
		if first < 0 {
			continue
		}
		ok := true
		for k, t := range n.tokens {
			if d.Tokens[first+k].Fold != t {
				ok = false
				break
			}
		}
		if ok {
			return n.rule
		}
	}
	return -1
}

// nounBefore returns the rule of a noun that ends right before token i or
// before a comma there, or -1.
func (nf *nameFinder) nounBefore(d *Document, i int) int {
	if i-1 >= 0 && d.Tokens[i-1].Fold == "," {
		i--
	}
	return nf.nounEndingAt(d, i-1)
}

// cueAt returns the token after a list cue at i, or i.
func cueAt(d *Document, i, end int) int {
	for _, c := range listCues {
		if i+len(c) <= end {
			ok := true
			for k, w := range c {
				if d.Tokens[i+k].Fold != w {
					ok = false
					break
				}
			}
			if ok {
				return i + len(c)
			}
		}
	}
	return i
}

// isLowerWord reports whether s is a word in lower case.
func isLowerWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLower(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' {
			return false
		}
	}
	return s != ""
}

// foundEntities turns found names into entities: the longest first, each
// name that is a form of an earlier one joining it.
func (m *Matcher) foundEntities(d *Document, spans []foundSpan, cands []candidate, listed []int32) []Found {
	sort.SliceStable(spans, func(a, b int) bool {
		x, y := spans[a], spans[b]
		if lx, ly := x.end-x.first, y.end-y.first; lx != ly {
			return lx > ly
		}
		return x.first < y.first
	})
	var found []Found
	byForm := make(map[string]bool)
	for _, sp := range spans {
		text := spanText(d, sp.first, sp.end)
		if byForm[strings.ToLower(text)] {
			continue
		}
		f := Found{Name: text, Rule: schema.RolesRule, Type: m.file.Roles.Type, typ: m.names.personTyp}
		if sp.rule >= 0 {
			r := m.names.rules[sp.rule]
			f.Rule, f.Type, f.typ = r.ID, r.Type, m.names.types[sp.rule]
			f.forms = m.forms(d, sp, cands, listed)
		}
		f.ID = m.foundID(text, f.Type)
		byForm[strings.ToLower(text)] = true
		if k := slices.IndexFunc(found, func(g Found) bool { return g.ID == f.ID }); k >= 0 {
			found[k].forms = append(found[k].forms, text) // "Zhenhua-Data" after "Zhenhua Data"
			continue
		}
		var forms []string
		for _, form := range f.forms {
			if k := strings.ToLower(form); !byForm[k] {
				byForm[k] = true
				forms = append(forms, form)
			}
		}
		f.forms = forms
		found = append(found, f)
	}
	return found
}

// forms returns the shorter forms of a found name: without its trailing
// heads ("Alibaba Group Holding Ltd." → "Alibaba Group Holding",
// "Alibaba Group", "Alibaba") and without a listed name it starts with
// ("Shenzhen Zhenhua Data Technology" → "Zhenhua Data Technology",
// "Zhenhua Data"). A form that is a listed name, a lone head or a
// function word is none.
func (m *Matcher) forms(d *Document, sp foundSpan, cands []candidate, listed []int32) []string {
	var spans [][2]int
	for e := sp.end; e > sp.first; {
		if d.Tokens[e-1].Fold == "." {
			e--
			continue
		}
		if !m.names.headWords[d.Tokens[e-1].Fold] || e-1 == sp.first {
			break
		}
		e--
		spans = append(spans, [2]int{sp.first, e})
	}
	if ci := listed[sp.first] - 1; ci >= 0 && cands[ci].first == sp.first && cands[ci].end < sp.end {
		cut := cands[ci].end
		for _, s := range append([][2]int{{sp.first, sp.end}}, spans...) {
			if s[1]-cut >= 2 { // "Zhenhua Data", not "Zhenhua" nor "Music"
				spans = append(spans, [2]int{cut, s[1]})
			}
		}
	}
	var out []string
	for _, s := range spans {
		first, end := s[0], s[1]
		if !nameWord(d, first) || m.isListedName(d, first, end) {
			continue
		}
		if end-first == 1 {
			if f := d.Tokens[first].Fold; m.names.headWords[f] || functionWords[f] || notNames[f] || len(f) < 2 {
				continue
			}
		}
		out = append(out, spanText(d, first, end))
	}
	return out
}

// isListedName reports whether tokens [first, end) are a name or alias of
// the rule file, in any case.
func (m *Matcher) isListedName(d *Document, first, end int) bool {
	return m.listedEntity(d, first, end) >= 0
}

// listedEntity returns the entity that has tokens [first, end) as a name
// or alias, in any case (the first declared), or -1.
func (m *Matcher) listedEntity(d *Document, first, end int) int {
	n := m.phrases
	for j := first; j < end; j++ {
		if n = n.next[d.Tokens[j].Fold]; n == nil {
			return -1
		}
	}
	for _, p := range n.ends {
		if p.entity >= 0 {
			return p.entity
		}
	}
	return -1
}

// formCandidates returns a candidate for every occurrence of every form of
// every found entity, in exact case.
func (m *Matcher) formCandidates(d *Document, found []Found) []candidate {
	type form struct {
		tokens []string
		entity int
	}
	byFirst := make(map[string][]form)
	for k, f := range found {
		for _, text := range append([]string{f.Name}, f.forms...) {
			ws := words(text)
			if len(ws) > 0 {
				first := strings.ToLower(ws[0])
				byFirst[first] = append(byFirst[first], form{ws, len(m.entities) + k})
			}
		}
	}
	var out []candidate
	for _, s := range d.Sentences {
		for i := s.First; i < s.EndTok; i++ {
			for _, f := range byFirst[d.Tokens[i].Fold] {
				end := i + len(f.tokens)
				if end > s.EndTok {
					continue
				}
				ok := true
				for k, t := range f.tokens {
					if d.TokenText(i+k) != t {
						ok = false
						break
					}
				}
				if ok {
					out = append(out, candidate{first: i, end: end, entity: f.entity, ref: -1, order: 1<<29 + f.entity})
				}
			}
		}
	}
	return out
}

// spanText is the text of tokens [first, end) with single spaces.
func spanText(d *Document, first, end int) string {
	return strings.Join(strings.Fields(d.Text[d.Tokens[first].Start:d.Tokens[end-1].End]), " ")
}

// foundID is the id of a found entity: the slug of its name, in lower-case
// ASCII letters and digits joined by "-", with its type after it when a
// listed entity has that id.
func (m *Matcher) foundID(name, typ string) string {
	id := Slug(name)
	if _, ok := m.file.Entity(id); ok {
		id += "-" + typ
	}
	return id
}

// Slug turns a name into an entity id: lower-case ASCII letters and
// digits, each other run of characters one "-" ("Alibaba Group Holding
// Ltd." → "alibaba-group-holding-ltd"); letters with accents lose them
// where Latin-1 has them, other characters drop.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if a, ok := unaccent[r]; ok {
			r = a
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			// no ASCII form: drop it, and keep the words around it apart
			dash = true
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "name"
	}
	return b.String()
}

var unaccent = func() map[rune]rune {
	m := make(map[rune]rune)
	for base, accented := range map[rune]string{
		'a': "àáâãäåā", 'c': "çćč", 'e': "èéêëēěę", 'i': "ìíîïī", 'n': "ñń", 'o': "òóôõöøō",
		'u': "ùúûüūů", 'y': "ýÿ", 's': "śš", 'z': "źżž", 'l': "ł", 'r': "ř", 'd': "ď", 't': "ť",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// mentioned returns the found entities that are mentioned, sorted by id,
// with the forms they are mentioned by and how often.
func mentioned(d *Document, found []Found, mentions []Mention) []Found {
	if len(found) == 0 {
		return nil
	}
	index := make(map[string]int, len(found))
	for i, f := range found {
		index[f.ID] = i
	}
	aliases := make([]map[string]bool, len(found))
	for _, mn := range mentions {
		i, ok := index[mn.Entity]
		if !ok {
			continue
		}
		found[i].Count++
		if mn.Reference {
			continue
		}
		t := spanText(d, mn.First, mn.End)
		if k := strings.LastIndex(t, " ("); k > 0 && strings.HasSuffix(t, ")") {
			t = t[:k] // an acronym defined with the name
		}
		if t != found[i].Name {
			if aliases[i] == nil {
				aliases[i] = make(map[string]bool)
			}
			aliases[i][t] = true
		}
	}
	var out []Found
	for i, f := range found {
		if f.Count == 0 {
			continue
		}
		for a := range aliases[i] {
			f.Aliases = append(f.Aliases, a)
		}
		sort.Strings(f.Aliases)
		out = append(out, f)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}
