// Package schema defines graph.yaml, the curated rule file of graphbuild, and checks it.
//
// A rule file has these sections, all optional but version:
//
//	version: 1
//	types:            # the node types; a type may have a parent
//	  - id: actor
//	  - id: company
//	    parent: actor
//	entities:         # curated things, found in text by their names
//	  - id: cac
//	    type: agency
//	    name: Cyberspace Administration of China
//	    aliases: [CAC]
//	    case: exact   # exact (default) or fold
//	    patterns: ['Cyberspace Admin\w*']  # optional regular expressions
//	references:       # words that point back to an earlier mention
//	  - words: [it, its]
//	    types: [company, agency]
//	    window: 3     # sentences to look back (0: same sentence only)
//	predicates:       # the relation vocabulary
//	  - id: reviewed
//	    subject: [agency]
//	    object: [company]
//	rules:            # wordings that state a predicate
//	  - id: opened-review
//	    predicate: reviewed
//	    patterns:
//	      - "{subject} opened a ...3 review into {object}"
//	cues:             # words that turn a match negated or hedged
//	  negation: [not, "n't", never]
//	  hedge: [may, might, considering]
//	names:            # rules that find names the file does not list
//	  - {id: company-heads, type: company, heads: [Group, Holdings, Co.]}
//	roles:            # titles that state a predicate ("Xiaomi founder Lei Jun")
//	  titles: [{id: role-leads, predicate: leads, words: [founder, chairman]}]
//	blocks:           # text that is never a mention
//	  - {words: [HK$]}
//	ignore:           # what the candidates command leaves out (see Ignore)
//	  names: [Reuters]
//	  pairs: [{between: "later said"}]
//
// Alias matching works on tokens: an alias matches a run of whole tokens, so
// "Ma" never matches inside "Mao", and a possessive "’s" is a token of its own.
// Case policy "exact" matches an alias as written, except that an alias written
// in lower case also matches with its first letter capitalised (the start of a
// sentence); "fold" ignores case. Reference words follow "exact". Where
// mentions overlap, the longest wins ("WeChat Pay" over "WeChat"); on a
// tie, the earliest, then a name over a reference, then a name over a
// regular expression, then the one declared first. A description of
// several words right before a fitting name ("the company Didi") joins
// that name's mention instead of referring back.
//
// Pattern syntax, element by element (words match case-insensitively, after
// curly quotes and dashes are made plain):
//
//	word        a literal token: set, data, 's
//	word*       a token starting with word: licen* matches license, licences
//	(a|b c)     one of several alternatives, each a sequence of elements
//	[a b]       an optional sequence
//	...         a gap of 0 to 8 tokens; ...N allows 0 to N tokens (N <= 50)
//	{subject}   a mention of an entity whose type fits the predicate's subject
//	{object}    the same for the object
//	{date}      a date: 2017, May, Oct. 24, March 2018, 10 April 2021, 2021-09-01,
//	            Friday, last month, earlier this year, the first half of 2021
//	\(          one of ( ) [ ] { } | * . \ matched literally; "\" before any other character is an error
//
// Gaps are lazy: the nearest fitting mention wins. A {subject} or {object}
// takes a "the" before the name, and the entities coordinated with it, each
// giving a fact: after a comma the next name must follow at once ("Apple,
// Microsoft, and IBM"); after "and" or "or" up to three descriptive words
// may come first ("Tencent and e-commerce company Meituan"). A pattern may
// span as many sentences as the rule's scope (default 1). A negation cue
// among the matched tokens or right before a match that starts with a slot
// (outside mentions and dates, and not a word in title case inside a
// sentence, such as the month May) marks the fact negated, a hedge cue
// marks it hedged; neither is ever stored as a plain fact. A cue acts
// within its clause: between coordinated names on the one after it, in a
// comma clause ("which …") or another sentence only if that holds the
// fact's subject or object. A rule's cues key adds cues or drops them for
// that rule. A predicate with object [date] states a date: its patterns
// have {date} in place of {object}. A reference with plural: true stands
// for several entities; docs/rules.md gives the resolution policy.
//
// docs/rules.md is the complete reference of the rule language, with
// examples checked against the matcher (docs/examples.yaml);
// docs/graph.schema.json describes the file for editors. Warnings reports
// the probable mistakes of a file Parse accepted.
package schema

// Pos is a position in a rule file: 1-based line and 1-based column in bytes.
type Pos struct {
	Line, Col int
}

// File is a parsed and checked rule file.
type File struct {
	Name       string // file name used in messages, e.g. "graph.yaml"
	Version    int
	Types      []Type
	Entities   []Entity
	References []Reference
	Predicates []Predicate
	Rules      []Rule // those of the rules section, then those Roles stands for
	Cues       Cues
	Names      []NameRule
	Roles      Roles
	Blocks     []Block
	Ignore     Ignore // what candidates leaves out

	index *index // lookup tables built by Parse, for Type, Entity and Predicate
}

// Type is a node type. Parent is "" for a root type.
type Type struct {
	Pos    Pos
	ID     string
	Parent string
	Color  string // optional Graphviz colour name or #rrggbb, for pictures
	Shape  string // optional Graphviz node shape
}

// Case is an alias matching policy.
type Case string

const (
	CaseExact Case = "exact" // as written; a lower-case initial may be capitalised
	CaseFold  Case = "fold"  // ignore case
)

// Entity is a curated thing with an id. Its name is always one of its aliases.
type Entity struct {
	Pos      Pos
	ID       string
	Type     string
	Name     string
	Aliases  []string // not including Name
	Case     Case
	Patterns []Pattern // regular expressions over the normalised text
}

// Pattern is a regular expression with the position it was written at.
type Pattern struct {
	Pos  Pos
	Expr string
}

// Reference is a set of words ("it", "the company") that refer back to the
// nearest preceding mention of an entity of one of Types, at most Window
// sentences back. Entities, if set, restricts the candidates further.
type Reference struct {
	Pos      Pos
	Words    []string
	Types    []string
	Entities []string
	Window   int
	// Plural words ("they", "both companies", "the three apps") stand for
	// several entities: the last N that fit when the words give N, else
	// the names coordinated last.
	Plural bool
}

// DefaultWindow is how many sentences a reference looks back when its Window is unset.
const DefaultWindow = 3

// DateObject is the object of a predicate that states a date
// ("object: [date]"): its rules fill {date} instead of {object}, and its
// facts have a date value as object. No type may have this id.
const DateObject = "date"

// Dated reports whether the predicate's object is a date.
func (p Predicate) Dated() bool { return len(p.Object) == 1 && p.Object[0] == DateObject }

// Predicate is a relation name with the types its subject and object may
// have; Object is [DateObject] for a predicate that states a date.
type Predicate struct {
	Pos     Pos
	ID      string
	Label   string // human wording, e.g. "built data centre in"; defaults to ID with spaces
	Subject []string
	Object  []string
}

// Rule states a predicate by one or more patterns. Subject and Object, if
// set, narrow the predicate's types. Scope is the number of consecutive
// sentences one match may span (1 or more). Single lists the slots that
// never take coordinated names ("Alphabet's Google and Facebook": the
// owner's object is Google alone).
type Rule struct {
	Pos       Pos
	ID        string
	Predicate string
	Subject   []string
	Object    []string
	Scope     int
	Single    []string // slots ("subject", "object") that take one mention, without the names coordinated with it
	Patterns  []Pattern
	Cues      RuleCues // cue words this rule adds to or drops from the file's
	// Generated marks a rule the roles section stands for: its patterns
	// are the language's, not the curator's, and all have the Pos of
	// the title group or possessive it comes from.
	Generated bool
}

// RuleCues changes the cues for one rule: Negation and Hedge are added to
// the file's, and the cues in Drop (of either kind, the file's or the
// rule's) do not apply.
type RuleCues struct {
	Negation, Hedge, Drop []string
}

// Cues lists the words and phrases that mark a match negated or hedged.
type Cues struct {
	Negation []string
	Hedge    []string
}
