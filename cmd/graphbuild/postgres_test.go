package main

import (
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/internal/pgtest"
)

// TestPostgresGolden runs path, show, neighbors and dot on the question
// graph built into PostgreSQL and compares them with the golden files of
// the bolt tests: the same bytes on both stores.
func TestPostgresGolden(t *testing.T) {
	db := pgtest.URL(t)
	questionGraphIn(t, db, t.TempDir())
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"path.golden", []string{"path", "tesla", "cac"}},
		{"path.json", []string{"path", "-json", "-k", "3", "shanghai", "cac"}},
		{"show.golden", []string{"show", "didi"}},
		{"show.json", []string{"show", "-json", "Tesla"}},
		{"neighbors.golden", []string{"neighbors", "didi", "-depth", "2"}},
		{"dot.golden", []string{"dot", "-focus", "Didi", "-depth", "2"}},
	} {
		code, stdout, stderr := graphbuild(t, append(tc.args, "-db", db)...)
		if code != 0 {
			t.Errorf("%q: exit %d\n%s", tc.args, code, stderr)
			continue
		}
		want, err := os.ReadFile(filepath.Join("testdata", tc.golden))
		if err != nil {
			t.Fatal(err)
		}
		if stdout != string(want) {
			t.Errorf("%q on postgres differs from testdata/%s:\n%s", tc.args, tc.golden, stdout)
		}
	}
}

// TestPostgresBuild builds the fixture corpus with the build command into
// PostgreSQL and into bolt: the same N-Quads (the golden file), the same
// summary but for where the graph is, and the same answers to queries.
func TestPostgresBuild(t *testing.T) {
	db := pgtest.URL(t)
	boltOut, pgOut := t.TempDir(), t.TempDir()
	args := []string{"build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus"}
	code, boltSum, stderr := graphbuild(t, append(args, "-out", boltOut)...)
	if code != 0 {
		t.Fatalf("build into bolt: exit %d\n%s", code, stderr)
	}
	code, pgSum, pgStderr := graphbuild(t, append(args, "-out", pgOut, "-db", db)...)
	if code != 0 {
		t.Fatalf("build -db: exit %d\n%s", code, pgStderr)
	}
	if pgStderr != stderr {
		t.Errorf("warnings differ:\n%s\nwant\n%s", pgStderr, stderr)
	}
	nq, _ := os.ReadFile(filepath.Join(pgOut, "graph.nq"))
	golden(t, "build.nq", nq)
	boltSum = strings.ReplaceAll(boltSum, boltOut+"/graph.bolt", db)
	boltSum = strings.ReplaceAll(boltSum, boltOut, pgOut)
	if pgSum, boltSum := withoutTimes(pgSum), withoutTimes(boltSum); pgSum != boltSum {
		t.Errorf("summary:\n%s\nwant\n%s", pgSum, boltSum)
	}

	// Gizmo leaves the order of results to the store: they agree as sets.
	for _, q := range []string{
		`g.V().Has("<gb:type>", "<type:evidence>").Tag("ev").Out("<gb:sentence>").Tag("sentence").All()`,
		`g.V().Has("<gb:type>", "<type:document>").Out("<gb:title>").All()`,
		`g.V().OutPredicates().Unique().All()`,
		`g.Emit(g.V().Count())`,
	} {
		_, b, errB := graphbuild(t, "query", "-out", boltOut, "-limit", "0", q)
		_, p, errP := graphbuild(t, "query", "-db", db, "-limit", "0", q)
		if rb, rp := pgtest.Set(t, b), pgtest.Set(t, p); len(rb) == 0 || !reflect.DeepEqual(rb, rp) {
			t.Errorf("%s:\nbolt %s%s\npostgres %s%s", q, b, errB, p, errP)
		}
	}

	// $GRAPHBUILD_DB stands for -db; an -out on the command line wins.
	t.Setenv(dbEnv, db)
	_, fromEnv, stderr := graphbuild(t, "show", "tesla")
	_, fromFlag, _ := graphbuild(t, "show", "-out", boltOut, "tesla")
	if fromEnv == "" || fromEnv != fromFlag {
		t.Errorf("show with $%s:\n%s%s\nwant\n%s", dbEnv, fromEnv, stderr, fromFlag)
	}
	if code, _, stderr := graphbuild(t, "show", "-out", filepath.Join(boltOut, "none"), "tesla"); code != 1 || !strings.Contains(stderr, "no graph here") {
		t.Errorf("an explicit -out under $%s: exit %d\n%s", dbEnv, code, stderr)
	}
}

// TestPostgresPasswordHidden runs commands that succeed and commands that
// fail with a password in the URL, and in $GRAPHBUILD_DB: it never shows
// on standard output or standard error, nor in -h.
func TestPostgresPasswordHidden(t *testing.T) {
	db := pgtest.URL(t)
	const secret = "Hunter2-s3cret"
	withPW := strings.Replace(db, "postgres://", "postgres://postgres:"+secret+"@", 1)
	bad := strings.Replace(withPW, "/graphbuild_test_", "/no_such_db_", 1)
	out := t.TempDir()
	var shown []string
	for _, tc := range []struct {
		code int
		args []string
	}{
		{0, []string{"build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", out, "-db", withPW}},
		{0, []string{"show", "-db", withPW, "tesla"}},
		{0, []string{"query", "-db", withPW, `g.V("<ent:tesla>").All()`}},
		{1, []string{"build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", out, "-db", bad}},
		{1, []string{"build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/none", "-out", out, "-db", withPW}},
		{1, []string{"path", "-db", bad, "tesla", "apple"}},
		{1, []string{"neighbors", "-db", "postgres://u:" + secret + "@[::1/x", "tesla"}},
		{1, []string{"dot", "-db", withPW, "-focus", "nobody"}},
		{0, []string{"show", "-h"}},
	} {
		code, stdout, stderr := graphbuild(t, tc.args...)
		if code != tc.code {
			t.Errorf("%q: exit %d, want %d\n%s", tc.args[:1], code, tc.code, stderr)
		}
		shown = append(shown, stdout, stderr)
	}
	t.Setenv(dbEnv, bad)
	_, stdout, stderr := graphbuild(t, "show", "tesla")
	shown = append(shown, stdout, stderr)
	_, stdout, stderr = graphbuild(t, "show", "-h")
	shown = append(shown, stdout, stderr)
	for _, s := range shown {
		if strings.Contains(s, secret) {
			t.Errorf("the password shows in:\n%s", s)
		}
	}
	if all := strings.Join(shown, ""); !strings.Contains(all, "postgres:xxxxx@") {
		t.Errorf("no message names the server:\n%s", all)
	}
}

// TestPostgresDiffEval runs diff and eval against the server alone (the
// builds' out directories are gone): the same output as from the files.
func TestPostgresDiffEval(t *testing.T) {
	db := pgtest.URL(t)
	for _, rules := range []string{"testdata/rules.yaml", "testdata/rules-changed.yaml"} {
		if code, _, stderr := graphbuild(t, "build", "-rules", rules, "-corpus", "testdata/corpus", "-out", t.TempDir(), "-db", db); code != 0 {
			t.Fatalf("build %s: exit %d\n%s", rules, code, stderr)
		}
	}
	code, stdout, stderr := graphbuild(t, "diff", "-db", db)
	want, _ := os.ReadFile("testdata/diff.out")
	if code != 0 || stdout != string(want) {
		t.Errorf("diff -db: exit %d\n%s%s\nwant\n%s", code, stdout, stderr, want)
	}
	code, stdout, stderr = graphbuild(t, "eval", "-rules", "testdata/rules.yaml", "-db", db, "testdata/key.tsv")
	want, _ = os.ReadFile("testdata/eval.out")
	// The golden file is of the first rule file's graph; the server's
	// current graph is the second's: compare with an eval of its N-Quads.
	out := t.TempDir()
	graphbuild(t, "build", "-rules", "testdata/rules-changed.yaml", "-corpus", "testdata/corpus", "-out", out)
	_, fromFile, _ := graphbuild(t, "eval", "-rules", "testdata/rules.yaml", "-out", out, "testdata/key.tsv")
	if code != 0 || len(want) == 0 || stdout != strings.ReplaceAll(fromFile, out+"/graph.nq", db) {
		t.Errorf("eval -db: exit %d\n%s%s\nwant\n%s", code, stdout, stderr, fromFile)
	}
	if code, _, stderr := graphbuild(t, "diff", "-db", pgtest.URL(t)); code != 1 || !strings.HasSuffix(stderr, `: no graph here; run "graphbuild build -db URL" first`+"\n") {
		t.Errorf("diff on an empty database: exit %d\n%s", code, stderr)
	}
}

// TestPostgresEnvironment: libpq's PG* variables complete a URL that
// names only the database.
func TestPostgresEnvironment(t *testing.T) {
	db := pgtest.URL(t)
	questionGraphIn(t, db, t.TempDir())
	u, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for _, kv := range [][2]string{{"PGHOST", "host"}, {"PGPORT", "port"}, {"PGUSER", "user"}, {"PGSSLMODE", "sslmode"}} {
		if v := q.Get(kv[1]); v != "" {
			t.Setenv(kv[0], v)
		}
	}
	if u.Host != "" {
		t.Setenv("PGHOST", u.Hostname())
		if p := u.Port(); p != "" {
			t.Setenv("PGPORT", p)
		}
	}
	if u.User != nil {
		t.Setenv("PGUSER", u.User.Username())
		if pw, ok := u.User.Password(); ok {
			t.Setenv("PGPASSWORD", pw)
		}
	}
	bare := "postgres://" + u.Path
	code, stdout, stderr := graphbuild(t, "show", "-db", bare, "didi")
	want, _ := os.ReadFile("testdata/show.golden")
	if code != 0 || stdout != string(want) {
		t.Errorf("show -db %s with PG* set: exit %d\n%s%s", bare, code, stdout, stderr)
	}
}
