package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/store"
)

// summary is what a build reports.
type summary struct {
	Documents  int            `json:"documents"`
	Sentences  int            `json:"sentences"`
	Mentions   int            `json:"mentions"`
	References int            `json:"references_resolved"`
	Unresolved int            `json:"references_unresolved"`
	Evidence   int            `json:"evidence"`
	Facts      int            `json:"facts"`
	Relations  map[string]int `json:"facts_by_relation"`
	Warnings   []string       `json:"warnings"`
	Quads      int64          `json:"quads"`
	Skipped    []skippedFile  `json:"skipped,omitempty"` // files not read, in out/skipped.tsv
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("build", "[-rules graph.yaml] [-corpus corpus] [-out out | -db URL] [-workers N] [-strict] [-wait] [-max-doc-bytes N] [-json]", stderr)
	rules := fset.String("rules", "graph.yaml", "the rule file")
	corpus := fset.String("corpus", "corpus", "the folder of articles (*.txt, read recursively)")
	out := fset.String("out", "out", "where to write the graph")
	db := dbFlag(fset)
	workers := fset.Int("workers", runtime.GOMAXPROCS(0), "documents read and matched at once")
	asJSON := fset.Bool("json", false, "print the summary as JSON")
	maxDoc := fset.Int64("max-doc-bytes", 8<<20, "skip corpus files larger than `n` bytes (0: no limit); a build of one 8 MB document peaks at about 1.1 GB")
	wait := fset.Bool("wait", false, "when another build is running in -out, wait for it rather than exit 1")
	strict := fset.Bool("strict", false, "fail the build when a corpus file cannot be read, rather than skip it and list it in out/"+skippedName)
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	if fset.NArg() != 0 || *workers < 1 {
		fset.Usage()
		return 2
	}
	f, ok := loadRules(*rules, stderr)
	if !ok {
		return 1
	}
	paths, skipped, err := walkCorpus(*corpus, *maxDoc)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	where := graphDB(fset, *db, *out)
	if where == *out {
		// Builds into one out/ take turns (a PostgreSQL database is
		// locked by its loader).
		lock, err := store.LockBuild(*out, *wait, func() {
			fmt.Fprintf(stderr, "graphbuild: waiting for the build running in %s\n", *out)
		})
		if err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
		defer lock.Unlock()
	}
	w, err := store.CreateIn(where, *out, f)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	progress := newProgress(stderr, len(paths))
	sum := summary{Relations: map[string]int{}}
	facts := make(map[extract.Fact]bool)
	var failures []string
	for _, s := range skipped {
		if *strict {
			failures = append(failures, s.Path+": "+s.Reason)
		}
	}
	for res := range extractAll(extract.Compile(f), paths, *workers) {
		progress.step()
		if res.err != nil {
			if *strict {
				failures = append(failures, res.err.Error())
			} else {
				skipped = append(skipped, res.skip)
			}
			continue
		}
		if len(failures) > 0 {
			continue // the build fails; just read on to report every bad file
		}
		r := res.result
		if err := w.Add(r); err != nil {
			failures = append(failures, err.Error())
			continue
		}
		sum.add(r, facts)
	}
	progress.done()
	if len(failures) > 0 {
		w.Abort()
		for _, msg := range failures {
			fmt.Fprintf(stderr, "graphbuild: %s\n", msg)
		}
		fmt.Fprintf(stderr, "graphbuild: build failed; the previous graph in %s is unchanged\n", store.Location(where))
		return 1
	}
	st, err := w.Commit()
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	sum.Quads = st.Quads
	sum.Facts = len(facts)
	if err := sum.skip(*out, skipped); err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	if *asJSON {
		writeJSON(stdout, sum)
		return 0
	}
	sum.print(stdout, stderr, where, *out)
	return 0
}

type extracted struct {
	result      *extract.Result
	err         error
	skip        skippedFile   // the file and why it was not read, with err
	read, match time.Duration // time spent reading and matching the document
}

// extractAll reads and matches documents on workers goroutines and
// delivers the results in the order of paths, holding at most two
// documents per worker in memory.
func extractAll(m *extract.Matcher, paths []string, workers int) <-chan extracted {
	out := make(chan extracted)
	slots := make(chan chan extracted, 2*workers) // results in path order
	busy := make(chan struct{}, workers)
	go func() {
		defer close(slots)
		for _, p := range paths {
			slot := make(chan extracted, 1)
			slots <- slot
			busy <- struct{}{}
			go func(path string) {
				r := extractOne(m, path)
				<-busy
				slot <- r
			}(p)
		}
	}()
	go func() {
		defer close(out)
		for slot := range slots {
			out <- <-slot
		}
	}()
	return out
}

func extractOne(m *extract.Matcher, path string) extracted {
	start := time.Now()
	raw, err := os.ReadFile(path)
	if err != nil {
		return extracted{err: err, skip: readError(path, err)}
	}
	d, err := extract.Read(path, raw)
	if err != nil {
		return extracted{err: err, skip: readError(path, err)}
	}
	read := time.Now()
	r := m.Extract(d)
	return extracted{result: r, read: read.Sub(start), match: time.Since(read)}
}

func (s *summary) add(r *extract.Result, facts map[extract.Fact]bool) {
	s.Documents++
	s.Sentences += len(r.Doc.Sentences)
	for _, mn := range r.Mentions {
		if mn.Reference {
			s.References++
		} else {
			s.Mentions++
		}
	}
	s.Unresolved += r.Unresolved
	s.Evidence += len(r.Evidence)
	for _, e := range r.Evidence {
		if !facts[e.Fact] {
			facts[e.Fact] = true
			s.Relations[e.Fact.Relation()]++
		}
	}
	for _, w := range r.Doc.Warnings {
		s.Warnings = append(s.Warnings, w.String())
	}
}

// maxWarnings is how many warnings a build prints; -json gives them all.
const maxWarnings = 10

func (s *summary) print(stdout, stderr io.Writer, db, out string) {
	for i, w := range s.Warnings {
		if i == maxWarnings {
			fmt.Fprintf(stderr, "warning: ... and %d more (see -json)\n", len(s.Warnings)-maxWarnings)
			break
		}
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	fmt.Fprintf(stdout, "documents   %d\n", s.Documents)
	fmt.Fprintf(stdout, "sentences   %d\n", s.Sentences)
	fmt.Fprintf(stdout, "mentions    %d\n", s.Mentions)
	fmt.Fprintf(stdout, "references  %d resolved, %d unresolved\n", s.References, s.Unresolved)
	fmt.Fprintf(stdout, "evidence    %d\n", s.Evidence)
	fmt.Fprintf(stdout, "facts       %d\n", s.Facts)
	rels := make([]string, 0, len(s.Relations))
	for r := range s.Relations {
		rels = append(rels, r)
	}
	sort.Strings(rels)
	for _, r := range rels {
		fmt.Fprintf(stdout, "  %-28s %d\n", r, s.Relations[r])
	}
	fmt.Fprintf(stdout, "warnings    %d\n", len(s.Warnings))
	if len(s.Skipped) > 0 {
		fmt.Fprintf(stdout, "skipped     %d files (see %s)\n", len(s.Skipped), filepath.Join(out, skippedName))
	}
	fmt.Fprintf(stdout, "quads       %d\n", s.Quads)
	fmt.Fprintf(stdout, "graph       %s\n", store.Location(db))
	if !store.IsPostgres(db) {
		out = db // bolt keeps graph.nq beside its store
	}
	fmt.Fprintf(stdout, "n-quads     %s\n", filepath.Join(out, "graph.nq"))
}

// progress shows how far a build is on a terminal, and nothing otherwise.
type progress struct {
	w          io.Writer
	total, n   int
	last       time.Time
	onTerminal bool
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, onTerminal: isTerminal(w)}
}

func (p *progress) step() {
	p.n++
	if p.onTerminal && time.Since(p.last) > 200*time.Millisecond {
		p.last = time.Now()
		fmt.Fprintf(p.w, "\r%d/%d documents", p.n, p.total)
	}
}

func (p *progress) done() {
	if p.onTerminal && !p.last.IsZero() {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
