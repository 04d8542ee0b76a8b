package schema

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Warnings returns the probable mistakes in a checked rule file: things
// Parse accepts and the matcher handles, but that a curator most likely did
// not mean. Each is an *Error with Warning set, at the declaration it is
// about (an entity, a reference, a type or a predicate: the start of its
// mapping), sorted like Parse's errors. The warnings are static: they look
// at the file alone. Whether an entity is ever mentioned or a rule ever
// fires depends on a corpus, and is for the command to tell.
//
// Aliases (an entity's name and its aliases) are compared as the matcher
// sees them: as sequences of tokens (see docs/rules.md), after Plain. An
// alias matches a text under its entity's case policy: with "fold", every
// text whose tokens are the same ignoring case; with "exact", the same
// tokens, or, when the alias starts with a lower-case letter, the same with
// that letter capitalised. A reference word matches ignoring case. Two
// names collide when some text matches both; where they match the same
// tokens only one of them can win.
//
// The warnings:
//
//   - A duplicate alias: an alias of an entity collides with an alias of an
//     entity declared earlier, which wins wherever both match. Reported at
//     the later entity, naming the earlier and its position.
//   - A shadowed reference word: a reference word collides with an alias,
//     and an entity name wins over a reference word; or it is a word of an
//     earlier reference too, which wins. Reported at the reference.
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
// Shadowing means only the two collisions above. An alias that begins a
// longer alias of another entity ("WeChat" and "WeChat Pay") is not
// shadowed: the longer one wins where it matches, and the shorter still
// matches alone. Entity patterns (regular expressions) are not compared.
func Warnings(f *File) []*Error {
	w := &warner{f: f}
	aliases := entityAliases(f)
	byKey := make(map[string][]int) // folded tokens → indexes into aliases, in order
	for i, a := range aliases {
		byKey[a.key] = append(byKey[a.key], i)
	}
	w.duplicateAliases(aliases, byKey)
	w.referenceWords(aliases, byKey)
	w.commonWordAliases(aliases)
	w.referenceEntities()
	w.unusedTypes()
	w.unstatedPredicates()
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

// alias is one name of an entity as the matcher sees it.
type alias struct {
	text   string   // as written
	toks   []string // tokens, case kept
	key    string   // tokens in lower case, joined by spaces
	fold   bool     // the entity's case is "fold"
	entity int      // index into File.Entities
}

// entityAliases returns the names and aliases of every entity, in the order
// the matcher ranks them on a tie: by entity, then name before aliases.
func entityAliases(f *File) []alias {
	var out []alias
	for i, e := range f.Entities {
		for _, text := range append([]string{e.Name}, e.Aliases...) {
			toks := tokens(text)
			if len(toks) == 0 {
				continue
			}
			out = append(out, alias{text: text, toks: toks, key: foldKey(toks), fold: e.Case == CaseFold, entity: i})
		}
	}
	return out
}

// foldKey is the tokens in lower case, joined by spaces (no token holds a
// space). Two names can match the same text only if their keys are equal.
func foldKey(toks []string) string {
	lower := make([]string, len(toks))
	for i, t := range toks {
		lower[i] = strings.ToLower(t)
	}
	return strings.Join(lower, " ")
}

// collide reports whether some text matches both a and b, two aliases with
// the same key.
func collide(a, b alias) bool {
	if a.fold || b.fold {
		return true
	}
	return slices.Equal(a.toks, b.toks) || capitalises(a.toks, b.toks) || capitalises(b.toks, a.toks)
}

// capitalises reports whether text is the exact-case alias want with its
// lower-case first letter capitalised, which the matcher accepts.
func capitalises(text, want []string) bool {
	r, size := utf8.DecodeRuneInString(want[0])
	return unicode.IsLower(r) && text[0] == string(unicode.ToUpper(r))+want[0][size:] &&
		slices.Equal(text[1:], want[1:])
}

func (w *warner) duplicateAliases(aliases []alias, byKey map[string][]int) {
	type pair struct{ alias, entity int }
	seen := make(map[pair]bool)
	for j, b := range aliases {
		for _, i := range byKey[b.key] {
			if i >= j {
				break
			}
			a := aliases[i]
			if a.entity == b.entity || seen[pair{j, a.entity}] || !collide(a, b) {
				continue
			}
			seen[pair{j, a.entity}] = true
			first, later := w.f.Entities[a.entity], w.f.Entities[b.entity]
			w.warnf(later.Pos, "alias %q of entity %q matches the same text as alias %q of entity %q (declared at %s), which wins where both match",
				b.text, later.ID, a.text, first.ID, first.Pos)
		}
	}
}

func (w *warner) referenceWords(aliases []alias, byKey map[string][]int) {
	firstRef := make(map[string]int) // key → index of the first reference with that word
	for ri, r := range w.f.References {
		for _, word := range r.Words {
			toks := tokens(word)
			if len(toks) == 0 {
				continue
			}
			key := foldKey(toks)
			named := make(map[int]bool)
			for _, i := range byKey[key] {
				a := aliases[i]
				if named[a.entity] {
					continue
				}
				named[a.entity] = true
				e := w.f.Entities[a.entity]
				w.warnf(r.Pos, "reference word %q is also alias %q of entity %q (declared at %s), which wins where both match",
					word, a.text, e.ID, e.Pos)
			}
			switch first, ok := firstRef[key]; {
			case !ok:
				firstRef[key] = ri
			case first != ri:
				w.warnf(r.Pos, "reference word %q is also a word of the reference declared at %s, which wins",
					word, w.f.References[first].Pos)
			}
		}
	}
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

func (w *warner) commonWordAliases(aliases []alias) {
	for _, a := range aliases {
		if len(a.toks) != 1 || !commonWords()[a.key] {
			continue
		}
		e := w.f.Entities[a.entity]
		switch {
		case a.fold:
			w.warnf(e.Pos, "alias %q of entity %q is a common English word, and case %q makes every %q in the text a mention, in any case",
				a.text, e.ID, CaseFold, a.key)
		case a.text == strings.ToLower(a.text):
			capital := string(unicode.ToUpper(rune(a.key[0]))) + a.key[1:]
			w.warnf(e.Pos, "alias %q of entity %q is a common English word, and in lower case it makes every %q and %q in the text a mention",
				a.text, e.ID, a.key, capital)
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
