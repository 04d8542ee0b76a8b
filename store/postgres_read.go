package store

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/lib/pq"
)

// WriteNQuads writes the graph kept in the PostgreSQL database db as
// N-Quads, in the order its build wrote them: the same bytes as the
// build's out/graph.nq, so that graphbuild diff and eval work on any
// machine that reaches the server. With previous it writes the build
// before the current one (kept for diff) instead.
//
// Values are decoded by Cayley's own QuadStore, one lookup per distinct
// value, cached: memory grows with the number of distinct values.
func WriteNQuads(db string, previous bool, w io.Writer) error {
	p, err := parsePG(db)
	if err != nil {
		return err
	}
	conn, err := p.connect(10 * time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	gen, prev, err := pgCurrent(context.Background(), conn)
	if err != nil {
		return p.errorf(err)
	}
	if gen == 0 {
		return fmt.Errorf(`%s: no graph here; run "graphbuild build -db URL" first`, p.shown)
	}
	if previous {
		if gen = prev; gen == 0 {
			return fmt.Errorf("%s: no build before the current one is kept; build twice first", p.shown)
		}
	}
	schema := pgSchema(gen)
	qs, err := graph.NewQuadStore("postgres", p.dsn("search_path", schema), nil)
	if err != nil {
		return p.errorf(err)
	}
	defer qs.Close()
	// A generation that lists its blocks (postgres_delta.go) may have been
	// changed block by block: its quads go in the order of the blocks,
	// each block's in the order its quads were stored.
	s := pq.QuoteIdentifier(schema) + "."
	query := `SELECT subject_hash, predicate_hash, object_hash, label_hash FROM ` + s + `quads ORDER BY horizon`
	var listed bool
	if err := conn.QueryRow(`SELECT to_regclass($1) IS NOT NULL`, schema+".gb_blocks").Scan(&listed); err != nil {
		return p.errorf(err)
	}
	if listed {
		query = `SELECT q.subject_hash, q.predicate_hash, q.object_hash, q.label_hash FROM ` + s + `quads q
			LEFT JOIN ` + s + `gb_blocks b ON b.label = q.label_hash ORDER BY coalesce(b.pos, -1), q.horizon`
	}
	rows, err := conn.Query(query)
	if err != nil {
		return p.errorf(err)
	}
	defer rows.Close()
	names := make(map[graph.ValueHash]quad.Value)
	name := func(h csql.NodeHash) (quad.Value, error) {
		if !h.Valid() {
			return nil, nil
		}
		if v, ok := names[h.ValueHash]; ok {
			return v, nil
		}
		v := qs.NameOf(h)
		if v == nil {
			return nil, fmt.Errorf("%s: schema %s: no node for hash %x", p.shown, schema, h.ValueHash[:])
		}
		names[h.ValueHash] = v
		return v, nil
	}
	nw := nquads.NewWriter(w)
	for rows.Next() {
		var hs [4]csql.NodeHash
		if err := rows.Scan(&hs[0], &hs[1], &hs[2], &hs[3]); err != nil {
			return p.errorf(err)
		}
		var q quad.Quad
		for i, d := range quad.Directions {
			v, err := name(hs[i])
			if err != nil {
				return err
			}
			q.Set(d, v)
		}
		if err := nw.WriteQuad(q); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return p.errorf(err)
	}
	return nw.Close()
}
