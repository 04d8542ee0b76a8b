package extract

// blocker holds the blocks of a rule file: text that is never a mention,
// of any entity or of some.
type blocker struct {
	phrases  *trieNode      // block words; phrase.entity is the index into entities
	entities []map[int]bool // per block, the entity indexes it covers; nil: every mention
}

// blockSpan is where a block matched: tokens [first, end).
type blockSpan struct {
	first, end int
	block      int
}

func (m *Matcher) compileBlocks() {
	if len(m.file.Blocks) == 0 {
		return
	}
	b := &blocker{phrases: &trieNode{}}
	index := make(map[string]int, len(m.entities))
	for i, e := range m.entities {
		index[e.ID] = i
	}
	for i, bl := range m.file.Blocks {
		var ents map[int]bool
		if len(bl.Entities) > 0 {
			ents = make(map[int]bool, len(bl.Entities))
			for _, id := range bl.Entities {
				ents[index[id]] = true
			}
		}
		b.entities = append(b.entities, ents)
		for _, w := range bl.Words {
			b.phrases.insert(phrase{tokens: words(w), entity: i, ref: -1})
		}
	}
	m.blocks = b
}

// spans appends to dst where blocks match in sentence si, in exact case
// (a lower-case initial may be capitalised), as aliases of case "exact" do.
func (b *blocker) spans(d *Document, si int, dst []blockSpan) []blockSpan {
	s := d.Sentences[si]
	for i := s.First; i < s.EndTok; i++ {
		n := b.phrases
		for j := i; j < s.EndTok; j++ {
			if n = n.next[d.Tokens[j].Fold]; n == nil {
				break
			}
			for _, p := range n.ends {
				if exactCase(d, i, p.tokens) {
					dst = append(dst, blockSpan{i, j + 1, p.entity})
				}
			}
		}
	}
	return dst
}

// filter drops the candidates a block covers: those that overlap a block
// of every mention, and the mentions of a block's entities that overlap it.
// References are covered by blocks of every mention only.
func (b *blocker) filter(spans []blockSpan, cands []candidate) []candidate {
	if len(spans) == 0 {
		return cands
	}
	out := cands[:0]
	for _, c := range cands {
		blocked := false
		for _, s := range spans {
			if c.first < s.end && s.first < c.end {
				ents := b.entities[s.block]
				if ents == nil || c.entity >= 0 && ents[c.entity] {
					blocked = true
					break
				}
			}
		}
		if !blocked {
			out = append(out, c)
		}
	}
	return out
}
