package schema

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Node is one element of a parsed relation pattern.
type Node struct {
	Kind   NodeKind
	Word   string   // Word, Prefix: the literal, lower-cased and made Plain; may hold several tokens
	Max    int      // Gap: most tokens skipped
	Slot   string   // Slot: "subject", "object" or "date"
	Alts   [][]Node // Alt: the alternatives; Opt: exactly one sequence
	Offset int      // byte offset of the element in the pattern text
}

// NodeKind says what a Node matches.
type NodeKind int

const (
	Word   NodeKind = iota // one token equal to Word
	Prefix                 // one token starting with Word
	Gap                    // 0 to Max tokens
	Slot                   // a mention ({subject}, {object}) or a date ({date})
	Alt                    // one of Alts
	Opt                    // Alts[0] or nothing
)

// Escapable lists the characters that "\\" makes literal: those with a
// meaning in the syntax, and the backslash itself. A backslash before any
// other character is an error, so that there is one way to write each word.
const Escapable = "()[]{}|*.\\"

const escapableDoc = `( ) [ ] { } | * . \`

// DefaultGap is the most tokens a bare "..." skips.
const DefaultGap = 8

// MaxGap bounds "...N" so a pattern stays cheap to match.
const MaxGap = 50

// PatternError is a problem at a byte offset of a pattern.
type PatternError struct {
	Offset int
	Msg    string
}

func (e *PatternError) Error() string { return e.Msg }

// ParsePattern parses a relation pattern (see the package doc for the
// syntax). It checks that {subject} and {object} each occur exactly once on
// every path through the pattern and {date} at most once.
func ParsePattern(src string) ([]Node, error) { return ParsePatternFor(src, false) }

// ParsePatternFor parses a pattern of a rule whose predicate states a date
// if dated: then {date} takes the place of {object}, once on every path,
// and {object} may not occur.
func ParsePatternFor(src string, dated bool) ([]Node, error) {
	p := &patternParser{src: src}
	seq, err := p.seq(0)
	if err != nil {
		return nil, err
	}
	if p.pos < len(src) {
		return nil, p.errorf(p.pos, "unexpected %q", src[p.pos:p.pos+1])
	}
	if len(seq) == 0 {
		return nil, p.errorf(0, "empty pattern")
	}
	if seq[0].Kind == Gap || seq[len(seq)-1].Kind == Gap {
		return nil, p.errorf(0, "a pattern cannot start or end with a gap")
	}
	once, never, optional := "object", "", "date"
	if dated {
		once, never, optional = "date", "object", ""
	}
	for _, slot := range []string{"subject", "object", "date"} {
		lo, hi := slotCount(seq, slot)
		switch {
		case slot == never && hi > 0:
			return nil, p.errorf(0, "pattern of a predicate that states a date may not contain {object}: the {date} is the object")
		case (slot == "subject" || slot == once) && (lo != 1 || hi != 1):
			return nil, p.errorf(0, "pattern must contain {%s} exactly once on every path", slot)
		case slot == optional && hi > 1:
			return nil, p.errorf(0, "pattern may contain {date} at most once on every path")
		}
	}
	return seq, nil
}

// slotCount returns the fewest and the most times slot occurs on a path through seq.
func slotCount(seq []Node, slot string) (lo, hi int) {
	for _, n := range seq {
		switch n.Kind {
		case Slot:
			if n.Slot == slot {
				lo++
				hi++
			}
		case Alt, Opt:
			alo, ahi := -1, 0
			for _, a := range n.Alts {
				l, h := slotCount(a, slot)
				if alo < 0 || l < alo {
					alo = l
				}
				ahi = max(ahi, h)
			}
			if n.Kind == Opt {
				alo = 0
			}
			lo += alo
			hi += ahi
		}
	}
	return lo, hi
}

type patternParser struct {
	src string
	pos int
}

func (p *patternParser) errorf(off int, format string, args ...any) error {
	return &PatternError{Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// seq parses elements until end of input or a closing ')' '|' ']'.
func (p *patternParser) seq(depth int) ([]Node, error) {
	var seq []Node
	for {
		for p.pos < len(p.src) && p.src[p.pos] == ' ' {
			p.pos++
		}
		if p.pos >= len(p.src) {
			return seq, nil
		}
		start := p.pos
		switch c := p.src[p.pos]; c {
		case '}':
			return nil, p.errorf(start, "unexpected \"}\"")
		case '\\':
			if p.pos+1 >= len(p.src) || !strings.ContainsRune(Escapable, rune(p.src[p.pos+1])) {
				found := "the end of the pattern"
				if p.pos+1 < len(p.src) {
					r, _ := utf8.DecodeRuneInString(p.src[p.pos+1:])
					found = fmt.Sprintf("%q", string(r))
				}
				return nil, p.errorf(start, `"\" must be followed by one of %s to match it literally (found %s)`, escapableDoc, found)
			}
			seq = append(seq, Node{Kind: Word, Word: p.src[p.pos+1 : p.pos+2], Offset: start})
			p.pos += 2
		case ')', '|', ']':
			if depth == 0 {
				return nil, p.errorf(start, "unexpected %q", string(c))
			}
			return seq, nil
		case '(', '[':
			if depth >= 8 {
				return nil, p.errorf(start, "brackets nested too deeply")
			}
			p.pos++
			var alts [][]Node
			for {
				alt, err := p.seq(depth + 1)
				if err != nil {
					return nil, err
				}
				if len(alt) == 0 {
					return nil, p.errorf(p.pos, "empty alternative")
				}
				alts = append(alts, alt)
				if p.pos >= len(p.src) {
					return nil, p.errorf(start, "unclosed %q", string(c))
				}
				if p.src[p.pos] == '|' && c == '(' {
					p.pos++
					continue
				}
				want := byte(')')
				if c == '[' {
					want = ']'
				}
				if p.src[p.pos] != want {
					return nil, p.errorf(p.pos, "unexpected %q (want %q)", p.src[p.pos:p.pos+1], string(want))
				}
				p.pos++
				break
			}
			n := Node{Kind: Alt, Alts: alts, Offset: start}
			if c == '[' {
				n.Kind = Opt
			}
			seq = append(seq, n)
		case '{':
			end := strings.IndexByte(p.src[p.pos:], '}')
			if end < 0 {
				return nil, p.errorf(start, "unclosed \"{\"")
			}
			name := p.src[p.pos+1 : p.pos+end]
			if name != "subject" && name != "object" && name != "date" {
				return nil, p.errorf(start, "unknown slot {%s} (want {subject}, {object} or {date})", name)
			}
			p.pos += end + 1
			seq = append(seq, Node{Kind: Slot, Slot: name, Offset: start})
		case '.':
			if !strings.HasPrefix(p.src[p.pos:], "...") {
				seq = append(seq, Node{Kind: Word, Word: ".", Offset: start})
				p.pos++
				break
			}
			p.pos += 3
			digits := p.pos
			for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
				p.pos++
			}
			n := Node{Kind: Gap, Max: DefaultGap, Offset: start}
			if p.pos > digits {
				v, err := strconv.Atoi(p.src[digits:p.pos])
				if err != nil || v < 1 || v > MaxGap {
					return nil, p.errorf(start, "gap %q must allow 1 to %d tokens", p.src[start:p.pos], MaxGap)
				}
				n.Max = v
			}
			if len(seq) > 0 && seq[len(seq)-1].Kind == Gap {
				return nil, p.errorf(start, "two gaps in a row")
			}
			seq = append(seq, n)
		default:
			w := p.word()
			if !utf8.ValidString(w) {
				return nil, p.errorf(start, "invalid UTF-8")
			}
			n := Node{Kind: Word, Word: strings.ToLower(Plain(w)), Offset: start}
			if strings.HasSuffix(w, "*") {
				n.Kind, n.Word = Prefix, strings.TrimSuffix(n.Word, "*")
				if n.Word == "" {
					return nil, p.errorf(start, "a prefix needs at least one letter before \"*\"")
				}
			}
			seq = append(seq, n)
		}
	}
}

// word reads one literal: everything up to a space, a character with
// meaning in the syntax or a backslash. The literal may hold several tokens ("e-commerce",
// "didn't"); extract splits it with the same tokenizer as the text.
func (p *patternParser) word() string {
	start := p.pos
	for p.pos < len(p.src) && !strings.ContainsRune(" ()[]{}|\\", rune(p.src[p.pos])) {
		p.pos++
	}
	return p.src[start:p.pos]
}

// Plain replaces curly quotes, apostrophes and dashes with their ASCII
// forms, as the text reader does, so a rule written with "People’s" matches.
func Plain(s string) string {
	if strings.IndexByte(s, 0xE2) < 0 {
		return s // every character plainer replaces starts with this byte
	}
	return plainer.Replace(s)
}

var plainer = strings.NewReplacer(
	"‘", "'", "’", "'", "‚", "'", "‛", "'", "′", "'",
	"“", `"`, "”", `"`, "„", `"`, "″", `"`,
	"‐", "-", "‑", "-", "‒", "-", "–", "-", "—", "-", "―", "-", "−", "-",
)
