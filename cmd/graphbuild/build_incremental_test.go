package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// incrementalFixture copies two fixture documents and the fixture rules
// into temporary directories; copyTo replaces the rule file with another.
func incrementalFixture(t *testing.T) (corpus, rules string, copyTo func(from string)) {
	t.Helper()
	copyFile := func(from, to string) {
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	corpus = t.TempDir()
	for _, name := range []string{"apple.txt", "tesla-2021.txt"} {
		copyFile(filepath.Join("testdata/corpus", name), filepath.Join(corpus, name))
	}
	rules = filepath.Join(t.TempDir(), "graph.yaml")
	copyTo = func(from string) { copyFile(from, rules) }
	copyTo("testdata/rules.yaml")
	return corpus, rules, copyTo
}

// TestBuildIncremental rebuilds after each kind of change a curator makes
// (a document added, changed, removed; a rule changed) and checks that the
// incremental build gives the bytes and the summary of a full build of
// the same inputs, and that it reused what had not changed.
func TestBuildIncremental(t *testing.T) {
	corpus, rules, copyTo := incrementalFixture(t)
	out := t.TempDir()
	build := func(out string, extra ...string) summary {
		t.Helper()
		args := append([]string{"build", "-rules", rules, "-corpus", corpus, "-out", out, "-json"}, extra...)
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
	build(out)

	steps := []struct {
		name    string
		change  func()
		cached  int   // documents taken from the cache
		changed int64 // documents whose quads changed in the store
	}{
		{"nothing", func() {}, 2, 0},
		{"document added", func() {
			os.WriteFile(filepath.Join(corpus, "new.txt"), []byte("Huawei set up a data centre in Guizhou in 2019.\n"), 0o644)
		}, 2, 1},
		{"document changed", func() {
			os.WriteFile(filepath.Join(corpus, "new.txt"), []byte("Tencent set up a data centre in Guizhou in 2020.\n"), 0o644)
		}, 2, 1},
		{"document removed", func() { os.Remove(filepath.Join(corpus, "apple.txt")) }, 2, 1},
		{"rule changed", func() { copyTo("testdata/rules-changed.yaml") }, 0, 1},
		// With the same rules again, unchanged documents are the current
		// graph's blocks (store.PreviousBlock), their records read back.
		{"nothing, after the rule change", func() {}, 2, 0},
		{"a document with a warning added", func() {
			os.WriteFile(filepath.Join(corpus, "warn.txt"), []byte("ยฉ Alibaba set up a data centre in Guizhou in 2019.\n"), 0o644)
		}, 2, 1},
		{"a document removed, the one with a warning kept", func() { os.Remove(filepath.Join(corpus, "new.txt")) }, 2, 1},
		{"a document removed, another changed", func() {
			os.Remove(filepath.Join(corpus, "tesla-2021.txt"))
			os.WriteFile(filepath.Join(corpus, "warn.txt"), []byte("Tencent set up a data centre in Guizhou in 2020.\n"), 0o644)
		}, 0, 2},
	}
	for _, step := range steps {
		step.change()
		got := build(out)
		full := t.TempDir()
		want := build(full, "-full")
		a, _ := os.ReadFile(filepath.Join(out, "graph.nq"))
		b, _ := os.ReadFile(filepath.Join(full, "graph.nq"))
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: graph.nq differs from a full build's", step.name)
		}
		for _, name := range []string{"warnings.txt", "graph.bolt/names", "graph.bolt/edges", "graph.bolt/" + recordsName} {
			a, _ := os.ReadFile(filepath.Join(out, name))
			b, err := os.ReadFile(filepath.Join(full, name))
			if err != nil || !bytes.Equal(a, b) {
				t.Errorf("%s: %s differs from a full build's (%v):\n%s\nwant\n%s", step.name, name, err, a, b)
			}
		}
		if got.Cached != step.cached || got.Changed != step.changed {
			t.Errorf("%s: %d documents from the cache, %d changed; want %d and %d", step.name, got.Cached, got.Changed, step.cached, step.changed)
		}
		if strings.Contains(step.name, "warning") && got.WarnTotal == 0 {
			t.Errorf("%s: no warning", step.name)
		}
		got.Stages, want.Stages = stages{}, stages{}
		if got.Fallback != "" {
			t.Errorf("%s: the store was written afresh: %s", step.name, got.Fallback)
		}
		got.Cached, got.Unread, got.Changed, got.Delta, got.Fallback = 0, 0, 0, 0, "" // Unread: files older than the racily-clean margin
		want.Cached, want.Changed, want.Delta = 0, 0, 0
		if g, w := mustJSON(got), mustJSON(want); g != w {
			t.Errorf("%s: summary\n%s\nwant\n%s", step.name, g, w)
		}
		// The store answers as the full build's does (in another order:
		// node ids differ).
		q := `g.V().Has("<gb:type>", "<type:document>").All()`
		_, x, _ := graphbuild(t, "query", "-out", out, q)
		_, y, _ := graphbuild(t, "query", "-out", full, q)
		if x, y := sortedLines(x), sortedLines(y); x != y || !strings.Contains(x, "doc:") {
			t.Errorf("%s: query answers\n%s\nwant\n%s", step.name, x, y)
		}
	}
}

func mustJSON(v any) string {
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.String()
}

func sortedLines(s string) string {
	lines := strings.Split(s, "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
