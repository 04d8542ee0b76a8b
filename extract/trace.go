package extract

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/graphbuild/graphbuild/schema"
)

// PatternInfo names one pattern of a compiled rule file.
type PatternInfo struct {
	Rule    int // index into the rule file's rules
	RuleID  string
	Index   int // of the pattern within its rule, from 0
	Pos     schema.Pos
	Pattern string // as written
}

// Patterns lists every pattern of every rule in the order of the rule
// file: the order of Result.Matches and of Explain's attempts.
func (m *Matcher) Patterns() []PatternInfo {
	out := make([]PatternInfo, len(m.patterns))
	for i, p := range m.patterns {
		r := m.rules[p.rule]
		out[i] = PatternInfo{Rule: p.rule, RuleID: r.ID, Index: p.index, Pos: r.Patterns[p.index].Pos, Pattern: p.src}
	}
	return out
}

// countMatches counts the evidence pattern pi found in one sentence, one
// per fact as Extract keeps them, of np patterns in all.
func (r *Result) countMatches(pi int, found []Evidence, np int) {
	if len(found) == 0 {
		return
	}
	if r.Matches == nil {
		r.Matches = make([]int, np)
	}
	for i, e := range found {
		if !slices.ContainsFunc(found[:i], func(o Evidence) bool { return o.Fact == e.Fact && o.SentenceSpan == e.SentenceSpan }) {
			r.Matches[pi]++
		}
	}
}

// Why says how a reference was resolved, or why it found nothing: what
// it looks for and how far back.
func (m *Matcher) Why(mn Mention) string {
	if mn.Group < 0 || mn.Group >= len(m.file.References) {
		return ""
	}
	ref := m.file.References[mn.Group]
	what := "entity"
	switch {
	case len(ref.Entities) > 0:
		what = joinOr(ref.Entities)
	case len(ref.Types) > 0:
		what = joinOr(ref.Types)
	}
	back := "in its sentence"
	if ref.Window > 0 {
		back = "in its sentence or the " + plural(ref.Window, "sentence") + " before"
	}
	if mn.Entity == "" {
		return "no " + what + " mentioned " + back
	}
	return "the nearest " + what + " mentioned " + back
}

// Fits reports whether reference mention mn may stand for the entity id.
func (m *Matcher) Fits(mn Mention, id string) bool {
	if mn.Group < 0 || mn.Group >= len(m.refs) {
		return false
	}
	e, ok := m.entityIndex(id)
	return ok && m.refFits(m.refs[mn.Group], id, m.entityType[e])
}

func (m *Matcher) entityIndex(id string) (int, bool) {
	for i, e := range m.entities {
		if e.ID == id {
			return i, true
		}
	}
	return 0, false
}

// ExplainFor explains sentence si as Explain does, but with only the
// mentions that stand, or could stand, for subject and object: their
// names, the references resolved to them, and the references (resolved
// elsewhere or not at all) that may stand for one of them, taken as if
// they did. Supposed lists those last ones, with the entity they were
// given. So the attempts say how close a rule came to the fact, whatever
// else the sentence names and wherever a reference went.
func (m *Matcher) ExplainFor(r *Result, si int, subject, object string) (attempts []Attempt, supposed []Mention) {
	d := r.Doc
	last := min(si+m.maxScope, len(d.Sentences)) - 1
	in := func(mn Mention) bool { return mn.Sentence >= si && mn.Sentence <= last }
	var kept []Mention
	named := map[string]bool{}
	for _, mn := range r.Mentions {
		if in(mn) && (mn.Entity == subject || mn.Entity == object) {
			kept = append(kept, mn)
			named[mn.Entity] = true
		}
	}
	suppose := func(mn Mention) {
		for _, id := range []string{subject, object} {
			if mn.Entity == id || m.could(r, mn, id).How != Could {
				continue
			}
			if named[id] && !named[otherOf(id, subject, object)] && m.Fits(mn, otherOf(id, subject, object)) {
				continue // the other one is the one missing
			}
			e, _ := m.entityIndex(id)
			mn.Entity, mn.entity, mn.typ, mn.Reference = id, e, m.entityType[e], true
			mn.antecedents = []antecedent{{entity: id, index: e, typ: m.entityType[e], span: mn.Span, why: WhyNearest}}
			mn.Antecedent = mn.Span
			kept = append(kept, mn)
			supposed = append(supposed, mn)
			return
		}
	}
	for _, mn := range r.Mentions {
		if in(mn) && mn.Reference && mn.Entity != subject && mn.Entity != object {
			suppose(mn)
		}
	}
	for _, mn := range r.UnresolvedRefs {
		if in(mn) {
			suppose(mn)
		}
	}
	sortMentions(kept)
	sortMentions(supposed)
	return m.Explain(&Result{Doc: d, Mentions: kept}, si), supposed
}

func otherOf(id, a, b string) string {
	if id == a {
		return b
	}
	return a
}

func sortMentions(ms []Mention) {
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].First < ms[j].First })
}

func joinOr(s []string) string { return strings.Join(s, " or ") }

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Unfound is a reference that found nothing, why, and the nearest name
// before it that fits, beyond its window.
type Unfound struct {
	Mention Mention // Entity is ""
	Text    string  // as written
	Why     string
	// Beyond is the nearest earlier name the reference fits, outside its
	// window; Entity is "" if there is none.
	Beyond Mention
}

// Unresolved explains the references of r that found nothing, in text order.
func (m *Matcher) Unresolved(r *Result) []Unfound {
	var out []Unfound
	for _, mn := range r.UnresolvedRefs {
		u := Unfound{Mention: mn, Text: r.Doc.mentionText(mn), Why: m.Why(mn)}
		for k := len(r.Mentions) - 1; k >= 0; k-- {
			o := r.Mentions[k]
			if o.First < mn.First && !o.Reference && m.refFits(m.refs[mn.Group], o.Entity, o.typ) {
				u.Beyond = o
				break
			}
		}
		if u.Beyond.Entity != "" && mn.Sentence-u.Beyond.Sentence <= m.file.References[mn.Group].Window {
			// A fitting name in the window, yet nothing: a plural that
			// counts more names than the window holds ("both companies").
			u.Why = "fewer fitting mentions in its window than its words count"
			u.Beyond = Mention{}
		}
		out = append(out, u)
	}
	return out
}
