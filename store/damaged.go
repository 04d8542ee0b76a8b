package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/boltdb/bolt"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
)

// errDamaged says that a store cannot be read as it is.
var errDamaged = errors.New("damaged")

// checkBolt looks at a bolt file's two meta pages before bolt maps it:
// bolt trusts them, and panics or faults (a fatal error that no recover
// catches) on a file cut short or overwritten. It returns errDamaged
// when neither meta page is whole, or when the file is shorter than the
// pages the newest one counts.
func checkBolt(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	buf := make([]byte, 128)
	read := func(off int64) (pageSize, pages, txid uint64, ok bool) {
		if n, err := f.ReadAt(buf, off); n < len(buf) && err != io.EOF || n < 80 {
			return 0, 0, 0, false
		}
		// Page header (16 bytes), then magic, version, page size, flags,
		// root bucket (16), freelist page, page count, txid, checksum:
		// in the machine's byte order, as bolt writes them.
		e := binary.NativeEndian
		h := fnv.New64a()
		h.Write(buf[16:72])
		if e.Uint32(buf[16:]) != 0xED0CDAED || e.Uint32(buf[20:]) != 2 ||
			e.Uint64(buf[72:]) != 0 && e.Uint64(buf[72:]) != h.Sum64() {
			return 0, 0, 0, false
		}
		return uint64(e.Uint32(buf[24:])), e.Uint64(buf[56:]), e.Uint64(buf[64:]), true
	}
	size0, pages0, tx0, ok0 := read(0)
	next := int64(size0)
	if !ok0 || next <= 0 {
		next = int64(os.Getpagesize())
	}
	size1, pages1, tx1, ok1 := read(next)
	size, pages := size0, pages0
	switch {
	case ok0 && ok1 && tx1 > tx0, !ok0 && ok1:
		size, pages = size1, pages1
	case !ok0 && !ok1:
		return errDamaged
	}
	if size == 0 || uint64(fi.Size()) < size*pages {
		return errDamaged
	}
	return nil
}

// openBolt is bolt.Open, which reads the freelist page and may panic or
// fault on it, with the panic turned into errDamaged. (A panic there
// leaves the file open and locked until the process ends.)
func openBolt(path string, opt *bolt.Options) (db *bolt.DB, err error) {
	defer guardKV{bad: new(atomic.Bool)}.catch(&err, debug.SetPanicOnFault(true))
	return bolt.Open(path, 0o600, opt)
}

// damagedError is the one message of a store that cannot be read.
func damagedError(link string) error {
	return fmt.Errorf("%s is damaged; rebuild with graphbuild build", link)
}

// guardKV is the key-value layer under Cayley with a recover where bolt
// is called. Bolt v1.3.1 trusts its data pages (it keeps no checksum of
// them) and panics on a damaged one ("invalid page type", an index out of
// range), or faults reading past its memory map, on whatever goroutine
// reads it: Gizmo runs its program on a goroutine of its own, where no
// caller can recover. guardKV turns faults into panics while bolt runs
// (debug.SetPanicOnFault, made for memory-mapped files), a panic into
// errDamaged, and marks the graph damaged; Graph.guard then gives the
// caller of the exported method the damaged error, whatever Cayley made
// of errDamaged (it reads some errors as "no value").
//
// Cayley reads the values bolt returns after the guarded call, where a
// fault would be fatal: a value of a damaged page may point anywhere. So
// a value is handed on as it is only when it lies within the file's bytes
// in the memory map, which can be read without a fault (the store is
// opened read-only and never written again: a build makes a new one);
// any other is copied while guarded. (Copying every value was most of
// the guard's cost on a scan: BenchmarkGuardScan.)
type guardKV struct {
	hkv.KV
	bad    *atomic.Bool
	lo, hi uintptr // the file's bytes in bolt's memory map; 0, 0: copy every value
}

// newGuardKV guards db, a read-only bolt store whose file was size bytes
// when it was opened.
func newGuardKV(db *bolt.DB, size int64, bad *atomic.Bool) guardKV {
	lo := db.Info().Data
	return guardKV{KV: hbolt.New(db), bad: bad, lo: lo, hi: lo + uintptr(size)}
}

// own returns v, or a copy of it when it does not lie within the mapped
// file. It must be called while guarded.
func (d guardKV) own(v []byte) []byte {
	if len(v) == 0 {
		return v
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(v)))
	if d.lo != 0 && p >= d.lo && p <= d.hi && uintptr(len(v)) <= d.hi-p {
		return v
	}
	return bytes.Clone(v)
}

// catch is deferred by every guarded call into bolt, with the fault mode
// to restore: defer d.catch(&err, debug.SetPanicOnFault(true)).
func (d guardKV) catch(err *error, fault bool) {
	debug.SetPanicOnFault(fault)
	if r := recover(); r != nil {
		d.bad.Store(true)
		*err = errDamaged
	}
}

func (d guardKV) Tx(rw bool) (_ hkv.Tx, err error) {
	defer d.catch(&err, debug.SetPanicOnFault(true))
	tx, err := d.KV.Tx(rw)
	if err != nil {
		return nil, err
	}
	return guardTx{tx, d}, nil
}

type guardTx struct {
	hkv.Tx
	d guardKV
}

func (tx guardTx) Get(ctx context.Context, k hkv.Key) (_ hkv.Value, err error) {
	defer tx.d.catch(&err, debug.SetPanicOnFault(true))
	v, err := tx.Tx.Get(ctx, k)
	return tx.d.own(v), err
}

func (tx guardTx) GetBatch(ctx context.Context, keys []hkv.Key) (_ []hkv.Value, err error) {
	defer tx.d.catch(&err, debug.SetPanicOnFault(true))
	vs, err := tx.Tx.GetBatch(ctx, keys)
	for i, v := range vs {
		vs[i] = tx.d.own(v)
	}
	return vs, err
}

func (tx guardTx) Scan(pref hkv.Key) hkv.Iterator {
	return &guardIter{Iterator: tx.Tx.Scan(pref), d: tx.d}
}

// guardIter is a guarded bolt iterator; after damage it ends, and Err
// says errDamaged. Each step copies the key out of the map in the same
// guarded call as the step, and checks the value on the first Val of the
// step: one guarded call per step rather than one per method, and a key
// asked for twice is copied once.
type guardIter struct {
	hkv.Iterator
	d   guardKV
	err error
	key hkv.Key   // the current key, a copy
	val hkv.Value // the current value, a copy, once Val has been called
	got bool      // val is set for this step
}

func (it *guardIter) Next(ctx context.Context) (ok bool) {
	if it.err != nil {
		return false
	}
	it.key, it.val, it.got = nil, nil, false
	defer func() { ok = ok && it.err == nil }()
	defer it.d.catch(&it.err, debug.SetPanicOnFault(true))
	if !it.Iterator.Next(ctx) {
		return false
	}
	it.key = it.Iterator.Key() // a copy already
	return true
}

func (it *guardIter) Key() hkv.Key { return it.key }

func (it *guardIter) Val() hkv.Value {
	if !it.got && it.err == nil {
		it.val, it.got = it.copyVal(), true
	}
	return it.val
}

func (it *guardIter) copyVal() (v hkv.Value) {
	defer it.d.catch(&it.err, debug.SetPanicOnFault(true))
	return it.d.own(it.Iterator.Val())
}

func (it *guardIter) Err() error {
	if it.err != nil {
		return it.err
	}
	return it.Iterator.Err()
}

// guard is the API edge: every exported read method of Graph starts with
// defer g.guard(&err)(). It turns faults into panics for the method's
// goroutine, a panic of Cayley or bolt on a damaged page into the damaged
// error, and so does it with any damage guardKV met on another goroutine.
// A panic raised in this module's own code is a bug and goes on.
func (g *Graph) guard(err *error) func() {
	fault := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(fault)
		if r := recover(); r != nil {
			if !fromLibrary(debug.Stack()) {
				panic(r)
			}
			g.bad.Store(true)
		}
		if g.bad.Load() {
			*err = damagedError(g.path)
		}
	}
}

// fromLibrary reports whether the panic whose stack is given (by
// debug.Stack in a deferred recover) was raised in bolt, its key-value
// wrapper or Cayley, rather than in this module.
func fromLibrary(stack []byte) bool {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "panic(") {
			continue
		}
		for _, f := range lines[i+1:] {
			if strings.HasPrefix(f, "\t") || strings.HasPrefix(f, "runtime.") || strings.HasPrefix(f, "panic(") {
				continue
			}
			return strings.HasPrefix(f, "github.com/boltdb/") || strings.HasPrefix(f, "github.com/hidal-go/") ||
				strings.HasPrefix(f, "github.com/cayleygraph/")
		}
	}
	return false
}

// Damaged is the error of this store when a caller finds its answers
// disagreeing with each other (see Whole): bolt keeps no checksum of its
// data pages, so a damaged page can also read as missing data.
func (g *Graph) Damaged() error {
	return damagedError(g.path)
}

// Whole reports whether every path has one entity more than hops and an
// edge in each hop, as Paths makes them from a sound store. A path whose
// hop has no edge comes from indexes that disagree: the edge was found in
// one scan and missed when read again.
func Whole(paths []Path) bool {
	for _, p := range paths {
		if len(p.Entities) != len(p.Hops)+1 {
			return false
		}
		for _, h := range p.Hops {
			if len(h.Links) == 0 {
				return false
			}
		}
	}
	return true
}
