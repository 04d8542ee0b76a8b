package schema

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// readFast builds the node tree of src, the same tree, node for node
// (kind, style, tag, value, line and column), that yaml.v3's Decoder and
// fromYAML give, in a fraction of the time: a rule file of 5,000 entities
// spent most of its start-up in yaml.v3's scanner and parser. It reads
// only the plain subset of YAML that rule files are written in:
//
//   - block mappings and sequences, indented with spaces;
//   - flow sequences and mappings that end on the line they start on;
//   - plain, single-quoted and double-quoted scalars on one line (the
//     only escapes \" and \\);
//   - comments.
//
// Anything else (anchors, aliases, tags, block scalars, a scalar or flow
// collection over several lines, an empty value, tabs, a CR outside CRLF,
// a byte order mark, document markers) and every error makes it give up:
// ok is false and Parse decodes src with yaml.v3, so that every message
// stays yaml.v3's. FuzzReadFast checks the trees against yaml.v3's.
func readFast(src []byte) (doc *node, ok bool) {
	if !plainText(src) {
		return nil, false
	}
	r := &fastReader{src: string(src)}
	defer func() {
		if e := recover(); e != nil {
			if _, giveUp := e.(fastGiveUp); !giveUp {
				panic(e)
			}
			doc, ok = nil, false
		}
	}()
	r.load(0)
	col := r.content()
	if col < 0 {
		return nil, false // empty: yaml.v3 says so
	}
	root := r.block(col)
	if r.content() >= 0 {
		r.fail() // more after the root: an error, or a second document
	}
	doc = &node{Kind: yaml.DocumentNode, Line: root.Line, Column: root.Column, Content: []*node{root}}
	return doc, true
}

// plainText reports whether src is UTF-8 with no character readFast leaves
// to yaml.v3: tabs, control characters, line breaks other than LF and
// CRLF, byte order marks, and what yaml.v3 rejects.
func plainText(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && !(c == '\r' && i+1 < len(src) && src[i+1] == '\n') || c == 0x7F {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF,
			r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
		i += size
	}
	return true
}

// fastGiveUp is the panic that unwinds readFast when src leaves the subset.
type fastGiveUp struct{}

// fastReader reads src line by line; text is the current line, without
// its line break.
type fastReader struct {
	src        string
	line       int  // 1-based number of the current line
	start, end int  // offsets of the current line and of its end
	eof        bool // past the last line
	ascii      bool // the current line is all ASCII: byte columns are character columns
	text       string
	nodes      []node  // allocated in blocks
	kids       []*node // the same for Content
	stack      []*node // children of the collections being read
	depth      int     // collections open
}

// maxFastDepth bounds the nesting readFast reads, far below yaml.v3's
// limit, which it then reports.
const maxFastDepth = 100

// open counts a collection that starts, giving up past maxFastDepth; the
// caller defers close.
func (r *fastReader) open() {
	if r.depth++; r.depth > maxFastDepth {
		r.fail()
	}
}

func (r *fastReader) close() { r.depth-- }

func (r *fastReader) fail() { panic(fastGiveUp{}) }

// load makes the line at offset start the current one.
func (r *fastReader) load(start int) {
	r.line++
	if start > len(r.src) {
		r.eof, r.text = true, ""
		return
	}
	r.start, r.end = start, len(r.src)
	if e := strings.IndexByte(r.src[start:], '\n'); e >= 0 {
		r.end = start + e
	}
	r.text = strings.TrimSuffix(r.src[r.start:r.end], "\r") // CRLF
	r.ascii = true
	for i := 0; i < len(r.text); i++ {
		if r.text[i] >= utf8.RuneSelf {
			r.ascii = false
			break
		}
	}
}

func (r *fastReader) advance() { r.load(r.end + 1) }

// content moves to the first line, from the current one on, that holds
// more than spaces and a comment, and returns its indentation, or -1 at
// the end of src.
func (r *fastReader) content() int {
	for !r.eof {
		i := spaces(r.text, 0)
		if i < len(r.text) && r.text[i] != '#' {
			if i == 0 && (strings.HasPrefix(r.text, "---") || strings.HasPrefix(r.text, "...")) {
				r.fail() // document markers
			}
			return i
		}
		r.advance()
	}
	return -1
}

// spaces returns the offset of the first byte at or after i that is not a space.
func spaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// col returns the 1-based character column of byte i of the current line,
// as yaml.v3 counts it.
func (r *fastReader) col(i int) int {
	if r.ascii {
		return i + 1
	}
	return utf8.RuneCountInString(r.text[:i]) + 1
}

// node returns a new node at byte i of the current line, from a block of them.
func (r *fastReader) node(kind yaml.Kind, style yaml.Style, tag, value string, i int) *node {
	if len(r.nodes) == 0 {
		r.nodes = make([]node, 1024)
	}
	n := &r.nodes[0]
	r.nodes = r.nodes[1:]
	*n = node{Kind: kind, Style: style, Tag: tag, Value: value, Line: int32(r.line), Column: int32(r.col(i))}
	return n
}

// take returns the children pushed on the stack since mark, and pops them.
func (r *fastReader) take(mark int) []*node {
	k := r.stack[mark:]
	if len(k) == 0 {
		return nil
	}
	if len(r.kids) < len(k) {
		r.kids = make([]*node, max(2048, len(k)))
	}
	out := r.kids[:len(k):len(k)]
	r.kids = r.kids[len(k):]
	copy(out, k)
	r.stack = r.stack[:mark]
	return out
}

// isEntry reports whether a block sequence entry ("- ") starts at byte i of s.
func isEntry(s string, i int) bool {
	return i < len(s) && s[i] == '-' && (i+1 == len(s) || s[i+1] == ' ')
}

// isColon reports whether a mapping value indicator (": ", or ":" at the
// end of the line) is at byte i of s.
func isColon(s string, i int) bool {
	return i < len(s) && s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ')
}

// block reads the block collection whose first line is the current one,
// indented by col.
func (r *fastReader) block(col int) *node {
	if isEntry(r.text, col) {
		return r.sequence(col, false)
	}
	k, j := r.scalar(col, false)
	colon := spaces(r.text, j)
	if !isColon(r.text, colon) {
		r.fail()
	}
	return r.mapping(col, k, colon)
}

// sequence reads a block sequence at column col. An indentless one (the
// value of a key at the same column) ends at a line that is no entry.
func (r *fastReader) sequence(col int, indentless bool) *node {
	r.open()
	defer r.close()
	n := r.node(yaml.SequenceNode, 0, "!!seq", "", col)
	mark := len(r.stack)
	for {
		i := spaces(r.text, col+1)
		if i == len(r.text) {
			r.fail() // an entry on the next lines, or none
		}
		r.stack = append(r.stack, r.entry(i, col))
		ind := r.content()
		if ind < col {
			break
		}
		if ind > col {
			r.fail()
		}
		if !isEntry(r.text, col) {
			if indentless {
				break // the next key of the mapping
			}
			r.fail()
		}
	}
	n.Content = r.take(mark)
	return n
}

// entry reads the sequence entry at byte i of the current line, in a
// sequence at column col: a scalar, a flow collection, or a block mapping
// whose first key is on this line.
func (r *fastReader) entry(i, col int) *node {
	if c := r.text[i]; c == '[' || c == '{' {
		n, j := r.flow(i)
		r.eol(j)
		r.advance()
		return n
	}
	k, j := r.scalar(i, false)
	if colon := spaces(r.text, j); isColon(r.text, colon) {
		return r.mapping(i, k, colon)
	}
	r.eol(j)
	r.scalarEnds(k, col)
	return k
}

// mapping reads a block mapping at column col (a byte offset, all ASCII
// before it) whose first key k is on the current line with its ':' at
// byte colon.
func (r *fastReader) mapping(col int, k *node, colon int) *node {
	r.open()
	defer r.close()
	n := r.node(yaml.MappingNode, 0, "!!map", "", col)
	mark := len(r.stack)
	for {
		if colon-col > 1000 {
			r.fail() // yaml.v3 wants a key within 1024 characters
		}
		r.stack = append(r.stack, k, r.value(colon+1, col))
		ind := r.content()
		if ind < col {
			break
		}
		if ind > col || isEntry(r.text, col) {
			r.fail()
		}
		var j int
		k, j = r.scalar(col, false)
		colon = spaces(r.text, j)
		if !isColon(r.text, colon) {
			r.fail()
		}
	}
	n.Content = r.take(mark)
	return n
}

// value reads the value that follows the ':' before byte i of the current
// line, of a key in a mapping at column col.
func (r *fastReader) value(i, col int) *node {
	j := spaces(r.text, i)
	if j == len(r.text) || r.text[j] == '#' {
		r.advance()
		switch ind := r.content(); {
		case ind > col:
			return r.block(ind)
		case ind == col && isEntry(r.text, col):
			return r.sequence(col, true)
		}
		r.fail() // an empty value
	}
	if c := r.text[j]; c == '[' || c == '{' {
		n, e := r.flow(j)
		r.eol(e)
		r.advance()
		return n
	}
	v, e := r.scalar(j, false)
	r.eol(e)
	r.scalarEnds(v, col)
	return v
}

// eol checks that nothing but spaces and a comment follows byte i of the
// current line.
func (r *fastReader) eol(i int) {
	j := spaces(r.text, i)
	if j < len(r.text) && (r.text[j] != '#' || j == i) {
		r.fail()
	}
}

// scalarEnds moves past the line of scalar v, which ends it, in a block
// collection at column col. A plain scalar goes on over the next lines
// that are indented more, which readFast leaves to yaml.v3.
func (r *fastReader) scalarEnds(v *node, col int) {
	r.advance()
	if v.Style != 0 || r.eof {
		return
	}
	for off := r.start; off < len(r.src); {
		e := strings.IndexByte(r.src[off:], '\n')
		if e < 0 {
			e = len(r.src) - off
		}
		line := strings.TrimSuffix(r.src[off:off+e], "\r")
		if i := spaces(line, 0); i < len(line) {
			if line[i] != '#' && i > col {
				r.fail()
			}
			return
		}
		off += e + 1
	}
}

// flow reads the flow collection that starts at byte i of the current
// line and returns it with the offset after it.
func (r *fastReader) flow(i int) (*node, int) {
	r.open()
	defer r.close()
	t := r.text
	var n *node
	closer := byte(']')
	if t[i] == '[' {
		n = r.node(yaml.SequenceNode, yaml.FlowStyle, "!!seq", "", i)
	} else {
		n = r.node(yaml.MappingNode, yaml.FlowStyle, "!!map", "", i)
		closer = '}'
	}
	mark := len(r.stack)
	j := spaces(t, i+1)
	if j < len(t) && t[j] == closer {
		return n, j + 1
	}
	for {
		if j == len(t) {
			r.fail()
		}
		from := j
		item, e := r.flowItem(j, closer == '}')
		r.stack = append(r.stack, item)
		j = spaces(t, e)
		if closer == '}' {
			if !isColon(t, j) || j+1 == len(t) || j-from > 1000 {
				r.fail() // no value on this line, or too long a key
			}
			j = spaces(t, j+1)
			if j == len(t) {
				r.fail()
			}
			v, e := r.flowItem(j, false)
			r.stack = append(r.stack, v)
			j = spaces(t, e)
		}
		switch {
		case j == len(t):
			r.fail()
		case t[j] == closer:
			n.Content = r.take(mark)
			return n, j + 1
		case t[j] != ',':
			r.fail()
		}
		if j = spaces(t, j+1); j < len(t) && t[j] == closer {
			n.Content = r.take(mark) // after a trailing comma
			return n, j + 1
		}
	}
}

// flowItem reads a node inside a flow collection: a scalar, or a nested
// collection unless it is a mapping's key.
func (r *fastReader) flowItem(j int, key bool) (*node, int) {
	if c := r.text[j]; c == '[' || c == '{' {
		if key {
			r.fail()
		}
		return r.flow(j)
	}
	return r.scalar(j, true)
}

// scalar reads the scalar at byte i of the current line, in a flow
// collection if flow, and returns it with the offset after it.
func (r *fastReader) scalar(i int, flow bool) (*node, int) {
	t := r.text
	switch c := t[i]; c {
	case '\'':
		return r.singleQuoted(i)
	case '"':
		return r.doubleQuoted(i)
	case '-':
		if i+1 == len(t) || !isAlnum(t[i+1]) {
			r.fail() // an entry, or a plain scalar that starts like one: -1 is read
		}
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', ' ':
		r.fail() // an indicator, or a plain scalar that starts like one
	}
	end := plainEnd(t, i, flow)
	if end < 0 {
		r.fail()
	}
	v := t[i:end]
	return r.node(yaml.ScalarNode, 0, plainTag(v), v, i), end
}

// plainTag returns the tag yaml.v3 gives plain scalar v: "!!merge" for
// "<<", else the tag it resolves v to, which is what ShortTag resolves for
// a node without one. Only a scalar that starts with one of the bytes of
// yaml.v3's resolveTable can resolve to anything but a string.
func plainTag(v string) string {
	switch {
	case v == "<<":
		return "!!merge"
	case strings.IndexByte("+-0123456789yYnNtTfFoO~.", v[0]) < 0:
		return "!!str"
	}
	return (&yaml.Node{Kind: yaml.ScalarNode, Value: v}).ShortTag() // yaml.v3's own resolver
}

// plainEnd returns the end of the plain scalar at byte i of line, as
// libyaml's scanner ends it on one line: at ": " or a ':' ending the line,
// before " #", before trailing spaces, and in a flow collection at , [ ] { }.
// It returns -1 for what readFast leaves to yaml.v3: a '?' or a ':' not
// followed by a space in a flow collection.
func plainEnd(line string, i int, flow bool) int {
	end, j := i, i
	for {
		if j > i && line[j] == '#' {
			return end
		}
		for ; j < len(line) && line[j] != ' '; j++ {
			c := line[j]
			if c == ':' && (j+1 == len(line) || line[j+1] == ' ') {
				return end
			}
			if flow {
				switch c {
				case ',', '[', ']', '{', '}':
					return end
				case '?', ':':
					return -1
				}
			}
			end = j + 1
		}
		if j = spaces(line, j); j == len(line) {
			return end
		}
	}
}

// singleQuoted reads the single-quoted scalar at byte i of the current
// line (two quotes stand for one) and returns it with the offset after it.
func (r *fastReader) singleQuoted(i int) (*node, int) {
	t := r.text
	var b []byte // the value, when it has an escaped quote
	from := i + 1
	for j := i + 1; j < len(t); j++ {
		if t[j] != '\'' {
			continue
		}
		if j+1 < len(t) && t[j+1] == '\'' {
			b = append(append(b, t[from:j]...), '\'')
			j++
			from = j + 1
			continue
		}
		v := t[i+1 : j]
		if b != nil {
			v = string(append(b, t[from:j]...))
		}
		return r.node(yaml.ScalarNode, yaml.SingleQuotedStyle, "!!str", v, i), j + 1
	}
	r.fail() // goes on over the next line
	return nil, 0
}

// doubleQuoted reads the double-quoted scalar at byte i of the current
// line (escapes \" and \\ only) and returns it with the offset after it.
func (r *fastReader) doubleQuoted(i int) (*node, int) {
	t := r.text
	var b []byte // the value, when it has escapes
	from := i + 1
	for j := i + 1; j < len(t); j++ {
		switch t[j] {
		case '\\':
			if j+1 == len(t) || t[j+1] != '"' && t[j+1] != '\\' {
				r.fail() // an escape yaml.v3 must judge
			}
			b = append(append(b, t[from:j]...), t[j+1])
			j++
			from = j + 1
		case '"':
			v := t[i+1 : j]
			if b != nil {
				v = string(append(b, t[from:j]...))
			}
			return r.node(yaml.ScalarNode, yaml.DoubleQuotedStyle, "!!str", v, i), j + 1
		}
	}
	r.fail() // goes on over the next line
	return nil, 0
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
