package extract

import "fmt"

// MaxSentenceTokens is the most tokens a sentence has. A longer run of
// text without a sentence end (a table, a list, a file without
// punctuation) is cut into pieces of at most this many tokens, with a
// warning: matching a sentence and resolving the references in it cost
// more than its length, and no real sentence is this long (the longest
// in the shipped corpus have about 100 tokens).
const MaxSentenceTokens = 400

// capSentences cuts the sentences sents[from:] that are longer than
// MaxSentenceTokens, each at the last ";", ",", ":" or dash of its
// second half, or else at the limit, and warns once for each sentence
// cut.
func (d *Document) capSentences(from int, sents []Sentence) []Sentence {
	long := false
	for _, s := range sents[from:] {
		long = long || s.EndTok-s.First > MaxSentenceTokens
	}
	if !long {
		return sents
	}
	out := append([]Sentence(nil), sents[from:]...)
	sents = sents[:from]
	for _, s := range out {
		n := s.EndTok - s.First
		if n <= MaxSentenceTokens {
			sents = append(sents, s)
			continue
		}
		pieces := 0
		for first := s.First; first < s.EndTok; pieces++ {
			end := min(first+MaxSentenceTokens, s.EndTok)
			if end < s.EndTok {
				for k := end - 1; k > first+MaxSentenceTokens/2; k-- {
					if t := d.Text[d.Tokens[k].Start:d.Tokens[k].End]; t == ";" || t == "," || t == ":" || t == "-" {
						end = k + 1
						break
					}
				}
			}
			sents = append(sents, sentence(d.Tokens, first, end, s.Paragraph))
			first = end
		}
		d.Warnings = append(d.Warnings, Warning{
			Path:   d.Path,
			Offset: d.RawSpan(s.Start, s.End).Start,
			Msg:    fmt.Sprintf("a sentence of %d tokens, cut into %d of at most %d", n, pieces, MaxSentenceTokens),
		})
	}
	return sents
}
