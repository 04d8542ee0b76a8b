package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"unicode/utf8"

	"github.com/graphbuild/graphbuild/extract"
)

// candidateReport is what candidates prints.
type candidateReport struct {
	Names      []nameJSON `json:"names"`       // at most -top
	NamesTotal int        `json:"names_total"` // distinct names found
	Pairs      []pairJSON `json:"pairs"`       // groups, at most -top
	GroupTotal int        `json:"pair_groups_total"`
	PairTotal  int        `json:"pairs_total"`
	// What the rule file's ignore section left out.
	IgnoredNames int `json:"ignored_names"`
	IgnoredPairs int `json:"ignored_pairs"`
	// The entities name rules found, most mentioned first, at most -top.
	Found      []extract.FoundName `json:"found"`
	FoundTotal int                 `json:"found_total"`
}

type nameJSON struct {
	Text      string    `json:"text"`
	Acronym   bool      `json:"acronym,omitempty"`
	Count     int       `json:"count"`
	Documents int       `json:"documents"`
	PartOf    string    `json:"part_of,omitempty"`
	Score     float64   `json:"score"`
	Example   placeJSON `json:"example"`
}

type pairJSON struct {
	Types     [2]string `json:"types"`
	Between   string    `json:"between"` // "…" for more than extract.MaxGap tokens
	Count     int       `json:"count"`
	Named     int       `json:"named"` // pairs of two names, no resolved reference
	Documents int       `json:"documents"`
	Breaks    int       `json:"clause_breaks"` // in Between
	Headlines int       `json:"headlines"`     // pairs in a headline
	Score     float64   `json:"score"`
	// Example is the two mentions of the first pair of the group, in one
	// sentence; Entities, their entities.
	Example    [2]placeJSON `json:"example"`
	Entities   [2]string    `json:"example_entities"`
	References [2]bool      `json:"example_references"` // whether each mention is a resolved reference
}

// placeJSON is a sighting: Sentence is 1-based, Start and End are bytes of
// Text, Span bytes of the file on disk.
type placeJSON struct {
	Doc      string   `json:"doc"`
	Sentence int      `json:"sentence"`
	Text     string   `json:"text"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Span     spanJSON `json:"span"`
}

type spanJSON struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

func place(s extract.Sighting) placeJSON {
	return placeJSON{Doc: s.Doc, Sentence: s.Sentence + 1, Text: s.Text, Start: s.Start, End: s.End, Span: spanJSON{s.Span.Start, s.Span.End}}
}

func runCandidates(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("candidates", "[-rules graph.yaml] [-corpus corpus] [-workers N] [-top 20] [-json | -yaml]", stderr)
	rules := fset.String("rules", "graph.yaml", "the rule file")
	corpus := fset.String("corpus", "corpus", "the folder of articles (*.txt, read recursively)")
	top := fset.Int("top", 20, "show the first N names and the first N groups of pairs (0: all)")
	workers := fset.Int("workers", runtime.GOMAXPROCS(0), "documents read and matched at once")
	asJSON := fset.Bool("json", false, "print the candidates as JSON")
	asYAML := fset.Bool("yaml", false, "print the candidates as entity and rule skeletons to paste into the rule file, the entities name rules found first")
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	if fset.NArg() != 0 || *top < 0 || *workers < 1 || *asJSON && *asYAML {
		fset.Usage()
		return 2
	}
	f, ok := loadRules(*rules, stderr)
	if !ok {
		return 1
	}
	paths, err := listCorpus(*corpus)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	m := extract.Compile(f)
	c := m.NewCandidates()
	var found extract.FoundNames
	if err := eachResult(m, paths, *workers, func(x extracted) { c.Add(x.result); found.Add(x.result) }); err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	names, groups := c.Names(), c.Pairs()
	rep := candidateReport{NamesTotal: len(names), GroupTotal: len(groups), Names: []nameJSON{}, Pairs: []pairJSON{},
		IgnoredNames: c.IgnoredNames, IgnoredPairs: c.IgnoredPairs}
	for _, g := range groups {
		rep.PairTotal += g.Count
	}
	rep.Found = found.Names()
	rep.FoundTotal = len(rep.Found)
	if *top > 0 && len(rep.Found) > *top {
		rep.Found = rep.Found[:*top]
	}
	for i, n := range names {
		if *top > 0 && i == *top {
			break
		}
		rep.Names = append(rep.Names, nameJSON{n.Text, n.Acronym, n.Count, n.Docs, n.PartOf, n.Score, place(n.Example)})
	}
	for i, g := range groups {
		if *top > 0 && i == *top {
			break
		}
		rep.Pairs = append(rep.Pairs, pairJSON{g.Types, g.Between, g.Count, g.Named, g.Docs, g.Breaks, g.Headlines, g.Score,
			[2]placeJSON{place(g.Example[0]), place(g.Example[1])}, g.Entities, g.References})
	}
	if *asYAML {
		rep.printYAML(stdout, f)
		return 0
	}
	if *asJSON {
		writeJSON(stdout, rep)
		return 0
	}
	rep.print(stdout)
	return 0
}

func (rep *candidateReport) print(w io.Writer) {
	fmt.Fprintf(w, "names no entity covers: %d%s\n", rep.NamesTotal, shown(len(rep.Names), rep.NamesTotal, "best scored"))
	if len(rep.Names) > 0 {
		fmt.Fprintln(w, "  score count")
	}
	for _, n := range rep.Names {
		var notes []string
		if n.Documents > 1 {
			notes = append(notes, fmt.Sprintf("%d documents", n.Documents))
		}
		if n.PartOf != "" {
			notes = append(notes, fmt.Sprintf("part of a name of %s", n.PartOf))
		}
		note := ""
		if len(notes) > 0 {
			note = "  (" + strings.Join(notes, "; ") + ")"
		}
		fmt.Fprintf(w, "  %5.1f  %3d  %s%s\n", n.Score, n.Count, n.Text, note)
		fmt.Fprintf(w, "              %s:%d  %s\n", n.Example.Doc, n.Example.Sentence, snippet(n.Example, 100))
	}
	fmt.Fprintf(w, "\nentity pairs in sentences where no rule fired: %s in %s%s\n",
		count(rep.PairTotal, "pair"), count(rep.GroupTotal, "group"), shown(len(rep.Pairs), rep.GroupTotal, "best scored"))
	if len(rep.Pairs) > 0 {
		fmt.Fprintln(w, "  score pairs")
	}
	for _, g := range rep.Pairs {
		var notes []string
		if g.Documents > 1 {
			notes = append(notes, fmt.Sprintf("%d documents", g.Documents))
		}
		if g.Breaks > 0 {
			notes = append(notes, count(g.Breaks, "clause break"))
		}
		if g.Headlines > 0 {
			notes = append(notes, fmt.Sprintf("%d in headlines", g.Headlines))
		}
		note := ""
		if len(notes) > 0 {
			note = "  (" + strings.Join(notes, "; ") + ")"
		}
		between := "«" + g.Between + "»"
		if g.Between == extract.LongGap {
			between = fmt.Sprintf("«%s» (more than %d words)", extract.LongGap, extract.MaxGap)
		}
		fmt.Fprintf(w, "  %5.1f  %3d  %s %s %s%s\n", g.Score, g.Count, g.Types[0], between, g.Types[1], note)
		a, b := g.Example[0], g.Example[1]
		fmt.Fprintf(w, "              %s:%d  %s\n", a.Doc, a.Sentence, pairSnippet(a, b))
		is := [2]string{"=", "="}
		for i, ref := range g.References {
			if ref {
				is[i] = "→"
			}
		}
		fmt.Fprintf(w, "              %s %s %s, %s %s %s\n", a.Text[a.Start:a.End], is[0], g.Entities[0], b.Text[b.Start:b.End], is[1], g.Entities[1])
	}
	if rep.IgnoredNames+rep.IgnoredPairs > 0 {
		fmt.Fprintf(w, "\nleft out by the rule file's ignore section: %s, %s\n", count(rep.IgnoredNames, "name"), count(rep.IgnoredPairs, "pair"))
	}
}

// shown says how many of total are shown, if not all.
func shown(n, total int, which string) string {
	if n == total {
		return ""
	}
	return fmt.Sprintf(" (the %d %s)", n, which)
}

// snippet quotes the part of a sentence a sighting is about, «marked»,
// with at most about width runes of context around it.
func snippet(p placeJSON, width int) string {
	before, seen, after := p.Text[:p.Start], p.Text[p.Start:p.End], p.Text[p.End:]
	room := max(width-utf8.RuneCountInString(seen), 20) / 2
	if r := []rune(before); len(r) > room {
		before = "…" + strings.TrimLeft(string(r[len(r)-room:]), " ")
	}
	if r := []rune(after); len(r) > room {
		after = strings.TrimRight(string(r[:room]), " ") + "…"
	}
	return `"` + before + "«" + seen + "»" + after + `"`
}

// pairSnippet quotes two mentions of one sentence, «marked», with a little
// context, and the middle of a long stretch between them left out.
func pairSnippet(a, b placeJSON) string {
	const room = 30
	text := a.Text
	before, between, after := []rune(text[:a.Start]), []rune(text[a.End:b.Start]), []rune(text[b.End:])
	s := `"`
	if len(before) > room {
		s += "…" + strings.TrimLeft(string(before[len(before)-room:]), " ")
	} else {
		s += string(before)
	}
	s += "«" + text[a.Start:a.End] + "»"
	if len(between) > 2*room {
		s += strings.TrimRight(string(between[:room]), " ") + " … " + strings.TrimLeft(string(between[len(between)-room:]), " ")
	} else {
		s += string(between)
	}
	s += "«" + text[b.Start:b.End] + "»"
	if len(after) > room {
		s += strings.TrimRight(string(after[:room]), " ") + "…"
	} else {
		s += string(after)
	}
	return s + `"`
}
