package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// cacheVersion changes whenever what a block holds for the same inputs
// changes (the extraction, the layout, the cache format), so that a new
// graphbuild never reuses an older one's blocks.
const cacheVersion = "graphbuild-cache-2"

// Cache keeps the blocks of earlier builds in out/cache, one file per
// document and rule file: out/cache/<k[:2]>/<k>, where k is the block's
// key. Blocks are written once (temp + rename) and never changed, so a
// killed build leaves at most an unused file. After each build only the
// blocks of the current graph stay, so the cache is about as big as
// out/graph.nq.
type Cache struct{ dir string }

// OpenCache returns the cache of the output directory outDir.
func OpenCache(outDir string) *Cache { return &Cache{dir: filepath.Join(outDir, "cache")} }

// RulesKey is the part of every document's key that stands for the rule
// file: a hash of its name and text and of the cache version.
func RulesKey(name string, src []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00", cacheVersion, filepath.Base(name), len(src))
	h.Write(src)
	return hex.EncodeToString(h.Sum(nil))
}

// DocKey is the cache key of a document: the rules' key, the file's path
// (the document id and gb:file come from it) and its content.
func DocKey(rulesKey, path string, content []byte) string {
	return DocKeySum(rulesKey, path, sha256.Sum256(content))
}

// DocKeySum is DocKey from the SHA-256 of the content, for a file known
// unchanged without reading it.
func DocKeySum(rulesKey, path string, sum [sha256.Size]byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", rulesKey, filepath.ToSlash(path))
	h.Write(sum[:])
	return hex.EncodeToString(h.Sum(nil))
}

// Dir is the cache's directory. Files at its top are the command's own
// (the file index); blocks live in its subdirectories.
func (c *Cache) Dir() string { return c.dir }

func (c *Cache) path(key string) string {
	return filepath.Join(c.dir, key[:2], key)
}

// Get returns the block stored under key, or nil when there is none. A
// damaged file counts as none: the document is extracted again.
func (c *Cache) Get(key string) *Block {
	if len(key) < 3 {
		return nil
	}
	data, err := readWhole(c.path(key))
	if err != nil {
		return nil
	}
	// The file: "<doc>\n<len(meta)>\n<meta><nquads>", <doc> quoted
	// (strconv.Quote) when it holds a line end or starts with a quote.
	doc, rest, ok := strings.Cut(string(data), "\n")
	if !ok {
		return nil
	}
	if strings.HasPrefix(doc, `"`) { // quoted by Put
		if doc, err = strconv.Unquote(doc); err != nil {
			return nil
		}
	}
	n, rest, ok := strings.Cut(rest, "\n")
	size, err := strconv.Atoi(n)
	if !ok || err != nil || size < 0 || size > len(rest) {
		return nil
	}
	return &Block{Doc: doc, Key: key, Meta: []byte(rest[:size]), NQ: []byte(rest[size:]), stored: true}
}

// Put stores b under b.Key, unless a block is there already. It may be
// called on any goroutine, so that the workers that make blocks store
// them too.
func (c *Cache) Put(b *Block) error {
	if b.stored {
		return nil
	}
	if len(b.Key) < 3 {
		return fmt.Errorf("store: cannot cache block %q", b.Doc)
	}
	path := c.path(b.Key)
	if _, err := os.Stat(path); err == nil {
		b.stored = true
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), b.Key+".*.tmp")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	doc := b.Doc
	if strings.ContainsAny(doc, "\n\r") || strings.HasPrefix(doc, `"`) {
		doc = strconv.Quote(doc) // a file name may hold a newline
	}
	fmt.Fprintf(w, "%s\n%d\n", doc, len(b.Meta))
	w.Write(b.Meta)
	w.Write(b.NQ)
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	b.stored = true
	return nil
}

// PutSame stores b under b.Key as a second name of the block stored under
// prev when the two hold the same quads and record (a rule edit that did
// not change this document): a link costs no copy of the data. It reports
// whether it did; when not, the caller stores b with Put. Either way the
// comparison is made here, on the caller's goroutine, and the writer
// needs not read the old block again (Block.same).
func (c *Cache) PutSame(b *Block, prev string) bool {
	if b.stored || len(b.Key) < 3 || len(prev) < 3 || prev == b.Key {
		return false
	}
	ob := c.Get(prev)
	if ob == nil || ob.Doc != b.Doc || !bytes.Equal(ob.NQ, b.NQ) || !bytes.Equal(ob.Meta, b.Meta) {
		return false
	}
	b.same = prev // the quads are the previous graph's: no delta
	path := c.path(b.Key)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false
	}
	if err := os.Link(c.path(prev), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return false
	}
	b.stored = true
	return true
}

// keepOnly removes every cached block whose key is not in keep, and
// leftovers of killed writes; the files at the top are not blocks, and
// their owner cleans up after itself.
func (c *Cache) keepOnly(keep map[string]bool) error {
	var first error
	err := filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || keep[d.Name()] || filepath.Dir(path) == c.dir {
			return nil
		}
		if err := os.Remove(path); err != nil && first == nil {
			first = err
		}
		return nil
	})
	if err != nil {
		return err
	}
	return first
}

// Size returns the bytes and files in the cache.
func (c *Cache) Size() (bytes int64, files int) {
	filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				bytes += fi.Size()
				files++
			}
		}
		return nil
	})
	return bytes, files
}
