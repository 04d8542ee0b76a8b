package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// manifestName is the file in a store directory that lists the blocks the
// store holds, in order: a line "rules KEY", then a line per block, "KEY
// OFFSET LENGTH QUADS EVIDENCE EDGES DOC": its cache key, where its
// N-Quads are in the store's graph.nq (packName; bytes, 0-based), its
// counts (Stats) and its document id (quoted; "" for the rule file's
// block). Older stores have lines "KEY DOC". It moves with the store, so
// an incremental build always starts from the blocks of the current graph.
const manifestName = "blocks"

type manifestEntry struct {
	doc, key               string
	off, size              int64 // the block's bytes in graph.nq; size -1 when not known
	quads, evidence, edges int64 // countLines of the block
}

// PreviousBlocks returns the rules' key of the current bolt graph of
// outDir and the cache key of each document's block (by document id; ""
// for the rule file's), or nil when there is none or it lists no blocks
// (PostgreSQL keeps its list in the database).
func PreviousBlocks(outDir string) (rulesKey string, blocks map[string]string) {
	if IsPostgres(outDir) {
		return "", nil
	}
	rulesKey, blocks, err := readManifest(filepath.Join(outDir, linkName))
	if err != nil {
		return "", nil
	}
	return rulesKey, blocks
}

func readManifest(dir string) (rulesKey string, blocks map[string]string, err error) {
	rulesKey, es, err := readManifestEntries(dir)
	if err != nil {
		return "", nil, err
	}
	blocks = make(map[string]string, len(es))
	for _, e := range es {
		blocks[e.doc] = e.key
	}
	return rulesKey, blocks, nil
}

// readManifestEntries reads the manifest of the store directory dir.
func readManifestEntries(dir string) (rulesKey string, es []manifestEntry, err error) {
	path := filepath.Join(dir, manifestName)
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil, err
	}
	first, rest, _ := strings.Cut(string(data), "\n")
	rulesKey, ok := strings.CutPrefix(first, "rules ")
	if !ok {
		return "", nil, fmt.Errorf("%s: no rules line", path)
	}
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if line == "" {
			continue
		}
		e := manifestEntry{size: -1}
		key, q, ok := strings.Cut(line, " ")
		if ok && !strings.HasPrefix(q, `"`) {
			f := strings.SplitN(q, " ", 6)
			var nums [5]int64
			for i := range nums {
				if len(f) == 6 {
					nums[i], err = strconv.ParseInt(f[i], 10, 64)
				}
				if len(f) != 6 || err != nil || nums[i] < 0 {
					return "", nil, fmt.Errorf("%s: damaged line %q", path, line)
				}
			}
			e.off, e.size, e.quads, e.evidence, e.edges, q = nums[0], nums[1], nums[2], nums[3], nums[4], f[5]
		}
		doc, err := strconv.Unquote(q)
		if !ok || err != nil || len(key) < 3 {
			return "", nil, fmt.Errorf("%s: damaged line %q", path, line)
		}
		e.doc, e.key = doc, key
		es = append(es, e)
	}
	return rulesKey, es, nil
}

// schemaKey is the cache key of a rule file's block: the hash of its text.
func schemaKey(nq []byte) string {
	h := sha256.Sum256(append([]byte(cacheVersion+"\x00schema\x00"), nq...))
	return hex.EncodeToString(h[:])
}

// delta changes a copy of the previous store into the new one: it compares
// each block with the block the previous graph had for the same document
// and collects the quads to delete and to add. It serves a change of the
// rule file as well as of documents: most documents' blocks stay the same
// when one rule changes, and those cost only a comparison.
type delta struct {
	cache  *Cache
	prevNQ func(doc, key string) []byte // the previous block's N-Quads without the cache; nil when there is no other way
	prev   map[string]string            // document id ("" for the rules) → previous block key
	dir    string                       // the new store directory
	del    []quad.Quad
	adds   []quad.Quad
	whole  bool // replace a changed block whole: all its old quads go, all its new ones come

	synced  chan struct{} // closed when the copy's early sync (syncLater) is over
	limit   int64         // the most bytes of changed N-Quads lines worth applying (deltaShare, deltaFloor); 0: no limit (PostgreSQL)
	pending int64         // the bytes of changed lines collected so far
}

// errStale says that the previous store or its blocks cannot be changed
// into the new graph: the writer then writes the store afresh (fresh).
type errStale struct{ reason string }

func (e *errStale) Error() string { return e.reason }

// deltaShare is how much of the previous graph (in bytes of N-Quads) may
// change before writing the store afresh is cheaper than changing a copy
// through Cayley's writer, whose cost per quad grows with the store.
// Measured (CPU seconds, one bench/ratios.sh run each): on the 1k bench
// corpus (250,311 quads) ApplyDeltas with the comparison cost about 30-36
// µs a changed quad and the fast writer about 9 µs a quad of the whole
// graph (break-even near a quarter); on the 5k corpus (1,163,684 quads) a
// rule edit that changed 131,582 quads cost about 76 µs a changed quad
// against 8.3 µs a quad for the fresh store (break-even near a tenth).
// Half of that leaves room for larger stores. The copy of the previous
// store is paid either way. Below deltaFloor bytes the delta is cheap
// whatever the share: small graphs always take it. Variables for the
// tests.
var (
	deltaShare       = 0.05
	deltaFloor int64 = 256 << 10
)

// openDelta copies the current store into dir, if the current graph lists
// its blocks; otherwise it returns nil and the store is written afresh.
// A block the cache lost shows when it is needed, and the writer then
// goes over to a fresh store. The rules may differ from the current
// graph's: the blocks that changed with them are compared like those of
// changed documents, and when too many changed the writer goes over to
// writing the store afresh (see deltaShare).
func openDelta(outDir, dir string, cache *Cache, rulesKey string) (*delta, error) {
	cur := filepath.Join(outDir, linkName)
	_, prev, err := readManifest(cur)
	if err != nil {
		return nil, nil
	}
	fi, err := os.Stat(filepath.Join(outDir, nqName))
	if err != nil {
		return nil, nil
	}
	if err := copyFile(filepath.Join(cur, "indexes.bolt"), filepath.Join(dir, "indexes.bolt")); err != nil {
		return nil, err
	}
	d := &delta{cache: cache, prev: prev, dir: dir, limit: max(deltaFloor, int64(deltaShare*float64(fi.Size())))}
	d.synced = syncLater(filepath.Join(dir, "indexes.bolt"))
	return d, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in) // copy_file_range where the file system has it
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// add compares b with the previous block of its document and reports
// whether it changed. An *errStale error says the delta cannot go on.
func (d *delta) add(b *Block) (bool, error) {
	key, had := d.prev[b.Doc]
	delete(d.prev, b.Doc) // what is left at the end was removed
	if had && (key == b.Key || key == b.same) {
		return false, nil
	}
	var old []byte
	if had {
		var ok bool
		if old, ok = d.old(b.Doc, key); !ok {
			return false, &errStale{fmt.Sprintf("the cached block of %q is gone", b.Doc)}
		}
		if bytes.Equal(old, b.NQ) {
			return false, nil // the rules changed, but not this block
		}
	}
	if err := d.diff(old, b.NQ); err != nil {
		return true, err
	}
	if d.limit > 0 && d.pending > d.limit {
		return true, &errStale{fmt.Sprintf("more than %.0f%% of the graph changed", 100*deltaShare)}
	}
	return true, nil
}

// old returns the N-Quads of the previous graph's block of doc, stored
// under key.
func (d *delta) old(doc, key string) ([]byte, bool) {
	if d.prevNQ != nil {
		if nq := d.prevNQ(doc, key); nq != nil {
			return nq, true
		}
	}
	ob := d.cache.Get(key)
	if ob == nil {
		return nil, false
	}
	return ob.NQ, true
}

// diff collects the lines of old that new lacks as deletions and the
// lines of new that old lacks as additions.
func (d *delta) diff(old, new []byte) error {
	oldLines := make(map[string]bool)
	for l := range nqLines(old) {
		oldLines[string(l)] = true
	}
	var add, del bytes.Buffer
	added := make(map[string]bool)
	for l := range nqLines(new) {
		if oldLines[string(l)] && !d.whole {
			delete(oldLines, string(l))
			added[string(l)] = true // kept: the store has it once
			continue
		}
		if added[string(l)] {
			continue // a quad twice in a block is stored once
		}
		added[string(l)] = true
		add.Write(l)
		add.WriteByte('\n')
		d.pending += int64(len(l)) + 1
	}
	for l := range nqLines(old) {
		if oldLines[string(l)] {
			delete(oldLines, string(l)) // stored once, deleted once
			del.Write(l)
			del.WriteByte('\n')
			d.pending += int64(len(l)) + 1
		}
	}
	var err error
	if d.adds, err = appendParsed(d.adds, add.Bytes()); err != nil {
		return err
	}
	d.del, err = appendParsed(d.del, del.Bytes())
	return err
}

func appendParsed(qs []quad.Quad, nq []byte) ([]quad.Quad, error) {
	r := nquads.NewReader(bytes.NewReader(nq), false)
	for {
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			return qs, nil
		}
		if err != nil {
			return qs, err
		}
		qs = append(qs, q)
	}
}

// apply deletes the blocks of documents no longer in the corpus and
// writes the collected difference into the copied store with Cayley's own
// writer. It returns the quads changed and the documents removed.
func (d *delta) apply(docs map[string]bool) (changed, removed int64, err error) {
	if removed, err = d.removeGone(docs); err != nil {
		return 0, 0, err
	}
	if d.limit > 0 && d.pending > d.limit {
		return 0, 0, &errStale{fmt.Sprintf("more than %.0f%% of the graph changed", 100*deltaShare)}
	}
	if len(d.del) == 0 && len(d.adds) == 0 {
		return 0, removed, nil
	}
	if d.synced != nil {
		<-d.synced
	}
	qs, err := graph.NewQuadStore("bolt", d.dir, graph.Options{"no_bloom": true})
	if err != nil {
		return 0, 0, &errStale{fmt.Sprintf("the copy of the previous store does not open (%v)", err)}
	}
	defer qs.Close()
	if changed, err = d.applyTo(qs); err != nil {
		return 0, 0, err
	}
	return changed, removed, qs.Close()
}

// removeGone collects, as deletions, the blocks of the previous graph's
// documents that are not in docs, and returns how many there were.
func (d *delta) removeGone(docs map[string]bool) (removed int64, err error) {
	gone := make([]string, 0, len(d.prev))
	for doc := range d.prev {
		if doc != "" && !docs[doc] {
			gone = append(gone, doc)
		}
	}
	sort.Strings(gone) // the same deletions in the same order every time
	for _, doc := range gone {
		old, ok := d.old(doc, d.prev[doc])
		if !ok {
			return 0, &errStale{fmt.Sprintf("the cached block of %q is gone", doc)}
		}
		if err := d.diff(old, nil); err != nil {
			return 0, err
		}
		removed++
	}
	return removed, nil
}

// applyTo deletes, then adds, the collected quads through Cayley's own
// writer of qs, in batches, and returns how many there were.
func (d *delta) applyTo(qs graph.QuadStore) (int64, error) {
	for _, step := range []struct {
		qs     []quad.Quad
		action graph.Procedure
	}{{d.del, graph.Delete}, {d.adds, graph.Add}} {
		for len(step.qs) > 0 {
			n := min(len(step.qs), 50_000)
			deltas := make([]graph.Delta, n)
			for i, q := range step.qs[:n] {
				deltas[i] = graph.Delta{Quad: q, Action: step.action}
			}
			if err := qs.ApplyDeltas(deltas, graph.IgnoreOpts{}); err != nil {
				return 0, &errStale{fmt.Sprintf("the previous store does not match its blocks (%v)", err)}
			}
			step.qs = step.qs[n:]
		}
	}
	changed := int64(len(d.del) + len(d.adds))
	d.del, d.adds = nil, nil
	return changed, nil
}

// close is the end of the delta's store: apply closed it already.
func (d *delta) close() error {
	if d.synced != nil {
		<-d.synced
	}
	return nil
}

// syncLater writes the copy of the previous store at path to disk while
// the build goes on: the copy's pages are all new, and bolt's commit
// would otherwise wait for all of them; then only the pages the delta
// changes are left. An error is left for that commit to meet.
func syncLater(path string) chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if f, err := os.Open(path); err == nil {
			f.Sync()
			f.Close()
		}
	}()
	return done
}

// addDelta collects the difference block b makes to the copied store; when
// the copy cannot be used, it goes over to a fresh store (fresh).
func (w *Writer) addDelta(b *Block) error {
	changed, err := w.delta.add(b)
	var stale *errStale
	if errors.As(err, &stale) {
		if err := w.fresh(stale.reason); err != nil {
			return err
		}
		changed = true
	} else if err != nil {
		return err
	}
	if changed && b.Doc != "" {
		w.stats.Changed++
	}
	return nil
}

// applyDelta writes the collected difference into the copied store at
// Commit, or writes the store afresh when the copy cannot be used.
func (w *Writer) applyDelta() error {
	// Every document added was taken out of the delta's list of the
	// previous graph's (delta.add): what is left there is gone.
	n, removed, err := w.delta.apply(nil)
	var stale *errStale
	if errors.As(err, &stale) {
		return w.fresh(stale.reason)
	}
	if err != nil {
		return err
	}
	w.stats.Delta = n
	w.stats.Changed += removed
	return nil
}

// fresh gives up changing the copy of the previous store and writes the
// store afresh, as a full build does: it removes the copy and replays the
// N-Quads written so far (every block added, in order) into a fresh
// store, which takes the blocks still to come. Stats.Fallback says why.
// A build never fails for a previous store it cannot use.
func (w *Writer) fresh(reason string) error {
	w.delta = nil
	w.stats.Fallback = reason
	w.stats.Delta = 0
	w.stats.Changed = w.stats.Documents // a fresh store: every document counts as changed
	if err := os.Remove(filepath.Join(w.dir, "indexes.bolt")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	kw, err := createKV(w.dir, kvBudget)
	if err != nil {
		return err
	}
	w.kv = kw
	// At Commit the file is being closed already (startCloseNQ): wait for
	// it rather than write to it.
	flush := w.flushNQ
	if w.nqDone != nil {
		flush = w.closeNQ
	}
	if err := flush(); err != nil {
		return err
	}
	f, err := os.Open(w.nqPath)
	if err != nil {
		return err
	}
	defer f.Close()
	r := nquads.NewReader(bufio.NewReaderSize(f, 1<<20), false)
	for {
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %v", w.nqPath, err)
		}
		if err := kw.writeQuad(q); err != nil {
			return fmt.Errorf("%s: %v", w.dir, err)
		}
	}
}
