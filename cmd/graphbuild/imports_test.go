package main

import (
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// allowedImports keeps the layering honest: data flows one way, from the
// rule file to queries, and only store touches Cayley. Standard library
// packages are always allowed; test files are not checked.
var allowedImports = map[string][]string{
	"schema":                {"gopkg.in/yaml.v3"},
	"extract":               {"github.com/graphbuild/graphbuild/schema"},
	"store":                 {"github.com/graphbuild/graphbuild/schema", "github.com/graphbuild/graphbuild/extract", "github.com/graphbuild/graphbuild/internal/runsort", "github.com/cayleygraph/", "github.com/boltdb/bolt", "github.com/hidal-go/hidalgo/", "github.com/lib/pq"},
	"internal/pgtest":       {"github.com/lib/pq"},
	"internal/runsort":      {},
	"internal/rulegen":      {},
	"export":                {"github.com/graphbuild/graphbuild/store", "github.com/fogleman/gg", "golang.org/x/image/"},
	"serve":                 {"github.com/graphbuild/graphbuild/store", "github.com/graphbuild/graphbuild/export"},
	"cmd/graphbuild":        {"github.com/graphbuild/graphbuild/", "golang.org/x/term"},
	"cmd/graphbuild-render": {"github.com/goccy/go-graphviz"},
	"bench/gencorpus":       {"gopkg.in/yaml.v3", "github.com/graphbuild/graphbuild/schema"},
	"bench/serveload":       {},
}

func TestImports(t *testing.T) {
	root, _ := filepath.Abs("../..")
	var dirs []string
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); name == "testdata" || name == "out" || strings.HasPrefix(name, ".") && path != root {
			return filepath.SkipDir
		}
		if pkg, err := build.ImportDir(path, 0); err == nil && len(pkg.GoFiles) > 0 {
			rel, _ := filepath.Rel(root, path)
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(dirs)
	for _, dir := range dirs {
		allowed, ok := allowedImports[dir]
		if !ok {
			t.Errorf("package %s is not in allowedImports: say what it may import", dir)
			continue
		}
		pkg, _ := build.ImportDir(filepath.Join(root, dir), 0)
		for _, imp := range pkg.Imports {
			if !strings.Contains(strings.Split(imp, "/")[0], ".") {
				continue // standard library
			}
			ok := false
			for _, a := range allowed {
				if imp == a || strings.HasSuffix(a, "/") && strings.HasPrefix(imp, a) || strings.HasPrefix(imp, a+"/") {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s imports %s, which it may not (allowed: %s)", dir, imp, strings.Join(allowed, ", "))
			}
		}
	}
}

// TestNoGraphvizInGraphbuild: graphbuild does not link go-graphviz, whose
// WebAssembly runtime starts in a package initialiser (and panics there
// when its cache cannot be written); graphbuild-render does, and runs
// only to draw a picture.
func TestNoGraphvizInGraphbuild(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/goccy/go-graphviz") || strings.HasPrefix(dep, "github.com/tetratelabs/wazero") {
			t.Errorf("graphbuild links %s; only graphbuild-render may", dep)
		}
	}
}
