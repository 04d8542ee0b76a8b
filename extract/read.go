package extract

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Read reads a corpus file: path names it in messages and gives the
// document its ID and Date (the first year from 1900 to 2099 written as
// four digits in the file name); raw is its content, kept as Raw.
//
// A file that starts with a UTF-16 byte order mark is read as UTF-16. A
// file that holds a NUL byte, or in which more than 1% of the bytes are
// not UTF-8, is not a text file and gives an error. Otherwise each byte
// that is not UTF-8 becomes U+FFFD and a Warning. Errors and warnings give
// 0-based byte offsets in raw.
//
// Text is raw repaired and normalised, so that matching need not care how
// the file was typed: a leading byte order mark is dropped; "\r\n" and "\r"
// become "\n"; mojibake from UTF-8 read as Windows-874 is repaired where it
// is recognised ("ยฉ" becomes "©", "โ" alone becomes "—", "โ.โ.โ.โ"
// becomes "…"), each repair with a Warning; curly quotes, apostrophes and
// dashes become their ASCII forms as schema.Plain makes them; every space
// other than "\n" becomes " "; zero-width spaces and joiners, soft hyphens
// and word joiners are dropped. "…" is kept. RawSpan maps any range of Text
// back to the bytes it came from; the bytes that replace others all map to
// the start of what they replace.
//
// A paragraph is text between newlines that is not all spaces; sentences
// never cross one. A file may start with header lines, "Source: URL" and
// "Date: 2021-05-10" (see header), which set Source and Date and are not
// text. Title is the first paragraph after them, unless that is a byline
// ("By Eugene K. Chow", "Written by Severine Arsene."): then there is none.
func Read(path string, raw []byte) (*Document, error) {
	if len(raw) > math.MaxInt32 {
		return nil, fmt.Errorf("%s: file too large (%d bytes, at most %d)", path, len(raw), math.MaxInt32)
	}
	n := &normalizer{path: path, raw: raw}
	if order := utf16Order(raw); order != nil {
		n.runUTF16(order)
		if n.tooBad() {
			return nil, fmt.Errorf("%s: not a text file (more than 1%% of %d bytes are invalid UTF-16, the first at offset %d)",
				path, len(raw), n.firstBad)
		}
	} else {
		if i := bytes.IndexByte(raw, 0); i >= 0 {
			return nil, fmt.Errorf("%s: not a text file (NUL byte at offset %d)", path, i)
		}
		n.run()
		if n.tooBad() {
			return nil, fmt.Errorf("%s: not a text file (more than 1%% of %d bytes are invalid UTF-8, the first at offset %d)",
				path, len(raw), n.firstBad)
		}
	}
	base := filepath.Base(path)
	d := &Document{
		ID:       DocumentID(path),
		Path:     path,
		Date:     year(base),
		Raw:      raw,
		Text:     n.b.String(),
		Warnings: n.warnings,
		orig:     n.off,
	}
	d.split()
	return d, nil
}

// split fills Title, Tokens and Sentences from Text.
func (d *Document) split() {
	text := d.Text
	// Capitalised words are about one byte in nine of English news.
	var arena strings.Builder
	arena.Grow(len(text)/7 + 16)
	// About one token in five bytes and one sentence in 130 in English
	// news; a short guess costs a copy, a long one only memory.
	d.Tokens = newTokens(len(text)/5 + 8)
	d.Sentences = make([]Sentence, 0, len(text)/100+4)
	para := 0
	inHeader := true // "Source:" and "Date:" lines before anything else
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if inHeader {
			if line := strings.TrimSpace(text[start:end]); line != "" {
				inHeader = d.header(line)
			}
			if inHeader {
				start = end + 1
				continue
			}
		}
		first := len(d.Tokens)
		d.Tokens = appendTokens(text[start:end], start, d.Tokens, &arena)
		if len(d.Tokens) > first {
			if para == 0 {
				if t := text[d.Tokens[first].Start:d.Tokens[len(d.Tokens)-1].End]; !byline(t) {
					d.Title = t
				}
			}
			from := len(d.Sentences)
			d.Sentences = splitSentences(text, d.Tokens, first, para, d.Sentences)
			d.Sentences = d.capSentences(from, d.Sentences)
			para++
		}
		start = end + 1
	}
}

// DocumentID is the id Read gives the file at path: its name without
// directory and extension.
func DocumentID(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// byline reports whether a first paragraph names the author rather than
// the article.
func byline(p string) bool {
	return len(p) < 80 && (strings.HasPrefix(p, "By ") || strings.HasPrefix(p, "Written by "))
}

// year returns the first run of exactly four digits in name that reads as
// a year from 1900 to 2099, or "".
func year(name string) string {
	for i := 0; i < len(name); {
		if !isDigit(name[i]) {
			i++
			continue
		}
		j := i
		for j < len(name) && isDigit(name[j]) {
			j++
		}
		if j-i == 4 && (name[i:i+2] == "19" || name[i:i+2] == "20") {
			return name[i:j]
		}
		i = j
	}
	return ""
}

// A normalizer makes Text from Raw in one pass, recording for each byte
// it writes the offset in Raw it came from.
type normalizer struct {
	path     string
	raw      []byte
	b        strings.Builder
	off      offsets
	warnings []Warning
	bad      int // bytes that are not UTF-8
	firstBad int
	// plainTo is the end of a run of Windows-874 characters already found
	// not to be mojibake, so that a long run of Thai is judged once.
	plainTo int
}

// asciiKept lists the ASCII bytes that Text keeps as they are.
var asciiKept = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = c != '\r' && c != '\t' && c != '\v' && c != '\f'
	}
	return t
}()

var (
	bom              = []byte("\uFEFF")
	ellipsisMojibake = []byte("โ.โ.โ.โ")
)

func (n *normalizer) run() {
	raw := n.raw
	// Text shrinks, except where a bad byte becomes the three of U+FFFD,
	// and there are few of those in a file that is read at all.
	size := len(raw) + len(raw)/50 + 4
	n.b.Grow(size)
	n.off.scale = 1
	i := 0
	if bytes.HasPrefix(raw, bom) {
		i = len(bom)
	}
	for i < len(raw) {
		c := raw[i]
		if asciiKept[c] {
			j := i + 1
			for j < len(raw) && asciiKept[raw[j]] {
				j++
			}
			n.off.mark(n.b.Len(), i)
			n.b.Write(raw[i:j])
			i = j
			continue
		}
		switch c {
		case '\r':
			n.off.mark(n.b.Len(), i)
			n.b.WriteByte('\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
			continue
		case '\t', '\v', '\f':
			n.off.mark(n.b.Len(), i)
			n.b.WriteByte(' ')
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			n.invalid(i)
			if n.tooBad() {
				return
			}
			i++
		case isThaiBlock(r):
			i = n.thai(i)
		default:
			n.rune(r, i)
			i += size
		}
	}
	n.off.mark(n.b.Len(), len(raw))
}

// tooBad reports whether more than 1% of the bytes are not UTF-8.
func (n *normalizer) tooBad() bool { return n.bad*100 > len(n.raw) }

// rune writes r, normalised, as having come from raw[at].
func (n *normalizer) rune(r rune, at int) {
	r = plainRune(r)
	if r < 0 {
		return
	}
	n.off.mark(n.b.Len(), at)
	n.b.WriteRune(r)
}

func (n *normalizer) invalid(at int) {
	if n.bad == 0 {
		n.firstBad = at
	}
	n.bad++
	n.warn(at, fmt.Sprintf("invalid UTF-8 byte 0x%02x, replaced by U+FFFD", n.raw[at]))
	n.rune(utf8.RuneError, at)
}

func (n *normalizer) warn(at int, msg string) {
	n.warnings = append(n.warnings, Warning{Path: n.path, Offset: at, Msg: msg})
}

// plainRune returns the rune Text has for r, or -1 if Text drops it. Its
// quotes and dashes must agree with schema.Plain, which rules and aliases
// go through, or they would not match the text.
func plainRune(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '′':
		return '\''
	case '“', '”', '„', '″':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−':
		return '-'
	case '\u200B', '\u200C', '\u200D', '\u00AD', '\u2060', '\uFEFF':
		// Invisible, and they would split a word in two.
		return -1
	case '\n':
		return r
	}
	if unicode.IsSpace(r) {
		return ' '
	}
	return r
}

// thai reads the character at raw[i], which is in the Thai block, and
// repairs the mojibake that starts there if it can; it returns the offset
// after what it read.
//
// UTF-8 read as Windows-874 turns "—" (E2 80 94) into "โ" and two
// characters that were often lost on the way, "…" into "โ.โ.โ.โ" (as seen
// in the corpus) and "©" (C2 A9) into "ยฉ". The repairs, in order: the
// ellipsis; a whole run of Windows-874 characters whose bytes are UTF-8 for
// characters that are not Thai, since genuine Thai is seldom that; a "โ"
// that no consonant follows, which Thai never writes, as "—".
func (n *normalizer) thai(i int) int {
	raw := n.raw
	if bytes.HasPrefix(raw[i:], ellipsisMojibake) {
		end := i + len(ellipsisMojibake)
		n.repaired(i, end, "…")
		return end
	}
	if i >= n.plainTo {
		if end := n.undecode(i); end > i {
			return end
		}
	}
	r, size := utf8.DecodeRune(raw[i:])
	if r == 'โ' {
		if next, _ := utf8.DecodeRune(raw[i+size:]); next < 0x0E01 || next > 0x0E2E {
			n.repaired(i, i+size, "—")
			return i + size
		}
	}
	n.rune(r, i)
	return i + size
}

// repaired writes s for raw[start:end], every byte of it mapped to start.
func (n *normalizer) repaired(start, end int, s string) {
	for _, r := range s {
		n.rune(r, start)
	}
	n.warn(start, fmt.Sprintf("repaired mojibake %q as %q", n.raw[start:end], s))
}

// undecode repairs the run of Windows-874 characters at raw[i:] if their
// bytes in Windows-874 are UTF-8 for characters none of which is Thai, and
// returns the end of the repair, or i. The run may end in punctuation that
// is not part of the repair ("ยฉ”"): those characters stand for bytes
// 0x80-0xA0, which cannot start a UTF-8 sequence.
func (n *normalizer) undecode(i int) int {
	raw := n.raw
	p, runes, thai := i, 0, false
	for {
		r, end := decode874(raw, p)
		if r < 0 {
			break
		}
		if isThaiBlock(r) {
			thai = true
			break
		}
		runes++
		p = end
	}
	j, punct := p, true
	for {
		b, size := byte874(raw, j)
		if size == 0 {
			break
		}
		punct = punct && b <= 0xA0
		j += size
	}
	if runes == 0 || thai || !punct {
		n.plainTo = j
		return i
	}
	var s []byte
	for q := i; q < p; {
		r, end := decode874(raw, q)
		n.rune(r, q)
		s = utf8.AppendRune(s, r)
		q = end
	}
	n.warn(i, fmt.Sprintf("repaired mojibake %q as %q", raw[i:p], s))
	return p
}

// decode874 decodes one UTF-8 sequence from the Windows-874 bytes of the
// characters at raw[p:]. It returns the rune and the offset after its
// characters, or -1 and p.
func decode874(raw []byte, p int) (rune, int) {
	var seq [utf8.UTFMax]byte
	b, size := byte874(raw, p)
	need := 0
	switch {
	case 0xC2 <= b && b <= 0xDF:
		need = 2
	case 0xE0 <= b && b <= 0xEF:
		need = 3
	case 0xF0 <= b && b <= 0xF4:
		need = 4
	}
	if size == 0 || need == 0 {
		return -1, p
	}
	seq[0] = b
	q := p + size
	for k := 1; k < need; k++ {
		if seq[k], size = byte874(raw, q); size == 0 {
			return -1, p
		}
		q += size
	}
	if r, w := utf8.DecodeRune(seq[:need]); w == need {
		return r, q
	}
	return -1, p
}

// byte874 returns the Windows-874 byte of the character at raw[p:] and the
// character's length in raw, or 0, 0 if it has none. A "โ" that starts the
// ellipsis mojibake has none, so that repair comes first.
func byte874(raw []byte, p int) (byte, int) {
	r, size := utf8.DecodeRune(raw[p:])
	switch {
	case 0x0E01 <= r && r <= 0x0E3A:
		return byte(0xA1 + r - 0x0E01), size
	case 0x0E3F <= r && r <= 0x0E5B:
		if r == 'โ' && bytes.HasPrefix(raw[p:], ellipsisMojibake) {
			return 0, 0
		}
		return byte(0xDF + r - 0x0E3F), size
	case 0x81 <= r && r <= 0x9F && r != 0x85 && (r < 0x91 || r > 0x97):
		// Bytes Windows-874 leaves unassigned decode to the C1 control
		// of the same number in browsers (WHATWG's windows-874).
		return byte(r), size
	}
	switch r {
	case '€':
		return 0x80, size
	case '…':
		return 0x85, size
	case '‘':
		return 0x91, size
	case '’':
		return 0x92, size
	case '“':
		return 0x93, size
	case '”':
		return 0x94, size
	case '•':
		return 0x95, size
	case '–':
		return 0x96, size
	case '—':
		return 0x97, size
	case '\u00A0':
		return 0xA0, size
	}
	return 0, 0
}

// isThaiBlock reports whether r is in the Unicode block of Thai.
func isThaiBlock(r rune) bool { return 0x0E00 <= r && r <= 0x0E7F }
