package extract

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/graphbuild/graphbuild/schema"
)

// How says how a sentence speaks of an entity, from the weakest sign to
// the strongest.
type How int

const (
	Absent   How = iota
	ByWord       // a word of one of its names ("Alibaba" of "Alibaba Group")
	Could        // a reference that could stand for it, but went elsewhere or nowhere
	Resolved     // a reference resolved to it
	ByName       // one of its names
)

func (h How) String() string {
	return [...]string{"absent", "by a word of its names", "by a reference that could stand for it", "by a reference", "by name"}[h]
}

// Presence is the strongest sign of an entity in a sentence.
type Presence struct {
	How     How
	Mention Mention // the name or the reference (for ByWord, its Span and First/End are the word's)
	Text    string  // as written
	Why     string  // for a reference: how it was resolved, or why not
}

// Near is a sentence where a fact could have been found: how it speaks of
// subject and object, and how far the rules of the predicate got when
// its references were taken to stand for them (see ExplainFor).
type Near struct {
	Sentence        int // index into Document.Sentences
	Subject, Object Presence
	// Best is the attempt of a rule of the predicate that got furthest
	// (Attempt.Reach); Supposed the references taken to stand for
	// subject or object to get there.
	Best     *Attempt
	Supposed []Mention
	Score    float64
}

// Nearest ranks the sentences of r where both subject and object are
// present in some way (within the scope of a rule of the predicate), one
// of them at least by name or a resolved reference, the
// closest first: by how strongly each is present (a name, a reference, a
// reference that could have been, a word of a name: 4 to 1 points each),
// then by how far a rule of the predicate got (its reach, 0 to 2).
func (m *Matcher) Nearest(r *Result, subject, predicate, object string) []Near {
	d := r.Doc
	scope := 1
	rules := map[string]bool{}
	for _, rl := range m.rules {
		if rl.Predicate == predicate {
			scope = max(scope, rl.Scope)
			rules[rl.ID] = true
		}
	}
	var out []Near
	for si := range d.Sentences {
		last := min(si+scope, len(d.Sentences)) - 1
		// One reference cannot stand for both: take the better of
		// subject first and object first.
		none := Span{-1, -1}
		s := m.presence(r, si, last, subject, none)
		o := m.presence(r, si, last, object, s.Mention.Span)
		if o2 := m.presence(r, si, last, object, none); o2.How > o.How {
			if s2 := m.presence(r, si, last, subject, o2.Mention.Span); s2.How+o2.How > s.How+o.How {
				s, o = s2, o2
			}
		}
		if s.How == Absent || o.How == Absent || max(s.How, o.How) < Resolved {
			continue
		}
		n := Near{Sentence: si, Subject: s, Object: o, Score: float64(s.How + o.How)}
		attempts, supposed := m.ExplainFor(r, si, subject, object)
		for i, a := range attempts {
			if rules[a.Rule] && (n.Best == nil || a.Reach() > n.Best.Reach()) {
				n.Best = &attempts[i]
			}
		}
		if n.Best != nil {
			n.Score += max(n.Best.Reach(), 0)
			var used []Span // the mentions the attempt bound
			for _, f := range append(slices.Clone(n.Best.Subject), n.Best.Object...) {
				used = append(used, f.Span)
			}
			for _, e := range n.Best.Evidence {
				for _, res := range e.Resolved {
					used = append(used, res.Span)
				}
			}
			for _, mn := range supposed {
				if slices.Contains(used, mn.Span) {
					n.Supposed = append(n.Supposed, mn)
				}
			}
		}
		out = append(out, n)
	}
	slices.SortStableFunc(out, func(a, b Near) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return out
}

// presence finds the strongest sign of entity id in sentences first to
// last, the first of the strongest.
func (m *Matcher) presence(r *Result, first, last int, id string, not Span) Presence {
	d := r.Doc
	best := Presence{}
	consider := func(p Presence) {
		if p.How > best.How && p.Mention.Span != not {
			best = p
		}
	}
	for _, mn := range r.Mentions {
		if mn.Sentence < first || mn.Sentence > last {
			continue
		}
		switch {
		case mn.Entity == id && !mn.Reference:
			consider(Presence{How: ByName, Mention: mn, Text: d.mentionText(mn)})
		case mn.Entity == id:
			consider(Presence{How: Resolved, Mention: mn, Text: d.mentionText(mn), Why: m.Why(mn)})
		case mn.Reference:
			consider(m.could(r, mn, id))
		}
	}
	for _, mn := range r.UnresolvedRefs {
		if mn.Sentence >= first && mn.Sentence <= last {
			consider(m.could(r, mn, id))
		}
	}
	if best.How != Absent {
		return best
	}
	words := m.nameWords(id)
	for i := d.Sentences[first].First; i < d.Sentences[last].EndTok; i++ {
		if words[d.Tokens[i].Fold] {
			t := d.Tokens[i]
			mn := Mention{Entity: id, Sentence: d.sentenceOf(i), First: i, End: i + 1, Span: d.RawSpan(t.Start, t.End), Group: -1}
			return Presence{How: ByWord, Mention: mn, Text: d.TokenText(i)}
		}
	}
	return best
}

// nameWords are the telling words of an entity's id, name and aliases, in
// lower case: neither short nor common English words.
func (m *Matcher) nameWords(id string) map[string]bool {
	out := map[string]bool{}
	e, ok := m.file.Entity(id)
	if !ok {
		return out
	}
	for _, n := range append([]string{e.ID, e.Name}, e.Aliases...) {
		for _, w := range strings.FieldsFunc(schema.Plain(n), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len(w) >= 3 && !schema.CommonWord(w) {
				out[strings.ToLower(w)] = true
			}
		}
	}
	return out
}

// could says whether reference mn, resolved elsewhere or not at all, could
// stand for entity id: it takes the entity's type and the entity is named
// before it in the document, near enough or not, or the reference names
// the entity among its own ("the central bank": pboc).
func (m *Matcher) could(r *Result, mn Mention, id string) Presence {
	if !m.Fits(mn, id) {
		return Presence{}
	}
	named := -1
	for _, o := range r.Mentions {
		if o.First >= mn.First {
			break
		}
		if o.Entity == id && !o.Reference {
			named = o.Sentence
		}
	}
	ref := m.file.References[mn.Group]
	if named < 0 && !slices.Contains(ref.Entities, id) {
		return Presence{} // a reference of any entity of a type: only to one named before
	}
	why := m.Why(mn)
	if named < 0 {
		why += fmt.Sprintf("; %s is not named before it", id)
	} else if w := ref.Window; mn.Sentence-named > w {
		why += fmt.Sprintf("; %s is named %s before, beyond its window", id, plural(mn.Sentence-named, "sentence"))
	} else if mn.Entity != "" {
		why += fmt.Sprintf("; %s is named within its window, but further back", id)
	}
	return Presence{How: Could, Mention: mn, Text: r.Doc.mentionText(mn), Why: why}
}
