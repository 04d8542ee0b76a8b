package store

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// ReadEvidence reads the N-Quads a build wrote (out/graph.nq, or the
// previous build's out/previous.nq) and calls fn with each evidence in
// file order. It holds one evidence at a time, so it streams graphs of any
// size. RulePos keeps the line and column; the rule file's name is in the
// quads but not in schema.Pos.
func ReadEvidence(r io.Reader, fn func(extract.Evidence) error) error {
	qr := nquads.NewReader(r, false)
	var (
		cur  quad.Value
		ev   extract.Evidence
		have bool
	)
	flush := func() error {
		if !have {
			return nil
		}
		have = false
		return fn(ev)
	}
	for {
		q, err := qr.ReadQuad()
		if err == io.EOF {
			return flush()
		}
		if err != nil {
			return fmt.Errorf("reading n-quads: %v", err)
		}
		s, ok := q.Subject.(quad.IRI)
		if !ok || !strings.HasPrefix(string(s), schemeEvidence) {
			continue
		}
		if q.Subject != cur {
			if err := flush(); err != nil {
				return err
			}
			cur, ev, have = q.Subject, extract.Evidence{}, true
		}
		if err := setEvidence(&ev, q); err != nil {
			return fmt.Errorf("%s: %v", s, err)
		}
	}
}

// setEvidence fills the field of ev that quad q states.
func setEvidence(ev *extract.Evidence, q quad.Quad) error {
	text := func() string { return quad.ToString(q.Object) }
	num := func() (int, error) { return strconv.Atoi(text()) }
	var err error
	switch q.Predicate {
	case attrSubject:
		ev.Fact.Subject, err = idOf(q.Object, schemeEntity)
	case attrObject:
		if ts, ok := q.Object.(quad.TypedString); ok && strings.HasPrefix(string(ts.Type), xsd) {
			ev.Fact.Object, ev.Fact.ObjectDate = string(ts.Value), extract.DateKind(strings.TrimPrefix(string(ts.Type), xsd))
			break
		}
		ev.Fact.Object, err = idOf(q.Object, schemeEntity)
	case attrPredicate:
		var rel string
		rel, err = idOf(q.Object, schemeRelation)
		ev.Fact.Predicate, ev.Fact.Modality = extract.ParseRelation(rel)
	case attrDocument:
		ev.Doc, err = idOf(q.Object, schemeDocument)
	case attrSentence:
		ev.Sentence = text()
	case attrStart:
		ev.Span.Start, err = num()
	case attrEnd:
		ev.Span.End, err = num()
	case attrSentenceStart:
		ev.SentenceSpan.Start, err = num()
	case attrSentenceEnd:
		ev.SentenceSpan.End, err = num()
	case attrRule:
		ev.Rule = text()
	case attrRulePos:
		ev.RulePos, err = parseRulePos(text())
	case attrDate:
		ev.Date = text()
	case attrDateValue:
		if ts, ok := q.Object.(quad.TypedString); ok {
			ev.DateValue, ev.DateKind = string(ts.Value), extract.DateKind(strings.TrimPrefix(string(ts.Type), xsd))
		}
	case attrSubjectVia:
		ev.Resolved = append(ev.Resolved, extract.Resolution{Slot: "subject", Text: text(), Entity: ev.Fact.Subject})
	case attrObjectVia:
		ev.Resolved = append(ev.Resolved, extract.Resolution{Slot: "object", Text: text(), Entity: ev.Fact.Object})
	case attrSubjectResolvedBy, attrObjectResolvedBy:
		slot := "subject"
		if q.Predicate == attrObjectResolvedBy {
			slot = "object"
		}
		// The reason follows the reference it is about.
		for i := len(ev.Resolved) - 1; i >= 0; i-- {
			if ev.Resolved[i].Slot == slot && ev.Resolved[i].Why == "" {
				ev.Resolved[i].Why = text()
				break
			}
		}
	}
	return err
}

// idOf returns the id inside an IRI of the given scheme.
func idOf(v quad.Value, scheme string) (string, error) {
	iri, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(iri), scheme) {
		return "", fmt.Errorf("want an <%s…> IRI, found %v", scheme, v)
	}
	return url.PathUnescape(strings.TrimPrefix(string(iri), scheme))
}

// parseRulePos reads "graph.yaml:12:5" (the file name may hold colons).
func parseRulePos(s string) (schema.Pos, error) {
	i := strings.LastIndexByte(s, ':')
	j := strings.LastIndexByte(s[:max(i, 0)], ':')
	if i < 0 || j < 0 {
		return schema.Pos{}, fmt.Errorf("rule position %q is not file:line:col", s)
	}
	line, err1 := strconv.Atoi(s[j+1 : i])
	col, err2 := strconv.Atoi(s[i+1:])
	if err1 != nil || err2 != nil {
		return schema.Pos{}, fmt.Errorf("rule position %q is not file:line:col", s)
	}
	return schema.Pos{Line: line, Col: col}, nil
}
