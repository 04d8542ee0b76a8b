package extract

// mentionCandidates finds the mentions of a document before references
// are resolved, in text order and without overlaps. The stages:
//
//  1. the names and reference words of the rule file (mention.go), less
//     what a block covers (block.go);
//  2. names the rule file does not list, found by name rules and after
//     titles (names.go), and their shorter forms anywhere in the document;
//     the overlaps of the sentences they touch are resolved again with them;
//  3. demonyms before a title, "Chinese President Xi Jinping" (demonym.go);
//  4. acronyms and short forms defined in the text, "the Ministry of Industry and
//     Information Technology (MIIT)", from their definition on (acronym.go).
func (m *Matcher) mentionCandidates(d *Document) ([]candidate, []Found) {
	return m.mentionCandidatesIn(d, new(candBufs))
}

// candBufs is memory for mentionCandidatesIn to use again: its candidates
// are copied into mentions by resolve and not kept.
type candBufs struct{ cands, raw []candidate }

// mentionCandidatesIn is mentionCandidates in b's memory; b then holds
// the memory it grew to, and the candidates returned live in it.
func (m *Matcher) mentionCandidatesIn(d *Document, b *candBufs) ([]candidate, []Found) {
	cands, raw := b.cands[:0], b.raw[:0]
	defer func() { b.cands, b.raw = cands[:0], raw[:0] }()
	var blocked []blockSpan
	var cues []uint8
	if m.names != nil {
		cues = make([]uint8, len(d.Tokens))
	}
	for si := range d.Sentences {
		raw = m.sentenceCandidates(d, si, raw[:0], &blocked, cues)
		cands = choose(raw, cands)
	}
	var found []Found
	if m.names != nil {
		var extra []candidate
		found, extra = m.discover(d, cands, cues)
		if len(extra) > 0 {
			cands = m.rechoose(d, cands, extra, &blocked)
		}
	}
	cands = m.applyDemonyms(d, cands)
	if m.acronyms {
		cands = m.defineAcronyms(d, cands, found)
	}
	return cands, found
}

// sentenceCandidates appends the candidates of the rule file's names and
// reference words in sentence si to dst, less those a block covers.
func (m *Matcher) sentenceCandidates(d *Document, si int, dst []candidate, blocked *[]blockSpan, cues []uint8) []candidate {
	start := len(dst)
	dst = m.phraseCandidates(d, si, dst, cues)
	if m.blocks == nil {
		return dst
	}
	var own []candidate
	own, *blocked = split(dst[start:], (*blocked)[:0])
	return append(dst[:start], m.blocks.filter(*blocked, own)...)
}

// rechoose resolves the overlaps again in the sentences that extra, found
// names in text order, touches, with the rule file's candidates there.
func (m *Matcher) rechoose(d *Document, cands, extra []candidate, blocked *[]blockSpan) []candidate {
	out := make([]candidate, 0, len(cands)+len(extra))
	var raw []candidate
	ci, ei := 0, 0
	for si, s := range d.Sentences {
		cs := ci
		for ci < len(cands) && cands[ci].first < s.EndTok {
			ci++
		}
		es := ei
		for ei < len(extra) && extra[ei].first < s.EndTok {
			ei++
		}
		if ei == es {
			out = append(out, cands[cs:ci]...)
			continue
		}
		raw = m.sentenceCandidates(d, si, raw[:0], blocked, nil)
		n := len(raw)
		raw = append(raw, extra[es:ei]...)
		if m.blocks != nil {
			raw = append(raw[:n], m.blocks.filter(*blocked, raw[n:])...)
		}
		out = choose(raw, out)
	}
	return out
}
