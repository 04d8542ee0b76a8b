package schema

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Keys of each kind of mapping, in the order the package doc lists them.
var (
	fileKeys      = []string{"version", "types", "entities", "references", "predicates", "rules", "cues", "names", "roles", "blocks", "ignore"}
	typeKeys      = []string{"id", "parent", "color", "shape"}
	entityKeys    = []string{"id", "type", "name", "aliases", "case", "patterns"}
	referenceKeys = []string{"words", "types", "entities", "window", "plural"}
	predicateKeys = []string{"id", "label", "subject", "object"}
	ruleKeys      = []string{"id", "predicate", "subject", "object", "scope", "single", "patterns", "cues"}
	cueKeys       = []string{"negation", "hedge"}
	ruleCueKeys   = []string{"negation", "hedge", "drop"}
)

// file decodes the top-level mapping.
func (p *parser) file(root *node) {
	m := p.fields(root, fileKeys)
	p.version(root, &m)
	p.types(p.items(&m, "types"))
	entities := p.items(&m, "entities")
	if len(entities) > 0 {
		p.f.Entities = make([]Entity, 0, len(entities))
		p.f.index.entities = make(map[string]int, len(entities))
	}
	for _, n := range entities {
		p.entity(n)
	}
	for _, n := range p.items(&m, "references") {
		p.reference(n)
	}
	for _, n := range p.items(&m, "predicates") {
		p.predicate(n)
	}
	for _, n := range p.items(&m, "rules") {
		p.rule(n)
	}
	if n := m.get("cues"); n != nil {
		p.cues(n)
	}
	p.nameRules(p.items(&m, "names"))
	if n := m.get("roles"); n != nil {
		p.roles(n)
	}
	p.blocks(p.items(&m, "blocks"))
	if n := m.get("ignore"); n != nil {
		p.ignore(n)
	}
}

func (p *parser) version(root *node, m *fieldMap) {
	v := m.get("version")
	if v == nil {
		p.errorf(p.pos(root), "missing key %q", "version")
		return
	}
	n, vn := p.int(m, "version", 0)
	switch {
	case isNull(v):
		p.errorf(p.pos(v), "%q must be 1 (found null)", "version")
	case vn != nil && n != 1:
		p.errorf(p.pos(vn), "%q must be 1 (found %s)", "version", found(vn))
	case vn != nil:
		p.f.Version = n
	}
}

func (p *parser) types(items []*node) {
	var parents []*node // parents[i] declared the parent of p.f.Types[i]
	var dupParents []*node
	for _, n := range items {
		m := p.fields(n, typeKeys)
		t := Type{Pos: p.pos(n)}
		var idn, pn, cn, sn *node
		t.ID, idn = p.str(n, &m, "id", true)
		t.Parent, pn = p.str(n, &m, "parent", false)
		t.Color, cn = p.str(n, &m, "color", false)
		t.Shape, sn = p.str(n, &m, "shape", false)
		if cn != nil && !colorSyntax.MatchString(t.Color) {
			p.errorf(p.pos(cn), "invalid color %q (want #rrggbb or a color name)", t.Color)
		}
		if sn != nil && !shapeSyntax.MatchString(t.Shape) {
			p.errorf(p.pos(sn), "invalid shape %q (want a shape name)", t.Shape)
		}
		if idn == nil {
			continue
		}
		if !typeSyntax.MatchString(t.ID) {
			p.errorf(p.pos(idn), "invalid type id %q (want %s)", t.ID, typeSyntaxDoc)
		}
		if t.ID == DateObject {
			p.errorf(p.pos(idn), "type id %q is reserved: a predicate with object [%s] states a date", t.ID, DateObject)
			continue
		}
		if i, dup := p.f.index.types[t.ID]; dup {
			p.errorf(p.pos(idn), "duplicate type %q (first declared at %s)", t.ID, p.f.Types[i].Pos)
			if pn != nil {
				dupParents = append(dupParents, pn)
			}
			continue
		}
		p.f.index.types[t.ID] = len(p.f.Types)
		p.f.Types = append(p.f.Types, t)
		parents = append(parents, pn)
	}
	p.checkParents(parents)
	for _, pn := range dupParents {
		p.typeRef(pn)
	}
}

func (p *parser) entity(n *node) {
	m := p.fields(n, entityKeys)
	e := Entity{Pos: p.pos(n), Case: CaseExact}
	var idn, tn *node
	e.ID, idn = p.str(n, &m, "id", true)
	e.Type, tn = p.str(n, &m, "type", true)
	if tn != nil {
		p.typeRef(tn)
	}
	e.Name, _ = p.str(n, &m, "name", true)
	aliases, _ := p.strs(n, &m, "aliases", false)
	e.Aliases = distinct(e.Name, aliases)
	if c, cn := p.str(n, &m, "case", false); cn != nil {
		switch Case(c) {
		case CaseExact, CaseFold:
			e.Case = Case(c)
		default:
			p.errorf(p.pos(cn), "invalid case %q (want %q or %q)", c, CaseExact, CaseFold)
		}
	}
	_, patterns := p.strs(n, &m, "patterns", false)
	for _, pn := range patterns {
		if at := p.pos(pn); p.checkRegexp(pn.Value, at) {
			e.Patterns = append(e.Patterns, Pattern{Pos: at, Expr: pn.Value})
		}
	}
	if idn == nil {
		return
	}
	if !entitySyntax.MatchString(e.ID) {
		p.errorf(p.pos(idn), "invalid entity id %q (want %s)", e.ID, entitySyntaxDoc)
	}
	if i, dup := p.f.index.entities[e.ID]; dup {
		p.errorf(p.pos(idn), "duplicate entity %q (first declared at %s)", e.ID, p.f.Entities[i].Pos)
		return
	}
	p.f.index.entities[e.ID] = len(p.f.Entities)
	p.f.Entities = append(p.f.Entities, e)
}

// distinct returns the aliases that are not name, each once, in their
// order, or nil if there are none.
func distinct(name string, aliases []string) []string {
	if len(aliases) > 16 {
		seen := map[string]bool{name: true}
		var out []string
		for _, a := range aliases {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
		return out
	}
	// A few aliases, the common case, are compared without a map.
	var out []string
	for _, a := range aliases {
		if a != name && !slices.Contains(out, a) {
			if out == nil {
				out = make([]string, 0, len(aliases))
			}
			out = append(out, a)
		}
	}
	return out
}

func (p *parser) reference(n *node) {
	m := p.fields(n, referenceKeys)
	r := Reference{Pos: p.pos(n), Window: DefaultWindow}
	r.Words, _ = p.strs(n, &m, "words", true)
	before := len(p.errs)
	var tns, ens []*node
	r.Types, tns = p.strs(n, &m, "types", false)
	r.Entities, ens = p.strs(n, &m, "entities", false)
	if len(p.errs) == before && len(r.Types) == 0 && len(r.Entities) == 0 {
		p.errorf(p.pos(n), "a reference needs %q or %q", "types", "entities")
	}
	for _, tn := range tns {
		p.typeRef(tn)
	}
	for _, en := range ens {
		p.entityRef(en)
	}
	if w, wn := p.int(&m, "window", DefaultWindow); wn != nil {
		if w < 0 {
			p.errorf(p.pos(wn), "%q must be 0 or more (found %s)", "window", found(wn))
		} else {
			r.Window = w
		}
	}
	r.Plural = p.bool(&m, "plural")
	p.f.References = append(p.f.References, r)
}

func (p *parser) predicate(n *node) {
	m := p.fields(n, predicateKeys)
	pr := Predicate{Pos: p.pos(n)}
	var idn *node
	pr.ID, idn = p.str(n, &m, "id", true)
	pr.Label, _ = p.str(n, &m, "label", false)
	pr.Subject = p.typeList(n, &m, "subject")
	pr.Object = p.objectList(n, &m)
	if idn == nil {
		return
	}
	switch {
	case !predicateSyntax.MatchString(pr.ID):
		p.errorf(p.pos(idn), "invalid predicate id %q (want %s)", pr.ID, predicateSyntaxDoc)
	case strings.HasPrefix(pr.ID, "not_") || strings.HasPrefix(pr.ID, "maybe_"):
		p.errorf(p.pos(idn), "invalid predicate id %q (the prefixes \"not_\" and \"maybe_\" are reserved for negated and hedged facts)", pr.ID)
	}
	if pr.Label == "" {
		pr.Label = strings.ReplaceAll(pr.ID, "_", " ")
	}
	if i, dup := p.f.index.predicates[pr.ID]; dup {
		p.errorf(p.pos(idn), "duplicate predicate %q (first declared at %s)", pr.ID, p.f.Predicates[i].Pos)
		return
	}
	p.f.index.predicates[pr.ID] = len(p.f.Predicates)
	p.f.Predicates = append(p.f.Predicates, pr)
}

// typeList returns the required, non-empty list of types key in m, the
// fields of n, reporting unknown types.
func (p *parser) typeList(n *node, m *fieldMap, key string) []string {
	vals, nodes := p.strs(n, m, key, true)
	for _, v := range nodes {
		p.typeRef(v)
	}
	return vals
}

// objectList is typeList for a predicate's object, which may instead be
// [date]: the predicate then states a date.
func (p *parser) objectList(n *node, m *fieldMap) []string {
	vals, nodes := p.strs(n, m, "object", true)
	for _, v := range nodes {
		switch {
		case v.Value != DateObject:
			p.typeRef(v)
		case len(vals) > 1:
			p.errorf(p.pos(v), "object %q cannot be listed with types: a predicate states either a date or an entity", DateObject)
		}
	}
	return vals
}

func (p *parser) rule(n *node) {
	m := p.fields(n, ruleKeys)
	r := Rule{Pos: p.pos(n), Scope: 1}
	var idn, pn *node
	r.ID, idn = p.str(n, &m, "id", true)
	r.Predicate, pn = p.str(n, &m, "predicate", true)
	var pred *Predicate
	if pn != nil {
		pred = p.predicateRef(pn)
	}
	var sns, ons []*node
	r.Subject, sns = p.strs(n, &m, "subject", false)
	r.Object, ons = p.strs(n, &m, "object", false)
	for _, sn := range sns {
		if p.typeRef(sn) && pred != nil {
			p.allowed(sn, "subject", pred.ID, pred.Subject)
		}
	}
	dated := pred != nil && pred.Dated()
	for _, on := range ons {
		if dated {
			p.errorf(p.pos(on), "predicate %q states a date: a rule cannot narrow its object", pred.ID)
			break
		}
		if p.typeRef(on) && pred != nil {
			p.allowed(on, "object", pred.ID, pred.Object)
		}
	}
	if s, sn := p.int(&m, "scope", 1); sn != nil {
		if s < 1 || s > MaxScope {
			p.errorf(p.pos(sn), "%q must be 1 to %d (found %s)", "scope", MaxScope, found(sn))
		} else {
			r.Scope = s
		}
	}
	var singles []*node
	r.Single, singles = p.strs(n, &m, "single", false)
	for i, sn := range singles {
		if v := r.Single[i]; v != "subject" && v != "object" {
			p.errorf(p.pos(sn), "unknown slot %q in \"single\" (want \"subject\" or \"object\")", v)
		}
	}
	if cn := m.get("cues"); cn != nil && !isNull(cn) {
		if cn.Kind != yaml.MappingNode {
			p.errorf(p.pos(cn), "%q must be a mapping (found %s)", "cues", found(cn))
		} else {
			cm := p.fields(cn, ruleCueKeys)
			r.Cues.Negation, _ = p.strs(cn, &cm, "negation", false)
			r.Cues.Hedge, _ = p.strs(cn, &cm, "hedge", false)
			r.Cues.Drop, _ = p.strs(cn, &cm, "drop", false)
		}
	}
	_, patterns := p.strs(n, &m, "patterns", true)
	for _, pn := range patterns {
		if pat, ok := p.rulePattern(pn, dated); ok {
			r.Patterns = append(r.Patterns, pat)
		}
	}
	if idn == nil {
		return
	}
	if !entitySyntax.MatchString(r.ID) {
		p.errorf(p.pos(idn), "invalid rule id %q (want %s)", r.ID, entitySyntaxDoc)
	}
	if first, dup := p.rules[r.ID]; dup {
		p.errorf(p.pos(idn), "duplicate rule %q (first declared at %s)", r.ID, first)
		return
	}
	p.rules[r.ID] = r.Pos
	p.f.Rules = append(p.f.Rules, r)
}

// MaxScope is the most sentences a rule's match may span.
const MaxScope = 5

func (p *parser) cues(n *node) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(p.pos(n), "%q must be a mapping (found %s)", "cues", found(n))
		return
	}
	m := p.fields(n, cueKeys)
	p.f.Cues.Negation, _ = p.strs(n, &m, "negation", false)
	p.f.Cues.Hedge, _ = p.strs(n, &m, "hedge", false)
}
