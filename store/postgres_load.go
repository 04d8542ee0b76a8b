package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/lib/pq"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// Loading a generation. Cayley's own writer sends one prepared INSERT …
// ON CONFLICT per node and per quad, and bumps a node's reference count
// before it knows the quad was new. This loader instead:
//
//  1. creates the schema's tables with Cayley's own Init, so the layout,
//     the indexes and the foreign keys are exactly Cayley's, then notes
//     their definitions from the catalog and drops them;
//  2. streams, with COPY on two connections, every distinct quad (its four
//     value hashes) straight into Cayley's quads table, in the order
//     written, and every value seen for the first time into an unlogged
//     staging table, hashed and encoded by Cayley's own graph/sql
//     functions (HashOf, NodeValues), while it counts each value's
//     references: how many directions of the distinct quads name it, which
//     is what Cayley's writer would leave after loading each quad once;
//  3. on Commit, copies the counts in, inserts each value with its count
//     into Cayley's nodes table, rebuilds the constraints and indexes from
//     their definitions, and makes the generation current in one
//     transaction (postgres.go).
//
// A quad is stored once. Telling a repeated quad needs no set of every
// quad: quads with a label come a label at a time (a build labels every
// quad of a document with the document, and adds a document once), so a
// set per label is enough, and the few quads without one (the rule
// file's) get a set of their own. emit checks that labels do not come
// back, so a caller that broke this would get an error, not a duplicate.

// nodeColumns are the columns of Cayley's nodes table that hold a value,
// hash first; the staging table has these, and refs is counted at the end.
var nodeColumns = []string{"hash", "value", "value_string", "datatype", "language", "iri", "bnode",
	"value_int", "value_bool", "value_float", "value_time"}

var quadColumns = []string{"subject_hash", "predicate_hash", "object_hash", "label_hash"}

// pgWriter builds a new generation of a graph in PostgreSQL, and the
// graph's N-Quads in outDir, like Writer does for bolt.
type pgWriter struct {
	p      *pgURL
	db     *sql.DB
	lock   *sql.Conn // holds the advisory lock on gen while the build runs
	gen    int64
	schema string
	rules  string

	defs               []string // the statements that rebuild Cayley's indexes
	nodeTx, quadTx     *sql.Tx
	nodeCopy, quadCopy *sql.Stmt
	refs               map[graph.ValueHash]int64 // values sent, with their reference counts
	row                []any                     // a node row, reused

	label      graph.ValueHash              // the label of the quads now coming
	labelQuads map[graph.QuadHash]struct{}  // their distinct quads
	labelsDone map[graph.ValueHash]struct{} // labels whose quads are all written
	unlabelled map[graph.QuadHash]struct{}  // distinct quads without a label

	out    string
	nqPath string
	nqFile *os.File
	nq     *nquads.Writer

	cache    *Cache          // where blocks are kept between builds; nil for none
	rkey     string          // the rules' cache key
	delta    *delta          // or a copy of the current generation, changed by Cayley's writer
	copied   chan error      // the end of that copy, while it runs (beginCopy)
	manifest []manifestEntry // the blocks of this generation, in order

	docs  map[string]bool
	buf   []quad.Quad
	stats Stats
	err   error
	done  bool
}

// createPostgres starts a new generation of the graph in the database db.
// With a cache, the blocks are kept in it and listed in the generation
// (postgres_delta.go); with incremental set as well, the generation is a
// changed copy of the current one when that can be done.
func createPostgres(db, outDir string, rules *schema.File, cache *Cache, rulesKey string, incremental bool) (*pgWriter, error) {
	if rules == nil {
		rules = &schema.File{}
	}
	p, err := parsePG(db)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	conn, err := p.connect(0)
	if err != nil {
		return nil, err
	}
	w := &pgWriter{
		p:          p,
		db:         conn,
		rules:      rules.Name,
		out:        outDir,
		refs:       make(map[graph.ValueHash]int64),
		labelQuads: make(map[graph.QuadHash]struct{}),
		labelsDone: make(map[graph.ValueHash]struct{}),
		unlabelled: make(map[graph.QuadHash]struct{}),
		row:        make([]any, len(nodeColumns)),
		docs:       make(map[string]bool),
		cache:      cache,
		rkey:       rulesKey,
	}
	if err := w.begin(incremental); err != nil {
		w.Abort()
		return nil, w.p.errorf(err)
	}
	f, err := os.CreateTemp(outDir, nqName+".*.tmp")
	if err != nil {
		w.Abort()
		return nil, err
	}
	w.nqFile, w.nqPath, w.nq = f, f.Name(), nquads.NewWriter(f)
	b, err := schemaBlock(rules)
	if err == nil {
		b.Key = schemaKey(b.NQ)
		err = w.addBlock(b)
	}
	if err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

// begin claims a generation, makes its schema with Cayley's tables, and
// opens the two COPY streams; or, for an incremental build, makes the
// schema a copy of the current generation's.
func (w *pgWriter) begin(incremental bool) error {
	ctx := context.Background()
	if err := pgSetup(ctx, w.db); err != nil {
		return err
	}
	if incremental && w.cache != nil {
		from, err := w.openDelta(ctx)
		if err != nil {
			return err
		}
		if from != "" {
			return w.beginCopy(ctx, from)
		}
	}
	if err := w.claim(ctx); err != nil {
		return err
	}
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if w.defs, err = pgDropIndexes(ctx, tx, w.schema); err != nil {
		return err
	}
	// Cayley stamps each quad with now(): here the build's start, through
	// a default that Commit takes away again.
	s := pq.QuoteIdentifier(w.schema)
	if _, err := tx.ExecContext(ctx, `ALTER TABLE `+s+`.quads ALTER COLUMN ts SET DEFAULT now();
		CREATE UNLOGGED TABLE `+s+`.load_nodes AS SELECT `+strings.Join(nodeColumns, ", ")+` FROM `+s+`.nodes WITH NO DATA;
		CREATE UNLOGGED TABLE `+s+`.load_refs (hash bytea, refs bigint)`); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if w.nodeTx, w.nodeCopy, err = w.copyIn("load_nodes", nodeColumns...); err != nil {
		return err
	}
	w.quadTx, w.quadCopy, err = w.copyIn("quads", quadColumns...)
	return err
}

// claim takes the next generation number, its advisory lock, and makes
// its schema with Cayley's tables (Cayley's own Init).
func (w *pgWriter) claim(ctx context.Context) error {
	if err := w.db.QueryRowContext(ctx, `SELECT nextval('`+pgMeta+`.generation')`).Scan(&w.gen); err != nil {
		return err
	}
	lock, err := w.db.Conn(ctx)
	if err != nil {
		return err
	}
	w.lock = lock
	// The lock first, then the schema: a schema without its lock is one a
	// killed build left, which the next build may drop.
	if _, err := lock.ExecContext(ctx, `SELECT pg_advisory_lock($1, $2::int)`, pgLockClass, w.gen); err != nil {
		return err
	}
	w.schema = pgSchema(w.gen)
	if _, err := w.db.ExecContext(ctx, `CREATE SCHEMA `+pq.QuoteIdentifier(w.schema)); err != nil {
		return err
	}
	if err := csql.Init("postgres", w.p.dsn("search_path", w.schema), nil); err != nil {
		return fmt.Errorf("creating Cayley's tables: %v", err)
	}
	return nil
}

// copyIn starts a COPY into a table of the new schema, in a transaction of
// its own.
func (w *pgWriter) copyIn(table string, cols ...string) (*sql.Tx, *sql.Stmt, error) {
	tx, err := w.db.Begin()
	if err != nil {
		return nil, nil, err
	}
	//lint:ignore SA1019 the COPY statement CopyInSchema writes is the one lib/pq's driver knows to stream
	st, err := tx.Prepare(pq.CopyInSchema(w.schema, table, cols...))
	if err != nil {
		tx.Rollback()
		return nil, nil, err
	}
	return tx, st, nil
}

// pgSetup makes the schema that names the current generation, once.
func pgSetup(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, stmt := range []string{
		`SELECT pg_advisory_xact_lock(` + fmt.Sprint(pgLockClass) + `, 0)`,
		`CREATE SCHEMA IF NOT EXISTS ` + pgMeta,
		`CREATE SEQUENCE IF NOT EXISTS ` + pgMeta + `.generation`,
		`CREATE TABLE IF NOT EXISTS ` + pgMeta + `.current (
			one boolean PRIMARY KEY DEFAULT true CHECK (one),
			generation bigint NOT NULL,
			previous bigint)`,
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Add writes the quads of one document, as Writer.Add does.
func (w *pgWriter) Add(r *extract.Result) error {
	if w.done {
		return errors.New("store: Add after Commit or Abort")
	}
	if w.err != nil {
		return w.err
	}
	if r != nil && r.Doc != nil && w.docs[r.Doc.ID] {
		return fmt.Errorf("%s: document %q added twice", r.Doc.Path, r.Doc.ID)
	}
	buf, err := appendDocQuads(w.buf[:0], r, w.rules)
	w.buf = buf
	if err != nil {
		return err
	}
	w.docs[r.Doc.ID] = true
	for _, q := range buf {
		w.emit(q)
		if isRelation(q.Predicate) {
			w.stats.Edges++
		}
	}
	clear(w.buf)
	w.stats.Documents++
	w.stats.Evidence += int64(len(r.Evidence))
	return w.err
}

// AddBlock writes the quads of one document's block, as Add does.
func (w *pgWriter) AddBlock(b *Block) error {
	if w.done {
		return errors.New("store: Add after Commit or Abort")
	}
	if w.err != nil {
		return w.err
	}
	if b == nil || b.Doc == "" {
		return errors.New("store: block without a document")
	}
	if w.docs[b.Doc] {
		return fmt.Errorf("document %q added twice", b.Doc)
	}
	w.docs[b.Doc] = true
	if err := b.loadCached(w.cache); err != nil { // a PreviousBlock
		return err
	}
	_, evidence, edges := countLines(b.NQ)
	if err := w.addBlock(b); err != nil {
		return err
	}
	w.stats.Documents++
	w.stats.Evidence += evidence
	w.stats.Edges += edges
	return nil
}

// addBlock keeps the block in the cache and writes its quads: to the COPY
// streams, or, for an incremental build, into the difference to apply.
func (w *pgWriter) addBlock(b *Block) error {
	if w.cache != nil && b.Key != "" {
		if err := w.cache.Put(b); err != nil {
			w.err = err
			return err
		}
		w.manifest = append(w.manifest, manifestEntry{doc: b.Doc, key: b.Key})
	}
	if w.delta == nil {
		if w.cache != nil && b.Doc != "" {
			w.stats.Changed++ // a fresh generation: every document counts as changed
		}
		qs, err := b.parse()
		if err != nil {
			w.err = err
			return err
		}
		for _, q := range qs {
			w.emit(q)
		}
		b.quads = nil
		return w.err
	}
	if _, err := w.nqFile.Write(b.NQ); err != nil {
		w.err = fmt.Errorf("%s: %v", w.nqPath, err)
		return w.err
	}
	quads, _, _ := countLines(b.NQ)
	w.stats.Quads += quads
	changed, err := w.delta.add(b)
	if err != nil {
		w.err = err
		return err
	}
	if changed && b.Doc != "" {
		w.stats.Changed++
	}
	return nil
}

// emit writes one quad to the N-Quads file and, the first time, to the
// COPY streams.
func (w *pgWriter) emit(q quad.Quad) {
	if w.err != nil {
		return
	}
	if err := w.nq.WriteQuad(q); err != nil {
		w.err = fmt.Errorf("%s: %v", w.nqPath, err)
		return
	}
	w.stats.Quads++
	var qh graph.QuadHash
	for _, d := range quad.Directions {
		if v := q.Get(d); v != nil {
			qh.Set(d, csql.HashOf(v).ValueHash)
		}
	}
	if w.seenQuad(qh) {
		return
	}
	var hashes [4]any // NULL for no label
	for i, d := range quad.Directions {
		h := qh.Get(d)
		if !h.Valid() {
			continue
		}
		hashes[i] = csql.NodeHash{ValueHash: h}.SQLValue()
		n, sent := w.refs[h]
		w.refs[h] = n + 1
		if sent {
			continue
		}
		if err := w.copyNode(csql.NodeHash{ValueHash: h}, q.Get(d)); err != nil {
			w.err = w.p.errorf(err)
			return
		}
	}
	if _, err := w.quadCopy.Exec(hashes[:]...); err != nil {
		w.err = w.p.errorf(err)
	}
}

// seenQuad reports whether the quad was written before, and remembers it;
// see the top of this file.
func (w *pgWriter) seenQuad(qh graph.QuadHash) bool {
	set := w.unlabelled
	if l := qh.Get(quad.Label); l.Valid() {
		if l != w.label {
			if _, done := w.labelsDone[l]; done {
				w.err = fmt.Errorf("store: the quads labelled %x come in two runs", l[:])
				return true
			}
			if w.label.Valid() {
				w.labelsDone[w.label] = struct{}{}
			}
			w.label = l
			clear(w.labelQuads)
		}
		set = w.labelQuads
	}
	if _, ok := set[qh]; ok {
		return true
	}
	set[qh] = struct{}{}
	return false
}

// copyNode sends a value's row, in the columns Cayley's NodeValues chose
// for its type.
func (w *pgWriter) copyNode(h csql.NodeHash, v quad.Value) error {
	typ, vals, err := csql.NodeValues(h, v)
	if err != nil {
		return err
	}
	clear(w.row)
	w.row[0] = vals[0]
	for i, col := range typ.Columns() {
		for j, c := range nodeColumns {
			if c == col {
				w.row[j] = vals[i+1]
			}
		}
	}
	_, err = w.nodeCopy.Exec(w.row...)
	return err
}

// Commit finishes the generation and makes it current; see the top of
// this file. On error the new generation is dropped and the previous graph
// stays current.
func (w *pgWriter) Commit() (Stats, error) {
	if w.done {
		return Stats{}, errors.New("store: Commit after Commit or Abort")
	}
	err := w.commit()
	if err != nil && !w.done {
		w.Abort()
		return Stats{}, err
	}
	w.done = true
	w.close()
	return w.stats, err
}

func (w *pgWriter) commit() error {
	if w.err != nil {
		return w.err
	}
	ctx := context.Background()
	if w.delta != nil {
		n, removed, err := w.applyDelta(ctx)
		if err != nil {
			return err
		}
		w.stats.Delta, w.stats.Changed = n, w.stats.Changed+removed
		w.delta = nil
	} else if err := w.load(ctx); err != nil {
		return err
	}
	if err := w.closeNQ(); err != nil {
		return err
	}
	if w.cache != nil {
		if err := w.writeManifest(ctx); err != nil {
			return w.p.errorf(err)
		}
	}
	prev, err := w.swap(ctx)
	if err != nil {
		return w.p.errorf(err)
	}
	// The new generation is current: nothing after this may undo it.
	w.done = true
	w.dropOld(ctx, prev)
	nq := filepath.Join(w.out, nqName)
	os.Rename(nq, filepath.Join(w.out, prevName))
	if err := os.Rename(w.nqPath, nq); err != nil {
		return fmt.Errorf("the graph is in place in %s, but not its n-quads: %v", w.p.shown, err)
	}
	if w.cache != nil {
		keep := make(map[string]bool, len(w.manifest))
		for _, m := range w.manifest {
			keep[m.key] = true
		}
		w.cache.keepOnly(keep) // a block left over costs only space
	}
	return syncDir(w.out)
}

// load ends the COPY streams and turns what they sent into Cayley's
// tables (finish).
func (w *pgWriter) load(ctx context.Context) error {
	for _, c := range []struct {
		st *sql.Stmt
		tx *sql.Tx
	}{{w.nodeCopy, w.nodeTx}, {w.quadCopy, w.quadTx}} {
		if _, err := c.st.Exec(); err != nil {
			return w.p.errorf(err)
		}
		c.st.Close()
		if err := c.tx.Commit(); err != nil {
			return w.p.errorf(err)
		}
	}
	w.nodeTx, w.quadTx = nil, nil
	if err := w.copyRefs(); err != nil {
		return w.p.errorf(err)
	}
	if err := w.finish(ctx); err != nil {
		return w.p.errorf(err)
	}
	return nil
}

// copyRefs copies the reference counts into their staging table.
func (w *pgWriter) copyRefs() error {
	tx, st, err := w.copyIn("load_refs", "hash", "refs")
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for h, n := range w.refs {
		if _, err := st.Exec(csql.NodeHash{ValueHash: h}.SQLValue(), n); err != nil {
			return err
		}
	}
	if _, err := st.Exec(); err != nil {
		return err
	}
	st.Close()
	w.refs, w.labelQuads, w.labelsDone, w.unlabelled = nil, nil, nil, nil
	return tx.Commit()
}

// finish turns the staged values into Cayley's nodes table and rebuilds
// the indexes and constraints, in one transaction. The memory settings
// are for the sorts of the index builds, for this transaction only.
func (w *pgWriter) finish(ctx context.Context) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s := pq.QuoteIdentifier(w.schema) + "."
	stmts := []string{
		`SET LOCAL maintenance_work_mem = '256MB'`,
		`SET LOCAL work_mem = '64MB'`,
		`INSERT INTO ` + s + `nodes (refs, ` + strings.Join(nodeColumns, ", ") + `) SELECT r.refs, n.` +
			strings.Join(nodeColumns, ", n.") + ` FROM ` + s + `load_nodes AS n JOIN ` + s + `load_refs AS r ON r.hash = n.hash ORDER BY n.hash`,
		`DROP TABLE ` + s + `load_nodes, ` + s + `load_refs`,
		`ALTER TABLE ` + s + `quads ALTER COLUMN ts DROP DEFAULT`,
	}
	stmts = append(stmts, w.defs...)
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = w.db.ExecContext(ctx, `ANALYZE `+s+`nodes; ANALYZE `+s+`quads`)
	return err
}

// pgDropIndexes drops the constraints and indexes of the tables in schema
// and returns the statements that make them again, in an order that
// works: keys, then other indexes, then foreign keys. The definitions are
// the catalog's, so they are whatever Cayley's Init made.
func pgDropIndexes(ctx context.Context, tx *sql.Tx, schema string) ([]string, error) {
	var drop, keys, indexes, fks []string
	rows, err := tx.QueryContext(ctx, `SELECT c.conname, c.contype, format('%I.%I', n.nspname, t.relname), pg_get_constraintdef(c.oid)
		FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = $1 AND c.contype IN ('p', 'u', 'f') ORDER BY c.contype = 'f' DESC, c.conname`, schema)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name, typ, table, def string
		if err := rows.Scan(&name, &typ, &table, &def); err != nil {
			rows.Close()
			return nil, err
		}
		drop = append(drop, `ALTER TABLE `+table+` DROP CONSTRAINT `+pq.QuoteIdentifier(name))
		add := `ALTER TABLE ` + table + ` ADD CONSTRAINT ` + pq.QuoteIdentifier(name) + ` ` + def
		if typ == "f" {
			fks = append(fks, add)
		} else {
			keys = append(keys, add)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT format('%I.%I', schemaname, indexname), indexdef FROM pg_indexes
		WHERE schemaname = $1 AND indexname NOT IN (
			SELECT c.conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1)
		ORDER BY indexname`, schema)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		drop = append(drop, `DROP INDEX `+name)
		indexes = append(indexes, def)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, st := range drop {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return nil, err
		}
	}
	return append(append(keys, indexes...), fks...), nil
}

// swap makes the new generation current and points the views at it, in
// one transaction. It refuses if a later build has committed meanwhile.
// It returns the generation that is now the previous one.
func (w *pgWriter) swap(ctx context.Context) (int64, error) {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, 0)`, pgLockClass); err != nil {
		return 0, err
	}
	cur, _, err := pgCurrent(ctx, tx)
	if err != nil {
		return 0, err
	}
	if cur > w.gen {
		return 0, fmt.Errorf("a later build (generation %d) was committed meanwhile; this one (%d) is dropped", cur, w.gen)
	}
	var prev any
	if cur != 0 {
		prev = cur
	}
	s := pq.QuoteIdentifier(w.schema) + "."
	for _, st := range []string{
		`INSERT INTO ` + pgMeta + `.current (generation, previous) VALUES ($1, $2)
			ON CONFLICT (one) DO UPDATE SET generation = EXCLUDED.generation, previous = EXCLUDED.previous`,
		`CREATE OR REPLACE VIEW ` + pgMeta + `.nodes AS SELECT * FROM ` + s + `nodes`,
		`CREATE OR REPLACE VIEW ` + pgMeta + `.quads AS SELECT * FROM ` + s + `quads`,
	} {
		var args []any
		if strings.HasPrefix(st, "INSERT") {
			args = []any{w.gen, prev}
		}
		if _, err := tx.ExecContext(ctx, st, args...); err != nil {
			return 0, err
		}
	}
	return cur, tx.Commit()
}

// dropOld drops every generation but the current and the previous one
// whose build is not running: replaced ones, and those of killed builds.
// It is tidying: what it cannot drop now (a reader still in a query holds
// a lock) the next build drops.
func (w *pgWriter) dropOld(ctx context.Context, prev int64) {
	rows, err := w.db.QueryContext(ctx, `SELECT nspname FROM pg_namespace WHERE nspname ~ $1`, pgSchemaRE.String())
	if err != nil {
		return
	}
	var old []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil && name != w.schema && name != pgSchema(prev) {
			old = append(old, name)
		}
	}
	rows.Close()
	for _, name := range old {
		gen := pgSchemaRE.FindStringSubmatch(name)[1]
		var free bool
		if w.lock.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1, $2::int)`, pgLockClass, gen).Scan(&free) != nil || !free {
			continue // a build still running
		}
		w.lock.ExecContext(ctx, `SET lock_timeout = '2s'`)
		w.lock.ExecContext(ctx, `DROP SCHEMA `+pq.QuoteIdentifier(name)+` CASCADE`)
		w.lock.ExecContext(ctx, `SELECT pg_advisory_unlock($1, $2::int)`, pgLockClass, gen)
	}
}

// closeNQ flushes, syncs and closes the N-Quads file, once.
func (w *pgWriter) closeNQ() error {
	if w.nqFile == nil {
		return nil
	}
	err := closeNQTemp(w.nqPath, w.nqFile, w.nq.Close)
	w.nqFile, w.nq = nil, nil
	return err
}

// close releases the connections; the advisory lock goes with its session.
func (w *pgWriter) close() {
	if w.lock != nil {
		w.lock.Close()
		w.lock = nil
	}
	if w.db != nil {
		w.db.Close()
		w.db = nil
	}
}

// Abort stops the build and drops its generation and its files; the
// previous graph stays current. Abort after Commit does nothing.
func (w *pgWriter) Abort() error {
	if w.done {
		return nil
	}
	w.done = true
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	for _, tx := range []*sql.Tx{w.nodeTx, w.quadTx} {
		if tx != nil {
			tx.Rollback()
		}
	}
	w.waitCopy() // its error does not matter: the schema goes
	if w.schema != "" && w.db != nil {
		_, err := w.db.Exec(`DROP SCHEMA IF EXISTS ` + pq.QuoteIdentifier(w.schema) + ` CASCADE`)
		if err != nil {
			keep(w.p.errorf(err))
		}
	}
	w.close()
	keep(discardNQTemp(w.nqPath, w.nqFile))
	w.nqFile, w.nq = nil, nil
	return first
}
