package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/store"
)

// change is one evidence that a rule change added or removed.
type change struct {
	Added    bool   `json:"added"`
	Rule     string `json:"rule"`
	Subject  string `json:"subject"`
	Relation string `json:"relation"`
	Object   string `json:"object"`
	Doc      string `json:"document"`
	Sentence string `json:"sentence"`
}

func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diff", "[-out out | -db URL] [-json] [OLD.nq NEW.nq]", stderr)
	out := fs.String("out", "out", "the directory the graphs were built in")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print the changes as JSON")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	oldPath, newPath := filepath.Join(*out, "previous.nq"), filepath.Join(*out, "graph.nq")
	switch fs.NArg() {
	case 0:
	case 2:
		oldPath, newPath = fs.Arg(0), fs.Arg(1)
	default:
		fs.Usage()
		return 2
	}
	if where := graphDB(fs, *db, *out); fs.NArg() == 0 && store.IsPostgres(where) {
		// The server keeps the build before the current one.
		oldPath, newPath = where+"#previous", where
	}
	before, err := readEvidence(oldPath)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		if os.IsNotExist(err) && fs.NArg() == 0 {
			fmt.Fprintln(stderr, "graphbuild: diff compares the last two builds; build twice first")
		}
		return 1
	}
	after, err := readEvidence(newPath)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	changes := diffEvidence(before, after)
	if *asJSON {
		if changes == nil {
			changes = []change{}
		}
		writeJSON(stdout, changes)
		return 0
	}
	printChanges(stdout, changes)
	return 0
}

// readEvidence reads every evidence of an N-Quads file a build wrote, or
// of the graph in a PostgreSQL database (its previous build with
// "#previous" after the URL).
func readEvidence(path string) ([]extract.Evidence, error) {
	if db, previous := strings.CutSuffix(path, "#previous"); store.IsPostgres(db) {
		pr, pw := io.Pipe()
		failed := make(chan error, 1)
		go func() {
			err := store.WriteNQuads(db, previous, pw)
			failed <- err
			pw.CloseWithError(err)
		}()
		evs, err := readEvidenceFrom(pr, store.Location(db))
		pr.Close() // stops the writer if the reader gave up
		if werr := <-failed; werr != nil && werr != io.ErrClosedPipe {
			return nil, werr // it names the server and says what is missing
		}
		return evs, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readEvidenceFrom(f, path)
}

// readEvidenceFrom reads the evidence of N-Quads from r, named path in
// messages.
func readEvidenceFrom(r io.Reader, path string) ([]extract.Evidence, error) {
	var evs []extract.Evidence
	err := store.ReadEvidence(r, func(e extract.Evidence) error { evs = append(evs, e); return nil })
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return evs, nil
}

// sighting is what makes two evidences the same across builds: the fact,
// the document and the sentence, whatever the rule and its position.
type sighting struct {
	fact     extract.Fact
	doc      string
	sentence string
}

// diffEvidence lists the evidence only one side has: removed first, then
// added, each sorted by rule, document and fact.
func diffEvidence(before, after []extract.Evidence) []change {
	index := func(evs []extract.Evidence) map[sighting]extract.Evidence {
		m := make(map[sighting]extract.Evidence, len(evs))
		for _, e := range evs {
			m[sighting{e.Fact, e.Doc, e.Sentence}] = e
		}
		return m
	}
	old, cur := index(before), index(after)
	var changes []change
	add := func(e extract.Evidence, added bool) {
		changes = append(changes, change{added, e.Rule, e.Fact.Subject, e.Fact.Relation(), e.Fact.Object, e.Doc, e.Sentence})
	}
	for k, e := range old {
		if _, ok := cur[k]; !ok {
			add(e, false)
		}
	}
	for k, e := range cur {
		if _, ok := old[k]; !ok {
			add(e, true)
		}
	}
	sort.Slice(changes, func(i, j int) bool {
		a, b := changes[i], changes[j]
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Added != b.Added {
			return !a.Added
		}
		if a.Doc != b.Doc {
			return a.Doc < b.Doc
		}
		if x, y := a.Subject+" "+a.Relation+" "+a.Object, b.Subject+" "+b.Relation+" "+b.Object; x != y {
			return x < y
		}
		return a.Sentence < b.Sentence
	})
	return changes
}

func printChanges(w io.Writer, changes []change) {
	added := 0
	for _, c := range changes {
		if c.Added {
			added++
		}
	}
	fmt.Fprintf(w, "%d evidence added, %d removed\n", added, len(changes)-added)
	rule := "\x00"
	for _, c := range changes {
		if c.Rule != rule {
			rule = c.Rule
			fmt.Fprintf(w, "\nrule %s\n", rule)
		}
		sign := "-"
		if c.Added {
			sign = "+"
		}
		fmt.Fprintf(w, "  %s %s %s %s  [%s]\n      %s\n", sign, c.Subject, c.Relation, c.Object, c.Doc, c.Sentence)
	}
}
