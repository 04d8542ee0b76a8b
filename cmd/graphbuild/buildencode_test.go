package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/store"
)

// TestBuildEncodeError: a document whose quads cannot be made is skipped
// like an unreadable file, with its path and the reason in
// out/skipped.tsv, and fails a -strict build with the error. (It was
// listed with an empty path and no reason.)
func TestBuildEncodeError(t *testing.T) {
	encode = func(r *extract.Result, rules string) (*store.Block, error) {
		if strings.HasSuffix(r.Doc.Path, "law.txt") {
			return nil, errors.New(r.Doc.Path + ": evidence 1 belongs to document \"elsewhere\"")
		}
		return store.Encode(r, rules)
	}
	defer func() { encode = store.Encode }()
	corpus := filepath.Join("testdata", "corpus")
	law := filepath.Join(corpus, "law.txt")
	reason := "cannot store it: evidence 1 belongs to document \"elsewhere\""

	out := t.TempDir()
	code, stdout, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", corpus, "-out", out)
	if code != 0 || !strings.Contains(stdout, "skipped     1 files") {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	report, err := os.ReadFile(filepath.Join(out, skippedName))
	if want := "path\treason\n" + law + "\t" + reason + "\n"; err != nil || string(report) != want {
		t.Errorf("%s: %v\n%q\nwant\n%q", skippedName, err, report, want)
	}

	out = t.TempDir()
	code, _, stderr = graphbuild(t, "build", "-strict", "-rules", "testdata/rules.yaml", "-corpus", corpus, "-out", out)
	if want := "graphbuild: " + law + ": " + reason + "\n"; code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("build -strict: exit %d, stderr\n%s\nwant exit 1 and first\n%s", code, stderr, want)
	}
}
