package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// Block is one document's part of the graph: its quads in the layout's
// order, as the N-Quads text they have in out/graph.nq. Blocks are made by
// Encode, on any goroutine, so that the writer only has to store them; the
// cache keeps them between builds.
type Block struct {
	Doc  string // the document id; "" for the rule file's block
	Key  string // the cache key (DocKey); "" when not cached
	NQ   []byte // the quads as N-Quads, one a line
	Meta []byte // the command's own record of the document, kept beside the quads

	quads  []quad.Quad // NQ parsed or built; nil until needed
	stored bool        // in the cache already (Get or Put)
	ref    bool        // a PreviousBlock: NQ nil until loaded
	same   string      // the key of the previous graph's block with the same quads (PutSame)
}

// Encode makes the block of one extraction result. rules names the rule
// file in gb:rulePos. A malformed result gives an error.
func Encode(r *extract.Result, rules string) (*Block, error) {
	qs, err := appendDocQuads(nil, r, rules)
	if err != nil {
		return nil, err
	}
	nq, err := encodeNQ(qs)
	if err != nil {
		return nil, err
	}
	clear(qs[:cap(qs)][len(qs):])
	return &Block{Doc: r.Doc.ID, NQ: nq, quads: qs}, nil
}

// schemaBlock makes the block of a rule file's quads.
func schemaBlock(f *schema.File) (*Block, error) {
	qs := schemaQuads(f)
	nq, err := encodeNQ(qs)
	if err != nil {
		return nil, err
	}
	return &Block{NQ: nq, quads: qs}, nil
}

func encodeNQ(qs []quad.Quad) ([]byte, error) {
	var buf bytes.Buffer
	w := nquads.NewWriter(&buf)
	for _, q := range qs {
		if err := w.WriteQuad(q); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Quads returns the block's quads, parsing its N-Quads when it came from
// the cache.
func (b *Block) parse() ([]quad.Quad, error) {
	if b.quads != nil || len(b.NQ) == 0 {
		return b.quads, nil
	}
	r := nquads.NewReader(bytes.NewReader(b.NQ), false)
	var qs []quad.Quad
	for {
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("cached block of %q: %v", b.Doc, err)
		}
		qs = append(qs, q)
	}
	b.quads = qs
	return qs, nil
}
