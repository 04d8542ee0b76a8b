package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

const explainUsage = `[-rules graph.yaml] [-corpus corpus] (-doc D -sentence N | -text "…" | -expect "S P O" [-doc D | -text "…"] [-top N]) [-all] [-json]`

func runExplain(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("explain", explainUsage, stderr)
	rules := fset.String("rules", "graph.yaml", "the rule file")
	corpus := fset.String("corpus", "corpus", "the folder of articles (*.txt, read recursively)")
	doc := fset.String("doc", "", "a document id: its file name without .txt (a unique prefix will do)")
	sentence := fset.Int("sentence", 0, "the sentence of -doc to explain, from 1")
	text := fset.String("text", "", "explain this text, as a document of its own, instead of the corpus")
	expect := fset.String("expect", "", `a fact the rules should find, "subject predicate object": ids, names or aliases and a predicate id, maybe with not_ or maybe_`)
	all := fset.Bool("all", false, "list every pattern, also those that never got past their first element")
	top := fset.Int("top", 5, "with -expect: how many candidate sentences to show per document that lacks the fact")
	asJSON := fset.Bool("json", false, "print the explanation as JSON")
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	mode := ""
	switch {
	case fset.NArg() != 0 || *sentence < 0 || *top < 0:
	case *expect != "" && *sentence == 0 && !(*doc != "" && *text != ""):
		mode = "expect"
	case *text != "" && *doc == "" && *sentence == 0:
		mode = "text"
	case *doc != "" && *sentence > 0 && *text == "":
		mode = "sentence"
	}
	if mode == "" {
		fset.Usage()
		return 2
	}
	f, ok := loadRules(*rules, stderr)
	if !ok {
		return 1
	}
	x := &explainer{f: f, m: extract.Compile(f), all: *all, top: *top}

	var results []*extract.Result
	if *text != "" {
		d, err := extract.Read("text", []byte(*text))
		if err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
		results = []*extract.Result{x.m.Extract(d)}
	} else {
		paths, err := listCorpus(*corpus)
		if err == nil && *doc != "" {
			var p string
			p, err = findDoc(paths, *doc)
			paths = []string{p}
		}
		if err == nil {
			err = eachResult(x.m, paths, runtime.GOMAXPROCS(0), func(e extracted) { results = append(results, e.result) })
		}
		if err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
	}

	var out any
	switch mode {
	case "expect":
		rep, err := x.expect(*expect, results)
		if err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
		out = rep
		if !*asJSON {
			rep.print(stdout)
		}
	case "text":
		reps := []*sentenceReport{}
		for si := range results[0].Doc.Sentences {
			reps = append(reps, x.sentence(results[0], si))
		}
		out = reps
		if len(reps) == 0 && !*asJSON {
			fmt.Fprintln(stdout, "the text has no sentences")
		}
		if !*asJSON {
			for i, rep := range reps {
				if i > 0 {
					fmt.Fprintln(stdout)
				}
				rep.print(stdout)
			}
		}
	case "sentence":
		r := results[0]
		if *sentence > len(r.Doc.Sentences) {
			fmt.Fprintf(stderr, "graphbuild: document %s has %d sentences; -sentence %d is past the end\n", r.Doc.ID, len(r.Doc.Sentences), *sentence)
			return 1
		}
		rep := x.sentence(r, *sentence-1)
		out = rep
		if !*asJSON {
			rep.print(stdout)
		}
	}
	if *asJSON {
		writeJSON(stdout, out)
	}
	return 0
}

// findDoc returns the path of the document with the given id, or the only
// one whose id starts with it.
func findDoc(paths []string, id string) (string, error) {
	var prefixed []string
	for _, p := range paths {
		d := extract.DocumentID(p)
		if d == id {
			return p, nil
		}
		if strings.HasPrefix(d, id) {
			prefixed = append(prefixed, p)
		}
	}
	switch len(prefixed) {
	case 1:
		return prefixed[0], nil
	case 0:
		ids := make([]string, len(paths))
		for i, p := range paths {
			ids[i] = extract.DocumentID(p)
		}
		return "", fmt.Errorf("no document %q in the corpus (documents: %s)", id, strings.Join(ids, ", "))
	}
	ids := make([]string, len(prefixed))
	for i, p := range prefixed {
		ids[i] = extract.DocumentID(p)
	}
	return "", fmt.Errorf("document %q is ambiguous: %s", id, strings.Join(ids, ", "))
}

// explainer explains sentences and expected facts against one rule file.
type explainer struct {
	f   *schema.File
	m   *extract.Matcher
	all bool // list every attempt, not only those that started
	top int  // candidate sentences per document
}

// sentenceReport is the explanation of one sentence.
type sentenceReport struct {
	Doc        string        `json:"doc"`
	Sentence   int           `json:"sentence"` // from 1
	Text       string        `json:"text"`
	Span       spanJSON      `json:"span"`   // bytes of the file on disk
	Tokens     []string      `json:"tokens"` // token i+1 of the text output
	Mentions   []mentionJSON `json:"mentions"`
	Unresolved []mentionJSON `json:"unresolved"` // references that found nothing
	Patterns   int           `json:"patterns"`   // of the rule file
	Started    int           `json:"started"`    // patterns that got past their first element
	// Rules are the attempts of the patterns that started (every pattern
	// with -all), in the order of the rule file.
	Rules []attemptJSON `json:"rules"`
	all   bool          // -all: the text lists every attempt
}

type mentionJSON struct {
	Entity     string          `json:"entity,omitempty"`
	Text       string          `json:"text"`
	Span       spanJSON        `json:"span"`
	Reference  bool            `json:"reference,omitempty"`
	Antecedent *antecedentJSON `json:"antecedent,omitempty"`
	Why        string          `json:"why,omitempty"` // how a reference was resolved, or why not
}

type antecedentJSON struct {
	Text string   `json:"text"`
	Span spanJSON `json:"span"`
}

type attemptJSON struct {
	Rule     string     `json:"rule"`
	Position string     `json:"position"` // of the pattern in the rule file
	Pattern  string     `json:"pattern"`
	Matched  bool       `json:"matched"`
	Started  bool       `json:"started"`
	Facts    []factJSON `json:"facts,omitempty"`
	// For a pattern that found nothing, the furthest any start got: the
	// token it started at and the slots filled by then (tokens count from
	// 1 in the sentence), the element that failed (Offset is its byte
	// offset in Pattern), the tokens it was tried at (past the sentence's
	// end for a rule whose scope goes on; more than one after a gap; none
	// when the text ran out, AtEnd) and why.
	Start     int      `json:"start,omitempty"`
	Subject   []string `json:"subject,omitempty"`
	Object    []string `json:"object,omitempty"`
	Element   string   `json:"element,omitempty"`
	Offset    int      `json:"offset,omitempty"`
	Token     int      `json:"token,omitempty"`
	TokenEnd  int      `json:"token_end,omitempty"` // the last token tried, after a gap
	TokenText string   `json:"token_text,omitempty"`
	AtEnd     bool     `json:"at_end,omitempty"`
	Reason    string   `json:"reason,omitempty"`
}

type factJSON struct {
	Subject  string   `json:"subject"`
	Relation string   `json:"relation"`
	Object   string   `json:"object"`
	Date     string   `json:"date,omitempty"`
	Resolved []string `json:"resolved,omitempty"` // "It = tesla (Tesla)"
}

func spanOf(s extract.Span) spanJSON { return spanJSON{s.Start, s.End} }

func (x *explainer) sentence(r *extract.Result, si int) *sentenceReport {
	d := r.Doc
	s := d.Sentences[si]
	rep := &sentenceReport{
		Doc: d.ID, Sentence: si + 1, Text: d.SentenceText(si), Span: spanOf(d.RawSpan(s.Start, s.End)),
		Tokens: []string{}, Mentions: []mentionJSON{}, Unresolved: []mentionJSON{}, Rules: []attemptJSON{},
		all: x.all,
	}
	for i := s.First; i < s.EndTok; i++ {
		rep.Tokens = append(rep.Tokens, d.TokenText(i))
	}
	for _, mn := range r.Mentions {
		if mn.Sentence == si {
			rep.Mentions = append(rep.Mentions, x.mention(d, mn))
		}
	}
	for _, mn := range r.UnresolvedRefs {
		if mn.Sentence == si {
			rep.Unresolved = append(rep.Unresolved, x.mention(d, mn))
		}
	}
	for _, a := range x.m.Explain(r, si) {
		rep.Patterns++
		if a.Started {
			rep.Started++
		}
		if a.Started || x.all {
			rep.Rules = append(rep.Rules, x.attempt(d, si, a))
		}
	}
	return rep
}

func (x *explainer) mention(d *extract.Document, mn extract.Mention) mentionJSON {
	mj := mentionJSON{Entity: mn.Entity, Text: mentionText(d, mn), Span: spanOf(mn.Span), Reference: mn.Reference}
	if mn.Reference {
		mj.Why = x.m.Why(mn)
		if mn.Entity != "" {
			mj.Antecedent = &antecedentJSON{Text: string(d.Raw[mn.Antecedent.Start:mn.Antecedent.End]), Span: spanOf(mn.Antecedent)}
		}
	}
	return mj
}

// attempt describes an attempt on sentence si for reading.
func (x *explainer) attempt(d *extract.Document, si int, a extract.Attempt) attemptJSON {
	aj := attemptJSON{Rule: a.Rule, Position: rulePos(x.f, a.PatternPos), Pattern: a.Pattern, Matched: len(a.Evidence) > 0, Started: a.Started}
	for _, e := range a.Evidence {
		aj.Facts = append(aj.Facts, factOf(d, e))
	}
	if aj.Matched {
		return aj
	}
	first := d.Sentences[si].First
	if a.Started {
		aj.Start = a.Start - first + 1
		aj.Subject, aj.Object = fillerList(d, a.Subject), fillerList(d, a.Object)
	}
	aj.Element, aj.Offset, aj.Reason, aj.AtEnd = a.Element, a.FailedAt, a.Reason, a.AtEnd
	if a.AtEnd {
		return aj
	}
	aj.Token = a.FailedTok - first + 1
	aj.TokenText = d.TokenText(a.FailedTok)
	if a.LastTok > a.FailedTok {
		// After a gap the element was tried at every token up to LastTok.
		aj.TokenEnd = a.LastTok - first + 1
		aj.TokenText = d.Text[d.Tokens[a.FailedTok].Start:d.Tokens[a.LastTok].End]
		within := "not within " + count(a.LastTok-a.FailedTok, "token")
		if strings.HasPrefix(aj.Reason, "found ") || aj.Reason == "no mention here" || aj.Reason == "no date here" {
			aj.Reason = within
		} else {
			aj.Reason = fmt.Sprintf("%s (at token %d: %s)", within, aj.Token, aj.Reason)
		}
	}
	return aj
}

// fillerList says what filled a slot: "«It» = tesla (Tesla)".
func fillerList(d *extract.Document, fs []extract.Filler) []string {
	var out []string
	for _, f := range fs {
		s := fmt.Sprintf("«%s» %s", f.Text, f.Entity)
		if f.Reference && f.Antecedent != f.Span {
			s += fmt.Sprintf(" (%s)", d.Raw[f.Antecedent.Start:f.Antecedent.End])
		}
		out = append(out, s)
	}
	return out
}

func factOf(d *extract.Document, e extract.Evidence) factJSON {
	fj := factJSON{Subject: e.Fact.Subject, Relation: e.Fact.Relation(), Object: e.Fact.Object, Date: e.Date}
	for _, res := range e.Resolved {
		fj.Resolved = append(fj.Resolved, fmt.Sprintf("%s = %s (%s)", res.Text, res.Entity, d.Raw[res.Antecedent.Start:res.Antecedent.End]))
	}
	return fj
}

func (f factJSON) String() string {
	s := f.Subject + " " + f.Relation + " " + f.Object
	var notes []string
	if f.Date != "" {
		notes = append(notes, "date "+f.Date)
	}
	notes = append(notes, f.Resolved...)
	if len(notes) > 0 {
		s += " [" + strings.Join(notes, "; ") + "]"
	}
	return s
}

// mentionText is a mention as it reads in the normalised text.
func mentionText(d *extract.Document, mn extract.Mention) string {
	return d.Text[d.Tokens[mn.First].Start:d.Tokens[mn.End-1].End]
}

func (rep *sentenceReport) print(w io.Writer) {
	fmt.Fprintf(w, "%s:%d  bytes %d-%d\n  %s\n", rep.Doc, rep.Sentence, rep.Span.Start, rep.Span.End, rep.Text)
	fmt.Fprintln(w, "tokens")
	cells := make([]string, len(rep.Tokens))
	for i, t := range rep.Tokens {
		cells[i] = fmt.Sprintf("%d %s", i+1, t)
	}
	wrapCells(w, "  ", cells, 80)
	fmt.Fprintln(w, "mentions")
	if len(rep.Mentions) == 0 {
		fmt.Fprintln(w, "  none")
	}
	tw := newTextTable(w)
	for _, mn := range rep.Mentions {
		target := mn.Entity
		if mn.Reference {
			target = fmt.Sprintf("→ %s (%s): %s", mn.Entity, mn.Antecedent.Text, mn.Why)
		}
		tw.row("«"+mn.Text+"»", fmt.Sprintf("bytes %d-%d", mn.Span.Start, mn.Span.End), target)
	}
	tw.flushLeft()
	if len(rep.Unresolved) > 0 {
		fmt.Fprintln(w, "references that found nothing")
		for _, mn := range rep.Unresolved {
			tw.row("«"+mn.Text+"»", fmt.Sprintf("bytes %d-%d", mn.Span.Start, mn.Span.End), mn.Why)
		}
		tw.flushLeft()
	}
	matched := 0
	for _, a := range rep.Rules {
		if a.Matched {
			matched++
		}
	}
	shown := rep.Rules
	var hidden []string
	if !rep.all {
		shown = slices.DeleteFunc(slices.Clone(rep.Rules), func(a attemptJSON) bool { return !a.Matched && !pastSlots(a) })
		if n := len(rep.Rules) - len(shown); n > 0 {
			hidden = append(hidden, fmt.Sprintf("%d got no further than their slots", n))
		}
		if n := rep.Patterns - len(rep.Rules); n > 0 {
			hidden = append(hidden, fmt.Sprintf("%d never got past their first element", n))
		}
	}
	more := ""
	if len(hidden) > 0 {
		more = "; " + strings.Join(hidden, ", ") + " (-all lists them)"
	}
	fmt.Fprintf(w, "rules: %d of %d patterns matched, %d started%s\n", matched, rep.Patterns, rep.Started, more)
	for _, a := range byProgress(shown) {
		if a.Matched {
			facts := make([]string, len(a.Facts))
			for i, f := range a.Facts {
				facts[i] = f.String()
			}
			fmt.Fprintf(w, "  ✓ %s %s  %s  → %s\n", a.Rule, a.Position, a.Pattern, strings.Join(facts, ", "))
			continue
		}
		fmt.Fprintf(w, "  ✗ %s %s  %s  %s\n", a.Rule, a.Position, a.Pattern, a.failure())
	}
}

// failure says where and why a pattern failed, and from where.
func (a attemptJSON) failure() string {
	at := fmt.Sprintf("on token %d «%s»", a.Token, a.TokenText)
	switch {
	case a.AtEnd:
		at = "at the end"
	case a.TokenEnd > 0:
		at = fmt.Sprintf("on tokens %d-%d «%s»", a.Token, a.TokenEnd, a.TokenText)
	case !a.Started && !strings.Contains(a.Element, "{"):
		// A literal first element that failed everywhere is not there.
		return fmt.Sprintf("failed at «%s»: not in the sentence", a.Element)
	case !a.Started:
		return fmt.Sprintf("failed at «%s» at every token (at token %d «%s»: %s)", a.Element, a.Token, a.TokenText, a.Reason)
	}
	s := fmt.Sprintf("failed at «%s» %s: %s", a.Element, at, a.Reason)
	if a.Start > 0 {
		var bound []string
		if len(a.Subject) > 0 {
			bound = append(bound, "subject "+strings.Join(a.Subject, ", "))
		}
		if len(a.Object) > 0 {
			bound = append(bound, "object "+strings.Join(a.Object, ", "))
		}
		if len(bound) > 0 {
			s += fmt.Sprintf(" (from token %d, %s)", a.Start, strings.Join(bound, "; "))
		}
	}
	return s
}

// pastSlots reports whether a failed attempt got past a word of its
// pattern (outside optional brackets) before it failed. One that only
// filled slots with mentions and failed at the first word says little
// about the sentence, and every pattern that starts with a slot does so
// at every mention: the text lists them only with -all.
func pastSlots(a attemptJSON) bool {
	// Offset falls inside the element that failed (at the alternative
	// tried last); the words before that element are what matched.
	end := min(max(a.Offset, 0), len(a.Pattern))
	elem := strings.TrimSuffix(a.Element, " …")
	if i := strings.LastIndex(a.Pattern[:min(end+len(elem), len(a.Pattern))], elem); elem != "" && i >= 0 && i <= end {
		end = i
	}
	depth := 0
	before := a.Pattern[:end]
	for _, f := range strings.Fields(before) {
		if depth == 0 && !strings.HasPrefix(f, "[") && !strings.HasPrefix(f, "{") && !strings.HasPrefix(f, "...") {
			return true
		}
		depth += strings.Count(f, "[") - strings.Count(f, `\[`) - strings.Count(f, "]") + strings.Count(f, `\]`)
		depth = max(depth, 0)
	}
	return false
}

// wrapCells prints cells two spaces apart in lines of at most width bytes.
func wrapCells(w io.Writer, indent string, cells []string, width int) {
	line := indent
	for _, c := range cells {
		if len(line) > len(indent) && len(line)+2+len(c) > width {
			fmt.Fprintln(w, line)
			line = indent
		}
		if len(line) > len(indent) {
			line += "  "
		}
		line += c
	}
	fmt.Fprintln(w, line)
}

// count says "1 sentence", "2 sentences".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "ch") || strings.HasSuffix(noun, "s") || strings.HasSuffix(noun, "x") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// reach is how far an attempt got: 2 for a match, the share of the
// pattern's text before the element that failed, and -1 for a failure at
// the first element.
func reach(a attemptJSON) float64 {
	switch {
	case a.Matched:
		return 2
	case !a.Started:
		return -1
	}
	return float64(a.Offset) / float64(len(a.Pattern))
}

// byProgress orders attempts for reading: the matches, then the failures
// by how far they got, the nearest misses first, and last those that
// failed at their first element; each in the order of the rule file.
func byProgress(attempts []attemptJSON) []attemptJSON {
	out := slices.Clone(attempts)
	slices.SortStableFunc(out, func(a, b attemptJSON) int {
		ra, rb := reach(a), reach(b)
		switch {
		case ra > rb:
			return -1
		case ra < rb:
			return 1
		}
		return 0
	})
	return out
}
