package extract

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/graphbuild/graphbuild/schema"
)

// Warnings returns the collisions among the names of a checked rule file,
// as the matcher tokenizes them (schema.Warnings reports the rest). Each is
// a warning at the declaration it is about, sorted by position.
//
// An alias matches a text under its entity's case policy: with "fold",
// every text whose tokens are the same ignoring case; with "exact", the
// same tokens, or, when the alias starts with a lower-case letter, the same
// with that letter capitalised. Two names collide when some text matches
// both; where they match the same tokens only one of them can win:
//
//   - A duplicate alias: an alias of an entity collides with an alias of an
//     entity declared earlier, which wins wherever both match. Reported at
//     the later entity, naming the earlier and its position.
//   - A shadowed reference word: a reference word is also an alias, and a
//     name wins over a reference word; or it is a word of an earlier
//     reference too, which wins. Reported at the reference.
//
// An alias that begins a longer alias of another entity ("WeChat" and
// "WeChat Pay") is not shadowed: the longer one wins where it matches, and
// the shorter still matches alone. Entity patterns are not compared.
func Warnings(f *schema.File) []*schema.Error {
	w := &warner{f: f}
	aliases := entityAliases(f)
	byKey := make(map[string][]int) // folded tokens → indexes into aliases, in order
	for i, a := range aliases {
		byKey[a.key] = append(byKey[a.key], i)
	}
	w.duplicateAliases(aliases, byKey)
	w.referenceWords(aliases, byKey)
	sort.SliceStable(w.l, func(i, j int) bool {
		a, b := w.l[i].Pos, w.l[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return w.l
}

type warner struct {
	f *schema.File
	l []*schema.Error
}

func (w *warner) warnf(kind string, at schema.Pos, format string, args ...any) {
	w.l = append(w.l, &schema.Error{Name: w.f.Name, Pos: at, Msg: fmt.Sprintf(format, args...), Warning: true, Kind: kind})
}

// alias is one name of an entity as the matcher sees it.
type alias struct {
	text   string   // as written
	toks   []string // tokens, case kept
	key    string   // tokens in lower case, joined by spaces
	fold   bool     // the entity's case is "fold"
	entity int      // index into the rule file's Entities
}

// entityAliases returns the names and aliases of every entity, in the order
// the matcher ranks them on a tie: by entity, then name before aliases.
func entityAliases(f *schema.File) []alias {
	var out []alias
	for i, e := range f.Entities {
		for _, text := range append([]string{e.Name}, e.Aliases...) {
			toks := words(text)
			if len(toks) == 0 {
				continue
			}
			out = append(out, alias{text: text, toks: toks, key: foldKey(toks), fold: e.Case == schema.CaseFold, entity: i})
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
			w.warnf("alias-clash", later.Pos, "alias %q of entity %q matches the same text as alias %q of entity %q (declared at %s), which wins where both match",
				b.text, later.ID, a.text, first.ID, first.Pos)
		}
	}
}

func (w *warner) referenceWords(aliases []alias, byKey map[string][]int) {
	firstRef := make(map[string]int) // key → index of the first reference with that word
	for ri, r := range w.f.References {
		for _, word := range r.Words {
			toks := words(word)
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
				w.warnf("reference-clash", r.Pos, "reference word %q is also alias %q of entity %q (declared at %s), which wins where both match",
					word, a.text, e.ID, e.Pos)
			}
			switch first, ok := firstRef[key]; {
			case !ok:
				firstRef[key] = ri
			case first != ri:
				w.warnf("reference-clash", r.Pos, "reference word %q is also a word of the reference declared at %s, which wins",
					word, w.f.References[first].Pos)
			}
		}
	}
}
