package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// corpusKey is one argument of eval over several corpora: a folder of
// articles and the answer key for it.
type corpusKey struct{ Dir, Key string }

// corpusKeys reads "DIR=KEY.tsv" arguments; ok is false if any is not one.
func corpusKeys(args []string) ([]corpusKey, bool) {
	var out []corpusKey
	for _, a := range args {
		dir, key, ok := strings.Cut(a, "=")
		if !ok || dir == "" || key == "" {
			return nil, false
		}
		out = append(out, corpusKey{dir, key})
	}
	return out, len(out) > 0
}

// corpusScore is the evaluation of one corpus against its key.
type corpusScore struct {
	Corpus string     `json:"corpus"`
	Eval   evaluation `json:"evaluation"`
}

// evalCorpora extracts each corpus in memory with the rules, scores it
// against its key, and sums the scores: one command for a rule change's
// effect on every corpus.
func evalCorpora(f *schema.File, pairs []corpusKey, asJSON bool, stdout, stderr io.Writer) int {
	m := extract.Compile(f)
	var all []corpusScore
	var total score
	for _, p := range pairs {
		key, unknown, err := readKey(p.Key, f)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		evs, err := corpusEvidence(m, p.Dir)
		if err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
		ev := evaluate(key, evs)
		ev.Unknown, ev.KeyPath, ev.GraphPath = unknown, p.Key, p.Dir
		all = append(all, corpusScore{p.Dir, ev})
		total.Key += ev.Overall.Key
		total.Graph += ev.Overall.Graph
		total.Right += ev.Overall.Right
	}
	total.rates()
	if asJSON {
		writeJSON(stdout, struct {
			Corpora []corpusScore `json:"corpora"`
			Overall score         `json:"overall"`
		}{all, total})
		return 0
	}
	for _, c := range all {
		fmt.Fprintf(stdout, "== %s\n", c.Corpus)
		c.Eval.print(stdout)
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "== all corpora\n%-28s %5s %5s %5s %9s %7s %7s\n", "corpus", "key", "graph", "right", "precision", "recall", "F1")
	row := func(s score, name string) {
		fmt.Fprintf(stdout, "%-28s %5d %5d %5d %8.1f%% %6.1f%% %6.1f%%\n", name, s.Key, s.Graph, s.Right, 100*s.Precision, 100*s.Recall, 100*s.F1)
	}
	for _, c := range all {
		row(c.Eval.Overall, c.Corpus)
	}
	row(total, "all")
	return 0
}
