package main

import (
	"cmp"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

const explainUsage = `[-rules graph.yaml] [-corpus corpus] (-doc D -sentence N | -text "…" | -expect "S P O" [-doc D | -text "…"]) [-json]`

func runExplain(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("explain", explainUsage, stderr)
	rules := fset.String("rules", "graph.yaml", "the rule file")
	corpus := fset.String("corpus", "corpus", "the folder of articles (*.txt, read recursively)")
	doc := fset.String("doc", "", "a document id: its file name without .txt (a unique prefix will do)")
	sentence := fset.Int("sentence", 0, "the sentence of -doc to explain, from 1")
	text := fset.String("text", "", "explain this text, as a document of its own, instead of the corpus")
	expect := fset.String("expect", "", `a fact the rules should find, "subject predicate object": ids, names or aliases and a predicate id, maybe with not_ or maybe_`)
	asJSON := fset.Bool("json", false, "print the explanation as JSON")
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	mode := ""
	switch {
	case fset.NArg() != 0 || *sentence < 0:
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
	m := extract.Compile(f)
	x := &explainer{f: f, m: m, refs: patternRefs(f)}

	var results []*extract.Result
	if *text != "" {
		d, err := extract.Read("text", []byte(*text))
		if err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
		results = []*extract.Result{m.Extract(d)}
	} else {
		paths, err := listCorpus(*corpus)
		if err == nil && *doc != "" {
			var p string
			p, err = findDoc(paths, *doc)
			paths = []string{p}
		}
		if err == nil {
			err = eachResult(m, paths, runtime.GOMAXPROCS(0), func(e extracted) { results = append(results, e.result) })
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
	f    *schema.File
	m    *extract.Matcher
	refs []patternRef // the rule and pattern of each attempt of Matcher.Explain
}

// sentenceReport is the explanation of one sentence.
type sentenceReport struct {
	Doc      string        `json:"doc"`
	Sentence int           `json:"sentence"` // from 1
	Text     string        `json:"text"`
	Span     spanJSON      `json:"span"`   // bytes of the file on disk
	Tokens   []string      `json:"tokens"` // token i+1 of the text output
	Mentions []mentionJSON `json:"mentions"`
	Rules    []attemptJSON `json:"rules"` // every pattern of every rule, in the order of the rule file
}

type mentionJSON struct {
	Entity     string          `json:"entity"`
	Text       string          `json:"text"`
	Span       spanJSON        `json:"span"`
	Reference  bool            `json:"reference,omitempty"`
	Antecedent *antecedentJSON `json:"antecedent,omitempty"`
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
	Facts    []factJSON `json:"facts,omitempty"`
	// For a pattern that did not match, the furthest any start got: the
	// element that failed (Offset is its byte offset in Pattern; First is
	// set when that is the pattern's first element, which then failed at
	// every token), the tokens it was tried at (from 1 in the sentence,
	// past its end for a rule whose scope goes on; more than one after a
	// gap; none when the text ran out, AtEnd) and why.
	Element   string `json:"element,omitempty"`
	Offset    int    `json:"offset,omitempty"`
	First     bool   `json:"first,omitempty"`
	Token     int    `json:"token,omitempty"`
	TokenEnd  int    `json:"token_end,omitempty"` // the last token tried, after a gap
	TokenText string `json:"token_text,omitempty"`
	AtEnd     bool   `json:"at_end,omitempty"`
	Reason    string `json:"reason,omitempty"`
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
		Tokens: []string{}, Mentions: []mentionJSON{},
	}
	for i := s.First; i < s.EndTok; i++ {
		rep.Tokens = append(rep.Tokens, d.TokenText(i))
	}
	for _, mn := range r.Mentions {
		if mn.Sentence != si {
			continue
		}
		mj := mentionJSON{Entity: mn.Entity, Text: mentionText(d, mn), Span: spanOf(mn.Span), Reference: mn.Reference}
		if mn.Reference {
			mj.Antecedent = &antecedentJSON{Text: string(d.Raw[mn.Antecedent.Start:mn.Antecedent.End]), Span: spanOf(mn.Antecedent)}
		}
		rep.Mentions = append(rep.Mentions, mj)
	}
	for i, a := range x.m.Explain(r, si) {
		rep.Rules = append(rep.Rules, x.attempt(d, si, i, a))
	}
	return rep
}

// attempt describes attempt i of Matcher.Explain on sentence si.
func (x *explainer) attempt(d *extract.Document, si, i int, a extract.Attempt) attemptJSON {
	ref := x.refs[i]
	rl := x.f.Rules[ref.rule]
	aj := attemptJSON{Rule: a.Rule, Position: rulePos(x.f, rl.Patterns[ref.pattern].Pos), Pattern: a.Pattern, Matched: len(a.Evidence) > 0}
	for _, e := range a.Evidence {
		aj.Facts = append(aj.Facts, factOf(d, e))
	}
	if aj.Matched {
		return aj
	}
	start, el := element(a.Pattern, a.FailedAt)
	aj.Element, aj.Offset, aj.First, aj.Reason, aj.AtEnd = el, a.FailedAt, start == 0, a.Reason, a.AtEnd
	if a.AtEnd {
		return aj
	}
	first := d.Sentences[si].First
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

// element returns the element of pattern at byte offset off (a word, a
// slot, a gap, or a whole group where the element begins an alternative:
// Explain reports an alternative that failed at its first element at the
// last alternative tried, which says little on its own), and where it
// starts. The element ends in "…" if more of the pattern follows.
func element(pattern string, off int) (int, string) {
	if off < 0 || off >= len(pattern) {
		return 0, pattern
	}
	start := off
	for {
		k := strings.LastIndexAny(pattern[:start], "(|[ ")
		if k < 0 || pattern[k] != '(' && pattern[k] != '|' {
			break
		}
		// The first element of an alternative: take the group.
		depth := 0
		for start = k; start > 0; start-- {
			if pattern[start] == ')' {
				depth++
			}
			if pattern[start] == '(' {
				if depth == 0 {
					break
				}
				depth--
			}
		}
	}
	end := start
	switch pattern[start] {
	case '(', '[':
		depth := 0
		for end = start; end < len(pattern); end++ {
			switch pattern[end] {
			case '(', '[':
				depth++
			case ')', ']':
				depth--
			}
			if depth == 0 {
				end++
				break
			}
		}
	default:
		end = start + strings.IndexAny(pattern[start:]+" ", " |)]")
	}
	end = min(end, len(pattern))
	el := pattern[start:end]
	if strings.TrimSpace(pattern[end:]) != "" {
		el += " …"
	}
	return start, el
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
			target = fmt.Sprintf("→ %s (%s)", mn.Entity, mn.Antecedent.Text)
		}
		tw.row("«"+mn.Text+"»", fmt.Sprintf("bytes %d-%d", mn.Span.Start, mn.Span.End), target)
	}
	tw.flushLeft()
	matched := 0
	for _, a := range rep.Rules {
		if a.Matched {
			matched++
		}
	}
	fmt.Fprintf(w, "rules: %d of %d patterns matched\n", matched, len(rep.Rules))
	for _, a := range byProgress(rep.Rules) {
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

// failure says where and why a pattern failed.
func (a attemptJSON) failure() string {
	at := fmt.Sprintf("on token %d «%s»", a.Token, a.TokenText)
	switch {
	case a.AtEnd:
		at = "at the end"
	case a.TokenEnd > 0:
		at = fmt.Sprintf("on tokens %d-%d «%s»", a.Token, a.TokenEnd, a.TokenText)
	case a.First && !strings.Contains(a.Element, "{"):
		// A literal first element that failed everywhere is not there.
		return fmt.Sprintf("failed at «%s»: not in the sentence", a.Element)
	case a.First:
		return fmt.Sprintf("failed at «%s» at every token (at token %d «%s»: %s)", a.Element, a.Token, a.TokenText, a.Reason)
	}
	return fmt.Sprintf("failed at «%s» %s: %s", a.Element, at, a.Reason)
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

// expectReport says whether and where a fact was found, and if not, why.
type expectReport struct {
	Subject  string `json:"subject"`
	Relation string `json:"relation"`
	Object   string `json:"object"`
	// Found is every evidence of the fact; Instead, of a fact with the same
	// subject and object and the same predicate under another modality or
	// the other way round.
	Found   []sightingJSON `json:"found"`
	Instead []sightingJSON `json:"instead,omitempty"`
	// Problems are reasons no rule can find the fact, whatever the text.
	Problems []string `json:"problems,omitempty"`
	// Together lists the sentences where both are mentioned (for a rule
	// whose scope spans several, the first sentence of each span).
	Together []sentenceRef `json:"together"`
	// Nearest is the attempt of a rule of the predicate that got furthest
	// in those sentences (or that matched, finding other facts).
	Nearest *nearestJSON `json:"nearest,omitempty"`
	// Where each is mentioned, when they never are together.
	SubjectAt []sentenceRef `json:"subject_mentioned,omitempty"`
	ObjectAt  []sentenceRef `json:"object_mentioned,omitempty"`
}

type sentenceRef struct {
	Doc      string `json:"doc"`
	Sentence int    `json:"sentence"` // from 1
}

func (s sentenceRef) String() string { return fmt.Sprintf("%s:%d", s.Doc, s.Sentence) }

type sightingJSON struct {
	sentenceRef
	Fact     factJSON `json:"fact"`
	Rule     string   `json:"rule"`
	Position string   `json:"position"`
	Text     string   `json:"text"`
}

// nearestJSON is the attempt that got furthest, made with the mentions of
// the expected subject and object only, so that its slots hold them and
// no other entity. If it matched, Full is the same pattern tried with
// every mention, which says what got in the way.
type nearestJSON struct {
	sentenceRef
	Text    string       `json:"text"`
	Attempt attemptJSON  `json:"attempt"`
	Full    *attemptJSON `json:"with_every_mention,omitempty"`
}

// expect looks for the fact "S P O" in results.
func (x *explainer) expect(spec string, results []*extract.Result) (*expectReport, error) {
	subj, pred, mod, obj, err := x.parseFact(spec)
	if err != nil {
		return nil, err
	}
	want := extract.Fact{Subject: subj, Predicate: pred, Object: obj, Modality: mod}
	rep := &expectReport{Subject: subj, Relation: want.Relation(), Object: obj, Found: []sightingJSON{}, Together: []sentenceRef{}}
	rep.Problems = x.typeProblems(subj, pred, obj)

	var rules []int // rule indexes of the predicate
	for i, r := range x.f.Rules {
		if r.Predicate == pred {
			rules = append(rules, i)
		}
	}
	best := -2.0 // reach of the nearest so far
	for _, r := range results {
		d := r.Doc
		for _, e := range r.Evidence {
			f := e.Fact
			if f == want {
				rep.Found = append(rep.Found, x.sighting(d, e))
			} else if f.Predicate == pred && (f.Subject == subj && f.Object == obj || f.Subject == obj && f.Object == subj) {
				rep.Instead = append(rep.Instead, x.sighting(d, e))
			}
		}
		// in[si] tells whether the subject (bit 0) and the object (bit 1)
		// are mentioned in sentence si.
		in := make([]int, len(d.Sentences))
		for _, mn := range r.Mentions {
			if mn.Entity == subj {
				in[mn.Sentence] |= 1
			}
			if mn.Entity == obj {
				in[mn.Sentence] |= 2
			}
		}
		for si, bits := range in {
			if bits&1 != 0 {
				rep.SubjectAt = append(rep.SubjectAt, sentenceRef{d.ID, si + 1})
			}
			if bits&2 != 0 {
				rep.ObjectAt = append(rep.ObjectAt, sentenceRef{d.ID, si + 1})
			}
		}
		together := func(si, scope int) bool {
			bits := 0
			for k := si; k < min(si+scope, len(in)); k++ {
				bits |= in[k]
			}
			return bits == 3
		}
		// Only the mentions of subject and object, so that the attempts
		// are about them and not about whatever else the sentence names.
		only := &extract.Result{Doc: d, Unresolved: r.Unresolved}
		for _, mn := range r.Mentions {
			if mn.Entity == subj || mn.Entity == obj {
				only.Mentions = append(only.Mentions, mn)
			}
		}
		for si := range d.Sentences {
			if together(si, 1) || slices.ContainsFunc(rules, func(ri int) bool { return together(si, x.f.Rules[ri].Scope) }) {
				rep.Together = append(rep.Together, sentenceRef{d.ID, si + 1})
			} else {
				continue
			}
			var explained []extract.Attempt
			for _, ri := range rules {
				if !together(si, max(x.f.Rules[ri].Scope, 1)) {
					continue
				}
				if explained == nil {
					explained = x.m.Explain(only, si)
				}
				for i, a := range explained {
					if x.refs[i].rule != ri {
						continue
					}
					aj := x.attempt(d, si, i, a)
					if p := reach(aj); p > best {
						best = p
						rep.Nearest = &nearestJSON{sentenceRef: sentenceRef{d.ID, si + 1}, Text: d.SentenceText(si), Attempt: aj}
						if aj.Matched {
							full := x.attempt(d, si, i, x.m.Explain(r, si)[i])
							rep.Nearest.Full = &full
						}
					}
				}
			}
		}
	}
	if len(rep.Together) > 0 {
		rep.SubjectAt, rep.ObjectAt = nil, nil
	}
	if len(rules) == 0 {
		rep.Problems = append(rep.Problems, fmt.Sprintf("no rule states %s", pred))
	}
	return rep, nil
}

// parseFact reads "S P O": the predicate is the word that names one,
// maybe after not_ or maybe_; what stands before and after it names the
// subject and the object by id, name or alias, in any case.
func (x *explainer) parseFact(spec string) (subj, pred string, mod extract.Modality, obj string, err error) {
	words := strings.Fields(spec)
	k := -1
	for i := 1; i+1 < len(words) && k < 0; i++ {
		if _, _, ok := x.predicate(words[i]); ok {
			k = i
		}
	}
	if k < 0 {
		if len(words) == 3 {
			return "", "", "", "", fmt.Errorf("-expect %q: unknown predicate %q%s", spec, words[1], x.predicateList())
		}
		return "", "", "", "", fmt.Errorf(`-expect %q: want "subject predicate object" with a predicate of the rule file between them`, spec)
	}
	pred, mod, _ = x.predicate(words[k])
	names := entityNames(x.f)
	resolve := func(s string) (string, error) {
		for _, e := range x.f.Entities {
			if strings.EqualFold(e.ID, s) {
				return e.ID, nil // an id names one entity, whatever aliases say
			}
		}
		ids := names[strings.ToLower(schema.Plain(s))]
		switch len(ids) {
		case 1:
			return ids[0], nil
		case 0:
			return "", fmt.Errorf("-expect %q: no entity is called %q%s", spec, s, x.suggestEntity(s))
		}
		return "", fmt.Errorf("-expect %q: %q names %d entities: %s", spec, s, len(ids), strings.Join(ids, ", "))
	}
	if subj, err = resolve(strings.Join(words[:k], " ")); err != nil {
		return
	}
	obj, err = resolve(strings.Join(words[k+1:], " "))
	return
}

// predicate reads a relation name: a predicate id, maybe after not_ or maybe_.
func (x *explainer) predicate(word string) (string, extract.Modality, bool) {
	id, mod := extract.ParseRelation(word)
	if _, ok := x.f.Predicate(id); ok {
		return id, mod, true
	}
	return "", "", false
}

// predicateList names the predicates of the rule file, for a message.
func (x *explainer) predicateList() string {
	var ids []string
	for _, p := range x.f.Predicates {
		ids = append(ids, p.ID)
	}
	return " (predicates: " + strings.Join(ids, ", ") + ")"
}

// suggestEntity names the entities with s as a word of their id, name or
// an alias ("ma": jack-ma, pony-ma).
func (x *explainer) suggestEntity(s string) string {
	s = strings.ToLower(s)
	var ids []string
	for _, e := range x.f.Entities {
		for _, n := range append([]string{e.ID, e.Name}, e.Aliases...) {
			words := strings.FieldsFunc(strings.ToLower(schema.Plain(n)), func(r rune) bool { return r == ' ' || r == '-' })
			if slices.Contains(words, s) {
				ids = append(ids, e.ID)
				break
			}
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return " (did you mean " + strings.Join(ids, ", ") + "?)"
}

// typeProblems says where the types of subject and object fit no rule of
// the predicate.
func (x *explainer) typeProblems(subj, pred, obj string) []string {
	p, _ := x.f.Predicate(pred)
	se, _ := x.f.Entity(subj)
	oe, _ := x.f.Entity(obj)
	fits := func(typ string, types []string) bool {
		return slices.ContainsFunc(types, func(t string) bool { return x.f.IsA(typ, t) })
	}
	var problems, subjTypes, objTypes []string
	anyRule, subjOK, objOK := false, false, false
	for _, r := range x.f.Rules {
		if r.Predicate != pred {
			continue
		}
		anyRule = true
		st, ot := p.Subject, p.Object
		if len(r.Subject) > 0 {
			st = r.Subject
		}
		if len(r.Object) > 0 {
			ot = r.Object
		}
		subjOK = subjOK || fits(se.Type, st)
		objOK = objOK || fits(oe.Type, ot)
		subjTypes = append(subjTypes, fmt.Sprintf("%s: %s", r.ID, strings.Join(st, " or ")))
		objTypes = append(objTypes, fmt.Sprintf("%s: %s", r.ID, strings.Join(ot, " or ")))
	}
	if !anyRule {
		return nil
	}
	if !subjOK {
		problems = append(problems, fmt.Sprintf("%s has type %s, which no rule of %s takes as subject (%s)", subj, se.Type, pred, strings.Join(subjTypes, "; ")))
	}
	if !objOK {
		problems = append(problems, fmt.Sprintf("%s has type %s, which no rule of %s takes as object (%s)", obj, oe.Type, pred, strings.Join(objTypes, "; ")))
	}
	return problems
}

func (x *explainer) sighting(d *extract.Document, e extract.Evidence) sightingJSON {
	return sightingJSON{
		sentenceRef: sentenceRef{d.ID, sentenceAt(d, e.SentenceSpan.Start) + 1},
		Fact:        factOf(d, e), Rule: e.Rule, Position: rulePos(x.f, e.RulePos), Text: e.Sentence,
	}
}

func (rep *expectReport) print(w io.Writer) {
	fact := rep.Subject + " " + rep.Relation + " " + rep.Object
	if len(rep.Found) > 0 {
		fmt.Fprintf(w, "%s: found in %s\n", fact, count(len(rep.Found), "sentence"))
		for _, s := range rep.Found {
			printSighting(w, s)
		}
		return
	}
	fmt.Fprintf(w, "%s: not found\n", fact)
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	if len(rep.Instead) > 0 {
		fmt.Fprintln(w, "found instead")
		for _, s := range rep.Instead {
			printSighting(w, s)
		}
	}
	if len(rep.Together) == 0 {
		for _, x := range []struct {
			id string
			at []sentenceRef
		}{{rep.Subject, rep.SubjectAt}, {rep.Object, rep.ObjectAt}} {
			if len(x.at) == 0 {
				fmt.Fprintf(w, "%s is never mentioned\n", x.id)
				continue
			}
			fmt.Fprintf(w, "%s is mentioned in %s:\n", x.id, count(len(x.at), "sentence"))
			printRefs(w, x.at)
		}
		fmt.Fprintf(w, "they are never mentioned in one sentence (or in the span of a rule of %s)\n", rep.predicate())
		return
	}
	fmt.Fprintf(w, "both mentioned in %s:\n", count(len(rep.Together), "sentence"))
	printRefs(w, rep.Together)
	if n := rep.Nearest; n != nil && n.Attempt.First {
		fmt.Fprintf(w, "no pattern of %s gets past its first element in these sentences\n", rep.predicate())
	} else if n != nil {
		a := n.Attempt
		fmt.Fprintf(w, "nearest: rule %s on %s\n", a.Rule, n.sentenceRef)
		fmt.Fprintf(w, "  %s\n", n.Text)
		fmt.Fprintf(w, "  pattern %s  %s\n", a.Position, a.Pattern)
		if !a.Matched {
			fmt.Fprintf(w, "  %s\n", a.failure())
			return
		}
		if full := n.Full; full != nil && full.Matched && factList(full.Facts) == factList(a.Facts) {
			fmt.Fprintf(w, "  it finds %s\n", factList(a.Facts))
			return
		}
		fmt.Fprintf(w, "  with only the mentions of %s and %s it finds %s\n", rep.Subject, rep.Object, factList(a.Facts))
		switch full := n.Full; {
		case full == nil:
		case full.Matched:
			fmt.Fprintf(w, "  with every mention it finds %s\n", factList(full.Facts))
		default:
			fmt.Fprintf(w, "  with every mention it %s\n", full.failure())
		}
	}
}

func factList(facts []factJSON) string {
	s := make([]string, len(facts))
	for i, f := range facts {
		s[i] = f.String()
	}
	return strings.Join(s, ", ")
}

// predicate is the predicate of the expected relation.
func (rep *expectReport) predicate() string {
	return strings.TrimPrefix(strings.TrimPrefix(rep.Relation, "not_"), "maybe_")
}

func printSighting(w io.Writer, s sightingJSON) {
	fmt.Fprintf(w, "  %s  %s  rule %s %s\n    %s\n", s.sentenceRef, s.Fact, s.Rule, s.Position, s.Text)
}

// printRefs prints sentence references a line per document: "doc: 3, 5, 9".
func printRefs(w io.Writer, refs []sentenceRef) {
	for i := 0; i < len(refs); {
		j := i
		var nums []string
		for ; j < len(refs) && refs[j].Doc == refs[i].Doc; j++ {
			nums = append(nums, strconv.Itoa(refs[j].Sentence))
		}
		fmt.Fprintf(w, "  %s: %s\n", refs[i].Doc, strings.Join(nums, ", "))
		i = j
	}
}

// count says "1 sentence", "2 sentences".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
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
	case a.First:
		return -1
	}
	return float64(a.Offset) / float64(len(a.Pattern))
}

// byProgress orders attempts for reading: the matches, then the failures
// by how far they got, the nearest misses first, and last those that
// failed at their first element; each in the order of the rule file.
func byProgress(attempts []attemptJSON) []attemptJSON {
	out := slices.Clone(attempts)
	slices.SortStableFunc(out, func(a, b attemptJSON) int { return cmp.Compare(reach(b), reach(a)) })
	return out
}
