package store

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// literal makes a string literal. Text that is not valid UTF-8 gets U+FFFD
// in place of the bad bytes, since N-Quads is UTF-8 and readers reject it.
func literal(s string) quad.String {
	return quad.String(strings.ToValidUTF8(s, "\uFFFD"))
}

// attrDiscovered marks an entity a name rule found in a document, with
// the rule's id.
var attrDiscovered = quad.IRI(schemeAttr + "discovered")

// xsd is the namespace of the XML Schema datatypes dates are stored as.
const xsd = "http://www.w3.org/2001/XMLSchema#"

// dateLiteral makes a typed literal of a date value: "2020-12-01"^^xsd:date,
// "2020-12"^^xsd:gYearMonth or "2020"^^xsd:gYear.
func dateLiteral(value string, kind extract.DateKind) quad.TypedString {
	return quad.TypedString{Value: quad.String(value), Type: quad.IRI(xsd + string(kind))}
}

// factObject is the object of a fact: an entity, or a date value.
func factObject(f extract.Fact) quad.Value {
	if f.ObjectDate != "" {
		return dateLiteral(f.Object, f.ObjectDate)
	}
	return entityIRI(f.Object)
}

// number makes a plain string literal of n, so that every reader round-trips it.
func number(n int) quad.String { return quad.String(strconv.Itoa(n)) }

// schemaQuads returns the quads of a rule file, sorted by their N-Quads
// text and without duplicates, so that the order of the rule file does not
// change the output.
func schemaQuads(f *schema.File) []quad.Quad {
	var qs []quad.Quad
	add := func(s, p, o quad.Value) { qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o}) }
	for _, t := range f.Types {
		if t.Parent != "" {
			add(typeIRI(t.ID), attrParent, typeIRI(t.Parent))
		}
		if t.Color != "" {
			add(typeIRI(t.ID), attrColor, literal(t.Color))
		}
		if t.Shape != "" {
			add(typeIRI(t.ID), attrShape, literal(t.Shape))
		}
	}
	for _, e := range f.Entities {
		ent := entityIRI(e.ID)
		if e.Type != "" {
			add(ent, attrType, typeIRI(e.Type))
		}
		if e.Name != "" {
			add(ent, attrName, literal(e.Name))
		}
		for _, a := range e.Aliases {
			if a != "" && a != e.Name {
				add(ent, attrAlias, literal(a))
			}
		}
	}
	for _, p := range f.Predicates {
		label := p.Label
		if label == "" {
			label = strings.NewReplacer("_", " ", "-", " ").Replace(p.ID)
		}
		add(relationIRI(p.ID), attrLabel, literal(label))
	}
	keys := make([]string, len(qs))
	for i, q := range qs {
		keys[i] = q.NQuad()
	}
	sort.Sort(byKey{keys, qs})
	out := qs[:0]
	for i, q := range qs {
		if i > 0 && keys[i] == keys[i-1] {
			continue
		}
		out = append(out, q)
	}
	return out
}

// byKey sorts quads by a parallel slice of keys.
type byKey struct {
	keys []string
	qs   []quad.Quad
}

func (b byKey) Len() int           { return len(b.keys) }
func (b byKey) Less(i, j int) bool { return b.keys[i] < b.keys[j] }
func (b byKey) Swap(i, j int) {
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
	b.qs[i], b.qs[j] = b.qs[j], b.qs[i]
}

// appendDocQuads appends the quads of one document to dst, in a fixed
// order: the document's own attributes, its mentions (sorted by entity id),
// its fact edges (once each, in the order of their first evidence), then
// each evidence node in turn. rules names the rule file in gb:rulePos.
// Nothing is appended when the result is malformed.
func appendDocQuads(dst []quad.Quad, r *extract.Result, rules string) ([]quad.Quad, error) {
	if r == nil || r.Doc == nil {
		return dst, fmt.Errorf("store: result without a document")
	}
	d := r.Doc
	for i, e := range r.Evidence {
		if e.Doc != "" && e.Doc != d.ID {
			return dst, fmt.Errorf("%s: evidence %d belongs to document %q", d.Path, i+1, e.Doc)
		}
		for _, res := range e.Resolved {
			if res.Slot != "subject" && res.Slot != "object" {
				return dst, fmt.Errorf("%s: evidence %d: reference %q fills unknown slot %q (want \"subject\" or \"object\")", d.Path, i+1, res.Text, res.Slot)
			}
		}
	}

	doc := documentIRI(d.ID)
	add := func(s, p, o quad.Value) {
		dst = append(dst, quad.Quad{Subject: s, Predicate: p, Object: o, Label: doc})
	}
	addText := func(s, p quad.Value, text string) {
		if text != "" {
			add(s, p, literal(text))
		}
	}

	add(doc, attrType, typeDocument)
	addText(doc, attrFile, filepath.ToSlash(d.Path))
	addText(doc, attrTitle, d.Title)
	addText(doc, attrDate, d.Date)
	addText(doc, attrSource, d.Source)

	for _, f := range r.Found {
		ent := entityIRI(f.ID)
		add(ent, attrType, typeIRI(f.Type))
		add(ent, attrName, literal(f.Name))
		for _, a := range f.Aliases {
			add(ent, attrAlias, literal(a))
		}
		add(ent, attrDiscovered, literal(f.Rule))
	}

	ents := make([]string, 0, len(r.Mentions))
	for _, m := range r.Mentions {
		if m.Entity != "" {
			ents = append(ents, m.Entity)
		}
	}
	sort.Strings(ents)
	for i := 0; i < len(ents); {
		j := i + 1
		for j < len(ents) && ents[j] == ents[i] {
			j++
		}
		add(entityIRI(ents[i]), attrMentionedIn, doc)
		add(entityIRI(ents[i]), attrMentions, number(j-i))
		i = j
	}

	seen := make(map[extract.Fact]bool, len(r.Evidence))
	for _, e := range r.Evidence {
		if !seen[e.Fact] {
			seen[e.Fact] = true
			add(entityIRI(e.Fact.Subject), relationIRI(e.Fact.Relation()), factObject(e.Fact))
		}
	}

	for i, e := range r.Evidence {
		ev := evidenceIRI(d.ID, i+1)
		add(ev, attrType, typeEvidence)
		add(ev, attrSubject, entityIRI(e.Fact.Subject))
		add(ev, attrPredicate, relationIRI(e.Fact.Relation()))
		add(ev, attrObject, factObject(e.Fact))
		addText(ev, attrModality, string(e.Fact.Modality))
		add(ev, attrDocument, doc)
		addText(ev, attrSentence, e.Sentence)
		add(ev, attrStart, number(e.Span.Start))
		add(ev, attrEnd, number(e.Span.End))
		add(ev, attrSentenceStart, number(e.SentenceSpan.Start))
		add(ev, attrSentenceEnd, number(e.SentenceSpan.End))
		addText(ev, attrRule, e.Rule)
		if e.RulePos.Line > 0 {
			add(ev, attrRulePos, literal(fmt.Sprintf("%s:%d:%d", rules, e.RulePos.Line, e.RulePos.Col)))
		}
		addText(ev, attrDate, e.Date)
		if e.DateValue != "" && e.Fact.ObjectDate == "" {
			add(ev, attrDateValue, dateLiteral(e.DateValue, e.DateKind))
		}
		for _, res := range e.Resolved {
			p, why := attrSubjectVia, attrSubjectResolvedBy
			if res.Slot == "object" {
				p, why = attrObjectVia, attrObjectResolvedBy
			}
			addText(ev, p, res.Text)
			addText(ev, why, res.Why)
		}
	}
	return dst, nil
}
