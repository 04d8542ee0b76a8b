package store

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/clog"
	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/internal/pgtest"
	"github.com/graphbuild/graphbuild/schema"
)

// buildIn writes a graph of docs into db (N-Quads into out) and commits it.
func buildIn(t testing.TB, db, out string, rules *schema.File, docs []*extract.Result) Stats {
	t.Helper()
	w, err := CreateIn(db, out, rules)
	if err != nil {
		t.Fatal(err)
	}
	return commitDocs(t, w, docs)
}

// agreement are queries whose answers must be the same on every store.
var agreement = []string{
	`g.V("<ent:cac>").Out("<rel:reviewed>").All()`,
	`g.V("<ent:cac>").LabelContext("<doc:a-2021>").Out("<rel:reviewed>").All()`,
	`g.V("<ent:pboc>").Out("<rel:not_licensed>").All()`,
	`g.V("<doc:a-2021>").In("<gb:mentionedIn>").All()`,
	`g.V().Has("<gb:subject>", "<ent:cac>").Has("<gb:predicate>", "<rel:reviewed>").All()`,
	`g.V("São Paulo").In("<gb:name>").All()`,
	`g.V().Has("<gb:type>", "<type:evidence>").Tag("ev").Out("<gb:sentence>").Tag("s").All()`,
	`g.Emit(g.V().Count())`,
	`g.Emit(g.V("<ent:didi>").In().Count())`,
}

// TestPostgresAgrees builds the same graph into bolt and into PostgreSQL
// and asks both the same questions: Gizmo queries, cards, neighbours,
// paths, subgraphs, name lookups. The N-Quads written are the same bytes.
func TestPostgresAgrees(t *testing.T) {
	db := pgtest.URL(t)
	boltOut, pgOut := t.TempDir(), t.TempDir()
	stBolt := build(t, boltOut, testRules(), testDocs())
	stPG := buildIn(t, db, pgOut, testRules(), testDocs())
	if stBolt != stPG {
		t.Errorf("stats: bolt %+v, postgres %+v", stBolt, stPG)
	}
	nqBolt, _ := os.ReadFile(filepath.Join(boltOut, nqName))
	nqPG, _ := os.ReadFile(filepath.Join(pgOut, nqName))
	if len(nqBolt) == 0 || !bytes.Equal(nqBolt, nqPG) {
		t.Errorf("graph.nq differs:\nbolt:\n%s\npostgres:\n%s", nqBolt, nqPG)
	}
	gb, gp := open(t, boltOut), open(t, db)
	// Cayley leaves the order of results to the store; they agree as sets.
	for _, q := range agreement {
		if b, p := pgtest.Set(t, run(t, gb, q, 0)), pgtest.Set(t, run(t, gp, q, 0)); !reflect.DeepEqual(b, p) || len(b) == 0 {
			t.Errorf("%s:\nbolt %s\npostgres %s", q, b, p)
		}
	}
	ctx := t.Context()
	same := func(what string, f func(g *Graph) (any, error)) {
		t.Helper()
		b, errB := f(gb)
		p, errP := f(gp)
		if fmt.Sprint(errB) != fmt.Sprint(errP) || !reflect.DeepEqual(b, p) {
			t.Errorf("%s:\nbolt     %+v %v\npostgres %+v %v", what, b, errB, p, errP)
		}
	}
	same("card didi", func(g *Graph) (any, error) { return g.Card(ctx, "didi") })
	same("card São Paulo", func(g *Graph) (any, error) { return g.Card(ctx, "São Paulo") })
	same("resolve cac", func(g *Graph) (any, error) { return g.Resolve(ctx, "cyberspace administration of china") })
	same("resolve unknown", func(g *Graph) (any, error) { return g.Resolve(ctx, "didy") })
	same("neighbors", func(g *Graph) (any, error) { return g.Neighbors(ctx, "didi", 2, Filter{}) })
	same("paths", func(g *Graph) (any, error) {
		return g.Paths(ctx, "cac", "sesame-credit", PathOptions{K: 3, MaxHops: 4})
	})
	same("subgraph", func(g *Graph) (any, error) { return g.Subgraph(ctx, "", 0, Filter{}) })
}

// TestPostgresMatchesCayley loads the same quads with Cayley's own writer
// into a schema of its own, and compares both row for row: every node with
// its hash, value columns and reference count, every quad. A quad given
// twice is stored once and counted once (Cayley's writer would count it
// twice, so it gets each quad once here).
func TestPostgresMatchesCayley(t *testing.T) {
	db := pgtest.URL(t)
	out := t.TempDir()
	w, err := CreateIn(db, out, testRules())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range testDocs() {
		if err := w.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	// A quad again, and a value again in another quad.
	pw := w.(*pgWriter)
	again := quad.Make(quad.IRI("ent:didi"), quad.IRI("gb:name"), quad.String("Didi Chuxing"), nil)
	pw.emit(again)
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}

	// Cayley's own load of graph.nq (which has the quad twice: once from
	// the rule file, once as written above).
	p, _ := parsePG(db)
	conn, err := p.connect(0)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec(`CREATE SCHEMA cayley`); err != nil {
		t.Fatal(err)
	}
	addr := p.dsn("search_path", "cayley")
	if err := csql.Init("postgres", addr, nil); err != nil {
		t.Fatal(err)
	}
	qs, err := graph.NewQuadStore("postgres", addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer qs.Close()
	f, err := os.Open(filepath.Join(out, nqName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := make(map[quad.Quad]bool)
	var deltas []graph.Delta
	r := nquads.NewReader(f, false)
	for {
		q, err := r.ReadQuad()
		if err != nil {
			break
		}
		if !seen[q] {
			seen[q] = true
			deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
		}
	}
	if err := qs.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreDup: true}); err != nil {
		t.Fatal(err)
	}

	rows := func(schema, query string) []string {
		t.Helper()
		return sqlRows(t, conn, strings.ReplaceAll(query, "S.", schema+"."))
	}
	gen := pgSchema(1)
	nodes := `SELECT hash, refs, value, value_string, datatype, language, iri, bnode, value_int, value_bool, value_float, value_time FROM S.nodes`
	quads := `SELECT subject_hash, predicate_hash, object_hash, label_hash FROM S.quads`
	for _, q := range []string{nodes, quads} {
		ours, theirs := rows(gen, q), rows("cayley", q)
		if len(ours) == 0 || !reflect.DeepEqual(ours, theirs) {
			t.Errorf("%s: %d rows here, %d in Cayley's load; they differ", q, len(ours), len(theirs))
		}
	}
	// The reference counts are those of the quads stored.
	var bad int
	if err := conn.QueryRow(`SELECT count(*) FROM ` + gen + `.nodes n WHERE refs <> (SELECT count(*) FROM ` + gen + `.quads q WHERE q.subject_hash = n.hash) +
		(SELECT count(*) FROM ` + gen + `.quads q WHERE q.predicate_hash = n.hash) + (SELECT count(*) FROM ` + gen + `.quads q WHERE q.object_hash = n.hash) +
		(SELECT count(*) FROM ` + gen + `.quads q WHERE q.label_hash = n.hash)`).Scan(&bad); err != nil || bad != 0 {
		t.Errorf("%d nodes with a wrong reference count (%v)", bad, err)
	}
	// Cayley's indexes and foreign keys are all back.
	idx := func(schema string) []string {
		return rows("", `SELECT indexname, regexp_replace(indexdef, ' ON [a-z_0-9]+\.', ' ON ') FROM pg_indexes WHERE schemaname = '`+schema+`'`)
	}
	if ours, theirs := idx(gen), idx("cayley"); len(ours) < 8 || !reflect.DeepEqual(ours, theirs) {
		t.Errorf("indexes: %d here, %d in Cayley's; they differ", len(ours), len(theirs))
	}
	fks := func(schema string) []string {
		return rows("", `SELECT conname, regexp_replace(pg_get_constraintdef(c.oid), '[a-z_0-9]+\.', '') FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = '`+schema+`'`)
	}
	if ours, theirs := fks(gen), fks("cayley"); len(ours) < 6 || !reflect.DeepEqual(ours, theirs) {
		t.Errorf("constraints: %q here, %q in Cayley's", ours, theirs)
	}
}

// TestPostgresStockReader opens the graph the way the stock cayley command
// does with -d postgres: Cayley's postgres QuadStore on a connection whose
// search_path is graphbuild, which reads the views of the current
// generation.
func TestPostgresStockReader(t *testing.T) {
	db := pgtest.URL(t)
	buildIn(t, db, t.TempDir(), testRules(), testDocs())
	p, _ := parsePG(db)
	qs, err := graph.NewQuadStore("postgres", p.dsn("search_path", pgMeta), nil)
	if err != nil {
		t.Fatal(err)
	}
	g := &Graph{path: "stock", qs: qs}
	defer g.Close()
	if got := ids(t, g, `g.V("<ent:cac>").Out("<rel:reviewed>").All()`); !reflect.DeepEqual(got, []string{"<ent:didi>"}) {
		t.Errorf("through the views: %q", got)
	}
	// A second build moves the views to the new generation.
	docs := testDocs()[:1]
	buildIn(t, db, t.TempDir(), testRules(), docs)
	if got := ids(t, g, `g.V("<ent:didi>").Out("<gb:mentionedIn>").All()`); !reflect.DeepEqual(got, []string{"<doc:a-2021>"}) {
		t.Errorf("after a rebuild, through the views: %q", got)
	}
}

// generations lists the generation schemas in db and the current one.
func generations(t *testing.T, db string) ([]string, int64) {
	t.Helper()
	p, _ := parsePG(db)
	conn, err := p.connect(0)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT nspname FROM pg_namespace WHERE nspname ~ $1 ORDER BY nspname`, pgSchemaRE.String())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		names = append(names, s)
	}
	rows.Close()
	cur, _, err := pgCurrent(context.Background(), conn)
	if err != nil {
		t.Fatal(err)
	}
	return names, cur
}

// TestPostgresReadersDuringBuild opens two readers, one before a build
// starts and one while it loads: both see the old graph, whole, before and
// after the build commits; a reader opened after the commit sees the new
// one. An aborted build leaves nothing behind.
func TestPostgresReadersDuringBuild(t *testing.T) {
	db := pgtest.URL(t)
	out := t.TempDir()
	buildIn(t, db, out, testRules(), testDocs()[:1])
	const q = `g.V("<ent:didi>").Out("<gb:mentionedIn>").All()`
	old, new := []string{"<doc:a-2021>"}, []string{"<doc:a-2021>", "<doc:b>"}
	r1 := open(t, db)

	w, err := CreateIn(db, out, testRules())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range testDocs() {
		if err := w.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	r2 := open(t, db)
	for _, r := range []*Graph{r1, r2} {
		if got := ids(t, r, q); !reflect.DeepEqual(got, old) {
			t.Errorf("during the build: %q, want %q", got, old)
		}
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Graph{r1, r2} {
		if got := ids(t, r, q); !reflect.DeepEqual(got, old) {
			t.Errorf("a reader opened before the commit, after it: %q, want %q", got, old)
		}
	}
	if got := ids(t, open(t, db), q); !reflect.DeepEqual(got, new) {
		t.Errorf("a reader opened after the commit: %q, want %q", got, new)
	}

	// An aborted build: its schema goes, the graph stays.
	before, cur := generations(t, db)
	w, err = CreateIn(db, out, testRules())
	if err != nil {
		t.Fatal(err)
	}
	w.Add(testDocs()[0])
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	after, cur2 := generations(t, db)
	if !reflect.DeepEqual(before, after) || cur != cur2 {
		t.Errorf("after Abort: schemas %q (current %d), want %q (current %d)", after, cur2, before, cur)
	}
	if got := ids(t, open(t, db), q); !reflect.DeepEqual(got, new) {
		t.Errorf("after an aborted build: %q, want %q", got, new)
	}
}

// TestPostgresKilledBuild kills a build process in the middle of its load
// (SIGKILL: no cleanup of its own). The previous generation stays current
// and readable; the killed build's schema stays until the next build,
// which drops it.
func TestPostgresKilledBuild(t *testing.T) {
	if os.Getenv("GRAPHBUILD_KILL_ME") != "" {
		killedBuild() // the process to kill
		return
	}
	db := pgtest.URL(t)
	out := t.TempDir()
	buildIn(t, db, out, testRules(), testDocs())
	want := ids(t, open(t, db), `g.V().Has("<gb:type>", "<type:evidence>").All()`)
	nq, _ := os.ReadFile(filepath.Join(out, nqName))

	cmd := exec.Command(os.Args[0], "-test.run=^TestPostgresKilledBuild$")
	cmd.Env = append(os.Environ(), "GRAPHBUILD_KILL_ME="+db, "GRAPHBUILD_KILL_OUT="+out)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && sc.Text() != "loading" {
	}
	cmd.Process.Kill()
	cmd.Wait()

	schemas, cur := generations(t, db)
	if cur != 1 || !reflect.DeepEqual(schemas, []string{"graphbuild_1", "graphbuild_2"}) {
		t.Errorf("after the kill: schemas %q, current %d; want graphbuild_1 current and the killed graphbuild_2", schemas, cur)
	}
	if got := ids(t, open(t, db), `g.V().Has("<gb:type>", "<type:evidence>").All()`); !reflect.DeepEqual(got, want) {
		t.Errorf("after the kill: evidence %q, want %q", got, want)
	}
	if now, _ := os.ReadFile(filepath.Join(out, nqName)); !bytes.Equal(now, nq) {
		t.Errorf("the killed build changed graph.nq")
	}
	buildIn(t, db, out, testRules(), testDocs())
	if schemas, cur := generations(t, db); cur != 3 || !reflect.DeepEqual(schemas, []string{"graphbuild_1", "graphbuild_3"}) {
		t.Errorf("after the next build: schemas %q, current %d; want graphbuild_1 (previous) and graphbuild_3", schemas, cur)
	}
}

// killedBuild starts a build, adds documents and says "loading", then
// waits to be killed.
func killedBuild() {
	w, err := CreateIn(os.Getenv("GRAPHBUILD_KILL_ME"), os.Getenv("GRAPHBUILD_KILL_OUT"), testRules())
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	for _, d := range testDocs() {
		w.Add(d)
	}
	fmt.Println("loading")
	time.Sleep(time.Minute)
	os.Exit(1)
}

// TestPostgresNoGraph: an empty database says to build first.
func TestPostgresNoGraph(t *testing.T) {
	db := pgtest.URL(t)
	_, err := Open(db, time.Second)
	if want := Redact(db) + `: no graph here; run "graphbuild build -db URL" first`; err == nil || err.Error() != want {
		t.Errorf("Open: %v, want %q", err, want)
	}
}

// TestPostgresPassword: no message and no log line shows a password,
// whether the connection succeeds or fails, and whatever Cayley logs.
func TestPostgresPassword(t *testing.T) {
	db := pgtest.URL(t)
	const secret = "s3cret-Pa55word"
	withPW := strings.Replace(db, "postgres://", "postgres://postgres:"+secret+"@", 1)
	var logged bytes.Buffer
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)

	// Succeeds (the test server trusts local users and ignores the
	// password), then fails for want of a database.
	buildIn(t, withPW, t.TempDir(), testRules(), testDocs())
	g, err := Open(withPW, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	msgs := []string{g.path}
	g.Close()
	bad := strings.Replace(withPW, "/graphbuild_test_", "/nothing_", 1)
	for _, f := range []func() error{
		func() error { _, err := Open(bad, time.Second); return err },
		func() error { _, err := CreateIn(bad, t.TempDir(), testRules()); return err },
		func() error { _, err := Open("postgres://u:"+secret+"@[::1:5432/x", time.Second); return err },
	} {
		err := f()
		if err == nil {
			t.Fatal("no error for a database that does not exist")
		}
		msgs = append(msgs, err.Error())
	}
	// What Cayley logs when it cannot connect: the address it was given.
	p, _ := parsePG(bad)
	clog.Errorf("Couldn't open database at %s: %v", p.dsn("search_path", "x"), "refused")
	msgs = append(msgs, logged.String())
	for _, m := range msgs {
		if strings.Contains(m, secret) {
			t.Errorf("the password shows in %q", m)
		}
	}
	if !strings.Contains(msgs[1], "xxxxx@") || !strings.Contains(logged.String(), "Couldn't open database at postgres://postgres:xxxxx@") {
		t.Errorf("messages without the URL: %q", msgs)
	}
}

// TestPostgresConcurrentBuilds runs two builds at once: the one started
// last may commit after the other; the one started first may not commit
// over the other, and says so, leaving the other's graph current.
func TestPostgresConcurrentBuilds(t *testing.T) {
	db := pgtest.URL(t)
	out := t.TempDir()
	first, err := CreateIn(db, out, testRules())
	if err != nil {
		t.Fatal(err)
	}
	second, err := CreateIn(db, out, testRules())
	if err != nil {
		t.Fatal(err)
	}
	first.Add(testDocs()[0])
	second.Add(testDocs()[1])
	if _, err := second.Commit(); err != nil {
		t.Fatal(err)
	}
	_, err = first.Commit()
	if want := "a later build (generation 2) was committed meanwhile; this one (1) is dropped"; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("the first build's Commit: %v, want …%q", err, want)
	}
	if schemas, cur := generations(t, db); cur != 2 || !reflect.DeepEqual(schemas, []string{"graphbuild_2"}) {
		t.Errorf("schemas %q, current %d; want graphbuild_2 alone", schemas, cur)
	}
	if got := ids(t, open(t, db), `g.V("<ent:didi>").Out("<gb:mentionedIn>").All()`); !reflect.DeepEqual(got, []string{"<doc:b>"}) {
		t.Errorf("current graph: %q, want the second build's", got)
	}
}

// TestPostgresNQuads reads the current and the previous build back as
// N-Quads: the same bytes as the graph.nq and previous.nq the builds wrote.
func TestPostgresNQuads(t *testing.T) {
	db := pgtest.URL(t)
	out := t.TempDir()
	var buf bytes.Buffer
	if err := WriteNQuads(db, false, &buf); err == nil || !strings.HasSuffix(err.Error(), `: no graph here; run "graphbuild build -db URL" first`) {
		t.Errorf("before any build: %v", err)
	}
	buildIn(t, db, out, testRules(), testDocs()[:1])
	if err := WriteNQuads(db, true, &buf); err == nil || !strings.HasSuffix(err.Error(), ": no build before the current one is kept; build twice first") {
		t.Errorf("after one build, the previous: %v", err)
	}
	buildIn(t, db, out, testRules(), testDocs())
	for _, tc := range []struct {
		previous bool
		file     string
	}{{false, nqName}, {true, prevName}} {
		buf.Reset()
		if err := WriteNQuads(db, tc.previous, &buf); err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(filepath.Join(out, tc.file))
		if len(want) == 0 || !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("WriteNQuads(previous %v) differs from %s:\n%s\nwant\n%s", tc.previous, tc.file, buf.Bytes(), want)
		}
	}
}

// TestPostgresLabelRuns: the loader tells repeated quads by their label's
// run (see postgres_load.go); a label that comes back is an error, never a
// duplicate stored.
func TestPostgresLabelRuns(t *testing.T) {
	db := pgtest.URL(t)
	w, err := CreateIn(db, t.TempDir(), testRules())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	pw := w.(*pgWriter)
	q := func(s, label string) quad.Quad {
		return quad.Make(quad.IRI(s), quad.IRI("gb:p"), quad.String("o"), quad.IRI(label))
	}
	for _, x := range []quad.Quad{q("a", "doc:1"), q("a", "doc:1"), q("b", "doc:2"), q("c", "doc:1")} {
		pw.emit(x)
	}
	if pw.err == nil || !strings.Contains(pw.err.Error(), "come in two runs") {
		t.Errorf("a label back after another: %v", pw.err)
	}
}

// TestCurrentBuild checks that every build names a new current build, in
// both stores, so that a long-running reader (graphbuild serve) notices it.
func TestCurrentBuild(t *testing.T) {
	for _, name := range []string{"bolt", "postgres"} {
		t.Run(name, func(t *testing.T) {
			db, out := t.TempDir(), t.TempDir()
			if name == "postgres" {
				db = pgtest.URL(t)
			}
			var seen []string
			for range 2 {
				buildIn(t, db, out, testRules(), testDocs())
				v, err := CurrentBuild(context.Background(), db)
				if err != nil {
					t.Fatal(err)
				}
				seen = append(seen, v)
			}
			if seen[0] == "" || seen[0] == seen[1] {
				t.Errorf("two builds named %q, want two different names", seen)
			}
		})
	}
}
