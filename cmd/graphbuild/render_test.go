package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnotherUser is issue 14's case 2: on a shared machine, where
// $TMPDIR/go-graphviz belongs to another user, every command used to
// panic in go-graphviz's package initialiser, -h included. As the user
// nobody (the test needs root and runuser), -h works and a picture is
// drawn, its renderer's cache kept out of the shared directory.
func TestAnotherUser(t *testing.T) {
	runuser, err := exec.LookPath("runuser")
	if os.Geteuid() != 0 || err != nil {
		t.Skip("needs root and runuser")
	}
	shared := filepath.Join(filepath.Dir(bin), "shared-tmp")
	taken := filepath.Join(shared, "go-graphviz")
	if err := os.MkdirAll(taken, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(shared, 0o1777)
	out := questionGraph(t)
	// nobody reads the graph: open the test's own directories below
	// the temporary directory, never that directory itself.
	for dir := out; dir != filepath.Clean(os.TempDir()) && dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		os.Chmod(dir, 0o755)
	}
	filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.IsDir() {
			os.Chmod(p, 0o755)
		} else if err == nil && fi.Mode().IsRegular() {
			os.Chmod(p, fi.Mode().Perm()|0o444)
		}
		return nil
	})
	as := func(args ...string) (int, string) {
		cmd := exec.Command(runuser, append([]string{"-u", "nobody", "--", "env", "TMPDIR=" + shared, "HOME=/nonexistent", "XDG_CACHE_HOME=", filepath.Join(bin, "graphbuild")}, args...)...)
		b, err := cmd.CombinedOutput()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), string(b)
	}
	if code, out := as("-h"); code != 0 || !strings.Contains(out, "usage: graphbuild") {
		t.Errorf("graphbuild -h as nobody: exit %d\n%s", code, out)
	}
	svg := filepath.Join(shared, "didi.svg")
	if code, out := as("dot", "-out", out, "-focus", "didi", "-o", svg); code != 0 {
		t.Errorf("graphbuild dot -o didi.svg as nobody: exit %d\n%s", code, out)
	}
	if fi, err := os.Stat(svg); err != nil || fi.Size() == 0 {
		t.Errorf("no picture: %v", err)
	}
	ents, _ := os.ReadDir(shared)
	for _, e := range ents {
		if name := e.Name(); name != "go-graphviz" && name != "didi.svg" {
			t.Errorf("the renderer left %s in the shared directory", name)
		}
	}
}
