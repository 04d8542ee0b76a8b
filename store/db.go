package store

import (
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
		return createPostgres(db, outDir, rules)
	}
	return Create(db, rules)
}

// Location names the store db for people: the directory's graph.bolt, or
// the URL without its password.
func Location(db string) string {
	if IsPostgres(db) {
		return Redact(db)
	}
	return db + "/" + linkName
}
