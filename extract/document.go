package extract

import (
	"fmt"
	"strconv"
	"strings"
)

// Span is a range of bytes in a file on disk: 0-based, End exclusive.
type Span struct {
	Start, End int
}

// Document is one corpus file, repaired, normalised and split into
// paragraphs, sentences and tokens. Matching works on Text; every offset
// reported outside this package is mapped back to the bytes on disk.
type Document struct {
	ID     string // file name without directory and extension
	Path   string // as given to Read, for messages
	Title  string // first non-empty paragraph after the header
	Date   string // from a "Date:" header line ("2021-05-10", "2021-05", "2021"), else a year in the file name, or ""
	Source string // the address on a "Source:" header line, or ""

	Raw  []byte // the file as on disk
	Text string // repaired and normalised text (see Read)

	Sentences []Sentence
	Tokens    []Token
	Warnings  []Warning

	// orig maps an offset of Text to that in Raw of the byte it came
	// from, and len(Text) to len(Raw) (offsets.go).
	orig offsets
}

// Token is a word, a number or a punctuation mark. Start and End are byte
// offsets into Document.Text.
type Token struct {
	Start, End int
	Fold       string // the token in lower case, for case-insensitive matching
}

// Sentence is a run of tokens that never crosses a paragraph. Start and End
// are byte offsets into Document.Text; tokens are Document.Tokens[First:End).
type Sentence struct {
	Start, End    int
	First, EndTok int
	Paragraph     int // 0-based paragraph index
}

// Warning is a problem in a corpus file that did not stop it being read.
type Warning struct {
	Path   string
	Offset int // byte offset in the file on disk
	Msg    string
}

func (w Warning) String() string {
	return fmt.Sprintf("%s: byte %d: %s", QuotePath(w.Path), w.Offset, w.Msg)
}

// QuotePath is a file name as printed in messages and reports: as it is,
// or quoted (strconv.Quote) when it holds a control character (a newline
// would split the message or the report's line) or starts with a quote.
func QuotePath(s string) string {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '"' && strings.HasPrefix(s, `"`) {
			return strconv.Quote(s)
		}
	}
	return s
}

// RawSpan maps a byte range of Text to the bytes of the file it came from.
func (d *Document) RawSpan(start, end int) Span {
	return Span{d.orig.at(d.Text, start), d.orig.at(d.Text, end)}
}

// TokenText returns the normalised text of token i.
func (d *Document) TokenText(i int) string {
	t := d.Tokens[i]
	return d.Text[t.Start:t.End]
}

// SentenceText returns the normalised text of sentence i.
func (d *Document) SentenceText(i int) string {
	s := d.Sentences[i]
	return d.Text[s.Start:s.End]
}
