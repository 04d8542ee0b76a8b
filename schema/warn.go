package schema

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Warnings returns the probable mistakes in a checked rule file: things
// Parse accepts and the matcher handles, but that a curator most likely did
// not mean. Each is an *Error with Warning set, at the declaration it is
// about (an entity, a reference, a type or a predicate: the start of its
// mapping), sorted like Parse's errors. The warnings are static: they look
// at the file alone. Whether an entity is ever mentioned or a rule ever
// fires depends on a corpus, and is for the command to tell.
//
// The warnings:
//
//   - A common word: an alias of one token that is a common English word
//     (commonwords.txt) and matches it in ordinary prose, because the
//     entity's case is "fold" or the alias has no upper-case letter.
//   - A reference entity outside the reference's types: the reference lists
//     an entity whose type is none of its types nor descends from one, so
//     it never resolves to that entity.
//   - An unused type: no entity, reference, predicate or rule names it, and
//     no type has it as parent.
//   - An unstated predicate: no rule states it.
//   - An optional gap: an optional part that holds nothing but a gap of
//     MinOptionalGap tokens or more ("[( ...10 )]"), which lets a match skip
//     that many tokens without a word to show for it; usually brackets
//     meant literally, which are written \( \) \[ \].
//
// Aliases that collide with one another, or with reference words, are
// compared as the matcher tokenizes them, so extract.Warnings reports them.
func Warnings(f *File) []*Error {
	w := &warner{f: f}
	w.commonWordAliases()
	w.referenceEntities()
	w.unusedTypes()
	w.unstatedPredicates()
	w.multiplyingPatterns()
	w.optionalGaps()
	if len(w.l) == 0 {
		return nil
	}
	w.l.sort()
	return w.l
}

type warner struct {
	f *File
	l ErrorList
}

func (w *warner) warnf(kind string, at Pos, format string, args ...any) {
	w.l = append(w.l, &Error{Name: w.f.Name, Pos: at, Msg: fmt.Sprintf(format, args...), Warning: true, Kind: kind})
}

//go:embed commonwords.txt
var commonWordsText string

// commonWords is the set of words in commonwords.txt, which says where they
// come from.
var commonWords = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool)
	for line := range strings.Lines(commonWordsText) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
})

func (w *warner) commonWordAliases() {
	for _, e := range w.f.Entities {
		for k := -1; k < len(e.Aliases); k++ {
			text := e.Name
			if k >= 0 {
				text = e.Aliases[k]
			}
			if hasASCIINonLetter(text) {
				continue // lower case keeps it, and the list has words of letters only
			}
			key := strings.ToLower(text)
			if !commonWords()[key] {
				continue // a common word is one word of letters: no name of several tokens is in the list
			}
			switch {
			case e.Case == CaseFold:
				w.warnf("common-word", e.Pos, "alias %q of entity %q is a common English word, and case %q makes every %q in the text a mention, in any case",
					text, e.ID, CaseFold, key)
			case text == key:
				capital := string(unicode.ToUpper(rune(key[0]))) + key[1:]
				w.warnf("common-word", e.Pos, "alias %q of entity %q is a common English word, and in lower case it makes every %q and %q in the text a mention",
					text, e.ID, key, capital)
			}
		}
	}
}

// hasASCIINonLetter reports whether s has an ASCII byte that is not a
// letter: a space, a digit or punctuation.
func hasASCIINonLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x80 && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return true
		}
	}
	return false
}

func (w *warner) referenceEntities() {
	for _, r := range w.f.References {
		if len(r.Types) == 0 {
			continue
		}
		for _, id := range r.Entities {
			e, ok := w.f.Entity(id)
			if !ok || slices.ContainsFunc(r.Types, func(t string) bool { return w.f.IsA(e.Type, t) }) {
				continue
			}
			w.warnf("reference-type", r.Pos, "reference entity %q has type %q, which is none of the reference's types (%s), so the reference never resolves to it",
				id, e.Type, strings.Join(r.Types, ", "))
		}
	}
}

func (w *warner) unusedTypes() {
	used := make(map[string]bool)
	use := func(ids ...string) {
		for _, id := range ids {
			used[id] = true
		}
	}
	for _, t := range w.f.Types {
		use(t.Parent)
	}
	for _, e := range w.f.Entities {
		use(e.Type)
	}
	for _, r := range w.f.References {
		use(r.Types...)
	}
	for _, p := range w.f.Predicates {
		use(p.Subject...)
		use(p.Object...)
	}
	for _, r := range w.f.Rules {
		use(r.Subject...)
		use(r.Object...)
	}
	for _, n := range w.f.Names {
		use(n.Type)
	}
	use(w.f.Roles.Type)
	for _, t := range w.f.Types {
		if !used[t.ID] {
			w.warnf("unused-type", t.Pos, "type %q is never used (by an entity, a reference, a predicate, a rule or as a parent)", t.ID)
		}
	}
}

func (w *warner) unstatedPredicates() {
	stated := make(map[string]bool)
	for _, r := range w.f.Rules {
		stated[r.Predicate] = true
	}
	for _, p := range w.f.Predicates {
		if !stated[p.ID] {
			w.warnf("unstated-predicate", p.Pos, "predicate %q is stated by no rule", p.ID)
		}
	}
}

// MinOptionalGap is the smallest gap that an optional part holding nothing
// else is warned about: "[...3]" is a plausible way to allow a few words.
const MinOptionalGap = 5

func (w *warner) optionalGaps() {
	for _, r := range w.f.Rules {
		for _, p := range r.Patterns {
			nodes, err := ParsePattern(p.Expr)
			if err != nil {
				continue
			}
			walkNodes(nodes, func(n Node) {
				if n.Kind != Opt {
					return
				}
				if g, ok := onlyGap(n.Alts[0]); ok && g.Max >= MinOptionalGap {
					w.warnf("optional-gap", p.Pos, "rule %q: pattern %q: the optional part at byte %d holds only a gap of up to %d tokens, so the match may skip them for nothing; to match a bracket literally write %s (%s in a double-quoted YAML string)",
						r.ID, p.Expr, n.Offset+1, g.Max, `\(`, `"\\("`)
				}
			})
		}
	}
}

// onlyGap returns the gap that seq consists of, looking through groups of
// one alternative: "...10", "( ...10 )", "[( ...10 )]".
func onlyGap(seq []Node) (Node, bool) {
	for len(seq) == 1 && (seq[0].Kind == Alt || seq[0].Kind == Opt) && len(seq[0].Alts) == 1 {
		seq = seq[0].Alts[0]
	}
	if len(seq) == 1 && seq[0].Kind == Gap {
		return seq[0], true
	}
	return Node{}, false
}

// walkNodes calls f on every node of seq, depth first.
func walkNodes(seq []Node, f func(Node)) {
	for _, n := range seq {
		f(n)
		for _, a := range n.Alts {
			walkNodes(a, f)
		}
	}
}
