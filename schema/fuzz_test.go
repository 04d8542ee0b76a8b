package schema

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that its errors are well
// formed, and that a File it accepts holds together: every cross-reference
// resolves and every pattern parses.
func FuzzParse(f *testing.F) {
	f.Add(valid)
	f.Add(secondEdition)
	// The second edition's syntax: dates as objects, plural references,
	// cues of one rule, literal brackets.
	f.Add(`version: 1
types: [{id: law}, {id: company}]
entities: [{id: l, type: law, name: L}, {id: c, type: company, name: C}]
references: [{words: [they, both companies], types: [company], plural: true}]
predicates:
  - {id: takes_effect, subject: [law], object: [date]}
  - {id: owns, subject: [company], object: [company]}
rules:
  - {id: a, predicate: takes_effect, patterns: ["({subject} took effect on {date}|{date} saw {subject})"]}
  - {id: b, predicate: owns, cues: {hedge: [set to], drop: [may]}, patterns: ["{subject} \\( {object} \\)", "{subject} [( ...10 )] {object}"]}
`)
	for _, tt := range parseErrorTests {
		f.Add(tt.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := Parse("graph.yaml", []byte(src))
		if err != nil {
			if file != nil {
				t.Fatal("Parse returned a File and an error")
			}
			checkErrorList(t, err)
			return
		}
		if file == nil {
			t.Fatal("Parse returned neither File nor error")
		}
		checkFile(t, file)
	})
}

func checkErrorList(t *testing.T, err error) {
	var list ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %v is not a non-empty ErrorList", err)
	}
	for i, e := range list {
		if e.Pos.Line < 1 || e.Pos.Col < 1 || e.Msg == "" || strings.Contains(e.Msg, "\n") {
			t.Errorf("malformed error %q", e)
		}
		if i > 0 {
			p := list[i-1]
			if p.Pos.Line > e.Pos.Line || p.Pos == e.Pos && p.Msg >= e.Msg ||
				p.Pos.Line == e.Pos.Line && p.Pos.Col > e.Pos.Col {
				t.Errorf("errors not sorted or not unique: %q before %q", p, e)
			}
		}
	}
	if got, want := len(strings.Split(err.Error(), "\n")), len(list); got != want {
		t.Errorf("Error() has %d lines for %d errors", got, want)
	}
}

// secondEdition uses names, roles and blocks.
const secondEdition = secondEditionBase + `names:
  - {id: heads, type: company, heads: [Group, Co.], starts: [Bank of], nouns: [firm, chipmaker]}
roles:
  type: person
  modifiers: [former]
  possessive: leads
  titles:
    - {id: role-leads, predicate: leads, words: [founder, chief executive]}
blocks:
  - {words: [HK$]}
  - {words: [Acme Daily], entities: [acme]}
`

func checkFile(t *testing.T, f *File) {
	if f.Version != 1 {
		t.Errorf("Version = %d", f.Version)
	}
	checkPos := func(what string, p Pos) {
		if p.Line < 1 || p.Col < 1 {
			t.Errorf("%s has position %v", what, p)
		}
	}
	typeOK := func(what, id string) {
		if _, ok := f.Type(id); !ok {
			t.Errorf("%s: unknown type %q", what, id)
		}
	}
	for _, ty := range f.Types {
		checkPos("type "+ty.ID, ty.Pos)
		if ty.Parent != "" {
			typeOK("parent of "+ty.ID, ty.Parent)
			if f.IsA(ty.Parent, ty.ID) {
				t.Errorf("type %q is in a cycle", ty.ID)
			}
		}
		if got, ok := f.Type(ty.ID); !ok || got.Pos != ty.Pos {
			t.Errorf("Type(%q) = %v, %v; duplicate?", ty.ID, got, ok)
		}
	}
	for _, e := range f.Entities {
		checkPos("entity "+e.ID, e.Pos)
		typeOK("entity "+e.ID, e.Type)
		if strings.TrimSpace(e.Name) == "" || slices.Contains(e.Aliases, e.Name) || e.Case != CaseExact && e.Case != CaseFold {
			t.Errorf("entity %q: name %q, aliases %q, case %q", e.ID, e.Name, e.Aliases, e.Case)
		}
		for _, a := range e.Aliases {
			if strings.TrimSpace(a) == "" {
				t.Errorf("entity %q: empty alias", e.ID)
			}
		}
		for _, p := range e.Patterns {
			checkPos("pattern", p.Pos)
			re, err := regexp.Compile(p.Expr)
			if err != nil || re.MatchString("") {
				t.Errorf("entity %q: pattern %q: %v", e.ID, p.Expr, err)
			}
		}
		if got, ok := f.Entity(e.ID); !ok || got.Pos != e.Pos {
			t.Errorf("Entity(%q) = %v, %v; duplicate?", e.ID, got, ok)
		}
	}
	for _, r := range f.References {
		checkPos("reference", r.Pos)
		if len(r.Words) == 0 || len(r.Types)+len(r.Entities) == 0 || r.Window < 0 {
			t.Errorf("reference %+v", r)
		}
		for _, ty := range r.Types {
			typeOK("reference", ty)
		}
		for _, e := range r.Entities {
			if _, ok := f.Entity(e); !ok {
				t.Errorf("reference: unknown entity %q", e)
			}
		}
	}
	for _, p := range f.Predicates {
		checkPos("predicate "+p.ID, p.Pos)
		if len(p.Subject) == 0 || len(p.Object) == 0 || p.Label == "" ||
			strings.HasPrefix(p.ID, "not_") || strings.HasPrefix(p.ID, "maybe_") {
			t.Errorf("predicate %+v", p)
		}
		objects := p.Object
		if p.Dated() {
			objects = nil // [date]: no type
		} else if slices.Contains(p.Object, DateObject) {
			t.Errorf("predicate %q: %q among types", p.ID, DateObject)
		}
		for _, ty := range append(slices.Clone(p.Subject), objects...) {
			typeOK("predicate "+p.ID, ty)
		}
	}
	for _, n := range f.Names {
		checkPos("name rule "+n.ID, n.Pos)
		typeOK("name rule "+n.ID, n.Type)
		if len(n.Heads)+len(n.Starts)+len(n.Nouns) == 0 {
			t.Errorf("name rule %q finds nothing", n.ID)
		}
	}
	if f.Roles.Type != "" {
		typeOK("roles", f.Roles.Type)
	}
	for _, b := range f.Blocks {
		checkPos("block", b.Pos)
		for _, id := range b.Entities {
			if _, ok := f.Entity(id); !ok {
				t.Errorf("block: unknown entity %q", id)
			}
		}
	}
	for _, r := range f.Rules {
		checkPos("rule "+r.ID, r.Pos)
		pred, ok := f.Predicate(r.Predicate)
		if !ok {
			t.Errorf("rule %q: unknown predicate %q", r.ID, r.Predicate)
			continue
		}
		if r.Scope < 1 || r.Scope > MaxScope || len(r.Patterns) == 0 {
			t.Errorf("rule %+v", r)
		}
		fits := func(ty string, allowed []string) bool {
			return slices.ContainsFunc(allowed, func(a string) bool { return f.IsA(ty, a) })
		}
		for _, ty := range r.Subject {
			if typeOK("rule "+r.ID, ty); !fits(ty, pred.Subject) {
				t.Errorf("rule %q: subject %q not allowed", r.ID, ty)
			}
		}
		for _, ty := range r.Object {
			if typeOK("rule "+r.ID, ty); !fits(ty, pred.Object) {
				t.Errorf("rule %q: object %q not allowed", r.ID, ty)
			}
		}
		for _, p := range r.Patterns {
			checkPos("pattern", p.Pos)
			if _, err := ParsePatternFor(p.Expr, pred.Dated()); err != nil {
				t.Errorf("rule %q: pattern %q: %v", r.ID, p.Expr, err)
			}
		}
	}
	for _, c := range append(slices.Clone(f.Cues.Negation), f.Cues.Hedge...) {
		if strings.TrimSpace(c) == "" {
			t.Errorf("empty cue")
		}
	}
}

// FuzzParsePattern checks that ParsePattern never panics and that the
// offsets it reports are within the pattern.
func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{
		"{subject} opened a ...3 review into {object}",
		"{subject} (launched|began) [a formal] investigation* into {object} in {date}",
		"{subject} ... ... {object}", "(", "[a|b]", "{subj}", "...0", "...51 x", "a**", "\xff",
		"{subject} (a|) {object}", "((((((((((a))))))))))", "{subject} } {object}",
		`{subject} \( {object} \)`, `\x`, `{subject} [( ...10 )] {object}`,
		"{subject} took effect on {date}", "({subject} took effect on {date}|{date} saw {subject})",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, dated bool) {
		nodes, err := ParsePatternFor(src, dated)
		if err != nil {
			var pe *PatternError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is a %T, want a *PatternError", err, err)
			}
			if pe.Offset < 0 || pe.Offset > len(src) {
				t.Fatalf("offset %d outside %q", pe.Offset, src)
			}
			return
		}
		var walk func([]Node)
		walk = func(seq []Node) {
			for _, n := range seq {
				if n.Offset < 0 || n.Offset >= len(src) {
					t.Fatalf("node offset %d outside %q", n.Offset, src)
				}
				if (n.Kind == Word || n.Kind == Prefix) && n.Word == "" {
					t.Errorf("empty word in %q", src)
				}
				for _, a := range n.Alts {
					walk(a)
				}
			}
		}
		walk(nodes)
	})
}
