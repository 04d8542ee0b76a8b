package main

import (
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/store"
)

// TestSecondBuild is issue 14's case 9: a build into an out/ where
// another build is running says so and exits 1.
func TestSecondBuild(t *testing.T) {
	out := t.TempDir()
	running, err := store.LockBuild(out, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer running.Unlock()
	code, _, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", out)
	if code != 1 || !strings.Contains(stderr, "a build is running (process ") || !strings.Contains(stderr, "use -wait") {
		t.Errorf("a second build: exit %d, want 1 and that a build is running\n%s", code, stderr)
	}
}
