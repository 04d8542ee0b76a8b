package extract

import (
	"strings"

	"github.com/graphbuild/graphbuild/schema"
)

// Modality says whether a fact was stated plainly, negated or hedged.
type Modality string

const (
	Asserted Modality = ""
	Negated  Modality = "negated" // "the PBOC did not issue a license"
	Hedged   Modality = "hedged"  // "Trump was considering adding"
)

// Fact is one edge of the graph: comparable, so many evidences can share it.
type Fact struct {
	Subject   string // entity id
	Predicate string // predicate id
	Object    string // entity id, or a date value when ObjectDate is set
	Modality  Modality
	// ObjectDate is the kind of date Object is, for a predicate that
	// states a date ("2020-12-01", DayDate); "" when Object is an entity.
	ObjectDate DateKind
}

// Relation is the edge name a fact is stored under: the predicate itself for
// an asserted fact, "not_" or "maybe_" before it otherwise, so that a path
// query never walks a negated or hedged statement as a plain one.
func (f Fact) Relation() string {
	switch f.Modality {
	case Negated:
		return negatedPrefix + f.Predicate
	case Hedged:
		return hedgedPrefix + f.Predicate
	}
	return f.Predicate
}

const negatedPrefix, hedgedPrefix = "not_", "maybe_"

// ParseRelation undoes Relation: it splits an edge name into the predicate
// and the modality. Predicate ids cannot start with either prefix.
func ParseRelation(rel string) (predicate string, m Modality) {
	if p, ok := strings.CutPrefix(rel, negatedPrefix); ok {
		return p, Negated
	}
	if p, ok := strings.CutPrefix(rel, hedgedPrefix); ok {
		return p, Hedged
	}
	return rel, Asserted
}

// Mention is one occurrence of an entity in a document: by one of its
// names, by a pattern, or by a reference resolved to it.
type Mention struct {
	Entity   string
	Span     Span // bytes in the file on disk
	Sentence int  // index into Document.Sentences
	// First and End delimit the mention's tokens, Document.Tokens[First:End).
	First, End int
	// Reference is set when the mention is a resolved reference ("it",
	// "the company"); Antecedent is then the mention it was resolved to.
	Reference  bool
	Antecedent Span
	// Group is the reference's index into the rule file's references;
	// it means nothing for a name.
	Group int

	// antecedents are the fitting candidates of a reference, the one the
	// resolution policy prefers first, then nearest first; a slot takes
	// the first whose entity fits its types.
	antecedents []antecedent
	// group holds the members a plural reference stands for ("they",
	// "both companies"); a slot takes each that fits, one fact each.
	group []antecedent
	// entity is the index of Entity in the rule file, or -1 for an
	// entity a name rule found (Result.Found) and an unresolved reference;
	// typ is the index of its type in the rule file, for fast type checks.
	entity, typ int
}

type antecedent struct {
	entity  string
	index   int // of entity in the rule file, or -1 for a found entity
	typ     int // index of the entity's type in the rule file
	span    Span
	mention int    // index of its mention among the mentions resolved so far, while resolving
	why     string // the preference that chose it (WhyNearest …)
}

// Resolution records a reference that was resolved to fill a slot.
type Resolution struct {
	Slot       string // "subject" or "object"
	Text       string // the reference as written, e.g. "It"
	Span       Span   // bytes of the reference in the file on disk
	Entity     string // entity id it was resolved to
	Antecedent Span   // bytes of the mention it was resolved to
	Why        string // the preference that chose the antecedent: WhyNearest, WhyHeadNoun, …
}

// Evidence is one sighting of a fact.
type Evidence struct {
	Fact         Fact
	Doc          string // Document.ID
	Sentence     string // normalised text of the sentence(s) matched
	SentenceSpan Span   // bytes of those sentences in the file on disk
	Span         Span   // bytes of the whole match in the file on disk
	Rule         string // rule id
	RulePos      schema.Pos
	Pattern      int      // which pattern of the rule found it, from 0
	Date         string   // the {date} as written ("Sept. 1"), or ""
	DateValue    string   // the {date} resolved ("2021-09-01"), or "" (none, or unresolved)
	DateKind     DateKind // of DateValue
	Resolved     []Resolution
}

// Result is what extraction found in one document.
type Result struct {
	Doc      *Document
	Mentions []Mention  // in text order; resolved references included
	Evidence []Evidence // in text order, then by rule, then by fact

	Unresolved int // reference words with no fitting antecedent
	// UnresolvedRefs are those reference words, as mentions with no
	// Entity, in text order.
	UnresolvedRefs []Mention

	// Matches counts, per pattern (in the order of Matcher.Patterns), the
	// evidence it found before one evidence per fact and sentence was
	// kept: a pattern can match and have no evidence when another found
	// the same fact in the same sentence first. Counting it here, in the
	// worker that extracts the document, spares a statistics pass.
	Matches []int

	// Found is the entities that name rules found in the document and
	// that are mentioned in it, sorted by id.
	Found []Found
}

// Found is an entity that a name rule found in a document rather than the
// rule file listing it ("Shenzhen Zhenhua Data Technology"). Its id is the
// slug of its longest form; its shorter forms in the same document
// ("Zhenhua Data") are mentions of it.
type Found struct {
	ID      string
	Name    string   // the longest form, as written
	Type    string   // the name rule's type
	Rule    string   // the id of the name rule that found it (schema.RolesRule after a title)
	Aliases []string // the other forms it is mentioned by in the document, sorted
	Count   int      // its mentions in the document, references included

	forms []string // the shorter forms searched for in the document, longest first
	typ   int      // index of Type in the rule file
}
