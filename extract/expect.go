package extract

import (
	"fmt"
	"slices"
	"strings"
)

// ParseFact reads a fact written "subject predicate object": the
// predicate is the first word after the first that names one of the rule
// file, maybe after not_ or maybe_; the words before and after it name
// the subject and the object by id, name or alias, in any case.
func (m *Matcher) ParseFact(spec string) (Fact, error) {
	f := m.file
	words := strings.Fields(spec)
	k := -1
	var pred string
	var mod Modality
	for i := 1; i+1 < len(words) && k < 0; i++ {
		pred, mod = ParseRelation(words[i])
		if _, ok := f.Predicate(pred); ok {
			k = i
		}
	}
	if k < 0 {
		if len(words) == 3 {
			var ids []string
			for _, p := range f.Predicates {
				ids = append(ids, p.ID)
			}
			return Fact{}, fmt.Errorf("unknown predicate %q (predicates: %s)", words[1], strings.Join(ids, ", "))
		}
		return Fact{}, fmt.Errorf(`want "subject predicate object" with a predicate of the rule file between them`)
	}
	entity := func(s string) (string, error) {
		switch ids := f.Named(s); len(ids) {
		case 1:
			return ids[0], nil
		case 0:
			hint := ""
			if ids := f.WithWord(s); len(ids) > 0 {
				hint = " (did you mean " + strings.Join(ids, ", ") + "?)"
			}
			return "", fmt.Errorf("no entity is called %q%s", s, hint)
		default:
			return "", fmt.Errorf("%q names %d entities: %s", s, len(ids), strings.Join(ids, ", "))
		}
	}
	subj, err := entity(strings.Join(words[:k], " "))
	if err != nil {
		return Fact{}, err
	}
	obj, err := entity(strings.Join(words[k+1:], " "))
	if err != nil {
		return Fact{}, err
	}
	return Fact{Subject: subj, Predicate: pred, Object: obj, Modality: mod}, nil
}

// Problems says why no rule can find a fact, whatever the text: no rule
// states its predicate, or the subject's or the object's type fits no
// rule of it.
func (m *Matcher) Problems(fact Fact) []string {
	f := m.file
	se, _ := f.Entity(fact.Subject)
	oe, _ := f.Entity(fact.Object)
	fits := func(typ string, types []string) bool {
		return slices.ContainsFunc(types, func(t string) bool { return f.IsA(typ, t) })
	}
	var subjTypes, objTypes []string
	anyRule, subjOK, objOK := false, false, false
	for _, r := range m.rules {
		if r.Predicate != fact.Predicate {
			continue
		}
		anyRule = true
		subjOK = subjOK || fits(se.Type, r.subject)
		objOK = objOK || fits(oe.Type, r.object)
		subjTypes = append(subjTypes, fmt.Sprintf("%s: %s", r.ID, joinOr(r.subject)))
		objTypes = append(objTypes, fmt.Sprintf("%s: %s", r.ID, joinOr(r.object)))
	}
	if !anyRule {
		return []string{"no rule states " + fact.Predicate}
	}
	var problems []string
	if !subjOK {
		problems = append(problems, fmt.Sprintf("%s has type %s, which no rule of %s takes as subject (%s)", fact.Subject, se.Type, fact.Predicate, strings.Join(subjTypes, "; ")))
	}
	if !objOK {
		problems = append(problems, fmt.Sprintf("%s has type %s, which no rule of %s takes as object (%s)", fact.Object, oe.Type, fact.Predicate, strings.Join(objTypes, "; ")))
	}
	return problems
}
