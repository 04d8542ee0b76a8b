package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bin is a directory with graphbuild and graphbuild-render built for the
// tests that run them as programs: exit codes, closed or full output,
// another user, and pictures (GRAPHBUILD_DOT points at the renderer).
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "graphbuild-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Chmod(dir, 0o755) // other users run the programs too
	code := func() int {
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "bin")
		cmd := exec.Command("go", "build", "-o", bin+string(filepath.Separator), ".", "../graphbuild-render")
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
			return 1
		}
		os.Setenv("GRAPHBUILD_DOT", filepath.Join(bin, renderer))
		// The go command's build cache stays the user's: a test that runs
		// go build would otherwise compile everything afresh.
		if gocache, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil && os.Getenv("GOCACHE") == "" {
			os.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
		}
		os.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
		return m.Run()
	}()
	os.Exit(code)
}

// program runs the built graphbuild with args in dir and returns its
// exit status, standard output and standard error.
func program(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := programCmd(args...)
	cmd.Dir = dir
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatal(err)
		}
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// programCmd is the built graphbuild with args, to run.
func programCmd(args ...string) *exec.Cmd {
	return exec.Command(filepath.Join(bin, "graphbuild"), args...)
}
