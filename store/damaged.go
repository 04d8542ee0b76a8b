package store

import (
	"encoding/binary"
	"errors"
	"hash/fnv"
	"io"
	"os"
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
