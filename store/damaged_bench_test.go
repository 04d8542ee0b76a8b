package store

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/boltdb/bolt"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
)

// BenchmarkGuardScan is the cost of guardKV per key: a scan of every key
// and value of a built store straight through bolt, and through the
// guard (a recover and the fault mode per step, values copied out of
// the memory map).
//
//	go test ./store/ -run '^$' -bench BenchmarkGuardScan -count 8
func BenchmarkGuardScan(b *testing.B) {
	out := b.TempDir()
	build(b, out, testRules(), testDocs())
	db, err := bolt.Open(filepath.Join(out, "graph.bolt", "indexes.bolt"), 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		name string
		kv   hkv.KV
	}{
		{"bolt", hbolt.New(db)},
		{"guarded", newGuardKV(db, fileSize(b, db.Path()), new(atomic.Bool))},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			keys := 0
			for b.Loop() {
				tx, err := c.kv.Tx(false)
				if err != nil {
					b.Fatal(err)
				}
				it := tx.Scan(nil)
				for it.Next(ctx) {
					keys++
					_, _ = it.Key(), it.Val()
				}
				if err := it.Err(); err != nil {
					b.Fatal(err)
				}
				it.Close()
				tx.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(keys), "ns/key")
		})
	}
}

func fileSize(tb testing.TB, path string) int64 {
	tb.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fi.Size()
}
