package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	_ "github.com/cayleygraph/cayley/graph/kv/bolt" // registers "bolt" for readers
	"github.com/cayleygraph/quad"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

var _ Builder = (*Writer)(nil)

// Writer builds a new graph in an output directory: a new bolt store
// directory and a temporary N-Quads file, put in place by Commit. Nothing
// is visible to readers until then, and a Writer abandoned without Commit
// leaves the previous graph as it was. A Writer is not safe for use by
// several goroutines; Encode is, so that blocks can be made in parallel.
type Writer struct {
	out   string // the output directory
	gen   int    // this build's generation
	dir   string // out/graph-<gen>.bolt
	rules string // rule file name, for gb:rulePos

	kv    *kvWriter // a fresh store, written by this package
	delta *delta    // or the previous store, changed by Cayley's writer
	cache *Cache    // where blocks are kept between builds; nil for none
	rkey  string    // the rules' cache key

	nqPath string // out/graph-<gen>.nq.tmp
	nqFile *os.File
	nq     *bufio.Writer
	nqOff  int64      // bytes written to it, spliced ones included
	nqDone chan error // set while closeNQ finishes the file in the background (startCloseNQ)

	prev   *prevGraph // the current graph, in an incremental build; nil otherwise
	splice bool       // copy unchanged blocks from prev and change its indexes (splice.go)
	pend   span       // prev's N-Quads still to copy

	docs     *docLog      // document ids added, to refuse one twice
	names    nameIndex    // the lines of the names file
	edges    *edgeIndex   // the relation edges, for the edges file
	manifest *manifestLog // the blocks of this graph, in order; nil without a cache
	stats    Stats
	err      error // the first write error; the build cannot go on after it
	done     bool  // committed or aborted
}

// Stats counts what a build wrote.
type Stats struct {
	Quads     int64 // lines in out/graph.nq; quads in the store
	Documents int64
	Evidence  int64 // evidence nodes
	Edges     int64 // fact edges, one per fact and document
	Changed   int64 // documents whose quads changed, were added or removed (incremental builds)
	Delta     int64 // quads deleted and added in the previous store (incremental builds); 0 when the store was written afresh

	// Fallback says why an incremental build wrote the store afresh
	// after all; "" when it did not.
	Fallback string
}

// Create starts a new graph in outDir, making the directory if needed, and
// writes the quads of the rule file. Create never touches the current
// graph: it makes out/graph-<n>.bolt and out/graph-<n>.nq.tmp for a new
// generation n.
func Create(outDir string, rules *schema.File) (*Writer, error) {
	return create(outDir, rules, nil, "", false)
}

// CreateCached is Create with a cache of blocks: the blocks added and the
// rule file's are kept in it, and those of the previous graph removed at
// Commit. rulesKey (RulesKey) is recorded with the store. With incremental
// set and a previous graph that lists its blocks (whatever its rules), the
// new store is a copy of the previous one changed by the difference of the
// blocks (Cayley's own writer applies it), which costs little when few
// blocks changed; without, or when the difference grows too big or the
// previous graph cannot be used (Stats.Fallback), the store is written
// afresh.
func CreateCached(outDir string, rules *schema.File, cache *Cache, rulesKey string, incremental bool) (*Writer, error) {
	return create(outDir, rules, cache, rulesKey, incremental)
}

func create(outDir string, rules *schema.File, cache *Cache, rulesKey string, incremental bool) (*Writer, error) {
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
		cache:  cache,
		rkey:   rulesKey,
		nqPath: filepath.Join(outDir, genName(gen, sufNQ)),
		names:  make(nameIndex),
		edges:  newEdgeIndex(),
	}
	w.edges.dir = dir // its sorted runs, removed with a failed build's store
	if incremental && cache != nil {
		w.delta, err = openDelta(outDir, dir, cache, rulesKey)
		if err != nil {
			w.Abort()
			return nil, err
		}
		if w.prev = openPrev(outDir); w.prev != nil {
			if w.delta != nil {
				w.delta.prevNQ = w.prev.nq
			}
			w.startSplice()
		}
	}
	if err := w.open(); err != nil {
		w.Abort()
		return nil, err
	}
	if w.docs, err = newDocLog(dir); err != nil {
		w.Abort()
		return nil, err
	}
	if cache != nil {
		if w.manifest, err = newManifestLog(dir, rulesKey); err != nil {
			w.Abort()
			return nil, err
		}
	}
	var b *Block
	if w.splice && w.prev.blocks[""].key != "" {
		// The same rules (startSplice): the same block, made of the rule
		// file alone.
		b = PreviousBlock("", w.prev.blocks[""].key)
	} else {
		if b, err = schemaBlock(rules); err != nil {
			w.Abort()
			return nil, err
		}
		b.Key = schemaKey(b.NQ)
	}
	if err := w.add(b); err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

// open makes the new store, unless a previous one is copied, and the
// temporary N-Quads file.
func (w *Writer) open() error {
	if w.delta == nil {
		kw, err := createKV(w.dir, kvBudget)
		if err != nil {
			return err
		}
		w.kv = kw
	}
	f, err := os.OpenFile(w.nqPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	w.nqFile = f
	w.nq = bufio.NewWriterSize(f, 1<<20)
	return nil
}

// Add writes the quads of one document. Documents must come in a fixed
// order for the output to be deterministic. A malformed result is refused
// and nothing of it is written; after a write error, every call fails. A
// document added twice fails the build at Commit: the writer keeps the
// documents it has seen on disk, not in memory.
func (w *Writer) Add(r *extract.Result) error {
	b, err := Encode(r, w.rules)
	if err != nil {
		return err
	}
	return w.AddBlock(b)
}

// AddBlock writes one document's block, made by Encode (and then perhaps
// given a Key and Meta to be cached) or taken from the cache.
func (w *Writer) AddBlock(b *Block) error {
	if b == nil || b.Doc == "" {
		return errors.New("store: block without a document")
	}
	if err := w.add(b); err != nil {
		return err
	}
	if err := w.docs.add(b.Doc); err != nil {
		w.err = err
		return err
	}
	w.stats.Documents++
	return nil
}

func (w *Writer) add(b *Block) error {
	if w.done {
		return errors.New("store: Add after Commit or Abort")
	}
	if w.err != nil {
		return w.err
	}
	if err := w.addBlock(b); err != nil {
		w.err = err
		return err
	}
	return nil
}

func (w *Writer) addBlock(b *Block) error {
	var e manifestEntry
	had := false
	if w.prev != nil {
		e, had = w.prev.blocks[b.Doc]
	}
	same := w.splice && had && b.Key != "" && e.key == b.Key
	// The quads of an unchanged block are needed only by a fresh store.
	if b.ref && b.NQ == nil && (!same || w.delta == nil) {
		if err := w.load(b); err != nil {
			return err
		}
	}
	if w.cache != nil && b.Key != "" {
		if err := w.cache.Put(b); err != nil {
			return err
		}
	}
	m := manifestEntry{doc: b.Doc, key: b.Key, off: w.nqOff}
	if same {
		if err := w.spliceNQ(e.off, e.size); err != nil {
			return err
		}
		m.size, m.quads, m.evidence, m.edges = e.size, e.quads, e.evidence, e.edges
	} else {
		if err := w.writeNQ(b.NQ); err != nil {
			return err
		}
		if err := w.addIndexes(b, e, had); err != nil {
			return err
		}
		m.size = int64(len(b.NQ))
		m.quads, m.evidence, m.edges = countLines(b.NQ)
	}
	w.nqOff += m.size
	w.stats.Quads += m.quads
	w.stats.Evidence += m.evidence
	w.stats.Edges += m.edges
	if w.manifest != nil && b.Key != "" {
		if err := w.manifest.add(m); err != nil {
			return err
		}
	}
	if w.delta != nil {
		err := w.addDelta(b)
		if w.prev != nil {
			delete(w.prev.blocks, b.Doc) // after the delta, which may read it
		}
		return err // on a fresh store now (fresh), b is in it already
	}
	if w.prev != nil {
		delete(w.prev.blocks, b.Doc)
	}
	if w.cache != nil && b.Doc != "" {
		w.stats.Changed++ // a fresh store: every document counts as changed
	}
	qs, err := b.parse()
	if err != nil {
		return err
	}
	for _, q := range qs {
		if err := w.kv.writeQuad(q); err != nil {
			return fmt.Errorf("%s: %v", w.dir, err)
		}
	}
	b.quads = nil // drop the references to the document's text
	return nil
}

// countLines counts the quads of a block's N-Quads, its evidence nodes and
// its fact edges, from the text: every subject is an IRI without spaces.
func countLines(nq []byte) (quads, evidence, edges int64) {
	for line := range nqLines(nq) {
		quads++
		_, p, rest, ok := cutSubjectPredicate(line)
		switch {
		case !ok:
		case bytes.HasPrefix(p, []byte("<"+schemeRelation)):
			edges++
		case bytes.Equal(p, []byte("<"+string(attrType)+">")) && bytes.HasPrefix(rest, []byte("<"+string(typeEvidence)+">")):
			evidence++
		}
	}
	return quads, evidence, edges
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
	if err := w.docs.check(); err != nil {
		return err
	}
	w.docs.remove()
	// Nothing more is written to the N-Quads file: its last copied range
	// and its sync (85 MB at 5k documents) overlap the store's commit and
	// the indexes, which do not touch it. It is still synced before the
	// renames below, and every return joins it, so Abort finds it closed.
	w.startCloseNQ()
	defer w.closeNQ()
	if w.delta != nil {
		if err := w.applyDelta(); err != nil {
			return err
		}
	}
	if err := w.closeStore(); err != nil {
		return err
	}
	if err := w.dropGone(); err != nil {
		return err
	}
	if err := w.writeIndexes(); err != nil {
		return err
	}
	if w.manifest != nil {
		if err := w.manifest.close(); err != nil {
			return err
		}
	}
	if err := w.closeNQ(); err != nil {
		return err
	}
	w.prev.close()
	if w.manifest != nil {
		// Without this name the next build takes every block from the
		// cache (Cache.Get) instead of copying ranges: slower, not wrong.
		os.Link(w.nqPath, filepath.Join(w.dir, packName))
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
	// What is left is clean-up of files no reader opens any more: the
	// graph.nq before the previous one (replaced by the rename), the
	// replaced stores (about 200 MB at 5k documents) and the cache's
	// blocks no longer listed. Freeing them is kernel work of 0.05 to
	// 0.1 s each in a one-document rebuild, on disjoint files, so it is
	// done side by side.
	var clean sync.WaitGroup
	if hasBackup {
		// The previous graph stays as out/previous.nq, for graphbuild diff.
		clean.Go(func() { os.Rename(backup, filepath.Join(w.out, prevName)) })
	}
	clean.Go(func() {
		if aside != "" {
			os.RemoveAll(aside)
		}
		removeOlder(w.out, w.gen) // graph-<k>.* with k < n: neither backup nor aside
	})
	if w.cache != nil && w.manifest != nil {
		clean.Go(func() {
			w.cache.keepSorted(w.manifest.sortedKeys()) // a block left over costs only space
			w.manifest.remove()
		})
	}
	clean.Wait()
	if err := syncDir(w.out); err != nil {
		return fmt.Errorf("%s: the new graph is in place but not synced: %v", w.out, err)
	}
	return nil
}

// closeStore finishes the bolt store (its indexes are written now), once.
// A duplicate quad is stored once, as Cayley's writer does with IgnoreDup.
func (w *Writer) closeStore() error {
	if w.delta != nil {
		err := w.delta.close()
		w.delta = nil
		return err
	}
	if w.kv == nil {
		return nil
	}
	err := w.kv.close()
	w.kv = nil
	return err
}

// closeNQ flushes, syncs and closes the N-Quads file, once, or waits for
// startCloseNQ to have done it.
func (w *Writer) closeNQ() error {
	if w.nqDone != nil {
		err := <-w.nqDone
		w.nqDone = nil
		w.nqFile, w.nq = nil, nil
		return err
	}
	if w.nqFile == nil {
		return nil
	}
	err := closeNQTemp(w.nqPath, w.nqFile, w.flushNQ)
	w.nqFile, w.nq = nil, nil
	return err
}

// startCloseNQ starts closeNQ's work on a goroutine of its own, once.
// Until closeNQ returns, nothing else may use w.nq, w.nqFile or w.pend;
// the previous graph's N-Quads file may be read with ReadAt (prevGraph.read),
// which leaves the file offset the copy uses alone.
func (w *Writer) startCloseNQ() {
	if w.nqFile == nil || w.nqDone != nil {
		return
	}
	done := make(chan error, 1)
	path, f := w.nqPath, w.nqFile
	go func() { done <- closeNQTemp(path, f, w.flushNQ) }()
	w.nqDone = done
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
	if w.delta != nil {
		keep(w.delta.close())
		w.delta = nil
	}
	if w.docs != nil {
		w.docs.remove()
	}
	if w.manifest != nil {
		w.manifest.remove()
	}
	w.prev.close()
	keep(discardNQTemp(w.nqPath, w.nqFile))
	w.nqFile, w.nq = nil, nil
	keep(os.RemoveAll(w.dir))
	return first
}

// emit writes one quad outside any block, into a fresh store: benchmarks
// build large graphs of bare quads with it, whose documents' quads need
// not come together (kvWriter.mix).
func (w *Writer) emit(q quad.Quad) {
	if w.err != nil || w.kv == nil {
		return
	}
	var err error
	if !w.kv.mixed {
		err = w.kv.mix()
	}
	var nq []byte
	if err == nil {
		nq, err = encodeNQ([]quad.Quad{q})
	}
	if err == nil {
		_, err = w.nq.Write(nq)
	}
	if err == nil {
		err = w.kv.writeQuad(q)
	}
	if err == nil {
		err = w.index(nq, 1)
	}
	if err != nil {
		w.err = err
		return
	}
	w.stats.Quads++
}
