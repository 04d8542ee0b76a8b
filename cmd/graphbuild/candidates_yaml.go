package main

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// printYAML prints the candidates as skeletons to paste into the rule
// file: an entity per name (an alias where the name is part of an
// entity's name), a rule per group of pairs, and an ignore section that
// lists them all, to keep for what is not worth a rule. The choices a
// curator must make are marked "# choose".
func (rep *candidateReport) printYAML(w io.Writer, f *schema.File) {
	fmt.Fprintln(w, "# candidates, best scored first: paste the items that are right under the same sections of the rule file")
	fmt.Fprintln(w, "entities:")
	if len(rep.Names) == 0 && len(rep.Found) == 0 {
		fmt.Fprintln(w, "  []")
	}
	printFound(w, rep.Found, rep.FoundTotal)
	types := make([]string, len(f.Types))
	for i, t := range f.Types {
		types[i] = t.ID
	}
	ids := map[string]bool{}
	for _, e := range f.Entities {
		ids[e.ID] = true
	}
	for _, n := range rep.Names {
		if n.PartOf != "" {
			fmt.Fprintf(w, "  # %s: add %s to the aliases of %s\n", n.Text, yamlString(n.Text), n.PartOf)
			continue
		}
		id := slug(n.Text)
		for k := 2; ids[id]; k++ {
			id = fmt.Sprintf("%s-%d", slug(n.Text), k)
		}
		ids[id] = true
		typ := "TYPE"
		if len(types) > 0 {
			typ = types[0]
		}
		fmt.Fprintf(w, "  - {id: %s, type: %s, name: %s}  # choose the type: %s; seen %s in %s\n",
			id, typ, yamlString(n.Text), strings.Join(types, ", "), count(n.Count, "time"), count(n.Documents, "document"))
	}
	fmt.Fprintln(w, "rules:")
	if len(rep.Pairs) == 0 {
		fmt.Fprintln(w, "  []")
	}
	rules := map[string]bool{}
	for _, r := range f.Rules {
		rules[r.ID] = true
	}
	for _, g := range rep.Pairs {
		if g.Between == extract.LongGap {
			continue
		}
		pred, pattern, others := rulePatternFor(f, g)
		id := slug(g.Types[0] + " " + g.Between + " " + g.Types[1])
		for k := 2; rules[id]; k++ {
			id = fmt.Sprintf("%s-%d", slug(g.Types[0]+" "+g.Between+" "+g.Types[1]), k)
		}
		rules[id] = true
		fmt.Fprintf(w, "  - id: %s\n", id)
		if pred == "" {
			fmt.Fprintf(w, "    predicate: PREDICATE  # choose: no predicate takes %s and %s; declare one\n", g.Types[0], g.Types[1])
		} else if len(others) > 0 {
			fmt.Fprintf(w, "    predicate: %s  # choose; also fit: %s\n", pred, strings.Join(others, ", "))
		} else {
			fmt.Fprintf(w, "    predicate: %s\n", pred)
		}
		fmt.Fprintf(w, "    patterns: [%s]  # %s in %s, e.g. %s:%d\n", yamlString(pattern), count(g.Count, "pair"), count(g.Documents, "document"), g.Example[0].Doc, g.Example[0].Sentence)
	}
	fmt.Fprintln(w, "ignore:  # or keep the candidates that are noise out of the list")
	fmt.Fprintln(w, "  names:")
	for _, n := range rep.Names {
		fmt.Fprintf(w, "    - %s\n", yamlString(n.Text))
	}
	fmt.Fprintln(w, "  pairs:")
	for _, g := range rep.Pairs {
		if g.Between == extract.LongGap {
			continue
		}
		fmt.Fprintf(w, "    - {types: [%s, %s], between: %s}\n", g.Types[0], g.Types[1], yamlString(g.Between))
	}
}

// rulePatternFor picks the predicate a group of pairs may state: of
// those whose subject and object take the two types, in text order
// ("{subject} … {object}") or the other way ("{object} … {subject}"), the
// one with the most words of its id that begin a word between the
// mentions ("fined" for "was fined by"), the first on a tie; and the
// other predicates that fit too.
func rulePatternFor(f *schema.File, g pairJSON) (pred, pattern string, others []string) {
	between := strings.Fields(g.Between)
	overlap := func(id string) int {
		n := 0
		for _, w := range strings.Split(id, "_") {
			stem := w[:min(len(w), 4)]
			if len(stem) >= 3 && slices.ContainsFunc(between, func(b string) bool { return strings.HasPrefix(b, stem) }) {
				n++
			}
		}
		return n
	}
	best := -1
	fits := func(typ string, types []string) bool {
		return slices.ContainsFunc(types, func(t string) bool { return f.IsA(typ, t) })
	}
	words := escapePattern(g.Between)
	for _, p := range f.Predicates {
		var pat string
		switch {
		case fits(g.Types[0], p.Subject) && fits(g.Types[1], p.Object):
			pat = "{subject} " + words + " {object}"
		case fits(g.Types[0], p.Object) && fits(g.Types[1], p.Subject):
			pat = "{object} " + words + " {subject}"
		default:
			continue
		}
		if o := overlap(p.ID); o > best {
			if pred != "" {
				others = append(others, pred)
			}
			pred, pattern, best = p.ID, pat, o
		} else {
			others = append(others, p.ID)
		}
	}
	slices.Sort(others)
	if pred == "" {
		pattern = "{subject} " + words + " {object}"
	}
	return pred, pattern, others
}

// escapePattern writes words as pattern literals, escaping the syntax
// characters of the rule language.
func escapePattern(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`()[]{}|*\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes an id of a name: lower case, words joined by hyphens.
func slug(s string) string {
	s = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		s = "x-" + s
	}
	return s
}

// yamlString quotes s for YAML where plain text would not do.
func yamlString(s string) string {
	if s != "" && !strings.ContainsAny(s, `:#,[]{}&*!|>'"%@`+"`") && strings.TrimSpace(s) == s && !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "?") {
		return s
	}
	return strconv.Quote(s)
}
