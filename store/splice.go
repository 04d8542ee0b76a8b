package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// An incremental bolt build with the rules of the current graph costs what
// changed, not what the corpus holds: the store directory keeps a second
// name of its graph.nq (packName), and the manifest says where each block
// is in it and what it counts, so that the block of an unchanged document
// (PreviousBlock) is copied from there in ranges (copy_file_range on
// Linux) without its cache file being opened or its quads read; the names
// and edges indexes start from the current graph's counts (names.count,
// edges.hidden) and change by the blocks that changed, were added or went.
// The result is byte for byte what a full build writes.

// packName is the second name (a hard link) of a store's N-Quads file in
// its directory: it goes with the store, so the manifest's offsets always
// describe it, whatever out/graph.nq is after a crash between two renames.
const packName = "graph.nq"

// prevGraph is the current graph an incremental build starts from.
type prevGraph struct {
	rulesKey string
	blocks   map[string]manifestEntry // by document id; taken out as the build adds them
	pack     *os.File                 // the store's graph.nq; nil when it has none or it disagrees with the manifest
}

// openPrev reads the current graph's manifest and opens its N-Quads; nil
// when there is no manifest.
func openPrev(outDir string) *prevGraph {
	dir := filepath.Join(outDir, linkName)
	rulesKey, es, err := readManifestEntries(dir)
	if err != nil {
		return nil
	}
	p := &prevGraph{rulesKey: rulesKey, blocks: make(map[string]manifestEntry, len(es))}
	var end int64
	spans := true
	for _, e := range es {
		p.blocks[e.doc] = e
		if e.size < 0 || e.off != end {
			spans = false // an older store, or a damaged list
		}
		end += max(e.size, 0)
	}
	if !spans {
		return p
	}
	f, err := os.Open(filepath.Join(dir, packName))
	if err != nil {
		return p
	}
	if fi, err := f.Stat(); err != nil || fi.Size() != end {
		f.Close()
		return p
	}
	p.pack = f
	return p
}

// read returns the N-Quads of the block e from the pack.
func (p *prevGraph) read(e manifestEntry) ([]byte, error) {
	if p.pack == nil || e.size < 0 {
		return nil, errors.New("store: the previous graph keeps no N-Quads of its blocks")
	}
	buf := make([]byte, e.size)
	if _, err := p.pack.ReadAt(buf, e.off); err != nil {
		return nil, fmt.Errorf("%s: %v", p.pack.Name(), err)
	}
	return buf, nil
}

// nq returns the N-Quads of the previous graph's block of doc when its key
// is key; for the delta, which otherwise reads the block's cache file.
func (p *prevGraph) nq(doc, key string) []byte {
	e, ok := p.blocks[doc]
	if !ok || e.key != key {
		return nil
	}
	b, err := p.read(e)
	if err != nil {
		return nil
	}
	return b
}

func (p *prevGraph) close() {
	if p != nil && p.pack != nil {
		p.pack.Close()
		p.pack = nil
	}
}

// PreviousBlock stands for the block the current graph holds for doc under
// key, for a caller that knows the document unchanged (its key is the one
// the current graph lists: PreviousBlocks): the writer takes its quads
// from the previous graph without reading them when it can, and from the
// cache otherwise.
func PreviousBlock(doc, key string) *Block {
	return &Block{Doc: doc, Key: key, ref: true, stored: true}
}

// load fills in the N-Quads of a PreviousBlock from the previous graph or
// the cache.
func (w *Writer) load(b *Block) error {
	if w.prev != nil {
		if nq := w.prev.nq(b.Doc, b.Key); nq != nil {
			b.NQ = nq
			return nil
		}
	}
	return b.loadCached(w.cache)
}

// loadCached fills in the N-Quads of a PreviousBlock from the cache.
func (b *Block) loadCached(c *Cache) error {
	if !b.ref || b.NQ != nil {
		return nil
	}
	var cb *Block
	if c != nil {
		cb = c.Get(b.Key)
	}
	if cb == nil || cb.Doc != b.Doc {
		return fmt.Errorf("store: the block of %q is neither in the current graph nor in the cache", b.Doc)
	}
	b.NQ = cb.NQ
	return nil
}

// startSplice sets the writer up to splice the current graph's unchanged
// blocks, when the current graph has the same rules, its N-Quads and its
// indexes' counts.
func (w *Writer) startSplice() {
	if w.prev == nil || w.prev.pack == nil || w.prev.rulesKey != w.rkey {
		return
	}
	dir := filepath.Join(w.out, linkName)
	names, ok := readNameIndex(dir)
	if !ok {
		return
	}
	edges, ok := readEdgeIndex(dir)
	if !ok {
		return
	}
	w.names, w.edges, w.splice = names, edges, true
}

// addIndexes changes the names and edges indexes by block b, whose
// document the current graph held as e (had): nothing when the block is
// the same, its old block taken out otherwise.
func (w *Writer) addIndexes(b *Block, e manifestEntry, had bool) error {
	if w.splice && had {
		old, err := w.prev.read(e)
		if err != nil {
			return err
		}
		w.names.addBlock(old, -1)
		if err := w.edges.addBlock(old, -1); err != nil {
			return err
		}
	}
	w.names.addBlock(b.NQ, 1)
	return w.edges.addBlock(b.NQ, 1)
}

// dropGone takes the blocks of the documents the build did not add out of
// the names and edges indexes, at Commit.
func (w *Writer) dropGone() error {
	if !w.splice {
		return nil
	}
	docs := make([]string, 0, len(w.prev.blocks))
	for doc := range w.prev.blocks {
		docs = append(docs, doc)
	}
	slices.Sort(docs)
	for _, doc := range docs {
		old, err := w.prev.read(w.prev.blocks[doc])
		if err != nil {
			return err
		}
		w.names.addBlock(old, -1)
		if err := w.edges.addBlock(old, -1); err != nil {
			return err
		}
	}
	return nil
}

// span is a range of the previous graph's N-Quads, in bytes.
type span struct{ off, n int64 }

// spliceNQ writes the previous graph's N-Quads from off, n bytes, after
// what is written: ranges that follow each other are copied in one go.
func (w *Writer) spliceNQ(off, n int64) error {
	if w.pend.n > 0 && w.pend.off+w.pend.n == off {
		w.pend.n += n
		return nil
	}
	if err := w.flushSplice(); err != nil {
		return err
	}
	w.pend = span{off, n}
	return nil
}

// writeNQ writes N-Quads of this build after what is written.
func (w *Writer) writeNQ(p []byte) error {
	if err := w.flushSplice(); err != nil {
		return err
	}
	if _, err := w.nq.Write(p); err != nil {
		return fmt.Errorf("%s: %v", w.nqPath, err)
	}
	return nil
}

// flushNQ writes everything written so far to the file.
func (w *Writer) flushNQ() error {
	if err := w.flushSplice(); err != nil {
		return err
	}
	if err := w.nq.Flush(); err != nil {
		return fmt.Errorf("%s: %v", w.nqPath, err)
	}
	return nil
}

func (w *Writer) flushSplice() error {
	if w.pend.n == 0 {
		return nil
	}
	p := w.pend
	w.pend = span{}
	if err := w.nq.Flush(); err != nil {
		return fmt.Errorf("%s: %v", w.nqPath, err)
	}
	if _, err := w.prev.pack.Seek(p.off, io.SeekStart); err != nil {
		return err
	}
	// *os.File to *os.File: copy_file_range where the system has it.
	n, err := io.Copy(w.nqFile, io.LimitReader(w.prev.pack, p.n))
	if err == nil && n != p.n {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return fmt.Errorf("%s: copying from %s: %v", w.nqPath, w.prev.pack.Name(), err)
	}
	return nil
}

// Attach creates the file name in the new store's directory, for a
// record of the command's own that must become current with the graph
// and go with it (read back with Attached). The caller writes, syncs and
// closes it before Commit, which syncs the directory.
func (w *Writer) Attach(name string) (*os.File, error) {
	switch name {
	case "indexes.bolt", manifestName, namesName, namesCountName, edgesName, edgesHiddenName, packName, docsName:
		return nil, fmt.Errorf("store: %q is a store file", name)
	}
	if name != filepath.Base(name) || name == "." || name == ".." {
		return nil, fmt.Errorf("store: bad file name %q", name)
	}
	return os.OpenFile(filepath.Join(w.dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// Attached opens the file name attached (Writer.Attach) to the current
// bolt graph of outDir.
func Attached(outDir, name string) (*os.File, error) {
	return os.Open(filepath.Join(outDir, linkName, name))
}
