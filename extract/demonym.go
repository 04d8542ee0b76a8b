package extract

import "github.com/graphbuild/graphbuild/schema"

// The demonyms of the roles section ("Chinese" → chinese-government) stand
// for an organisation right before a title, so that "Chinese President Xi
// Jinping" states the title's fact through the generated pattern
// `O ['s] [M] T [,] P`: the demonym becomes a mention of its entity, and a
// name whose mention began at the demonym or the title ("Chinese President
// Xi Jinping" as an alias of Xi Jinping) starts after the title instead,
// so that it still fills the person's slot.

// compileDemonyms adds the demonyms to m.titles; it needs the titles.
func (m *Matcher) compileDemonyms() {
	ds := m.file.Roles.Demonyms
	if len(ds) == 0 || m.titles == nil {
		return
	}
	index := make(map[string]int, len(m.entities))
	for i, e := range m.entities {
		index[e.ID] = i
	}
	root := &trieNode{}
	ts := m.titles
	for k, dm := range ds {
		for _, w := range dm.Words {
			if p := (phrase{tokens: words(w), entity: index[dm.Entity], ref: -1, order: k}); len(p.tokens) > 0 {
				root.insert(p)
			}
		}
		var only [][]string
		for _, t := range dm.Titles {
			only = append(only, foldAll(words(t)), foldAll(words(schema.Plural(t))))
		}
		ts.demonymTitles = append(ts.demonymTitles, only)
	}
	ts.demonyms = root
}

// titleFits reports whether the title ending at token t, after the
// demonym k ending at token j, is one the demonym may stand before.
func (ts *titleSet) titleFits(d *Document, k, j, t int) bool {
	only := ts.demonymTitles[k]
	if len(only) == 0 {
		return true
	}
	for _, p := range only {
		if q := t - len(p); q >= j && len(p) > 0 && tokensFold(d, q, p) {
			return true
		}
	}
	return false
}

// demonym returns the end, entity and index of the longest demonym at
// token i, written as declared (case kept: "US" but not "us"), or i, -1, -1.
func (ts *titleSet) demonym(d *Document, i, end int) (int, int, int) {
	best, entity, k := i, -1, -1
	n := ts.demonyms
	for j := i; j < end; j++ {
		if n = n.next[d.Tokens[j].Fold]; n == nil {
			break
		}
		for _, p := range n.ends {
			if exactTokens(d, i, p.tokens) {
				best, entity, k = j+1, p.entity, p.order
			}
		}
	}
	return best, entity, k
}

func exactTokens(d *Document, i int, toks []string) bool {
	for k, t := range toks {
		if d.TokenText(i+k) != t {
			return false
		}
	}
	return true
}

// applyDemonyms makes each demonym followed by a title and a name a
// mention of its entity: the candidates inside the demonym ("US" as the
// country) give way to it, and a name candidate that starts at the demonym
// or in the title is trimmed to start after the title. Before a title the
// demonym may not stand before ("British analyst"), the candidates inside
// the demonym are dropped: the word states a nationality, which the
// title's patterns would read as an employer. A demonym inside a
// candidate that starts before it, or one not followed by a title and a
// name, is left alone. cands are in text order, with no overlaps; so is
// the result.
func (m *Matcher) applyDemonyms(d *Document, cands []candidate) []candidate {
	ts := m.titles
	if ts == nil || ts.demonyms == nil {
		return cands
	}
	var out []candidate
	changed := false
	ci := 0
	for si := range d.Sentences {
		s := d.Sentences[si]
		for i := s.First; i < s.EndTok; i++ {
			j, entity, dk := ts.demonym(d, i, s.EndTok)
			if entity < 0 {
				continue
			}
			t := ts.after(d, j, s.EndTok)
			if t == j {
				continue
			}
			if out == nil {
				out = make([]candidate, 0, len(cands)+8) // not grown by doubling: a long document has 100,000s
			}
			// The candidates before the demonym stay.
			for ci < len(cands) && cands[ci].end <= i {
				out = append(out, cands[ci])
				ci++
			}
			if ci < len(cands) && cands[ci].first < i {
				continue // inside a longer name
			}
			if !ts.titleFits(d, dk, j, t) {
				// "British analyst": a nationality, not an employer;
				// the demonym's own mentions go.
				for ci < len(cands) && cands[ci].end <= j {
					ci++
				}
				i, changed = j-1, true
				continue
			}
			// Those within the demonym and the title go; a name reaching
			// past the title is trimmed; then a name must start at the
			// title's end (or after a comma).
			k := ci
			for k < len(cands) && cands[k].end <= t {
				k++
			}
			name := -1
			if k < len(cands) && cands[k].ref < 0 && cands[k].entity >= 0 && cands[k].block == 0 {
				switch c := cands[k]; {
				case c.first <= t:
					name = k
				case c.first == t+1 && d.Tokens[t].Fold == ",":
					name = k
				}
			}
			if name < 0 || k > ci && !allWithin(cands[ci:k], i, j) {
				continue
			}
			out = append(out, candidate{first: i, end: j, entity: entity, ref: -1, order: 1 << 28})
			cands[name].first = max(cands[name].first, t)
			ci, i, changed = k, t-1, true
		}
	}
	if !changed {
		return cands
	}
	return append(out, cands[ci:]...)
}

// allWithin reports whether every candidate of cs lies within tokens
// [first, end): only the demonym's own mentions give way to it.
func allWithin(cs []candidate, first, end int) bool {
	for _, c := range cs {
		if c.first < first || c.end > end {
			return false
		}
	}
	return true
}
