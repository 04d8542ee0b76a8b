package store

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strconv"

	"github.com/graphbuild/graphbuild/internal/runsort"
)

// The per-document state of a build lives on disk, not in memory, so
// that a build of millions of documents holds no more than one of a few:
// the documents added (to refuse one twice), the manifest (the blocks of
// the new store, for the next incremental build) and the cache keys to
// keep. Each is a file in the new store's directory, written as blocks
// arrive, and a sort within the store writer's budget (runsort) at Commit.

// docBudget is the memory, in bytes, of each sort of per-document
// records: 12 bytes of a document id's hash, or 16 of a cache key, and a
// number; 1M documents per run.
const docBudget = 16 << 20

// docsName is the list of the document ids added, one quoted id a line,
// in the new store's directory until Commit.
const docsName = "docs.tmp"

// docLog refuses a document added twice: it writes each id to a file and
// a record of its hash and line to a sort; equal hashes side by side
// are then compared by their ids on the file.
type docLog struct {
	path string
	f    *os.File
	w    *bufio.Writer
	runs *runsort.Sorter
	n    uint32 // ids written
}

func newDocLog(dir string) (*docLog, error) {
	path := filepath.Join(dir, docsName)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	return &docLog{path: path, f: f, w: bufio.NewWriterSize(f, 64<<10), runs: runsort.New(dir, docBudget)}, nil
}

func (l *docLog) add(doc string) error {
	if l.n == 1<<32-1 {
		return errors.New("store: more than 4G documents")
	}
	if _, err := l.w.WriteString(strconv.Quote(doc) + "\n"); err != nil {
		return fmt.Errorf("%s: %v", l.path, err)
	}
	h := sha256.Sum256([]byte(doc))
	r := runsort.Record{binary.BigEndian.Uint32(h[0:]), binary.BigEndian.Uint32(h[4:]), binary.BigEndian.Uint32(h[8:]), l.n}
	l.n++
	return l.runs.Add(r)
}

// check returns an error naming a document added twice, if there is one.
func (l *docLog) check() error {
	if err := l.w.Flush(); err != nil {
		return fmt.Errorf("%s: %v", l.path, err)
	}
	if err := l.runs.Finish(); err != nil {
		return err
	}
	var prev runsort.Record
	first := true
	errDup := errors.New("duplicate")
	var dup string
	err := l.runs.Each(func(r runsort.Record) error {
		if !first && [3]uint32(r[:3]) == [3]uint32(prev[:3]) {
			a, err := l.line(prev[3])
			if err != nil {
				return err
			}
			b, err := l.line(r[3])
			if err != nil {
				return err
			}
			if a == b {
				dup = a
				return errDup
			}
		}
		prev, first = r, false
		return nil
	})
	if errors.Is(err, errDup) {
		return fmt.Errorf("document %q added twice", dup)
	}
	return err
}

// line reads the id on line n (0-based) of the file; only for documents
// whose hashes agree, which are (nearly) always the same.
func (l *docLog) line(n uint32) (string, error) {
	f, err := os.Open(l.path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for i := uint32(0); sc.Scan(); i++ {
		if i == n {
			return strconv.Unquote(sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("%s: line %d missing", l.path, n+1)
}

// remove closes and deletes the file and the runs.
func (l *docLog) remove() {
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
	os.Remove(l.path)
	l.runs.Remove()
}

// manifestLog writes the manifest of a new store (manifestName) line by
// line as blocks arrive, and sorts the blocks' cache keys so that Commit can keep those
// blocks in the cache and remove the others in one ordered walk
// (Cache.keepSorted).
type manifestLog struct {
	path string
	f    *os.File
	w    *bufio.Writer
	keys *runsort.Sorter // the first 16 bytes of each key
}

func newManifestLog(dir, rulesKey string) (*manifestLog, error) {
	path := filepath.Join(dir, manifestName)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	m := &manifestLog{path: path, f: f, w: bufio.NewWriterSize(f, 64<<10), keys: runsort.New(dir, docBudget)}
	if _, err := fmt.Fprintf(m.w, "rules %s\n", rulesKey); err != nil {
		m.remove()
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return m, nil
}

func (m *manifestLog) add(e manifestEntry) error {
	if _, err := fmt.Fprintf(m.w, "%s %d %d %d %d %d %s\n", e.key, e.off, e.size, e.quads, e.evidence, e.edges, strconv.Quote(e.doc)); err != nil {
		return fmt.Errorf("%s: %v", m.path, err)
	}
	k, ok := keyRecord(e.key)
	if !ok {
		return fmt.Errorf("store: bad cache key %q", e.key)
	}
	return m.keys.Add(k)
}

// keyRecord is the first 16 bytes of a cache key (hex) as a record whose
// order is the keys' order.
func keyRecord(key string) (runsort.Record, bool) {
	if len(key) < 32 {
		return runsort.Record{}, false
	}
	b, err := hex.DecodeString(key[:32])
	if err != nil {
		return runsort.Record{}, false
	}
	return runsort.Record{binary.BigEndian.Uint32(b[0:]), binary.BigEndian.Uint32(b[4:]), binary.BigEndian.Uint32(b[8:]), binary.BigEndian.Uint32(b[12:])}, true
}

// close writes the rest of the manifest, syncs and closes it.
func (m *manifestLog) close() error {
	if m.f == nil {
		return nil
	}
	err := m.w.Flush()
	if err == nil {
		err = m.f.Sync()
	}
	if cerr := m.f.Close(); err == nil {
		err = cerr
	}
	m.f = nil
	if err != nil {
		return fmt.Errorf("%s: %v", m.path, err)
	}
	return m.keys.Finish()
}

// sortedKeys yields the records of the keys in order.
func (m *manifestLog) sortedKeys() iter.Seq[runsort.Record] {
	return func(yield func(runsort.Record) bool) {
		stop := errors.New("stop")
		m.keys.Each(func(k runsort.Record) error {
			if !yield(k) {
				return stop
			}
			return nil
		})
	}
}

// remove closes the file and deletes the runs (the file goes with the
// store directory).
func (m *manifestLog) remove() {
	if m.f != nil {
		m.f.Close()
		m.f = nil
	}
	m.keys.Remove()
}

// keepSorted removes every cached block whose key is not among keep, in
// key order, and leftovers of killed writes, as keepOnly does: the cache
// is walked in lexical order, which is the keys' order, beside keep.
func (c *Cache) keepSorted(keep iter.Seq[runsort.Record]) error {
	next, stop := iter.Pull(keep)
	defer stop()
	k, more := next()
	return c.removeExcept(func(name string) bool {
		r, ok := keyRecord(name)
		if !ok || len(name) != 64 {
			return false
		}
		for more && runsort.Compare(k, r) < 0 {
			k, more = next()
		}
		return more && k == r
	})
}
