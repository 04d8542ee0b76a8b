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
	Warnings   []string       `json:"warnings"`       // the first maxKeptWarnings; all in out/warnings.txt
	WarnTotal  int            `json:"warnings_total"` // all of them
	Quads      int64          `json:"quads"`
	Cached     int            `json:"documents_cached"`         // taken from out/cache, not extracted
	Unread     int            `json:"documents_unread"`         // of those, known unchanged by their metadata (out/cache/files), not read
	Changed    int64          `json:"documents_changed"`        // whose quads the store had to change
	Delta      int64          `json:"store_delta_quads"`        // quads changed in a copy of the previous store; 0 when written afresh
	Fallback   string         `json:"store_fallback,omitempty"` // why an incremental build wrote the store afresh after all
	Skipped    []skippedFile  `json:"skipped,omitempty"`        // files not read, in out/skipped.tsv
	Stages     stages         `json:"stages"`

	log *warningLog // every warning, to out/warnings.txt
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("build", "[-rules graph.yaml] [-corpus corpus] [-out out | -db URL] [-workers N] [-strict] [-wait] [-max-doc-bytes N] [-full] [-dry-run] [-cpuprofile F] [-memprofile F] [-json]", stderr)
	rules := fset.String("rules", "graph.yaml", "the rule file")
	corpus := fset.String("corpus", "corpus", "the folder of articles (*.txt, read recursively)")
	out := fset.String("out", "out", "where to write the graph")
	db := dbFlag(fset)
	workers := fset.Int("workers", runtime.GOMAXPROCS(0), "documents read and matched at once")
	asJSON := fset.Bool("json", false, "print the summary as JSON")
	maxDoc := fset.Int64("max-doc-bytes", 8<<20, "skip corpus files larger than `n` bytes (0: no limit); a build of one 8 MB document peaks at about 400 MB")
	wait := fset.Bool("wait", false, "when another build is running in -out, wait for it rather than exit 1")
	dryRun := fset.Bool("dry-run", false, "read and match the corpus, but write no graph (to time extraction alone)")
	cpuProfile := fset.String("cpuprofile", "", "write a CPU profile of the build to `file`")
	memProfile := fset.String("memprofile", "", "write a memory (allocation) profile of the build to `file`")
	full := fset.Bool("full", false, "extract every document and write the store afresh, whatever out/cache holds")
	strict := fset.Bool("strict", false, "fail the build when a corpus file cannot be read, rather than skip it and list it in out/"+skippedName)
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	if fset.NArg() != 0 || *workers < 1 {
		fset.Usage()
		return 2
	}
	begin := time.Now()
	stopProfiles, ok := profiles(*cpuProfile, *memProfile, stderr)
	if !ok {
		return 1
	}
	defer stopProfiles()
	f, ok := loadRules(*rules, stderr)
	if !ok {
		return 1
	}
	src, err := os.ReadFile(*rules)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	x := &extractor{m: extract.Compile(f), rules: f.Name,
		rulesKey: store.RulesKey(*rules, src), full: *full, dryRun: *dryRun}
	paths, skipped, err := walkCorpus(*corpus, *maxDoc)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	// Either store keeps its blocks in a cache (bolt: beside it; PostgreSQL:
	// in -out) and changes only what changed. Builds into one out/ take
	// turns, as they share its cache and graph.nq; the lock's taker
	// removes what killed builds left there.
	where := graphDB(fset, *db, *out)
	var w store.Builder = discard{}
	if !*dryRun {
		lock, lerr := store.LockBuild(*out, *wait, func() {
			fmt.Fprintf(stderr, "graphbuild: waiting for the build running in %s\n", *out)
		})
		if lerr != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", lerr)
			return 1
		}
		defer lock.Unlock()
		if store.IsPostgres(where) {
			x.cache = store.OpenCache(*out)
		} else {
			x.cache = store.OpenCache(where)
		}
		w, err = store.CreateInCached(where, *out, f, x.cache, x.rulesKey, !*full)
		if !*full {
			x.files = readFileIndex(fileIndexPath(x.cache.Dir()))
			x.prevRules, x.prev = store.PreviousBlocks(where)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	facts := newFactCount()
	defer facts.remove()
	// A bolt store keeps each document's record and the facts' count, so
	// that the next build with the same rules reads no unchanged document.
	att, _ := w.(attacher)
	var records *recordsWriter
	var prevRecs *prevRecords
	if att != nil {
		if records, err = newRecordsWriter(att); err != nil {
			w.Abort()
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
		defer records.close()
		if x.prev != nil && x.prevRules == x.rulesKey {
			prevRecs = openPrevRecords(where, x.prev, facts)
			defer prevRecs.close()
			x.same = prevRecs != nil
		}
	}
	var files *fileIndexWriter // what this build learns of the corpus files
	if x.cache != nil {
		// Without it the next build reads and hashes every file: no error.
		var ferr error
		if files, ferr = createFileIndex(fileIndexPath(x.cache.Dir()), begin); ferr != nil {
			fmt.Fprintf(stderr, "graphbuild: warning: %v\n", ferr)
			files = nil
		} else {
			defer files.abort() // after commit, nothing is left to remove
		}
	}
	progress := newProgress(stderr, len(paths))
	sum := summary{Relations: map[string]int{}}
	if !*dryRun {
		dir := *out
		if !store.IsPostgres(where) {
			dir = where // beside graph.nq
		}
		if sum.log, err = newWarningLog(dir); err != nil {
			w.Abort()
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
		defer sum.log.abort() // after commit, nothing is left to remove
	}
	var failures []string
	for _, s := range skipped {
		if *strict {
			failures = append(failures, tsvField(s.Path)+": "+s.Reason)
		}
	}
	waitFrom := time.Now()
	for res := range extractEach(x.one, paths, *workers) {
		sum.Stages.Wait += time.Since(waitFrom)
		sum.Stages.Read += res.read
		sum.Stages.Match += res.match
		progress.step()
		if res.err != nil {
			if res.skip.Path == "" {
				// Not the file's fault (encoding, the cache): the build fails.
				failures = append(failures, res.err.Error())
			} else if *strict {
				failures = append(failures, tsvField(res.skip.Path)+": "+res.skip.Reason) // a file name, maybe with a newline
			} else {
				skipped = append(skipped, res.skip)
			}
			waitFrom = time.Now()
			continue
		}
		if len(failures) > 0 {
			waitFrom = time.Now()
			continue // the build fails; just read on to report every bad file
		}
		start := time.Now()
		var err error
		if res.block != nil {
			err = w.AddBlock(res.block)
		}
		sum.Stages.Write += time.Since(start)
		waitFrom = time.Now()
		if err != nil {
			failures = append(failures, err.Error())
			continue
		}
		if res.cached {
			sum.Cached++
		}
		if res.unread {
			sum.Unread++
		}
		if res.file != nil && files != nil {
			files.add(res.path, *res.file)
		}
		if err := sum.addDoc(res, facts, prevRecs, records); err != nil {
			failures = append(failures, err.Error())
		}
	}
	if prevRecs != nil && len(failures) == 0 {
		if err := prevRecs.rest(); err != nil { // the documents gone
			failures = append(failures, err.Error())
		}
	}
	if len(failures) == 0 {
		if sum.Facts, sum.Relations, err = writeFacts(att, facts); err == nil {
			err = records.close()
		}
		if err != nil {
			failures = append(failures, err.Error())
		}
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
	commitStart := time.Now()
	st, err := w.Commit()
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	sum.Stages.Commit = time.Since(commitStart)
	sum.Stages.Total = time.Since(begin)
	sum.Quads = st.Quads
	sum.Changed, sum.Delta, sum.Fallback = st.Changed, st.Delta, st.Fallback
	if err := sum.log.commit(); err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	if err := sum.skip(*out, skipped); err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	if files != nil {
		if err := files.commit(); err != nil {
			fmt.Fprintf(stderr, "graphbuild: warning: %v\n", err)
		}
	}
	if *asJSON {
		writeJSON(stdout, sum)
		return 0
	}
	sum.print(stdout, stderr, where, *out, *dryRun)
	return 0
}

// discard is the writer of a dry run: it takes every document and keeps nothing.
type discard struct{}

func (discard) Add(*extract.Result) error    { return nil }
func (discard) AddBlock(*store.Block) error  { return nil }
func (discard) Commit() (store.Stats, error) { return store.Stats{}, nil }
func (discard) Abort() error                 { return nil }

type extracted struct {
	result      *extract.Result // for the commands that look at the results themselves
	block       *store.Block    // the document's quads; nil in a dry run
	record      docRecord       // what the summary counts
	line        []byte          // its line of the records (recordLine); nil in a dry run
	cached      bool            // taken from the cache
	same        bool            // the current graph's block (store.PreviousBlock); record not read
	unread      bool            // known unchanged by its metadata, so not read
	path        string          // the file
	file        *fileRecord     // its metadata and content hash, for the file index; nil if unknown
	err         error
	skip        skippedFile   // the file and why it was not read, with err
	read, match time.Duration // time spent reading and matching the document
}

// extractAll reads and matches documents on workers goroutines and
// delivers the results in the order of paths, holding at most two
// documents per worker in memory.
func extractAll(m *extract.Matcher, paths []string, workers int) <-chan extracted {
	return extractEach(func(path string) extracted { return extractOne(m, path) }, paths, workers)
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

// extractEach runs one on every path, on workers goroutines, and delivers
// the results in the order of paths, holding at most two documents per
// worker in memory.
func extractEach(one func(path string) extracted, paths []string, workers int) <-chan extracted {
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
				r := one(path)
				r.path = path
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

// addDoc counts a document, and writes its line of the records: an
// unchanged document's (res.same) from the previous records, whose lines
// before it are of documents changed or gone.
func (s *summary) addDoc(res extracted, facts *factCount, prev *prevRecords, records *recordsWriter) error {
	if res.same {
		line, err := prev.find(res.block.Key)
		if err != nil {
			return err
		}
		c, err := countsOf(line)
		if err != nil {
			return err
		}
		s.addCounts(c)
		return records.add(line)
	}
	if err := s.add(res.record, facts); err != nil {
		return err
	}
	if records == nil || res.line == nil {
		return nil
	}
	return records.add(res.line)
}

func (s *summary) add(r docRecord, facts *factCount) error {
	for _, f := range r.Facts {
		if err := facts.add(f); err != nil {
			return err
		}
	}
	s.addCounts(r.counts())
	return nil
}

func (s *summary) addCounts(r docTally) {
	s.Documents++
	s.Sentences += r.Sentences
	s.References += r.References
	s.Mentions += r.Mentions
	s.Unresolved += r.Unresolved
	s.Evidence += r.Evidence
	s.WarnTotal += len(r.Warnings)
	for _, w := range r.Warnings {
		s.log.add(w)
		if len(s.Warnings) < maxKeptWarnings {
			s.Warnings = append(s.Warnings, w)
		}
	}
}

// maxWarnings is how many warnings a build prints; out/warnings.txt has them all.
const maxWarnings = 10

func (s *summary) print(stdout, stderr io.Writer, db, out string, dryRun bool) {
	for i, w := range s.Warnings {
		if i == maxWarnings {
			fmt.Fprintf(stderr, "warning: ... and %d more (see %s)\n", s.WarnTotal-maxWarnings, warningsName)
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
	fmt.Fprintf(stdout, "warnings    %d\n", s.WarnTotal)
	if len(s.Skipped) > 0 {
		fmt.Fprintf(stdout, "skipped     %d files (see %s)\n", len(s.Skipped), filepath.Join(out, skippedName))
	}
	if dryRun {
		fmt.Fprintf(stdout, "graph       none written (-dry-run)\n")
	} else {
		fmt.Fprintf(stdout, "quads       %d\n", s.Quads)
		fmt.Fprintf(stdout, "graph       %s\n", store.Location(db))
		if s.Fallback != "" {
			fmt.Fprintf(stdout, "store       written afresh, not changed: %s\n", s.Fallback)
		}
		if !store.IsPostgres(db) {
			out = db // bolt keeps graph.nq beside its store
		}
		fmt.Fprintf(stdout, "n-quads     %s\n", filepath.Join(out, "graph.nq"))
	}
	fmt.Fprintf(stdout, "time        %s\n", s.Stages)
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
