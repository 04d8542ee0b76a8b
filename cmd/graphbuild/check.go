package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// checkReport is what check -json prints.
type checkReport struct {
	Types      int           `json:"types"`
	Entities   int           `json:"entities"`
	References int           `json:"references"`
	Predicates int           `json:"predicates"`
	Rules      int           `json:"rules"`
	Documents  int           `json:"documents"` // of the corpus the corpus warnings come from; 0 without one
	Kinds      []kindCount   `json:"kinds"`     // of the warnings shown, most first
	Hidden     int           `json:"hidden"`    // warnings left out by -only and -skip
	Warnings   []warningJSON `json:"warnings"`
}

type kindCount struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

type warningJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// warningKinds are the kinds of warning check gives, for -only and -skip.
var warningKinds = []string{
	"common-word", "reference-type", "unused-type", "unstated-predicate", "optional-gap", "multiplying-pattern", // schema.Warnings
	"alias-clash", "reference-clash", // extract.Warnings
	"never-mentioned", "never-fires", "adds-nothing", "pattern-never-fires", // the corpus
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("check", "[-rules graph.yaml] [-corpus corpus | -no-corpus] [-only kinds | -skip kinds] [-strict] [-json]", stderr)
	rules := fset.String("rules", "graph.yaml", "the rule file")
	corpus := fset.String("corpus", "corpus", "the folder of articles the corpus warnings come from; skipped if the default is missing")
	noCorpus := fset.Bool("no-corpus", false, "skip the warnings that need the corpus (entities never mentioned, rules that never fire)")
	strict := fset.Bool("strict", false, "exit with status 1 if there are warnings")
	asJSON := fset.Bool("json", false, "print the counts and the warnings as JSON")
	only := fset.String("only", "", "show only the warnings of these kinds, comma-separated: "+strings.Join(warningKinds, ", "))
	skip := fset.String("skip", "", "leave out the warnings of these kinds, comma-separated")
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	if fset.NArg() != 0 || *only != "" && *skip != "" {
		fset.Usage()
		return 2
	}
	onlyKinds, err1 := parseKinds(*only)
	skipKinds, err2 := parseKinds(*skip)
	if err := cmp.Or(err1, err2); err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 2
	}
	corpusSet := false
	fset.Visit(func(fl *flag.Flag) { corpusSet = corpusSet || fl.Name == "corpus" })
	f, ok := loadRules(*rules, stderr)
	if !ok {
		return 1
	}
	warnings := append(schema.Warnings(f), extract.Warnings(f)...)
	docs := 0
	if !*noCorpus {
		_, err := os.Stat(*corpus)
		if errors.Is(err, fs.ErrNotExist) && !corpusSet {
			err = nil // no corpus here: the static warnings only
		} else if err == nil {
			var more []*schema.Error
			docs, more, err = corpusWarnings(f, *corpus)
			warnings = append(warnings, more...)
		}
		if err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
	}
	slices.SortStableFunc(warnings, func(a, b *schema.Error) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col), cmp.Compare(a.Msg, b.Msg))
	})
	all := len(warnings)
	warnings = slices.DeleteFunc(warnings, func(w *schema.Error) bool {
		return onlyKinds != nil && !onlyKinds[w.Kind] || skipKinds[w.Kind]
	})
	hidden := all - len(warnings)
	kinds := countKinds(warnings)
	code := 0
	if *strict && len(warnings) > 0 {
		code = 1
	}
	if *asJSON {
		rep := checkReport{len(f.Types), len(f.Entities), len(f.References), len(f.Predicates), len(f.Rules), docs, kinds, hidden, []warningJSON{}}
		for _, w := range warnings {
			rep.Warnings = append(rep.Warnings, warningJSON{w.Name, w.Pos.Line, w.Pos.Col, w.Kind, w.Msg})
		}
		writeJSON(stdout, rep)
		return code
	}
	// Grouped by kind, the most frequent first, each in the order of the file.
	for _, k := range kinds {
		fmt.Fprintf(stderr, "%s: %d\n", k.Kind, k.Count)
		for _, w := range warnings {
			if w.Kind == k.Kind {
				fmt.Fprintf(stderr, "  %s\n", w)
			}
		}
	}
	status := "ok"
	if code != 0 {
		status = "failed (-strict)"
	}
	fmt.Fprintf(stdout, "%s: %s: %d types, %d entities, %d references, %d predicates, %d rules",
		*rules, status, len(f.Types), len(f.Entities), len(f.References), len(f.Predicates), len(f.Rules))
	if len(warnings) > 0 {
		var parts []string
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%d %s", k.Count, k.Kind))
		}
		fmt.Fprintf(stdout, "; %s (%s)", count(len(warnings), "warning"), strings.Join(parts, ", "))
	}
	if hidden > 0 {
		fmt.Fprintf(stdout, "; %d more left out by -only or -skip", hidden)
	}
	fmt.Fprintln(stdout)
	return code
}

// corpusWarnings extracts the corpus in dir and warns of the entities it
// never mentions, the rules that never fire on it, and the patterns that
// never fire where other patterns of their rule do. It returns the number
// of documents read.
func corpusWarnings(f *schema.File, dir string) (int, []*schema.Error, error) {
	paths, err := listCorpus(dir)
	if err != nil {
		return 0, nil, err
	}
	m := extract.Compile(f)
	acc := newStatsAcc(f, m)
	rep := &statsReport{}
	err = eachResult(m, paths, runtime.GOMAXPROCS(0), func(x extracted) { acc.add(x.result, rep) })
	if err != nil {
		return 0, nil, err
	}
	var out []*schema.Error
	warn := func(kind string, at schema.Pos, format string, args ...any) {
		out = append(out, &schema.Error{Name: f.Name, Pos: at, Msg: fmt.Sprintf(format, args...), Warning: true, Kind: kind})
	}
	docs := count(len(paths), "document")
	for _, e := range f.Entities {
		if acc.entities[e.ID] == nil {
			warn("never-mentioned", e.Pos, "entity %q is never mentioned in the corpus (%s)", e.ID, docs)
		}
	}
	for ri, r := range f.Rules {
		matches := 0
		for _, n := range acc.matches[ri] {
			matches += n
		}
		switch {
		case matches == 0:
			warn("never-fires", r.Pos, "rule %q never fires on the corpus (%s)", r.ID, docs)
			continue
		case acc.evidence[ri] == 0:
			warn("adds-nothing", r.Pos, "rule %q adds nothing on the corpus (%s): where it matches (%s), other rules found the same facts first",
				r.ID, docs, count(matches, "time"))
		}
		for pi, p := range r.Patterns {
			if len(r.Patterns) > 1 && acc.matches[ri][pi] == 0 && !r.Generated {
				warn("pattern-never-fires", p.Pos, "pattern %d of rule %q never fires on the corpus (%s); its other patterns do", pi+1, r.ID, docs)
			}
		}
	}
	return len(paths), out, nil
}

// parseKinds reads a comma-separated list of warning kinds; nil for none.
func parseKinds(list string) (map[string]bool, error) {
	if list == "" {
		return nil, nil
	}
	out := make(map[string]bool)
	for _, k := range strings.Split(list, ",") {
		k = strings.TrimSpace(k)
		if !slices.Contains(warningKinds, k) {
			return nil, fmt.Errorf("unknown warning kind %q (kinds: %s)", k, strings.Join(warningKinds, ", "))
		}
		out[k] = true
	}
	return out, nil
}

// countKinds counts warnings by kind, the most frequent first, then by name.
func countKinds(warnings []*schema.Error) []kindCount {
	n := make(map[string]int)
	for _, w := range warnings {
		n[w.Kind]++
	}
	out := []kindCount{}
	for k, c := range n {
		out = append(out, kindCount{k, c})
	}
	slices.SortFunc(out, func(a, b kindCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Kind, b.Kind)) })
	return out
}
