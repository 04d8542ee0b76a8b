package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWalkSameID refuses two files of one document id, naming the pair
// the walk meets first, with the ids sorted rather than kept in a set.
func TestWalkSameID(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a/x.txt", "b/y.txt", "b/x.TXT", "c/y.txt", "c/z.txt"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("Tesla opened a plant."), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := walkCorpus(dir, 0)
	want := filepath.Join(dir, "a/x.txt") + " and " + filepath.Join(dir, "b/x.TXT") + ` would both be document "x"; rename one`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	os.Remove(filepath.Join(dir, "b/x.TXT"))
	os.Remove(filepath.Join(dir, "c/y.txt"))
	paths, _, err := walkCorpus(dir, 0)
	if err != nil || len(paths) != 3 {
		t.Errorf("walk: %q %v", paths, err)
	}
}
