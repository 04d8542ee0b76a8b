package schema

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// String returns the position as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// lines maps yaml.v3 positions to Pos. yaml.v3 counts columns in
// characters, not bytes, and breaks lines where libyaml does (LF, CR, CRLF,
// NEL, LS, PS); lines finds the same lines in the source so that every
// column Parse reports is a byte column, as Pos promises, and a pattern
// error can point inside a scalar.
type lines struct {
	src    []byte
	starts []int // starts[i] is the offset of line i+1; nil for UTF-16
	ends   []int // ends[i] is the offset of the line break ending line i+1
}

func newLines(src []byte) *lines {
	l := &lines{src: src}
	if len(src) >= 2 && (src[0] == 0xFE && src[1] == 0xFF || src[0] == 0xFF && src[1] == 0xFE) {
		return l // UTF-16: keep yaml.v3's columns
	}
	start := 0
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		start = 3 // yaml.v3 skips the byte order mark without counting it
	}
	n := bytes.Count(src, []byte{'\n'}) + 1
	l.starts, l.ends = make([]int, 0, n), make([]int, 0, n)
	l.starts = append(l.starts, start)
	for i := start; i < len(src); {
		if c := src[i]; c != '\n' && c != '\r' && c != 0xC2 && c != 0xE2 {
			i++ // no line break starts here: the common case, without a call
			continue
		}
		if n := lineBreak(src[i:]); n > 0 {
			l.ends = append(l.ends, i)
			i += n
			l.starts = append(l.starts, i)
			continue
		}
		i++
	}
	l.ends = append(l.ends, len(src))
	return l
}

// lineBreak returns the length of the line break at the start of b, or 0.
func lineBreak(b []byte) int {
	switch {
	case len(b) == 0:
		return 0
	case b[0] == '\r' && len(b) > 1 && b[1] == '\n':
		return 2
	case b[0] == '\r' || b[0] == '\n':
		return 1
	case len(b) > 1 && b[0] == 0xC2 && b[1] == 0x85: // NEL
		return 2
	case len(b) > 2 && b[0] == 0xE2 && b[1] == 0x80 && (b[2] == 0xA8 || b[2] == 0xA9): // LS, PS
		return 3
	}
	return 0
}

// text returns line n (1-based) without its line break, or nil if there
// is no such line.
func (l *lines) text(n int) []byte {
	if n < 1 || n > len(l.starts) {
		return nil
	}
	return l.src[l.starts[n-1]:l.ends[n-1]]
}

// pos converts yaml.v3's 1-based line and character column to a Pos with a
// byte column.
func (l *lines) pos(line, col int) Pos {
	line, col = max(line, 1), max(col, 1)
	text := l.text(line)
	if text == nil {
		return Pos{line, col}
	}
	off := 0
	for range col - 1 {
		switch {
		case off >= len(text):
			off++ // past the end of the line: count the rest as single bytes
		case text[off] < utf8.RuneSelf:
			off++
		default:
			_, size := utf8.DecodeRune(text[off:])
			off += size
		}
	}
	return Pos{line, off + 1}
}

// inScalar returns the position of byte off of the value of scalar n, whose
// own position is at. It is exact for a scalar on one line, plain or quoted;
// for anything else (block scalars, scalars over several lines, a tag or
// anchor before the scalar) it returns at.
func (l *lines) inScalar(n *node, at Pos, off int) Pos {
	text := l.text(at.Line)
	if text == nil || at.Col-1 > len(text) || off < 0 || off > len(n.Value) {
		return at
	}
	rest := string(text[at.Col-1:])
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		if val, src, ok := unquote(rest); ok && val == n.Value {
			return Pos{at.Line, at.Col + src[off]}
		}
	case strings.HasPrefix(rest, n.Value):
		return Pos{at.Line, at.Col + off}
	}
	return at
}

// yamlEscapes are the escapes of a double-quoted scalar, except \x, \u
// and \U, which take hexDigits digits.
var (
	yamlEscapes = map[byte]string{
		'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v",
		'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': `"`, '\'': "'", '\\': `\`,
		'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
	}
	hexDigits = map[byte]int{'x': 2, 'u': 4, 'U': 8}
)

// unquote decodes the quoted scalar at the start of s, which must end on
// the same line. src[i] is the offset in s of the source of byte i of val;
// src[len(val)] is the offset of the closing quote. ok is false if s does
// not start with a quoted scalar that unquote can decode.
func unquote(s string) (val string, src []int, ok bool) {
	if s == "" || s[0] != '\'' && s[0] != '"' {
		return "", nil, false
	}
	q := s[0]
	var b []byte
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			b, src = append(b, '\''), append(src, i)
			i += 2
		case c == q:
			return string(b), append(src, i), true
		case c == '\\' && q == '"':
			if i+1 >= len(s) {
				return "", nil, false
			}
			r, n := yamlEscapes[s[i+1]], 2
			if digits := hexDigits[s[i+1]]; digits > 0 {
				if i+2+digits > len(s) {
					return "", nil, false
				}
				v, err := strconv.ParseUint(s[i+2:i+2+digits], 16, 32)
				if err != nil {
					return "", nil, false
				}
				r, n = string(rune(v)), 2+digits
			} else if r == "" {
				return "", nil, false
			}
			for range len(r) {
				src = append(src, i)
			}
			b = append(b, r...)
			i += n
		default:
			b, src = append(b, c), append(src, i)
			i++
		}
	}
	return "", nil, false // no closing quote on this line
}

// badChar returns the position of the first character yaml.v3's reader
// rejects: invalid UTF-8 or a control character.
func (l *lines) badChar() (Pos, bool) {
	if l.starts == nil {
		return Pos{}, false
	}
	for off := l.starts[0]; off < len(l.src); {
		r, size := utf8.DecodeRune(l.src[off:])
		ok := size > 1 || r != utf8.RuneError
		switch {
		case !ok:
		case r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0x7E || r == 0x85:
		case r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF:
		default:
			ok = false
		}
		if !ok {
			return l.at(off), true
		}
		off += size
	}
	return Pos{}, false
}

// find returns the position of the first occurrence of s in the source.
func (l *lines) find(s string) (Pos, bool) {
	off := bytes.Index(l.src, []byte(s))
	if off < 0 || l.starts == nil || off < l.starts[0] {
		return Pos{}, false
	}
	return l.at(off), true
}

// at returns the position of byte off of the source, which must be at or
// after the start of line 1.
func (l *lines) at(off int) Pos {
	line, _ := slices.BinarySearch(l.starts, off+1)
	return Pos{line, off - l.starts[line-1] + 1}
}

var slotRE = regexp.MustCompile(`\{(subject|object|date)\}`)

// unquotedSlots returns the positions of the slots ("{subject}") that
// start a plain scalar: after "- ", ": ", "[" or ",", outside comments.
func (l *lines) unquotedSlots() []Pos {
	if l.starts == nil {
		return nil
	}
	var out []Pos
	for _, m := range slotRE.FindAllIndex(l.src, -1) {
		i := m[0]
		for i > 0 && (l.src[i-1] == ' ' || l.src[i-1] == '\t') {
			i--
		}
		if i == 0 || m[0] < l.starts[0] ||
			!(l.src[i-1] == '[' || l.src[i-1] == ',' || i < m[0] && (l.src[i-1] == '-' || l.src[i-1] == ':')) {
			continue
		}
		at := l.at(m[0])
		if quotedOrComment(l.src[l.starts[at.Line-1]:m[0]]) {
			continue // "... , {object}" is a valid pattern
		}
		out = append(out, at)
	}
	return out
}

// quotedOrComment reports whether the end of line (a line up to some
// point) is inside a quoted scalar or a comment. Quoted patterns stay on
// one line, so that the line is enough to tell.
func quotedOrComment(line []byte) bool {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote == '\'' && c == '\'' && i+1 < len(line) && line[i+1] == '\'':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return true
		}
	}
	return quote != 0
}
