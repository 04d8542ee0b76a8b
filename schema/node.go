package schema

import "gopkg.in/yaml.v3"

// node is a YAML node as Parse reads it: the fields of yaml.Node that the
// checks use, in half its size, with every alias replaced by the node it
// stands for. A rule file of 5,000 entities has some 50,000 nodes, and
// their memory was the largest part of start-up.
type node struct {
	Kind         yaml.Kind
	Style        yaml.Style
	Line, Column int32 // 1-based; the column in characters, as yaml.v3 counts it
	Tag          string
	Value        string
	Content      []*node
}

// yamlNode returns n as a yaml.Node without children, for yaml.v3's
// methods.
func (n *node) yamlNode() yaml.Node {
	return yaml.Node{Kind: n.Kind, Style: n.Style, Tag: n.Tag, Value: n.Value}
}

// ShortTag is yaml.Node.ShortTag.
func (n *node) ShortTag() string {
	y := n.yamlNode()
	return y.ShortTag()
}

// Decode is yaml.Node.Decode, for a scalar.
func (n *node) Decode(v any) error {
	y := n.yamlNode()
	return y.Decode(v)
}

// fromYAML converts yaml.v3's tree y, replacing each alias with the node
// its anchor is on; seen holds the nodes converted so far, so that a
// node an alias refers to is converted once.
func fromYAML(y *yaml.Node, seen map[*yaml.Node]*node) *node {
	if y.Kind == yaml.AliasNode && y.Alias != nil {
		return fromYAML(y.Alias, seen)
	}
	if n, ok := seen[y]; ok {
		return n
	}
	n := &node{Kind: y.Kind, Style: y.Style, Line: int32(y.Line), Column: int32(y.Column), Tag: y.Tag, Value: y.Value}
	seen[y] = n
	if len(y.Content) > 0 {
		n.Content = make([]*node, len(y.Content))
		for i, c := range y.Content {
			n.Content[i] = fromYAML(c, seen)
		}
	}
	return n
}
