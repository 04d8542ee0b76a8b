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

func (w *warner) warnf(at Pos, format string, args ...any) {
	w.l = append(w.l, &Error{Name: w.f.Name, Pos: at, Msg: fmt.Sprintf(format, args...), Warning: true})
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
		for _, text := range append([]string{e.Name}, e.Aliases...) {
			key := strings.ToLower(text)
			if !commonWords()[key] {
				continue // a common word is one word of letters: no name of several tokens is in the list
			}
			switch {
			case e.Case == CaseFold:
				w.warnf(e.Pos, "alias %q of entity %q is a common English word, and case %q makes every %q in the text a mention, in any case",
					text, e.ID, CaseFold, key)
			case text == key:
				capital := string(unicode.ToUpper(rune(key[0]))) + key[1:]
				w.warnf(e.Pos, "alias %q of entity %q is a common English word, and in lower case it makes every %q and %q in the text a mention",
					text, e.ID, key, capital)
			}
		}
	}
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
			w.warnf(r.Pos, "reference entity %q has type %q, which is none of the reference's types (%s), so the reference never resolves to it",
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
	for _, t := range w.f.Types {
		if !used[t.ID] {
			w.warnf(t.Pos, "type %q is never used (by an entity, a reference, a predicate, a rule or as a parent)", t.ID)
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
			w.warnf(p.Pos, "predicate %q is stated by no rule", p.ID)
		}
	}
}
