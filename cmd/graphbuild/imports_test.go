package main

import (
	"go/build"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// allowedImports keeps the layering honest: data flows one way, from the
// rule file to queries, and only store touches Cayley. Standard library
// packages are always allowed; test files are not checked.
var allowedImports = map[string][]string{
	"schema":          {"gopkg.in/yaml.v3"},
	"extract":         {"github.com/graphbuild/graphbuild/schema"},
	"store":           {"github.com/graphbuild/graphbuild/schema", "github.com/graphbuild/graphbuild/extract", "github.com/cayleygraph/", "github.com/boltdb/bolt", "github.com/hidal-go/hidalgo/"},
	"export":          {"github.com/graphbuild/graphbuild/store", "github.com/goccy/go-graphviz", "github.com/fogleman/gg", "golang.org/x/image/"},
	"serve":           {"github.com/graphbuild/graphbuild/store", "github.com/graphbuild/graphbuild/export"},
	"cmd/graphbuild":  {"github.com/graphbuild/graphbuild/"},
	"bench/serveload": {},
	"bench/gencorpus": {"gopkg.in/yaml.v3", "github.com/graphbuild/graphbuild/schema"},
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
