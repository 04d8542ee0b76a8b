package schema

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
)

// The syntax of ids. Entity and rule ids become parts of IRIs.
var (
	typeSyntax      = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
	entitySyntax    = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`)
	predicateSyntax = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

	// A Graphviz colour: #rrggbb or a name such as "lightblue" or "gray50".
	colorSyntax = regexp.MustCompile(`^(#[0-9a-fA-F]{6}|[a-zA-Z]+[0-9]*)$`)
	// A Graphviz shape name such as "box" or "box3d".
	shapeSyntax = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]*$`)
)

const (
	typeSyntaxDoc      = "[a-z][a-z0-9_-]*"
	entitySyntaxDoc    = "[a-z0-9][a-z0-9_.-]*"
	predicateSyntaxDoc = "[a-z][a-z0-9_]*"
)

// typeRef reports whether scalar n names a declared type, reporting it if not.
func (p *parser) typeRef(n *node) bool {
	if _, ok := p.f.index.types[n.Value]; ok {
		return true
	}
	ids := make([]string, len(p.f.Types))
	for i, t := range p.f.Types {
		ids[i] = t.ID
	}
	p.errorf(p.pos(n), "unknown type %q%s", n.Value, didYouMean(n.Value, ids))
	return false
}

// entityRef reports whether scalar n names a declared entity, reporting it if not.
func (p *parser) entityRef(n *node) bool {
	if _, ok := p.f.index.entities[n.Value]; ok {
		return true
	}
	ids := make([]string, len(p.f.Entities))
	for i, e := range p.f.Entities {
		ids[i] = e.ID
	}
	p.errorf(p.pos(n), "unknown entity %q%s", n.Value, didYouMean(n.Value, ids))
	return false
}

// predicateRef returns the predicate scalar n names, or nil after reporting
// that there is none.
func (p *parser) predicateRef(n *node) *Predicate {
	if i, ok := p.f.index.predicates[n.Value]; ok {
		return &p.f.Predicates[i]
	}
	ids := make([]string, len(p.f.Predicates))
	for i, pr := range p.f.Predicates {
		ids[i] = pr.ID
	}
	p.errorf(p.pos(n), "unknown predicate %q%s", n.Value, didYouMean(n.Value, ids))
	return nil
}

// allowed reports a rule's type, scalar n, that is none of the types a
// predicate allows in role ("subject" or "object") and no descendant of one.
func (p *parser) allowed(n *node, role, pred string, types []string) {
	for _, t := range types {
		if p.f.IsA(n.Value, t) {
			return
		}
	}
	p.errorf(p.pos(n), "rule type %q is not allowed as %s of %q (allowed: %s)",
		n.Value, role, pred, strings.Join(types, ", "))
}

// checkParents reports unknown parents and cycles of parents among
// p.f.Types; parents[i] is the node that declared the parent of type i.
func (p *parser) checkParents(parents []*node) {
	types := p.f.Types
	parent := make([]int, len(types)) // index of the parent of type i, or -1
	for i, t := range types {
		parent[i] = -1
		if t.Parent == "" {
			continue
		}
		if p.typeRef(parents[i]) {
			parent[i] = p.f.index.types[t.Parent]
		}
	}
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]int, len(types))
	for i := range types {
		var path []int
		j := i
		for j >= 0 && state[j] == unseen {
			state[j] = onPath
			path = append(path, j)
			j = parent[j]
		}
		if j >= 0 && state[j] == onPath {
			// j is on a cycle; report it once, at the type declared first.
			first := j
			for k := parent[j]; k != j; k = parent[k] {
				first = min(first, k)
			}
			chain := []string{types[first].ID}
			for k := parent[first]; ; k = parent[k] {
				chain = append(chain, types[k].ID)
				if k == first {
					break
				}
			}
			p.errorf(p.pos(parents[first]), "type %q is its own ancestor (%s)", types[first].ID, strings.Join(chain, " -> "))
		}
		for _, k := range path {
			state[k] = done
		}
	}
}

// checkRegexp reports whether expr, written at at, is a regular expression
// that compiles and cannot match the empty string, reporting it if not.
func (p *parser) checkRegexp(expr string, at Pos) bool {
	if _, err := regexp.Compile(expr); err != nil {
		msg := err.Error()
		var se *syntax.Error
		if errors.As(err, &se) {
			msg = se.Code.String()
		}
		p.errorf(at, "invalid regular expression %q: %s", expr, msg)
		return false
	}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || matchesEmpty(re) {
		p.errorf(at, "regular expression %q can match the empty string", expr)
		return false
	}
	return true
}

// matchesEmpty reports whether re can match an empty string somewhere. It
// counts every assertion (^, $, \b, \B) as a possible empty match.
func matchesEmpty(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCapture, syntax.OpPlus:
		return matchesEmpty(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || matchesEmpty(re.Sub[0])
	case syntax.OpConcat:
		return !slices.ContainsFunc(re.Sub, func(s *syntax.Regexp) bool { return !matchesEmpty(s) })
	case syntax.OpAlternate:
		return slices.ContainsFunc(re.Sub, matchesEmpty)
	}
	return false // OpNoMatch, OpCharClass, OpAnyChar, OpAnyCharNotNL
}

// rulePattern parses the relation pattern in scalar n, of a rule whose
// predicate states a date if dated. Tabs and line
// breaks count as spaces, so a long pattern may be folded over lines; each
// becomes one space, which keeps byte offsets, and trailing ones are cut.
func (p *parser) rulePattern(n *node, dated bool) (Pattern, bool) {
	at := p.pos(n)
	expr := strings.TrimRight(strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' {
			return ' '
		}
		return r
	}, n.Value), " ")
	nodes, err := ParsePatternFor(expr, dated)
	if err != nil {
		var pe *PatternError
		if errors.As(err, &pe) {
			p.errorf(p.lines.inScalar(n, at, pe.Offset), "%s", pe.Msg)
		} else {
			p.errorf(at, "%s", err)
		}
		return Pattern{}, false
	}
	p.f.index.patterns[expr] = nodes
	return Pattern{Pos: at, Expr: expr}, true
}
