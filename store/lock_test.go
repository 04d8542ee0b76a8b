package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLockBuildRemovesLeftovers is issue 14's case 9: what killed builds
// left behind (a store and an N-Quads file each) is removed by the next
// build to take the lock, not only by the next one to succeed; the graph
// stays whole.
func TestLockBuildRemovesLeftovers(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	for _, name := range []string{"graph-7.bolt", "graph-8.bolt"} {
		os.Mkdir(filepath.Join(out, name), 0o755)
		os.WriteFile(filepath.Join(out, name, "indexes.bolt"), make([]byte, 1<<16), 0o644)
	}
	os.WriteFile(filepath.Join(out, "graph-7.nq.tmp"), []byte("<a> <b> <c> .\n"), 0o644)
	os.WriteFile(filepath.Join(out, "graph-8.link.tmp"), nil, 0o644)
	nq, _ := os.ReadFile(filepath.Join(out, nqName))

	l, err := LockBuild(out, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	if got, want := names(t, out), []string{"build.lock", "graph-1.bolt", "graph.bolt", "graph.nq"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after LockBuild: %q, want %q", got, want)
	}
	if again, _ := os.ReadFile(filepath.Join(out, nqName)); string(again) != string(nq) {
		t.Error("LockBuild changed graph.nq")
	}
	open(t, out)
}

// TestLockBuildKilledMidCommit: a build killed after it renamed its
// N-Quads over graph.nq but before it moved the link leaves graph.nq of
// another graph than graph.bolt; the next lock puts the old one back.
func TestLockBuildKilledMidCommit(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	nq := filepath.Join(out, nqName)
	old, _ := os.ReadFile(nq)
	os.Link(nq, filepath.Join(out, "graph-2.nq.old"))
	os.Mkdir(filepath.Join(out, "graph-2.bolt"), 0o755)
	os.Remove(nq)
	os.WriteFile(nq, []byte("<the> <killed> <build> .\n"), 0o644)

	l, err := LockBuild(out, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	if got, _ := os.ReadFile(nq); string(got) != string(old) {
		t.Errorf("graph.nq is %q, want the linked graph's", got)
	}
	if got, want := names(t, out), []string{"build.lock", "graph-1.bolt", "graph.bolt", "graph.nq"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after LockBuild: %q, want %q", got, want)
	}
}

// TestLockBuildSecond: a second build says that a build is running and
// which process runs it, or with wait, waits for it.
func TestLockBuildSecond(t *testing.T) {
	out := t.TempDir()
	first, err := LockBuild(out, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockBuild(out, false, nil)
	want := out + ": a build is running (process " + strconv.Itoa(os.Getpid()) + "); wait for it, or use -wait"
	if !errors.Is(err, ErrBuildRunning) || err.Error() != want {
		t.Errorf("second LockBuild: %v, want %s", err, want)
	}
	waiting := make(chan bool, 1)
	got := make(chan error, 1)
	go func() {
		l, err := LockBuild(out, true, func() { waiting <- true })
		if err == nil {
			l.Unlock()
		}
		got <- err
	}()
	<-waiting
	select {
	case err := <-got:
		t.Fatalf("LockBuild -wait returned %v while the first build held the lock", err)
	case <-time.After(100 * time.Millisecond):
	}
	first.Unlock()
	if err := <-got; err != nil {
		t.Errorf("LockBuild -wait: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, lockName)); strings.TrimSpace(string(b)) != "" {
		t.Errorf("the lock file still names %q after Unlock", b)
	}
}
