package schema

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse decodes the rule file src and checks it; name is the file name used
// in messages. On success every cross-reference in the File resolves, every
// pattern parses and every default is filled in, so nothing that uses the
// File can fail on it. Otherwise Parse returns a nil File and an ErrorList
// of every problem found, sorted by position.
//
// Positions count lines from 1 and columns from 1 in bytes. A problem in a
// relation pattern is reported at the byte it is at when the pattern is a
// plain or quoted scalar on one line, else at the start of the scalar.
func Parse(name string, src []byte) (*File, error) {
	p := &parser{
		name:  name,
		lines: newLines(src),
		f:     &File{Name: name, index: newIndex()},
		rules: map[string]Pos{},
	}
	if root := p.decode(src); root != nil {
		p.file(root)
	}
	if len(p.errs) > 0 {
		p.errs.sort()
		return nil, p.errs
	}
	return p.f, nil
}

// parser decodes the yaml.v3 node tree into a File and checks it as it
// goes. Sections are decoded in the order they depend on each other (types,
// entities, references, predicates, rules), whatever their order in the
// file, so each reference is checked against a complete index.
//
// Warnings (problems that do not make a File unusable, such as one alias on
// two entities) belong in a later pass over the checked File, whose Pos
// fields locate every declaration.
type parser struct {
	name  string
	lines *lines
	f     *File
	rules map[string]Pos // rule ids seen, for duplicates
	errs  ErrorList
}

func (p *parser) errorf(at Pos, format string, args ...any) {
	p.errs = append(p.errs, &Error{Name: p.name, Pos: at, Msg: fmt.Sprintf(format, args...)})
}

// pos returns the position of n with a byte column.
func (p *parser) pos(n *node) Pos { return p.lines.pos(int(n.Line), int(n.Column)) }

// decode reads the one YAML document in src and returns its top-level
// mapping, or nil after reporting why there is none.
func (p *parser) decode(src []byte) *node {
	doc, ok := readFast(src)
	if !ok {
		if doc = p.decodeV3(src); doc == nil {
			return nil
		}
	}
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(p.pos(root), "top level must be a mapping (found %s)", found(root))
		return nil
	}
	return root
}

// decodeV3 decodes src with yaml.v3, for what readFast does not read,
// and returns its first document, or nil after reporting why there is none.
func (p *parser) decodeV3(src []byte) *node {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	switch err := decodeNode(dec, &doc); {
	case err == io.EOF:
		p.errorf(Pos{1, 1}, "empty file (want a mapping with \"version: 1\")")
		return nil
	case err != nil:
		p.yamlError(err)
		return nil
	}
	var next yaml.Node
	switch err := decodeNode(dec, &next); {
	case err == nil:
		p.errorf(p.lines.pos(next.Line, next.Column), "a second yaml document (want one document)")
	case err != io.EOF:
		p.yamlError(err)
	}
	return fromYAML(&doc)
}

// decodeNode is dec.Decode, with a panic in yaml.v3 made an error: a rule
// file must not crash the program that reads it.
func decodeNode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: internal error: %v", r)
		}
	}()
	return dec.Decode(n)
}

var (
	yamlLine   = regexp.MustCompile(`^yaml: line ([0-9]+): `)
	yamlAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// parserProblems are the messages of libyaml's parser, as opposed to its
// scanner. yaml.v3 gives their lines counted from 0, and omits line 0.
var parserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// yamlError reports a syntax error from yaml.v3, which gives the line in
// its message when it knows it (often the line where the enclosing
// collection starts) and never the column.
func (p *parser) yamlError(err error) {
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	at := Pos{1, 1}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			at.Line = n
			if slices.Contains(parserProblems, msg) {
				at.Line++
			}
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		switch {
		case strings.Contains(msg, "UTF-8") || strings.Contains(msg, "control characters"):
			// The reader's errors have no line; find the character they mean.
			if bad, ok := p.lines.badChar(); ok {
				at = bad
			}
		case yamlAnchor.MatchString(msg):
			if a, ok := p.lines.find("*" + yamlAnchor.FindStringSubmatch(msg)[1]); ok {
				at = a
			}
		}
	}
	p.errorf(at, "%s", msg)
	for _, at := range p.lines.unquotedSlots() {
		p.errorf(at, "%s", unquotedSlot)
	}
}

// unquotedSlot says why "- {subject} owns {object}" is a YAML error: a
// plain scalar cannot start with "{", which opens a flow mapping.
const unquotedSlot = `a pattern that starts with "{" must be quoted`

func isNull(n *node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// found describes n for a message: its value quoted, or its kind.
func found(n *node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		if isNull(n) {
			return "null"
		}
		s := n.Value
		if len(s) > 40 {
			cut := 40
			for cut > 0 && !isRuneStart(s[cut]) {
				cut--
			}
			s = s[:cut] + "..."
		}
		return strconv.Quote(s)
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	return "nothing"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// fields reports the unknown and duplicate keys of mapping n, which may
// hold the given keys, and returns the value of each key present.
func (p *parser) fields(n *node, keys []string) fieldMap {
	if len(keys) > maxKeys {
		panic("schema: a mapping with more keys than maxKeys") // a bug, whatever the file
	}
	m := fieldMap{keys: keys}
	var unknown map[string]Pos // first positions of unknown keys
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode || isNull(k):
			p.errorf(p.pos(k), "key must be a string (found %s)", found(k))
			continue
		case k.ShortTag() == "!!merge":
			p.errorf(p.pos(k), "merge keys (\"<<\") are not supported")
			continue
		}
		j := slices.Index(keys, k.Value)
		if j >= 0 {
			if first := m.keyNodes[j]; first != nil {
				p.errorf(p.pos(k), "duplicate key %q (first at %s)", k.Value, p.pos(first))
				continue
			}
			m.keyNodes[j], m.vals[j] = k, v
			m.n++
			continue
		}
		at := p.pos(k)
		if f, dup := unknown[k.Value]; dup {
			p.errorf(at, "duplicate key %q (first at %s)", k.Value, f)
			continue
		}
		if unknown == nil {
			unknown = map[string]Pos{}
		}
		unknown[k.Value] = at
		hint := didYouMean(k.Value, keys)
		if hint == "" {
			hint = fmt.Sprintf(" (want one of: %s)", strings.Join(keys, ", "))
		}
		p.errorf(at, "unknown key %q%s", k.Value, hint)
	}
	return m
}

// maxKeys is the most keys any kind of mapping may have (fileKeys).
const maxKeys = 11

// fieldMap holds the value of each key of a mapping, of the keys it may
// have: without a map, as a rule file has thousands of small mappings.
type fieldMap struct {
	keys     []string
	keyNodes [maxKeys]*node // keyNodes[i] is the key node of keys[i], or nil
	vals     [maxKeys]*node // vals[i] is the value of keys[i], or nil
	n        int            // keys present
}

// get returns the value of key, or nil if the mapping has no such key.
func (m *fieldMap) get(key string) *node {
	if i := slices.Index(m.keys, key); i >= 0 {
		return m.vals[i]
	}
	return nil
}

// str returns the string value of key in m, the fields of n, and its node.
// A null or blank value counts as absent; a required key must be present.
func (p *parser) str(n *node, m *fieldMap, key string, required bool) (string, *node) {
	v := m.get(key)
	switch {
	case v == nil:
		if required {
			p.errorf(p.pos(n), "missing key %q", key)
		}
	case v.Kind != yaml.ScalarNode:
		p.errorf(p.pos(v), "%q must be a string (found %s)", key, found(v))
	case isNull(v) || strings.TrimSpace(v.Value) == "":
		if required {
			p.errorf(p.pos(v), "%q must not be empty", key)
		}
	default:
		return v.Value, v
	}
	return "", nil
}

// strs returns the strings in list key in m, the fields of n, and their
// nodes. A null value counts as an empty list; a required list must be
// present and not empty.
func (p *parser) strs(n *node, m *fieldMap, key string, required bool) ([]string, []*node) {
	v := m.get(key)
	switch {
	case v == nil:
		if required {
			p.errorf(p.pos(n), "missing key %q", key)
		}
		return nil, nil
	case isNull(v) || v.Kind == yaml.SequenceNode && len(v.Content) == 0:
		if required {
			p.errorf(p.pos(v), "%q must not be empty", key)
		}
		return nil, nil
	case v.Kind != yaml.SequenceNode:
		p.errorf(p.pos(v), "%q must be a list of strings (found %s)", key, found(v))
		return nil, nil
	}
	var vals []string
	var nodes []*node
	for _, it := range v.Content {
		switch {
		case it.Kind == yaml.MappingNode && it.Style&yaml.FlowStyle != 0 && key == "patterns":
			p.errorf(p.pos(it), "%s", unquotedSlot)
		case it.Kind != yaml.ScalarNode || isNull(it):
			p.errorf(p.pos(it), "%q must be a list of strings (found %s)", key, found(it))
		case strings.TrimSpace(it.Value) == "":
			p.errorf(p.pos(it), "%q must not contain empty strings", key)
		default:
			vals, nodes = append(vals, it.Value), append(nodes, it)
		}
	}
	return vals, nodes
}

// int returns the integer value of key in m, or def and a nil node if it
// is absent or null.
func (p *parser) int(m *fieldMap, key string, def int) (int, *node) {
	v := m.get(key)
	if v == nil || isNull(v) {
		return def, nil
	}
	var i int
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" || v.Decode(&i) != nil {
		p.errorf(p.pos(v), "%q must be an integer (found %s)", key, found(v))
		return def, nil
	}
	return i, v
}

// bool returns the boolean value of key in m, or false if it is absent or null.
func (p *parser) bool(m *fieldMap, key string) bool {
	v := m.get(key)
	if v == nil || isNull(v) {
		return false
	}
	var b bool
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" || v.Decode(&b) != nil {
		p.errorf(p.pos(v), "%q must be true or false (found %s)", key, found(v))
		return false
	}
	return b
}

// items returns the mappings in list section key of m, reporting anything
// else.
func (p *parser) items(m *fieldMap, key string) []*node {
	v := m.get(key)
	if v == nil || isNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		p.errorf(p.pos(v), "%q must be a list of mappings (found %s)", key, found(v))
		return nil
	}
	var out []*node
	for _, it := range v.Content {
		if it.Kind != yaml.MappingNode {
			p.errorf(p.pos(it), "%q must be a list of mappings (found %s)", key, found(it))
			continue
		}
		out = append(out, it)
	}
	return out
}
