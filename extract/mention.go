package extract

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// candidate is a possible mention before overlaps are resolved: tokens
// [first, end) named by an entity alias or pattern, or a reference word.
type candidate struct {
	first, end int
	entity     int // index into Matcher.entities, past them into the document's found entities, or -1
	ref        int // index into Matcher.refs, or -1
	block      int // 1 + index of a block (not a mention: see block.go), or 0
	order      int // declaration order: aliases first, then patterns, then references
}

// phraseCandidates appends to cands the entity names and the reference
// words of sentence si, overlapping as they may. If cues is not nil, it
// sets cues[i] to the name cues of each token i of the sentence (names.go),
// which the trie's first level holds.
func (m *Matcher) phraseCandidates(d *Document, si int, cands []candidate, cues []uint8) []candidate {
	s := d.Sentences[si]
	for i := s.First; i < s.EndTok; i++ {
		f := d.Tokens[i].Fold
		if !m.roots.mayHave(f) {
			continue
		}
		n := m.phrases.next[f] // one lookup for the cues and the names
		if n == nil {
			continue
		}
		if cues != nil {
			cues[i] = n.cues
		}
		for j := i; j < s.EndTok; j++ {
			if j > i {
				n = n.next[d.Tokens[j].Fold]
			}
			if n == nil {
				break
			}
			for _, p := range n.ends {
				if p.fold || exactCase(d, i, p.tokens) {
					cands = append(cands, candidate{first: i, end: j + 1, entity: p.entity, ref: p.ref, order: p.order, block: p.block})
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
	return cands
}

// choose appends to dst the candidates of one sentence that survive
// overlaps, in text order: the longest span wins, then the earliest, then
// an entity over a reference, then the one declared first. It reorders cands.
//
// The sorts are those of sort.Slice without its allocations: slices'
// sorts run the same steps, and the comparisons answer only "less", so
// ties come out as before.
func choose(cands, dst []candidate) []candidate {
	slices.SortFunc(cands, func(x, y candidate) int {
		if candidateLess(x, y) {
			return -1
		}
		return 0
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
	slices.SortFunc(chosen, func(x, y candidate) int {
		if x.first < y.first {
			return -1
		}
		return 0
	})
	return dst
}

func candidateLess(x, y candidate) bool {
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

// entityOf returns the id and the type index of a candidate's entity: an
// index into the rule file's entities, or past them into found.
func (m *Matcher) entityOf(entity int, found []Found) (string, int) {
	if entity < len(m.entities) {
		return m.entities[entity].ID, m.entityType[entity]
	}
	f := found[entity-len(m.entities)]
	return f.ID, f.typ
}

// listedIndex returns a candidate's entity index if it is one of the rule
// file's entities, else -1 (a found entity).
func (m *Matcher) listedIndex(entity int) int {
	if entity < len(m.entities) {
		return entity
	}
	return -1
}

// sentenceOf returns the index of the sentence holding token i.
func (d *Document) sentenceOf(i int) int {
	return sort.Search(len(d.Sentences), func(k int) bool { return d.Sentences[k].EndTok > i })
}

// mentionText is the normalised text of a mention, for messages and evidence.
func (d *Document) mentionText(mn Mention) string {
	return strings.TrimSpace(d.Text[d.Tokens[mn.First].Start:d.Tokens[mn.End-1].End])
}
