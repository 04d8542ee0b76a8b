package extract

import (
	"unicode"
	"unicode/utf8"
)

// defineAcronyms reads acronyms defined in the text: a name, listed or
// found, followed by an acronym in brackets, "the Ministry of Industry and
// Information Technology (MIIT)", makes the acronym a name of that entity
// from there to the end of the document. The bracketed acronym joins the
// name's mention, so that a list goes on after it ("the MIIT (…) and the
// CAC"). An acronym is one token of two to ten letters or digits, starting
// with a capital, with more capitals than lower-case letters, whose
// letters are the initials of the name's words in order (the first one
// first; small words such as "of" may be skipped). An acronym already
// covered by a mention stays that mention. A short form of several words,
// "(the Deep Synthesis Provisions)", is defined the same way when its words
// are words of the name (isShortFormOf); a name found for the short form
// itself becomes the long name's entity from the definition on. cands are in text order, with
// no overlaps; so is the result.
func (m *Matcher) defineAcronyms(d *Document, cands []candidate, found []Found) []candidate {
	type def struct {
		tokens []string // the short form's text, token by token
		entity int
		from   int // token after the closing bracket
	}
	var defs []def
	remap := map[int]int{} // a found short form's entity → the long name's
	toks := d.Tokens
	for ci := 0; ci < len(cands); ci++ { // the loop may drop a candidate
		c := &cands[ci]
		e := c.end
		if c.entity < 0 || e+2 >= len(toks) || toks[e].Fold != "(" || toks[e+2].Fold != ")" && !m.shortFormAt(d, e) || d.sentenceOf(e+2) != d.sentenceOf(c.first) {
			continue
		}
		if toks[e+2].Fold != ")" {
			// a short form of several words: "(the Deep Synthesis Provisions)"
			s, close := shortFormSpan(d, e)
			if close < 0 || d.sentenceOf(close) != d.sentenceOf(c.first) || !isShortFormOf(d, s, close, c.first, e) {
				continue
			}
			k := ci + 1
			for k < len(cands) && cands[k].first < close {
				if cands[k].end > close || cands[k].entity < len(m.entities) && cands[k].entity != c.entity || cands[k].ref >= 0 {
					break
				}
				k++
			}
			if k < len(cands) && cands[k].first < close {
				continue // something else is named in the brackets
			}
			for _, in := range cands[ci+1 : k] {
				if in.entity >= len(m.entities) && in.entity != c.entity {
					remap[in.entity] = c.entity
				}
			}
			cands = append(cands[:ci+1], cands[k:]...)
			c = &cands[ci]
			c.end = close + 1
			var short []string
			last := close
			for last > s && !isWordToken(d.TokenText(last-1)) {
				last-- // a closing quote
			}
			for i := s; i < last; i++ {
				short = append(short, d.TokenText(i))
			}
			defs = append(defs, def{short, c.entity, close + 1})
			continue
		}
		if ci+1 < len(cands) && cands[ci+1].first < e+3 {
			if n := cands[ci+1]; n.first == e+1 && n.end == e+2 && n.entity == c.entity {
				// already a name of the entity: "(CAC)" joins the mention
				copy(cands[ci+1:], cands[ci+2:])
				cands = cands[:len(cands)-1]
				c = &cands[ci]
				c.end = e + 3
			}
			continue
		}
		acr := d.TokenText(e + 1)
		if !isAcronymOf(acr, d, c.first, e) {
			continue
		}
		c.end = e + 3
		defs = append(defs, def{[]string{acr}, c.entity, e + 3})
	}
	if len(defs) == 0 {
		return cands
	}
	// A found name that is a defined short form is the long name's entity
	// after the definition.
	if len(remap) > 0 {
		for i := range cands {
			if to, ok := remap[cands[i].entity]; ok {
				for _, df := range defs {
					if df.entity == to && cands[i].first >= df.from {
						cands[i].entity = to
						break
					}
				}
			}
		}
	}
	covered := make([]bool, len(toks))
	for _, c := range cands {
		for i := c.first; i < c.end; i++ {
			covered[i] = true
		}
	}
	var extra []candidate
	for _, df := range defs {
		n := len(df.tokens)
		for i := df.from; i+n <= len(toks); i++ {
			if !coveredAny(covered, i, i+n) && textIs(d, i, df.tokens) {
				for k := i; k < i+n; k++ {
					covered[k] = true
				}
				extra = append(extra, candidate{first: i, end: i + n, entity: df.entity, ref: -1, order: 1 << 28})
			}
		}
	}
	if len(extra) == 0 {
		return cands
	}
	out := make([]candidate, 0, len(cands)+len(extra))
	ci, ei := 0, 0
	for ci < len(cands) || ei < len(extra) {
		sortedMerge := ei == len(extra) || ci < len(cands) && cands[ci].first < extra[ei].first
		if sortedMerge {
			out = append(out, cands[ci])
			ci++
		} else {
			out = append(out, extra[ei])
			ei++
		}
	}
	return out
}

// isAcronymOf reports whether acr abbreviates tokens [first, end): see
// defineAcronyms.
func isAcronymOf(acr string, d *Document, first, end int) bool {
	n := utf8.RuneCountInString(acr)
	if n < 2 || n > 10 {
		return false
	}
	upper, lower := 0, 0
	for i, r := range acr {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
			if i == 0 {
				return false
			}
		case !unicode.IsDigit(r):
			return false
		}
	}
	if upper <= lower || upper < 2 {
		return false
	}
	// The acronym's capitals are initials of the name's words, in order,
	// the first word's first.
	var initials []rune
	for i := first; i < end; i++ {
		r, _ := utf8.DecodeRuneInString(d.TokenText(i))
		if len(initials) == 0 && unicode.IsLower(r) {
			continue // "the"
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			initials = append(initials, unicode.ToUpper(r))
		}
	}
	if len(initials) < 2 {
		return false
	}
	k := 0
	for _, r := range acr {
		if !unicode.IsUpper(r) {
			continue // "PBoC": the small "o" of "of"
		}
		for k < len(initials) && initials[k] != r {
			if k == 0 {
				return false
			}
			k++
		}
		if k == len(initials) {
			return false
		}
		k++
	}
	return true
}

func coveredAny(covered []bool, first, end int) bool {
	for i := first; i < end; i++ {
		if covered[i] {
			return true
		}
	}
	return false
}

func textIs(d *Document, i int, toks []string) bool {
	for k, t := range toks {
		if d.TokenText(i+k) != t {
			return false
		}
	}
	return true
}

// shortFormLead are the words that may open a short form in brackets
// ("(the Deep Synthesis Provisions)", "(hereinafter referred to as
// "Hanbo")") without being part of it, quotes included.
var shortFormLead = map[string]bool{"the": true, "hereinafter": true, "referred": true, "to": true, "as": true, "\"": true, "“": true, "'": true, "‘": true}

// maxShortForm is how many tokens a bracketed short form may have.
const maxShortForm = 6

// shortFormSpan returns the tokens [s, close) of the short form in the
// brackets opening at token open, less its lead words and closing quotes,
// or -1, -1 when no closing bracket comes soon enough.
func shortFormSpan(d *Document, open int) (int, int) {
	s := open + 1
	for s < len(d.Tokens) && shortFormLead[d.Tokens[s].Fold] {
		s++
	}
	for close := s; close < len(d.Tokens) && close <= s+maxShortForm; close++ {
		if d.Tokens[close].Fold == ")" {
			e := close
			for e > s && (d.Tokens[e-1].Fold == "\"" || d.Tokens[e-1].Fold == "”" || d.Tokens[e-1].Fold == "’" || d.Tokens[e-1].Fold == "'") {
				e--
			}
			if e == s {
				return -1, -1
			}
			return s, close
		}
	}
	return -1, -1
}

// shortFormAt reports whether the brackets opening at token open may hold
// a short form of several words.
func (m *Matcher) shortFormAt(d *Document, open int) bool {
	s, close := shortFormSpan(d, open)
	return close >= 0 && close-s >= 2
}

// isShortFormOf reports whether tokens [s, close) are a short form of the
// name in tokens [first, end): at least two words, the first capitalised,
// fewer than the name's, each of them (ignoring case) a word of the name,
// in any order ("the Deep Synthesis Provisions" of "the Provisions on the
// Administration of Deep Synthesis of Internet-based Information
// Services"). A closing quote before the bracket is not part of it.
func isShortFormOf(d *Document, s, close, first, end int) bool {
	for close > s && !isWordToken(d.TokenText(close-1)) {
		close--
	}
	if close-s < 2 || close-s >= end-first {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(d.TokenText(s)); !unicode.IsUpper(r) {
		return false
	}
	words := make(map[string]bool, end-first)
	for i := first; i < end; i++ {
		words[d.Tokens[i].Fold] = true
	}
	for i := s; i < close; i++ {
		if !words[d.Tokens[i].Fold] {
			return false
		}
	}
	return true
}

func isWordToken(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
