package extract

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxGap is how many tokens between two mentions a Pair keeps as its
// wording; the pairs with a longer gap are grouped together as LongGap.
const MaxGap = 8

// LongGap is PairGroup.Between for mentions more than MaxGap tokens apart.
const LongGap = "…"

// Candidates collects, over the documents of a corpus, what the rules
// miss: capitalised names and acronyms that no mention covers, and pairs
// of entities that share a sentence no rule found anything in. They are
// starting points for new entities, aliases and rules.
//
// A name is a run of capitalised words in one sentence, none of them part
// of a mention: a word starts with an upper-case letter ("Trivium",
// "CEOs", "MIIT"), and an initial or a title takes its full stop ("K.",
// "U.S.", "Mr."). Inside a run, between two capitalised words, these join:
// "of", "for", "of the", "for the", "&", a possessive "'s" written
// without a space ("People's Daily"), a hyphen written without spaces
// ("Xinjiang-Uygur"), and "and" once the run has an "of" or a "for"
// ("Ministry of Industry and Information Technology"), so that "Baidu and
// Sogou" stay two names. A name is an acronym if it has two capitals or
// more and no lower-case letter.
//
// Where the position alone may capitalise a word (first in a sentence, or
// after an opening quote, a bracket, a colon or a dash) a run loses a
// first word that is a function word ("The Big Tech Crackdown"), and a
// run of one word is kept only if the word is also seen capitalised
// elsewhere in the corpus ("Similarly" is not; "Baidu" is). A name of one
// word is dropped if the word is part of an entity's name or alias or of
// a reference word ("Ministry", "Bank"), a month or a weekday, a title, a
// function word or a single letter.
//
// A pair is two mentions of different entities, next to each other among
// the mentions of a sentence (names and resolved references), in a
// sentence where no evidence was found. Its wording is the tokens between
// them in lower case, without a "the" right before the second, which a
// slot takes with the name. Mentions with nothing between them ("their
// Chinese counterparts") are one phrase, and mentions joined only by a
// coordination ("and", ",", ", and", "or") a list: neither is a pair.
type Candidates struct {
	m         *Matcher
	nameWords map[string]bool // folded words of entity names, aliases and reference words
	aliases   [][]string      // folded tokens of every name and alias, for PartOf
	aliasOf   []int           // entity index of each of aliases
	midCaps   map[string]bool // capitalised words seen where the position does not capitalise
	runs      []run
	pairs     map[pairKey]*PairGroup
	pairDocs  map[pairKey]map[string]bool
	ignore    ignorer // the rule file's ignore section
	// IgnoredPairs counts the pairs the rule file's ignore section left out.
	IgnoredPairs int
	// IgnoredNames counts the distinct names it left out (after Names).
	IgnoredNames int
}

// run is one capitalised run, before the first word of one at the start of
// a sentence is judged.
type run struct {
	words     []string // tokens, as written
	starts    []int    // byte offset of each token in the sentence text
	rawStarts []int    // and in the file on disk
	initial   bool     // at a position that capitalises any word
	headline  bool     // in a headline (see headline)
	at        Sighting // End is that of the last word
}

type pairKey struct {
	a, b    string // types
	between string
}

// Name is a capitalised name or acronym that no mention covers.
type Name struct {
	Text    string // as written, with single spaces
	Acronym bool   // capitals only: "MIIT", "U.S."
	Count   int    // times seen
	Docs    int    // documents it was seen in
	// PartOf is the id of the first entity one of whose names holds the
	// name's words in a row ("cac" for "Cyberspace Administration"), or "".
	PartOf    string
	Example   Sighting // the first sighting, in the order documents were added
	Headlines int      // sightings in a headline
	Score     float64  // see the constants of candidates_score.go
}

// Sighting is a place in a sentence.
type Sighting struct {
	Doc      string // Document.ID
	Sentence int    // index into Document.Sentences (0-based)
	Text     string // the normalised text of the sentence
	// Start and End delimit what was seen in Text: bytes, End exclusive.
	Start, End int
	Span       Span // the same in the file on disk
}

// PairGroup is the pairs whose mentions have the same types and the same
// words between them.
type PairGroup struct {
	Types [2]string // the entity types of the two mentions, in text order
	// Between is the tokens between the mentions, in lower case, joined by
	// spaces, or LongGap.
	Between string
	Count   int // pairs in the group
	Named   int // of which pairs of two names, no resolved reference
	Docs    int // documents they are in
	// Example is the two mentions of the group's first pair, in one
	// sentence, and Entities their entities.
	Example    [2]Sighting
	Entities   [2]string
	References [2]bool // whether each is a resolved reference ("it")
	Breaks     int     // clause breaks in Between
	Headlines  int     // pairs in a headline
	Score      float64 // see the constants of candidates_score.go
}

// NewCandidates returns an empty collection for the documents m extracts.
func (m *Matcher) NewCandidates() *Candidates {
	c := &Candidates{
		m:         m,
		nameWords: make(map[string]bool),
		midCaps:   make(map[string]bool),
		pairs:     make(map[pairKey]*PairGroup),
		pairDocs:  make(map[pairKey]map[string]bool),
		ignore:    newIgnorer(m),
	}
	for i, e := range m.entities {
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			ws := foldAll(words(name))
			for _, w := range ws {
				c.nameWords[w] = true
			}
			c.aliases = append(c.aliases, ws)
			c.aliasOf = append(c.aliasOf, i)
		}
	}
	for _, r := range m.file.References {
		for _, w := range r.Words {
			for _, t := range foldAll(words(w)) {
				c.nameWords[t] = true
			}
		}
	}
	return c
}

// Add collects the candidates of one extracted document.
func (c *Candidates) Add(r *Result) {
	d := r.Doc
	covered := make([]bool, len(d.Tokens))
	for _, mn := range r.Mentions {
		for i := mn.First; i < mn.End; i++ {
			covered[i] = true
		}
	}
	for si := range d.Sentences {
		c.names(d, si, covered)
	}
	c.addPairs(r, sentencesWithEvidence(r))
}

// names finds the capitalised runs of sentence si that no mention covers.
func (c *Candidates) names(d *Document, si int, covered []bool) {
	s := d.Sentences[si]
	text := d.Text[s.Start:s.End]
	initial := initials(d, s)
	for i := s.First; i < s.EndTok; i++ {
		if !initial[i-s.First] && nameWord(d, i) {
			c.midCaps[d.TokenText(i)] = true
		}
	}
	for i := s.First; i < s.EndTok; {
		if covered[i] || !nameWord(d, i) {
			i++
			continue
		}
		last, hasOf := i, false
		for k := i + 1; k < s.EndTok && !covered[k]; {
			if nameWord(d, k) {
				last = k
				k++
				continue
			}
			n := joiner(d, k, s.EndTok, hasOf)
			if n == 0 || k+n >= s.EndTok || slices.Contains(covered[k:k+n+1], true) || !nameWord(d, k+n) {
				break
			}
			if f := d.Tokens[k].Fold; f == "of" || f == "for" {
				hasOf = true
			}
			k += n
		}
		if last+1 < s.EndTok && !covered[last+1] && d.Tokens[last+1].Fold == "." && adjacent(d.Tokens, last) &&
			(isInitial(d.TokenText(last)) || isTitle(d.TokenText(last))) {
			last++ // "U.S.", "Mr."
		}
		rn := run{initial: initial[i-s.First], headline: headline(d, si)}
		for k := i; k <= last; k++ {
			rn.words = append(rn.words, d.TokenText(k))
			rn.starts = append(rn.starts, d.Tokens[k].Start-s.Start)
			rn.rawStarts = append(rn.rawStarts, d.RawSpan(d.Tokens[k].Start, d.Tokens[k].End).Start)
		}
		start, end := d.Tokens[i].Start, d.Tokens[last].End
		rn.at = Sighting{Doc: d.ID, Sentence: si, Text: text, Start: start - s.Start, End: end - s.Start, Span: d.RawSpan(start, end)}
		c.runs = append(c.runs, rn)
		i = last + 1
	}
}

// nameWord reports whether token i can be a word of a name: it starts
// with an upper-case letter.
func nameWord(d *Document, i int) bool {
	r, _ := utf8.DecodeRuneInString(d.TokenText(i))
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// joiner returns how many tokens from k join two capitalised words of a
// name, or 0.
func joiner(d *Document, k, end int, hasOf bool) int {
	t := d.Tokens
	switch t[k].Fold {
	case "of", "for":
		if k+1 < end && t[k+1].Fold == "the" {
			return 2
		}
		return 1
	case "&":
		return 1
	case "and":
		if hasOf {
			return 1
		}
	case "'s":
		if adjacent(t, k-1) {
			return 1
		}
	case "-", ".":
		// "Guizhou-Cloud"; "Eugene K. Chow", "U.S.", "Mr. Xi"
		if k+1 < end && adjacent(t, k-1) && (t[k].Fold == "-" && adjacent(t, k) ||
			t[k].Fold == "." && (isInitial(d.TokenText(k-1)) || isTitle(d.TokenText(k-1)))) {
			return 1
		}
	}
	return 0
}

// initials tells for each token of sentence s whether it stands where
// any word is capitalised: first in the sentence, or after an opening
// quote, a bracket, a colon or a dash, and punctuation only.
func initials(d *Document, s Sentence) []bool {
	out := make([]bool, s.EndTok-s.First)
	initial := true
	for k := s.First; k < s.EndTok; k++ {
		out[k-s.First] = initial
		switch f := d.Tokens[k].Fold; f {
		case `"`, "'", "(", "[", ":", ";", "…":
			initial = true
		case "-":
			if !(k > s.First && adjacent(d.Tokens, k-1) && k+1 < s.EndTok && adjacent(d.Tokens, k)) {
				initial = true // a dash, not the hyphen of "Guizhou-Cloud"
			}
		default:
			if r, _ := utf8.DecodeRuneInString(f); unicode.IsLetter(r) || unicode.IsNumber(r) {
				initial = false
			}
		}
	}
	return out
}

func isTitle(w string) bool {
	switch w {
	case "Mr", "Mrs", "Ms", "Dr", "Prof":
		return true
	}
	return false
}

// functionWords are words that start many sentences and are never a name
// on their own, for a corpus too small to show them in lower case.
var functionWords = setOf("a an the and or but nor so yet if as at by for from in into of off on onto out over to up with " +
	"about after against along among around before behind below beneath beside between beyond despite during except " +
	"inside near since through throughout toward towards under until upon via within without " +
	"although because though unless whereas whether while when whenever where wherever " +
	"this that these those it its he his him she her they their them we our us you your i my me " +
	"there here then thus hence however moreover also still even just only not no yes " +
	"what which who whom whose why how all any both each either every few many more most much neither " +
	"none one other same several some such than too very")

// notNames are capitalised words that are never a name on their own.
var notNames = setOf("january february march april may june july august september october november december " +
	"jan feb mar apr jun jul aug sep sept oct nov dec " +
	"monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr prof i'm i've i'd i'll")

func setOf(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Names returns the names collected, most often seen first, then by text.
func (c *Candidates) Names() []Name {
	byText := make(map[string]*Name)
	docs := make(map[string]map[string]bool)
	var order []string
	for _, rn := range c.runs {
		words, starts, rawStarts, at := rn.words, rn.starts, rn.rawStarts, rn.at
		if rn.initial {
			if f := strings.ToLower(words[0]); functionWords[f] {
				words, starts, rawStarts = words[1:], starts[1:], rawStarts[1:]
				for len(words) > 0 && !startsUpper(words[0]) {
					words, starts, rawStarts = words[1:], starts[1:], rawStarts[1:] // "Of the" after "For"
				}
				if len(words) == 0 {
					continue
				}
				at.Start, at.Span.Start = starts[0], rawStarts[0]
			} else if len(words) == 1 && !c.midCaps[words[0]] && !isAcronym(words) {
				continue // "Similarly", "Meanwhile": never capitalised but first
			}
		}
		if !c.isName(words) {
			continue
		}
		text := strings.Join(strings.Fields(at.Text[at.Start:at.End]), " ")
		if c.ignore.name(text) {
			if byText[text] == nil {
				c.IgnoredNames++
				byText[text] = &Name{} // counted once
				docs[text] = map[string]bool{}
			}
			continue
		}
		n := byText[text]
		if n == nil {
			n = &Name{Text: text, Acronym: isAcronym(words), PartOf: c.partOf(words), Example: at}
			byText[text] = n
			docs[text] = make(map[string]bool)
			order = append(order, text)
		}
		n.Count++
		if rn.headline {
			n.Headlines++
		}
		docs[text][at.Doc] = true
	}
	out := make([]Name, 0, len(order))
	for _, text := range order {
		n := byText[text]
		n.Docs = len(docs[text])
		n.score(len(strings.Fields(n.Text)))
		out = append(out, *n)
	}
	slices.SortStableFunc(out, func(a, b Name) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Count, a.Count), cmp.Compare(a.Text, b.Text))
	})
	return out
}

// isName reports whether the words of a run, as cut, can be a name.
func (c *Candidates) isName(words []string) bool {
	var word []string // words with letters
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLetter(r) {
			word = append(word, w)
		}
	}
	switch {
	case len(word) == 0:
		return false
	case len(words) > 1 && len(word) > 1:
		return true
	}
	f := strings.ToLower(word[0])
	if utf8.RuneCountInString(f) == 1 && len(words) == len(word) {
		return false // "I", "A"
	}
	if isAcronym(words) && len(words) > 1 {
		return true // "U.S."
	}
	return !c.nameWords[f] && !notNames[f] && !functionWords[f] && utf8.RuneCountInString(f) > 1
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// isAcronym reports whether the words are capitals, digits and full stops
// only, with at least two capitals.
func isAcronym(words []string) bool {
	caps := 0
	for _, w := range words {
		for _, r := range w {
			switch {
			case unicode.IsUpper(r):
				caps++
			case r == '.' || unicode.IsDigit(r):
			default:
				return false
			}
		}
	}
	return caps >= 2
}

// partOf returns the id of the first entity with a name or alias that
// holds the words in a row, for a run of two or more words.
func (c *Candidates) partOf(words []string) string {
	if len(words) < 2 {
		return ""
	}
	fw := foldAll(slices.Clone(words))
	for i, a := range c.aliases {
		for k := 0; k+len(fw) <= len(a); k++ {
			if slices.Equal(a[k:k+len(fw)], fw) {
				return c.m.entities[c.aliasOf[i]].ID
			}
		}
	}
	return ""
}

// sentencesWithEvidence marks the sentences some evidence of r was found in.
func sentencesWithEvidence(r *Result) []bool {
	d := r.Doc
	has := make([]bool, len(d.Sentences))
	raw := make([]Span, len(d.Sentences))
	for i, s := range d.Sentences {
		raw[i] = d.RawSpan(s.Start, s.End)
	}
	for _, e := range r.Evidence {
		i, _ := slices.BinarySearchFunc(raw, e.SentenceSpan.Start, func(s Span, start int) int {
			return cmp.Compare(s.End, start+1)
		})
		for ; i < len(raw) && raw[i].Start < e.SentenceSpan.End; i++ {
			has[i] = true
		}
	}
	return has
}

// coordination lists the wordings between two mentions that make a list.
var coordination = map[string]bool{"and": true, "or": true, ",": true, ", and": true, ", or": true, "&": true, "/": true}

// addPairs groups the neighbouring mentions of different entities in the
// sentences of r that have no evidence. Mentions that touch ("their
// Chinese counterparts") are one phrase, not two things related, and are
// left out with the lists.
func (c *Candidates) addPairs(r *Result, hasEvidence []bool) {
	d := r.Doc
	ms := r.Mentions
	for i := 0; i+1 < len(ms); i++ {
		a, b := ms[i], ms[i+1]
		if a.Sentence != b.Sentence || hasEvidence[a.Sentence] || a.Entity == b.Entity || a.End == b.First {
			continue
		}
		end := b.First
		if end-1 > a.End && d.Tokens[end-1].Fold == "the" {
			end-- // a slot takes "the" with the name: "fined by the CAC" is "fined by SAMR"
		}
		between := LongGap
		if end-a.End <= MaxGap {
			ws := make([]string, 0, end-a.End)
			for _, t := range d.Tokens[a.End:end] {
				ws = append(ws, t.Fold)
			}
			between = strings.Join(ws, " ")
		}
		if coordination[between] {
			continue
		}
		ta, tb := c.m.file.Types[a.typ].ID, c.m.file.Types[b.typ].ID // found entities have no Entity
		if c.ignoredPair(a.Entity, b.Entity, ta, tb, between) {
			c.IgnoredPairs++
			continue
		}
		k := pairKey{ta, tb, between}
		g := c.pairs[k]
		if g == nil {
			g = &PairGroup{
				Types:      [2]string{ta, tb},
				Between:    between,
				Entities:   [2]string{a.Entity, b.Entity},
				References: [2]bool{a.Reference, b.Reference},
				Example:    [2]Sighting{mentionSighting(d, a), mentionSighting(d, b)},
			}
			c.pairs[k] = g
			c.pairDocs[k] = make(map[string]bool)
		}
		named := !a.Reference && !b.Reference
		if named && g.Named == 0 && g.Count > 0 {
			// Two names make a clearer example than a reference.
			g.Entities = [2]string{a.Entity, b.Entity}
			g.References = [2]bool{}
			g.Example = [2]Sighting{mentionSighting(d, a), mentionSighting(d, b)}
		}
		if named {
			g.Named++
		}
		if headline(d, a.Sentence) {
			g.Headlines++
		}
		g.Count++
		c.pairDocs[k][d.ID] = true
	}
}

func mentionSighting(d *Document, mn Mention) Sighting {
	s := d.Sentences[mn.Sentence]
	start, end := d.Tokens[mn.First].Start, d.Tokens[mn.End-1].End
	return Sighting{Doc: d.ID, Sentence: mn.Sentence, Text: d.Text[s.Start:s.End], Start: start - s.Start, End: end - s.Start, Span: mn.Span}
}

// Pairs returns the groups of pairs collected, those of long gaps after
// all others, each by score (the highest first; see candidates_score.go),
// then the largest first, then those with the most pairs of two names
// (references are often resolved wrongly), then the shortest wording,
// then by types and wording.
func (c *Candidates) Pairs() []PairGroup {
	out := make([]PairGroup, 0, len(c.pairs))
	for k, g := range c.pairs {
		g.Docs = len(c.pairDocs[k])
		g.Breaks = 0
		g.score()
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b PairGroup) int {
		return cmp.Or(
			cmp.Compare(boolInt(a.Between == LongGap), boolInt(b.Between == LongGap)),
			cmp.Compare(b.Score, a.Score),
			cmp.Compare(b.Count, a.Count),
			cmp.Compare(b.Named, a.Named),
			cmp.Compare(strings.Count(a.Between, " "), strings.Count(b.Between, " ")),
			cmp.Compare(a.Types[0], b.Types[0]),
			cmp.Compare(a.Types[1], b.Types[1]),
			cmp.Compare(a.Between, b.Between),
		)
	})
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
