package schema

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// valid is a small rule file that passes every check; the fuzz tests start
// from it too.
const valid = `version: 1
types:
  - id: actor
  - id: company
    parent: actor
    color: "#1f77b4"
    shape: box
  - id: agency
    parent: actor
    color: lightblue
entities:
  - id: cac
    type: agency
    name: Cyberspace Administration of China
    aliases: [CAC, CAC, Cyberspace Administration of China]
    patterns: ['Cyberspace Admin\w*']
  - id: tencent
    type: company
    name: Tencent
    case: fold
references:
  - words: [it, its]
    types: [company, agency]
  - words: [the regulator]
    entities: [cac]
    window: 0
predicates:
  - id: reviewed
    subject: [agency]
    object: [company]
  - id: built_data_centre_in
    label: built data centre in
    subject: [company]
    object: [actor]
rules:
  - id: opened-review
    predicate: reviewed
    patterns:
      - "{subject} opened a ...3 review into {object}"
      - >
        {subject} (launched|began) an investigation
        into {object}
  - id: probe.2
    predicate: reviewed
    subject: [agency]
    object: [company]
    scope: 2
    patterns: ['{object} was probed by {subject}']
cues:
  negation: [not, "n't", never]
  hedge: [may, might, considering]
`

func TestParseValid(t *testing.T) {
	f, err := Parse("graph.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "graph.yaml" || f.Version != 1 {
		t.Errorf("Name, Version = %q, %d", f.Name, f.Version)
	}
	wantTypes := []Type{
		{Pos: Pos{3, 5}, ID: "actor"},
		{Pos: Pos{4, 5}, ID: "company", Parent: "actor", Color: "#1f77b4", Shape: "box"},
		{Pos: Pos{8, 5}, ID: "agency", Parent: "actor", Color: "lightblue"},
	}
	if !reflect.DeepEqual(f.Types, wantTypes) {
		t.Errorf("Types = %+v\nwant %+v", f.Types, wantTypes)
	}
	wantEntities := []Entity{
		{Pos: Pos{12, 5}, ID: "cac", Type: "agency", Name: "Cyberspace Administration of China",
			Aliases: []string{"CAC"}, Case: CaseExact,
			Patterns: []Pattern{{Pos: Pos{16, 16}, Expr: `Cyberspace Admin\w*`}}},
		{Pos: Pos{17, 5}, ID: "tencent", Type: "company", Name: "Tencent", Case: CaseFold},
	}
	if !reflect.DeepEqual(f.Entities, wantEntities) {
		t.Errorf("Entities = %+v\nwant %+v", f.Entities, wantEntities)
	}
	wantRefs := []Reference{
		{Pos: Pos{22, 5}, Words: []string{"it", "its"}, Types: []string{"company", "agency"}, Window: DefaultWindow},
		{Pos: Pos{24, 5}, Words: []string{"the regulator"}, Entities: []string{"cac"}, Window: 0},
	}
	if !reflect.DeepEqual(f.References, wantRefs) {
		t.Errorf("References = %+v\nwant %+v", f.References, wantRefs)
	}
	wantPreds := []Predicate{
		{Pos: Pos{28, 5}, ID: "reviewed", Label: "reviewed", Subject: []string{"agency"}, Object: []string{"company"}},
		{Pos: Pos{31, 5}, ID: "built_data_centre_in", Label: "built data centre in", Subject: []string{"company"}, Object: []string{"actor"}},
	}
	if !reflect.DeepEqual(f.Predicates, wantPreds) {
		t.Errorf("Predicates = %+v\nwant %+v", f.Predicates, wantPreds)
	}
	wantRules := []Rule{
		{Pos: Pos{36, 5}, ID: "opened-review", Predicate: "reviewed", Scope: 1, Patterns: []Pattern{
			{Pos: Pos{39, 9}, Expr: "{subject} opened a ...3 review into {object}"},
			{Pos: Pos{40, 9}, Expr: "{subject} (launched|began) an investigation into {object}"},
		}},
		{Pos: Pos{43, 5}, ID: "probe.2", Predicate: "reviewed", Subject: []string{"agency"}, Object: []string{"company"},
			Scope: 2, Patterns: []Pattern{{Pos: Pos{48, 16}, Expr: "{object} was probed by {subject}"}}},
	}
	if !reflect.DeepEqual(f.Rules, wantRules) {
		t.Errorf("Rules = %+v\nwant %+v", f.Rules, wantRules)
	}
	wantCues := Cues{Negation: []string{"not", "n't", "never"}, Hedge: []string{"may", "might", "considering"}}
	if !reflect.DeepEqual(f.Cues, wantCues) {
		t.Errorf("Cues = %+v\nwant %+v", f.Cues, wantCues)
	}
}

// parseErrorTests are small rule files with mistakes and the full error
// Parse returns for each; they seed FuzzParse too.
var parseErrorTests = []struct {
	name string
	src  string
	want string
}{
	// The file as a whole.
	{"empty", "", `graph.yaml:1:1: empty file (want a mapping with "version: 1")`},
	{"comments only", "# nothing yet\n", `graph.yaml:1:1: empty file (want a mapping with "version: 1")`},
	{"yaml syntax", "version: 1\n  types: []\n", `graph.yaml:2:1: mapping values are not allowed in this context`},
	{"yaml syntax, parser line", "version: 1\ntypes:\n- id: a\n  - id: b\n", `graph.yaml:3:1: did not find expected key`},
	{"yaml tab", "version: 1\n\ttypes: []\n", `graph.yaml:2:1: found a tab character that violates indentation`},
	{"control character", "version: 1\ntypes: [a\x01]\n", `graph.yaml:2:10: control characters are not allowed`},
	{"invalid utf-8", "version: 1\n# \xff\n", `graph.yaml:2:3: invalid leading UTF-8 octet`},
	// The ignore section.
	{"ignore not a mapping", "version: 1\nignore: [a]\n", `graph.yaml:2:9: "ignore" must be a mapping (found a list)`},
	{"ignore pair problems", "version: 1\ntypes: [{id: t}]\nentities: [{id: e, type: t, name: E}]\nignore:\n  names: [Reuters]\n  pairs:\n    - {}\n    - {types: [t]}\n    - {entities: [e, f]}\n    - {betwen: x}\n  patterns: ['(']\n",
		`graph.yaml:7:7: an ignored pair needs "between", "types" or "entities"
graph.yaml:8:15: "types" must name 2 types, the first and the second mention's (found 1)
graph.yaml:9:22: unknown entity "f"
graph.yaml:10:8: unknown key "betwen" (did you mean "between"?)
graph.yaml:11:14: invalid regular expression "(": missing closing )`},
	{"unknown anchor", "version: 1\ntypes: *t\n", `graph.yaml:2:8: unknown anchor 't' referenced`},
	{"unquoted slot", "version: 1\nrules:\n  - patterns:\n      - {subject} owns {object}\n",
		`graph.yaml:4:1: did not find expected '-' indicator
graph.yaml:4:9: a pattern that starts with "{" must be quoted`},
	{"unquoted slot alone", "version: 1\ncues:\nrules: [{patterns: [{subject}]}]\n",
		`graph.yaml:3:9: missing key "id"
graph.yaml:3:9: missing key "predicate"
graph.yaml:3:21: a pattern that starts with "{" must be quoted`},
	{"only the real error before quoted slots", "version: 1\ntypes:\n\t- {id: a}\nrules:\n  - patterns:\n      - \"at {subject} , {object} owns\" # , {date}\n      - 'it''s {subject} , {object}'\n",
		`graph.yaml:3:1: found character that cannot start any token`},
	{"slot in a comment", "version: 1\n# - {subject} owns {object}\ntypes: [\n",
		`graph.yaml:4:1: did not find expected node content`},
	{"problem under an alias reported once", "version: 1\ntypes: [{id: t}]\nentities:\n  - {id: a, type: t, name: A, aliases: &x [B, '']}\n  - {id: b, type: t, name: B, aliases: *x}\n",
		`graph.yaml:4:47: "aliases" must not contain empty strings`},
	{"top level list", "- version: 1\n", `graph.yaml:1:1: top level must be a mapping (found a list)`},
	{"top level scalar", "version 1\n", `graph.yaml:1:1: top level must be a mapping (found "version 1")`},
	{"two documents", "version: 1\n---\nversion: 1\n", `graph.yaml:2:1: a second yaml document (want one document)`},
	{"unknown key", "version: 1\nentites: []\n", `graph.yaml:2:1: unknown key "entites" (did you mean "entities"?)`},
	{"unknown key, case", "Version: 1\n", `graph.yaml:1:1: missing key "version"
graph.yaml:1:1: unknown key "Version" (did you mean "version"?)`},
	{"unknown key, no suggestion", "version: 1\ntypes:\n  - id: a\n    size: 3\n",
		`graph.yaml:4:5: unknown key "size" (want one of: id, parent, color, shape)`},
	{"duplicate key", "version: 1\ntypes: []\ntypes: []\n", `graph.yaml:3:1: duplicate key "types" (first at 2:1)`},
	{"key not a string", "version: 1\n? [a]\n: 1\n", `graph.yaml:2:3: key must be a string (found a list)`},
	{"merge key", "version: 1\ncues:\n  <<: {negation: [not]}\n", `graph.yaml:3:3: merge keys ("<<") are not supported`},

	// version
	{"version missing", "types: []\n", `graph.yaml:1:1: missing key "version"`},
	{"version 2", "version: 2\n", `graph.yaml:1:10: "version" must be 1 (found "2")`},
	{"version string", "version: '1'\n", `graph.yaml:1:10: "version" must be an integer (found "1")`},
	{"version null", "version:\n", `graph.yaml:1:9: "version" must be 1 (found null)`},

	// types
	{"types not a list", "version: 1\ntypes: {id: a}\n", `graph.yaml:2:8: "types" must be a list of mappings (found a mapping)`},
	{"type not a mapping", "version: 1\ntypes: [actor]\n", `graph.yaml:2:9: "types" must be a list of mappings (found "actor")`},
	{"type id missing", "version: 1\ntypes:\n  - parent: actor\n", `graph.yaml:3:5: missing key "id"`},
	{"type id empty", "version: 1\ntypes:\n  - id: ''\n", `graph.yaml:3:9: "id" must not be empty`},
	{"type id not a string", "version: 1\ntypes:\n  - id: [a]\n", `graph.yaml:3:9: "id" must be a string (found a list)`},
	{"type id syntax", "version: 1\ntypes:\n  - id: Company\n", `graph.yaml:3:9: invalid type id "Company" (want [a-z][a-z0-9_-]*)`},
	{"type id syntax dot", "version: 1\ntypes:\n  - id: a.b\n", `graph.yaml:3:9: invalid type id "a.b" (want [a-z][a-z0-9_-]*)`},
	{"type duplicate", "version: 1\ntypes:\n  - id: actor\n  - id: company\n  - id: company\n",
		`graph.yaml:5:9: duplicate type "company" (first declared at 4:5)`},
	{"type parent unknown", "version: 1\ntypes:\n  - id: actor\n  - id: company\n    parent: acter\n",
		`graph.yaml:5:13: unknown type "acter" (did you mean "actor"?)`},
	{"type parent unknown, no suggestion", "version: 1\ntypes:\n  - id: company\n    parent: thing\n",
		`graph.yaml:4:13: unknown type "thing"`},
	{"type cycle", "version: 1\ntypes:\n  - id: a\n    parent: c\n  - id: b\n    parent: a\n  - id: c\n    parent: b\n",
		`graph.yaml:4:13: type "a" is its own ancestor (a -> c -> b -> a)`},
	{"type own parent", "version: 1\ntypes:\n  - id: a\n  - id: b\n    parent: b\n",
		`graph.yaml:5:13: type "b" is its own ancestor (b -> b)`},
	{"type color", "version: 1\ntypes:\n  - id: a\n    color: '#12345'\n",
		`graph.yaml:4:12: invalid color "#12345" (want #rrggbb or a color name)`},
	{"type color word", "version: 1\ntypes:\n  - id: a\n    color: light blue\n",
		`graph.yaml:4:12: invalid color "light blue" (want #rrggbb or a color name)`},
	{"type shape", "version: 1\ntypes:\n  - id: a\n    shape: '3d'\n",
		`graph.yaml:4:12: invalid shape "3d" (want a shape name)`},

	// entities
	{"entity fields missing", "version: 1\nentities:\n  - aliases: [x]\n",
		`graph.yaml:3:5: missing key "id"
graph.yaml:3:5: missing key "name"
graph.yaml:3:5: missing key "type"`},
	{"entity id syntax", "version: 1\ntypes: [{id: t}]\nentities:\n  - id: Tencent\n    type: t\n    name: Tencent\n",
		`graph.yaml:4:9: invalid entity id "Tencent" (want [a-z0-9][a-z0-9_.-]*)`},
	{"entity duplicate", "version: 1\ntypes: [{id: t}]\nentities:\n  - {id: a, type: t, name: A}\n  - {id: a, type: t, name: B}\n",
		`graph.yaml:5:10: duplicate entity "a" (first declared at 4:5)`},
	{"entity type unknown", "version: 1\ntypes:\n  - id: actor\n  - id: company\n    parent: actor\nentities:\n  - id: tencent\n    type: compny\n    name: Tencent\n",
		`graph.yaml:8:11: unknown type "compny" (did you mean "company"?)`},
	{"entity type case", "version: 1\ntypes: [{id: company}]\nentities:\n  - {id: x, type: Company, name: X}\n",
		`graph.yaml:4:19: unknown type "Company" (did you mean "company"?)`},
	{"entity name empty", "version: 1\ntypes: [{id: t}]\nentities:\n  - {id: a, type: t, name: ' '}\n",
		`graph.yaml:4:28: "name" must not be empty`},
	{"aliases not a list", "version: 1\ntypes: [{id: t}]\nentities:\n  - id: a\n    type: t\n    name: A\n    aliases: CAC\n",
		`graph.yaml:7:14: "aliases" must be a list of strings (found "CAC")`},
	{"aliases item not a string", "version: 1\ntypes: [{id: t}]\nentities:\n  - id: a\n    type: t\n    name: A\n    aliases: [a, {b: c}, ~]\n",
		`graph.yaml:7:18: "aliases" must be a list of strings (found a mapping)
graph.yaml:7:26: "aliases" must be a list of strings (found null)`},
	{"alias empty", "version: 1\ntypes: [{id: t}]\nentities:\n  - id: a\n    type: t\n    name: A\n    aliases: [B, '']\n",
		`graph.yaml:7:18: "aliases" must not contain empty strings`},
	{"case", "version: 1\ntypes: [{id: t}]\nentities:\n  - id: a\n    type: t\n    name: A\n    case: Fold\n",
		`graph.yaml:7:11: invalid case "Fold" (want "exact" or "fold")`},
	{"entity pattern regexp", "version: 1\ntypes: [{id: t}]\nentities:\n  - id: a\n    type: t\n    name: A\n    patterns: ['Cyber(space']\n",
		`graph.yaml:7:16: invalid regular expression "Cyber(space": missing closing )`},
	{"entity pattern empty match", "version: 1\ntypes: [{id: t}]\nentities:\n  - id: a\n    type: t\n    name: A\n    patterns:\n      - 'x*'\n      - '\\b'\n      - '(a|)'\n      - 'a+'\n",
		`graph.yaml:8:9: regular expression "x*" can match the empty string
graph.yaml:9:9: regular expression "\\b" can match the empty string
graph.yaml:10:9: regular expression "(a|)" can match the empty string`},

	// references
	{"reference words missing", "version: 1\ntypes: [{id: t}]\nreferences:\n  - types: [t]\n",
		`graph.yaml:4:5: missing key "words"`},
	{"reference words empty", "version: 1\ntypes: [{id: t}]\nreferences:\n  - words: []\n    types: [t]\n",
		`graph.yaml:4:12: "words" must not be empty`},
	{"reference word empty", "version: 1\ntypes: [{id: t}]\nreferences:\n  - words: [it, '']\n    types: [t]\n",
		`graph.yaml:4:17: "words" must not contain empty strings`},
	{"reference no candidates", "version: 1\nreferences:\n  - words: [it]\n    types: []\n",
		`graph.yaml:3:5: a reference needs "types" or "entities"`},
	{"reference unknown", "version: 1\ntypes: [{id: company}]\nentities: [{id: cac, type: company, name: CAC}]\nreferences:\n  - words: [it]\n    types: [compnay]\n    entities: [Cac]\n",
		`graph.yaml:6:13: unknown type "compnay" (did you mean "company"?)
graph.yaml:7:16: unknown entity "Cac" (did you mean "cac"?)`},
	{"reference window negative", "version: 1\ntypes: [{id: t}]\nreferences:\n  - {words: [it], types: [t], window: -1}\n",
		`graph.yaml:4:39: "window" must be 0 or more (found "-1")`},
	{"reference window not a number", "version: 1\ntypes: [{id: t}]\nreferences:\n  - {words: [it], types: [t], window: 1.5}\n",
		`graph.yaml:4:39: "window" must be an integer (found "1.5")`},

	// predicates
	{"predicate fields missing", "version: 1\npredicates:\n  - label: owns\n",
		`graph.yaml:3:5: missing key "id"
graph.yaml:3:5: missing key "object"
graph.yaml:3:5: missing key "subject"`},
	{"predicate id syntax", "version: 1\ntypes: [{id: t}]\npredicates:\n  - {id: built-in, subject: [t], object: [t]}\n",
		`graph.yaml:4:10: invalid predicate id "built-in" (want [a-z][a-z0-9_]*)`},
	{"predicate id reserved", "version: 1\ntypes: [{id: t}]\npredicates:\n  - {id: not_owns, subject: [t], object: [t]}\n  - {id: maybe_owns, subject: [t], object: [t]}\n",
		`graph.yaml:4:10: invalid predicate id "not_owns" (the prefixes "not_" and "maybe_" are reserved for negated and hedged facts)
graph.yaml:5:10: invalid predicate id "maybe_owns" (the prefixes "not_" and "maybe_" are reserved for negated and hedged facts)`},
	{"predicate duplicate", "version: 1\ntypes: [{id: t}]\npredicates:\n  - {id: owns, subject: [t], object: [t]}\n  - {id: owns, subject: [t], object: [t]}\n",
		`graph.yaml:5:10: duplicate predicate "owns" (first declared at 4:5)`},
	{"predicate types", "version: 1\ntypes: [{id: agency}]\npredicates:\n  - id: owns\n    subject: [agncy]\n    object: []\n",
		`graph.yaml:5:15: unknown type "agncy" (did you mean "agency"?)
graph.yaml:6:13: "object" must not be empty`},

	// rules
	{"rule fields missing", "version: 1\nrules:\n  - scope: 2\n",
		`graph.yaml:3:5: missing key "id"
graph.yaml:3:5: missing key "patterns"
graph.yaml:3:5: missing key "predicate"`},
	{"rule id syntax", "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [t]}]\nrules:\n  - {id: Opened Review, predicate: p, patterns: ['{subject} x {object}']}\n",
		`graph.yaml:5:10: invalid rule id "Opened Review" (want [a-z0-9][a-z0-9_.-]*)`},
	{"rule duplicate", "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [t]}]\nrules:\n  - {id: r, predicate: p, patterns: ['{subject} x {object}']}\n  - {id: r, predicate: p, patterns: ['{subject} y {object}']}\n",
		`graph.yaml:6:10: duplicate rule "r" (first declared at 5:5)`},
	{"rule predicate unknown", "version: 1\ntypes: [{id: t}]\npredicates: [{id: reviewed, subject: [t], object: [t]}]\nrules:\n  - id: r\n    predicate: reviwed\n    patterns: ['{subject} x {object}']\n",
		`graph.yaml:6:16: unknown predicate "reviwed" (did you mean "reviewed"?)`},
	{"rule type not allowed", `version: 1
types:
  - id: actor
  - id: agency
    parent: actor
  - id: regulator
    parent: agency
  - id: company
    parent: actor
  - id: law
predicates:
  - {id: reviewed, subject: [agency], object: [company]}
rules:
  - id: r
    predicate: reviewed
    subject: [regulator, law]
    object: [actor, lawyer]
    patterns: ['{subject} x {object}']
`, `graph.yaml:16:26: rule type "law" is not allowed as subject of "reviewed" (allowed: agency)
graph.yaml:17:14: rule type "actor" is not allowed as object of "reviewed" (allowed: company)
graph.yaml:17:21: unknown type "lawyer"`},
	{"rule scope", "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [t]}]\nrules:\n  - {id: a, predicate: p, scope: 0, patterns: ['{subject} x {object}']}\n  - {id: b, predicate: p, scope: 6, patterns: ['{subject} x {object}']}\n  - {id: c, predicate: p, scope: two, patterns: ['{subject} x {object}']}\n",
		`graph.yaml:5:34: "scope" must be 1 to 5 (found "0")
graph.yaml:6:34: "scope" must be 1 to 5 (found "6")
graph.yaml:7:34: "scope" must be an integer (found "two")`},
	{"rule patterns empty", "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [t]}]\nrules:\n  - {id: r, predicate: p, patterns: []}\n",
		`graph.yaml:5:37: "patterns" must not be empty`},
	{"rule pattern errors", `version: 1
types: [{id: t}]
predicates: [{id: p, subject: [t], object: [t]}]
rules:
  - id: r
    predicate: p
    patterns:
      - "{subject} opened {subj}"
      - '{subject} (a|) {object}'
      - "{subject} owns"
      - '{subject} } {object}'
      - "{subject} ... ... {object}"
`, `graph.yaml:8:27: unknown slot {subj} (want {subject}, {object} or {date})
graph.yaml:9:23: empty alternative
graph.yaml:10:10: pattern must contain {object} exactly once on every path
graph.yaml:11:20: unexpected "}"
graph.yaml:12:24: two gaps in a row`},

	// cues
	{"cues not a mapping", "version: 1\ncues: [not]\n", `graph.yaml:2:7: "cues" must be a mapping (found a list)`},
	{"cues", "version: 1\ncues:\n  negation: [not, '']\n  hedge: may\n  doubt: [perhaps]\n",
		`graph.yaml:3:19: "negation" must not contain empty strings
graph.yaml:4:10: "hedge" must be a list of strings (found "may")
graph.yaml:5:3: unknown key "doubt" (want one of: negation, hedge)`},

	// names, roles, blocks
	{"names", secondEditionBase + "names:\n  - {id: n1, type: company}\n  - {id: n1, type: compny, heads: [Group]}\n  - {id: N2, type: company, nouns: [firm]}\n",
		`graph.yaml:7:5: a name rule needs "heads", "starts" or "nouns"
graph.yaml:8:10: duplicate name rule "n1" (first declared at 7:5)
graph.yaml:8:20: unknown type "compny" (did you mean "company"?)
graph.yaml:9:10: invalid name rule id "N2" (want [a-z0-9][a-z0-9_.-]*)`},
	{"roles", secondEditionBase + "roles:\n  type: person\n  modifiers: [\"former (ex)\"]\n  possessive: lead\n  titles:\n" +
		"    - {id: r1, predicate: leads, words: [founder]}\n    - {id: t2, predicate: leads, person: boss, words: [\"head [of]\", chairman]}\n" +
		"    - {id: t3, predicate: leds, words: [ceo]}\n    - {id: t4, predicate: leads, person: object, words: [ceo]}\n",
		`graph.yaml:8:23: a title or modifier is plain words (found "former (ex)")
graph.yaml:9:15: unknown predicate "lead" (did you mean "leads"?)
graph.yaml:11:12: duplicate rule "r1" (first declared at 5:9)
graph.yaml:12:42: invalid person slot "boss" (want "subject" or "object")
graph.yaml:12:62: a title or modifier is plain words (found "head [of]")
graph.yaml:13:27: unknown predicate "leds" (did you mean "leads"?)
graph.yaml:14:27: roles type "person" is not allowed as object of "leads" (allowed: company)`},
	{"demonyms", secondEditionBase + "roles:\n  titles:\n    - {id: t1, predicate: leads, words: [president]}\n  demonyms:\n" +
		"    - {entity: acm, words: [Acme]}\n    - {entity: acme, words: [\"(Acme)\"], titles: [president, analyst]}\n    - {words: [Acme]}\n",
		`graph.yaml:10:16: unknown entity "acm" (did you mean "acme"?)
graph.yaml:11:31: a title or modifier is plain words (found "(Acme)")
graph.yaml:11:61: demonym title "analyst" is not a word of any title group
graph.yaml:12:7: missing key "entity"`},
	{"roles not a mapping", secondEditionBase + "roles: [president]\n", `graph.yaml:6:8: "roles" must be a mapping (found a list)`},
	{"blocks", secondEditionBase + "blocks:\n  - {words: [HK$], entities: [acm]}\n  - {entities: [acme]}\n",
		`graph.yaml:7:31: unknown entity "acm" (did you mean "acme"?)
graph.yaml:8:5: missing key "words"`},
}

// secondEditionBase is a valid rule file for the tests of names, roles and blocks.
const secondEditionBase = "version: 1\ntypes: [{id: company}, {id: person}]\nentities: [{id: acme, type: company, name: Acme}]\n" +
	"predicates: [{id: leads, subject: [person], object: [company]}]\nrules: [{id: r1, predicate: leads, patterns: [\"{subject} runs {object}\"]}]\n"

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("graph.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse succeeded, want\n%s", tt.want)
			}
			if f != nil {
				t.Errorf("Parse returned a File with an error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Parse error:\n%s\nwant:\n%s", got, tt.want)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Errorf("error is a %T, want an ErrorList", err)
			}
		})
	}
}

// TestParseManyErrors checks that problems in different sections are all
// reported, in order of position, whatever order Parse finds them in.
func TestParseManyErrors(t *testing.T) {
	src := `version: 1
types:
  - id: actor
  - id: company
    parent: actr
predicates:
  - id: owns
    subject: [actor]
    object: [company]
rules:
  - id: r
    predicate: owns
    scope: 9
    patterns: ['{subject} owns {objet}']
`
	_, err := Parse("graph.yaml", []byte(src))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Parse error = %v, want an ErrorList", err)
	}
	want := []string{
		`graph.yaml:5:13: unknown type "actr" (did you mean "actor"?)`,
		`graph.yaml:13:12: "scope" must be 1 to 5 (found "9")`,
		`graph.yaml:14:32: unknown slot {objet} (want {subject}, {object} or {date})`,
	}
	if len(list) != len(want) {
		t.Fatalf("Parse reported %d errors, want %d:\n%v", len(list), len(want), err)
	}
	for i, e := range list {
		if e.Error() != want[i] {
			t.Errorf("error %d = %s, want %s", i, e, want[i])
		}
	}
	if err.Error() != strings.Join(want, "\n") {
		t.Errorf("Error() =\n%s\nwant one problem a line", err)
	}
}

// TestPatternErrorColumns checks that a problem in a relation pattern is
// reported at its byte, whatever the style of the scalar.
func TestPatternErrorColumns(t *testing.T) {
	const head = "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [t]}]\nrules:\n  - id: r\n    predicate: p\n    patterns:"
	tests := []struct {
		name, patterns string
		want           Pos // of the "{" of "{subj}", or of the scalar
	}{
		{"plain", "\n      - x {subject} y {subj}", Pos{8, 23}},
		{"plain, multi-byte", "\n      - é {subject} y {subj}", Pos{8, 24}},
		{"double-quoted", "\n      - \"{subject} y {subj}\"", Pos{8, 22}},
		{"double-quoted, escapes", "\n      - \"\\\"{subject}\\\" \\u00e9\\t{subj}\"", Pos{8, 32}},
		{"single-quoted", "\n      - '{subject} y {subj}'", Pos{8, 22}},
		{"single-quoted, quotes", "\n      - '{subject} ''y'' {subj}'", Pos{8, 26}},
		{"flow list", " ['{subject} y {object}', \"{subject} {subj}\"]", Pos{7, 51}},
		{"tagged", "\n      - !!str x {subject} y {subj}", Pos{8, 9}},
		{"folded", "\n      - >\n        {subject} y\n        {subj}", Pos{8, 9}},
		{"double-quoted on two lines", "\n      - \"{subject} y\n        {subj}\"", Pos{8, 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("graph.yaml", []byte(head+tt.patterns+"\n"))
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("Parse error = %v, want one error", err)
			}
			if list[0].Pos != tt.want || !strings.HasPrefix(list[0].Msg, "unknown slot {subj}") {
				t.Errorf("error = %v, want one at %v about {subj}", list[0], tt.want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	f, err := Parse("graph.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	byHand := &File{Types: f.Types, Entities: f.Entities, Predicates: f.Predicates}
	for _, f := range []*File{f, byHand} {
		if ty, ok := f.Type("company"); !ok || ty.Parent != "actor" {
			t.Errorf("Type(company) = %+v, %v", ty, ok)
		}
		if _, ok := f.Type("law"); ok {
			t.Errorf("Type(law) found")
		}
		if e, ok := f.Entity("cac"); !ok || e.Type != "agency" {
			t.Errorf("Entity(cac) = %+v, %v", e, ok)
		}
		if _, ok := f.Entity("CAC"); ok {
			t.Errorf("Entity(CAC) found")
		}
		if p, ok := f.Predicate("built_data_centre_in"); !ok || p.Label != "built data centre in" {
			t.Errorf("Predicate(built_data_centre_in) = %+v, %v", p, ok)
		}
		for _, c := range []struct {
			typ, anc string
			want     bool
		}{
			{"company", "company", true},
			{"company", "actor", true},
			{"actor", "company", false},
			{"company", "agency", false},
			{"nothing", "actor", false},
		} {
			if got := f.IsA(c.typ, c.anc); got != c.want {
				t.Errorf("IsA(%q, %q) = %v, want %v", c.typ, c.anc, got, c.want)
			}
		}
	}

	// A File changed after Parse still answers right.
	f.Types = append(f.Types, Type{ID: "law"})
	if _, ok := f.Type("law"); !ok {
		t.Errorf("Type(law) not found after append")
	}
	// IsA ends on a cycle in a File built by hand.
	cyclic := &File{Types: []Type{{ID: "a", Parent: "b"}, {ID: "b", Parent: "a"}}}
	if cyclic.IsA("a", "c") {
		t.Errorf("IsA on a cycle = true")
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"entities", "types", "id", "company", "Actor"}
	for _, c := range []struct{ word, want string }{
		{"entites", "entities"},
		{"ENTITIES", "entities"},
		{"actor", "Actor"},
		{"compnay", "company"},
		{"tpyes", "types"},
		{"x", ""},
		{"ix", "id"},
		{"xy", ""},
		{"companies", ""},
	} {
		if got := suggest(c.word, cands); got != c.want {
			t.Errorf("suggest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

// TestBytePositions checks that columns count bytes, as Pos says, where
// yaml.v3 counts characters, and that lines break where yaml.v3 breaks them.
func TestBytePositions(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"multi-byte", "version: 1\ntypes:\n  - {id: é, parent: x}\n",
			`graph.yaml:3:10: invalid type id "é" (want [a-z][a-z0-9_-]*)
graph.yaml:3:22: unknown type "x"`},
		{"byte order mark and CRLF", "\xEF\xBB\xBFversion: 1\r\ntypes:\r\n  - {id: é, parent: x}\r\n",
			`graph.yaml:3:10: invalid type id "é" (want [a-z][a-z0-9_-]*)
graph.yaml:3:22: unknown type "x"`},
		{"byte order mark, not counted", "\xEF\xBB\xBFversion: x\n", `graph.yaml:1:10: "version" must be an integer (found "x")`},
		{"NEL", "version: 1\u0085types:\u0085  - {id: é, parent: x}\u0085",
			`graph.yaml:3:10: invalid type id "é" (want [a-z][a-z0-9_-]*)
graph.yaml:3:22: unknown type "x"`},
		{"CR", "version: 1\rtypes:\r  - {id: é, parent: x}\r",
			`graph.yaml:3:10: invalid type id "é" (want [a-z][a-z0-9_-]*)
graph.yaml:3:22: unknown type "x"`},
	} {
		_, err := Parse("graph.yaml", []byte(c.src))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: Parse error:\n%v\nwant:\n%s", c.name, err, c.want)
		}
	}
}

func TestErrorList(t *testing.T) {
	if got := (ErrorList{}).Error(); got != "no errors" {
		t.Errorf("empty ErrorList.Error() = %q", got)
	}
	_, err := Parse("rules/graph.yaml", []byte("version: 3\n"))
	var e *Error
	if !errors.As(err, &e) || e.Pos != (Pos{1, 10}) || e.Name != "rules/graph.yaml" {
		t.Errorf("errors.As(%v, *Error) = %+v", err, e)
	}
	if got, want := e.Error(), `rules/graph.yaml:1:10: "version" must be 1 (found "3")`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestMaxKeys: every kind of mapping fits a fieldMap.
func TestMaxKeys(t *testing.T) {
	for _, keys := range [][]string{fileKeys, typeKeys, entityKeys, referenceKeys, predicateKeys, ruleKeys, cueKeys, ruleCueKeys,
		nameRuleKeys, rolesKeys, demonymKeys, titleKeys, blockKeys, ignoreKeys, ignorePairKeys} {
		if len(keys) > maxKeys {
			t.Errorf("%d keys %v, more than maxKeys (%d)", len(keys), keys, maxKeys)
		}
	}
}
