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
// covered by a mention stays that mention. cands are in text order, with
// no overlaps; so is the result.
func (m *Matcher) defineAcronyms(d *Document, cands []candidate, found []Found) []candidate {
	type def struct {
		text   string
		entity int
		from   int // token after the closing bracket
	}
	var defs []def
	toks := d.Tokens
	for ci := 0; ci < len(cands); ci++ { // the loop may drop a candidate
		c := &cands[ci]
		e := c.end
		if c.entity < 0 || e+2 >= len(toks) || toks[e].Fold != "(" || toks[e+2].Fold != ")" || d.sentenceOf(e+2) != d.sentenceOf(c.first) {
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
		defs = append(defs, def{acr, c.entity, e + 3})
	}
	if len(defs) == 0 {
		return cands
	}
	covered := make([]bool, len(toks))
	for _, c := range cands {
		for i := c.first; i < c.end; i++ {
			covered[i] = true
		}
	}
	var extra []candidate
	for _, df := range defs {
		for i := df.from; i < len(toks); i++ {
			if !covered[i] && d.TokenText(i) == df.text {
				covered[i] = true
				extra = append(extra, candidate{first: i, end: i + 1, entity: df.entity, ref: -1, order: 1 << 28})
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
