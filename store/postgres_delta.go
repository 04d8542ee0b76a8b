package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/lib/pq"
)

// Incremental builds in PostgreSQL. A generation built with a cache (see
// CreateInCached) records its blocks in two tables of its own schema,
// beside Cayley's:
//
//	graphbuild_<n>.gb_build    one row: the rules' key (RulesKey)
//	graphbuild_<n>.gb_blocks   a row per block, in order: pos, doc, key,
//	                           and the hash of the document's label
//
// The list lives in the database, not in out/, because it describes the
// generation: it is made current by the same transaction as the graph,
// and it is gone with it. The blocks themselves stay in out/cache.
// The tables have no keys or indexes, so the schema's indexes and
// constraints stay exactly Cayley's.
//
// The next build with the same rules, when the cache in its out/ still
// holds every block the current generation lists, makes its generation a
// copy of the current one (Cayley's Init, then INSERT … SELECT with the
// indexes dropped and rebuilt as in a full load) and applies the
// difference of the blocks to it with Cayley's own ApplyDeltas, deletions
// first, so that hashing and reference counts are Cayley's. A changed
// block is replaced whole (its old quads deleted, its new ones added)
// rather than line by line, so that each block's quads keep the order of
// its N-Quads in Cayley's horizon column: WriteNQuads orders by the
// block's position, then the horizon, and gives graph.nq's bytes. All of this
// happens in the new schema, which no reader sees before the swap; a
// killed build leaves the previous generation current and whole.

// pgReadManifest returns the rules' key and the blocks the generation
// records, or ok false when it records none (built without a cache, or by
// an older graphbuild).
func pgReadManifest(ctx context.Context, db *sql.DB, schema string) (rulesKey string, blocks map[string]string, ok bool, err error) {
	s := pq.QuoteIdentifier(schema) + "."
	err = db.QueryRowContext(ctx, `SELECT rules FROM `+s+`gb_build`).Scan(&rulesKey)
	var pe *pq.Error
	switch {
	case errors.As(err, &pe) && pe.Code == "42P01", errors.Is(err, sql.ErrNoRows):
		return "", nil, false, nil
	case err != nil:
		return "", nil, false, err
	}
	rows, err := db.QueryContext(ctx, `SELECT doc, key FROM `+s+`gb_blocks`)
	if err != nil {
		return "", nil, false, err
	}
	defer rows.Close()
	blocks = make(map[string]string)
	for rows.Next() {
		var doc, key string
		if err := rows.Scan(&doc, &key); err != nil {
			return "", nil, false, err
		}
		blocks[doc] = key
	}
	return rulesKey, blocks, true, rows.Err()
}

// writeManifest records the generation's blocks in its schema.
func (w *pgWriter) writeManifest(ctx context.Context) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s := pq.QuoteIdentifier(w.schema) + "."
	if _, err := tx.ExecContext(ctx, `CREATE TABLE `+s+`gb_build (rules text NOT NULL);
		CREATE TABLE `+s+`gb_blocks (pos integer NOT NULL, doc text NOT NULL, key text NOT NULL, label bytea)`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+s+`gb_build VALUES ($1)`, w.rkey); err != nil {
		return err
	}
	//lint:ignore SA1019 the COPY statement CopyInSchema writes is the one lib/pq's driver knows to stream
	st, err := tx.PrepareContext(ctx, pq.CopyInSchema(w.schema, "gb_blocks", "pos", "doc", "key", "label"))
	if err != nil {
		return err
	}
	for i, m := range w.manifest {
		var label any // NULL for the rule file's block, which has none
		if m.doc != "" {
			label = csql.HashOf(documentIRI(m.doc)).SQLValue()
		}
		if _, err := st.ExecContext(ctx, i, m.doc, m.key, label); err != nil {
			return err
		}
	}
	if _, err := st.ExecContext(ctx); err != nil {
		return err
	}
	st.Close()
	return tx.Commit()
}

// openDelta decides whether this build can change a copy of the current
// generation: same rules, a recorded block list, and every listed block
// in the cache. It returns the current generation's schema, or "".
func (w *pgWriter) openDelta(ctx context.Context) (string, error) {
	cur, _, err := pgCurrent(ctx, w.db)
	if err != nil || cur == 0 {
		return "", err
	}
	schema := pgSchema(cur)
	rulesKey, prev, ok, err := pgReadManifest(ctx, w.db, schema)
	if err != nil || !ok || rulesKey != w.rkey {
		return "", err
	}
	for _, key := range prev {
		if _, err := os.Stat(w.cache.path(key)); err != nil {
			return "", nil
		}
	}
	w.delta = &delta{cache: w.cache, prev: prev, whole: true}
	return schema, nil
}

// beginCopy claims a generation and starts making its schema a copy of
// the schema from, on a goroutine: the blocks' difference is collected in
// memory meanwhile, so the copy runs while the documents are read, and
// applyDelta (or Abort) waits for it.
func (w *pgWriter) beginCopy(ctx context.Context, from string) error {
	if err := w.claim(ctx); err != nil {
		return err
	}
	w.copied = make(chan error, 1)
	go func() { w.copied <- w.copyFrom(ctx, from) }()
	return nil
}

// waitCopy waits for the copy beginCopy started, once, and returns its
// error.
func (w *pgWriter) waitCopy() error {
	if w.copied == nil {
		return nil
	}
	err := <-w.copied
	w.copied = nil
	return err
}

// copyFrom fills the new schema from the schema from: Cayley's tables by
// Cayley's Init (claim), their rows copied with the indexes and
// constraints dropped, then rebuilt from the catalog's definitions, all
// in one transaction.
func (w *pgWriter) copyFrom(ctx context.Context, from string) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	defs, err := pgDropIndexes(ctx, tx, w.schema)
	if err != nil {
		return err
	}
	s, f := pq.QuoteIdentifier(w.schema)+".", pq.QuoteIdentifier(from)+"."
	stmts := []string{
		`SET LOCAL maintenance_work_mem = '256MB'`,
		`INSERT INTO ` + s + `nodes SELECT * FROM ` + f + `nodes`,
		`INSERT INTO ` + s + `quads SELECT * FROM ` + f + `quads`,
		// The copied rows keep their horizons: Cayley's writer numbers
		// the new ones after them.
		`SELECT setval(pg_get_serial_sequence('` + s + `quads', 'horizon'), coalesce(max(horizon), 0) + 1, false) FROM ` + s + `quads`,
	}
	for _, st := range append(stmts, defs...) {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// applyDelta writes the collected difference into the new generation with
// Cayley's postgres writer, and returns the quads changed and the
// documents removed.
func (w *pgWriter) applyDelta(ctx context.Context) (changed, removed int64, err error) {
	if err := w.waitCopy(); err != nil {
		return 0, 0, w.p.errorf(err)
	}
	if removed, err = w.delta.removeGone(w.docs); err != nil {
		return 0, 0, err
	}
	if len(w.delta.del) > 0 || len(w.delta.adds) > 0 {
		qs, err := graph.NewQuadStore("postgres", w.p.dsn("search_path", w.schema), nil)
		if err != nil {
			return 0, 0, w.p.errorf(err)
		}
		changed, err = w.delta.applyTo(qs)
		qs.Close()
		if err != nil {
			return 0, 0, fmt.Errorf("%s (schema %s): %v", w.p.shown, w.schema, scrubErr(err))
		}
	}
	s := pq.QuoteIdentifier(w.schema) + "."
	_, err = w.db.ExecContext(ctx, `ANALYZE `+s+`nodes; ANALYZE `+s+`quads`)
	return changed, removed, err
}

func scrubErr(err error) string { return scrub(err.Error()) }
