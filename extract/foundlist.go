package extract

import (
	"sort"
	"strings"
)

// FoundNames collects the entities name rules found over the documents of
// a corpus, for a curator to turn into entities of the rule file.
type FoundNames struct {
	byID map[string]*FoundName
}

// FoundName is a found entity over a corpus: Name is its longest form,
// Type and Rule those of the first document it was found in, in the order
// documents were added.
type FoundName struct {
	ID, Name, Type, Rule string
	Aliases              []string // its other forms, sorted
	Count                int      // mentions, references included
	Docs                 int      // documents it is mentioned in
}

// Add collects the found entities of one extracted document.
func (l *FoundNames) Add(r *Result) {
	if l.byID == nil {
		l.byID = make(map[string]*FoundName)
	}
	for _, f := range r.Found {
		n := l.byID[f.ID]
		if n == nil {
			n = &FoundName{ID: f.ID, Name: f.Name, Type: f.Type, Rule: f.Rule}
			l.byID[f.ID] = n
		}
		n.Count += f.Count
		n.Docs++
		forms := append([]string{f.Name}, f.Aliases...)
		for _, a := range forms {
			if len(a) > len(n.Name) {
				n.Aliases = append(n.Aliases, n.Name)
				n.Name = a
			} else if a != n.Name {
				n.Aliases = append(n.Aliases, a)
			}
		}
		sort.Strings(n.Aliases)
		n.Aliases = compactStrings(n.Aliases)
	}
}

// Names returns the found entities, most mentioned first, then by id.
func (l *FoundNames) Names() []FoundName {
	out := make([]FoundName, 0, len(l.byID))
	for _, n := range l.byID {
		out = append(out, *n)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Count != out[b].Count {
			return out[a].Count > out[b].Count
		}
		return out[a].ID < out[b].ID
	})
	return out
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// YAMLScalar writes s as a YAML flow scalar: plain when that reads back
// as the same string, else double-quoted.
func YAMLScalar(s string) string {
	plain := s != "" && !strings.ContainsAny(s, ":#[]{},&*!|>'\"%@`\\") && strings.TrimSpace(s) == s &&
		!strings.ContainsAny(s[:1], "-?")
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		plain = false
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
