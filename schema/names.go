package schema

import (
	"slices"
	"strings"
)

// Named returns the ids of the entities that s names: an entity id (in
// any case), which names one entity whatever aliases say, or else a name
// or an alias, compared in lower case with quotes and dashes made plain.
func (f *File) Named(s string) []string {
	for _, e := range f.Entities {
		if strings.EqualFold(e.ID, s) {
			return []string{e.ID}
		}
	}
	key := strings.ToLower(Plain(s))
	var ids []string
	for _, e := range f.Entities {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if strings.ToLower(Plain(n)) == key {
				ids = append(ids, e.ID)
				break
			}
		}
	}
	return ids
}

// WithWord returns the entities with s, in any case, as a word of their
// id, name or an alias ("ma": jack-ma, pony-ma), for a "did you mean".
func (f *File) WithWord(s string) []string {
	s = strings.ToLower(s)
	var ids []string
	for _, e := range f.Entities {
		for _, n := range append([]string{e.ID, e.Name}, e.Aliases...) {
			words := strings.FieldsFunc(strings.ToLower(Plain(n)), func(r rune) bool { return r == ' ' || r == '-' })
			if slices.Contains(words, s) {
				ids = append(ids, e.ID)
				break
			}
		}
	}
	return ids
}
