package extract

import (
	"slices"
	"strings"
	"sync"
)

// anchored lists, for each sentence of a document, the patterns whose
// anchor occurs in it, in the order of the anchors' first occurrence.
// candidatePatterns looks at the sentences of a rule's whole scope for
// each sentence, so it read every token up to maxScope times; these lists
// are made in one pass, and patterns merges those of a scope in the same
// order as candidatePatterns finds them.
type anchored struct {
	pats []int32 // the lists, one after another
	end  []int32 // end[k] is where sentence k's list ends in pats
}

// anchoredIn makes the lists of d; ids are its tokens' numbers and mark
// is scratch space, one entry per pattern, left all false.
func (m *Matcher) anchoredIn(d *Document, ids []wordID, mark []bool, a *anchored) *anchored {
	a.pats = a.pats[:0]
	a.end = slices.Grow(a.end[:0], len(d.Sentences))[:len(d.Sentences)]
	for k, s := range d.Sentences {
		from := len(a.pats)
		for i := s.First; i < s.EndTok; i++ {
			if id := ids[i]; int(id) < len(m.anchorByID) {
				for _, pi := range m.anchorByID[id] {
					if !mark[pi] {
						mark[pi] = true
						a.pats = append(a.pats, int32(pi))
					}
				}
			}
			for _, pa := range m.prefixAnchors {
				if !mark[pa.pattern] && strings.HasPrefix(d.Tokens[i].Fold, pa.prefix) {
					mark[pa.pattern] = true
					a.pats = append(a.pats, int32(pa.pattern))
				}
			}
		}
		for _, pi := range a.pats[from:] {
			mark[pi] = false
		}
		a.end[k] = int32(len(a.pats))
	}
	return a
}

// patterns appends to out the patterns worth trying from sentence si,
// as candidatePatterns does; seen is scratch space as for anchoredIn.
func (a *anchored) patterns(m *Matcher, si int, seen []bool, out []int) []int {
	for k := si; k < len(a.end) && k < si+m.maxScope; k++ {
		from := int32(0)
		if k > 0 {
			from = a.end[k-1]
		}
		for _, pi := range a.pats[from:a.end[k]] {
			if !seen[pi] && k-si < int(m.scopes[pi]) {
				seen[pi] = true
				out = append(out, int(pi))
			}
		}
	}
	for _, pi := range out {
		seen[pi] = false
	}
	return append(out, m.anchorless...)
}

// scratch is the memory Extract needs only while it runs: kept in
// scratchPool and used again by the next document, it spares the
// collector most of the matcher's allocations per document.
type scratch struct {
	ids      []wordID
	at       []int32
	seen     []bool // one per pattern, all false between uses
	pats     []int
	anchored anchored
	cands    candBufs
	w        window
}

var scratchPool sync.Pool

// put returns sc to scratchPool, keeping nothing of its document alive.
func (sc *scratch) put() {
	fills, starts := sc.w.fills[:cap(sc.w.fills)], sc.w.slotStart[:0]
	clear(fills)
	sc.w = window{fills: fills[:0], slotStart: starts}
	scratchPool.Put(sc)
}

// getScratch returns a scratch for a matcher of n patterns.
func getScratch(n int) *scratch {
	sc, _ := scratchPool.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	if len(sc.seen) < n {
		sc.seen = make([]bool, n)
	}
	return sc
}
