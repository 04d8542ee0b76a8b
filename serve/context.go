package serve

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/graphbuild/graphbuild/store"
)

// InContext is an evidence with the paragraph it was read in, cut into
// pieces so that the page can mark the sentence and the match without
// ever parsing text as HTML.
type InContext struct {
	store.Evidence
	// Paragraph is the text around the sentence, in order: pieces of kind
	// "text" (the paragraph outside the sentence), "sentence" (the
	// sentence outside the match) and "match". Empty when the document's
	// file cannot be read or no longer holds the sentence: then Sentence
	// alone says what was read.
	Paragraph []Piece `json:"paragraph,omitempty"`
}

// Piece is a run of text of one kind.
type Piece struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// maxParagraph bounds the context shown around a sentence, in bytes each side.
const maxParagraph = 2000

// inContext finds an evidence's paragraph in the document's file, read
// from under Options.Root. A file name that would leave Root is not read.
func (s *Server) inContext(ev store.Evidence, file string) InContext {
	out := InContext{Evidence: ev}
	if s.opt.Root == "" || file == "" || !filepath.IsLocal(filepath.FromSlash(file)) {
		return out
	}
	raw, err := os.ReadFile(filepath.Join(s.opt.Root, filepath.FromSlash(file)))
	if err != nil {
		return out
	}
	ss, se, ms, me := ev.SentenceStart, ev.SentenceEnd, ev.Start, ev.End
	if se == 0 {
		ss, se = ms, me
	}
	if !(0 <= ss && ss <= ms && ms <= me && me <= se && se <= len(raw)) {
		return out // the file changed since the build
	}
	// A paragraph ends at a line break (the corpus's files have one
	// paragraph a line), at most maxParagraph bytes away.
	ps := bytes.LastIndexByte(raw[:ss], '\n') + 1
	ps = max(ps, ss-maxParagraph)
	pe := se + bytes.IndexByte(raw[se:], '\n')
	if pe < se {
		pe = len(raw)
	}
	pe = min(pe, se+maxParagraph)
	piece := func(kind string, b []byte) {
		t := strings.ToValidUTF8(string(b), "\uFFFD")
		if t != "" {
			out.Paragraph = append(out.Paragraph, Piece{kind, t})
		}
	}
	piece("text", raw[ps:ss])
	piece("sentence", raw[ss:ms])
	piece("match", raw[ms:me])
	piece("sentence", raw[me:se])
	piece("text", raw[se:pe])
	return out
}
