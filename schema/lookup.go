package schema

// index holds the lookup tables Parse builds: where each id is in
// File.Types, File.Entities and File.Predicates.
type index struct {
	types, entities, predicates map[string]int
	// patterns holds the rules' patterns as Parse parsed them, by Expr,
	// so that extract.Compile does not parse them again.
	patterns map[string][]Node
}

func newIndex() *index {
	return &index{types: map[string]int{}, entities: map[string]int{}, predicates: map[string]int{}, patterns: map[string][]Node{}}
}

// PatternNodes returns the elements of expr, a pattern of one of f's
// rules, as Parse parsed it, or false for a File that Parse did not
// return or an expr that is none of its rules' patterns. The nodes are
// shared: the caller must not change them.
func (f *File) PatternNodes(expr string) ([]Node, bool) {
	if f.index == nil {
		return nil, false
	}
	nodes, ok := f.index.patterns[expr]
	return nodes, ok
}

// Type returns the type with the given id.
func (f *File) Type(id string) (Type, bool) {
	var table map[string]int
	if f.index != nil {
		table = f.index.types
	}
	return lookup(f.Types, table, id, func(t Type) string { return t.ID })
}

// Entity returns the entity with the given id.
func (f *File) Entity(id string) (Entity, bool) {
	var table map[string]int
	if f.index != nil {
		table = f.index.entities
	}
	return lookup(f.Entities, table, id, func(e Entity) string { return e.ID })
}

// Predicate returns the predicate with the given id.
func (f *File) Predicate(id string) (Predicate, bool) {
	var table map[string]int
	if f.index != nil {
		table = f.index.predicates
	}
	return lookup(f.Predicates, table, id, func(p Predicate) string { return p.ID })
}

// IsA reports whether type typ is ancestor or descends from it through
// parents. It is true for typ == ancestor even if no such type exists.
func (f *File) IsA(typ, ancestor string) bool {
	// A File from Parse has no cycle of parents; the bound keeps IsA finite
	// on one built by hand.
	for range len(f.Types) + 1 {
		if typ == ancestor {
			return true
		}
		t, ok := f.Type(typ)
		if !ok || t.Parent == "" {
			return false
		}
		typ = t.Parent
	}
	return false
}

// lookup finds id in s through table, the index Parse built, or by a scan
// where there is no index (a File built by hand) or it no longer fits s (a
// File changed after Parse).
func lookup[T any](s []T, table map[string]int, id string, key func(T) string) (T, bool) {
	var zero T
	if table != nil && len(table) == len(s) {
		i, ok := table[id]
		if !ok {
			return zero, false
		}
		if i < len(s) && key(s[i]) == id {
			return s[i], true
		}
	}
	for _, v := range s {
		if key(v) == id {
			return v, true
		}
	}
	return zero, false
}
