package extract

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/graphbuild/graphbuild/schema"
)

// Matcher finds mentions, resolves references and matches relation rules.
// It is compiled once from a checked rule file and is safe for concurrent
// use by many goroutines.
type Matcher struct {
	file       *schema.File
	entities   []schema.Entity
	phrases    *trieNode // aliases and reference words, keyed by folded tokens
	regexps    []entityRegexp
	refs       []reference
	rules      []rule
	anchors    map[string][]int // folded word → patterns (index into patterns) that require it
	patterns   []pattern        // every pattern of every rule
	anchorless []int            // patterns with no required word, tried everywhere

	// The vocabulary (vocab.go): the folded words the matcher looks for,
	// numbered, and what it indexes by number.
	vocab                               map[string]wordID
	anchorByID                          [][]int     // anchors by number
	scopes                              []int32     // each pattern's rule's Scope
	roots                               *rootFilter // the first level of phrases
	idThe, idComma, idAnd, idOr, idDash wordID
	conjunctStop                        bitset      // conjunctStop by number
	starts                              []startSet  // each pattern's first tokens (start.go)
	vocabBits                           *rootFilter // vocab's words, as roots has the first level of phrases
	plainMatch                          bool        // tests: match without start sets (start.go)

	prefixAnchors []prefixAnchor // patterns that require a token with a prefix
	negation      [][]string     // folded token sequences
	hedge         [][]string
	cues          cueIndex // negation and hedge, by first token

	// Type checks run per slot and per reference, so they use indexes:
	// each entity's type as an index into file.Types, and for each slot or
	// reference a table of the type indexes it accepts (descendants included).
	entityType []int
	maxScope   int
	longestCue int // tokens of the longest cue, file's or rule's

	// headWords holds, for each entity, the folded words of its names,
	// made singular, each once, for a description's head noun ("the
	// academy"). A list, not a map: an entity's names have a few words,
	// and thousands of small maps made start-up slow.
	headWords [][]string
	// nearestOnly resolves each reference to its nearest candidate, as
	// before the resolution policy: for measuring what the policy changes.
	nearestOnly bool

	// The stages of the second edition, nil when the rule file has none.
	names    *nameFinder // names.go
	blocks   *blocker    // block.go
	titles   *titleSet   // roles.go
	acronyms bool        // acronym.go: always on
}

// phrase is one alias or reference word sequence stored in the trie.
type phrase struct {
	tokens []string // normalised, case kept
	fold   bool     // ignore case
	entity int      // index into Matcher.entities, or -1
	ref    int      // index into Matcher.refs, or -1
	order  int      // declaration order, for deterministic ties
	block  int      // 1 + index into the rule file's blocks (block.go), or 0
}

type trieNode struct {
	next map[string]*trieNode
	ends []phrase
	cues uint8 // on the first level: what the word may be to name rules (names.go)
}

func (n *trieNode) insert(p phrase) {
	for _, t := range p.tokens {
		k := strings.ToLower(t)
		if n.next == nil {
			n.next = make(map[string]*trieNode)
		}
		c := n.next[k]
		if c == nil {
			c = &trieNode{}
			n.next[k] = c
		}
		n = c
	}
	n.ends = append(n.ends, p)
}

// nameWords splits the names of thousands of entities into the trie with
// few allocations: the folded words share one buffer, and trie nodes come
// in blocks. Compile's start-up grows with the entities (5,000 in a large
// curated file), and allocations are most of it.
type nameWords struct {
	toks  []Token // scratch
	folds strings.Builder
	nodes []trieNode
	words []string // blocks of the tokens and folds split returns
	ends  []phrase // blocks of trieNode.ends of one phrase
}

// split returns the tokens of name as words does, and their folds. The
// folds stay valid: the builder only ever appends.
func (nw *nameWords) split(name string) (ws, folds []string) {
	s := schema.Plain(name)
	nw.toks = appendTokens(s, 0, nw.toks[:0], &nw.folds)
	if len(nw.toks) == 0 {
		return nil, nil
	}
	n := len(nw.toks)
	if len(nw.words) < 2*n {
		nw.words = make([]string, max(4096, 2*n))
	}
	ws, folds = nw.words[:n:n], nw.words[n:2*n:2*n]
	nw.words = nw.words[2*n:]
	for k, t := range nw.toks {
		ws[k], folds[k] = s[t.Start:t.End], t.Fold
	}
	return ws, folds
}

// insert is root.insert(p), with p.tokens folded already.
func (nw *nameWords) insert(root *trieNode, p phrase, folds []string) {
	n := root
	for _, k := range folds {
		if n.next == nil {
			n.next = make(map[string]*trieNode)
		}
		c := n.next[k]
		if c == nil {
			if len(nw.nodes) == 0 {
				nw.nodes = make([]trieNode, 1024)
			}
			c = &nw.nodes[0]
			nw.nodes = nw.nodes[1:]
			n.next[k] = c
		}
		n = c
	}
	if n.ends != nil {
		n.ends = append(n.ends, p)
		return
	}
	if len(nw.ends) == 0 {
		nw.ends = make([]phrase, 1024)
	}
	nw.ends[0] = p
	n.ends, nw.ends = nw.ends[:1:1], nw.ends[1:]
}

type prefixAnchor struct {
	prefix  string
	pattern int
}

type entityRegexp struct {
	entity int
	re     *regexp.Regexp
}

type reference struct {
	types    []bool // accepted type indexes; nil: any
	entities map[string]bool
	window   int
	plural   bool
}

type rule struct {
	schema.Rule
	subject, object     []string // allowed types, for messages
	subjectOK, objectOK []bool   // the same as type indexes
	single              map[string]bool
	dated               bool // the predicate states a date: {date} is the object
	// negation and hedge are the rule's own cues when it changes the
	// file's (schema.RuleCues), else nil: the file's apply; cues indexes
	// them by first token.
	negation, hedge [][]string
	cues            cueIndex
}

// pattern is one compiled pattern of a rule.
type pattern struct {
	rule  int
	index int // within its rule
	src   string
	nodes []node
}

// node is a compiled pattern element: literal words are split into tokens
// by the same tokenizer as the text.
type node struct {
	kind   schema.NodeKind
	word   string // Word, Prefix: folded token
	max    int    // Gap
	slot   string // Slot
	alts   [][]node
	offset int // byte offset of the element in the pattern, for explanations
	// afterGap is the Max of a gap right before the element, which
	// explanations use to say over which tokens the element was tried.
	afterGap int
	// words, for an Alt, holds its alternatives of one literal token, when
	// no other alternative could match where one of those does: seq then
	// tries them with one lookup (a role's dozens of titles), and the
	// other alternatives in order. wordsAt stands for them in explanations.
	words   map[string]bool
	wordsAt *node
	id      wordID // Word: the number of word (vocab.go)
	wordIDs bitset // Alt: words by number
}

// Compile prepares a checked rule file for matching. It cannot fail on a
// file that schema.Parse accepted.
func Compile(f *schema.File) *Matcher {
	m := &Matcher{file: f, entities: f.Entities, phrases: &trieNode{}, anchors: make(map[string][]int), maxScope: 1}
	typeIndex := make(map[string]int, len(f.Types))
	for i, t := range f.Types {
		typeIndex[t.ID] = i
	}
	m.entityType = make([]int, 0, len(f.Entities))
	for _, e := range f.Entities {
		m.entityType = append(m.entityType, typeIndex[e.Type])
	}
	order := 0
	m.headWords = make([][]string, len(f.Entities))
	var names nameWords
	nameCount := 0
	for _, e := range f.Entities {
		nameCount += 1 + len(e.Aliases)
	}
	m.phrases.next = make(map[string]*trieNode, nameCount) // at most one first word a name
	heads := make([]string, 0, 3*nameCount)                // all entities' head words, in one array
	for i, e := range f.Entities {
		first := len(heads)
		for k := -1; k < len(e.Aliases); k++ {
			name := e.Name
			if k >= 0 {
				name = e.Aliases[k]
			}
			ws, folds := names.split(name)
			for _, w := range folds {
				if w = singular(w); !slices.Contains(heads[first:], w) {
					heads = append(heads, w)
				}
			}
			names.insert(m.phrases, phrase{tokens: ws, fold: e.Case == schema.CaseFold, entity: i, ref: -1, order: order}, folds)
			order++
		}
		m.headWords[i] = heads[first:len(heads):len(heads)]
		for _, p := range e.Patterns {
			m.regexps = append(m.regexps, entityRegexp{entity: i, re: regexp.MustCompile(p.Expr)})
		}
	}
	for i, r := range f.References {
		ref := reference{window: r.Window, plural: r.Plural}
		if len(r.Types) > 0 {
			ref.types = m.typeSet(r.Types)
		}
		if len(r.Entities) > 0 {
			ref.entities = make(map[string]bool)
			for _, id := range r.Entities {
				ref.entities[id] = true
			}
		}
		m.refs = append(m.refs, ref)
		for _, w := range r.Words {
			// Exact case, so "it" and "It" refer but "IT spending" does not.
			m.phrases.insert(phrase{tokens: words(w), entity: -1, ref: i, order: order})
			order++
		}
	}
	for i, r := range f.Rules {
		p, _ := f.Predicate(r.Predicate)
		cr := rule{Rule: r, subject: p.Subject, object: p.Object, dated: p.Dated()}
		if len(r.Subject) > 0 {
			cr.subject = r.Subject
		}
		if len(r.Object) > 0 {
			cr.object = r.Object
		}
		if cr.Scope < 1 {
			cr.Scope = 1
		}
		cr.subjectOK, cr.objectOK = m.typeSet(cr.subject), m.typeSet(cr.object)
		for _, slot := range r.Single {
			if cr.single == nil {
				cr.single = make(map[string]bool)
			}
			cr.single[slot] = true
		}
		m.maxScope = max(m.maxScope, cr.Scope)
		m.rules = append(m.rules, cr)
		for k, src := range r.Patterns {
			ast, ok := f.PatternNodes(src.Expr)
			if !ok {
				var err error
				if ast, err = schema.ParsePatternFor(src.Expr, cr.dated); err != nil {
					continue // cannot happen on a checked file
				}
			}
			nodes := compileNodes(ast, 0)
			idx := len(m.patterns)
			m.patterns = append(m.patterns, pattern{rule: i, index: k, src: src.Expr, nodes: nodes})
			switch a := anchor(nodes); {
			case len(a.words) == 0:
				m.anchorless = append(m.anchorless, idx)
			case a.prefix:
				m.prefixAnchors = append(m.prefixAnchors, prefixAnchor{a.words[0], idx})
			default:
				for _, w := range a.words {
					m.anchors[w] = append(m.anchors[w], idx)
				}
			}
		}
	}
	m.compileBlocks()
	m.compileTitles()
	m.compileDemonyms()
	m.compileNames(typeIndex)
	m.acronyms = true
	for _, c := range f.Cues.Negation {
		m.negation = append(m.negation, foldAll(words(c)))
	}
	for _, c := range f.Cues.Hedge {
		m.hedge = append(m.hedge, foldAll(words(c)))
	}
	m.cues = indexCues(m.negation, m.hedge)
	for i := range m.rules {
		r := &m.rules[i]
		r.negation, r.hedge = m.ruleCues(r.Cues)
		if r.negation != nil {
			r.cues = indexCues(r.negation, r.hedge)
		}
	}
	for _, cues := range [][][]string{m.negation, m.hedge} {
		for _, c := range cues {
			m.longestCue = max(m.longestCue, len(c))
		}
	}
	for _, r := range m.rules {
		for _, c := range append(slices.Clone(r.negation), r.hedge...) {
			m.longestCue = max(m.longestCue, len(c))
		}
	}
	m.compileVocab()
	return m
}

// ruleCues returns the negation and hedge cues of a rule that changes the
// file's, or nil, nil when it does not.
func (m *Matcher) ruleCues(rc schema.RuleCues) (negation, hedge [][]string) {
	if len(rc.Negation)+len(rc.Hedge)+len(rc.Drop) == 0 {
		return nil, nil
	}
	drop := make(map[string]bool)
	for _, c := range rc.Drop {
		drop[strings.Join(foldAll(words(c)), " ")] = true
	}
	keep := func(base [][]string, more []string) [][]string {
		out := [][]string{} // not nil: the rule has cues of its own, maybe none
		for _, c := range base {
			if !drop[strings.Join(c, " ")] {
				out = append(out, c)
			}
		}
		for _, c := range more {
			if ws := foldAll(words(c)); !drop[strings.Join(ws, " ")] {
				out = append(out, ws)
			}
		}
		return out
	}
	return keep(m.negation, rc.Negation), keep(m.hedge, rc.Hedge)
}

// typeSet returns, for each type of the file, whether it is one of types
// or descends from one of them.
func (m *Matcher) typeSet(types []string) []bool {
	set := make([]bool, len(m.file.Types))
	for i, t := range m.file.Types {
		for _, want := range types {
			if m.file.IsA(t.ID, want) {
				set[i] = true
			}
		}
	}
	return set
}

// words splits a name or a literal into tokens exactly as text is split.
func words(s string) []string {
	s = schema.Plain(s)
	var out []string
	for _, t := range tokenize(s, 0, nil) {
		out = append(out, s[t.Start:t.End])
	}
	return out
}

func foldAll(ws []string) []string {
	for i, w := range ws {
		ws[i] = strings.ToLower(w)
	}
	return ws
}

// compileNodes compiles a sequence of pattern elements; gap is the Max of
// a gap right before the sequence (0 if none), for explanations.
func compileNodes(ast []schema.Node, gap int) []node {
	var out []node
	for i, n := range ast {
		if i > 0 {
			gap = 0
			if ast[i-1].Kind == schema.Gap {
				gap = ast[i-1].Max
			}
		}
		switch n.Kind {
		case schema.Word, schema.Prefix:
			ws := foldAll(words(n.Word))
			for i, w := range ws {
				k := schema.Word
				if n.Kind == schema.Prefix && i == len(ws)-1 {
					k = schema.Prefix
				}
				out = append(out, node{kind: k, word: w, offset: n.Offset})
			}
			if len(ws) > 0 {
				out[len(out)-len(ws)].afterGap = gap
			}
		case schema.Gap:
			out = append(out, node{kind: schema.Gap, max: n.Max, offset: n.Offset})
		case schema.Slot:
			out = append(out, node{kind: schema.Slot, slot: n.Slot, offset: n.Offset, afterGap: gap})
		case schema.Alt, schema.Opt:
			c := node{kind: n.Kind, offset: n.Offset, afterGap: gap}
			for _, a := range n.Alts {
				c.alts = append(c.alts, compileNodes(a, gap))
			}
			if n.Kind == schema.Alt {
				wordSet(&c)
			}
			out = append(out, c)
		}
	}
	return out
}

// anchorSet is a set of words at least one of which every match of a
// pattern contains, so that a sentence without any is never tried; the
// words are prefixes when prefix is set.
type anchorSet struct {
	words  []string
	prefix bool
}

// anchor picks the most selective anchor set of a pattern from its
// top-level elements, which every match has: a literal (the longest, one
// with a letter over punctuation), or one group of alternatives that each
// have an anchor word of their own ("(probing|investigating)"), or a
// prefix. It returns no words when there is none.
func anchor(nodes []node) anchorSet {
	var best anchorSet
	bestRank := 0
	consider := func(a anchorSet, rank int) {
		if rank > bestRank {
			best, bestRank = a, rank
		}
	}
	for _, n := range nodes {
		switch n.kind {
		case schema.Word:
			consider(anchorSet{words: []string{n.word}}, wordRank(n.word))
		case schema.Prefix:
			consider(anchorSet{words: []string{n.word}, prefix: true}, 1)
		case schema.Alt:
			var words []string
			minRank := 1 << 30
			for w := range n.words {
				words = append(words, w)
				minRank = min(minRank, wordRank(w))
			}
			sort.Strings(words) // map order must not reach the anchors' order
			for _, alt := range n.alts {
				a := anchor(alt)
				if len(a.words) != 1 || a.prefix {
					words = nil
					break
				}
				words = append(words, a.words[0])
				minRank = min(minRank, wordRank(a.words[0]))
			}
			if words != nil {
				// A group is less selective than its rarest member alone.
				consider(anchorSet{words: words}, max(minRank-2, 2))
			}
		}
	}
	return best
}

// wordRank orders anchor words: a long word with a letter is rarer than a
// short one, and any word with a letter rarer than punctuation.
func wordRank(w string) int {
	if r, _ := utf8.DecodeRuneInString(w); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return 3
	}
	return 4 + utf8.RuneCountInString(w)
}

// wordSet fills in n.words when n has several alternatives of one literal
// token and every other alternative starts with a literal token that is
// none of them: whatever order they are tried in, no two can match at one
// place, so a lookup may replace trying each in turn.
func wordSet(n *node) {
	words := make(map[string]bool)
	var rest [][]node
	var at node
	for _, a := range n.alts {
		switch {
		case len(a) == 1 && a[0].kind == schema.Word:
			words[a[0].word] = true
			if a[0].offset >= at.offset {
				at = a[0]
			}
		case len(a) > 0 && a[0].kind == schema.Word:
			rest = append(rest, a)
		default:
			return
		}
	}
	for _, a := range rest {
		if words[a[0].word] {
			return
		}
	}
	if len(words) < 4 {
		return // not worth a map
	}
	n.words, n.wordsAt, n.alts = words, &at, rest
}
