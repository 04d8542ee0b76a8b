package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A cue acts within its clause (docs/rules.md, "Cues"): a negation or
// hedge word marks a fact when it stands inside the match or right before
// it, is not part of a mention or the date, and is not cut off from the
// fact's subject and object by a clause or a conjunct of its own.

// cueIndex maps the first folded token of each cue to the cues that start
// with it, so that a token is looked up once rather than compared with
// every cue.
type cueIndex map[string][]cue

type cue struct {
	tokens   []string // folded
	negation bool
}

func indexCues(negation, hedge [][]string) cueIndex {
	x := make(cueIndex)
	for k, list := range [][][]string{negation, hedge} {
		for _, c := range list {
			if len(c) > 0 {
				x[c[0]] = append(x[c[0]], cue{c, k == 0})
			}
		}
	}
	return x
}

// cueHit is one cue found at or near a match: tokens [first, end).
type cueHit struct {
	first, end int
	negation   bool
}

// clauseOpeners start a clause of their own after a comma: a cue inside
// one that holds neither the subject nor the object is about something
// else ("Tencent, which was not fined, bought Meituan").
var clauseOpeners = map[string]bool{
	"which": true, "who": true, "whose": true, "whom": true, "where": true, "when": true, "while": true,
	"although": true, "though": true, "whereas": true, "but": true, "because": true, "after": true,
	"before": true, "if": true, "unless": true, "since": true, "as": true,
}

// cueHits returns the cues of the rule in progress found inside the match
// (outside the mentions of its slots and its date) or ending right before
// it, where the match starts with a slot.
func (w *window) cueHits() []cueHit {
	var hits []cueHit
	index := w.m.cues
	if w.rule.cues != nil {
		index = w.rule.cues
	}
	sentFirst := w.d.Sentences[w.d.sentenceOf(w.first)].First
	// A cue may end right before the match, or before a "the" the match
	// starts after ("Neither SAMR nor the CAC …").
	start := w.first
	if start > sentFirst && w.d.Tokens[start-1].Fold == "the" {
		start--
	}
	before := start > sentFirst && w.startsWithSlot()
	from := w.first
	if before {
		from = max(sentFirst, start-w.m.longestCue)
	}
	for i := from; i <= w.last; i++ {
		cs := index[w.d.Tokens[i].Fold]
		if len(cs) == 0 || i >= w.first && w.inSlot(i) {
			continue
		}
		for _, c := range cs {
			end := i + len(c.tokens)
			if end-1 > w.last || !w.tokensAre(i, c.tokens) || w.properNoun(i) {
				continue
			}
			if i < w.first && end != start {
				continue // before the match, but not right before it
			}
			hits = append(hits, cueHit{i, end, c.negation})
		}
	}
	return hits
}

// startsWithSlot reports whether the match starts with the mention (or
// the "the" before it) of a subject or object.
func (w *window) startsWithSlot() bool {
	i := w.first
	if w.at[i] < 0 && w.d.Tokens[i].Fold == "the" {
		i++
	}
	for _, list := range [][]filler{w.subject, w.object} {
		for _, f := range list {
			if f.mention >= 0 && w.mentions[f.mention].First == i {
				return true
			}
		}
	}
	return false
}

// inSlot reports whether token i is part of the date or of a mention that
// fills a slot: "in May" is a month, not a hedge.
func (w *window) inSlot(i int) bool {
	if i >= w.date[0] && i < w.date[1] {
		return true
	}
	for _, list := range [][]filler{w.subject, w.object} {
		for _, f := range list {
			if f.mention < 0 {
				continue
			}
			if mn := &w.mentions[f.mention]; i >= mn.First && i < mn.End {
				return true
			}
		}
	}
	return false
}

// modality returns how the fact of subject s and object o is stated, from
// the cues of the match that act on it: a negation wins over a hedge.
func (w *window) modality(hits []cueHit, s, o filler) Modality {
	m := Asserted
	for _, h := range hits {
		if !w.actsOn(h, s, o) {
			continue
		}
		if h.negation {
			return Negated
		}
		m = Hedged
	}
	return m
}

// actsOn reports whether a cue acts on the fact of s and o: it does not
// stand in the part of a coordinated list that belongs to another member
// ("Didi and not Meituan" negates only Meituan), nor in a sentence or a
// clause that holds neither of them.
func (w *window) actsOn(h cueHit, s, o filler) bool {
	for _, x := range []struct {
		list []filler
		f    filler
	}{{w.subject, s}, {w.object, o}} {
		for k := 1; k < len(x.list); k++ {
			prev, cur := x.list[k-1].mention, x.list[k].mention
			if prev == cur {
				continue
			}
			// The conjunct's part: from the end of the member before it to its own end.
			if h.first >= w.mentions[prev].End && h.end <= w.mentions[cur].End && x.f.mention != cur {
				return false
			}
		}
	}
	spans := [][2]int{}
	for _, f := range []filler{s, o} {
		if f.mention >= 0 {
			spans = append(spans, [2]int{w.mentions[f.mention].First, w.mentions[f.mention].End})
		}
	}
	holds := func(from, to int) bool { // whether tokens [from, to) hold s or o
		for _, sp := range spans {
			if sp[0] < to && from < sp[1] {
				return true
			}
		}
		return false
	}
	si := w.d.sentenceOf(h.first)
	sent := w.d.Sentences[si]
	if !holds(sent.First, sent.EndTok) {
		return false // another sentence of a match of wider scope
	}
	from, to := w.clause(h.first, sent)
	return from < 0 || holds(from, to)
}

// clause returns the tokens [from, to) of the clause that token i stands
// in when that clause is set off inside its sentence, by a comma and a word
// that opens a clause, or by a semicolon; else -1, -1: the cue is in the
// sentence's main clause.
func (w *window) clause(i int, sent Sentence) (int, int) {
	toks := w.d.Tokens
	from := -1
	for k := i; k >= sent.First; k-- {
		f := toks[k].Fold
		if f == ";" {
			from = k + 1
			break
		}
		if f == "," && k+1 < sent.EndTok && clauseOpeners[toks[k+1].Fold] {
			from = k + 1
			break
		}
		if f == "," && k < i {
			break // a comma with no clause opener: the main clause
		}
	}
	if from < 0 {
		return -1, -1
	}
	to := sent.EndTok
	for k := i + 1; k < sent.EndTok; k++ {
		if f := toks[k].Fold; f == "," || f == ";" {
			to = k
			break
		}
	}
	return from, to
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
