package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	_ "github.com/cayleygraph/cayley/graph/kv/bolt" // registers "bolt" for readers
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// GraphWriter is what a build writes its graph through: the bolt store's
// Writer here, another backend (PostgreSQL) alike. Documents come in a
// fixed order; nothing is visible to readers before Commit, and Abort
// leaves the previous graph as it was.
type GraphWriter interface {
	Add(r *extract.Result) error
	Commit() (Stats, error)
	Abort() error
}

var _ GraphWriter = (*Writer)(nil)

// Writer builds a new graph in an output directory: a new bolt store
// directory and a temporary N-Quads file, put in place by Commit. Nothing
// is visible to readers until then, and a Writer abandoned without Commit
// leaves the previous graph as it was. A Writer is not safe for use by
// several goroutines.
type Writer struct {
	out   string // the output directory
	gen   int    // this build's generation
	dir   string // out/graph-<gen>.bolt
	rules string // rule file name, for gb:rulePos

	kv *kvWriter // the new bolt store

	nqPath string // out/graph-<gen>.nq.tmp
	nqFile *os.File
	nq     *nquads.Writer

	docs  map[string]bool // document ids added, to refuse one twice
	buf   []quad.Quad     // the current document's quads, reused
	stats Stats
	err   error // the first write error; the build cannot go on after it
	done  bool  // committed or aborted
}

// Stats counts what a build wrote.
type Stats struct {
	Quads     int64 // lines in out/graph.nq; quads in the store
	Documents int64
	Evidence  int64 // evidence nodes
	Edges     int64 // fact edges, one per fact and document
}

// Create starts a new graph in outDir, making the directory if needed, and
// writes the quads of the rule file. Create never touches the current
// graph: it makes out/graph-<n>.bolt and out/graph-<n>.nq.tmp for a new
// generation n.
func Create(outDir string, rules *schema.File) (*Writer, error) {
	if rules == nil {
		rules = &schema.File{}
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	gen, dir, err := newGeneration(outDir)
	if err != nil {
		return nil, err
	}
	w := &Writer{
		out:    outDir,
		gen:    gen,
		dir:    dir,
		rules:  rules.Name,
		nqPath: filepath.Join(outDir, genName(gen, sufNQ)),
		docs:   make(map[string]bool),
	}
	if err := w.open(); err != nil {
		w.Abort()
		return nil, err
	}
	for _, q := range schemaQuads(rules) {
		w.emit(q)
	}
	if w.err != nil {
		err := w.err
		w.Abort()
		return nil, err
	}
	return w, nil
}

// open makes the new store and the temporary N-Quads file.
func (w *Writer) open() error {
	kw, err := createKV(w.dir)
	if err != nil {
		return err
	}
	w.kv = kw
	f, err := os.OpenFile(w.nqPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	w.nqFile = f
	w.nq = nquads.NewWriter(f)
	return nil
}

// Add writes the quads of one document. Documents must come in a fixed
// order for the output to be deterministic. A malformed result is refused
// and nothing of it is written; after a write error, every call fails.
func (w *Writer) Add(r *extract.Result) error {
	if w.done {
		return errors.New("store: Add after Commit or Abort")
	}
	if w.err != nil {
		return w.err
	}
	if r != nil && r.Doc != nil && w.docs[r.Doc.ID] {
		return fmt.Errorf("%s: document %q added twice", r.Doc.Path, r.Doc.ID)
	}
	buf, err := appendDocQuads(w.buf[:0], r, w.rules)
	w.buf = buf
	if err != nil {
		return err
	}
	w.docs[r.Doc.ID] = true
	for _, q := range buf {
		w.emit(q)
		if isRelation(q.Predicate) {
			w.stats.Edges++
		}
	}
	clear(w.buf) // drop the references to this document's text
	w.stats.Documents++
	w.stats.Evidence += int64(len(r.Evidence))
	return w.err
}

// emit writes one quad to the N-Quads file and to the batch for bolt.
func (w *Writer) emit(q quad.Quad) {
	if w.err != nil {
		return
	}
	if err := w.nq.WriteQuad(q); err != nil {
		w.err = fmt.Errorf("%s: %v", w.nqPath, err)
		return
	}
	w.stats.Quads++
	if err := w.kv.writeQuad(q); err != nil {
		w.err = fmt.Errorf("%s: %v", w.dir, err)
	}
}

// isRelation reports whether p is a fact edge's predicate.
func isRelation(p quad.Value) bool {
	iri, ok := p.(quad.IRI)
	return ok && len(iri) > len(schemeRelation) && string(iri[:len(schemeRelation)]) == schemeRelation
}

// Commit finishes the build and puts it in place: it writes the last batch,
// closes and syncs the store, renames the N-Quads file to out/graph.nq,
// points out/graph.bolt at the new store (the rename that makes the new
// graph current), and removes older store directories. On error the new
// files are removed and the previous graph stays; a crash between the two
// renames leaves out/graph.nq one build ahead of out/graph.bolt.
func (w *Writer) Commit() (Stats, error) {
	if w.done {
		return Stats{}, errors.New("store: Commit after Commit or Abort")
	}
	err := w.commit()
	if err != nil && !w.done {
		w.Abort()
		return Stats{}, err
	}
	w.done = true
	return w.stats, err
}

func (w *Writer) commit() error {
	if w.err != nil {
		return w.err
	}
	if err := w.closeStore(); err != nil {
		return err
	}
	if err := w.closeNQ(); err != nil {
		return err
	}
	// Another build into the same out/, committed meanwhile, removes this
	// one's store with the other older generations: never link to nothing.
	if _, err := os.Stat(filepath.Join(w.dir, "indexes.bolt")); err != nil {
		return fmt.Errorf("%s: removed by another build: %v", w.dir, err)
	}
	if err := syncDir(w.dir); err != nil {
		return err
	}
	// Keep the old out/graph.nq under a second name until the link has
	// moved, so that a failed swap can put it back.
	nq := filepath.Join(w.out, nqName)
	backup := filepath.Join(w.out, genName(w.gen, sufNQOld))
	hasBackup := os.Link(nq, backup) == nil
	if err := os.Rename(w.nqPath, nq); err != nil {
		if hasBackup {
			os.Remove(backup)
		}
		return err
	}
	aside, err := swapLink(w.out, w.gen)
	if err != nil {
		if hasBackup {
			os.Rename(backup, nq)
		}
		return err
	}
	// The new graph is in place: nothing after this point may undo it.
	w.done = true
	if hasBackup {
		// The previous graph stays as out/previous.nq, for graphbuild diff.
		os.Rename(backup, filepath.Join(w.out, prevName))
	}
	if aside != "" {
		os.RemoveAll(aside)
	}
	removeOlder(w.out, w.gen)
	if err := syncDir(w.out); err != nil {
		return fmt.Errorf("%s: the new graph is in place but not synced: %v", w.out, err)
	}
	return nil
}

// closeStore finishes the bolt store (its indexes are written now), once.
// A duplicate quad is stored once, as Cayley's writer does with IgnoreDup.
func (w *Writer) closeStore() error {
	if w.kv == nil {
		return nil
	}
	err := w.kv.close()
	w.kv = nil
	return err
}

// closeNQ flushes, syncs and closes the N-Quads file, once.
func (w *Writer) closeNQ() error {
	if w.nqFile == nil {
		return nil
	}
	err := w.nq.Close()
	if err == nil {
		err = w.nqFile.Sync()
	}
	if cerr := w.nqFile.Close(); err == nil {
		err = cerr
	}
	w.nqFile, w.nq = nil, nil
	if err != nil {
		return fmt.Errorf("%s: %v", w.nqPath, err)
	}
	return nil
}

// Abort stops the build and removes its files; the previous graph stays
// as it was. Abort after Commit does nothing.
func (w *Writer) Abort() error {
	if w.done {
		return nil
	}
	w.done = true
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	if w.kv != nil {
		keep(w.kv.abort())
		w.kv = nil
	}
	if w.nqFile != nil {
		keep(w.nqFile.Close())
		w.nqFile, w.nq = nil, nil
	}
	if err := os.Remove(w.nqPath); err != nil && !os.IsNotExist(err) {
		keep(err)
	}
	keep(os.RemoveAll(w.dir))
	return first
}
