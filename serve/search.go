package serve

import (
	"sort"
	"strings"

	"github.com/graphbuild/graphbuild/store"
)

// nameIndex completes what a user types into the entities it may name:
// every id, name and alias, compared in lower case. It is built once per
// opened graph, from the store's names (a new build brings a new index).
type nameIndex struct {
	ents    []store.Entity
	keys    []nameKey // sorted by text
	types   []string  // the types of the entities, sorted
	perType map[string]int
}

// nameKey is one name of an entity, folded.
type nameKey struct {
	text string // lower case
	ent  int    // index into ents
	as   string // the name as written
}

func newNameIndex(ents []store.Entity) *nameIndex {
	x := &nameIndex{ents: ents, perType: map[string]int{}}
	for i, e := range ents {
		x.perType[e.Type]++
		names := append([]string{e.ID, e.Name}, e.Aliases...)
		for _, n := range names {
			if n != "" {
				x.keys = append(x.keys, nameKey{fold(n), i, n})
			}
		}
	}
	for t := range x.perType {
		if t != "" {
			x.types = append(x.types, t)
		}
	}
	sort.Strings(x.types)
	sort.Slice(x.keys, func(i, j int) bool {
		if x.keys[i].text != x.keys[j].text {
			return x.keys[i].text < x.keys[j].text
		}
		return x.keys[i].ent < x.keys[j].ent
	})
	return x
}

func fold(s string) string {
	return strings.ToLower(strings.NewReplacer("’", "'", "‘", "'").Replace(strings.TrimSpace(s)))
}

// maxScan bounds the names a search that is not a prefix looks through.
const maxScan = 200_000

// search returns up to limit entities that q names, best first: an exact
// name, then names that start with q (shorter first), then names that
// contain it; each entity once, with the name that matched. ok, if not
// nil, says which types to keep. An empty q lists nothing.
func (x *nameIndex) search(q string, ok func(string) bool, limit int) []SearchResult {
	q = fold(q)
	out := []SearchResult{}
	if q == "" {
		return out
	}
	seen := map[int]bool{}
	add := func(k nameKey) bool {
		if seen[k.ent] || ok != nil && !ok(x.ents[k.ent].Type) {
			return len(out) < limit
		}
		seen[k.ent] = true
		out = append(out, SearchResult{Entity: x.ents[k.ent], Match: k.as})
		return len(out) < limit
	}
	// Names that start with q are a run of the sorted keys.
	i := sort.Search(len(x.keys), func(i int) bool { return x.keys[i].text >= q })
	var prefix []nameKey
	for j := i; j < len(x.keys) && strings.HasPrefix(x.keys[j].text, q); j++ {
		prefix = append(prefix, x.keys[j])
		if len(prefix) >= 20*limit {
			break
		}
	}
	sort.SliceStable(prefix, func(a, b int) bool { return len(prefix[a].text) < len(prefix[b].text) })
	for _, k := range prefix {
		if !add(k) {
			return out
		}
	}
	for j, k := range x.keys {
		if j >= maxScan {
			break
		}
		if strings.Contains(k.text, q) && !strings.HasPrefix(k.text, q) && !add(k) {
			return out
		}
	}
	return out
}
