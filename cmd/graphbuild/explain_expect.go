package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// expectReport says, document by document, whether a fact was found, and
// where it was not, which sentences came closest and why they failed.
type expectReport struct {
	Subject  string `json:"subject"`
	Relation string `json:"relation"`
	Object   string `json:"object"`
	// Problems are reasons no rule can find the fact, whatever the text.
	Problems  []string    `json:"problems,omitempty"`
	Found     int         `json:"found"` // documents with the fact
	Documents []docExpect `json:"documents"`
}

// docExpect is one document: every evidence of the fact; of a fact with
// the same subject and object and the same predicate under another
// modality or the other way round (Instead); and where the fact is not
// found, the candidate sentences, closest first (see extract.Nearest).
type docExpect struct {
	Doc        string          `json:"doc"`
	Found      []sightingJSON  `json:"found"`
	Instead    []sightingJSON  `json:"instead,omitempty"`
	Candidates []candidateJSON `json:"candidates,omitempty"`
	More       int             `json:"more_candidates,omitempty"` // not shown (-top)
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

// candidateJSON is a sentence that speaks of subject and object, how it
// does, and the attempt of a rule of the predicate that got furthest
// there with references taken to stand for them where they could.
type candidateJSON struct {
	sentenceRef
	Text     string       `json:"text"`
	Score    float64      `json:"score"`
	Subject  presenceJSON `json:"subject"`
	Object   presenceJSON `json:"object"`
	Supposed []string     `json:"supposed,omitempty"` // "«it» as alibaba"
	Nearest  *attemptJSON `json:"nearest,omitempty"`
}

type presenceJSON struct {
	How  string `json:"how"`
	Text string `json:"text"`
	// For a reference: the entity it was resolved to ("" if none) and how.
	Entity string `json:"resolved_to,omitempty"`
	Why    string `json:"why,omitempty"`
}

func (p presenceJSON) String() string {
	s := fmt.Sprintf("%s «%s»", p.How, p.Text)
	switch {
	case p.Why != "" && p.Entity != "":
		s += fmt.Sprintf(" → %s: %s", p.Entity, p.Why)
	case p.Why != "":
		s += " → nothing: " + p.Why
	}
	return s
}

// expect looks for the fact "S P O" in results.
func (x *explainer) expect(spec string, results []*extract.Result) (*expectReport, error) {
	subj, pred, mod, obj, err := x.parseFact(spec)
	if err != nil {
		return nil, err
	}
	want := extract.Fact{Subject: subj, Predicate: pred, Object: obj, Modality: mod}
	rep := &expectReport{Subject: subj, Relation: want.Relation(), Object: obj, Documents: []docExpect{}}
	rep.Problems = x.typeProblems(subj, pred, obj)
	if !slices.ContainsFunc(x.f.Rules, func(r schema.Rule) bool { return r.Predicate == pred }) {
		rep.Problems = append(rep.Problems, fmt.Sprintf("no rule states %s", pred))
	}
	for _, r := range results {
		d := r.Doc
		de := docExpect{Doc: d.ID, Found: []sightingJSON{}}
		for _, e := range r.Evidence {
			f := e.Fact
			if f == want {
				de.Found = append(de.Found, x.sighting(d, e))
			} else if f.Predicate == pred && (f.Subject == subj && f.Object == obj || f.Subject == obj && f.Object == subj) {
				de.Instead = append(de.Instead, x.sighting(d, e))
			}
		}
		if len(de.Found) > 0 {
			rep.Found++
		} else {
			for i, n := range x.m.Nearest(r, subj, pred, obj) {
				if i >= x.top {
					de.More++
					continue
				}
				de.Candidates = append(de.Candidates, x.candidate(d, n))
			}
		}
		rep.Documents = append(rep.Documents, de)
	}
	return rep, nil
}

func (x *explainer) candidate(d *extract.Document, n extract.Near) candidateJSON {
	presence := func(p extract.Presence) presenceJSON {
		pj := presenceJSON{How: p.How.String(), Text: p.Text}
		if p.How == extract.Resolved || p.How == extract.Could {
			pj.Entity, pj.Why = p.Mention.Entity, p.Why
		}
		return pj
	}
	c := candidateJSON{
		sentenceRef: sentenceRef{d.ID, n.Sentence + 1}, Text: d.SentenceText(n.Sentence),
		Score: float64(int(n.Score*100+0.5)) / 100, Subject: presence(n.Subject), Object: presence(n.Object),
	}
	for _, mn := range n.Supposed {
		c.Supposed = append(c.Supposed, fmt.Sprintf("«%s» as %s", mentionText(d, mn), mn.Entity))
	}
	if n.Best != nil {
		aj := x.attempt(d, n.Sentence, *n.Best)
		c.Nearest = &aj
	}
	return c
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
	fmt.Fprintf(w, "%s: found in %d of %s\n", fact, rep.Found, count(len(rep.Documents), "document"))
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	var apart []string // documents without the fact or a candidate
	for _, de := range rep.Documents {
		if len(de.Found) == 0 && len(de.Instead) == 0 && len(de.Candidates) == 0 {
			apart = append(apart, de.Doc)
			continue
		}
		if len(de.Found) > 0 {
			fmt.Fprintf(w, "\n%s: found in %s\n", de.Doc, count(len(de.Found), "sentence"))
			for _, s := range de.Found {
				printSighting(w, s)
			}
			continue
		}
		fmt.Fprintf(w, "\n%s: not found\n", de.Doc)
		if len(de.Instead) > 0 {
			fmt.Fprintln(w, "  found instead")
			for _, s := range de.Instead {
				printSighting(w, s)
			}
		}
		if len(de.Candidates) == 0 {
			fmt.Fprintf(w, "  no sentence speaks of both, by name, reference or a word of a name\n")
			continue
		}
		for _, c := range de.Candidates {
			fmt.Fprintf(w, "  %s  score %.2f\n    %s\n", c.sentenceRef, c.Score, c.Text)
			fmt.Fprintf(w, "    subject %s\n    object  %s\n", c.Subject, c.Object)
			a := c.Nearest
			if a == nil {
				continue
			}
			if len(c.Supposed) > 0 {
				fmt.Fprintf(w, "    taking %s:\n", strings.Join(c.Supposed, ", "))
			}
			switch {
			case a.Matched:
				fmt.Fprintf(w, "    rule %s %s  %s\n      finds %s\n", a.Rule, a.Position, a.Pattern, factList(a.Facts))
			case !a.Started:
				fmt.Fprintf(w, "    no pattern of %s gets past its first element\n", strings.TrimPrefix(strings.TrimPrefix(rep.Relation, "not_"), "maybe_"))
			default:
				fmt.Fprintf(w, "    nearest: rule %s %s  %s\n      %s\n", a.Rule, a.Position, a.Pattern, a.failure())
			}
		}
		if de.More > 0 {
			fmt.Fprintf(w, "  and %s more (-top)\n", count(de.More, "sentence"))
		}
	}
	if len(apart) > 0 {
		fmt.Fprintf(w, "\nnot found, and no sentence speaks of both (by name, reference or a word of a name): %s\n", count(len(apart), "document"))
		const most = 20
		if len(apart) > most {
			apart = append(apart[:most], fmt.Sprintf("… and %d more (-json lists them)", len(apart)-most))
		}
		wrapList(w, "  ", apart, 80)
	}
}

func factList(facts []factJSON) string {
	s := make([]string, len(facts))
	for i, f := range facts {
		s[i] = f.String()
	}
	return strings.Join(s, ", ")
}

func printSighting(w io.Writer, s sightingJSON) {
	fmt.Fprintf(w, "  %s  %s  rule %s %s\n    %s\n", s.sentenceRef, s.Fact, s.Rule, s.Position, s.Text)
}
