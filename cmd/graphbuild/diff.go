package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/store"
)

// change is one evidence that a rule change added, removed or changed:
// Kind is "added", "removed", "modality" (the same fact in the same
// sentence, now negated, hedged or plain) or "date" (its date qualifier).
type change struct {
	Kind     string `json:"kind"`
	Added    bool   `json:"added"` // for "added"; kept for scripts of the first version
	Rule     string `json:"rule"`
	Subject  string `json:"subject"`
	Relation string `json:"relation"`
	Object   string `json:"object"`
	Doc      string `json:"document"`
	Sentence string `json:"sentence"`
	// For a modality or date change, what it was before.
	Was string `json:"was,omitempty"`
	Now string `json:"now,omitempty"`
}

const diffUsage = "[-out out | -db URL] [-json] [OLD.nq NEW.nq] | -corpus [NAME=]DIR ... [-rules graph.yaml] [-accepted dir] [-accept] [-json]"

func runDiff(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("diff", diffUsage, stderr)
	out := fset.String("out", "out", "the directory the graphs were built in")
	db := dbFlag(fset)
	asJSON := fset.Bool("json", false, "print the changes as JSON")
	var corpora corpusList
	fset.Var(&corpora, "corpus", "a corpus to compare with its accepted graph, DIR or NAME=DIR; repeat for several")
	rules := fset.String("rules", "graph.yaml", "with -corpus: the rule file")
	accepted := fset.String("accepted", "accepted", "with -corpus: the folder of the accepted graphs, NAME.jsonl per corpus")
	accept := fset.Bool("accept", false, "with -corpus: after showing the changes, accept the new graphs")
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	if len(corpora) > 0 {
		if fset.NArg() != 0 {
			fset.Usage()
			return 2
		}
		return diffCorpora(corpora, *rules, *accepted, *accept, *asJSON, stdout, stderr)
	}
	oldPath, newPath := filepath.Join(*out, "previous.nq"), filepath.Join(*out, "graph.nq")
	switch fset.NArg() {
	case 0:
	case 2:
		oldPath, newPath = fset.Arg(0), fset.Arg(1)
	default:
		fset.Usage()
		return 2
	}
	if where := graphDB(fset, *db, *out); fset.NArg() == 0 && store.IsPostgres(where) {
		// The server keeps the build before the current one.
		oldPath, newPath = where+"#previous", where
	}
	before, err := readEvidence(oldPath)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		if os.IsNotExist(err) && fset.NArg() == 0 {
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
		writeJSON(stdout, changes)
		return 0
	}
	printChanges(stdout, changes)
	return 0
}

// corpusDiff is what diff -corpus reports of one corpus.
type corpusDiff struct {
	Name     string   `json:"name"`
	Dir      string   `json:"dir"`
	Accepted bool     `json:"accepted"` // there was an accepted graph to compare with
	Evidence int      `json:"evidence"` // in the new graph
	Changes  []change `json:"changes"`
}

// diffCorpora extracts each corpus with the rules and compares its
// evidence with the corpus's accepted graph; with accept, the new
// evidence becomes the accepted graph.
func diffCorpora(corpora corpusList, rules, dir string, accept, asJSON bool, stdout, stderr io.Writer) int {
	f, ok := loadRules(rules, stderr)
	if !ok {
		return 1
	}
	m := extract.Compile(f)
	var reps []corpusDiff
	news := make([][]extract.Evidence, len(corpora))
	for i, c := range corpora {
		evs, err := corpusEvidence(m, c.Dir)
		if err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
		news[i] = evs
		old, err := readAccepted(filepath.Join(dir, c.Name+".jsonl"))
		rep := corpusDiff{Name: c.Name, Dir: c.Dir, Accepted: err == nil, Evidence: len(evs)}
		switch {
		case errors.Is(err, fs.ErrNotExist):
			rep.Changes = []change{}
		case err != nil:
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		default:
			rep.Changes = diffEvidence(old, evs)
		}
		reps = append(reps, rep)
	}
	if asJSON {
		writeJSON(stdout, reps)
	} else {
		for i, rep := range reps {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "== %s (%s): ", rep.Name, rep.Dir)
			if !rep.Accepted {
				fmt.Fprintf(stdout, "%d evidence, no accepted graph yet (-accept records it)\n", rep.Evidence)
				continue
			}
			printChanges(stdout, rep.Changes)
		}
	}
	if accept {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
		for i, c := range corpora {
			if err := writeAccepted(filepath.Join(dir, c.Name+".jsonl"), news[i]); err != nil {
				fmt.Fprintf(stderr, "graphbuild: %v\n", err)
				return 1
			}
		}
		if !asJSON {
			fmt.Fprintf(stdout, "\naccepted: %d corpora in %s\n", len(corpora), dir)
		}
	}
	return 0
}

// acceptedEvidence is one line of an accepted graph: what diff compares.
type acceptedEvidence struct {
	Doc      string `json:"doc"`
	Sentence string `json:"sentence"`
	Subject  string `json:"subject"`
	Relation string `json:"relation"`
	Object   string `json:"object"`
	Date     string `json:"date,omitempty"`
	Rule     string `json:"rule"`
	Pattern  int    `json:"pattern"`
}

// readAccepted reads an accepted graph written by writeAccepted.
func readAccepted(path string) ([]extract.Evidence, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var evs []extract.Evidence
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for line := 1; sc.Scan(); line++ {
		var a acceptedEvidence
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		p, mod := extract.ParseRelation(a.Relation)
		evs = append(evs, extract.Evidence{
			Fact: extract.Fact{Subject: a.Subject, Predicate: p, Object: a.Object, Modality: mod},
			Doc:  a.Doc, Sentence: a.Sentence, Date: a.Date, Rule: a.Rule, Pattern: a.Pattern,
		})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return evs, nil
}

// writeAccepted writes evidence as JSON lines, atomically.
func writeAccepted(path string, evs []extract.Evidence) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".accepted-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	for _, e := range evs {
		b, _ := json.Marshal(acceptedEvidence{e.Doc, e.Sentence, e.Fact.Subject, e.Fact.Relation(), e.Fact.Object, e.Date, e.Rule, e.Pattern})
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := cmp.Or(w.Flush(), tmp.Close()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
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

// sighting is what makes two evidences the same across builds: the
// fact, the document and the sentence, whatever the rule and its
// position; the modality is compared apart, so a fact that became hedged
// is a change, not a removal and an addition.
type sighting struct {
	subject, predicate, object string
	doc, sentence              string
}

func sightingOf(e extract.Evidence) sighting {
	return sighting{e.Fact.Subject, e.Fact.Predicate, e.Fact.Object, e.Doc, e.Sentence}
}

// diffEvidence lists what changed between two sets of evidence: removed,
// added, and the sightings whose modality or date changed; sorted by
// rule, then removed before added and changed, then document and fact.
func diffEvidence(before, after []extract.Evidence) []change {
	index := func(evs []extract.Evidence) map[sighting][]extract.Evidence {
		m := make(map[sighting][]extract.Evidence, len(evs))
		for _, e := range evs {
			k := sightingOf(e)
			m[k] = append(m[k], e)
		}
		return m
	}
	old, cur := index(before), index(after)
	changes := []change{}
	add := func(kind string, e extract.Evidence, was, now string) {
		changes = append(changes, change{kind, kind == "added", e.Rule, e.Fact.Subject, e.Fact.Relation(), e.Fact.Object, e.Doc, e.Sentence, was, now})
	}
	for k, olds := range old {
		news := cur[k]
		// The same modality on both sides first; then pair off the rest.
		var restOld, restNew []extract.Evidence
		for _, o := range olds {
			i := slices.IndexFunc(news, func(n extract.Evidence) bool { return n.Fact == o.Fact })
			if i < 0 {
				restOld = append(restOld, o)
				continue
			}
			if n := news[i]; n.Date != o.Date {
				add("date", n, dateText(o.Date), dateText(n.Date))
			}
			news = slices.Delete(slices.Clone(news), i, i+1)
		}
		restNew = news
		for len(restOld) > 0 && len(restNew) > 0 {
			o, n := restOld[0], restNew[0]
			add("modality", n, o.Fact.Relation(), n.Fact.Relation())
			restOld, restNew = restOld[1:], restNew[1:]
		}
		for _, o := range restOld {
			add("removed", o, "", "")
		}
		cur[k] = restNew
	}
	for _, news := range cur {
		for _, n := range news {
			add("added", n, "", "")
		}
	}
	order := map[string]int{"removed": 0, "added": 1, "modality": 2, "date": 3}
	slices.SortFunc(changes, func(a, b change) int {
		return cmp.Or(
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(order[a.Kind], order[b.Kind]),
			cmp.Compare(a.Doc, b.Doc),
			cmp.Compare(a.Subject+" "+a.Relation+" "+a.Object, b.Subject+" "+b.Relation+" "+b.Object),
			cmp.Compare(a.Sentence, b.Sentence),
		)
	})
	return changes
}

func dateText(d string) string {
	if d == "" {
		return "none"
	}
	return d
}

func printChanges(w io.Writer, changes []change) {
	n := map[string]int{}
	for _, c := range changes {
		n[c.Kind]++
	}
	fmt.Fprintf(w, "%d evidence added, %d removed", n["added"], n["removed"])
	if n["modality"]+n["date"] > 0 {
		fmt.Fprintf(w, ", %d changed modality, %d changed date", n["modality"], n["date"])
	}
	fmt.Fprintln(w)
	rule := "\x00"
	for _, c := range changes {
		if c.Rule != rule {
			rule = c.Rule
			fmt.Fprintf(w, "\nrule %s\n", rule)
		}
		switch c.Kind {
		case "modality":
			fmt.Fprintf(w, "  ~ %s %s %s  was %s  [%s]\n      %s\n", c.Subject, c.Relation, c.Object, c.Was, c.Doc, c.Sentence)
		case "date":
			fmt.Fprintf(w, "  ~ %s %s %s  date %s → %s  [%s]\n      %s\n", c.Subject, c.Relation, c.Object, c.Was, c.Now, c.Doc, c.Sentence)
		default:
			sign := "-"
			if c.Added {
				sign = "+"
			}
			fmt.Fprintf(w, "  %s %s %s %s  [%s]\n      %s\n", sign, c.Subject, c.Relation, c.Object, c.Doc, c.Sentence)
		}
	}
}
