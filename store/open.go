package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/clog"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
)

func init() {
	// Cayley logs through the standard logger, a line per store opened
	// ("using unique index: …"); a library must not print. Its errors are
	// kept: they are the ones it has no other way to report.
	clog.SetLogger(quietLog{})
}

// Graph is a built graph opened for queries.
type Graph struct {
	path    string // out/graph.bolt, for messages
	dir     string // the store directory it pointed at when opened; "" for PostgreSQL
	qs      graph.QuadStore
	running sync.WaitGroup // Gizmo programs, some perhaps still stopping
	adj     adjCache       // relation edges in memory, for ranked paths
	memo    memo           // what queries read of nodes, for the next ones
	bad     atomic.Bool    // a damaged page was met (see guardKV)
}

// memo keeps what every question reads again and again: node values and
// entities. An opened graph never changes (a build makes a new store), so
// nothing in it goes stale; it grows with the nodes read, at most the
// graph's entities and names.
type memo struct {
	names    sync.Map // node key → quad.Value
	entities sync.Map // node key → *Entity (never changed once stored)
}

// Open opens the graph built in outDir for reading. Bolt locks a store
// against other processes, and Cayley would wait for that lock forever;
// Open waits at most timeout (at least one try) and then says the store is
// in use. It opens bolt read-only itself, taking a shared lock, so that any
// number of readers can query at once while a writer (the stock cayley
// command, say) keeps them out.
//
// A postgres:// or postgresql:// URL in place of outDir opens the graph in
// that PostgreSQL database instead (see postgres.go); timeout then bounds
// the connection.
func Open(outDir string, timeout time.Duration) (*Graph, error) {
	if IsPostgres(outDir) {
		return openPostgres(outDir, timeout)
	}
	link := filepath.Join(outDir, linkName)
	noGraph := fmt.Errorf(`%s: no graph here; run "graphbuild build" first`, link)
	if _, err := os.Lstat(link); errors.Is(err, fs.ErrNotExist) {
		return nil, noGraph
	}
	try := timeout
	if try <= 0 {
		try = time.Nanosecond // bolt's 0 means forever
	}
	damaged := damagedError(link)
	switch err := checkBolt(filepath.Join(link, "indexes.bolt")); {
	case errors.Is(err, fs.ErrNotExist):
		return nil, noGraph
	case errors.Is(err, errDamaged):
		return nil, damaged
	case err != nil:
		return nil, fmt.Errorf("%s: %v", link, err)
	}
	// The store the link points at now: a build may point it elsewhere
	// while this graph is open, and the files beside the store (names,
	// edges) must be this store's.
	dir, err := filepath.EvalSymlinks(link)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", link, err)
	}
	db, err := openBolt(filepath.Join(dir, "indexes.bolt"), &bolt.Options{Timeout: try, ReadOnly: true})
	switch {
	case errors.Is(err, errDamaged), errors.Is(err, bolt.ErrInvalid), errors.Is(err, bolt.ErrChecksum), errors.Is(err, bolt.ErrVersionMismatch):
		return nil, damaged
	case errors.Is(err, bolt.ErrTimeout):
		return nil, fmt.Errorf("%s is in use by another process (tried for %v)", link, timeout)
	case errors.Is(err, fs.ErrNotExist):
		return nil, noGraph
	case err != nil:
		return nil, fmt.Errorf("%s: %v", link, err)
	}
	g := &Graph{path: link, dir: dir}
	var size int64
	if fi, err := os.Stat(db.Path()); err == nil {
		size = fi.Size()
	}
	qs, err := kv.New(newGuardKV(db, size, &g.bad), graph.Options{kv.OptNoBloom: true})
	if g.bad.Load() { // guardKV met a damaged page
		if err == nil {
			qs.Close()
		}
		db.Close()
		return nil, damaged
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: not a cayley store: %v", link, err)
	}
	g.qs = qs
	return g, nil
}

// Close releases the store and its lock. It first waits for the Gizmo
// programs of queries that returned early (at a deadline or a limit) to
// stop: bolt unmaps its file on close, under any reader still running.
func (g *Graph) Close() error {
	g.running.Wait()
	if err := g.qs.Close(); err != nil {
		return fmt.Errorf("%s: %v", g.path, err)
	}
	return nil
}
