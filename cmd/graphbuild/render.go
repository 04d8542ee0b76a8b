package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/graphbuild/graphbuild/export"
)

// renderer is the name of the program that lays out SVG and PNG pictures
// with go-graphviz (cmd/graphbuild-render); graphbuild itself does not
// link go-graphviz, whose runtime starts in a package initialiser.
const renderer = "graphbuild-render"

// findLayout returns the program that lays out pictures: $GRAPHBUILD_DOT
// if set, else graphbuild-render beside this program or on $PATH, else
// Graphviz's own dot. Its environment points TMPDIR, where go-graphviz
// keeps its compilation cache, at a directory of this user's own: the
// user's cache directory, or a fresh temporary one (which cleanup
// removes) when there is none. A shared /tmp/go-graphviz that belongs to
// another user is never used.
func findLayout() (l export.Layout, cleanup func(), err error) {
	cleanup = func() {}
	l.Path = os.Getenv("GRAPHBUILD_DOT")
	if l.Path == "" {
		if exe, err := os.Executable(); err == nil {
			if p := filepath.Join(filepath.Dir(exe), renderer); isProgram(p) {
				l.Path = p
			}
		}
	}
	if l.Path == "" {
		for _, name := range []string{renderer, "dot"} {
			if p, err := exec.LookPath(name); err == nil {
				l.Path = p
				break
			}
		}
	}
	if l.Path == "" {
		return l, cleanup, errors.New("drawing SVG or PNG needs " + renderer + " beside graphbuild or on $PATH " +
			"(go install github.com/graphbuild/graphbuild/cmd/...) or Graphviz's dot; " +
			"-o FILE.dot writes DOT text without either")
	}
	dir, err := cacheDir()
	if err != nil {
		if dir, err = os.MkdirTemp("", "graphbuild-render-"); err != nil {
			return l, cleanup, fmt.Errorf("no directory for the renderer's cache: %v", err)
		}
		cleanup = func() { os.RemoveAll(dir) }
	}
	l.Env = append(os.Environ(), "TMPDIR="+dir)
	return l, cleanup, nil
}

// cacheDir returns graphbuild's directory in the user's cache directory,
// made if need be, once it has checked that this user can write there.
func cacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(base, "graphbuild")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return "", err
	}
	f.Close()
	os.Remove(f.Name())
	return dir, nil
}

func isProgram(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}
