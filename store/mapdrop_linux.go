package store

import (
	"syscall"

	"github.com/boltdb/bolt"
)

// dropMapped gives back the pages of bolt's file mapping that the process
// has touched, up to size bytes (the store's size when a transaction
// ends). Bolt maps its file read-only and writes with pwrite; a write
// transaction reads the pages it changes through the mapping, and the
// kernel maps neighbouring cached pages with them, so a store written in
// many transactions would keep tens of MiB of its file resident in the
// process (30 MiB of 137 at 16k documents, bench/README.md) although no
// page is read again but the right edge of each tree. MADV_DONTNEED on a
// read-only shared mapping drops only the process's page table entries:
// the file's pages stay in the page cache, and a later read maps them
// again. An error is ignored: it is advice.
func dropMapped(db *bolt.DB, size int64) {
	info := db.Info()
	if info == nil || info.Data == 0 || size <= 0 {
		return
	}
	syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(size), syscall.MADV_DONTNEED)
}
