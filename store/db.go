package store

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// A graph lives in one of two stores, named by one string (graphbuild's
// -db flag): a directory holds a bolt store (graph.bolt, see the package
// comment), and a postgres:// or postgresql:// URL names a PostgreSQL
// database that holds the graph in Cayley's SQL layout (see postgres.go).

// Builder is a graph being built: documents added one at a time, then put
// in place whole by Commit, or dropped by Abort. Both stores build this
// way; nothing a Builder writes is visible to readers before Commit.
type Builder interface {
	Add(r *extract.Result) error
	AddBlock(b *Block) error // a document's block, made by Encode or taken from the cache
	Commit() (Stats, error)
	Abort() error
}

// CreateIn starts a new graph in db: a bolt store in the directory db, or
// a new generation in the PostgreSQL database db. Either way the graph's
// N-Quads go to outDir/graph.nq (the previous ones to outDir/previous.nq),
// which graphbuild diff and eval read.
func CreateIn(db, outDir string, rules *schema.File) (Builder, error) {
	if IsPostgres(db) {
		return createPostgres(db, outDir, rules, nil, "", false)
	}
	return Create(db, rules)
}

// CreateInCached is CreateIn with a cache of blocks, as CreateCached: for
// a bolt store the cache is its directory's, for PostgreSQL outDir's
// (cache is OpenCache of it). With incremental set, a PostgreSQL build
// with the rules of the current generation copies that generation and
// changes it by the blocks' difference (postgres_delta.go).
func CreateInCached(db, outDir string, rules *schema.File, cache *Cache, rulesKey string, incremental bool) (Builder, error) {
	if IsPostgres(db) {
		return createPostgres(db, outDir, rules, cache, rulesKey, incremental)
	}
	return CreateCached(db, rules, cache, rulesKey, incremental)
}

// Location names the store db for people: the directory's graph.bolt, or
// the URL without its password.
func Location(db string) string {
	if IsPostgres(db) {
		return Redact(db)
	}
	return db + "/" + linkName
}

// CurrentBuild names the build of the graph in db that Open would open
// now: the directory out/graph.bolt links to, or the PostgreSQL
// generation. Every build changes it, so a long-running reader (graphbuild
// serve) compares it to notice a new graph. It is "" for a bolt store
// written by hand, where graph.bolt is a real directory that never changes.
func CurrentBuild(ctx context.Context, db string) (string, error) {
	if !IsPostgres(db) {
		target, err := os.Readlink(filepath.Join(db, linkName))
		if err != nil {
			return "", nil
		}
		return target, nil
	}
	p, err := parsePG(db)
	if err != nil {
		return "", err
	}
	conn, err := p.connect(5 * time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	gen, _, err := pgCurrent(ctx, conn)
	if err != nil {
		return "", p.errorf(err)
	}
	return pgSchema(gen), nil
}
