package store

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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
	dir      string // its store directory, once the writer splices
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
// indexes' counts. The indexes then collect changes only (mergeNames,
// mergeEdges), read at Commit from the current graph's directory as
// resolved now (the build lock keeps it).
func (w *Writer) startSplice() {
	if w.prev == nil || w.prev.pack == nil || w.prev.rulesKey != w.rkey {
		return
	}
	dir, err := filepath.EvalSymlinks(filepath.Join(w.out, linkName))
	if err != nil {
		return
	}
	for _, name := range []string{namesCountName, edgesName, edgesHiddenName} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return
		}
	}
	w.prev.dir, w.splice = dir, true
}

// writeIndexes writes the names and edges files into the new store.
func (w *Writer) writeIndexes() error {
	if w.splice {
		if err := w.names.mergeNames(w.dir, w.prev.dir); err != nil {
			return err
		}
		return w.edges.mergeEdges(w.dir, w.prev.dir)
	}
	if err := w.names.write(w.dir); err != nil {
		return err
	}
	return w.edges.write(w.dir)
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
		if err := w.index(old, -1); err != nil {
			return err
		}
	}
	return w.index(b.NQ, 1)
}

// index adds the N-Quads nq to the names and edges indexes (sign +1) or
// takes them out (-1).
func (w *Writer) index(nq []byte, sign int32) error {
	w.names.addBlock(nq, sign)
	return w.edges.addBlock(nq, sign)
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
		if err := w.index(old, -1); err != nil {
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

// The indexes of a splicing build hold only the changes (counts that may
// be negative); at Commit they are merged with the current graph's sorted
// files, so that their cost and memory follow what changed, not the
// graph's size.

// mergeNames writes the names file and its counts into dir: the current
// graph's counts (from) changed by ix.
func (ix nameIndex) mergeNames(dir, from string) error {
	prev, err := os.Open(filepath.Join(from, namesCountName))
	if err != nil {
		return err
	}
	defer prev.Close()
	delta := make([]string, 0, len(ix))
	for l := range ix {
		delta = append(delta, l)
	}
	slices.Sort(delta)
	names, err := newFileWriter(filepath.Join(dir, namesName))
	if err != nil {
		return err
	}
	defer names.abort()
	counts, err := newFileWriter(filepath.Join(dir, namesCountName))
	if err != nil {
		return err
	}
	defer counts.abort()
	emit := func(l string, n int64) error {
		if n < 0 {
			return fmt.Errorf("%s: the names counts disagree with the blocks; build with -full", from)
		}
		if n > 0 {
			names.WriteString(l + "\n")
			counts.WriteString(strconv.FormatInt(n, 10) + "\t" + l + "\n")
		}
		return nil
	}
	sc := bufio.NewScanner(prev)
	sc.Buffer(nil, 1<<20)
	i := 0
	for sc.Scan() {
		c, l, ok := strings.Cut(sc.Text(), "\t")
		n, err := strconv.ParseInt(c, 10, 32)
		if !ok || err != nil {
			return fmt.Errorf("%s: damaged line %q", prev.Name(), sc.Text())
		}
		for ; i < len(delta) && delta[i] < l; i++ {
			if err := emit(delta[i], int64(ix[delta[i]])); err != nil {
				return err
			}
		}
		if i < len(delta) && delta[i] == l {
			n += int64(ix[l])
			i++
		}
		if err := emit(l, n); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for ; i < len(delta); i++ {
		if err := emit(delta[i], int64(ix[delta[i]])); err != nil {
			return err
		}
	}
	if err := names.close(); err != nil {
		return err
	}
	return counts.close()
}

// edgeLine is a line of the edges files.
type edgeLine struct {
	s, p, o string
	c       [2]int64
}

func compareEdges(x, y edgeLine) int {
	if c := strings.Compare(x.s, y.s); c != 0 {
		return c
	}
	if c := strings.Compare(x.p, y.p); c != 0 {
		return c
	}
	return strings.Compare(x.o, y.o)
}

// edgeLines reads the lines of a sorted edges file one by one.
type edgeLines struct {
	sc   *bufio.Scanner
	name string
	line edgeLine
	ok   bool
	err  error
}

func (r *edgeLines) next() {
	if r.ok = r.sc.Scan(); !r.ok {
		r.err = r.sc.Err()
		return
	}
	f := strings.Split(r.sc.Text(), "\t")
	var err1, err2 error
	if len(f) == 5 {
		r.line = edgeLine{s: f[0], p: f[1], o: f[2]}
		r.line.c[0], err1 = strconv.ParseInt(f[3], 10, 32)
		r.line.c[1], err2 = strconv.ParseInt(f[4], 10, 32)
	}
	if len(f) != 5 || err1 != nil || err2 != nil {
		r.ok, r.err = false, fmt.Errorf("%s: damaged line %q", r.name, r.sc.Text())
	}
}

// mergeEdges writes the edges file and its hidden lines into dir: the
// current graph's (from) changed by ix.
func (ix *edgeIndex) mergeEdges(dir, from string) error {
	var in [2]*edgeLines
	for i, name := range []string{edgesName, edgesHiddenName} {
		f, err := os.Open(filepath.Join(from, name))
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		in[i] = &edgeLines{sc: sc, name: f.Name()}
		in[i].next()
	}
	// The changes are a few documents' edges: they are held in memory.
	var delta []edgeLine
	err := ix.counts(func(k [3]uint32, docs, evidence int64) error {
		delta = append(delta, edgeLine{ix.names[k[0]], ix.names[k[1]], ix.names[k[2]], [2]int64{docs, evidence}})
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(delta, compareEdges)
	out, err := createEdgesFiles(dir)
	if err != nil {
		return err
	}
	defer out[0].abort()
	defer out[1].abort()
	for {
		// The least line of the three, summed over those that have it.
		var least *edgeLine
		for _, r := range in {
			if r.ok && (least == nil || compareEdges(r.line, *least) < 0) {
				least = &r.line
			}
		}
		if len(delta) > 0 && (least == nil || compareEdges(delta[0], *least) < 0) {
			least = &delta[0]
		}
		if least == nil {
			break
		}
		l := edgeLine{s: least.s, p: least.p, o: least.o}
		for _, r := range in {
			if r.ok && compareEdges(r.line, l) == 0 {
				l.c[0] += r.line.c[0]
				l.c[1] += r.line.c[1]
				r.next()
			}
		}
		if len(delta) > 0 && compareEdges(delta[0], l) == 0 {
			l.c[0] += delta[0].c[0]
			l.c[1] += delta[0].c[1]
			delta = delta[1:]
		}
		if l.c[0] < 0 || (l.c[0] == 0 && l.c[1] < 0) {
			return fmt.Errorf("%s: the edges counts disagree with the blocks; build with -full", from)
		}
		if l.c == [2]int64{} {
			continue
		}
		w := out[0]
		if l.c[0] <= 0 {
			w = out[1]
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\n", l.s, l.p, l.o, l.c[0], l.c[1])
	}
	for _, r := range in {
		if r.err != nil {
			return r.err
		}
	}
	for _, w := range out {
		if err := w.close(); err != nil {
			return err
		}
	}
	return nil
}

// createEdgesFiles creates the edges file and its hidden lines in the
// store directory dir.
func createEdgesFiles(dir string) (out [2]*fileWriter, err error) {
	for i, name := range []string{edgesName, edgesHiddenName} {
		if out[i], err = newFileWriter(filepath.Join(dir, name)); err != nil {
			if i > 0 {
				out[0].abort()
			}
			return out, err
		}
	}
	return out, nil
}

// fileWriter writes a file of the new store directory through a buffer,
// synced on close.
type fileWriter struct {
	*bufio.Writer
	f *os.File
}

func newFileWriter(path string) (*fileWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &fileWriter{bufio.NewWriterSize(f, 1<<20), f}, nil
}

func (w *fileWriter) close() error {
	if w.f == nil {
		return nil
	}
	err := w.Flush()
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	w.f = nil
	return err
}

// abort closes the file if close was not reached; the directory goes
// with the failed build.
func (w *fileWriter) abort() {
	if w.f != nil {
		w.f.Close()
		w.f = nil
	}
}
