package store

import (
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
)

// IRI schemes of the quad layout (see the package comment).
const (
	schemeEntity   = "ent:"
	schemeType     = "type:"
	schemeRelation = "rel:"
	schemeDocument = "doc:"
	schemeEvidence = "ev:"
	schemeAttr     = "gb:"
)

// escapeID percent-encodes every byte of id outside [A-Za-z0-9._~-], so
// that any id, whatever it holds, makes a valid IRI and two different ids
// never make the same one ('%' and '/' are escaped too; '/' is kept for the
// separator in <ev:DOC/N>). Hex digits are upper case, as RFC 3986 prefers.
func escapeID(id string) string {
	i := 0
	for i < len(id) && unreserved(id[i]) {
		i++
	}
	if i == len(id) {
		return id
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(id) + 16)
	b.WriteString(id[:i])
	for ; i < len(id); i++ {
		c := id[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// unreserved reports whether c stands for itself in an IRI path (RFC 3986).
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func entityIRI(id string) quad.IRI   { return quad.IRI(schemeEntity + escapeID(id)) }
func typeIRI(id string) quad.IRI     { return quad.IRI(schemeType + escapeID(id)) }
func relationIRI(id string) quad.IRI { return quad.IRI(schemeRelation + escapeID(id)) }
func documentIRI(id string) quad.IRI { return quad.IRI(schemeDocument + escapeID(id)) }

// evidenceIRI names the n-th (1-based) evidence of document doc.
func evidenceIRI(doc string, n int) quad.IRI {
	return quad.IRI(schemeEvidence + escapeID(doc) + "/" + strconv.Itoa(n))
}

// Attribute predicates, made once: every quad of a build uses some of them.
var (
	attrType          = quad.IRI(schemeAttr + "type")
	attrParent        = quad.IRI(schemeAttr + "parent")
	attrColor         = quad.IRI(schemeAttr + "color")
	attrShape         = quad.IRI(schemeAttr + "shape")
	attrName          = quad.IRI(schemeAttr + "name")
	attrAlias         = quad.IRI(schemeAttr + "alias")
	attrLabel         = quad.IRI(schemeAttr + "label")
	attrFile          = quad.IRI(schemeAttr + "file")
	attrTitle         = quad.IRI(schemeAttr + "title")
	attrDate          = quad.IRI(schemeAttr + "date")
	attrDateValue     = quad.IRI(schemeAttr + "dateValue")
	attrSource        = quad.IRI(schemeAttr + "source")
	attrMentionedIn   = quad.IRI(schemeAttr + "mentionedIn")
	attrMentions      = quad.IRI(schemeAttr + "mentions")
	attrSubject       = quad.IRI(schemeAttr + "subject")
	attrPredicate     = quad.IRI(schemeAttr + "predicate")
	attrObject        = quad.IRI(schemeAttr + "object")
	attrModality      = quad.IRI(schemeAttr + "modality")
	attrDocument      = quad.IRI(schemeAttr + "document")
	attrSentence      = quad.IRI(schemeAttr + "sentence")
	attrStart         = quad.IRI(schemeAttr + "start")
	attrEnd           = quad.IRI(schemeAttr + "end")
	attrSentenceStart = quad.IRI(schemeAttr + "sentenceStart")
	attrSentenceEnd   = quad.IRI(schemeAttr + "sentenceEnd")
	attrRule          = quad.IRI(schemeAttr + "rule")
	attrRulePos       = quad.IRI(schemeAttr + "rulePos")
	attrSubjectVia    = quad.IRI(schemeAttr + "subjectVia")
	attrObjectVia     = quad.IRI(schemeAttr + "objectVia")

	attrSubjectResolvedBy = quad.IRI(schemeAttr + "subjectResolvedBy")
	attrObjectResolvedBy  = quad.IRI(schemeAttr + "objectResolvedBy")

	typeDocument = quad.IRI(schemeType + "document")
	typeEvidence = quad.IRI(schemeType + "evidence")
)
