package extract

// blocker holds the blocks of a rule file: text that is never a mention,
// of any entity or of some. Their words are in Matcher.phrases, so that
// the lookup that finds names finds them too (phrase.block).
type blocker struct {
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
	b := &blocker{}
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
			// Exact case, as aliases of case "exact" (phraseCandidates).
			m.phrases.insert(phrase{tokens: words(w), entity: -1, ref: -1, block: i + 1})
		}
	}
	m.blocks = b
}

// split moves the blocks among cands to spans, keeping the order of the
// other candidates.
func split(cands []candidate, spans []blockSpan) ([]candidate, []blockSpan) {
	out := cands[:0]
	for _, c := range cands {
		if c.block > 0 {
			spans = append(spans, blockSpan{c.first, c.end, c.block - 1})
		} else {
			out = append(out, c)
		}
	}
	return out, spans
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
