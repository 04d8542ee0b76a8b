package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/internal/pgtest"
)

// TestPostgresIncremental is TestBuildIncremental on PostgreSQL: after each
// change the incremental build writes the graph.nq bytes and the summary of
// a full build into another database, and both answer a query alike; a
// rule change loads in full.
func TestPostgresIncremental(t *testing.T) {
	corpus, rules, copyTo := incrementalFixture(t)
	build := func(db, out string, extra ...string) summary {
		t.Helper()
		args := append([]string{"build", "-rules", rules, "-corpus", corpus, "-out", out, "-db", db, "-json"}, extra...)
		code, stdout, stderr := graphbuild(t, args...)
		if code != 0 {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
		var s summary
		if err := json.Unmarshal([]byte(stdout), &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	db, out := pgtest.URL(t), t.TempDir()
	build(db, out)

	steps := []struct {
		name        string
		change      func()
		cached      int
		changed     int64
		incremental bool // the previous generation was copied and changed
	}{
		{"document added", func() {
			os.WriteFile(filepath.Join(corpus, "new.txt"), []byte("Huawei set up a data centre in Guizhou in 2019.\n"), 0o644)
		}, 2, 1, true},
		{"document changed", func() {
			os.WriteFile(filepath.Join(corpus, "new.txt"), []byte("Tencent set up a data centre in Guizhou in 2020.\n"), 0o644)
		}, 2, 1, true},
		{"document removed", func() { os.Remove(filepath.Join(corpus, "apple.txt")) }, 2, 1, true},
		{"rule changed", func() { copyTo("testdata/rules-changed.yaml") }, 0, 2, false},
	}
	for _, step := range steps {
		step.change()
		got := build(db, out)
		fullDB, full := pgtest.URL(t), t.TempDir()
		want := build(fullDB, full, "-full")
		if (got.Delta > 0) != step.incremental {
			t.Errorf("%s: %d quads changed in a copy; want a copy: %v", step.name, got.Delta, step.incremental)
		}
		a, _ := os.ReadFile(filepath.Join(out, "graph.nq"))
		b, _ := os.ReadFile(filepath.Join(full, "graph.nq"))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Fatalf("%s: graph.nq differs from a full build's", step.name)
		}
		if got.Cached != step.cached || got.Changed != step.changed {
			t.Errorf("%s: %d documents from the cache, %d changed; want %d and %d", step.name, got.Cached, got.Changed, step.cached, step.changed)
		}
		got.Stages, want.Stages = stages{}, stages{}
		got.Cached, got.Unread, got.Changed, got.Delta = 0, 0, 0, 0 // Unread: files older than the racily-clean margin, under load
		want.Cached, want.Changed, want.Delta = 0, 0, 0
		if g, w := mustJSON(got), mustJSON(want); g != w {
			t.Errorf("%s: summary\n%s\nwant\n%s", step.name, g, w)
		}
		// The stores answer alike (as sets: the order is the store's).
		q := `g.V().Has("<gb:type>", "<type:document>").All()`
		_, x, _ := graphbuild(t, "query", "-db", db, q)
		_, y, _ := graphbuild(t, "query", "-db", fullDB, q)
		if x, y := sortedLines(x), sortedLines(y); x != y || !strings.Contains(x, "doc:") {
			t.Errorf("%s: query answers\n%s\nwant\n%s", step.name, x, y)
		}
	}
}
