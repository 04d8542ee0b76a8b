package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
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
// store holds, in order: a line per block, its key and its document id
// (quoted; "" for the rule file's block). It moves with the store, so an
// incremental build always starts from the blocks of the current graph.
const manifestName = "blocks"

type manifestEntry struct{ doc, key string }

func readManifest(dir string) (rulesKey string, blocks map[string]string, err error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return "", nil, err
	}
	first, rest, _ := strings.Cut(string(data), "\n")
	rulesKey, ok := strings.CutPrefix(first, "rules ")
	if !ok {
		return "", nil, fmt.Errorf("%s: no rules line", filepath.Join(dir, manifestName))
	}
	m := make(map[string]string)
	for _, line := range strings.Split(strings.TrimSuffix(rest, "\n"), "\n") {
		if line == "" {
			continue
		}
		key, q, ok := strings.Cut(line, " ")
		doc, err := strconv.Unquote(q)
		if !ok || err != nil || len(key) < 3 {
			return "", nil, fmt.Errorf("%s: damaged line %q", filepath.Join(dir, manifestName), line)
		}
		m[doc] = key
	}
	return rulesKey, m, nil
}

// schemaKey is the cache key of a rule file's block: the hash of its text.
func schemaKey(nq []byte) string {
	h := sha256.Sum256(append([]byte(cacheVersion+"\x00schema\x00"), nq...))
	return hex.EncodeToString(h[:])
}

// delta changes a copy of the previous store into the new one: it compares
// each block with the block the previous graph had for the same document
// and collects the quads to delete and to add.
type delta struct {
	cache *Cache
	prev  map[string]string // document id ("" for the rules) → previous block key
	dir   string            // the new store directory
	del   []quad.Quad
	adds  []quad.Quad
	whole bool // replace a changed block whole: all its old quads go, all its new ones come
}

// openDelta copies the current store into dir, if the current graph was
// built with the same rules, lists its blocks and the cache still holds
// them all; otherwise it returns nil and the store is written afresh.
// With other rules nearly every block changes, and writing the store
// afresh is faster than changing most of it through Cayley's writer.
func openDelta(outDir, dir string, cache *Cache, rulesKey string) (*delta, error) {
	cur := filepath.Join(outDir, linkName)
	prevRules, prev, err := readManifest(cur)
	if err != nil || prevRules != rulesKey {
		return nil, nil
	}
	for _, key := range prev {
		if _, err := os.Stat(cache.path(key)); err != nil {
			return nil, nil
		}
	}
	if err := copyFile(filepath.Join(cur, "indexes.bolt"), filepath.Join(dir, "indexes.bolt")); err != nil {
		return nil, err
	}
	return &delta{cache: cache, prev: prev, dir: dir}, nil
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
// whether it changed.
func (d *delta) add(b *Block) (bool, error) {
	key, had := d.prev[b.Doc]
	delete(d.prev, b.Doc) // what is left at the end was removed
	if had && key == b.Key {
		return false, nil
	}
	var old []byte
	if had {
		ob := d.cache.Get(key)
		if ob == nil {
			return false, fmt.Errorf("store: the cached block of %q is gone; build with -full", b.Doc)
		}
		old = ob.NQ
	}
	return true, d.diff(old, b.NQ)
}

// diff collects the lines of old that new lacks as deletions and the
// lines of new that old lacks as additions.
func (d *delta) diff(old, new []byte) error {
	oldLines := make(map[string]bool)
	for _, l := range lines(old) {
		oldLines[string(l)] = true
	}
	var add, del bytes.Buffer
	added := make(map[string]bool)
	for _, l := range lines(new) {
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
	}
	for _, l := range lines(old) {
		if oldLines[string(l)] {
			delete(oldLines, string(l)) // stored once, deleted once
			del.Write(l)
			del.WriteByte('\n')
		}
	}
	var err error
	if d.adds, err = appendParsed(d.adds, add.Bytes()); err != nil {
		return err
	}
	d.del, err = appendParsed(d.del, del.Bytes())
	return err
}

func lines(nq []byte) [][]byte {
	var out [][]byte
	for len(nq) > 0 {
		i := bytes.IndexByte(nq, '\n')
		if i < 0 {
			out = append(out, nq)
			break
		}
		if i > 0 {
			out = append(out, nq[:i])
		}
		nq = nq[i+1:]
	}
	return out
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
	if len(d.del) == 0 && len(d.adds) == 0 {
		return 0, removed, nil
	}
	qs, err := graph.NewQuadStore("bolt", d.dir, graph.Options{"no_bloom": true})
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v", d.dir, err)
	}
	defer qs.Close()
	if changed, err = d.applyTo(qs); err != nil {
		return 0, 0, fmt.Errorf("%s: %v", d.dir, err)
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
		ob := d.cache.Get(d.prev[doc])
		if ob == nil {
			return 0, fmt.Errorf("store: the cached block of %q is gone; build with -full", doc)
		}
		if err := d.diff(ob.NQ, nil); err != nil {
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
				return 0, fmt.Errorf("the previous store does not match its blocks (%v); build with -full", err)
			}
			step.qs = step.qs[n:]
		}
	}
	changed := int64(len(d.del) + len(d.adds))
	d.del, d.adds = nil, nil
	return changed, nil
}

// close is the end of the delta's store: apply closed it already.
func (d *delta) close() error { return nil }
