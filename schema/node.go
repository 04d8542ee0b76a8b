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
// its anchor is on, converted once.
func fromYAML(y *yaml.Node) *node {
	c := converter{anchored: map[*yaml.Node]*node{}}
	return c.convert(y)
}

type converter struct {
	anchored map[*yaml.Node]*node // the nodes with an anchor converted so far
	nodes    []node               // allocated in blocks, as readFast does
}

func (c *converter) convert(y *yaml.Node) *node {
	if y.Kind == yaml.AliasNode && y.Alias != nil {
		return c.convert(y.Alias)
	}
	if n, ok := c.anchored[y]; ok {
		return n
	}
	if len(c.nodes) == 0 {
		c.nodes = make([]node, 1024)
	}
	n := &c.nodes[0]
	c.nodes = c.nodes[1:]
	*n = node{Kind: y.Kind, Style: y.Style, Line: int32(y.Line), Column: int32(y.Column), Tag: y.Tag, Value: y.Value}
	if y.Anchor != "" {
		c.anchored[y] = n // before its children: an alias inside may refer to it
	}
	if len(y.Content) > 0 {
		n.Content = make([]*node, len(y.Content))
		for i, k := range y.Content {
			n.Content[i] = c.convert(k)
		}
	}
	return n
}
