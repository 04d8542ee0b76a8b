package extract

import (
	"unicode"
	"unicode/utf8"
)

// splitSentences appends to dst the sentences of one paragraph, whose
// tokens are toks[first:], all of them non-space; para is the paragraph's
// index. A paragraph always ends a sentence.
//
// Inside a paragraph a sentence ends after ".", "!", "?" or "…" and the
// closing quotes and brackets attached to it, when the next token starts a
// sentence: an upper-case or uncased letter, a digit, or an opening quote or
// bracket after a space. A full stop does not end a sentence after a known
// abbreviation ("Mr.", "Oct."), after a single capital ("Eugene K. Chow",
// "U.S."), or at the end of a dotted acronym ("e.g.", "Ph.D."). These cost a
// split where a sentence really ends in "U.S." or "Inc.", which is rare in
// news text and cheaper than cutting "Mr. Xi" in two. A full stop with no
// space after it ends a sentence only in "CEOs.More": a lower-case letter or
// digit before it, a capitalised word after it, so that "Alibaba.com",
// "cht.hm/2iztRyb", "1.3" and "U.S.-Sino" stay whole. "…" followed straight
// by a capital ends a sentence ("data…You make sure"); inside brackets,
// "(…)" marks an omission and never does.
func splitSentences(text string, toks []Token, first, para int, dst []Sentence) []Sentence {
	start := first
	for k := first; k < len(toks)-1; k++ {
		if e := sentenceEnd(text, toks, first, k); e >= 0 && e < len(toks)-1 {
			dst = append(dst, sentence(toks, start, e+1, para))
			start, k = e+1, e
		}
	}
	if start < len(toks) {
		dst = append(dst, sentence(toks, start, len(toks), para))
	}
	return dst
}

func sentence(toks []Token, first, end, para int) Sentence {
	return Sentence{Start: toks[first].Start, End: toks[end-1].End, First: first, EndTok: end, Paragraph: para}
}

// sentenceEnd returns the index of the last token of a sentence that ends
// with the punctuation toks[k], or -1 if no sentence ends there. Tokens
// before first belong to an earlier paragraph.
func sentenceEnd(text string, toks []Token, first, k int) int {
	t := text[toks[k].Start:toks[k].End]
	switch t {
	case ".", "!", "?", "…":
	default:
		return -1
	}
	if t == "…" && k > first && adjacent(toks, k-1) {
		if p := text[toks[k-1].Start:toks[k-1].End]; p == "(" || p == "[" {
			return -1
		}
	}
	e := k
	for e+1 < len(toks) && adjacent(toks, e) {
		switch text[toks[e+1].Start:toks[e+1].End] {
		case `"`, "'", ")", "]":
			e++
			continue
		}
		break
	}
	if e+1 == len(toks) {
		return e
	}
	next := text[toks[e+1].Start:toks[e+1].End]
	if t == "." && k > first && adjacent(toks, k-1) {
		prev := text[toks[k-1].Start:toks[k-1].End]
		if isAbbreviation(prev) || isInitial(prev) || dottedAcronym(text, toks, first, k) {
			return -1
		}
		if !adjacent(toks, e) {
			if startsSentence(next) {
				return e
			}
			return -1
		}
		// A missing space after a full stop: "CEOs.More concrete".
		r, _ := utf8.DecodeLastRuneInString(prev)
		if (unicode.IsLower(r) || unicode.IsDigit(r)) && capitalised(next) {
			return e
		}
		return -1
	}
	if !adjacent(toks, e) {
		if startsSentence(next) {
			return e
		}
		return -1
	}
	r, _ := utf8.DecodeRuneInString(next)
	if unicode.IsUpper(r) || unicode.IsTitle(r) {
		return e
	}
	return -1
}

// adjacent reports whether toks[i] and toks[i+1] touch, with no space
// between them.
func adjacent(toks []Token, i int) bool { return toks[i].End == toks[i+1].Start }

// startsSentence reports whether a token after a space can start a
// sentence: a letter that is not lower case, a digit, or an opening quote
// or bracket.
func startsSentence(t string) bool {
	switch t {
	case `"`, "'", "(", "[":
		return true
	}
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLetter(r) && !unicode.IsLower(r) || unicode.IsDigit(r)
}

// capitalised reports whether t starts with an upper-case letter followed
// by a lower-case one, like a word that starts a sentence.
func capitalised(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	r2, _ := utf8.DecodeRuneInString(t[n:])
	return unicode.IsUpper(r) && unicode.IsLower(r2)
}

// isInitial reports whether t is a single capital letter.
func isInitial(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	return n == len(t) && unicode.IsUpper(r)
}

// dottedAcronym reports whether the full stop toks[k] ends a dotted
// acronym of short parts, "e.g." or "Ph.D.", all written together.
func dottedAcronym(text string, toks []Token, first, k int) bool {
	return k-3 >= first && adjacent(toks, k-3) && adjacent(toks, k-2) && adjacent(toks, k-1) &&
		text[toks[k-2].Start:toks[k-2].End] == "." &&
		shortWord(text[toks[k-1].Start:toks[k-1].End]) && shortWord(text[toks[k-3].Start:toks[k-3].End])
}

// shortWord reports whether t is one or two letters.
func shortWord(t string) bool {
	n := 0
	for _, r := range t {
		if !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	return n == 1 || n == 2
}

// isAbbreviation reports whether t, before a full stop, is an abbreviation
// that does not end a sentence. Case matters: "No." is one, "no." is not.
// "e.g." and "i.e." are caught as dotted acronyms.
func isAbbreviation(t string) bool {
	switch t {
	case "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Gen", "Gov", "Sen", "Rep", "Rev",
		"Inc", "Co", "Corp", "Ltd", "Bros", "No", "vs", "etc",
		"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec":
		return true
	}
	return false
}
