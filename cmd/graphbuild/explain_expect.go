package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
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
	want, err := x.m.ParseFact(spec)
	if err != nil {
		return nil, fmt.Errorf("-expect %q: %v", spec, err)
	}
	subj, pred, obj := want.Subject, want.Predicate, want.Object
	rep := &expectReport{Subject: subj, Relation: want.Relation(), Object: obj, Documents: []docExpect{}}
	rep.Problems = x.m.Problems(want)
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
