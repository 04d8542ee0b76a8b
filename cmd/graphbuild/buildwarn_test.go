package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildWarningsFile builds a corpus with more warnings than a build
// keeps: the summary counts them all and keeps the first maxKeptWarnings,
// and out/warnings.txt has every one, in document order.
func TestBuildWarningsFile(t *testing.T) {
	corpus, out := t.TempDir(), t.TempDir()
	n := maxKeptWarnings + 5
	for i := range n {
		text := fmt.Sprintf("Tesla opened store %d โ a new one.\n", i)
		os.WriteFile(filepath.Join(corpus, fmt.Sprintf("d%05d.txt", i)), []byte(text), 0o644)
	}
	code, stdout, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", corpus, "-out", out, "-json")
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	var s summary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, warningsName))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if s.WarnTotal != n || len(s.Warnings) != maxKeptWarnings || len(lines) != n {
		t.Fatalf("%d warnings counted, %d kept, %d in the file; want %d, %d, %d", s.WarnTotal, len(s.Warnings), len(lines), n, maxKeptWarnings, n)
	}
	for i, w := range s.Warnings {
		if lines[i] != w {
			t.Fatalf("line %d of the file is %q, the summary has %q", i+1, lines[i], w)
		}
	}
	if !strings.Contains(lines[n-1], fmt.Sprintf("d%05d.txt", n-1)) {
		t.Errorf("last line %q is not the last document's", lines[n-1])
	}
	if left, _ := filepath.Glob(filepath.Join(out, "warnings-*.tmp")); len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
}
