package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// lockName is the build lock in out/: a build holds it from before it
// claims a generation until after it has committed or aborted, so that
// two builds into one out/ never interleave.
const lockName = "build.lock"

// ErrBuildRunning is the error of LockBuild when another build holds the
// lock and the caller would not wait.
var ErrBuildRunning = errors.New("a build is running")

// BuildLock is a held build lock of an out/ directory.
type BuildLock struct {
	f *os.File
}

// LockBuild takes the build lock of outDir, made if need be. When another
// process holds it, LockBuild returns an error that wraps ErrBuildRunning
// and names that process, or with wait, calls waiting (if not nil) and
// waits for the lock. The system releases the lock of a killed process.
//
// Once it holds the lock, LockBuild removes what killed builds left in
// outDir (graph-<n>.bolt stores and graph-<n>.nq.tmp files that no link
// points at): no other build can be writing them.
func LockBuild(outDir string, wait bool, waiting func()) (*BuildLock, error) {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	name := filepath.Join(outDir, lockName)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	ok, err := tryLock(f)
	if err == nil && !ok {
		holder := lockHolder(f)
		if !wait {
			f.Close()
			return nil, fmt.Errorf("%s: %w%s; wait for it, or use -wait", outDir, ErrBuildRunning, holder)
		}
		if waiting != nil {
			waiting()
		}
		err = lock(f)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	// Say who holds the lock, for the message of a second build.
	if f.Truncate(0) == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	if locking {
		removeLeftovers(outDir)
	}
	return &BuildLock{f: f}, nil
}

// Unlock releases the lock.
func (l *BuildLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := l.f.Close() // closing releases the lock
	l.f = nil
	return err
}

// lockHolder names the process in the lock file, for a message.
func lockHolder(f *os.File) string {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	if pid := strings.TrimSpace(string(b[:n])); pid != "" && strings.Trim(pid, "0123456789") == "" {
		return " (process " + pid + ")"
	}
	return ""
}

// removeLeftovers removes every generation file in dir but the store the
// link points at, and puts back the graph.nq of that store when a build
// was killed after it had replaced graph.nq and before it had moved the
// link. It is called under the build lock only.
func removeLeftovers(dir string) {
	cur := 0
	if target, err := os.Readlink(filepath.Join(dir, linkName)); err == nil {
		cur, _ = parseGen(filepath.Base(target))
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		g, ok := parseGen(e.Name())
		if !ok || g == cur && strings.HasSuffix(e.Name(), sufStore) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		switch {
		case strings.HasSuffix(e.Name(), sufNQOld) && g > cur:
			// Killed before its link moved: graph.nq is not the
			// linked store's, and this is.
			if os.Rename(path, filepath.Join(dir, nqName)) == nil {
				continue
			}
		case strings.HasSuffix(e.Name(), sufNQOld) && g == cur:
			// Killed after its link moved: this is the graph before.
			if os.Rename(path, filepath.Join(dir, prevName)) == nil {
				continue
			}
		}
		os.RemoveAll(path)
	}
}
