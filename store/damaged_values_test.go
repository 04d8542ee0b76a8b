package store

import (
	"errors"
	"path/filepath"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/boltdb/bolt"
)

// TestGuardOwn: a value bolt returns from within the store file's bytes
// in its memory map is handed on as it is (reading it cannot fault), and
// one that reaches past them, as a damaged page's may, is read only under
// the guard: its fault becomes errDamaged, where Cayley reading it later
// would have crashed the process.
func TestGuardOwn(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	path := filepath.Join(out, linkName, "indexes.bolt")
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	size := fileSize(t, path)
	d := newGuardKV(db, size, new(atomic.Bool))
	// A value as bolt returns it: a slice of its memory map, which stays
	// while db is open (read-only, it never maps again).
	var inside []byte
	db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			c := b.Cursor()
			for k, v := c.First(); k != nil && inside == nil; k, v = c.Next() {
				if len(v) > 0 {
					inside = v
				}
			}
			return nil
		})
	})
	if inside == nil {
		t.Fatal("no value in the store")
	}
	at := func(off uintptr, n int) []byte { // n bytes from off in the map
		p := unsafe.Pointer(unsafe.SliceData(inside))
		return unsafe.Slice((*byte)(unsafe.Add(p, int(off)-int(uintptr(p)-d.lo))), n)
	}

	own := func(v []byte) (got []byte, err error) {
		defer d.catch(&err, debug.SetPanicOnFault(true))
		return d.own(v), nil
	}
	if got, err := own(inside); err != nil || unsafe.SliceData(got) != unsafe.SliceData(inside) || len(got) != len(inside) {
		t.Errorf("a value inside the file: %v, copied: %v", err, unsafe.SliceData(got) != unsafe.SliceData(inside))
	}
	outside := []byte("a value bolt did not map")
	if got, err := own(outside); err != nil || unsafe.SliceData(got) == unsafe.SliceData(outside) || string(got) != string(outside) {
		t.Errorf("a value outside the map: %v, copied: %v", err, unsafe.SliceData(got) != unsafe.SliceData(outside))
	}
	// Past the file's end, as a damaged element's size makes it: a page
	// of the map past the file (SIGBUS) or no map at all (SIGSEGV).
	const past = 1 << 20
	beyond := at(uintptr(size)-16, 16+past)
	if _, err := own(beyond); !errors.Is(err, errDamaged) || !d.bad.Load() {
		t.Errorf("a value past the file's end: %v, marked damaged: %v; want errDamaged", err, d.bad.Load())
	}
}
