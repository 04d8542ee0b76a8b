package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fileIndexBuild builds corpus with rules into out and returns the summary.
func fileIndexBuild(t *testing.T, rules, corpus, out string, extra ...string) summary {
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

// rewriteSameSize replaces old by new (of the same length) in the file at
// path and puts its modification time back, as an editor or a tool that
// keeps times might: only the change time tells.
func rewriteSameSize(t *testing.T, path, old, new string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if len(old) != len(new) || !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s: cannot replace %q by %q", path, old, new)
	}
	if err := os.WriteFile(path, bytes.ReplaceAll(data, []byte(old), []byte(new)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.Stat(path); again.Size() != fi.Size() || !again.ModTime().Equal(fi.ModTime()) {
		t.Fatalf("%s: size or modification time changed", path)
	}
}

// sameAsFull checks that out holds the graph a full build of the same
// inputs makes, byte for byte.
func sameAsFull(t *testing.T, rules, corpus, out, step string) {
	t.Helper()
	full := t.TempDir()
	fileIndexBuild(t, rules, corpus, full, "-full")
	a, _ := os.ReadFile(filepath.Join(out, "graph.nq"))
	b, _ := os.ReadFile(filepath.Join(full, "graph.nq"))
	if !bytes.Equal(a, b) {
		t.Fatalf("%s: graph.nq differs from a full build's", step)
	}
}

// TestBuildFileIndex checks that unchanged files are known by their
// metadata and not read, that a file touched but unchanged is read and
// found unchanged, and that a rewrite keeping size and modification time
// is noticed.
func TestBuildFileIndex(t *testing.T) {
	defer func(m time.Duration) { statMargin = m }(statMargin)
	statMargin = 0 // the files were written just now
	corpus, rules, _ := incrementalFixture(t)
	out := t.TempDir()
	fileIndexBuild(t, rules, corpus, out)

	steps := []struct {
		name                    string
		change                  func()
		unread, cached, changed int
	}{
		{"nothing changed", func() {}, 2, 2, 0},
		{"a file touched", func() {
			later := time.Now()
			if err := os.Chtimes(filepath.Join(corpus, "apple.txt"), later, later); err != nil {
				t.Fatal(err)
			}
		}, 1, 2, 0},
		{"a file rewritten with the same size and time", func() {
			rewriteSameSize(t, filepath.Join(corpus, "tesla-2021.txt"), "Shanghai", "Shenzhen")
		}, 1, 1, 1},
	}
	for _, step := range steps {
		before, _ := os.ReadFile(filepath.Join(out, "graph.nq"))
		time.Sleep(20 * time.Millisecond) // past a tick of the kernel's coarse clock
		step.change()
		s := fileIndexBuild(t, rules, corpus, out)
		if s.Unread != step.unread || s.Cached != step.cached || int(s.Changed) != step.changed {
			t.Errorf("%s: %d files not read, %d documents from the cache, %d changed; want %d, %d, %d",
				step.name, s.Unread, s.Cached, s.Changed, step.unread, step.cached, step.changed)
		}
		after, _ := os.ReadFile(filepath.Join(out, "graph.nq"))
		if bytes.Equal(before, after) != (step.changed == 0) {
			t.Errorf("%s: graph.nq changed: %v", step.name, !bytes.Equal(before, after))
		}
		sameAsFull(t, rules, corpus, out, step.name)
	}
}

// TestBuildFileIndexRacy checks git's "racily clean" rule: a file whose
// times are not older than the build that recorded it by statMargin is
// read, so a rewrite in the same second that keeps its size and
// modification time is noticed.
func TestBuildFileIndexRacy(t *testing.T) {
	corpus, rules, _ := incrementalFixture(t)
	out := t.TempDir()
	fileIndexBuild(t, rules, corpus, out)
	if s := fileIndexBuild(t, rules, corpus, out); s.Unread != 0 || s.Cached != 2 {
		t.Errorf("files written just now: %d not read, %d from the cache; want 0 and 2", s.Unread, s.Cached)
	}
	rewriteSameSize(t, filepath.Join(corpus, "tesla-2021.txt"), "Shanghai", "Shenzhen")
	if s := fileIndexBuild(t, rules, corpus, out); s.Changed != 1 {
		t.Errorf("a rewrite in the same second: %d documents changed, want 1", s.Changed)
	}
	sameAsFull(t, rules, corpus, out, "racy rewrite")
	// The index lives in out/cache and survives the cache's clean-up.
	data, err := os.ReadFile(filepath.Join(out, "cache", "files"))
	if err != nil || !strings.Contains(string(data), "tesla-2021.txt") {
		t.Errorf("out/cache/files: %v\n%s", err, data)
	}
}

// TestSettle checks when a record is trusted: its file's times must be
// older than the moment its metadata was taken by statMargin, whenever the
// build that took it began; a smudged record is never found again.
func TestSettle(t *testing.T) {
	seen := time.Unix(1_000_000, 0)
	old := seen.Add(-statMargin - time.Nanosecond).UnixNano()
	edge := seen.Add(-statMargin).UnixNano()
	for _, tc := range []struct {
		name         string
		mtime, ctime int64
		trusted      bool
	}{
		{"both older", old, old, true},
		{"modified within the margin", edge, old, false},
		{"changed within the margin", old, edge, false},
		{"modified after", seen.UnixNano() + 1, old, false},
	} {
		st := fileStat{size: 3, mtime: tc.mtime, ctime: tc.ctime, dev: 1, ino: 2}
		ix := newFileIndex()
		ix.files["a.txt"] = settle(st, [32]byte{7}, seen)
		if _, ok := ix.lookup("a.txt", st); ok != tc.trusted {
			t.Errorf("%s: trusted %v, want %v", tc.name, ok, tc.trusted)
		}
	}
}
