package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionRevision: a graphbuild built from a git work tree with VCS
// stamping on (the go command's default, which GOFLAGS=-buildvcs=false
// may turn off) prints the revision it was built from, and says
// "(modified)" exactly when `git status --porcelain` lists something.
//
// The go command stamps only a work tree whose .git is a directory, not
// a linked worktree (`git worktree add`, where .git is a file). There the
// test builds in a clone of HEAD instead, which it also changes to see
// the flag turn on. The clone is built with -trimpath, so that its
// packages' compiles are cached whatever directory it is in (the first
// run takes minutes; later ones seconds), and a plain clone, as in CI, is
// built in place, where the tests' own build has compiled them already.
func TestVersionRevision(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: no revision to compare with")
	}
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skip("not in a git work tree (a source archive?): nothing to stamp")
	}
	top := strings.TrimSpace(string(out))
	head := strings.TrimSpace(string(gitOutput(t, ".", "rev-parse", "HEAD")))
	src, changes, trim := top, []bool{false}, "-trimpath=false"
	if fi, err := os.Stat(filepath.Join(top, ".git")); err != nil || !fi.IsDir() {
		t.Logf("%s is a linked worktree, which the go command does not stamp: building a clone of HEAD", top)
		src = filepath.Join(t.TempDir(), "src")
		gitOutput(t, ".", "clone", "-q", "--shared", "--no-checkout", top, src)
		gitOutput(t, src, "checkout", "-q", head)
		changes, trim = []bool{false, true}, "-trimpath"
	}
	bin := filepath.Join(t.TempDir(), "graphbuild")
	for _, change := range changes {
		if change {
			if err := os.WriteFile(filepath.Join(src, "NOTES"), []byte("a file git does not track\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		// -buildvcs=true on the command line wins over GOFLAGS.
		build := exec.Command("go", "build", "-buildvcs=true", trim, "-o", bin, "./cmd/graphbuild")
		build.Dir = src
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build -buildvcs=true: %v\n%s", err, out)
		}
		// Read after the build, as the go command read it during it: only
		// a file changed in between can make the two disagree.
		modified := len(gitOutput(t, src, "status", "--porcelain")) > 0
		if src != top && modified != change {
			t.Fatalf("git status --porcelain in the clone: modified %v, want %v", modified, change)
		}
		out, err := exec.Command(bin, "version").Output()
		if err != nil {
			t.Fatalf("graphbuild version: %v", err)
		}
		v := string(out)
		want := ", revision " + head + " of "
		if modified {
			want = ", revision " + head + " (modified) of "
		}
		if !strings.HasPrefix(v, "graphbuild ") || !strings.Contains(v, want) {
			t.Errorf("graphbuild version (modified: %v) = %q, want it to hold %q", modified, v, want)
		}
	}
}

// gitOutput runs git with args in dir and returns its standard output.
func gitOutput(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, ee.Stderr)
		}
		t.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return out
}
