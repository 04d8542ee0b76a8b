package store

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestDocLog finds a document added twice among many, with the sort
// spilled to runs on disk, and says nothing of ids that only look alike.
func TestDocLog(t *testing.T) {
	for _, tc := range []struct {
		docs []string
		want string
	}{
		{[]string{"a", "b", "c", "d", "e", "f", "g"}, ""},
		{[]string{"a", "b", "c", "d", "b", "f", "g"}, `document "b" added twice`},
		{[]string{"x\ny", "x y", "x\ny"}, `document "x\ny" added twice`},
		{[]string{"", "A", "a", "a "}, ""},
	} {
		dir := t.TempDir()
		l, err := newDocLog(dir)
		if err != nil {
			t.Fatal(err)
		}
		l.runs.SetLimit(2) // several runs
		for _, d := range tc.docs {
			if err := l.add(d); err != nil {
				t.Fatal(err)
			}
		}
		if l.runs.Runs() == 0 {
			t.Errorf("%q: nothing spilled", tc.docs)
		}
		err = l.check()
		if got := errString(err); got != tc.want {
			t.Errorf("%q: error %q, want %q", tc.docs, got, tc.want)
		}
		l.remove()
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("%q: left %v", tc.docs, ents)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestKeepSorted keeps the cached blocks a manifest lists and removes the
// others and the leftovers of killed writes, with the keys sorted in runs.
func TestKeepSorted(t *testing.T) {
	dir := t.TempDir()
	c := OpenCache(dir)
	keys := []string{
		DocKey("r", "a.txt", []byte("a")),
		DocKey("r", "b.txt", []byte("b")),
		DocKey("r", "c.txt", []byte("c")),
		DocKey("r", "d.txt", []byte("d")),
		DocKey("r", "e.txt", []byte("e")),
	}
	var all []string
	for _, k := range keys {
		p := c.path(k)
		all = append(all, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tmp := c.path(keys[0]) + ".tmp123" // a killed write
	if err := os.WriteFile(tmp, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	store := t.TempDir()
	m, err := newManifestLog(store, "rules")
	if err != nil {
		t.Fatal(err)
	}
	m.keys.SetLimit(2)
	for _, k := range []string{keys[3], keys[0], keys[4], keys[0]} {
		if err := m.add(manifestEntry{doc: "d", key: k}); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.close(); err != nil {
		t.Fatal(err)
	}
	if err := c.keepSorted(m.sortedKeys()); err != nil {
		t.Fatal(err)
	}
	m.remove()
	var left []string
	for _, p := range append(all, tmp) {
		if _, err := os.Stat(p); err == nil {
			left = append(left, p)
		}
	}
	want := []string{c.path(keys[0]), c.path(keys[3]), c.path(keys[4])}
	slices.Sort(left)
	slices.Sort(want)
	if !slices.Equal(left, want) {
		t.Errorf("left %q, want %q", left, want)
	}
	if rk, blocks, err := readManifest(store); err != nil || rk != "rules" || blocks["d"] != keys[0] {
		t.Errorf("manifest: %q %v %v", rk, blocks, err)
	}
}
