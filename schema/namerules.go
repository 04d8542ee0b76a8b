package schema

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// NameRule finds names the curator did not list, by their shape and
// context, in the manner of GATE's ANNIE grammars. A name it finds becomes
// an entity of Type, recorded with the rule's ID. Heads, Starts and Nouns
// are written as in text and matched token by token, the names' words in
// the case they are written in.
type NameRule struct {
	Pos  Pos
	ID   string
	Type string
	// Heads end a run of capitalised words that is a name: "Holdings",
	// "Co.", "Administration" ("Shenzhen Zhenhua Data Technology").
	Heads []string
	// Starts begin one: "Ministry of" ("Ministry of Industry and
	// Information Technology").
	Starts []string
	// Nouns type a capitalised run in apposition ("Hellobike, a
	// bike-sharing platform"), right before it ("the platform Hellobike")
	// or before a list ("platforms including Hellobike, Mobike and Ofo").
	Nouns []string
}

// Roles maps title and role words to predicates, so that "Xiaomi founder
// Lei Jun", "Yi Gang, governor of the central bank" and "Tencent's Pony
// Ma" state facts without a rule each. Parse turns each title group, and
// the possessive, into a Rule of File.Rules (see RolePatterns).
type Roles struct {
	Pos Pos
	// Type, if set, is the type of a name found right after a title:
	// "Premier Li Keqiang" makes Li Keqiang a person when no entity has
	// that name. Such names are recorded with the id "roles".
	Type string
	// Modifiers may stand before a title: "former", "outgoing".
	Modifiers []string
	// Possessive, if set, is the predicate of "Tencent's Pony Ma" and
	// "Jack Ma's Alibaba"; its rule is PossessiveRule.
	Possessive    string
	PossessivePos Pos
	Titles        []Title
	// Demonyms stand for an organisation right before a title: with
	// Chinese → chinese-government, "Chinese President Xi Jinping" states
	// the title's fact with chinese-government as the organisation.
	Demonyms []Demonym
}

// Demonym maps adjective words ("Chinese", "US", "British") to the entity
// they stand for when a title follows them.
type Demonym struct {
	Pos    Pos
	Entity string
	Words  []string
	// Titles, if set, are the title words the demonym may stand before
	// ("President", not "analyst": a British analyst does not work for
	// the United Kingdom); each must be a word of a title group.
	Titles []string
}

// PossessiveRule is the id of the rule Roles.Possessive becomes, and
// RolesRule the rule id recorded for a name found after a title.
const (
	PossessiveRule = "roles-possessive"
	RolesRule      = "roles"
)

// Title is a group of title words with the predicate they state between a
// person and an organisation; Person says which slot the person takes.
type Title struct {
	Pos       Pos
	ID        string // the id of the rule it becomes
	Predicate string
	Person    string // "subject" (default) or "object"
	Words     []string
}

// Block is text that is never a mention: of any entity, or of Entities
// only ("Apple Daily" is not Apple). Words are matched like aliases of
// case "exact".
type Block struct {
	Pos      Pos
	Words    []string
	Entities []string
}

var (
	nameRuleKeys = []string{"id", "type", "heads", "starts", "nouns"}
	rolesKeys    = []string{"type", "modifiers", "possessive", "titles", "demonyms"}
	demonymKeys  = []string{"entity", "words", "titles"}
	titleKeys    = []string{"id", "predicate", "person", "words"}
	blockKeys    = []string{"words", "entities"}
)

func (p *parser) nameRules(items []*node) {
	seen := map[string]Pos{}
	for _, n := range items {
		m := p.fields(n, nameRuleKeys)
		r := NameRule{Pos: p.pos(n)}
		var idn, tn *node
		r.ID, idn = p.str(n, &m, "id", true)
		r.Type, tn = p.str(n, &m, "type", true)
		if tn != nil {
			p.typeRef(tn)
		}
		before := len(p.errs)
		r.Heads, _ = p.strs(n, &m, "heads", false)
		r.Starts, _ = p.strs(n, &m, "starts", false)
		r.Nouns, _ = p.strs(n, &m, "nouns", false)
		if len(p.errs) == before && len(r.Heads)+len(r.Starts)+len(r.Nouns) == 0 {
			p.errorf(r.Pos, "a name rule needs %q, %q or %q", "heads", "starts", "nouns")
		}
		if idn == nil {
			continue
		}
		if !entitySyntax.MatchString(r.ID) {
			p.errorf(p.pos(idn), "invalid name rule id %q (want %s)", r.ID, entitySyntaxDoc)
		}
		if first, dup := seen[r.ID]; dup {
			p.errorf(p.pos(idn), "duplicate name rule %q (first declared at %s)", r.ID, first)
			continue
		}
		seen[r.ID] = r.Pos
		p.f.Names = append(p.f.Names, r)
	}
}

func (p *parser) blocks(items []*node) {
	for _, n := range items {
		m := p.fields(n, blockKeys)
		b := Block{Pos: p.pos(n)}
		b.Words, _ = p.strs(n, &m, "words", true)
		var ens []*node
		b.Entities, ens = p.strs(n, &m, "entities", false)
		for _, en := range ens {
			p.entityRef(en)
		}
		p.f.Blocks = append(p.f.Blocks, b)
	}
}

// roles decodes the roles section and appends the rules it stands for to
// File.Rules; it runs after the rules section, so that a title's id is
// checked against every rule id.
func (p *parser) roles(n *node) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(p.pos(n), "%q must be a mapping (found %s)", "roles", found(n))
		return
	}
	m := p.fields(n, rolesKeys)
	r := Roles{Pos: p.pos(n)}
	if t, tn := p.str(n, &m, "type", false); tn != nil && p.typeRef(tn) {
		r.Type = t
	}
	var mns []*node
	r.Modifiers, mns = p.strs(n, &m, "modifiers", false)
	for _, mn := range mns {
		p.plainWords(mn)
	}
	if pr, pn := p.str(n, &m, "possessive", false); pn != nil {
		if pred := p.predicateRef(pn); pred != nil {
			r.Possessive, r.PossessivePos = pr, p.pos(pn)
			p.ruleID(pn, PossessiveRule, r.PossessivePos)
		}
	}
	for _, tn := range p.items(&m, "titles") {
		if t, ok := p.title(tn, r.Type); ok {
			r.Titles = append(r.Titles, t)
		}
	}
	for _, dn := range p.items(&m, "demonyms") {
		dm := p.fields(dn, demonymKeys)
		d := Demonym{Pos: p.pos(dn)}
		e, en := p.str(dn, &dm, "entity", true)
		var wns []*node
		d.Words, wns = p.strs(dn, &dm, "words", true)
		ok := en != nil && p.entityRef(en) && len(wns) > 0
		for _, wn := range wns {
			ok = p.plainWords(wn) && ok
		}
		var tns []*node
		d.Titles, tns = p.strs(dn, &dm, "titles", false)
		for _, tn := range tns {
			if !r.hasTitle(tn.Value) {
				p.errorf(p.pos(tn), "demonym title %q is not a word of any title group", tn.Value)
				ok = false
			}
		}
		if ok {
			d.Entity = e
			r.Demonyms = append(r.Demonyms, d)
		}
	}
	if r.Type == "" && r.Possessive == "" && len(r.Titles) == 0 {
		return
	}
	p.f.Roles = r
	for _, t := range r.Titles {
		p.f.Rules = append(p.f.Rules, Rule{Pos: t.Pos, ID: t.ID, Predicate: t.Predicate, Scope: 1, Patterns: r.patterns(t), Generated: true})
	}
	if r.Possessive != "" {
		p.f.Rules = append(p.f.Rules, Rule{Pos: r.PossessivePos, ID: PossessiveRule, Predicate: r.Possessive, Scope: 1,
			Single: []string{"subject", "object"}, Patterns: r.possessivePatterns(), Generated: true})
	}
}

// hasTitle reports whether w is a word of a title group, ignoring case.
func (r Roles) hasTitle(w string) bool {
	for _, t := range r.Titles {
		for _, tw := range t.Words {
			if strings.EqualFold(tw, w) {
				return true
			}
		}
	}
	return false
}

func (p *parser) title(n *node, personType string) (Title, bool) {
	m := p.fields(n, titleKeys)
	t := Title{Pos: p.pos(n), Person: "subject"}
	var idn, pn *node
	t.ID, idn = p.str(n, &m, "id", true)
	t.Predicate, pn = p.str(n, &m, "predicate", true)
	var wns []*node
	t.Words, wns = p.strs(n, &m, "words", true)
	ok := idn != nil && pn != nil && len(wns) > 0
	for _, wn := range wns {
		ok = p.plainWords(wn) && ok
	}
	if s, sn := p.str(n, &m, "person", false); sn != nil {
		if s != "subject" && s != "object" {
			p.errorf(p.pos(sn), "invalid person slot %q (want \"subject\" or \"object\")", s)
			ok = false
		} else {
			t.Person = s
		}
	}
	var pred *Predicate
	if pn != nil {
		pred = p.predicateRef(pn)
		ok = ok && pred != nil
	}
	if pred != nil && personType != "" {
		types := pred.Subject
		if t.Person == "object" {
			types = pred.Object
		}
		allowed := false
		for _, want := range types {
			allowed = allowed || p.f.IsA(personType, want)
		}
		if !allowed {
			p.errorf(p.pos(pn), "roles type %q is not allowed as %s of %q (allowed: %s)", personType, t.Person, pred.ID, strings.Join(types, ", "))
			ok = false
		}
	}
	if idn != nil {
		if !entitySyntax.MatchString(t.ID) {
			p.errorf(p.pos(idn), "invalid rule id %q (want %s)", t.ID, entitySyntaxDoc)
			ok = false
		}
		ok = p.ruleID(idn, t.ID, t.Pos) && ok
	}
	return t, ok
}

// ruleID records a rule id, reporting it at n if another rule has it.
func (p *parser) ruleID(n *node, id string, at Pos) bool {
	if first, dup := p.rules[id]; dup {
		p.errorf(p.pos(n), "duplicate rule %q (first declared at %s)", id, first)
		return false
	}
	p.rules[id] = at
	return true
}

// plainWords reports whether scalar n holds only words, which a role
// declaration puts into patterns, reporting it if not.
func (p *parser) plainWords(n *node) bool {
	if i := strings.IndexAny(n.Value, `()[]{}|\*`); i >= 0 || strings.Contains(n.Value, "...") {
		if i < 0 {
			i = strings.Index(n.Value, "...")
		}
		p.errorf(p.lines.inScalar(n, p.pos(n), i), "a title or modifier is plain words (found %q)", n.Value)
		return false
	}
	return true
}

// patterns returns the patterns a title group stands for, with P the
// person, O the organisation, M an optional modifier and T a title:
//
//	O ['s] [M] T [,] P                     Xiaomi founder Lei Jun; Alibaba's chairman, Joe Tsai
//	P , [the|a|an] [M] T (of|at|for|with) ...2 O
//	                                       Yi Gang, governor of the central bank
//	P , O ['s] [M] T                       Li Wei, the academy's vice-president; Lei Jun, the Xiaomi founder
//	[M] T (of|at) O , P                    the chairman of Alibaba, Joe Tsai
//	P (is|was|became|as) [the|a|an] [M] T (of|at|for) O
//
// The title group is a top-level element of each, so that the matcher
// tries a pattern only in sentences with a title.
func (r Roles) patterns(t Title) []Pattern {
	person, org := "{subject}", "{object}"
	if t.Person == "object" {
		person, org = org, person
	}
	ti := alternatives(titleForms(t.Words))
	mod := ""
	if len(r.Modifiers) > 0 {
		mod = "[" + alternatives(r.Modifiers) + "] "
	}
	var out []Pattern
	for _, f := range []string{
		"O ['s] MT [,] P",
		"P , [(the|a|an)] MT (of|at|for|with) ...2 O",
		"P , O ['s] MT",
		"MT (of|at) O , P",
		"P (is|was|became|as) [(the|a|an)] MT (of|at|for) O",
	} {
		expr := strings.NewReplacer("MT", mod+ti, "O", org, "P", person).Replace(f)
		out = append(out, Pattern{Pos: t.Pos, Expr: expr})
	}
	return out
}

// possessivePatterns are "Tencent 's Pony Ma" and "Jack Ma 's Alibaba",
// the person in the subject.
func (r Roles) possessivePatterns() []Pattern {
	return []Pattern{
		{Pos: r.PossessivePos, Expr: "{object} 's {subject}"},
		{Pos: r.PossessivePos, Expr: "{subject} 's {object}"},
	}
}

// alternatives writes words as one group of a pattern.
func alternatives(words []string) string {
	return "(" + strings.Join(words, "|") + ")"
}

// titleForms returns the titles with their plurals ("founders",
// "chairmen"), for "Alibaba founders Jack Ma and Joe Tsai".
func titleForms(words []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range words {
		for _, f := range []string{w, Plural(w)} {
			if k := strings.ToLower(f); !seen[k] {
				seen[k] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// Plural makes the plural of a word in the regular way of English, with
// "-man" as "-men": of the last word of a title, or of a name rule's noun.
func Plural(w string) string {
	l := strings.ToLower(w)
	switch {
	case strings.HasSuffix(l, "man"):
		return w[:len(w)-2] + "en"
	case strings.HasSuffix(l, "s") || strings.HasSuffix(l, "sh") || strings.HasSuffix(l, "ch") || strings.HasSuffix(l, "x"):
		return w + "es"
	case strings.HasSuffix(l, "y") && len(l) > 1 && !strings.ContainsRune("aeiou", rune(l[len(l)-2])):
		return w[:len(w)-1] + "ies"
	case l == "" || !isLetter(l[len(l)-1]):
		return w
	}
	return w + "s"
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' }
