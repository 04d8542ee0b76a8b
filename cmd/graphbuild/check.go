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
	Warnings   []warningJSON `json:"warnings"`
}

type warningJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("check", "[-rules graph.yaml] [-corpus corpus | -no-corpus] [-strict] [-json]", stderr)
	rules := fset.String("rules", "graph.yaml", "the rule file")
	corpus := fset.String("corpus", "corpus", "the folder of articles the corpus warnings come from; skipped if the default is missing")
	noCorpus := fset.Bool("no-corpus", false, "skip the warnings that need the corpus (entities never mentioned, rules that never fire)")
	strict := fset.Bool("strict", false, "exit with status 1 if there are warnings")
	asJSON := fset.Bool("json", false, "print the counts and the warnings as JSON")
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	if fset.NArg() != 0 {
		fset.Usage()
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
	code := 0
	if *strict && len(warnings) > 0 {
		code = 1
	}
	if *asJSON {
		rep := checkReport{len(f.Types), len(f.Entities), len(f.References), len(f.Predicates), len(f.Rules), docs, []warningJSON{}}
		for _, w := range warnings {
			rep.Warnings = append(rep.Warnings, warningJSON{w.Name, w.Pos.Line, w.Pos.Col, w.Msg})
		}
		writeJSON(stdout, rep)
		return code
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, w)
	}
	status := "ok"
	if code != 0 {
		status = "failed (-strict)"
	}
	fmt.Fprintf(stdout, "%s: %s: %d types, %d entities, %d references, %d predicates, %d rules",
		*rules, status, len(f.Types), len(f.Entities), len(f.References), len(f.Predicates), len(f.Rules))
	if len(warnings) > 0 {
		fmt.Fprintf(stdout, "; %s", count(len(warnings), "warning"))
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
	warn := func(at schema.Pos, format string, args ...any) {
		out = append(out, &schema.Error{Name: f.Name, Pos: at, Msg: fmt.Sprintf(format, args...), Warning: true})
	}
	docs := count(len(paths), "document")
	for _, e := range f.Entities {
		if acc.entities[e.ID] == nil {
			warn(e.Pos, "entity %q is never mentioned in the corpus (%s)", e.ID, docs)
		}
	}
	for ri, r := range f.Rules {
		matches := 0
		for _, n := range acc.matches[ri] {
			matches += n
		}
		switch {
		case matches == 0:
			warn(r.Pos, "rule %q never fires on the corpus (%s)", r.ID, docs)
			continue
		case acc.evidence[ri] == 0:
			warn(r.Pos, "rule %q adds nothing on the corpus (%s): where it matches (%s), other rules found the same facts first",
				r.ID, docs, count(matches, "time"))
		}
		for pi, p := range r.Patterns {
			if len(r.Patterns) > 1 && acc.matches[ri][pi] == 0 && !r.Generated {
				warn(p.Pos, "pattern %d of rule %q never fires on the corpus (%s); its other patterns do", pi+1, r.ID, docs)
			}
		}
	}
	return len(paths), out, nil
}
