package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// statsReport is what stats prints: documents are referred to by their
// index in Documents, from 1 in the text output.
type statsReport struct {
	Documents []docStats    `json:"documents"`
	Rules     []ruleStats   `json:"rules"` // by evidence, then matches, most first
	Entities  []entityStats `json:"entities"`
	Times     *timings      `json:"times,omitempty"`
}

type docStats struct {
	ID        string `json:"id"`
	Bytes     int    `json:"bytes"`
	Sentences int    `json:"sentences"`
	Mentions  int    `json:"mentions"` // names and resolved references
	Evidence  int    `json:"evidence"`
}

type ruleStats struct {
	ID        string `json:"id"`
	Position  string `json:"position"` // file:line:col of the rule
	Predicate string `json:"predicate"`
	Evidence  int    `json:"evidence"` // in the graph
	// Matches is the evidence its patterns found, before Extract kept one
	// evidence per fact and sentence: more than Evidence where another
	// rule found the same fact in the same sentence first.
	Matches  int            `json:"matches"`
	Facts    int            `json:"facts"`       // distinct facts, with their modality
	Docs     int            `json:"documents"`   // documents with evidence of the rule
	PerDoc   []docCount     `json:"by_document"` // evidence per document, those with any
	Patterns []patternStats `json:"patterns"`
}

// docCount is a count in one document, by its index in Documents. Counts
// by document are kept only where they are not zero: a corpus of n
// documents and m entities would otherwise cost n × m numbers (a 300 MB
// report on 5,000 generated documents, in 1.3 GB of memory).
type docCount struct {
	Doc   int `json:"document"`
	Count int `json:"count"`
}

// countIn adds one to the count of document doc, the last one counted or
// a later one (documents come in order).
func countIn(s []docCount, doc int) []docCount {
	if n := len(s); n > 0 && s[n-1].Doc == doc {
		s[n-1].Count++
		return s
	}
	return append(s, docCount{doc, 1})
}

type patternStats struct {
	Position string `json:"position"`
	Pattern  string `json:"pattern"`
	// Matches is how many evidences the pattern found on its own; two
	// patterns that find the same fact in a sentence both count it.
	Matches int `json:"matches"`
}

type entityStats struct {
	ID         string     `json:"id"`
	Type       string     `json:"type"`
	Mentions   int        `json:"mentions"`   // names and resolved references
	References int        `json:"references"` // of which resolved references
	Docs       int        `json:"documents"`  // documents that mention it
	PerDoc     []docCount `json:"by_document"`
}

// timings are wall-clock durations in nanoseconds. Read and match are
// summed over the documents, which are read and matched on Workers
// goroutines at once; Total is the wall time of reading and matching them.
type timings struct {
	Rules       int64   `json:"rules_ns"` // parsing and compiling the rule file
	Read        int64   `json:"read_ns"`
	Match       int64   `json:"match_ns"`
	Total       int64   `json:"total_ns"`
	Workers     int     `json:"workers"`
	DocsPerSec  float64 `json:"documents_per_second"`
	MBytePerSec float64 `json:"mb_per_second"`
}

func runStats(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("stats", "[-rules graph.yaml] [-corpus corpus] [-workers N] [-times=false] [-json]", stderr)
	rules := fset.String("rules", "graph.yaml", "the rule file")
	corpus := fset.String("corpus", "corpus", "the folder of articles (*.txt, read recursively)")
	workers := fset.Int("workers", runtime.GOMAXPROCS(0), "documents read and matched at once")
	withTimes := fset.Bool("times", true, "report how long each stage took (the only output that changes from run to run)")
	asJSON := fset.Bool("json", false, "print the statistics as JSON")
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	if fset.NArg() != 0 || *workers < 1 {
		fset.Usage()
		return 2
	}
	start := time.Now()
	f, ok := loadRules(*rules, stderr)
	if !ok {
		return 1
	}
	m := extract.Compile(f)
	rulesTime := time.Since(start)

	paths, err := listCorpus(*corpus)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	rep := &statsReport{}
	acc := newStatsAcc(f, m)
	var read, match time.Duration
	start = time.Now()
	err = eachResult(m, paths, *workers, func(x extracted) {
		read += x.read
		match += x.match
		acc.add(x.result, rep)
	})
	total := time.Since(start)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	acc.finish(rep)
	if *withTimes {
		bytes := 0
		for _, d := range rep.Documents {
			bytes += d.Bytes
		}
		secs := max(total.Seconds(), 1e-9)
		rep.Times = &timings{
			Rules: int64(rulesTime), Read: int64(read), Match: int64(match), Total: int64(total), Workers: *workers,
			DocsPerSec: float64(len(rep.Documents)) / secs, MBytePerSec: float64(bytes) / 1e6 / secs,
		}
	}
	if *asJSON {
		writeJSON(stdout, rep)
		return 0
	}
	rep.print(stdout)
	return 0
}

// eachResult reads and matches every document of paths, calling fn on
// each in the order of paths, and returns every document that failed.
func eachResult(m *extract.Matcher, paths []string, workers int, fn func(extracted)) error {
	var errs []error
	for x := range extractAll(m, paths, workers) {
		if x.err != nil {
			errs = append(errs, x.err)
			continue
		}
		fn(x)
	}
	return errors.Join(errs...)
}

// statsAcc accumulates the statistics of documents as they come.
type statsAcc struct {
	f        *schema.File
	m        *extract.Matcher
	rules    map[string]int        // rule id → index into f.Rules
	patterns []extract.PatternInfo // in the order of Result.Matches
	evidence []int                 // per rule
	facts    []map[extract.Fact]bool
	perDoc   [][]docCount // per rule
	matches  [][]int      // per rule, per pattern: evidence found before evidence of other rules was preferred
	entities map[string]*entityStats
}

func newStatsAcc(f *schema.File, m *extract.Matcher) *statsAcc {
	a := &statsAcc{f: f, m: m, rules: make(map[string]int), patterns: m.Patterns(), entities: make(map[string]*entityStats)}
	for i, r := range f.Rules {
		a.rules[r.ID] = i
		a.facts = append(a.facts, make(map[extract.Fact]bool))
		a.matches = append(a.matches, make([]int, len(r.Patterns)))
	}
	a.evidence = make([]int, len(f.Rules))
	a.perDoc = make([][]docCount, len(f.Rules))
	return a
}

func (a *statsAcc) add(r *extract.Result, rep *statsReport) {
	d := r.Doc
	doc := len(rep.Documents)
	rep.Documents = append(rep.Documents, docStats{
		ID: d.ID, Bytes: len(d.Raw), Sentences: len(d.Sentences), Mentions: len(r.Mentions), Evidence: len(r.Evidence),
	})
	for _, e := range r.Evidence {
		ri := a.rules[e.Rule]
		a.evidence[ri]++
		a.facts[ri][e.Fact] = true
		a.perDoc[ri] = countIn(a.perDoc[ri], doc)
	}
	a.countPatterns(r)
	for _, mn := range r.Mentions {
		es := a.entities[mn.Entity]
		if es == nil {
			e, _ := a.f.Entity(mn.Entity)
			es = &entityStats{ID: mn.Entity, Type: e.Type}
			a.entities[mn.Entity] = es
		}
		es.PerDoc = countIn(es.PerDoc, doc)
		es.Mentions++
		if mn.Reference {
			es.References++
		}
	}
}

// countPatterns adds the matches of each pattern, which Extract counted
// in the worker that extracted the document: where two rules find the
// same fact in a sentence, Extract keeps the evidence of one, so a rule
// can match and still have none.
func (a *statsAcc) countPatterns(r *extract.Result) {
	for i, n := range r.Matches {
		p := a.patterns[i]
		a.matches[p.Rule][p.Index] += n
	}
}

// sentenceAt returns the index of the sentence of d that starts at byte
// start of the file on disk, or -1.
func sentenceAt(d *extract.Document, start int) int {
	i, found := slices.BinarySearchFunc(d.Sentences, start, func(s extract.Sentence, start int) int {
		return cmp.Compare(d.RawSpan(s.Start, s.End).Start, start)
	})
	if !found {
		return -1
	}
	return i
}

func (a *statsAcc) finish(rep *statsReport) {
	for ri, r := range a.f.Rules {
		rs := ruleStats{
			ID: r.ID, Position: rulePos(a.f, r.Pos), Predicate: r.Predicate,
			Evidence: a.evidence[ri], Facts: len(a.facts[ri]), Docs: len(a.perDoc[ri]), PerDoc: a.perDoc[ri],
		}
		if rs.PerDoc == nil {
			rs.PerDoc = []docCount{} // JSON: [], not null
		}
		for pi, p := range r.Patterns {
			rs.Patterns = append(rs.Patterns, patternStats{Position: rulePos(a.f, p.Pos), Pattern: p.Expr, Matches: a.matches[ri][pi]})
			rs.Matches += a.matches[ri][pi]
		}
		rep.Rules = append(rep.Rules, rs)
	}
	slices.SortStableFunc(rep.Rules, func(x, y ruleStats) int {
		return cmp.Or(cmp.Compare(y.Evidence, x.Evidence), cmp.Compare(y.Matches, x.Matches))
	})
	for _, e := range a.f.Entities {
		es := a.entities[e.ID]
		if es == nil {
			es = &entityStats{ID: e.ID, Type: e.Type}
		}
		es.Docs = len(es.PerDoc)
		if es.PerDoc == nil {
			es.PerDoc = []docCount{}
		}
		rep.Entities = append(rep.Entities, *es)
	}
	slices.SortStableFunc(rep.Entities, func(x, y entityStats) int {
		return cmp.Or(cmp.Compare(y.Mentions, x.Mentions), cmp.Compare(x.ID, y.ID))
	})
}

// rulePos is a position in the rule file, as messages give it.
func rulePos(f *schema.File, p schema.Pos) string {
	return fmt.Sprintf("%s:%d:%d", f.Name, p.Line, p.Col)
}

func (rep *statsReport) print(w io.Writer) {
	fmt.Fprintln(w, "documents")
	tw := newTextTable(w)
	tw.row("", "", "bytes", "sentences", "mentions", "evidence")
	for i, d := range rep.Documents {
		tw.row(fmt.Sprint(i+1), d.ID, fmt.Sprint(d.Bytes), fmt.Sprint(d.Sentences), fmt.Sprint(d.Mentions), fmt.Sprint(d.Evidence))
	}
	tw.flush()

	// A column per document while they fit on a screen; beyond, how
	// many documents.
	n := len(rep.Documents)
	docCols := []string{"documents"}
	byDoc := func(c []docCount) []string { return []string{fmt.Sprint(len(c))} }
	if n <= maxDocColumns {
		docCols = make([]string, n)
		for i := range docCols {
			docCols[i] = fmt.Sprint(i + 1)
		}
		byDoc = func(c []docCount) []string { return docCounts(c, n) }
	}
	fmt.Fprintln(w, "\nrules: evidence by document; matches, before the evidence of other rules was preferred")
	tw = newTextTable(w)
	tw.row(append([]string{"", "", "evidence", "matches", "facts", "|"}, docCols...)...)
	var shadowed, never []ruleStats
	for _, r := range rep.Rules {
		switch {
		case r.Matches == 0:
			never = append(never, r)
			continue
		case r.Evidence == 0:
			shadowed = append(shadowed, r)
			continue
		}
		tw.row(append([]string{r.ID, r.Position, fmt.Sprint(r.Evidence), fmt.Sprint(r.Matches), fmt.Sprint(r.Facts), "|"}, byDoc(r.PerDoc)...)...)
		if len(r.Patterns) > 1 {
			for i, p := range r.Patterns {
				tw.row(fmt.Sprintf("  pattern %d", i+1), p.Position, "", fmt.Sprint(p.Matches))
			}
		}
	}
	tw.flush()
	if len(shadowed) > 0 {
		fmt.Fprintf(w, "\nrules whose every match another rule found first: %d\n", len(shadowed))
		tw = newTextTable(w)
		for _, r := range shadowed {
			tw.row(r.ID, r.Position, count(r.Matches, "match"))
		}
		tw.flushLeft()
	}
	if len(never) > 0 {
		fmt.Fprintf(w, "\nrules that never fired: %d\n", len(never))
		tw = newTextTable(w)
		for _, r := range never {
			tw.row(r.ID, r.Position, r.Predicate)
		}
		tw.flushLeft()
	}

	fmt.Fprintln(w, "\nentities: mentions by document (names and resolved references)")
	tw = newTextTable(w)
	tw.row(append([]string{"", "", "mentions", "references", "|"}, docCols...)...)
	var unmentioned []string
	for _, e := range rep.Entities {
		if e.Mentions == 0 {
			unmentioned = append(unmentioned, e.ID)
			continue
		}
		tw.row(append([]string{e.ID, e.Type, fmt.Sprint(e.Mentions), fmt.Sprint(e.References), "|"}, byDoc(e.PerDoc)...)...)
	}
	tw.flush()
	if len(unmentioned) > 0 {
		fmt.Fprintf(w, "\nentities never mentioned: %d\n", len(unmentioned))
		wrapList(w, "  ", unmentioned, 80)
	}

	if t := rep.Times; t != nil {
		ms := func(ns int64) string { return fmt.Sprintf("%.3fms", float64(ns)/1e6) }
		docs := count(len(rep.Documents), "document")
		fmt.Fprintln(w, "\ntime")
		tw = newTextTable(w)
		tw.row("rules", ms(t.Rules), "parsing and compiling the rule file")
		tw.row("read", ms(t.Read), "reading, summed over "+docs)
		tw.row("match", ms(t.Match), "matching, summed over "+docs)
		tw.row("total", ms(t.Total), fmt.Sprintf("wall, all of it but the rules, on %s", count(t.Workers, "worker")))
		tw.row("speed", fmt.Sprintf("%.0f documents/s", t.DocsPerSec), fmt.Sprintf("%.2f MB/s", t.MBytePerSec))
		tw.flushLeft()
	}
}

// maxDocColumns is the most documents the text output gives a column
// each.
const maxDocColumns = 20

// docCounts formats the counts of n documents, with "." for none.
func docCounts(counts []docCount, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "."
	}
	for _, c := range counts {
		out[c.Doc] = fmt.Sprint(c.Count)
	}
	return out
}

// wrapList prints words separated by ", " in lines of at most width bytes.
func wrapList(w io.Writer, indent string, words []string, width int) {
	line := indent
	for i, s := range words {
		if i < len(words)-1 {
			s += ","
		}
		if len(line) > len(indent) && len(line)+1+len(s) > width {
			fmt.Fprintln(w, line)
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += s
	}
	fmt.Fprintln(w, line)
}

// textTable prints rows in columns two spaces apart, each row indented by
// two: flush aligns the first two columns left and the others right (for
// numbers), flushLeft aligns every column left.
type textTable struct {
	w    io.Writer
	rows [][]string
}

func newTextTable(w io.Writer) *textTable { return &textTable{w: w} }

func (t *textTable) row(cells ...string) { t.rows = append(t.rows, cells) }

func (t *textTable) flush() { t.print(2) }

func (t *textTable) flushLeft() { t.print(-1) }

// print aligns columns from right on to the right, if right >= 0.
func (t *textTable) print(right int) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if right >= 0 && i >= right {
				b.WriteString("  " + pad + c)
			} else {
				b.WriteString("  " + c + pad)
			}
		}
		fmt.Fprintln(t.w, strings.TrimRight(b.String(), " "))
	}
	t.rows = nil
}
