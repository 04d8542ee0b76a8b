//go:build !linux

package store

import "github.com/boltdb/bolt"

// dropMapped does nothing where madvise is not known to drop a read-only
// mapping's pages harmlessly.
func dropMapped(*bolt.DB, int64) {}
