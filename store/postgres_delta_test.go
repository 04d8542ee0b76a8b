package store

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/internal/pgtest"
)

// buildBlocks builds docs into db as the build command does: each as a
// block with a cache key, the cache in out.
func buildBlocks(t *testing.T, db, out, rulesKey string, docs []*extract.Result, incremental bool) Stats {
	t.Helper()
	w, err := CreateInCached(db, out, testRules(), OpenCache(out), rulesKey, incremental)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range docs {
		b, err := Encode(r, testRules().Name)
		if err != nil {
			w.Abort()
			t.Fatal(err)
		}
		b.Key = DocKey(rulesKey, r.Doc.Path, b.NQ)
		if err := w.AddBlock(b); err != nil {
			w.Abort()
			t.Fatal(err)
		}
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// pgTables returns the rows of the current generation's nodes (hash, value
// columns, reference count) and quads (the four hashes), sorted, and its
// index and constraint definitions: what must not depend on how the
// generation was made.
func pgTables(t *testing.T, db string) map[string][]string {
	t.Helper()
	p, _ := parsePG(db)
	conn, err := p.connect(0)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var gen int64
	if err := conn.QueryRow(`SELECT generation FROM graphbuild.current`).Scan(&gen); err != nil {
		t.Fatal(err)
	}
	s := pgSchema(gen)
	out := make(map[string][]string)
	for name, q := range map[string]string{
		"nodes":       `SELECT hash, refs, value, value_string, datatype, language, iri, bnode, value_int, value_bool, value_float, value_time FROM S.nodes`,
		"quads":       `SELECT subject_hash, predicate_hash, object_hash, label_hash FROM S.quads`,
		"indexes":     `SELECT indexname, regexp_replace(indexdef, ' ON [a-z_0-9]+\.', ' ON ') FROM pg_indexes WHERE schemaname = 'S.'`,
		"constraints": `SELECT conname, regexp_replace(pg_get_constraintdef(c.oid), '[a-z_0-9]+\.', '') FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'S.'`,
		"refs": `SELECT hash FROM S.nodes n WHERE refs <> (SELECT count(*) FROM S.quads q WHERE q.subject_hash = n.hash) +
			(SELECT count(*) FROM S.quads q WHERE q.predicate_hash = n.hash) + (SELECT count(*) FROM S.quads q WHERE q.object_hash = n.hash) +
			(SELECT count(*) FROM S.quads q WHERE q.label_hash = n.hash)`,
	} {
		out[name] = sqlRows(t, conn, strings.ReplaceAll(strings.ReplaceAll(q, "'S.'", "'"+s+"'"), "S.", s+"."))
	}
	return out
}

func sqlRows(t *testing.T, conn *sql.DB, query string) []string {
	t.Helper()
	rs, err := conn.Query(query)
	if err != nil {
		t.Fatalf("%v: %s", err, query)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var lines []string
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%x", vals))
	}
	sort.Strings(lines)
	return lines
}

// renamed is document b of testDocs under another id.
func renamed(id string) *extract.Result {
	r := testDocs()[1]
	d := *r.Doc
	d.ID, d.Path = id, "corpus/"+id+".txt"
	r.Doc = &d
	for i := range r.Evidence {
		r.Evidence[i].Doc = id
	}
	return r
}

// TestPostgresIncremental rebuilds after a document is added, changed and
// removed, and after a rule change, and compares each generation with a
// full build of the same documents into another database: the same rows
// (nodes with their reference counts, quads), Cayley's indexes and
// constraints, the same N-Quads read back and the same graph.nq.
func TestPostgresIncremental(t *testing.T) {
	db, out := pgtest.URL(t), t.TempDir()
	a, b := testDocs()[0], testDocs()[1]
	changed := testDocs()[0]
	d := *changed.Doc
	d.Title = "Another title"
	changed.Doc = &d
	changed.Mentions = changed.Mentions[:len(changed.Mentions)-1]

	if st := buildBlocks(t, db, out, "rules-1", []*extract.Result{a, b}, true); st.Delta != 0 {
		t.Fatalf("first build: %d quads changed; want a full load", st.Delta)
	}
	steps := []struct {
		name  string
		rules string
		docs  []*extract.Result
		delta bool // whether the build changes a copy
	}{
		{"nothing", "rules-1", []*extract.Result{a, b}, true},
		{"document added", "rules-1", []*extract.Result{a, b, renamed("c")}, true},
		{"document changed", "rules-1", []*extract.Result{changed, b, renamed("c")}, true},
		{"document removed", "rules-1", []*extract.Result{changed, renamed("c")}, true},
		{"rules changed", "rules-2", []*extract.Result{changed, renamed("c")}, false},
		{"after the rules", "rules-2", []*extract.Result{renamed("c"), a}, true},
	}
	for _, step := range steps {
		st := buildBlocks(t, db, out, step.rules, step.docs, true)
		fullDB, fullOut := pgtest.URL(t), t.TempDir()
		want := buildBlocks(t, fullDB, fullOut, step.rules, step.docs, false)
		if incr := st.Delta > 0 || (st.Changed == 0 && step.name == "nothing"); incr != step.delta {
			t.Errorf("%s: %d quads changed in a copy, %d documents changed; want a copy: %v", step.name, st.Delta, st.Changed, step.delta)
		}
		st.Delta, st.Changed, want.Delta, want.Changed = 0, 0, 0, 0
		if st != want {
			t.Errorf("%s: stats %+v, full build %+v", step.name, st, want)
		}
		got, full := pgTables(t, db), pgTables(t, fullDB)
		if len(got["nodes"]) == 0 || len(got["indexes"]) < 8 || len(got["constraints"]) < 6 || len(got["refs"]) != 0 {
			t.Errorf("%s: %d nodes, %d indexes, %d constraints, %d wrong reference counts", step.name,
				len(got["nodes"]), len(got["indexes"]), len(got["constraints"]), len(got["refs"]))
		}
		for k := range full {
			if !reflect.DeepEqual(got[k], full[k]) {
				t.Errorf("%s: %s: %d rows, %d in the full build's; they differ", step.name, k, len(got[k]), len(full[k]))
			}
		}
		var x, y bytes.Buffer
		if err := WriteNQuads(db, false, &x); err != nil {
			t.Fatal(err)
		}
		if err := WriteNQuads(fullDB, false, &y); err != nil {
			t.Fatal(err)
		}
		if x.Len() == 0 || !bytes.Equal(x.Bytes(), y.Bytes()) {
			t.Errorf("%s: the N-Quads read back differ from the full build's", step.name)
		}
		g, _ := os.ReadFile(filepath.Join(out, nqName))
		f, _ := os.ReadFile(filepath.Join(fullOut, nqName))
		if len(g) == 0 || !bytes.Equal(g, f) {
			t.Errorf("%s: graph.nq differs from the full build's", step.name)
		}
	}
}

// TestPostgresIncrementalAbort abandons an incremental build after its
// copy was made and its blocks added: the current generation stays, row for
// row, and the next incremental build still works from it.
func TestPostgresIncrementalAbort(t *testing.T) {
	db, out := pgtest.URL(t), t.TempDir()
	a, b := testDocs()[0], testDocs()[1]
	buildBlocks(t, db, out, "rules-1", []*extract.Result{a, b}, true)
	before := pgTables(t, db)
	cur, err := CurrentBuild(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}

	w, err := CreateInCached(db, out, testRules(), OpenCache(out), "rules-1", true)
	if err != nil {
		t.Fatal(err)
	}
	if w.(*pgWriter).delta == nil {
		t.Fatal("the build does not copy the current generation")
	}
	for _, r := range []*extract.Result{a, renamed("c")} {
		bl, err := Encode(r, testRules().Name)
		if err != nil {
			t.Fatal(err)
		}
		bl.Key = DocKey("rules-1", r.Doc.Path, bl.NQ)
		if err := w.AddBlock(bl); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if now, _ := CurrentBuild(t.Context(), db); now != cur {
		t.Errorf("current build %q after the abort; want %q", now, cur)
	}
	if after := pgTables(t, db); !reflect.DeepEqual(after, before) {
		t.Error("the current generation changed under an aborted build")
	}
	if st := buildBlocks(t, db, out, "rules-1", []*extract.Result{b}, true); st.Delta == 0 {
		t.Error("the build after the abort is not incremental")
	}
}
