package export

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// layout is graphbuild-render, built for the tests.
var layout Layout

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "export-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		var err error
		if layout, err = BuildRenderer(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

// BuildRenderer builds cmd/graphbuild-render into dir and returns it as
// a Layout whose cache is in dir.
func BuildRenderer(dir string) (Layout, error) {
	exe := filepath.Join(dir, "graphbuild-render")
	cmd := exec.Command("go", "build", "-o", exe, "github.com/graphbuild/graphbuild/cmd/graphbuild-render")
	if out, err := cmd.CombinedOutput(); err != nil {
		return Layout{}, fmt.Errorf("go build graphbuild-render: %v\n%s", err, out)
	}
	return Layout{Path: exe, Env: append(os.Environ(), "TMPDIR="+dir)}, nil
}
