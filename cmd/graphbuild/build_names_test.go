package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBuildQuotesFileNames is issue 14's case 10: a corpus file name with
// a newline is printed quoted, as out/skipped.tsv gives it, so that one
// message stays one line; and such a file builds (its block is cached).
func TestBuildQuotesFileNames(t *testing.T) {
	corpus, out := t.TempDir(), t.TempDir()
	bad := filepath.Join(corpus, "bin\nary.txt")
	os.WriteFile(filepath.Join(corpus, "new\nline.txt"), []byte("Tesla set up a data centre in Shanghai."), 0o644)
	os.WriteFile(bad, []byte("PK\x03\x04\x00\x00"), 0o644)
	code, _, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", corpus, "-out", out)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	tsv, err := os.ReadFile(filepath.Join(out, skippedName))
	if err != nil {
		t.Fatal(err)
	}
	if want := strconv.Quote(bad) + "\t"; !strings.Contains(string(tsv), want) {
		t.Errorf("%s does not list %s:\n%s", skippedName, want, tsv)
	}
	code, _, stderr = graphbuild(t, "build", "-strict", "-rules", "testdata/rules.yaml", "-corpus", corpus, "-out", out)
	if code != 1 {
		t.Fatalf("build -strict: exit %d, want 1", code)
	}
	want := "graphbuild: " + strconv.Quote(bad) + ": not a text file (NUL byte at offset 4)\n"
	if !strings.HasPrefix(stderr, want) {
		t.Errorf("build -strict said\n%s\nwant it to start with\n%s", stderr, want)
	}
}
