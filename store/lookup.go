package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// NameError says why a name names no single entity: it names several
// (Candidates) or none (Suggestions, the nearest names, perhaps empty).
type NameError struct {
	Name        string
	Candidates  []Entity // sorted by id
	Suggestions []Entity // nearest first
}

func (e *NameError) Error() string {
	list := func(es []Entity) string {
		var b strings.Builder
		for i, c := range es {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", c.ID)
			if c.Name != "" && c.Name != c.ID {
				fmt.Fprintf(&b, " (%s)", c.Name)
			}
		}
		return b.String()
	}
	if len(e.Candidates) > 0 {
		return fmt.Sprintf("%q names %d entities: %s; give an id", e.Name, len(e.Candidates), list(e.Candidates))
	}
	if len(e.Suggestions) > 0 {
		return fmt.Sprintf("unknown entity %q (did you mean %s?)", e.Name, list(e.Suggestions))
	}
	return fmt.Sprintf("unknown entity %q", e.Name)
}

// maxSuggestions bounds the "did you mean" list.
const maxSuggestions = 5

// Resolve finds the entity a user means by name: an id, a name or an
// alias, in that order of preference, first as written and then ignoring
// case (and the difference between ’ and '). A name that fits several
// entities at the first level that fits any, or none at all, gives a
// *NameError listing the candidates or the nearest names.
//
// Resolution reads the gb:name and gb:alias quads, so it needs no rule
// file. An exact id or name costs an index lookup; anything else scans
// every name, which the bolt store can only do by reading every quad.
func (g *Graph) Resolve(ctx context.Context, name string) (_ Entity, err error) {
	defer g.guard(&err)()
	r := g.reader(ctx)
	name = strings.TrimSpace(name)
	if name == "" {
		return Entity{}, &NameError{Name: name}
	}
	// The id as written.
	if n := r.ref(entityIRI(name)); n != nil {
		e, err := r.entity(n)
		if err != nil {
			return Entity{}, err
		}
		return *e, nil
	}
	// A name or alias as written.
	if lit := r.ref(quad.String(name)); lit != nil {
		ents, err := r.named(lit)
		if err != nil {
			return Entity{}, err
		}
		if len(ents) > 0 {
			return r.one(name, ents)
		}
	}
	// Then ignoring case: through the names file the build wrote, or by
	// reading every name in a store without one.
	if e, err, ok := g.resolveIndexed(r, name); ok {
		return e, err
	}
	all, err := r.allNames()
	if err != nil {
		return Entity{}, err
	}
	fold := foldName(name)
	var byID, byName []graph.Ref
	seenID, seenName := map[any]bool{}, map[any]bool{}
	for _, nm := range all {
		k := key(nm.ent)
		if !seenID[k] && foldName(r.entityID(nm.ent)) == fold {
			seenID[k] = true
			byID = append(byID, nm.ent)
		}
		if !seenName[k] && foldName(nm.text) == fold {
			seenName[k] = true
			byName = append(byName, nm.ent)
		}
	}
	if len(byID) > 0 {
		return r.one(name, byID)
	}
	if len(byName) > 0 {
		return r.one(name, byName)
	}
	sug, err := r.suggest(name, all)
	if err != nil {
		return Entity{}, err
	}
	return Entity{}, &NameError{Name: name, Suggestions: sug}
}

// one returns the single entity of ents, or a NameError listing them.
func (r *reader) one(name string, ents []graph.Ref) (Entity, error) {
	var es []Entity
	for _, n := range ents {
		e, err := r.entity(n)
		if err != nil {
			return Entity{}, err
		}
		es = append(es, *e)
	}
	if len(es) == 1 {
		return es[0], nil
	}
	sort.Slice(es, func(i, j int) bool { return es[i].ID < es[j].ID })
	return Entity{}, &NameError{Name: name, Candidates: es}
}

// named returns the entities that have the literal lit as name or alias,
// each once.
func (r *reader) named(lit graph.Ref) ([]graph.Ref, error) {
	var ents []graph.Ref
	seen := map[any]bool{}
	err := r.each(quad.Object, lit, func(q graph.Ref) bool {
		p := r.dir(q, quad.Predicate)
		if r.is(p, attrName) || r.is(p, attrAlias) {
			s := r.dir(q, quad.Subject)
			if k := key(s); !seen[k] {
				seen[k] = true
				ents = append(ents, s)
			}
		}
		return true
	})
	return ents, err
}

// entityName is one name or alias of an entity.
type entityName struct {
	ent  graph.Ref
	text string
}

// allNames returns every gb:name and gb:alias quad's entity and text.
func (r *reader) allNames() ([]entityName, error) {
	var all []entityName
	for _, a := range []quad.IRI{attrName, attrAlias} {
		p := r.ref(a)
		if p == nil {
			continue
		}
		err := r.each(quad.Predicate, p, func(q graph.Ref) bool {
			all = append(all, entityName{r.dir(q, quad.Subject), r.text(r.dir(q, quad.Object))})
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return all, nil
}

// foldName is the form names are compared in when case does not matter.
func foldName(s string) string {
	return strings.ToLower(strings.NewReplacer("’", "'", "‘", "'").Replace(strings.TrimSpace(s)))
}

// suggest returns the entities whose id, name or alias is nearest to
// name: within an edit distance of a third of its length (at least 1), or
// containing it, or contained in it (for names of 3 runes or more);
// nearest first, then by id.
func (r *reader) suggest(name string, all []entityName) ([]Entity, error) {
	q := []rune(foldName(name))
	if len(q) > maxSuggestRunes {
		q = q[:maxSuggestRunes]
	}
	best := map[any]int{} // entity → smallest score
	refs := map[any]graph.Ref{}
	consider := func(n graph.Ref, text string) {
		t := foldName(text)
		score := -1
		if utf8.RuneCountInString(t) <= maxSuggestRunes {
			if d := distance(q, []rune(t)); d <= max(1, len(q)/3) {
				score = d
			}
		}
		if score < 0 && len(q) >= 3 && (strings.Contains(t, string(q)) || strings.Contains(string(q), t) && utf8.RuneCountInString(t) >= 3) {
			score = max(1, len(q)/3) + 1 // after every near miss
		}
		if score < 0 {
			return
		}
		k := key(n)
		if old, ok := best[k]; !ok || score < old {
			best[k] = score
			refs[k] = n
		}
	}
	for _, nm := range all {
		consider(nm.ent, nm.text)
		consider(nm.ent, r.entityID(nm.ent))
	}
	type scored struct {
		e     Entity
		score int
	}
	var ss []scored
	for k, score := range best {
		e, err := r.entity(refs[k])
		if err != nil {
			return nil, err
		}
		ss = append(ss, scored{*e, score})
	}
	sort.Slice(ss, func(i, j int) bool {
		if ss[i].score != ss[j].score {
			return ss[i].score < ss[j].score
		}
		return ss[i].e.ID < ss[j].e.ID
	})
	var out []Entity
	for i := 0; i < len(ss) && i < maxSuggestions; i++ {
		out = append(out, ss[i].e)
	}
	return out, nil
}

// maxSuggestRunes bounds the names suggest compares, so that a long name
// cannot make it slow.
const maxSuggestRunes = 64

// distance is the optimal string alignment distance between a and b: the
// fewest insertions, deletions, substitutions and swaps of adjacent runes
// that turn a into b.
func distance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// resolveIndexed resolves name ignoring case through the store's names
// file: ids first, then names and aliases. ok is false when the store has
// no names file, or the name is not in it (the caller then makes its
// suggestions from every name).
func (g *Graph) resolveIndexed(r *reader, name string) (e Entity, err error, ok bool) {
	dir := g.dir
	if dir == "" {
		return Entity{}, nil, false
	}
	fold := foldName(name)
	for _, kind := range []string{"i", "n"} {
		ids, found := lookupNames(dir, fold, kind)
		if !found {
			return Entity{}, nil, false
		}
		var refs []graph.Ref
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			if n := r.ref(entityIRI(id)); n != nil {
				refs = append(refs, n)
			}
		}
		if len(refs) > 0 {
			e, err := r.one(name, refs)
			return e, err, true
		}
	}
	return Entity{}, nil, false
}
