package main

import (
	"cmp"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
)

// unresolvedReport lists the references that found nothing, grouped by
// the reference declaration and the words as written, the most frequent
// first.
type unresolvedReport struct {
	Documents  int               `json:"documents"`
	References int               `json:"references"` // reference words in the corpus, resolved or not
	Unresolved int               `json:"unresolved"`
	Groups     []unresolvedGroup `json:"groups"`
}

type unresolvedGroup struct {
	Words    string        `json:"words"` // as written, in lower case
	Position string        `json:"position"`
	Count    int           `json:"count"`
	Places   []unfoundJSON `json:"places"`
}

type unfoundJSON struct {
	sentenceRef
	Span spanJSON `json:"span"`
	Text string   `json:"text"` // the sentence
	Why  string   `json:"why"`
	// The nearest earlier name the reference fits, beyond its window.
	Beyond      string `json:"beyond,omitempty"`
	BeyondSents int    `json:"beyond_sentences,omitempty"` // how many sentences back
}

func runUnresolved(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("unresolved", "[-rules graph.yaml] [-corpus corpus] [-top N] [-json]", stderr)
	rules := fset.String("rules", "graph.yaml", "the rule file")
	corpus := fset.String("corpus", "corpus", "the folder of articles (*.txt, read recursively)")
	top := fset.Int("top", 5, "sentences shown per reference (-json gives them all)")
	asJSON := fset.Bool("json", false, "print the references as JSON")
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	if fset.NArg() != 0 || *top < 0 {
		fset.Usage()
		return 2
	}
	f, ok := loadRules(*rules, stderr)
	if !ok {
		return 1
	}
	m := extract.Compile(f)
	paths, err := listCorpus(*corpus)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	rep := &unresolvedReport{Groups: []unresolvedGroup{}}
	groups := map[string]*unresolvedGroup{}
	err = eachResult(m, paths, runtime.GOMAXPROCS(0), func(x extracted) {
		r := x.result
		d := r.Doc
		rep.Documents++
		for _, mn := range r.Mentions {
			if mn.Reference {
				rep.References++
			}
		}
		rep.References += len(r.UnresolvedRefs)
		for _, u := range m.Unresolved(r) {
			rep.Unresolved++
			key := fmt.Sprintf("%d\x00%s", u.Mention.Group, strings.ToLower(u.Text))
			g := groups[key]
			if g == nil {
				g = &unresolvedGroup{Words: strings.ToLower(u.Text), Position: rulePos(f, f.References[u.Mention.Group].Pos)}
				groups[key] = g
			}
			g.Count++
			uj := unfoundJSON{sentenceRef: sentenceRef{d.ID, u.Mention.Sentence + 1}, Span: spanOf(u.Mention.Span), Text: d.SentenceText(u.Mention.Sentence), Why: u.Why}
			if u.Beyond.Entity != "" {
				uj.Beyond, uj.BeyondSents = u.Beyond.Entity, u.Mention.Sentence-u.Beyond.Sentence
			}
			g.Places = append(g.Places, uj)
		}
	})
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	for _, g := range groups {
		rep.Groups = append(rep.Groups, *g)
	}
	slices.SortFunc(rep.Groups, func(a, b unresolvedGroup) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Words, b.Words), cmp.Compare(a.Position, b.Position))
	})
	if *asJSON {
		writeJSON(stdout, rep)
		return 0
	}
	fmt.Fprintf(stdout, "%d of %d references found nothing, in %s\n", rep.Unresolved, rep.References, count(rep.Documents, "document"))
	for _, g := range rep.Groups {
		fmt.Fprintf(stdout, "\n«%s»  %s  %d\n", g.Words, g.Position, g.Count)
		for i, p := range g.Places {
			if i == *top {
				fmt.Fprintf(stdout, "  and %d more (-top, -json)\n", len(g.Places)-i)
				break
			}
			fmt.Fprintf(stdout, "  %s  bytes %d-%d: %s", p.sentenceRef, p.Span.Start, p.Span.End, p.Why)
			if p.Beyond != "" {
				fmt.Fprintf(stdout, "; %s is named %s before", p.Beyond, count(p.BeyondSents, "sentence"))
			}
			fmt.Fprintf(stdout, "\n    %s\n", p.Text)
		}
	}
	return 0
}
