package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// candidate is a possible mention before overlaps are resolved: tokens
// [first, end) named by an entity alias or pattern, or a reference word.
type candidate struct {
	first, end int
	entity     int // index into Matcher.entities, or -1
	ref        int // index into Matcher.refs, or -1
	order      int // declaration order: aliases first, then patterns, then references
}

// findMentions finds the entity names and the reference words of one
// sentence, resolving overlaps: the longest span wins, then the earliest,
// then an entity over a reference, then the one declared first.
func (m *Matcher) findMentions(d *Document, si int, dst []candidate) []candidate {
	s := d.Sentences[si]
	var cands []candidate
	for i := s.First; i < s.EndTok; i++ {
		n := m.phrases
		for j := i; j < s.EndTok; j++ {
			n = n.next[d.Tokens[j].Fold]
			if n == nil {
				break
			}
			for _, p := range n.ends {
				if p.fold || exactCase(d, i, p.tokens) {
					cands = append(cands, candidate{first: i, end: j + 1, entity: p.entity, ref: p.ref, order: p.order})
				}
			}
		}
	}
	if len(m.regexps) > 0 {
		text := d.Text[s.Start:s.End]
		toks := d.Tokens[s.First:s.EndTok]
		for k, er := range m.regexps {
			for _, loc := range er.re.FindAllStringIndex(text, -1) {
				first := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= s.Start+loc[0] })
				end := sort.Search(len(toks), func(i int) bool { return toks[i].End > s.Start+loc[1] })
				// A pattern match counts only when it covers whole tokens.
				if first < end && toks[first].Start == s.Start+loc[0] && toks[end-1].End == s.Start+loc[1] {
					cands = append(cands, candidate{first: s.First + first, end: s.First + end, entity: er.entity, ref: -1, order: 1<<30 + k})
				}
			}
		}
	}
	sort.Slice(cands, func(a, b int) bool {
		x, y := cands[a], cands[b]
		if lx, ly := x.end-x.first, y.end-y.first; lx != ly {
			return lx > ly
		}
		if x.first != y.first {
			return x.first < y.first
		}
		if (x.entity >= 0) != (y.entity >= 0) {
			return x.entity >= 0
		}
		return x.order < y.order
	})
	start := len(dst)
	for _, c := range cands {
		overlaps := false
		for _, k := range dst[start:] {
			if c.first < k.end && k.first < c.end {
				overlaps = true
				break
			}
		}
		if !overlaps {
			dst = append(dst, c)
		}
	}
	chosen := dst[start:]
	sort.Slice(chosen, func(a, b int) bool { return chosen[a].first < chosen[b].first })
	return dst
}

// exactCase reports whether the tokens at i spell want in the same case,
// allowing a capital first letter where want starts in lower case.
func exactCase(d *Document, i int, want []string) bool {
	for k, w := range want {
		got := d.TokenText(i + k)
		if got == w {
			continue
		}
		if k == 0 {
			r, size := utf8.DecodeRuneInString(w)
			if unicode.IsLower(r) && got == string(unicode.ToUpper(r))+w[size:] {
				continue
			}
		}
		return false
	}
	return true
}

// sentenceOf returns the index of the sentence holding token i.
func (d *Document) sentenceOf(i int) int {
	return sort.Search(len(d.Sentences), func(k int) bool { return d.Sentences[k].EndTok > i })
}

// mentionText is the normalised text of a mention, for messages and evidence.
func (d *Document) mentionText(mn Mention) string {
	return strings.TrimSpace(d.Text[d.Tokens[mn.First].Start:d.Tokens[mn.End-1].End])
}
