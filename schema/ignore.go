package schema

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Ignore says what the candidates command leaves out, so that its list
// shrinks as a curator works through it:
//
//	ignore:
//	  names: [Human Rights Watch, Reuters]   # candidate names, in any case
//	  pairs:                                 # candidate pairs
//	    - {between: "later said"}            # any types
//	    - {types: [company, agency], between: "was fined by"}
//	    - {entities: [cac, didi]}            # any wording, either order
//	  patterns: ['^US\$', '^(said|says)$']   # regular expressions over names and wordings
type Ignore struct {
	Pos      Pos
	Names    []string
	Pairs    []IgnorePair
	Patterns []Pattern
}

// IgnorePair leaves out the candidate pairs that match every field it
// sets: Between, the words between the mentions in lower case; Types,
// the types of the first and second mention; Entities, the two entities
// in either order.
type IgnorePair struct {
	Pos      Pos
	Between  string
	Types    []string
	Entities []string
}

var (
	ignoreKeys     = []string{"names", "pairs", "patterns"}
	ignorePairKeys = []string{"between", "types", "entities"}
)

func (p *parser) ignore(n *node) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(p.pos(n), "%q must be a mapping (found %s)", "ignore", found(n))
		return
	}
	m := p.fields(n, ignoreKeys)
	p.f.Ignore.Pos = p.pos(n)
	p.f.Ignore.Names, _ = p.strs(n, &m, "names", false)
	for _, pn := range p.items(&m, "pairs") {
		pm := p.fields(pn, ignorePairKeys)
		ip := IgnorePair{Pos: p.pos(pn)}
		ip.Between, _ = p.str(pn, &pm, "between", false)
		ip.Between = strings.ToLower(strings.Join(strings.Fields(ip.Between), " "))
		var tns, ens []*node
		ip.Types, tns = p.strs(pn, &pm, "types", false)
		ip.Entities, ens = p.strs(pn, &pm, "entities", false)
		for _, tn := range tns {
			p.typeRef(tn)
		}
		for _, en := range ens {
			p.entityRef(en)
		}
		switch {
		case pm.n == 0 && pn.Kind == yaml.MappingNode && len(pn.Content) == 0:
			p.errorf(p.pos(pn), "an ignored pair needs %q, %q or %q", "between", "types", "entities")
		case tns != nil && len(ip.Types) != 2:
			p.errorf(p.pos(pm.get("types")), "%q must name 2 types, the first and the second mention's (found %d)", "types", len(ip.Types))
		case ens != nil && len(ip.Entities) != 2:
			p.errorf(p.pos(pm.get("entities")), "%q must name 2 entities (found %d)", "entities", len(ip.Entities))
		}
		p.f.Ignore.Pairs = append(p.f.Ignore.Pairs, ip)
	}
	_, patterns := p.strs(n, &m, "patterns", false)
	for _, pn := range patterns {
		if at := p.pos(pn); p.checkRegexp(pn.Value, at) {
			p.f.Ignore.Patterns = append(p.f.Ignore.Patterns, Pattern{Pos: at, Expr: pn.Value})
		}
	}
}
