package extract

import (
	"slices"

	"github.com/graphbuild/graphbuild/schema"
)

// The matcher compares every token with pattern words and anchor words
// many times over: once per pattern tried, per start and per
// backtracking step. Comparing strings and hashing them into maps was
// most of the time of a build's extraction. So Compile numbers the folded
// words the patterns look for (its vocabulary: hundreds of words, a map
// that stays in cache), Extract looks each token of a document up once,
// and the hot loops compare and index small integers. A token whose word
// is in no pattern gets 0, which no word has. The names' trie keeps its
// strings: its first level holds every first word of every alias, and
// numbering those too made the one lookup per token slower than the
// lookups it saved.

// wordID is a folded word's number in the matcher's vocabulary; 0 is any
// word outside it.
type wordID = int32

// bitset is a set of wordIDs.
type bitset []uint64

func (b *bitset) add(id wordID) {
	for int(id>>6) >= len(*b) {
		*b = append(*b, 0)
	}
	(*b)[id>>6] |= 1 << (id & 63)
}

func (b bitset) has(id wordID) bool {
	return int(id>>6) < len(b) && b[id>>6]&(1<<(id&63)) != 0
}

// compileVocab numbers the words of the patterns, the anchors and the
// words coordination looks at, and fills in the indexes by number: it
// runs last in Compile.
func (m *Matcher) compileVocab() {
	m.vocab = make(map[string]wordID)
	m.roots = new(rootFilter)
	for w := range m.phrases.next {
		m.roots.add(w)
	}
	for pi, p := range m.patterns {
		m.internNodes(m.patterns[pi].nodes)
		m.scopes = append(m.scopes, int32(m.rules[p.rule].Scope))
	}
	anchors := make([]string, 0, len(m.anchors))
	for w := range m.anchors {
		anchors = append(anchors, w)
	}
	slices.Sort(anchors) // numbers in map order would differ from run to run
	for _, w := range anchors {
		pats := m.anchors[w]
		id := m.intern(w)
		for int(id) >= len(m.anchorByID) {
			m.anchorByID = append(m.anchorByID, nil)
		}
		m.anchorByID[id] = pats
	}
	m.idThe, m.idComma, m.idAnd, m.idOr, m.idDash = m.intern("the"), m.intern(","), m.intern("and"), m.intern("or"), m.intern("-")
	for w := range conjunctStop {
		m.conjunctStop.add(m.intern(w))
	}
	for _, p := range m.patterns {
		m.starts = append(m.starts, m.compileStart(p.nodes))
	}
	m.vocabBits = new(rootFilter)
	for w := range m.vocab {
		m.vocabBits.add(w)
	}
}

// intern returns the number of folded word w, giving it the next one if
// it has none yet.
func (m *Matcher) intern(w string) wordID {
	id, ok := m.vocab[w]
	if !ok {
		id = wordID(len(m.vocab) + 1)
		m.vocab[w] = id
	}
	return id
}

// internNodes numbers the words of compiled pattern elements, in place.
func (m *Matcher) internNodes(nodes []node) {
	for i := range nodes {
		n := &nodes[i]
		if n.kind == schema.Word {
			n.id = m.intern(n.word)
		}
		for w := range n.words {
			n.wordIDs.add(m.intern(w))
		}
		for _, a := range n.alts {
			m.internNodes(a)
		}
	}
}

// tokenIDs returns the vocabulary number of each token of d.
func (m *Matcher) tokenIDs(d *Document) []wordID {
	return m.appendTokenIDs(nil, d)
}

// appendTokenIDs is tokenIDs into dst's memory.
func (m *Matcher) appendTokenIDs(dst []wordID, d *Document) []wordID {
	ids := slices.Grow(dst[:0], len(d.Tokens))[:len(d.Tokens)]
	for i, t := range d.Tokens {
		ids[i] = 0
		if m.vocabBits.mayHave(t.Fold) {
			ids[i] = m.vocab[t.Fold]
		}
	}
	return ids
}

// rootFilter holds, for each word that starts a name or a reference (the
// first level of Matcher.phrases), a bit at rootHash of it: most tokens
// of a text start none, and a miss in the filter is cheaper than a miss
// in a map of tens of thousands of words. Matcher.vocabBits is one for
// the vocabulary.
type rootFilter [1 << 16 / 64]uint64

func rootHash(w string) uint32 {
	h := uint32(len(w)) * 0x9E3779B1
	switch n := len(w); {
	case n >= 4:
		h ^= uint32(w[0]) | uint32(w[1])<<8 | uint32(w[n-2])<<16 | uint32(w[n-1])<<24
	case n > 0:
		h ^= uint32(w[0]) | uint32(w[n-1])<<8
	}
	h *= 0x85EBCA6B
	return h >> 16
}

func (f *rootFilter) add(w string) {
	h := rootHash(w)
	f[h>>6] |= 1 << (h & 63)
}

// mayHave reports whether w may be a key of the first level.
func (f *rootFilter) mayHave(w string) bool {
	h := rootHash(w)
	return f[h>>6]&(1<<(h&63)) != 0
}
